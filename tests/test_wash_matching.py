"""The one matcher of loss shares with replacement shares (engine/wash_matching.py), which the wash
engine and each lot method's kept wash sale both use (Treas. Reg. §1.1091-1(c)-(e)).

By hand: 30 loss shares; replacement A holds 10 shares not yet used, B (acquired after A) 25. A's 10
are taken first (earliest acquired, Reg. §1.1091-1(d)), then 20 of B's; B keeps 5 for a later loss,
and a share that washed one loss washes no other (Reg. §1.1091-1(e)).
"""

from dataclasses import dataclass

import pytest

from taxrebal.engine.wash_matching import match_loss_shares


@dataclass
class Shares:
    name: str
    unmatched: float


def test_earliest_first_each_share_once_and_only_as_many_as_the_loss_shares():
    a, b = Shares("A", 10.0), Shares("B", 25.0)
    assert [(r.name, q) for r, q in match_loss_shares(30.0, [a, b])] == [("A", 10.0), ("B", 20.0)]
    assert (a.unmatched, b.unmatched) == (0.0, 5.0)
    # a second loss sale of 8 shares finds only B's 5 left: 5 of its 8 loss shares wash (Reg. §1.1091-1(c))
    assert [(r.name, q) for r, q in match_loss_shares(8.0, [a, b])] == [("B", 5.0)]
    assert match_loss_shares(1.0, [a, b]) == []


def test_fewer_loss_shares_than_replacements_leave_the_later_ones_untouched():
    a, b = Shares("A", 10.0), Shares("B", 25.0)
    assert [(r.name, q) for r, q in match_loss_shares(4.0, [a, b])] == [("A", pytest.approx(4.0))]
    assert (a.unmatched, b.unmatched) == (pytest.approx(6.0), 25.0)
