"""The rebalancer's result sheets (workbook/results/trades.py) through the in-memory ResultBook."""

from datetime import date

import pytest

from taxrebal.engine.frontier import contributions_only, dividend_advice, tax_drift_frontier
from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, Household, Lot, Security, Settings, Target
from taxrebal.pipeline.rebalance import rebalance_step
from taxrebal.pipeline.state import RunResults
from taxrebal.workbook.memory_book import MemoryBook
from taxrebal.workbook.results.trades import write_rebalance

AS_OF = date(2026, 6, 1)


def household():
    # 60/40 drifted to 70/30 with a big enough IRA (tests/test_rebalance_plans.py, first test), plus a
    # symbol that looks like a formula to check text stays text.
    return Household(
        accounts=(Account("Taxable", "Taxable"), Account("IRA", "Traditional IRA")),
        securities=(Security("VTI", "US Stocks", 100.0), Security("=BND", "Bonds", 50.0)),
        lots=(Lot("T1", "Taxable", "VTI", date(2015, 1, 5), 300, 10_000.0),
              Lot("I1", "IRA", "VTI", None, 400, None), Lot("I2", "IRA", "=BND", None, 600, None)),
        targets=(Target("US Stocks", 0.60), Target("Bonds", 0.40)),
        settings=Settings(as_of=AS_OF, ordinary_income=100_000.0, min_trade=0.0))


def write_all(h):
    book = MemoryBook(["Accounts", "Lots"])
    plan = plan_rebalance(h, as_of=AS_OF)
    write_rebalance(book, h, plan, tax_drift_frontier(h, as_of=AS_OF), contributions_only(h, as_of=AS_OF),
                    dividend_advice(h, as_of=AS_OF, plan=plan))
    return book


def test_trades_sheet_rows_and_total():
    book = write_all(household())
    (table,) = book.tables("Trades")
    headers = [c.header for c in table.columns]
    assert headers == ["Step", "Account", "Symbol", "Action", "Quantity", "Price", "Amount", "Realized ST",
                       "Realized LT", "Est. Tax", "Reason", "Note"]
    assert table.rows[0][:7] == (1, "IRA", "VTI", "Sell", pytest.approx(100), 100.0, 10_000.0)
    assert table.rows[1][:7] == (2, "IRA", "=BND", "Buy", pytest.approx(200), 50.0, 10_000.0)
    assert table.rows[-1][1] == "Total" and table.rows[-1][6] == 20_000.0 and table.total_rows == 1


def test_allocation_gets_after_columns_and_summary():
    book = write_all(household())
    summary = book.table("Allocation", "Summary")
    items = {r[0]: r for r in summary.rows}
    assert items["Total extra tax (federal + state)"][1] == 0.0
    assert items["Largest drift before"][2] == pytest.approx(0.10)
    assert items["Largest drift after"][2] == pytest.approx(0.0, abs=1e-6)
    assert "Cash left in IRA" in items


def test_frontier_sheet_has_a_line_chart_over_its_table():
    book = write_all(household())
    sheet = book.sheet("Tax-Drift Frontier")
    (chart,) = sheet.charts
    assert chart.kind == "line" and chart.value_columns == ("Least Tax",)
    levels = [r[0] for r in sheet.tables[0].rows]
    assert levels == sorted(levels) and levels[0] == 0.0 and levels[-1] == pytest.approx(0.10)
    assert all(r[1] == 0.0 for r in sheet.tables[0].rows)  # the IRA fixes any level at no tax
    assert all(r[2] == 0.0 for r in sheet.tables[0].rows)  # ... so no level costs extra


def test_every_rebalancer_sheet_is_written():
    book = write_all(household())
    for name in ("Allocation", "Trades", "Lot Sales", "Tax-Drift Frontier", "Contributions Only", "Dividends"):
        assert book.is_owned(name)


class _Ctx:
    def __init__(self, h):
        self.household = h
        self.book = MemoryBook(["Accounts"])
        self.issues = []
        self.results = RunResults()
        self.as_of = AS_OF

    def summary(self, line):
        self.results.summary.append(line)

    def progress(self, message):
        pass


def test_pipeline_step_stores_the_plan_and_summarises():
    ctx = _Ctx(household())
    rebalance_step(ctx)
    assert ctx.results.plan.tax_total == pytest.approx(0.0, abs=0.01)
    assert not ctx.issues
    assert any(line.startswith("Rebalance: Within bands") for line in ctx.results.summary)
