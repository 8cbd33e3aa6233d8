"""WASHWINDOW: the 61-day window of IRC §1091(a) and Pub 550 "Wash Sales", counted by hand.

A loss sale on 2026-11-15 is washed by a purchase from 2026-10-16 (30 days before) through
2026-12-15 (30 days after); 2026-10-15 and 2026-12-16 are outside (31 days away).
"""

from datetime import date

import pytest

from taxrebal.excel.udfs import WASHWINDOW

HEADER = ["Date", "Account", "Symbol", "Action", "Quantity", "Price", "Lot ID", "Acquired", "Cost Basis"]
# 100 VXUS sold at $55 from a lot that cost $6,500: a $1,000 loss.
LOSS_SALE = [HEADER, ["2026-11-15", "Brokerage", "VXUS", "Sell", 100, 55, "L9", "2025-01-10", 6500],
             [None] * 9, [None] * 9]


@pytest.mark.parametrize("on, expected", [
    ("2026-10-15", "Clear"),
    ("2026-10-16", "Blocked; first day you may buy 2026-12-16"),
    ("2026-11-25", "Blocked; first day you may buy 2026-12-16"),
    (date(2026, 12, 15), "Blocked; first day you may buy 2026-12-16"),
    (46371, "Blocked; first day you may buy 2026-12-16"),   # =DATE(2026,12,15) as a serial
    ("2026-12-16", "Clear"),
])
def test_buying_around_a_loss_sale(on, expected):
    assert WASHWINDOW("VXUS", on, LOSS_SALE).startswith(expected)


def test_reason_names_the_sale():
    assert WASHWINDOW("vxus", "2026-11-25", LOSS_SALE) == \
        "Blocked; first day you may buy 2026-12-16: VXUS sold at a loss on 2026-11-15 (Brokerage)"


def test_gain_sale_never_blocks():
    gain = [HEADER, ["2026-11-15", "Brokerage", "VXUS", "Sell", 100, 55, "L9", "2025-01-10", 4000]]
    assert WASHWINDOW("VXUS", "2026-11-25", gain) == "Clear"


def test_identical_group_from_the_securities_range():
    secs = [["Symbol", "Asset Class", "Price", "Identical Group"],
            ["VXUS", "Intl", 55, "total-intl"], ["IXUS", "Intl", 60, "total-intl"]]
    assert WASHWINDOW("IXUS", "2026-11-25", LOSS_SALE).startswith("Clear")
    assert WASHWINDOW("IXUS", "2026-11-25", LOSS_SALE, secs).startswith("Blocked; first day you may buy 2026-12-16")


def test_selling_at_a_loss_after_a_recent_buy():
    buys = [HEADER, ["2026-11-15", "Roth IRA", "VXUS", "Buy", 10, 55, "R1", None, None]]
    assert WASHWINDOW("VXUS", "2026-11-25", buys).startswith("Loss sale washed; first day you may sell 2026-12-16")
    assert WASHWINDOW("VXUS", "2026-12-16", buys) == "Clear"


def test_loss_in_an_ira_is_not_a_wash_sale_loss():
    ira_sale = [HEADER, ["2026-11-15", "IRA", "VXUS", "Sell", 100, 55, "I9", "2025-01-10", 6500]]
    accounts = [["Account", "Type"], ["IRA", "Traditional IRA"]]
    assert WASHWINDOW("VXUS", "2026-11-25", ira_sale, None, accounts) == "Clear"


def test_sale_basis_from_the_lots_range():
    sale = [HEADER, ["2026-11-15", "Brokerage", "VXUS", "Sell", 100, 55, "L9", None, None]]
    lots = [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"],
            ["L9", "Brokerage", "VXUS", "2025-01-10", 200, 13000]]   # $65/share > $55: a loss
    assert WASHWINDOW("VXUS", "2026-11-25", sale, None, None,
                      lots).startswith("Blocked; first day you may buy 2026-12-16")


@pytest.mark.parametrize("args, fragment", [
    (("VXUS", "someday", LOSS_SALE), "trade_date: 'someday' is not a date"),
    (("VXUS", "2026-11-25", [HEADER, ["2026-11-15", "B", "VXUS", "Swap", 1, 1, "", "", ""]]),
     "transactions row 2, column Action (D): 'Swap' is not a known action; use one of: Buy, Sell, Reinvest"),
    (("VXUS", "2026-11-25", None), "transactions is missing"),
])
def test_bad_arguments(args, fragment):
    out = WASHWINDOW(*args)
    assert out.startswith("#TAXREBAL! ") and fragment in out, out
