"""The lots the plan's own wash sales adjust, shown where a user looks (fe7 finding 8).

IRC §1091(d): the loss a wash sale disallows is added to the basis of the replacement shares;
IRC §1223(3): their holding period includes that of the shares sold. When the plan harvests a loss
and keeps a taxable lot bought in the last 30 days, that lot's new basis and start date are what its
next sale needs, so the Wash Sales sheet lists the plan's matches ("Wash sales in the rebalancing
plan") with the wash engine's figures, the same pass as Lot Sales' Wash Disallowed.

Worked by hand (tests/loss_households.py): lot L, 100 VTI bought 2015-01-05 for $13,000, is harvested
at $100 on 2026-06-01: $30 a share of long-term loss. Lot R, 20 VTI bought 2026-05-22 (ten days
before), is still held, so 20 of L's loss shares wash: 20 x $30 = $600 disallowed.

* R bought at $70 a share ($1,400): selling R after L would realize 20 x $30 - 20 x $30 = $0 more, so
  the plan keeps it. R's basis becomes $1,400 + $600 = $2,000. As Of 2026-12-21, R bought 2026-12-11
  (in June the plan would rather date L's sale after R's 30 days, hold_for_later.py case 3): L was held
  from 2015-01-05 to 2026-12-21 and R from 2026-12-11, held on the sale day: R's holding period includes
  L's (IRC §1223(3)), each day once, so it counts from the earlier start, L's purchase: 2015-01-05.
  (Adding L's 4,368 days to R's purchase instead gave 2014-12-26, ten days before L existed: fe15
  finding 1.)
* R bought at $90 ($1,800): selling R after L realizes 20 x ($30 - $10) = $400 more loss, so the plan
  sells R at step 2; the row says so, and Lot Sales' step 2 carries the $2,400 basis (As Of 2026-12-21,
  R bought ten days before: in June the plan would rather date L's sale, see ``run``).
"""

from datetime import date, datetime
from types import SimpleNamespace

import pytest
from loss_households import RECENT, loss_household, loss_settings

from taxrebal.engine.records import Lot
from taxrebal.pipeline import run_book


def run(recent_price, book, december=False):
    """``december``: As Of 2026-12-21 and R bought 2026-12-11 (ten days before, as in June): L sold once
    R no longer washes it (2027-01-11) would be on next year's return, so the plan cannot hold L for
    later (engine/rebalance/hold_for_later.py; in June, with R sold at a gain after L, it dates L)."""
    bought, as_of = (date(2026, 12, 11), date(2026, 12, 21)) if december else (RECENT, date(2026, 6, 1))
    h = loss_household(recent_lots=(Lot("R", "Taxable", "VTI", bought, 20, 20 * recent_price),),
                       settings=loss_settings(as_of=as_of))
    loader = lambda default_as_of=None: SimpleNamespace(household=h, issues=(), ok=True, digest="")  # noqa: E731
    return run_book(book, loader, command="all", run_time=datetime(as_of.year, as_of.month, as_of.day, 9, 30),
                    default_as_of=None, source_name="t", raise_internal=True)


def plan_table(book):
    (table,) = [t for t in book.tables("Wash Sales") if t.title == "Wash sales in the rebalancing plan"]
    return table


def test_a_kept_replacement_lot_shows_its_adjusted_basis_and_tacked_start(memory_book):
    outcome = run(70.0, memory_book, december=True)
    (row,) = plan_table(memory_book).rows
    (sale_date, account, symbol, lot, qty, loss, disallowed, permanent, rep_account, rep_lot, rep_date, shares,
     adjustment, adjusted_basis, adjusted_acquired, note) = row
    assert (sale_date, lot, qty, loss, disallowed, permanent) == (date(2026, 12, 21), "L", 100, 3_000.00, 600.00, "N")
    assert (rep_account, rep_lot, rep_date, shares) == ("Taxable", "R", date(2026, 12, 11), 20)
    assert (adjustment, adjusted_basis, adjusted_acquired) == (600.00, 2_000.00, date(2015, 1, 5))
    assert "lot R is kept" in note and "$2,000.00 ($1,400.00 paid + $600.00 washed" in note and "2015-01-05" in note
    # one computation: the row's Disallowed is Lot Sales' Wash Disallowed of that step
    (sale,) = [s for s in outcome.results.plan.lot_sales if s.lot_id == "L"]
    assert sale.disallowed == pytest.approx(disallowed) and f"Trades step {sale.step}:" in note
    assert not [s for s in outcome.results.plan.lot_sales if s.lot_id == "R"]  # R is kept


def test_a_replacement_the_plan_sells_next_says_which_step_realizes_it(memory_book):
    outcome = run(90.0, memory_book, december=True)
    (row,) = plan_table(memory_book).rows
    assert row[6] == 600.00 and row[13] == 2_400.00  # $1,800 + $600
    (r_sale,) = [s for s in outcome.results.plan.lot_sales if s.lot_id == "R"]
    assert r_sale.basis == pytest.approx(2_400.0) and r_sale.gain == pytest.approx(-400.0)
    assert f"the plan sells lot R at Trades step {r_sale.step}" in row[15]


def test_no_plan_wash_no_table(memory_book):
    h = loss_household()
    loader = lambda default_as_of=None: SimpleNamespace(household=h, issues=(), ok=True, digest="")  # noqa: E731
    run_book(memory_book, loader, command="all", run_time=datetime(2026, 6, 1, 9, 30), default_as_of=None,
             source_name="t", raise_internal=True)
    assert "Wash sales in the rebalancing plan" not in [t.title for t in memory_book.tables("Wash Sales")]
