""""Sales to wait for" say what each recent purchase does to the loss (fe9 finding 8;
engine/rebalance/window_wait.py): a purchase in an IRA, 401(k), Roth or HSA washes it for good (Rev.
Rul. 2008-5); a purchase in a taxable account only defers it into the new shares' basis (IRC
§1091(d)). The figure is the wash engine's for the sale as the plan's steps would make it: the
replacement shares matched earliest-acquired first with the shares sold (Treas. Reg. §1.1091-1(c)).

Every expected figure below is worked by hand from the rule, not read from taxrebal.
"""

from dataclasses import replace
from datetime import date

import pytest
from chen4_household import AS_OF as CHEN_AS_OF
from chen4_household import chen4

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Action, Lot, Transaction
from taxrebal.workbook.results.trades import waits_table


def _with_drip_lot():
    """fe7's chen4 (lot T-05: 300 VEA bought 2026-02-10 for $17,400, $58 a share, VEA now $52; Wei's
    IRA bought 100 VEA on 2026-11-20) plus a dividend reinvested in Joint Taxable on 2026-11-10: lot
    T-07, 20 VEA at $53 ($1,060)."""
    h = chen4()  # every class within its band (tests/chen4_household.py)
    return replace(h, lots=h.lots + (Lot("T-07", "Joint Taxable", "VEA", date(2026, 11, 10), 20, 1_060.0),),
                   transactions=h.transactions + (Transaction(date(2026, 11, 10), "Joint Taxable", "VEA",
                                                              Action.REINVEST, 20, 53.0, lot_id="T-07"),))


def test_a_taxable_replacement_defers_the_loss_only_the_iras_shares_lose_it_for_good():
    """Sold now (Sold Recent Shares Wash = Y: T-07 sold after T-05), the 120 replacement shares meet
    T-05's loss shares earliest-acquired first: T-07's 20 (11-10) take 20 x $6 = $120 into their
    basis (§1091(d): deferred, not lost), the IRA's 100 (11-20) take 100 x $6 = $600 for good (Rev.
    Rul. 2008-5). Waiting until 2026-11-20 + 31 days = 2026-12-21 keeps the $600; the note may not
    say the Joint Taxable purchase washes anything for good."""
    plan = plan_rebalance(_with_drip_lot(), as_of=CHEN_AS_OF)
    (wait,) = [w for w in plan.waits if w.lot_id == "T-05"]
    assert wait.sell_on == date(2026, 12, 21)
    assert wait.kept == pytest.approx(600.0, abs=0.005)
    assert wait.washing == ("Wei Trad IRA on 2026-11-20",)
    assert wait.deferring == ("Joint Taxable on 2026-11-10",)
    assert wait.deferred == pytest.approx(120.0, abs=0.005)
    (note,) = [row[-1] for row in waits_table(plan).rows if row[2] == "T-05"]
    assert "bought in Wei Trad IRA on 2026-11-20 would wash $600.00 of it for good" in note
    assert "Joint Taxable on 2026-11-10 $120.00 more, not lost but added to those shares' basis" in note
