"""Allocation, Issues and Run Info writers, checked against hand-worked figures."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from taxrebal.engine.records import Account, FilingStatus, Household, Lot, Security, Settings, Target
from taxrebal.errors import Issue, Severity
from taxrebal.workbook.interface import Kind
from taxrebal.workbook.memory_book import MemoryBook
from taxrebal.workbook.results.allocation import write_allocation
from taxrebal.workbook.results.issues import NO_PROBLEMS, write_issues
from taxrebal.workbook.results.run_info import RunFacts, write_run_info

AS_OF = date(2026, 11, 20)


def seventy_thirty() -> Household:
    """$70,000 of stocks (taxable) and $30,000 of bonds (IRA) against 60/40 with 5-point bands."""
    return Household(
        accounts=(Account("Brokerage", "Taxable"), Account("IRA", "Traditional IRA")),
        securities=(Security("STK", "Stocks", 100.0), Security("BND", "Bonds", 50.0)),
        lots=(Lot("L1", "Brokerage", "STK", date(2020, 1, 2), 700, 40000.0),
              Lot("L2", "IRA", "BND", None, 600, None)),
        targets=(Target("Stocks", 0.60), Target("Bonds", 0.40)),
        settings=Settings(as_of=AS_OF),
    )


def col(table, header):
    i = [c.header for c in table.columns].index(header)
    return [r[i] for r in table.rows]


def test_allocation_70_30_against_60_40_is_over_and_under_by_ten_points():
    book = MemoryBook(["Accounts"])
    write_allocation(book, seventy_thirty())
    t = book.table("Allocation", "Allocation by asset class")
    assert col(t, "Asset Class") == ["Stocks", "Bonds", "Total"]
    assert col(t, "Value") == [70000.0, 30000.0, 100000.0]
    assert col(t, "Current %")[:2] == pytest.approx([0.70, 0.30])
    assert col(t, "Drift")[:2] == pytest.approx([0.10, -0.10])
    assert col(t, "Status")[:2] == ["Over", "Under"]
    assert t.highlight == (0, 1) and t.total_rows == 1
    assert "Largest drift now" in t.notes[0]
    chart = book.sheet("Allocation").charts[0]
    assert chart.value_columns == ("Current %", "Target %") and chart.percent_axis


def test_allocation_within_band_is_not_highlighted():
    hh = seventy_thirty()
    # 62/38 (drift 2 points) inside the 5-point band: move $8,000 from stocks to bonds.
    book = MemoryBook()
    write_allocation(book, hh, after={"Stocks": 62000.0, "Bonds": 38000.0})
    t = book.table("Allocation", "Allocation by asset class")
    assert col(t, "After %")[:2] == pytest.approx([0.62, 0.38])
    assert col(t, "After Drift")[:2] == pytest.approx([0.02, -0.02])
    assert col(t, "After Status")[:2] == ["Within", "Within"]
    assert col(t, "After Value")[2] == 100000.0
    assert book.sheet("Allocation").charts[0].value_columns == ("Current %", "After %", "Target %")


def test_by_account_table_adds_up_and_counts_cash_and_contributions():
    hh = seventy_thirty()
    hh = Household(accounts=(Account("Brokerage", "Taxable", cash=1000.0, contribution=500.0),
                             Account("IRA", "Traditional IRA")),
                   securities=hh.securities, lots=hh.lots, targets=hh.targets, settings=hh.settings)
    book = MemoryBook()
    write_allocation(book, hh)
    t = book.table("Allocation", "By account")
    assert col(t, "Account") == ["Brokerage", "IRA", "Total"]
    assert col(t, "Stocks") == [70000.0, 0.0, 70000.0]
    assert col(t, "Uninvested Cash") == [1500.0, 0.0, 1500.0]
    assert col(t, "Total") == [71500.0, 30000.0, 101500.0]
    # 71,500 / 101,500 = 70.443...% and 29.556...%, written to hundredths of a percent as shown
    assert col(t, "Share %") == [0.7044, 0.2956, 1.0]


def test_summary_rows_put_money_percent_and_text_in_their_own_columns():
    book = MemoryBook()
    write_allocation(book, seventy_thirty(),
                     summary=[("Total tax", 1234.565), ("Largest drift after", 0.012, Kind.PERCENT),
                                                     ("Status", "Optimal")])
    t = book.table("Allocation", "Summary")
    assert t.rows == (("Total tax", 1234.57, None, ""), ("Largest drift after", None, 0.012, ""),
                      ("Status", None, None, "Optimal"))


def test_issues_sheet_lists_errors_first_and_says_so_when_clean():
    book = MemoryBook()
    write_issues(book, [])
    assert book.tables("Issues")[0].rows == (("Info", "", "", NO_PROBLEMS),)
    issues = [Issue(Severity.WARNING, "Lots", "E7", "w"), Issue(Severity.ERROR, "Targets", "B2", "e"),
              Issue(Severity.INFO, "Settings", "", "i")]
    write_issues(book, issues)
    t = book.tables("Issues")[0]
    assert [r[0] for r in t.rows] == ["Error", "Warning", "Info"]
    assert t.rows[0] == ("Error", "Targets", "B2", "e") and t.highlight == (0,)
    assert book.sheet("Issues").writes == 2


def test_run_info_lists_every_setting_and_whether_it_is_the_default():
    book = MemoryBook()
    settings = Settings(as_of=AS_OF, filing_status=FilingStatus.MARRIED_JOINT, state_tax_rate=0.05)
    facts = RunFacts(run_time=datetime(2026, 11, 20, 9, 30), command="all", source_name="h.xlsx", digest="ab" * 32,
                     as_of=AS_OF, steps=("allocation",))
    write_run_info(book, facts, settings)
    run, table = book.tables("Run Info")
    items = dict(run.rows)
    assert items["Run time"] == "2026-11-20 09:30:00" and items["Input SHA-256"] == "ab" * 32
    assert items["As of"] == "2026-11-20" and items["Steps run"] == "allocation"
    rows = {r[0]: r for r in table.rows}
    assert len(rows) == 27  # every Settings field (23 + Investment Income, Taxpayers 65 or Older, Blind,
    # Sold Recent Shares Wash)
    # required with a Taxable account, as the template's Default column says (fe10 finding 1 / 11)
    assert rows["Filing Status"] == ("Filing Status", "Married Filing Jointly",
                                     "required (Single if no account is Taxable)", "No")
    assert rows["Ordinary Income"][2] == "required (0.00 if no account is Taxable)"
    assert rows["State Tax Rate"][1:] == ("5%", "0%", "No")
    assert rows["Lot Method"][1:] == ("TaxOptimal", "TaxOptimal", "Yes")
    assert rows["Tax Budget"][1] == "(no cap)"


def test_run_info_says_when_the_run_date_was_used():
    book = MemoryBook()
    write_run_info(book, RunFacts(run_time=datetime(2026, 11, 25), as_of=date(2026, 11, 25), as_of_from_run_date=True),
                   None)
    (run,) = book.tables("Run Info")
    assert "the run date was used" in dict(run.rows)["As of"]
