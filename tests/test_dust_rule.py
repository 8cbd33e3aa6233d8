"""No dust (taxrebal's reading, engine/rebalance/dust.py): a sale sells all of a lot or leaves at least
one share of it, and sells all of an account's position or leaves at least one share worth at least
Min Trade. Hand-worked households; 2026, single, $100,000 of ordinary income: long-term gains at 15%.
"""

from datetime import date

import pytest

from taxrebal.engine.plan import Action
from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, Household, Lot, RebalanceTo, Security, Settings, Target

AS_OF = date(2026, 6, 1)
LONG_AGO = date(2015, 1, 5)


def settings(**kw) -> Settings:
    base = dict(as_of=AS_OF, ordinary_income=100_000.0, min_trade=0.0, realized_ytd_reconciled=True,
                realized_st_ytd=0.0, realized_lt_ytd=0.0)
    base.update(kw)
    return Settings(**base)


def test_the_last_fraction_of_a_lot_is_sold_with_it_when_that_costs_least():
    # VTI at $100: lot C 16.3 shares at $99 ($1 of gain a share), lot A 97 shares at $50 ($50 a share);
    # BND $3,670. Household $15,000, stocks $11,330 (75.5%) against 60% with a 5-point band: Band
    # Edge sells at least $1,580 (15.8 shares). The least gain, 15.8 of C, would leave 0.5 share of C.
    # No dust: all 16.3 of C ($16.30 of gain, $2.45 of tax) or 15.3 of C and 0.5 of A ($40.30, $6.05).
    h = Household(
        accounts=(Account("Taxable", "Taxable"),),
        securities=(Security("VTI", "US Stocks", 100.0), Security("BND", "Bonds", 50.0)),
        lots=(Lot("C", "Taxable", "VTI", LONG_AGO, 16.3, 1_613.7), Lot("A", "Taxable", "VTI", LONG_AGO, 97, 4_850.0),
              Lot("D", "Taxable", "BND", LONG_AGO, 73.4, 3_670.0)),
        targets=(Target("US Stocks", 0.60, band=0.05), Target("Bonds", 0.40, band=0.05)),
        settings=settings(rebalance_to=RebalanceTo.BAND_EDGE))
    plan = plan_rebalance(h, as_of=AS_OF)
    assert {s.lot_id: round(s.quantity, 4) for s in plan.lot_sales} == {"C": 16.3}
    assert plan.tax.total == pytest.approx(2.445, abs=0.01)


def test_a_fractional_holding_is_sold_whole_in_whole_shares():
    # The IRA holds 10.5 STK ($100) and nothing else; targets Bonds 100%: the plan sells every STK
    # share. With Whole Shares it used to sell 10 and leave 0.5 share ($50, below Min Trade $100 and
    # below one share); now it sells all 10.5 ("the whole position") and buys 21 BND at $50.
    h = Household(
        accounts=(Account("IRA", "Traditional IRA"),),
        securities=(Security("STK", "US Stocks", 100.0), Security("BND", "Bonds", 50.0)),
        lots=(Lot("I1", "IRA", "STK", None, 10.5, None),),
        targets=(Target("US Stocks", 0.0, band=0.05), Target("Bonds", 1.0, band=0.05)),
        settings=settings(whole_shares=True, min_trade=100.0))
    plan = plan_rebalance(h, as_of=AS_OF)
    sells = [t for t in plan.trades if t.action is Action.SELL]
    buys = [t for t in plan.trades if t.action is Action.BUY]
    assert [(t.symbol, t.quantity) for t in sells] == [("STK", pytest.approx(10.5))]
    assert "the whole position" in sells[0].note
    assert [(t.symbol, t.quantity) for t in buys] == [("BND", pytest.approx(21.0))]


@pytest.mark.slow
def test_the_sample_plan_leaves_no_dust():
    # Seen by a new-user test: the sample sold 1 of lot B-07's 1.118 VOO shares (0.118 left) and 16 of
    # the 401(k)'s 16.5 FXAIX (0.5 left, $115).
    from taxrebal.workbook.template import sample_household

    h = sample_household()
    plan = plan_rebalance(h, as_of=h.settings.as_of)
    held = {lot.lot_id: lot.quantity for lot in h.lots}
    for s in plan.lot_sales:
        left = held[s.lot_id] - s.quantity
        assert left < 1e-6 or left >= 1.0 - 1e-9, (s.lot_id, left)
    holding: dict[tuple[str, str], float] = {}
    for lot in h.lots:
        holding[(lot.account, lot.symbol)] = holding.get((lot.account, lot.symbol), 0.0) + lot.quantity
    price = {s.symbol: s.price for s in h.securities}
    for t in plan.trades:
        if t.action is Action.SELL:
            left = holding[(t.account, t.symbol)] - t.quantity
            assert left < 1e-6 or (left >= 1.0 - 1e-9 and left * price[t.symbol] >= h.settings.min_trade), (t, left)


def test_the_rows_known_before_the_first_solve_give_the_plan_the_loop_found(monkeypatch):
    # With Whole Shares the sample's 16.5 FXAIX and lot B-07's 1.118 VOO can be sold whole only through
    # the no-dust rows. They now go in before the first solve (dust.py, add_fractional_rows): one solve
    # of the plan instead of a plan with dust, then the same rows, then a second solve. Same plan.
    import taxrebal.engine.rebalance.dust as dust
    from taxrebal.workbook.template import sample_household

    h = sample_household()
    once = plan_rebalance(h, as_of=h.settings.as_of)
    monkeypatch.setattr(dust, "UPFRONT_LIMIT", -1)  # every row found by the loop, as before
    twice = plan_rebalance(h, as_of=h.settings.as_of)
    assert once.status is twice.status
    assert once.tax_total == twice.tax_total
    assert [(t.account, t.symbol, t.action) for t in once.trades] == \
           [(t.account, t.symbol, t.action) for t in twice.trades]
    # the same orders to the cent: the loop's second solve may leave the 401(k)'s last $0.01 as cash
    # (509.134 FXNAX, $5,294.99) where one solve invests it (509.1343, $5,295.00); a cent of idle cash
    # is below the tie-break stages' MIP gap (tuning.STAGE_ABS_GAP)
    for a, b in zip(once.trades, twice.trades):
        assert abs(a.quantity - b.quantity) * a.price <= 0.01 + 1e-9
