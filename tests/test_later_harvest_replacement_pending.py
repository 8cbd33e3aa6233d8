"""A dated loss sale's replacement is a fund no other dated loss still needs, when one is clean that day
(engine/rebalance/later_harvest.py, ``_clean_fund``; IRC §1091(a): a purchase within 30 days before or
after a loss sale washes it).

Seen on the plan-quality benchmark (``--past-sales`` seed 709, 0.931 -> 0.997): IN-IDX0's lots, dated
2026-12-28, bought IN1 that day (the first of the class's funds by the model's order), so the 272 shares of
IN1's L011 the plan left unsold ($6,400 of loss) could not be dated this year: any day from 2026-12-28 on is
within 30 days of that purchase. IN2, all of whose loss lots the plan sold today, was as clean.
"""

from datetime import date
from types import SimpleNamespace

from taxrebal.engine.rebalance.later_harvest import _clean_fund
from taxrebal.engine.records import Security

DAY = date(2026, 12, 28)


def _model():
    secs = {s.symbol: s for s in (Security("IN0A", "Intl", 50.0, identical_group="IN-IDX0"),
                                  Security("IN1", "Intl", 50.0), Security("IN2", "Intl", 50.0))}
    buys = [SimpleNamespace(account="Brk", symbol=sym, asset_class="Intl", identity=secs[sym].identity, weight=1.0)
            for sym in ("IN1", "IN2")]
    return SimpleNamespace(secs=secs, buys=buys, window=30, loss_identities=frozenset({"IN1", "IN2", "IN-IDX0"}),
                           household=SimpleNamespace(may_buy=lambda _a, _s: True))


def test_the_replacement_passes_over_a_fund_with_loss_lots_still_to_date():
    # IN1 and IN2 were both sold at a loss on 2026-11-25, 33 days before 2026-12-28: both clean that day
    # (more than 30 days). IN1 still has a lot to date: IN2 is bought.
    losses = {"IN1": [date(2026, 11, 25)], "IN2": [date(2026, 11, 25)]}
    assert _clean_fund(_model(), "IN0A", "Brk", "Intl", "IN-IDX0", DAY, losses) == "IN1"  # no lot pending
    assert _clean_fund(_model(), "IN0A", "Brk", "Intl", "IN-IDX0", DAY, losses, {"IN1"}) == "IN2"


def test_a_fund_with_loss_lots_still_to_date_is_bought_when_it_is_the_only_clean_one():
    # IN2 sold at a loss on 2026-12-01, 27 days before 2026-12-28: a purchase that day washes it; IN1 is
    # the only clean fund, so it is bought although a lot of it is still to date
    losses = {"IN1": [date(2026, 11, 25)], "IN2": [date(2026, 12, 1)]}
    assert _clean_fund(_model(), "IN0A", "Brk", "Intl", "IN-IDX0", DAY, losses, {"IN1"}) == "IN1"
