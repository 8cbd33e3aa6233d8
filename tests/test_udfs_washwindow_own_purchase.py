"""WASHWINDOW does not let a lot's own purchase wash its loss (fe17 F12): no share replaces itself
(Treas. Reg. §1.1091-1(a): the loss is disallowed when *other* substantially identical stock is acquired
within 30 days before or after the sale), as the plan reads it (it sells such a lot with its loss allowed).

Worked by hand (fe17 h1): the Joint account holds VTI lot V1 (100 shares bought 2024-02-01 for $25,000,
$250 a share) and lot V2 (10 shares bought 2026-11-16 for $3,100, $310 a share; the Buy row names V2).
VTI is $300: V1 is at a gain, V2 at a $100 loss. A loss sale on 2026-12-04 can only sell V2, and the only
purchase in its window (2026-11-04 .. 2027-01-03) is V2's own: "Clear". Without the Lots range the
function cannot know which shares a loss sale sells: V2's purchase may wash it, first day to sell
2026-12-17 (11-16 + 30 = 12-16 is the window's last day). A second purchase, 5 VTI in the Roth on
2026-11-20, does wash V2's loss: first day to sell 2026-12-21 (11-20 + 30 = Sunday 12-20, + 1). At $240 V1
is at a loss too ($10 a share), and V2's purchase washes a loss sale of V1: 2026-12-17.
"""

from taxrebal.excel.udfs import WASHWINDOW

HEADER = ["Date", "Account", "Symbol", "Action", "Quantity", "Price", "Lot ID", "Acquired", "Cost Basis"]
TX = [HEADER, ["2026-11-16", "Joint", "VTI", "Buy", 10, 310, "V2", None, None]]
LOTS = [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"],
        ["V1", "Joint", "VTI", "2024-02-01", 100, 25_000],
        ["V2", "Joint", "VTI", "2026-11-16", 10, 3_100]]
ACCOUNTS = [["Account", "Type"], ["Joint", "Taxable"], ["Roth", "Roth IRA"]]


def _secs(price):
    return [["Symbol", "Asset Class", "Price", "Identical Group"], ["VTI", "US Stocks", price, "TSM"]]


def test_the_only_loss_lot_is_not_washed_by_its_own_purchase():
    assert WASHWINDOW("VTI", "2026-12-04", TX, _secs(300), ACCOUNTS, LOTS) == "Clear"


def test_without_the_lots_any_recent_purchase_may_wash_a_loss_sale():
    assert WASHWINDOW("VTI", "2026-12-04", TX, _secs(300), ACCOUNTS) == \
        "Loss sale washed; first day you may sell 2026-12-17: VTI bought on 2026-11-16 (Joint)"


def test_another_purchase_washes_the_loss_lot():
    tx = TX + [["2026-11-20", "Roth", "VTI", "Buy", 5, 305, "R5", None, None]]
    assert WASHWINDOW("VTI", "2026-12-04", tx, _secs(300), ACCOUNTS, LOTS) == \
        "Loss sale washed; first day you may sell 2026-12-21: VTI bought on 2026-11-20 (Roth)"


def test_a_recent_lot_washes_an_older_lot_at_a_loss():
    assert WASHWINDOW("VTI", "2026-12-04", TX, _secs(240), ACCOUNTS, LOTS) == \
        "Loss sale washed; first day you may sell 2026-12-17: VTI bought on 2026-11-16 (Joint)"
