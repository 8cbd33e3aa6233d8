"""A lot whose whole loss is under Harvest Min Loss is sold to rebalance, not harvested: its class's
sales of such lots stop at the class's target (engine/rebalance/harvest_minimum.py, taxrebal's reading of
Settings.harvest_min_loss, "the smallest loss worth harvesting").

fe15 h10, worked by hand. Single, one Brokerage account, $4 of cash; Whole Shares = Y, Min Trade $100,
Harvest Min Loss $100. VTI at $300: lot L1, 100 shares, basis $30,050 (a $50 long-term loss, $0.50 a
share); lot L2, 100 shares, basis $20,000 (a gain). BND at $72: 150 shares ($10,800). SCHB at $25 (US
Stocks, not substantially identical to VTI). Targets US Stocks 60%, Bonds 40%, band 5.

Total $70,804; US Stocks $60,000 is $60,000 - 0.60 x $70,804 = $17,517.60 over target: at most 58.39
shares of L1, 58 whole shares ($17,400, a $29.00 loss: $6.38 less tax at 22%), and Bonds bought with the
proceeds ($17,404 of cash: 241 BND, $17,352). Before, the plan sold all 100 shares of L1 and bought $12,500
of SCHB back into US Stocks: $21.00 more loss ($4.62 of tax) for $25,000 more traded, a harvest below
the minimum the user set.
"""

from datetime import date

import pytest

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, Action, FilingStatus, Household, Lot, Security, Settings, Target

AS_OF = date(2026, 12, 4)


def household(min_loss: float = 100.0) -> Household:
    return Household(
        accounts=(Account("Brokerage", "Taxable", cash=4.0),),
        securities=(Security("VTI", "US Stocks", 300.0, replacements=("SCHB",)), Security("SCHB", "US Stocks", 25.0),
                    Security("BND", "Bonds", 72.0)),
        lots=(Lot("L1", "Brokerage", "VTI", date(2020, 3, 2), 100, 30_050.0),
              Lot("L2", "Brokerage", "VTI", date(2015, 3, 2), 100, 20_000.0),
              Lot("B1", "Brokerage", "BND", date(2019, 1, 2), 150, 9_000.0)),
        targets=(Target("US Stocks", 0.60, band=0.05), Target("Bonds", 0.40, band=0.05)),
        settings=Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=100_000.0,
                          whole_shares=True, min_trade=100.0, harvest_min_loss=min_loss))


def test_a_loss_under_harvest_min_loss_is_sold_only_down_to_the_class_target():
    plan = plan_rebalance(household(), as_of=AS_OF)
    trades = [(t.symbol, t.action, t.quantity) for t in plan.trades]
    assert trades == [("VTI", Action.SELL, 58), ("BND", Action.BUY, 241)]
    (sale,) = plan.lot_sales
    assert (sale.lot_id, sale.quantity, sale.reported_gain) == ("L1", 58, pytest.approx(-29.0))


def test_with_no_minimum_the_whole_lot_is_harvested_and_the_class_kept_invested():
    plan = plan_rebalance(household(min_loss=0.0), as_of=AS_OF)
    sold = {s.lot_id: s.quantity for s in plan.lot_sales}
    assert sold == {"L1": 100}
    assert any(t.symbol == "SCHB" and t.action is Action.BUY for t in plan.trades)
