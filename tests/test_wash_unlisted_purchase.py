"""A Buy row with no Lot ID, sold again by a Sell row that names no lot, and on no Lots row (fe17 F7).

Hand-worked household (fe17 h4, As Of 2026-12-04; VXUS at $65): Brokerage holds lot A2, 300 VXUS
bought 2024-06-03 for $21,000 ($70 a share), the only VXUS lot of the account on the Lots sheet.
Transactions (a Vanguard file, no Lot IDs): 2026-11-20 Buy 10 VXUS at $64 (Brokerage), 2026-11-28
Sell 10 VXUS at $63 (Brokerage), 2026-11-30 Buy 5 VXUS at $64.50 (Roth).

The Lots sheet lists the shares still held and A2 is whole, so the 11-28 sale sold the 11-20 shares
(wash_unlisted.py): proceeds 10 x $63 = $630.00, basis 10 x $64 = $640.00, a **$10.00** short-term
loss; the Roth's 5 shares bought 11-30 replace 5 of the 10 loss shares: 5 x $1.00 = **$5.00**
disallowed, lost for good (Rev. Rul. 2008-5). The plan's sale of A2 on As Of then finds no purchase
of the last 30 days still held in Brokerage (reading 4 of wash.py: shares sold before the loss sale do
not replace it) and the Roth's 5 shares already replaced a loss (Treas. Reg. §1.1091-1(e)): nothing of
A2's 300 x $5 = $1,500 loss is washed. Before the fix the 11-20 shares counted as held: $50.00
(10 x $5) of A2's loss disallowed, "the VXUS bought 2026-11-20 is kept", and the 11-28 sale unknown.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from taxrebal.engine.records import (
    Account,
    Action,
    FilingStatus,
    Household,
    Lot,
    Security,
    Settings,
    SourceRef,
    Target,
    Transaction,
)
from taxrebal.engine.wash import adjust_lots

AS_OF = date(2026, 12, 4)


def _row(n: int) -> SourceRef:
    return SourceRef("Transactions", n)


def _household(sell: bool = True) -> Household:
    rows = [Transaction(date(2026, 11, 20), "Brokerage", "VXUS", Action.BUY, 10, 64.0, source=_row(2)),
            Transaction(date(2026, 11, 28), "Brokerage", "VXUS", Action.SELL, 10, 63.0, source=_row(3)),
            Transaction(date(2026, 11, 30), "Roth", "VXUS", Action.BUY, 5, 64.5, source=_row(4))]
    return Household(
        accounts=(Account("Brokerage", "Taxable"), Account("Roth", "Roth IRA")),
        securities=(Security("VXUS", "Intl", 65.0),),
        lots=(Lot("A2", "Brokerage", "VXUS", date(2024, 6, 3), 300, 21_000.0),
              Lot("R1", "Roth", "VXUS", None, 100, None)),
        transactions=tuple(rows if sell else rows[:1] + rows[2:]),
        targets=(Target("Intl", 1.0),),
        settings=Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE))


def test_the_unnamed_sale_sold_the_purchase_no_lot_shows():
    result = adjust_lots(_household())
    [sale] = result.sales
    assert sale.acquired == date(2026, 11, 20)
    assert (sale.proceeds, sale.basis) == (pytest.approx(630.0), pytest.approx(640.0))
    assert sale.disallowed == pytest.approx(5.0) and sale.permanent_disallowed == pytest.approx(5.0)
    [warning] = [i for i in result.issues if i.cell == "A3"]
    assert "Transactions!A2" in warning.message and "names no lot" in warning.message
    assert "$640.00" in warning.message


def test_the_sold_purchase_no_longer_washes_the_plans_loss_sale():
    h = _household()
    plan_sale = Transaction(AS_OF, "Brokerage", "VXUS", Action.SELL, 300, 65.0, lot_id="A2",
                            acquired=date(2024, 6, 3), basis=21_000.0, source=SourceRef("(rebalancing plan)", 1))
    result = adjust_lots(replace(h, lots=h.lots[1:], transactions=h.transactions + (plan_sale,)),
                         sale_rank={3: 1})
    a2 = next(s for s in result.sales if s.lot_id == "A2")
    assert a2.basis - a2.proceeds == pytest.approx(1_500.0)
    assert a2.disallowed == pytest.approx(0.0)          # was $50.00: the 11-20 shares counted as held


def test_a_purchase_on_no_lots_row_and_never_sold_is_named_as_assumed_held():
    result = adjust_lots(_household(sell=False))
    [warning] = [i for i in result.issues if "assumes their shares are still held" in i.message]
    assert (warning.sheet, warning.cell) == ("Transactions", "A2")
    assert "Transactions!A2: Buy of 10 VXUS on 2026-11-20 (Brokerage)" in warning.message


def test_with_realized_ytd_blank_the_reader_lets_the_engine_price_that_sale():
    """The same rows in a workbook with Settings Realized ST/LT YTD blank: the reader's "gain cannot be
    computed" error (the year's gains are added up from Transactions) no longer stops the run, since the
    11-20 Buy is on no Lots row and the engine prices the 11-28 sale from it (-$10.00, $5.00 washed)."""
    from taxrebal.workbook.reader import load_sheets

    sheets = {
        "Accounts": [["Account", "Type"], ["Brokerage", "Taxable"], ["Roth", "Roth IRA"]],
        "Securities": [["Symbol", "Asset Class", "Price"], ["VXUS", "Intl", 65]],
        "Lots": [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"],
                 ["A2", "Brokerage", "VXUS", date(2024, 6, 3), 300, 21000], ["R1", "Roth", "VXUS", None, 100, None]],
        "Targets": [["Asset Class", "Target"], ["Intl", 100]],
        "Settings": [["Setting", "Value"], ["As Of", AS_OF], ["Filing Status", "Single"], ["Ordinary Income", 90000]],
        "Transactions": [["Date", "Account", "Symbol", "Action", "Quantity", "Price"],
                         [date(2026, 11, 20), "Brokerage", "VXUS", "Buy", 10, 64],
                         [date(2026, 11, 28), "Brokerage", "VXUS", "Sell", 10, 63],
                         [date(2026, 11, 30), "Roth", "VXUS", "Buy", 5, 64.5]],
    }
    loaded = load_sheets(sheets)
    assert loaded.ok, [str(i) for i in loaded.issues]
    [sale] = adjust_lots(loaded.household).sales
    assert sale.basis - sale.proceeds == pytest.approx(10.0) and sale.disallowed == pytest.approx(5.0)


def test_a_sale_without_basis_says_whose_first_day_to_buy_it_gives():
    """fe17 F7, Trades: 10 VXUS sold 2026-11-28 with no basis and no purchase to take it from; the plan
    harvests lot A2 on As Of 2026-12-04. The note's first day to buy is the later one, 2027-01-04 (12-04 +
    31, the plan's sale); that sale's own is 2026-12-29 (11-28 + 31), now said, not passed off as its."""
    from taxrebal.engine.rebalance import plan_rebalance

    h = Household(
        accounts=(Account("Brokerage", "Taxable", cash=1000.0),),
        securities=(Security("VXUS", "Intl", 65.0, replacements=("IXUS",)), Security("IXUS", "Intl", 70.0),
                    Security("VTI", "US", 300.0)),
        lots=(Lot("A2", "Brokerage", "VXUS", date(2024, 6, 3), 300, 21_000.0),
              Lot("A1", "Brokerage", "VTI", date(2023, 1, 10), 60, 12_000.0)),
        transactions=(Transaction(date(2026, 11, 28), "Brokerage", "VXUS", Action.SELL, 10, 63.0),),
        targets=(Target("Intl", 0.5), Target("US", 0.5)),
        settings=Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=100_000.0))
    plan = plan_rebalance(h, as_of=AS_OF)
    assert any(t.symbol == "VXUS" and t.action is Action.SELL for t in plan.trades)
    [note] = [n for n in plan.notes if "without a cost basis" in n]
    assert "(wash sale): 2027-01-04 (that sale's own is 2026-12-29" in note
