"""A share quantity reaches its cell as the number the cell shows: rounded once, when its Table is
made, to the 6 decimals of its format (#,##0.######), so binary float noise such as 100.4 + 23.204 =
123.60400000000001 (fe5 finding 17: Trades!E16 of a 1,500-lot household) never reaches Trades, Orders,
Harvest or Lot Selection. The plan's own quantities have at most 4 decimals, and keep them."""

from __future__ import annotations

from datetime import date

import openpyxl

from taxrebal.engine.plan import Plan, PlanStatus, Trade
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Target
from taxrebal.workbook.interface import Column, Kind, Table
from taxrebal.workbook.results.orders import build_tickets, orders_table

NOISY = 100.4 + 23.204  # 123.60400000000001


def test_the_sum_of_two_lot_pieces_carries_float_noise():
    assert NOISY != 123.604 and repr(NOISY) == "123.60400000000001"


def test_a_quantity_column_keeps_the_decimals_its_format_shows_and_nothing_else():
    t = Table((Column("Symbol"), Column("Quantity", Kind.NUMBER), Column("Amount", Kind.MONEY)),
              (("VTI", NOISY, 1.005), ("BND", 0.123456, 2.0), ("AGG", None, 3.0), ("VNQ", 10, -0.0)))
    assert [r[1] for r in t.rows] == [123.604, 0.123456, None, 10]
    assert repr(t.rows[0][1]) == "123.604"
    assert t.rows[0][2] == 1.005  # money is the writers' to round to cents, not this rule's


def test_an_orders_ticket_for_a_sum_of_lot_pieces_shows_the_plans_four_decimals(tmp_path):
    h = Household((Account("IRA", "Traditional IRA"),), (Security("VTI", "US", 300.0),),
                  (Lot("I1", "IRA", "VTI", None, 200, None),), (), (Target("US", 1.0),),
                  Settings(as_of=date(2026, 12, 1)))
    p = Plan((Trade(1, "IRA", "VTI", Action.SELL, NOISY, 300.0, 37_081.2),), (), 0.0, 0.0, 0.0, {}, {}, 0.0, 0.0,
             (), (), PlanStatus.WITHIN_BANDS)
    table = orders_table(build_tickets(p, h, date(2026, 12, 1)))
    assert repr(table.rows[0][6]) == "123.604"
    from taxrebal.workbook.openpyxl_book import OpenpyxlBook
    book = OpenpyxlBook(openpyxl.Workbook())
    book.write_sheet("Orders", [table])
    path = tmp_path / "o.xlsx"
    book.workbook.save(path)
    ws = openpyxl.load_workbook(path)["Orders"]
    assert repr(ws.cell(3, 7).value) == "123.604"
