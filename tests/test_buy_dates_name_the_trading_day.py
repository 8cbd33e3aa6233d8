"""A "first day you may buy" keeps its legal date and names the first trading day beside it (fe12 F-i).

IRC §1091(a) counts calendar days: after a loss sale on 2026-12-01 the 30-day window ends 2026-12-31,
so the first day a purchase no longer washes the loss is 2027-01-01 (sale + 31). That is New Year's
Day, when the NYSE is closed (NYSE Rule 7.2), and 2027-01-02/03 are a weekend: the first day an order
can fill is Monday 2027-01-04 (calendar). A client reads the date as the day to place the order, so
every sheet prints "2027-01-01 (first trading day 2027-01-04)"; a date the market is open is printed alone.
"""

from __future__ import annotations

from datetime import date

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, Household, Lot, Security, Settings, Target
from taxrebal.engine.wash_dates import buy_day
from taxrebal.engine.wash_queries import DoNotBuy
from taxrebal.workbook.results.wash_sales import do_not_buy_table

AS_OF = date(2026, 12, 1)


def test_a_legal_date_the_market_is_closed_names_the_next_trading_day():
    assert buy_day(date(2027, 1, 1)) == "2027-01-01 (first trading day 2027-01-04)"  # New Year's Day, Friday
    assert buy_day(date(2027, 1, 2)) == "2027-01-02 (first trading day 2027-01-04)"  # Saturday
    assert buy_day(date(2026, 12, 26)) == "2026-12-26 (first trading day 2026-12-28)"  # Saturday after Christmas
    assert buy_day(date(2027, 1, 5)) == "2027-01-05"  # a Tuesday: the date alone


def test_the_plans_loss_sale_note_and_lot_status_give_both_dates():
    # 300 VTI bought 2026-01-05 at $338.50, now $330.00: US 100% against a 50% target, so the plan sells
    # 150 shares at a $1,275.00 short-term loss on As Of 2026-12-01
    h = Household((Account("Joint", "Taxable"),), (Security("VTI", "US", 330.0), Security("BND", "Bonds", 72.5)),
                  (Lot("L1", "Joint", "VTI", date(2026, 1, 5), 300, 101_550.0),), (),
                  (Target("US", 0.5), Target("Bonds", 0.5)), Settings(as_of=AS_OF, min_trade=0.0))
    plan = plan_rebalance(h, as_of=AS_OF)
    sell = plan.trades[0]
    assert (sell.symbol, sell.quantity) == ("VTI", 150)
    assert ("before 2027-01-01 (first trading day 2027-01-04), the first day you may buy, would wash this loss "
            "(wash sale, IRC §1091)" in sell.note)
    (sale,) = plan.lot_sales
    assert sale.wash_status.endswith("first day you may buy: 2027-01-01 (first trading day 2027-01-04)")


def test_do_not_buy_keeps_the_legal_date_in_its_column_and_says_the_trading_day_in_why():
    closed = DoNotBuy("VTI", ("VTI",), date(2027, 1, 1), 500.0, "VTI sold at a loss on 2026-12-02 (Joint)", ())
    open_ = DoNotBuy("BND", ("BND",), date(2027, 1, 4), 90.0, "BND sold at a loss on 2026-12-05 (Joint)", ())
    # a DoNotBuy holds the window's last day; its first day you may buy is the day after
    rows = do_not_buy_table((closed, open_), date(2026, 12, 5)).rows
    assert rows[0][2] == date(2027, 1, 2)
    assert rows[0][5] == ("VTI sold at a loss on 2026-12-02 (Joint); first day you may buy 2027-01-02 "
                          "(first trading day 2027-01-04)")
    assert rows[1][5] == "BND sold at a loss on 2026-12-05 (Joint)"
