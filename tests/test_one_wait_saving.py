"""One figure for one wait (fe12 F-d): the sell step's "would save $X" and the "Waiting instead" note
price the same wait for long-term with the same rule: each tax in cents, as the sheets print it, then
the difference (engine/money.saving_in_cents; the rule of short_term_cost.py and attribution.py).
The step note had taken the exact difference rounded once ($48.35) beside the re-solve's $48.34.

Hand-worked (Tax Mode Flat: 40% short-term, 20% long-term, no state; IRC §1222, §1223):
Joint holds lot S, 100 VTI bought 2025-12-15 for $29,758.195 ($297.58195 a share), long-term from
2026-12-16; VTI is $300.00. Targets US 50% / Bonds 50%, bands 5 points, Whole Shares = Y: the plan
sells 46 VTI on As Of 2026-12-01 (45 would leave US at 16,500 / 30,000 = 55.00%, on the band's edge;
46 brings it inside), a short-term gain of 46 x 2.41805 = $111.2303:

* sold now:   111.2303 x 40% = 44.49212 -> $44.49
* sold on 2026-12-16, long-term: 111.2303 x 20% = 22.24606 -> $22.25
* saving: $44.49 - $22.25 = **$22.24** (the exact 22.24606 would print $22.25).
"""

from __future__ import annotations

from datetime import date

import pytest

from taxrebal.engine.money import saving_in_cents
from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, Household, Lot, Security, Settings, Target, TaxMode
from taxrebal.engine.short_term_wait import wait_instead

AS_OF = date(2026, 12, 1)


def household() -> Household:
    return Household(
        (Account("Joint", "Taxable"),), (Security("VTI", "US", 300.0), Security("BND", "Bonds", 75.0)),
        (Lot("S", "Joint", "VTI", date(2025, 12, 15), 100, 29_758.195),), (),
        (Target("US", 0.5, 0.05), Target("Bonds", 0.5, 0.05)),
        Settings(as_of=AS_OF, min_trade=0.0, whole_shares=True, tax_mode=TaxMode.FLAT, flat_st_rate=0.40,
                 flat_lt_rate=0.20, allow_short_term_gains=True))


def test_a_saving_is_the_difference_of_the_two_taxes_in_cents():
    assert saving_in_cents(44.49212, 22.24606) == 22.24


def test_the_step_note_and_the_waiting_instead_note_give_one_figure():
    h = household()
    plan = plan_rebalance(h, as_of=AS_OF)
    sell = plan.trades[0]
    assert (sell.symbol, sell.quantity, sell.est_tax) == ("VTI", 46, 44.49)
    assert "Lot S is short-term: selling it on or after 2026-12-16 (long-term) would save $22.24 of tax." in sell.note
    instead = wait_instead(h, AS_OF, plan)
    assert instead is not None and instead.day == date(2026, 12, 16)
    assert instead.tax_then == pytest.approx(22.24606, abs=1e-4)
    assert "would cost $22.25 instead of $44.49: $22.24 less" in instead.note()
