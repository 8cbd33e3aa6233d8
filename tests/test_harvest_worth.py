"""A harvest-only plan sells a loss for the tax it saves, never for nothing (fe13 finding F1;
engine/rebalance/harvest_worth.py).

fe13's household h07_zero, written out here; every expected figure worked by hand. Married filing
jointly, 2026: ordinary income $100,000, qualified dividends $5,000, $2,000 of long-term gain already
realized, no state tax. Standard deduction $32,200 (IRC §63(c), 2026 MFJ): taxable income $74,800, of
which $67,800 ordinary (12% bracket, $24,800-$100,800) and $7,000 of qualified dividends and long-term
gain, all under the $98,900 top of the 0% band (§1(h)(1)(B)): the year's capital gains cost $0.00.

Joint (taxable): VTI Z1 100 sh at $300 ($30,000, basis $8,000), VXUS Z2 300 sh at $60 ($18,000, basis
$15,000), BND Z3 200 sh at $73 ($14,600, basis $17,000: a $2,400 long-term loss, 14.1% of basis, past
Harvest Min Loss $100 and 5%). IRA: BND K1 100 sh ($7,300). Total $69,900: US 42.9%, Intl 25.8%, Bonds
31.3% against 40/30/30 in 5-point bands: every class within its band, so the plan only harvests.

Harvesting all of Z3: long-term $2,000 - $2,400 = -$400, a net capital loss deducted from ordinary
income (§1211(b)): ordinary taxable $67,400, $400 x 12% = $48.00 saved. A part of Z3 up to $2,000 of
loss only offsets 0%-taxed gain: $0.00 saved, and the loss is gone. So the plan sells all 200 shares
(Est. Tax -$48.00). With $2,300 realized the whole harvest saves $100 x 12% = $12.00. With $2,400
realized it saves $0.00 and carries nothing forward (-$0 net): the plan sells nothing (before this fix
it sold 12.7397 shares, $152.87 of loss, to buy Intl within its band).
"""

from datetime import date

import pytest

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import (
    Account,
    Action,
    FilingStatus,
    Household,
    Lot,
    Security,
    Settings,
    Target,
)

AS_OF = date(2026, 12, 1)


def household(realized_lt: float) -> Household:
    return Household(
        accounts=(Account("Joint", "Taxable"), Account("IRA", "Traditional IRA")),
        securities=(Security("VTI", "US Stocks", 300.0, replacements=("ITOT", "SCHB")),
                    Security("ITOT", "US Stocks", 130.0, replacements=("SCHB",)),
                    Security("VXUS", "Intl Stocks", 60.0, replacements=("IXUS",)),
                    Security("IXUS", "Intl Stocks", 72.0, replacements=("VXUS",)),
                    Security("BND", "Bonds", 73.0, replacements=("AGG",)),
                    Security("AGG", "Bonds", 99.0, replacements=("BND",))),
        lots=(Lot("Z1", "Joint", "VTI", date(2012, 1, 4), 100.0, 8_000.0),
              Lot("Z2", "Joint", "VXUS", date(2019, 1, 4), 300.0, 15_000.0),
              Lot("Z3", "Joint", "BND", date(2020, 6, 1), 200.0, 17_000.0),
              Lot("K1", "IRA", "BND", None, 100.0, None)),
        targets=(Target("US Stocks", 0.40, band=0.05), Target("Intl Stocks", 0.30, band=0.05),
                 Target("Bonds", 0.30, band=0.05)),
        settings=Settings(as_of=AS_OF, filing_status=FilingStatus.MARRIED_JOINT, ordinary_income=100_000.0,
                          qualified_dividends=5_000.0, realized_st_ytd=0.0, realized_lt_ytd=realized_lt,
                          min_trade=100.0))


def sold(plan, lot_id: str) -> float:
    return sum(s.quantity for s in plan.lot_sales if s.lot_id == lot_id)


@pytest.mark.parametrize("realized_lt, saved", [(2_000.0, 48.00), (2_300.0, 12.00)])
def test_the_whole_loss_lot_is_harvested_when_the_whole_harvest_saves_tax(realized_lt, saved):
    plan = plan_rebalance(household(realized_lt), as_of=AS_OF)
    assert sold(plan, "Z3") == pytest.approx(200.0)
    assert sold(plan, "Z1") == 0.0 and sold(plan, "Z2") == 0.0
    assert plan.realized_lt == pytest.approx(-2_400.0) and plan.realized_st == pytest.approx(0.0)
    assert plan.tax.total == pytest.approx(-saved, abs=0.005)
    # the proceeds stay invested: Bonds may fall at most as far under target as it is over (harvest_only.py)
    buys = sum(t.amount for t in plan.trades if t.action is Action.BUY)
    assert buys == pytest.approx(14_600.0, abs=0.05)
    assert not any(t.action is Action.BUY and t.symbol == "BND" for t in plan.trades)  # would wash Z3


def test_a_loss_that_would_save_nothing_and_carry_nothing_forward_is_kept():
    plan = plan_rebalance(household(2_400.0), as_of=AS_OF)
    assert sold(plan, "Z3") == 0.0
    assert plan.realized_lt == 0.0
    assert not any(t.action is Action.SELL for t in plan.trades)
    assert plan.tax.total == pytest.approx(0.0, abs=0.005)


def test_a_loss_that_carries_forward_is_still_harvested_past_the_limit():
    # $3,500 of long-term loss already realized: past the $3,000 limit, so Z3's $2,400 saves $0.00 this
    # year but carries forward (§1212(b)): the carryforward stage, not this rule, decides, and harvests it
    plan = plan_rebalance(household(-3_500.0), as_of=AS_OF)
    assert sold(plan, "Z3") == pytest.approx(200.0)
    assert plan.tax.total == pytest.approx(0.0, abs=0.005)

