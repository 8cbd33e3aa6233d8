"""FIFO and LIFO order lots by the day the shares were bought, not by a tacked holding start.

Treas. Reg. §1.1012-1(c)(1) charges shares not identified "against the earliest of such lots
purchased or acquired". A wash sale tacks the sold shares' holding period onto the replacement's
(IRC §1223(3)): that decides short or long term, not which lot was bought first (fe13 F3).

Household (VEA at $52 on 2026-11-25, Brokerage):
- P1 100 sh bought 2026-06-01 for $5,500 ($55 a share): short-term loss $3 a share;
- R1 40 sh bought 2026-10-25 for $2,000 plus a $160 wash adjustment ($54 a share), its holding
  period tacked back to 2026-05-16 (before P1's), short-term loss $2 a share.

Selling 100 shares by FIFO takes all of P1 (bought first): loss 100 x 3 = $300. By LIFO it takes
R1's 40 (bought last) then 60 of P1: loss 40 x 2 + 60 x 3 = $260.
"""

from datetime import date

from taxrebal.engine.lots import relieve
from taxrebal.engine.records import Lot, LotMethod

SOLD = date(2026, 11, 25)
P1 = Lot("P1", "Brokerage", "VEA", date(2026, 6, 1), 100, 5_500.0)
R1 = Lot("R1", "Brokerage", "VEA", date(2026, 10, 25), 40, 2_000.0, wash_adjustment=160.0,
         adjusted_acquired=date(2026, 5, 16))


def test_fifo_sells_the_lot_bought_first_although_the_replacement_is_held_longer():
    relief = relieve([R1, P1], 100, 52.0, SOLD, LotMethod.FIFO)
    assert [(p.lot_id, p.quantity) for p in relief.pieces] == [("P1", 100)]
    assert round(sum(p.gain for p in relief.pieces), 2) == -300.00


def test_lifo_sells_the_replacement_bought_last_first():
    relief = relieve([P1, R1], 100, 52.0, SOLD, LotMethod.LIFO)
    assert [(p.lot_id, p.quantity) for p in relief.pieces] == [("R1", 40), ("P1", 60)]
    assert round(sum(p.gain for p in relief.pieces), 2) == -260.00
