"""A fractional-share plan has no pointless slivers: no lot piece or order worth less than $1.

The household below once produced "sell 10.00044792 VTI": lot L2 in full plus 0.00045 shares
($0.13) of lot L1, a vertex of the solver landing exactly on target. A careful user would never
place that; the plan sells exactly lot L2's 10 shares instead.
"""

from datetime import date

from taxrebal.engine.allocation import allocation
from taxrebal.engine.rebalance import SLIVER_DOLLARS, plan_rebalance
from taxrebal.engine.records import Account, Action, FilingStatus, Household, Lot, Security, Settings, Target

AS_OF = date(2026, 11, 20)


def household():
    return Household(
        accounts=(Account("Brokerage", "Taxable", cash=1_000.0), Account("IRA", "Traditional IRA", contribution=500.0)),
        securities=(Security("VTI", "US Stocks", 300.0, replacements=("SCHB",)), Security("SCHB", "US Stocks", 25.0),
                    Security("BND", "Bonds", 72.0), Security("BF", "Bonds", 10.0)),
        lots=(Lot("L1", "Brokerage", "VTI", date(2019, 3, 1), 100, 15_000.0),
              Lot("L2", "Brokerage", "VTI", date(2026, 11, 1), 10, 3_100.0),
              Lot("L3", "IRA", "BND", None, 200, None),
              Lot("L4", "Brokerage", "SCHB", date(2020, 1, 1), 5, 500.0)),
        targets=(Target("US Stocks", 0.60), Target("Bonds", 0.40)),
        settings=Settings(as_of=AS_OF, filing_status=FilingStatus.MARRIED_JOINT, ordinary_income=150_000))


def test_no_lot_piece_or_order_is_worth_less_than_a_dollar():
    plan = plan_rebalance(household(), as_of=AS_OF)
    assert plan.trades
    for t in plan.trades:
        assert t.amount >= SLIVER_DOLLARS, t
    for s in plan.lot_sales:
        assert s.proceeds >= SLIVER_DOLLARS, s


def test_the_loss_lot_is_sold_whole_and_nothing_of_the_gain_lot():
    plan = plan_rebalance(household(), as_of=AS_OF)
    (vti,) = [t for t in plan.trades if t.symbol == "VTI" and t.action is Action.SELL]
    assert abs(vti.quantity - 10) < 1e-9
    assert abs(vti.realized_lt) < 1e-9 and abs(vti.realized_st + 100.0) < 1e-6  # 10 x (300 - 310)


def test_the_cleaned_plan_still_lands_within_bands_with_no_negative_cash():
    h = household()
    plan = plan_rebalance(h, as_of=AS_OF)
    assert all(not r.outside_band for r in allocation(h, plan.after))
    assert all(left >= -1e-9 for _, left in plan.cash_left)
