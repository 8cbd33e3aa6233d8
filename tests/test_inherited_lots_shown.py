"""An inherited lot says "Inherited" wherever a result sheet shows a lot's acquisition date.

IRC §1223(9): property acquired from a decedent whose basis is its value at death (IRC §1014) is held
more than one year, whatever the dates: its gain or loss is long-term. The Lots sheet takes the word
"Inherited" in Acquired; Form 8949 writes INHERITED in column (b). Lot Selection, Lot Sales, Harvest
and Orders write "Inherited" in the date's place, never a blank that reads as a missing date.

The household: 100 VTI inherited (basis $20,000, the value at death; no purchase date) and 100 VTI
bought 2026-06-01 for $30,000, price $250, Single, $100,000 of income, sold on 2026-11-25. Selling 50
shares of the inherited lot by Specific ID: proceeds $12,500 - basis $10,000 = $2,500, long-term
(held since a date unknown, IRC §1223(9)).
"""

from __future__ import annotations

from datetime import date

from taxrebal.engine.lot_selection import compare_request
from taxrebal.engine.plan import LotSale
from taxrebal.engine.records import (
    Account,
    Action,
    FilingStatus,
    Household,
    Lot,
    LotMethod,
    SaleRequest,
    Security,
    Settings,
)
from taxrebal.engine.tax import TaxProfile
from taxrebal.workbook.results.harvest import candidates_table
from taxrebal.workbook.results.lot_selection import lots_table
from taxrebal.workbook.results.orders import OrderTicket, _lot_instruction
from taxrebal.workbook.results.trades import lot_sales_table

SOLD = date(2026, 11, 25)
HEIR = Lot("H", "Brokerage", "VTI", None, 100, 20_000.0, inherited=True)
NEW = Lot("N", "Brokerage", "VTI", date(2026, 6, 1), 100, 30_000.0)
PROFILE = TaxProfile(year=2026, filing_status=FilingStatus.SINGLE, ordinary_income=100_000)


def household() -> Household:
    return Household(accounts=(Account("Brokerage", "Taxable"),), securities=(Security("VTI", "US", 250.0),),
                     lots=(HEIR, NEW), settings=Settings(as_of=SOLD, ordinary_income=100_000.0,
                                                         lot_method=LotMethod.SPECIFIC))


def test_lot_selection_shows_inherited_where_the_date_would_be():
    c = compare_request(household(), SaleRequest("Brokerage", "VTI", 50, lot_ids=("H",)), SOLD, PROFILE)
    (piece,) = c.chosen_outcome.relief.pieces
    assert piece.inherited and piece.long_term and piece.gain == 2_500.0
    table = lots_table(c, "Sale 1")
    row = table.rows[0]
    assert row[0] == "H" and row[1] == "Inherited" and row[6] == "Long"
    assert table.rows[-1][0] == "Total" and table.rows[-1][1] is None  # the total row has no date


def test_a_purchased_lot_keeps_its_date():
    c = compare_request(household(), SaleRequest("Brokerage", "VTI", 10, lot_ids=("N",)), SOLD, PROFILE)
    assert lots_table(c, "Sale 1").rows[0][1] == date(2026, 6, 1)


def test_lot_sales_and_orders_say_inherited_too():
    sale = LotSale(3, "Brokerage", "VTI", "H", None, 50, 12_500.0, 10_000.0, 2_500.0, True, "Clear", 0.0,
                   inherited=True)

    class PlanStub:
        lot_sales = (sale,)

    row = lot_sales_table(PlanStub()).rows[0]  # type: ignore[arg-type]
    assert row[3] == "H" and row[4] == "Inherited"
    ticket_lot = _lot_instruction(sale, HEIR)
    assert ticket_lot.inherited
    t = OrderTicket("Brokerage", 1, 3, Action.SELL, "VTI", "Shares", 50, 12_500.0, 250.0, (ticket_lot,))
    assert t.lot_text.startswith("Specific lots: Inherited 50 sh @ $200.00/sh (H)")


def test_harvest_shows_an_inherited_loss_lot_as_inherited():
    from taxrebal.engine.harvest import harvest_candidates

    heir = Lot("H", "Brokerage", "VTI", None, 100, 40_000.0, inherited=True)  # $400 a share at death
    h = Household(accounts=(Account("Brokerage", "Taxable"),), securities=(Security("VTI", "US", 250.0),),
                  lots=(heir,), settings=Settings(as_of=SOLD, ordinary_income=100_000.0))
    scan = harvest_candidates(h, SOLD, TaxProfile.from_settings(h.settings))
    (cand,) = scan.candidates
    assert cand.inherited and cand.long_term
    assert candidates_table(scan).rows[0][3] == "Inherited"
