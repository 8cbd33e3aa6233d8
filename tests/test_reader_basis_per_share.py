"""A lot's Cost Basis typed as the cost of one share (fe21 finding 7).

Brokers show Cost/Share beside Cost Basis, and the template's Lots sheet has only Cost Basis: 150,
the price paid per share, typed for 200 VTI bought at $150 (total $30,000) was read as $150 for the
whole lot, $0.75 a share: a $59,850 gain instead of $30,000 at today's $300, and every tax figure and
the plan's choice of lots followed it, without a word. A taxable lot whose Cost Basis is within a
factor 2 of one share's price today while its cost per share is under a twentieth of it (a gain of
more than 20 times) gets a warning at the Cost Basis cell naming both readings; the value is kept
(an old lot can have gained that much).
"""

from __future__ import annotations

from datetime import date

from taxrebal.workbook.reader import load_sheets


def sheets(*lots, account_type="Taxable"):
    return {
        "Accounts": [["Account", "Type"], ["Joint", account_type]],
        "Securities": [["Symbol", "Asset Class", "Price"], ["VTI", "US", 300]],
        "Lots": [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"], *lots],
        "Targets": [["Asset Class", "Target"], ["US", 100]],
        "Settings": [["Setting", "Value"], ["As Of", date(2026, 12, 4)], ["Filing Status", "Single"],
                     ["Ordinary Income", 100000], ["Realized ST YTD", 0], ["Realized LT YTD", 0]],
    }


def per_share(result):
    return [i for i in result.issues if "cost of one share" in i.message]


def test_a_cost_basis_that_looks_like_the_price_of_one_share_warns():
    result = load_sheets(sheets(["L1", "Joint", "VTI", date(2019, 5, 1), 200, 150]))
    (warning,) = per_share(result)
    assert (warning.severity.name, warning.sheet, warning.cell) == ("WARNING", "Lots", "F2")
    # $150 / 200 shares = $0.75 a share, 1/400 of $300; read per share the lot cost 200 x $150 = $30,000
    assert "$0.75 a share" in warning.message and "$30,000.00" in warning.message
    (lot,) = result.household.lots
    assert lot.basis == 150  # kept as typed


def test_a_total_cost_basis_gets_no_warning():
    assert not per_share(load_sheets(sheets(["L1", "Joint", "VTI", date(2019, 5, 1), 200, 30000])))


def test_a_small_lot_whose_basis_is_near_one_share_is_not_suspect():
    # 2 shares for $400 ($200 a share): within a factor 2 of the price, but no 20-fold gain
    assert not per_share(load_sheets(sheets(["L1", "Joint", "VTI", date(2019, 5, 1), 2, 400])))


def test_a_tax_advantaged_lot_is_not_judged():
    # its basis prices no tax
    assert not per_share(load_sheets(sheets(["L1", "Joint", "VTI", date(2019, 5, 1), 200, 150],
                                            account_type="Roth IRA")))
