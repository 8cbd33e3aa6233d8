"""Realized ST YTD typed as the broker reports it: its same-account wash sales already applied (fe13 F7).

A broker must report a wash sale whose replacement is the same security bought in the same account
(IRC §6045(g)(2)(B)(ii); Treas. Reg. §1.6045-1(d)(6)(iii)); it does not see a purchase in another
account. Hand-worked household (2026): 100 VEA bought 2026-06-01 at $60 and sold 2026-11-10 at $50,
a $1,000 short-term loss ($10 a share). Replacements in the 30 days either side, taken in the order
bought (Treas. Reg. §1.1091-1(b)): R1 40 shares in Brokerage (2026-10-25), R2 30 in the Roth
(2026-11-20), R3 30 in Brokerage (2026-11-25). Disallowed: $400 + $300 + $300 = $1,000, of which
$700 in the same account (R1, R3): the broker's realized page says -1,000 + 700 = -$300.00.

- typed -300.00 (the broker's figure): only the $300 the broker cannot see is added: 0.00 used;
- typed -1,000.00 (before every adjustment): all $1,000 added: 0.00 used;
- the two readings agree, so the year's figure never depends on which of the two was typed.
"""

from __future__ import annotations

from datetime import date

import pytest

from taxrebal.engine.ledger import build_ledger
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Transaction
from taxrebal.engine.wash import adjust_lots
from taxrebal.errors import Severity

AS_OF = date(2026, 12, 1)


def household(realized_st: float) -> Household:
    txs = (
        Transaction(date(2026, 6, 1), "Brokerage", "VEA", Action.BUY, 100, 60.0, lot_id="S"),
        Transaction(date(2026, 10, 25), "Brokerage", "VEA", Action.BUY, 40, 52.0, lot_id="R1"),
        Transaction(date(2026, 11, 10), "Brokerage", "VEA", Action.SELL, 100, 50.0, lot_id="S"),
        Transaction(date(2026, 11, 20), "Roth", "VEA", Action.BUY, 30, 51.0, lot_id="R2"),
        Transaction(date(2026, 11, 25), "Brokerage", "VEA", Action.BUY, 30, 51.0, lot_id="R3"),
    )
    lots = (Lot("R1", "Brokerage", "VEA", date(2026, 10, 25), 40, 2_080.0),
            Lot("R2", "Roth", "VEA", date(2026, 11, 20), 30, 1_530.0),
            Lot("R3", "Brokerage", "VEA", date(2026, 11, 25), 30, 1_530.0))
    return Household(accounts=(Account("Brokerage", "Taxable"), Account("Roth", "Roth IRA")),
                     securities=(Security("VEA", "Intl", 52.0),), lots=lots, transactions=txs,
                     settings=Settings(as_of=AS_OF, ordinary_income=100_000.0, realized_st_ytd=realized_st,
                                       realized_lt_ytd=0.0))


def ledger(realized_st: float):
    h = household(realized_st)
    return build_ledger(h.settings, adjust_lots(h), AS_OF, {"realized_st_ytd": "B11"})


def test_the_wash_sales_found_are_1000_of_which_700_in_the_same_account():
    wash = adjust_lots(household(-300.0))
    assert sum(m.disallowed for m in wash.matches) == pytest.approx(1_000.0)
    assert sum(m.disallowed for m in wash.matches if m.replacement_account == "Brokerage") == pytest.approx(700.0)


def test_the_brokers_figure_gets_only_the_loss_the_broker_cannot_see_added():
    book = ledger(-300.0)
    assert book.realized_st == pytest.approx(0.0, abs=0.005)  # not -300 + 1,000 = 700
    (issue,) = book.issues
    assert issue.severity is Severity.INFO and issue.cell == "B11"
    assert "$700.00 of loss washed by purchases of the same fund in the same account" in issue.message
    assert "$300.00 more" in issue.message and "$0.00 is used" in issue.message


def test_the_figure_before_every_adjustment_comes_to_the_same_year():
    book = ledger(-1_000.0)
    assert book.realized_st == pytest.approx(0.0, abs=0.005)
    assert all(i.severity is Severity.INFO for i in book.issues)


def test_a_figure_that_is_neither_still_warns_and_says_what_is_used():
    book = ledger(-700.0)
    (issue,) = book.issues
    assert issue.severity is Severity.WARNING and "$300.00 is used" in issue.message
