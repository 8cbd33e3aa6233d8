"""An inherited lot has no date on the sheet: the fixed orders treat it as the earliest.

Our reading (README "Tax rules", engine/lot_order.py): Treas. Reg. §1.1012-1(c)(1) charges an
unidentified sale against the earliest lot acquired; inherited shares were acquired at the
decedent's death (IRC §1014), a date the Lots sheet does not hold (Acquired = "Inherited").

Household: H 100 VTI inherited (basis $20,000), P 100 VTI bought 2020-03-02 for $15,000. Selling 50
shares at $250 on 2026-11-25:
- FIFO takes 50 of H (the earliest): gain 50 x 250 - 10,000 = $2,500, long-term (IRC §1223(9));
- LIFO takes 50 of P (the latest): gain 12,500 - 7,500 = $5,000, long-term (held over a year);
- Specific ID naming P sells P although FIFO would sell H.
"""

from datetime import date

from taxrebal.engine.lots import relieve
from taxrebal.engine.records import Lot, LotMethod

SOLD = date(2026, 11, 25)
HEIR = Lot("H", "Brokerage", "VTI", None, 100, 20_000.0, inherited=True)
BOUGHT = Lot("P", "Brokerage", "VTI", date(2020, 3, 2), 100, 15_000.0)


def test_fifo_sells_the_inherited_lot_first():
    relief = relieve([BOUGHT, HEIR], 50, 250.0, SOLD, LotMethod.FIFO)
    assert [(p.lot_id, p.quantity) for p in relief.pieces] == [("H", 50)]
    assert relief.pieces[0].gain == 2_500.0 and relief.pieces[0].long_term


def test_lifo_sells_it_last():
    relief = relieve([HEIR, BOUGHT], 50, 250.0, SOLD, LotMethod.LIFO)
    assert [(p.lot_id, p.quantity) for p in relief.pieces] == [("P", 50)]
    assert relief.pieces[0].gain == 5_000.0


def test_naming_a_lot_sells_that_lot_instead():
    relief = relieve([HEIR, BOUGHT], 50, 250.0, SOLD, LotMethod.SPECIFIC, lot_ids=["P"])
    assert [(p.lot_id, p.quantity) for p in relief.pieces] == [("P", 50)]
