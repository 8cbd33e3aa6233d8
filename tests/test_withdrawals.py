"""A negative Contribution is a withdrawal: it cannot exceed what the account holds, negative cash is never
"Within", and Contributions Only does not call a household with contributions one without.

Worked by hand on the reader's base household (tests/reader_workbook.py): Pat Roth (Accounts row 4)
holds lot L4, 10 VTI at $250 = $2,500, and no cash. A withdrawal of $3,000 is $500 more than is there:
an error on Accounts!E4 saying at most $2,500.00. A withdrawal of $2,000 is possible; the household's
cash is then Joint's $1,000 - $2,000 = -$1,000, which only sales can pay: Cash is "Under".
"""

from __future__ import annotations

import copy

from reader_workbook import BASE, book

from taxrebal.engine.allocation import CASH_CLASS, allocation
from taxrebal.engine.contributions import contributions_only
from taxrebal.errors import Severity
from taxrebal.workbook.reader import load_sheets


def _accounts(pat_roth_contribution, joint_contribution=0):
    rows = copy.deepcopy(BASE["Accounts"])
    rows[1][4] = joint_contribution
    rows[3][4] = pat_roth_contribution
    return rows


def test_a_withdrawal_larger_than_the_account_is_an_error_on_its_contribution_cell():
    r = load_sheets(book(Accounts=_accounts(-3000)))
    assert r.household is None
    err = {(i.sheet, i.cell): i for i in r.issues if i.severity is Severity.ERROR}[("Accounts", "E4")]
    assert "-$3,000.00" in err.message and "Pat Roth" in err.message
    assert "lower it to at most $2,500.00" in err.message


def test_a_withdrawal_of_everything_the_account_holds_is_allowed():
    r = load_sheets(book(Accounts=_accounts(-2500)))
    assert r.ok, [str(i) for i in r.issues]


def test_negative_cash_is_under_never_within():
    r = load_sheets(book(Accounts=_accounts(-2000)))
    cash = next(a for a in allocation(r.household) if a.asset_class == CASH_CLASS)
    assert cash.value == -1000.0
    assert cash.status == "Under"


def test_positive_cash_without_a_target_stays_within():
    r = load_sheets(book())
    cash = next(a for a in allocation(r.household) if a.asset_class == CASH_CLASS)
    assert (cash.value, cash.status) == (1000.0, "Within")


def test_contributions_only_names_the_withdrawal_a_sale_must_pay():
    # Joint +$500 a month, Pat Roth withdraws $2,000 once (a withdrawal is taken now, not every month:
    # fe5 finding 11) and holds no cash: only a sale can pay it, which this sheet never makes.
    r = load_sheets(book(Accounts=_accounts(-2000, joint_contribution=500)))
    plan = contributions_only(r.household, as_of=r.household.settings.as_of)
    assert plan.months is None and plan.monthly_total == 500.0
    assert "No account has a contribution" not in plan.note
    assert "Pat Roth withdraws $2,000.00 and holds $0.00 of cash, so a sale must pay $2,000.00 of it" in plan.note
    assert "taken once, now" in plan.note
