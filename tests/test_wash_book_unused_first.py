"""A plan's sale of a split lot's unwashed piece relieves the shares the plan's own loss sales washed,
not those of the washed piece an earlier sale made (engine/wash_book.py, ``Acquisition.relieve``;
Treas. Reg. §1.1091-1(e): each share replaces once; IRC §1091(d): the disallowed loss is in the
replacement shares' basis).

Worked by hand. 10 VEA bought 2026-11-20 at $50 (lot R, $500). On 2026-11-09, 6 VEA bought 2026-03-02
were sold at a $10-a-share loss: R's first 6 shares replaced them (the washed piece R-W1: $60 in their
basis, held from the tacked date). Today the plan sells a lot bought 2024-01-10 at a $20-a-share loss:
R's other 4 shares replace it ($80 in their basis, held from 2024-01-10). The plan then sells R's
unwashed piece, 4 shares: they are the ones carrying the plan's $80, not 4 of R-W1's ($40).
"""

from datetime import date

from taxrebal.engine.wash_book import Acquisition, Segment


def _r() -> Acquisition:
    a = Acquisition("R", "R", "Brk", "VEA", "VEA", date(2026, 11, 20), 10.0, 50.0, True, False, False, 0, None, None)
    a.segments = [Segment(6.0, 60.0, date(2026, 3, 13)), Segment(4.0, 80.0, date(2024, 1, 10))]
    a.unmatched = 0.0
    return a


def test_the_unwashed_piece_sells_the_shares_the_plan_washed_last():
    assert _r().relieve(4.0, unused_first=True) == [(4.0, 80.0, date(2024, 1, 10))]


def test_a_washed_piece_sells_the_shares_washed_first():
    assert _r().relieve(4.0) == [(4.0, 40.0, date(2026, 3, 13))]


def test_unwashed_shares_still_go_first():
    a = _r()
    a.unmatched = 1.0
    a.quantity = 11.0
    assert a.relieve(3.0, unused_first=True) == [(1.0, 0.0, None), (2.0, 40.0, date(2024, 1, 10))]
