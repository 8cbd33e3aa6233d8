"""With Whole Shares, a taxable holding with a fractional share count is sold whole, "All shares" (fe9
finding 6; README "Whole Shares"; engine/rebalance/orders.py): an order of an exchange-traded fund is
in whole shares, except the order that sells every share the account holds, fraction included. Selling
it whole is an option beside every whole number of shares, never a constraint.

Hand-worked (1): Taxable holds VEA lot V1, 10 shares bought 2020-01-02 for $400, and V2, 0.5 share
reinvested 2020-06-01 for $20 (10.5 shares, $50 each: $525), and 100 BND at $72 ($7,200). Targets
Intl Stocks 0% (band 0.1 point), Bonds 100%. Any VEA left (at least $25, the 0.5 share) is 0.32% of
$7,725, outside the band: the plan must sell all 10.5 shares, long-term gain 10 x $10 + 0.5 x $10 =
$105. Before, a taxable order of two lots was capped at floor(10.5) = 10 shares: no plan reached the band.

Hand-worked (2), fe9's dd.xlsx: Brokerage holds VEA lot D3, 400 shares bought 2022-03-01 for $21,600
($54, a $4 long-term loss a share at $50) and D4, 3.1 shares reinvested 2026-11-14 for $155 ($50, no
gain), and 1,000 BND at $80 ($80,000): $100,155. Single, $100,000 of ordinary income, $10,000 of
long-term gain realized this year, no state tax (2026: taxable income 83,900 + 10,000, every long-term
dollar at 15%, Rev. Proc. 2025-32). D4 was bought within 30 days, so while any of it is held it washes
as many of D3's loss shares (IRC §1091(a); Treas. Reg. §1.1091-1(c)); D3 and D4 sold together, the
$12.40 D4 washes goes into its basis with D3's holding period and its sale realizes it again (IRC
§1091(d), §1223(3)). The no-dust rule (README) leaves no lot with less than one share.

* Intl Stocks 0% (band 0.15 point: at most $150.23 of VEA, 3 shares), Bonds 100%: the sales that reach
  the band are 401 shares ($8.40 of D3's loss washed by the 2.1 of D4 left, or D4 and 397.9 of D3,
  2.1 of D3 left: $1,591.60 of loss either way), 402 ($1,595.60) or all 403.1: $1,600.00 (403 would
  leave 0.1 share of one lot). The plan sells all 403.1 in one order: long-term -$1,600.00, tax
  -1,600 x 15% = -$240.00. Before, at most 403 whole shares: it sold 402 in two tickets and left a
  1.1-share stub of D4 that washed $4.40 of D3's loss.
* Intl Stocks 10% (band 5 points: at least $5,007.75 of VEA, 100.155 shares): the plan harvests as much
  as the band allows, 302 whole shares (101.1 kept), not the whole holding. Sold with D4 (298.9 of D3)
  or without (D4's 3.1 shares then wash $12.40 of D3's 302 into D4's basis): long-term -$1,195.60,
  tax -$179.34.
"""

from datetime import date

import pytest

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Target
from taxrebal.engine.wash import adjust_lots

AS_OF = date(2026, 12, 4)


def test_a_fractional_taxable_holding_is_sold_whole_in_one_order():
    settings = Settings(as_of=AS_OF, whole_shares=True, min_trade=0.0, state_tax_rate=0.0)
    h = Household(
        accounts=(Account("Taxable", "Taxable"),),
        securities=(Security("VEA", "Intl Stocks", 50.0), Security("BND", "Bonds", 72.0)),
        lots=(Lot("V1", "Taxable", "VEA", date(2020, 1, 2), 10, 400.0),
              Lot("V2", "Taxable", "VEA", date(2020, 6, 1), 0.5, 20.0),
              Lot("B1", "Taxable", "BND", date(2020, 1, 2), 100, 7_000.0)),
        transactions=(),
        targets=(Target("Intl Stocks", 0.0, 0.001), Target("Bonds", 1.0, 0.01)),
        settings=settings)
    plan = plan_rebalance(h, as_of=AS_OF)
    (sale,) = [t for t in plan.trades if t.symbol == "VEA"]
    assert sale.quantity == pytest.approx(10.5)
    assert sale.realized_lt == pytest.approx(105.0)
    assert sorted((s.lot_id, s.quantity) for s in plan.lot_sales) == [("V1", 10.0), ("V2", 0.5)]


def _dd(intl: float, band: float) -> Household:
    h = Household(
        accounts=(Account("Brokerage", "Taxable"),),
        securities=(Security("VEA", "Intl Stocks", 50.0), Security("BND", "Bonds", 80.0)),
        lots=(Lot("D3", "Brokerage", "VEA", date(2022, 3, 1), 400, 21_600.0),
              Lot("D4", "Brokerage", "VEA", date(2026, 11, 14), 3.1, 155.0),
              Lot("B1", "Brokerage", "BND", date(2020, 1, 2), 1_000, 80_000.0)),
        transactions=(),
        targets=(Target("Intl Stocks", intl, band), Target("Bonds", 1.0 - intl, band)),
        settings=Settings(as_of=AS_OF, whole_shares=True, min_trade=0.0, state_tax_rate=0.0,
                          ordinary_income=100_000.0, realized_st_ytd=0.0, realized_lt_ytd=10_000.0))
    return adjust_lots(h).household


def test_the_dd_holding_is_sold_all_shares_and_nothing_is_washed():
    plan = plan_rebalance(_dd(0.0, 0.0015), as_of=AS_OF)
    (sale,) = [t for t in plan.trades if t.symbol == "VEA"]
    assert sale.action is Action.SELL and sale.quantity == pytest.approx(403.1)
    assert sorted((s.lot_id, round(s.quantity, 6)) for s in plan.lot_sales) == [("D3", 400.0), ("D4", 3.1)]
    assert (plan.realized_st, plan.realized_lt) == pytest.approx((0.0, -1_600.0))
    assert plan.tax_total == pytest.approx(-240.0, abs=0.005)


def test_selling_it_whole_is_an_option_not_a_constraint():
    plan = plan_rebalance(_dd(0.10, 0.05), as_of=AS_OF)
    sold = sum(t.quantity for t in plan.trades if t.symbol == "VEA" and t.action is Action.SELL)
    assert sold == 302.0
    assert (plan.realized_st, plan.realized_lt) == pytest.approx((0.0, -1_195.60))
    assert plan.tax_total == pytest.approx(-179.34, abs=0.005)
