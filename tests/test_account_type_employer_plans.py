"""Account Types of employer plans a teacher or a public employee has (fe21 finding 9).

"Roth 403(b)", "457(b)" and "TSP" stopped the run ("'Roth 403(b)' is not a known type"), though each
is taxed as a type taxrebal has: a designated Roth account of a 403(b) or governmental 457(b) as a
Roth 401(k)'s (IRC §402A(e)(1)), tax-free, contributions by payroll; a governmental 457(b) and the
Thrift Savings Plan as a 401(k) (IRC §457(a), §7701(j)), tax-deferred, by payroll; an inherited Roth
IRA as a Roth IRA (no tax on trades inside). They are read as those types.
"""

from __future__ import annotations

from datetime import date

import pytest

from taxrebal.engine.records import PAYROLL_PLAN_TYPES, TaxTreatment
from taxrebal.workbook.cells import CellError, parse_choice
from taxrebal.workbook.reader import load_sheets
from taxrebal.workbook.schema import ACCOUNT_TYPE_ALIASES


@pytest.mark.parametrize("text, expected", [
    ("Roth 403(b)", "Roth 401(k)"), ("roth 403b", "Roth 401(k)"), ("Roth 457(b)", "Roth 401(k)"),
    ("Roth TSP", "Roth 401(k)"), ("457(b)", "401(k)"), ("457b", "401(k)"), ("Governmental 457(b)", "401(k)"),
    ("TSP", "401(k)"), ("Thrift Savings Plan", "401(k)"), ("Inherited Roth IRA", "Roth IRA"),
])
def test_employer_plan_spellings(text, expected):
    assert parse_choice(text, ACCOUNT_TYPE_ALIASES, "account type", "...") == expected


def test_a_529_plan_is_still_unknown():
    with pytest.raises(CellError, match="not a known account type"):
        parse_choice("529", ACCOUNT_TYPE_ALIASES, "account type", "Taxable, Traditional IRA")


def test_a_roth_403b_account_is_tax_free_and_paid_by_payroll():
    result = load_sheets({
        "Accounts": [["Account", "Type", "Contribution"], ["Lee Roth 403b", "Roth 403(b)", 500],
                     ["Lee 457", "457(b)", 300]],
        "Securities": [["Symbol", "Asset Class", "Price"], ["VTI", "US", 300]],
        "Lots": [["Account", "Symbol", "Quantity"], ["Lee Roth 403b", "VTI", 10], ["Lee 457", "VTI", 5]],
        "Targets": [["Asset Class", "Target"], ["US", 100]],
        "Settings": [["Setting", "Value"], ["As Of", date(2026, 12, 4)]],
    })
    assert not result.errors
    roth, plan457 = result.household.accounts
    assert (roth.type, roth.treatment, roth.type in PAYROLL_PLAN_TYPES) == ("Roth 401(k)", TaxTreatment.TAX_FREE, True)
    assert (plan457.type, plan457.treatment) == ("401(k)", TaxTreatment.TAX_DEFERRED)
