"""The household rebalancer on small households solved by hand (numbers worked in the comments).

Tax figures: 2026, single, $100,000 ordinary income, standard deduction $16,100 -> ordinary taxable
income $83,900: the next dollar of short-term gain is taxed 22%, of long-term gain 15% (IRC §1(h);
the 15% LT bracket runs to $545,500, the 22% ordinary bracket to $105,700).
"""

import re
from datetime import date

import pytest
from loss_households import loss_household, loss_securities, loss_settings

from taxrebal.engine.plan import PlanStatus, Reason, plan_as_proposed_trades
from taxrebal.engine.pretrade import check_trades
from taxrebal.engine.rebalance import location_penalty, plan_rebalance
from taxrebal.engine.records import (
    Account,
    Action,
    Household,
    Lot,
    LotMethod,
    ProposedTrade,
    RebalanceTo,
    Security,
    Settings,
    Target,
    TaxTreatment,
    Transaction,
)

AS_OF = date(2026, 6, 1)
LONG_AGO = date(2015, 1, 5)
RECENT = date(2026, 3, 2)  # short-term on AS_OF (long-term from 2027-03-03)


def settings(**kw):
    base = dict(as_of=AS_OF, ordinary_income=100_000.0, min_trade=0.0)
    base.update(kw)
    return Settings(**base)


def sixty_forty(accounts, lots, securities=None, **kw):
    return Household(
        accounts=tuple(accounts),
        securities=tuple(securities or (Security("VTI", "US Stocks", 100.0), Security("BND", "Bonds", 50.0))),
        lots=tuple(lots),
        targets=(Target("US Stocks", 0.60), Target("Bonds", 0.40)),
        settings=settings(**kw),
    )


def by(plan, account=None, symbol=None, action=None):
    return [t for t in plan.trades if (account is None or t.account == account)
            and (symbol is None or t.symbol == symbol) and (action is None or t.action is action)]


def assert_passes_pretrade_check(household, plan):
    trades = plan_as_proposed_trades(plan, AS_OF)
    warnings = check_trades(household, trades, AS_OF)
    assert not warnings, [w.message for w in warnings]


def test_ira_big_enough_fixes_seventy_thirty_with_zero_tax():
    # $100,000: Taxable 300 VTI ($30,000, basis $10,000); IRA 400 VTI ($40,000) + 600 BND ($30,000).
    # Stocks 70% vs 60%: sell $10,000 VTI in the IRA, buy $10,000 BND there. Tax 0, drift 0.
    h = sixty_forty(
        [Account("Taxable", "Taxable"), Account("IRA", "Traditional IRA")],
        [Lot("T1", "Taxable", "VTI", LONG_AGO, 300, 10_000.0),
         Lot("I1", "IRA", "VTI", None, 400, None), Lot("I2", "IRA", "BND", None, 600, None)])
    plan = plan_rebalance(h, as_of=AS_OF)
    assert plan.tax.total == pytest.approx(0.0, abs=0.01)
    assert {t.account for t in plan.trades} == {"IRA"}
    (sell,) = by(plan, action=Action.SELL)
    (buy,) = by(plan, action=Action.BUY)
    assert (sell.symbol, sell.quantity) == ("VTI", pytest.approx(100))
    assert (buy.symbol, buy.quantity) == ("BND", pytest.approx(200))
    assert sell.step < buy.step and sell.reason is Reason.TAX_ADVANTAGED
    assert plan.max_drift_before == pytest.approx(0.10)
    assert plan.max_drift_after == pytest.approx(0.0, abs=1e-6)
    assert plan.status is PlanStatus.WITHIN_BANDS
    assert_passes_pretrade_check(h, plan)


def test_contribution_alone_fixes_a_small_drift_without_selling():
    # Stocks $66,000, bonds $34,000, +$10,000 contribution: total $110,000; bonds' target 40% =
    # $44,000 -> buy $10,000 BND with the new money, sell nothing. (Before: stocks 60%, bonds 30.9%:
    # bonds 9.1 points under, outside the 5-point band.)
    h = sixty_forty(
        [Account("Taxable", "Taxable", contribution=10_000.0)],
        [Lot("T1", "Taxable", "VTI", LONG_AGO, 660, 20_000.0), Lot("T2", "Taxable", "BND", LONG_AGO, 680, 30_000.0)])
    plan = plan_rebalance(h, as_of=AS_OF)
    assert not by(plan, action=Action.SELL)
    (buy,) = by(plan, action=Action.BUY)
    assert buy.symbol == "BND" and buy.amount == pytest.approx(10_000) and buy.reason is Reason.CONTRIBUTION
    assert plan.tax.total == pytest.approx(0.0, abs=0.01)
    assert dict(plan.cash_left)["Taxable"] == pytest.approx(0.0, abs=0.01)


def taxable_only(**kw):
    # VTI at $100: A (LT, unit cost $20, gain $80/sh), B (LT, unit $90, gain $10/sh), C (ST, unit $60,
    # gain $40/sh), 100 shares each = $30,000; BND $10,000. Total $40,000; stocks 75% vs 60%:
    # band edge 65% -> sell at least $4,000; target 60% -> $6,000.
    return sixty_forty(
        [Account("Taxable", "Taxable")],
        [Lot("A", "Taxable", "VTI", LONG_AGO, 100, 2_000.0),
         Lot("B", "Taxable", "VTI", date(2020, 5, 1), 100, 9_000.0),
         Lot("C", "Taxable", "VTI", RECENT, 100, 6_000.0),
         Lot("D", "Taxable", "BND", LONG_AGO, 200, 10_000.0)], **kw)


def test_taxable_only_sells_the_highest_basis_long_term_lot():
    # Band edge: 40 shares of B, LT gain 40 x $10 = $400, tax 15% = $60.
    # (A would realize $3,200 -> $480; C is a short-term gain and not allowed.)
    h = taxable_only(rebalance_to=RebalanceTo.BAND_EDGE)
    plan = plan_rebalance(h, as_of=AS_OF)
    assert [(ls.lot_id, round(ls.quantity, 6)) for ls in plan.lot_sales] == [("B", 40.0)]
    assert plan.realized_lt == pytest.approx(400.0)
    assert plan.realized_st == pytest.approx(0.0)
    assert plan.tax.total == pytest.approx(60.0, abs=0.01)
    assert plan.max_drift_after == pytest.approx(0.05, abs=1e-6)


def test_taxable_only_to_target_never_takes_a_short_term_gain():
    # To target: 60 shares; B first (60 x $10 = $600 LT gain, $90 tax). C never, even though it
    # would be cheaper per share than A.
    h = taxable_only(rebalance_to=RebalanceTo.TARGET)
    plan = plan_rebalance(h, as_of=AS_OF)
    assert {ls.lot_id for ls in plan.lot_sales} == {"B"}
    assert all(ls.long_term for ls in plan.lot_sales)
    # Stage C trades to target only while the tax stays at the band-edge minimum ($60 + tolerance):
    assert plan.tax.total <= 60.0 + 0.51


def short_term_choice_household():
    """Taxable only, VTI at $100: lots A (100 sh, long-term, $20 a share), B (100 sh, long-term, $90),
    C (100 sh, short-term, $60), and 200 BND ($50); targets 35/65 with no band, short-term gains
    allowed."""
    return Household(
        accounts=(Account("Taxable", "Taxable"),),
        securities=(Security("VTI", "US Stocks", 100.0), Security("BND", "Bonds", 50.0)),
        lots=(Lot("A", "Taxable", "VTI", LONG_AGO, 100, 2_000.0),
              Lot("B", "Taxable", "VTI", date(2020, 5, 1), 100, 9_000.0),
              Lot("C", "Taxable", "VTI", RECENT, 100, 6_000.0),
              Lot("D", "Taxable", "BND", LONG_AGO, 200, 10_000.0)),
        targets=(Target("US Stocks", 0.35, band=0.0), Target("Bonds", 0.65, band=0.0)),
        settings=settings(allow_short_term_gains=True))


def test_short_term_gain_is_used_when_allowed_and_cheaper():
    # 160 shares must go (band edge needs > 100 when B is gone): after B's 100 shares ($1,000 LT gain)
    # the next 60 cost C: 60 x 40 x 22% = $528 or A: 60 x 80 x 15% = $720. Make the band tight.
    h = short_term_choice_household()
    # Stocks must fall from $30,000 to 35% x $40,000 = $14,000: sell 160 shares.
    plan = plan_rebalance(h, as_of=AS_OF)
    sold = {ls.lot_id: ls.quantity for ls in plan.lot_sales}
    assert sold == {"B": pytest.approx(100), "C": pytest.approx(60)}
    # $1,000 LT at 15% = $150; $2,400 ST at 22% = $528.
    assert plan.tax.total == pytest.approx(678.0, abs=0.01)


def test_loss_is_harvested_and_the_replacement_bought_never_the_identical_fund():
    # Taxable: VTI lot L bought at $130/sh, now $100: a $3,000 LT loss on 100 shares. ITOT is in the
    # same identical group as VTI (substantially identical); SCHB is the listed replacement.
    # The household is within its bands, so harvesting is the only reason to trade: sell VTI,
    # buy $10,000 of SCHB in the same account, never VTI or ITOT anywhere (IRA included).
    secs = (Security("VTI", "US Stocks", 100.0, identical_group="TSM", replacements=("SCHB",)),
            Security("ITOT", "US Stocks", 100.0, identical_group="TSM"),
            Security("SCHB", "US Stocks", 50.0),
            Security("BND", "Bonds", 50.0))
    h = loss_household(securities=secs)
    plan = plan_rebalance(h, as_of=AS_OF)
    (sell,) = by(plan, "Taxable", action=Action.SELL)
    assert sell.symbol == "VTI" and sell.reason is Reason.HARVEST and sell.realized_lt == pytest.approx(-3_000)
    repl = by(plan, "Taxable", action=Action.BUY)
    assert [t.symbol for t in repl] == ["SCHB"] and repl[0].reason is Reason.REPLACEMENT
    assert repl[0].amount == pytest.approx(10_000)
    assert not [t for t in plan.trades if t.action is Action.BUY and t.symbol in ("VTI", "ITOT")]
    # A $3,000 net capital loss offsets $3,000 of ordinary income taxed at 22%: $660 saved.
    assert plan.tax.total == pytest.approx(-660.0, abs=0.01)
    assert_passes_pretrade_check(h, plan)


def test_recent_loss_sale_blocks_buying_it_back_in_any_account():
    # BND sold at a loss in Taxable 10 days ago: the IRA must buy AGG (not identical) instead.
    secs = (Security("VTI", "US Stocks", 100.0), Security("BND", "Bonds", 50.0),
            Security("AGG", "Bonds", 100.0))
    h = Household(
        accounts=(Account("Taxable", "Taxable"), Account("IRA", "Traditional IRA")),
        securities=secs,
        lots=(Lot("I1", "IRA", "VTI", None, 700, None), Lot("I2", "IRA", "BND", None, 600, None)),
        transactions=(Transaction(date(2026, 5, 22), "Taxable", "BND", Action.SELL, 100, 50.0,
                                  lot_id="X", acquired=LONG_AGO, basis=6_000.0),),
        targets=(Target("US Stocks", 0.60), Target("Bonds", 0.40)), settings=settings())
    plan = plan_rebalance(h, as_of=AS_OF)
    buys = by(plan, action=Action.BUY)
    assert [t.symbol for t in buys] == ["AGG"]
    assert any("BND was sold at a loss on 2026-05-22" in n for n in plan.notes)
    assert_passes_pretrade_check(h, plan)


def test_tax_budget_binds_and_the_remaining_drift_and_its_cost_are_reported():
    # Taxable only, stocks 75%; reaching the 65% band edge needs $4,000 of sales: 40 shares of B
    # ($400 LT gain, $60 tax). With a $30 budget only 20 shares can go: stocks $28,000 of $40,000 =
    # 70%, 5 points past the band edge... then the plan stops and says reaching the band costs $60.
    h = taxable_only(tax_budget=30.0, rebalance_to=RebalanceTo.BAND_EDGE)
    plan = plan_rebalance(h, as_of=AS_OF)
    assert plan.status is PlanStatus.BUDGET_BINDS
    assert plan.tax.total <= 30.0 + 0.005
    assert plan.tax.total == pytest.approx(30.0, abs=0.05)
    assert plan.cost_to_remove_drift == pytest.approx(60.0, abs=0.05)
    assert plan.max_drift_after == pytest.approx(0.10, abs=1e-4)  # $28,000 / $40,000 = 70%
    assert any("tax budget" in n.lower() for n in plan.notes)


def test_menu_restricts_what_the_401k_buys():
    # The 401(k) may buy only VTI and FXNAX (bonds); BND is not on its menu.
    secs = (Security("VTI", "US Stocks", 100.0), Security("BND", "Bonds", 50.0),
            Security("FXNAX", "Bonds", 10.0))
    h = Household(
        accounts=(Account("401k", "401(k)"),),
        securities=secs,
        lots=(Lot("K1", "401k", "VTI", None, 700, None), Lot("K2", "401k", "BND", None, 600, None)),
        targets=(Target("US Stocks", 0.60), Target("Bonds", 0.40)), settings=settings(),
        menus={"401k": frozenset({"VTI", "FXNAX"})})
    plan = plan_rebalance(h, as_of=AS_OF)
    assert {t.symbol for t in by(plan, action=Action.BUY)} == {"FXNAX"}
    assert by(plan, action=Action.BUY)[0].amount == pytest.approx(10_000)


def test_whole_shares_only():
    # IRA: VTI $333.33/sh; $100,000 at 70/30. Target needs $10,000 of VTI sold: 30 shares is
    # $9,999.90 (whole shares), and the BND buy (price $70) can only be whole shares too.
    secs = (Security("VTI", "US Stocks", 333.33), Security("BND", "Bonds", 70.0))
    h = Household(
        accounts=(Account("IRA", "Traditional IRA"),),
        securities=secs,
        lots=(Lot("I1", "IRA", "VTI", None, 210.0, None), Lot("I2", "IRA", "BND", None, 428.0, None)),
        targets=(Target("US Stocks", 0.60), Target("Bonds", 0.40)), settings=settings(whole_shares=True))
    plan = plan_rebalance(h, as_of=AS_OF)
    for t in plan.trades:
        assert t.quantity == pytest.approx(round(t.quantity), abs=1e-9)
    assert dict(plan.cash_left)["IRA"] >= -1e-9
    assert plan.max_drift_after <= 0.001


def test_min_trade_drops_pointless_small_orders():
    # A $30 of drift-correcting cash cannot be spent in an order of at least $50.
    h = sixty_forty(
        [Account("IRA", "Traditional IRA", cash=30.0)],
        [Lot("I1", "IRA", "VTI", None, 700, None), Lot("I2", "IRA", "BND", None, 600, None)],
        min_trade=50.0)
    plan = plan_rebalance(h, as_of=AS_OF)
    assert all(t.amount >= 50.0 - 1e-6 for t in plan.trades)


def test_nothing_to_buy_bonds_with_is_infeasible_with_a_fix():
    secs = (Security("VTI", "US Stocks", 100.0), Security("BND", "Bonds", 50.0))
    h = Household(
        accounts=(Account("401k", "401(k)"),),
        securities=secs,
        lots=(Lot("K1", "401k", "VTI", None, 700, None), Lot("K2", "401k", "BND", None, 600, None)),
        targets=(Target("US Stocks", 0.60), Target("Bonds", 0.40)), settings=settings(),
        menus={"401k": frozenset({"VTI"})})
    plan = plan_rebalance(h, as_of=AS_OF)  # the closest plan, and what to relax
    assert plan.status is PlanStatus.BEST_EFFORT
    assert any("no account can buy Bonds: add a Bonds fund" in n for n in plan.notes)
    assert any(n.startswith("Left outside the bands after this plan: ") and "Bonds" in n for n in plan.notes)


def test_short_term_only_overweight_is_infeasible_and_says_when_it_turns_long():
    h = sixty_forty([Account("Taxable", "Taxable")],
                    [Lot("C", "Taxable", "VTI", RECENT, 300, 15_000.0),
                     Lot("D", "Taxable", "BND", LONG_AGO, 200, 10_000.0)])
    plan = plan_rebalance(h, as_of=AS_OF)
    assert plan.status is PlanStatus.BEST_EFFORT
    assert any(re.search("Allow Short-Term Gains.*2027-03-03", n) for n in plan.notes)


def test_location_rule():
    assert location_penalty("US Bonds", TaxTreatment.TAX_DEFERRED) == 0
    assert location_penalty("US Bonds", TaxTreatment.TAXABLE) == 2
    assert location_penalty("Emerging Markets", TaxTreatment.TAX_FREE) == 0
    assert location_penalty("US Stocks", TaxTreatment.TAXABLE) == 0
    assert location_penalty("Municipal Bonds", TaxTreatment.TAXABLE) == 0
    assert location_penalty("US Stocks", TaxTreatment.TAXABLE, TaxTreatment.TAX_FREE) == 1


def test_new_money_buys_bonds_in_the_ira_and_stocks_in_the_taxable_account():
    # Taxable VTI $30,000; IRA VTI $25,000 + BND $34,000; $5,000 of new money in each account.
    # Total $99,000: stocks should be $59,400 (+$4,400), bonds $39,600 (+$5,600; now 34.3%, outside).
    # Location: bonds in the tax-deferred IRA, stocks in the taxable account. The IRA's $5,000 all go
    # to BND; Taxable buys $4,400 VTI and the last $600 of bonds (the only place left).
    h = sixty_forty(
        [Account("Taxable", "Taxable", contribution=5_000.0), Account("IRA", "Traditional IRA", contribution=5_000.0)],
        [Lot("T1", "Taxable", "VTI", LONG_AGO, 300, 10_000.0), Lot("I1", "IRA", "VTI", None, 250, None),
         Lot("I2", "IRA", "BND", None, 680, None)])
    plan = plan_rebalance(h, as_of=AS_OF)
    assert not by(plan, action=Action.SELL)
    amounts = {(t.account, t.symbol): round(t.amount, 2) for t in plan.trades}
    assert amounts == {("IRA", "BND"): 5_000.0, ("Taxable", "VTI"): 4_400.0, ("Taxable", "BND"): 600.0}
    assert plan.max_drift_after == pytest.approx(0.0, abs=1e-6)


@pytest.mark.parametrize("method, lot, gain", [
    # FIFO: the earliest lot A goes first: 40 x $80 = $3,200 LT gain, $480 tax.
    (LotMethod.FIFO, "A", 3_200.0),
    # HIFO: the highest cost lot first, B ($90): 40 x $10 = $400. (C is short-term and not allowed, but
    # it is HIFO's second lot only after B is gone.)
    (LotMethod.HIFO, "B", 400.0),
])
def test_standing_lot_method_fixes_the_order(method, lot, gain):
    h = taxable_only(rebalance_to=RebalanceTo.BAND_EDGE, lot_method=method)
    plan = plan_rebalance(h, as_of=AS_OF)
    assert [(ls.lot_id, round(ls.quantity, 6)) for ls in plan.lot_sales] == [(lot, 40.0)]
    assert plan.realized_lt == pytest.approx(gain)
    assert plan.tax.total == pytest.approx(0.15 * gain, abs=0.01)


def test_lifo_chain_stops_at_a_short_term_gain_lot():
    # LIFO sells the newest lot first: X (2026-01-10) holds a short-term gain, which is not allowed,
    # and the standing order cannot skip to Y (2015, long-term): nothing of VTI can be sold, so the
    # plan is infeasible and says how to fix it. (MinTax would simply sell Y.)
    lots = [Lot("X", "Taxable", "VTI", date(2026, 1, 10), 100, 6_000.0),
            Lot("Y", "Taxable", "VTI", LONG_AGO, 200, 4_000.0),
            Lot("D", "Taxable", "BND", LONG_AGO, 200, 10_000.0)]
    h = sixty_forty([Account("Taxable", "Taxable")], lots, lot_method=LotMethod.LIFO)
    closest = plan_rebalance(h, as_of=AS_OF)
    assert closest.status is PlanStatus.BEST_EFFORT and any("Short-Term" in n for n in closest.notes)
    plan = plan_rebalance(sixty_forty([Account("Taxable", "Taxable")], lots), as_of=AS_OF)
    assert {ls.lot_id for ls in plan.lot_sales} == {"Y"}


def test_generated_households_pass_the_pretrade_check():
    import pathlib
    import sys

    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "bench"))
    from households import AS_OF as BENCH_AS_OF
    from households import generate

    from taxrebal.engine.wash import adjust_lots

    for seed in (1, 4):
        wash = adjust_lots(generate(seed))
        plan = plan_rebalance(wash.household, as_of=BENCH_AS_OF)
        trades = [ProposedTrade(BENCH_AS_OF, t.account, t.symbol, t.action, t.quantity, t.price)
                  for t in plan.trades]
        # a wash the plan chose and priced (wash_exposure.py: charged, not forbidden) is the only
        # conflict allowed, and the plan's own step says it with the same dollars
        for w in check_trades(wash.household, trades, BENCH_AS_OF, wash=wash):
            step = next(t for t in plan.trades if (t.account, t.symbol, t.action) ==
                        (w.trade.account, w.trade.symbol, w.trade.action))
            assert f"${w.amount_at_stake:,.2f} of this loss is disallowed" in step.note, (w.message, step.note)
        assert plan.status is PlanStatus.WITHIN_BANDS


def test_taxable_lot_without_basis_is_a_clear_input_error_not_a_traceback():
    from taxrebal.engine.records import SourceRef
    from taxrebal.errors import InputError

    h = sixty_forty([Account("Taxable", "Taxable")],
                    [Lot("T1", "Taxable", "VTI", LONG_AGO, 300, None, source=SourceRef("Lots", 7)),
                     Lot("T2", "Taxable", "BND", LONG_AGO, 100, 5_000.0)])
    with pytest.raises(InputError, match="row 7.*Cost Basis") as err:
        plan_rebalance(h, as_of=AS_OF)
    assert err.value.issues[0].location == "Lots!A7"


def test_cash_with_its_own_target_keeps_its_share():
    # Targets 50 stocks / 40 bonds / 10 cash. IRA: $30,000 cash, VTI $50,000, BND $20,000.
    # Cash 30% (20 over), bonds 20% (20 under): buy $20,000 BND, keep $10,000 (10%) in cash.
    h = Household(
        accounts=(Account("IRA", "Traditional IRA", cash=30_000.0),),
        securities=(Security("VTI", "US Stocks", 100.0), Security("BND", "Bonds", 50.0)),
        lots=(Lot("I1", "IRA", "VTI", None, 500, None), Lot("I2", "IRA", "BND", None, 400, None)),
        targets=(Target("US Stocks", 0.50), Target("Bonds", 0.40), Target("Cash", 0.10)),
        settings=settings())
    plan = plan_rebalance(h, as_of=AS_OF)
    assert [(t.symbol, t.action, round(t.amount, 2)) for t in plan.trades] == [("BND", Action.BUY, 20_000.0)]
    assert dict(plan.cash_left)["IRA"] == pytest.approx(10_000.0)
    assert plan.after["Cash"] == pytest.approx(10_000.0)
    assert plan.max_drift_after == pytest.approx(0.0, abs=1e-6)


def test_a_short_term_sale_says_when_waiting_pays():
    # The allowed short-term sale of lot C (60 shares, $2,400 gain, test above): long-term from
    # 2027-03-03 (acquired 2026-03-02), when it would cost 15% instead of 22%: $168 less.
    h = short_term_choice_household()
    plan = plan_rebalance(h, as_of=AS_OF)
    (sell,) = by(plan, action=Action.SELL)
    assert "Lot C is short-term: selling it on or after 2027-03-03 (long-term) would save $168.00" in sell.note


def test_a_recent_ira_purchase_is_sold_first_so_the_whole_loss_is_harvested():
    # The harvest household above, but 10 VTI were bought in the IRA 10 days ago (2026-05-22). A wash
    # sale disallows a loss, it forbids no trade (IRC §1091(a)): selling lot L (100 shares, $30 loss
    # each) alone would wash 10 shares, $300 lost for good (Rev. Rul. 2008-5). Selling those 10 IRA
    # shares first (no tax in an IRA) leaves nothing to wash: all $3,000 is harvested.
    h = loss_household(transactions=(Transaction(date(2026, 5, 22), "IRA", "VTI", Action.BUY, 10, 100.0),))
    plan = plan_rebalance(h, as_of=AS_OF)
    (ira_sell,) = by(plan, "IRA", action=Action.SELL)
    (sell,) = by(plan, "Taxable", action=Action.SELL)
    assert ira_sell.quantity == pytest.approx(10) and ira_sell.step < sell.step
    assert "most recently bought shares" in ira_sell.note
    assert sell.quantity == pytest.approx(100) and sell.realized_lt == pytest.approx(-3_000.0)
    assert plan.realized_lt == pytest.approx(-3_000.0)
    assert not [s for s in plan.lot_sales if s.wash_status.startswith("Wash sale")]
    # the pre-trade check, on the plan's own lots and order, finds nothing to wash
    assert_passes_pretrade_check(h, plan)


def test_a_recent_purchase_that_cannot_be_sold_first_is_sold_after_the_loss_and_realizes_it_again():
    # The same, but the 10 VTI were bought in the Taxable account (lot N, $95 a share: a short-term
    # gain, not sold first while Allow Short-Term Gains is off). Only the matched shares wash (Treas.
    # Reg. §1.1091-1(c)): 10 of L's shares, $300 added to lot N's basis with L's holding period
    # (IRC §1091(d), §1223(3)). Selling N in a later step realizes it again: 10 x (100 - 95 - 30) =
    # -$250 long-term, so -$2,950 this year in all (kept, N would defer $300: -$2,700).
    # As Of 2026-12-21, N bought 2026-12-11: L sold once N no longer washes it (2027-01-11) would be on
    # next year's return, so the plan cannot hold L for later (hold_for_later.py; in June it dates L to
    # the day N is 31 days old and keeps N: the whole -$3,000, tests/test_hold_for_later.py's case 2).
    december = date(2026, 12, 21)
    h = loss_household(recent_lots=(Lot("N", "Taxable", "VTI", date(2026, 12, 11), 10, 950.0),),
                       settings=loss_settings(as_of=december))
    plan = plan_rebalance(h, as_of=december)
    loss_sale, chained = by(plan, "Taxable", action=Action.SELL)
    assert loss_sale.quantity == pytest.approx(100) and loss_sale.realized_lt == pytest.approx(-2_700.0)
    assert chained.quantity == pytest.approx(10) and chained.step > loss_sale.step
    assert chained.realized_st == 0 and chained.realized_lt == pytest.approx(-250.0)
    assert plan.realized_st == 0 and plan.realized_lt == pytest.approx(-2_950.0)
    first, second = plan.lot_sales
    assert first.lot_id == "L" and "$300.00 of this loss is disallowed" in first.wash_status
    assert second.lot_id == "N" and second.basis == pytest.approx(1_250.0) and second.long_term
    assert "Basis includes $300.00 of the loss washed" in second.wash_status


def test_dividend_reinvestment_is_advice_not_a_constraint():
    # DRIP on VTI: the loss lot is still harvested; the plan says to turn reinvestment off first.
    h = loss_household(securities=loss_securities(drip=True))
    plan = plan_rebalance(h, as_of=AS_OF)
    (sell,) = by(plan, "Taxable", action=Action.SELL)
    assert sell.realized_lt == pytest.approx(-3_000.0)
    assert any("Turn off dividend reinvestment for VTI in every account before selling" in n for n in plan.notes)


def test_targets_that_do_not_add_up_are_an_input_error():
    from taxrebal.errors import InputError

    h = Household(accounts=(Account("IRA", "Traditional IRA"),),
                  securities=(Security("VTI", "US Stocks", 100.0),),
                  lots=(Lot("I1", "IRA", "VTI", None, 10, None),),
                  targets=(Target("US Stocks", 0.60), Target("Bonds", 0.30)), settings=settings())
    with pytest.raises(InputError, match="add up to 90.00%: make them add up to 100%"):
        plan_rebalance(h, as_of=AS_OF)


def test_selling_the_recent_taxable_purchase_too_keeps_the_whole_loss():
    # Lot OLD: 100 VTI, $30 loss each; lot NEW: 50 VTI bought 10 days ago at $101 ($1 loss each).
    # Selling both realizes $3,050 of loss in all: the wash engine washes 50 of OLD's shares into
    # NEW's basis (IRC §1091(d)) and NEW's same-day sale realizes it again (with OLD's holding
    # period, IRC §1223(3)), so nothing is lost, unlike keeping NEW (50 shares' loss deferred).
    h = loss_household(loss_lot_id="OLD", recent_lots=(Lot("NEW", "Taxable", "VTI", date(2026, 5, 22), 50, 5_050.0),))
    plan = plan_rebalance(h, as_of=AS_OF)
    sold = {s.lot_id: s.quantity for s in plan.lot_sales}
    assert sold == {"OLD": pytest.approx(100), "NEW": pytest.approx(50)}
    assert plan.realized_st + plan.realized_lt == pytest.approx(-3_050.0)


def test_a_class_with_no_security_gets_the_closest_plan_and_says_to_add_a_fund():
    # Targets name Gold (10%) but no Gold security exists: the bands cannot all be reached; the plan
    # still rebalances stocks and bonds and says what to add.
    h = Household(
        accounts=(Account("IRA", "Traditional IRA"),),
        securities=(Security("VTI", "US Stocks", 100.0), Security("BND", "Bonds", 50.0)),
        lots=(Lot("I1", "IRA", "VTI", None, 700, None), Lot("I2", "IRA", "BND", None, 600, None)),
        targets=(Target("US Stocks", 0.50), Target("Bonds", 0.40), Target("Gold", 0.10)), settings=settings())
    plan = plan_rebalance(h, as_of=AS_OF)
    assert plan.status is PlanStatus.BEST_EFFORT
    assert any("Gold is under its band and no security of that class is listed" in n for n in plan.notes)
    assert any(n.startswith("Left outside the bands after this plan: ") and "Gold -10.00 points" in n
               for n in plan.notes)


def test_the_wash_note_gives_the_wash_engines_figure_lot_sales_shows():
    # One set of numbers: two VTI loss lots sold (A: $50 a share of loss, bought 2015; B: $10, bought
    # 2018) and 10 VTI bought 10 days ago that cannot be sold first (a short-term gain). The plan
    # note's disallowed loss is the sum of Lot Sales' Disallowed (the wash engine matches the lots
    # sold in acquisition order, Treas. Reg. §1.1091-1(c)), not the model's own pick of the washed
    # shares.
    import re

    secs = (Security("VTI", "US Stocks", 100.0, replacements=("SCHB",)), Security("SCHB", "US Stocks", 50.0),
            Security("BND", "Bonds", 50.0))
    h = Household(
        accounts=(Account("Taxable", "Taxable"), Account("IRA", "Traditional IRA", cash=1_000.0)),
        securities=secs,
        lots=(Lot("A", "Taxable", "VTI", LONG_AGO, 100, 15_000.0),
              Lot("B", "Taxable", "VTI", date(2018, 3, 1), 100, 11_000.0),
              Lot("N", "Taxable", "VTI", date(2026, 5, 22), 10, 950.0),
              Lot("I1", "IRA", "VTI", None, 500, None), Lot("I2", "IRA", "BND", None, 400, None)),
        targets=(Target("US Stocks", 0.60), Target("Bonds", 0.40)), settings=settings())
    plan = plan_rebalance(h, as_of=AS_OF)
    shown = sum(s.disallowed for s in plan.lot_sales if s.symbol == "VTI")
    assert shown > 0, plan.lot_sales
    (note,) = [n for n in plan.notes if n.startswith("Selling VTI at a loss today")]
    said = float(re.search(r"\$([\d,]+\.\d\d) of loss is disallowed", note).group(1).replace(",", ""))
    assert said == pytest.approx(shown, abs=0.01), note
