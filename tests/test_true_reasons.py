"""Every reason and note is true for its row: one test per kind, each failing if the text lied."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from taxrebal.engine.ledger import ledger_settings
from taxrebal.engine.plan import Plan, PlanStatus, Reason, Trade
from taxrebal.engine.pretrade import check_trades
from taxrebal.engine.reasons import explain_buys
from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import (
    Account,
    Action,
    Household,
    Lot,
    ProposedTrade,
    Security,
    Settings,
    Target,
    Transaction,
)
from taxrebal.engine.wash import adjust_lots
from taxrebal.workbook.results.trades import contributions_table
from taxrebal.workbook.template import sample_household

AS_OF = date(2026, 11, 20)


def household(cash=100.0, contribution=0.0, kind="Traditional IRA", targets=(0.5, 0.5), group=""):
    return Household(
        accounts=(Account("Acct", kind, cash=cash, contribution=contribution),),
        securities=(Security("STK", "Stocks", 100.0, identical_group=group), Security("BND", "Bonds", 50.0)),
        lots=(), targets=(Target("Stocks", targets[0]), Target("Bonds", targets[1])),
        settings=Settings(as_of=AS_OF))


def plan_of(trades, before, after):
    return Plan(trades=tuple(trades), lot_sales=(), realized_st=0.0, realized_lt=0.0, tax=0.0, before=before,
                after=after, max_drift_before=0.0, max_drift_after=0.0, cash_left=(), notes=(),
                status=PlanStatus.WITHIN_BANDS)


def test_a_buy_paid_by_the_same_days_sale_does_not_claim_to_invest_cash_already_there():
    h = household(cash=100.0)
    trades = [Trade(1, "Acct", "STK", Action.SELL, 10, 100.0, 1_000.0, reason=Reason.TAX_ADVANTAGED,
                    asset_class="Stocks"),
              Trade(2, "Acct", "BND", Action.BUY, 22, 50.0, 1_100.0, reason=Reason.CASH, asset_class="Bonds")]
    out = explain_buys(plan_of(trades, {"Stocks": 7_000.0, "Bonds": 3_000.0}, {"Stocks": 6_000.0, "Bonds": 4_100.0}), h)
    buy = out.trades[1]
    assert buy.reason is Reason.TAX_ADVANTAGED  # $1,000 of the $1,100 comes from the sale
    assert "Invests cash already in the account" not in buy.note
    assert "$100.00 of cash already in the account and $1,000.00 from this account's sales (step 1)" in buy.note


def test_underweight_is_said_only_of_a_class_under_its_target():
    h = household(cash=2_000.0, targets=(0.5, 0.5))
    # Bonds 55% of the household against a 50% target: over, not under.
    trades = [Trade(1, "Acct", "BND", Action.BUY, 40, 50.0, 2_000.0, reason=Reason.CASH, asset_class="Bonds")]
    out = explain_buys(plan_of(trades, {"Stocks": 4_500.0, "Bonds": 5_500.0},
                               {"Stocks": 4_500.0, "Bonds": 7_500.0}), h)
    note = out.trades[0].note
    assert "underweight" not in note.lower()
    assert "5.00 points over target before the plan" in note
    under = explain_buys(plan_of(trades, {"Stocks": 6_000.0, "Bonds": 4_000.0},
                                 {"Stocks": 6_000.0, "Bonds": 6_000.0}), h).trades[0].note
    assert "Bonds is underweight (10.00 points under target before the plan)" in under


def test_not_substantially_identical_is_the_users_reading_not_a_fact():
    h = replace(household(kind="Taxable"), securities=(
        Security("OLD", "Stocks", 10.0), Security("NEW", "Stocks", 10.0), Security("BND", "Bonds", 50.0)))
    trades = [Trade(1, "Acct", "OLD", Action.SELL, 100, 10.0, 1_000.0, realized_lt=-200.0, reason=Reason.HARVEST,
                    asset_class="Stocks"),
              Trade(2, "Acct", "NEW", Action.BUY, 100, 10.0, 1_000.0, reason=Reason.REPLACEMENT, asset_class="Stocks")]
    note = explain_buys(plan_of(trades, {"Stocks": 1_000.0}, {"Stocks": 1_000.0}), h).trades[1].note
    assert "NEW is not substantially identical" not in note
    assert "OLD has no Identical Group on Securities" in note and "your reading" in note


def test_the_sample_plan_never_tells_to_turn_off_drip_for_a_fund_without_drip():
    h = sample_household()
    wash = adjust_lots(h)
    adjusted = replace(wash.household, settings=ledger_settings(wash.household.settings, wash, h.as_of))
    plan = plan_rebalance(adjusted, as_of=h.as_of)
    drip = {s.symbol for s in h.securities if s.drip}
    for t in plan.trades:
        if "dividend reinvestment" in t.note.lower() or "drip" in t.note.lower():
            assert t.symbol in drip, f"step {t.step} ({t.symbol}, DRIP N): {t.note}"
    for n in plan.notes:
        if n.startswith("Turn off dividend reinvestment for "):
            named = n[len("Turn off dividend reinvestment for "):].split(" ")[0].rstrip(",")
            assert named in drip
    # and "Cash" is never the reason of a buy the same account's sales mostly pay for
    for t in plan.trades:
        if t.reason is Reason.CASH:
            assert "from this account's sales" not in t.note or t.note.index("cash already") < t.note.index("sales")


def wash_household(replacement_account_type):
    """VTI lots B (90 sh, bought first, $5 loss each) and C (60 sh, $8.50 loss each) in the brokerage;
    3 VTI bought on 2026-11-02 in another account (lot R)."""
    accounts = (Account("Brokerage", "Taxable"), Account("Other", replacement_account_type))
    secs = (Security("VTI", "US", 330.0),)
    lots = (Lot("B", "Brokerage", "VTI", date(2025, 12, 10), 90, 90 * 335.0),
            Lot("C", "Brokerage", "VTI", date(2026, 1, 5), 60, 60 * 338.5),
            Lot("R", "Other", "VTI", date(2026, 11, 2), 3, 984.0))
    txs = (Transaction(date(2026, 11, 2), "Other", "VTI", Action.BUY, 3, 328.0, "R"),)
    return Household(accounts, secs, lots, txs, settings=Settings(as_of=AS_OF))


def test_replacement_shares_wash_the_earliest_acquired_shares_sold_not_an_average():
    h = wash_household("HSA")
    sale = ProposedTrade(AS_OF, "Brokerage", "VTI", Action.SELL, 150, 330.0, lots=(("B", 90.0), ("C", 60.0)))
    (w,) = [w for w in check_trades(h, [sale], AS_OF) if w.kind.name == "SALE_WASHED_BY_RECENT_BUY"]
    # 3 replacement shares match 3 of lot B's shares (acquired first): 3 x $5.00 = $15.00,
    # not 3 x (960 / 150) = $19.20.
    assert w.amount_at_stake == pytest.approx(15.0)
    # ... and the wash engine agrees when the sale happens
    sold = replace(h, transactions=h.transactions + (
        Transaction(AS_OF, "Brokerage", "VTI", Action.SELL, 90, 330.0, "B"),
        Transaction(AS_OF, "Brokerage", "VTI", Action.SELL, 60, 330.0, "C")))
    assert adjust_lots(sold).total_disallowed == pytest.approx(15.0)


def test_sell_the_purchase_itself_is_offered_only_where_it_would_be_a_sale():
    sale = ProposedTrade(AS_OF, "Brokerage", "VTI", Action.SELL, 90, 330.0, lots=(("B", 90.0),))
    hsa = check_trades(wash_household("HSA"), [sale], AS_OF)
    msg = next(w.message for w in hsa if w.kind.name == "SALE_WASHED_BY_RECENT_BUY")
    assert "itself instead" not in msg and "first sell lot R in Other (no tax there)" in msg
    assert "taxrebal's reading" in msg
    taxable = check_trades(wash_household("Taxable"), [sale], AS_OF)
    msg = next(w.message for w in taxable if w.kind.name == "SALE_WASHED_BY_RECENT_BUY")
    assert "or sell lot R itself instead" in msg


def test_contributions_only_reads_contribution_as_the_readme_says():
    from taxrebal.engine.frontier import ContributionsPlan

    head, _ = contributions_table(ContributionsPlan(3, (), 1_500.0, "3 months"))
    detail = head.rows[1][2]
    assert "money to invest now" in detail and "every month" in detail
    from taxrebal.workbook.schema import contract_markdown
    # new money recurs; a withdrawal (a negative Contribution) is taken once (fe5 finding 11)
    assert "Contributions Only assumes new money arrives again every month and takes a withdrawal once" in (
        contract_markdown())


def test_a_recurring_contribution_into_a_fund_just_harvested_is_warned_about():
    # Rev. Rul. 2008-5: an IRA/401(k)/HSA purchase within 30 days washes the loss for good.
    from taxrebal.engine.recurring import recurring_contribution_warnings

    h = Household(
        accounts=(Account("Brokerage", "Taxable"), Account("401k", "401(k)", contribution=1_500.0),
                  Account("Roth", "Roth IRA")),
        securities=(Security("VOO", "US", 600.0, identical_group="SP500"),
                    Security("FXAIX", "US", 200.0, identical_group="SP500"), Security("BND", "Bonds", 70.0)),
        lots=(Lot("K1", "401k", "FXAIX", None, 10, None), Lot("R1", "Roth", "FXAIX", None, 10, None),
              Lot("K2", "401k", "BND", None, 10, None)),
        settings=Settings(as_of=AS_OF))
    (w,) = recurring_contribution_warnings(h, {"SP500": (date(2026, 12, 21), "VOO harvested by the plan")})
    assert w.severity.value == "Warning" and "401k" in w.message and "FXAIX" in w.message
    assert "lost for good" in w.message and "before 2026-12-21, the first day you may buy," in w.message
    # the Roth holds FXAIX but gets no contribution (no second warning); nobody holds VTI: nothing
    assert recurring_contribution_warnings(h, {"VTI": (date(2026, 12, 21), "VTI harvested")}) == ()


@pytest.mark.parametrize("sell_reason", [Reason.HARVEST, Reason.TAXABLE_SALE])
def test_a_taxable_buy_paid_by_a_sale_is_labelled_sale_proceeds_never_as_a_sale(sell_reason):
    # the first-user file v_carryforward: a harvest of BND paid for a buy of VXUS, which read "Taxable sale"
    h = household(cash=0.0, kind="Taxable")
    trades = [Trade(1, "Acct", "BND", Action.SELL, 20, 50.0, 1_000.0, reason=sell_reason, asset_class="Bonds"),
              Trade(2, "Acct", "STK", Action.BUY, 10, 100.0, 1_000.0, reason=Reason.CASH, asset_class="Stocks")]
    out = explain_buys(plan_of(trades, {"Stocks": 3_000.0, "Bonds": 7_000.0}, {"Stocks": 4_000.0, "Bonds": 6_000.0}), h)
    buy = out.trades[1]
    assert buy.reason is Reason.SALE_PROCEEDS
    assert buy.reason not in (Reason.TAXABLE_SALE, Reason.HARVEST)
    assert "$1,000.00 from this account's sales (step 1)" in buy.note


def test_no_buy_in_the_sample_plan_carries_a_sells_reason():
    h = sample_household()
    wash = adjust_lots(h)
    adjusted = replace(wash.household, settings=ledger_settings(wash.household.settings, wash, h.as_of))
    buys = [t for t in plan_rebalance(adjusted, as_of=h.as_of).trades if t.action is Action.BUY]
    assert buys and all(t.reason not in (Reason.TAXABLE_SALE, Reason.HARVEST) for t in buys)


def test_a_sale_at_a_net_gain_still_warns_when_one_of_its_lots_is_sold_at_a_loss():
    # IRC §1091 disallows the loss of the shares sold at a loss: a lot at a loss sold together with a
    # lot at a larger gain is still a loss sale, and buying VTI within 30 days would wash its $100.
    from datetime import date

    from taxrebal.engine.rebalance import plan_rebalance
    from taxrebal.engine.records import Account, Household, Lot, Security, Settings, Target

    as_of = date(2026, 6, 1)
    h = Household(
        accounts=(Account("Brokerage", "Taxable", cash=0.0),),
        securities=(Security("VTI", "US Stocks", 100.0), Security("BND", "Bonds", 50.0)),
        lots=(Lot("A", "Brokerage", "VTI", date(2015, 1, 5), 100, 5_000.0),
              Lot("B", "Brokerage", "VTI", date(2026, 3, 2), 10, 1_100.0),
              Lot("C", "Brokerage", "BND", date(2015, 1, 5), 10, 500.0)),
        targets=(Target("US Stocks", 0.05), Target("Bonds", 0.95)),
        settings=Settings(as_of=as_of, ordinary_income=100_000.0, allow_short_term_gains=True))
    plan = plan_rebalance(h, as_of=as_of)
    (sell,) = [t for t in plan.trades if t.symbol == "VTI"]
    assert sell.realized_st == pytest.approx(-100.0) and sell.realized_lt > 0
    assert "Lot B is sold at a loss: buying VTI" in sell.note
    assert "before 2026-07-02" in sell.note


def test_the_article_before_an_account_type_follows_its_sound():
    # "Sells US Stocks inside a HSA" read wrong on the sample's Trades (step 4); the buys said "an HSA".
    from taxrebal.engine.reasons import account_article

    assert [f"{account_article(t)} {t}" for t in ("HSA", "IRA", "Traditional IRA", "Roth IRA", "401(k)")] == [
        "an HSA", "an IRA", "a Traditional IRA", "a Roth IRA", "a 401(k)"]
