"""The sample's sheets say which figure they show (fresh-eyes findings 5 and 10).

* A Settings Issue (Realized ST/LT YTD reconciled with Transactions) names the Settings cell of the
  figure, as every other Settings problem does.
* Lot B-07 (VOO reinvested 2026-09-30) is the replacement of IVV shares sold at a loss on 2026-10-28,
  so its holding period includes theirs (IRC §1223(3)): the IVV shares were held 268 days (2026-02-02
  to 2026-10-28), so B-07's counts from 2026-09-30 - 268 days = 2026-01-05. Wash Sales shows that
  date under "Adjusted Acquired" (the date column of Lot Sales has that name too); Lot Selection shows
  the purchase date under "Acquired", and a note names both. (The plan no longer sells B-07: the no-dust
  rule keeps it from selling 1 of its 1.118 shares; a LIFO sale of 2 VOO added to Sales sells it.)
"""

from __future__ import annotations

from datetime import datetime

import pytest

from taxrebal import pipeline
from taxrebal.workbook.memory_book import MemoryBook
from taxrebal.workbook.reader import load_sheets
from taxrebal.workbook.template import build_sample


@pytest.fixture(scope="module")
def sample_run():
    wb = build_sample()
    sheets = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    head = sheets["Sales"][0]
    extra = {"Account": "Joint Brokerage", "Symbol": "VOO", "Quantity": 2, "Method": "LIFO"}
    sheets["Sales"].append([extra.get(h) for h in head])  # LIFO: lot B-07 (1.118) first
    book = MemoryBook()
    out = pipeline.run_book(book, lambda default_as_of=None: load_sheets(sheets, default_as_of=default_as_of),
                            command="all", run_time=datetime(2026, 1, 1), default_as_of=None,
                            source_name="sample", raise_internal=True)
    assert out.ok
    return book, out, sheets


def test_the_realized_ytd_rows_on_issues_name_their_settings_cell(sample_run):
    _book, out, sheets = sample_run
    rows = {r[0]: i + 1 for i, r in enumerate(sheets["Settings"]) if r and r[0]}
    ytd = [i for i in out.issues if i.sheet == "Settings" and "Realized" in i.message]
    assert len(ytd) == 2
    for issue in ytd:
        label = "Realized ST YTD" if issue.message.startswith("Realized ST YTD") else "Realized LT YTD"
        assert issue.cell == f"B{rows[label]}", issue


def test_the_tacked_holding_date_is_labelled_on_lot_sales_and_named_on_lot_selection(sample_run):
    book, _out, _sheets = sample_run
    (lot_sales,) = book.tables("Lot Sales")
    headers = [c.header for c in lot_sales.columns]
    assert "Adjusted Acquired" in headers and "Acquired" not in headers
    matches = book.tables("Wash Sales")[0]
    headers = [c.header for c in matches.columns]
    b07 = next(r for r in matches.rows if r[headers.index("Replacement Lot")] == "B-07")
    # VOO B-07 (reinvested 2026-09-30, held on the 2026-10-28 loss sale of IVV B-12, bought 2026-02-02):
    # the union of the two holding periods starts 2026-02-02 (IRC §1223(3); fe15 finding 1)
    assert str(b07[headers.index("Adjusted Acquired")])[:10] == "2026-02-02"
    notes = [n for t in book.tables("Lot Selection") for n in t.notes]
    named = [n for n in notes if n.startswith("Lot B-07 was bought 2026-09-30")]
    assert named and all("counts from 2026-02-02" in n for n in named)
