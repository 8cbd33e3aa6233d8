"""A case-1 try that holds an identity frees a window_wait.py sale whose replacement is that identity
(engine/rebalance/hold_for_later.py).

The law (IRC §1091(a); Treas. Reg. §1.1091-1(a)): a loss sale is washed by a purchase of its identity
within 30 days before or after it, a dated sale's replacement purchase included. So a sale window_wait.py
dates that buys identity g that day keeps every loss sale of g within 30 days of it from being dated
(later_harvest.py, rule 2). Kept in every re-solve, it spoilt the try that holds g: the benchmark's seed
1408 (``--households 16 --seed 1401``) dated 2 shares of IN1's L015 to 2026-12-28 buying IN0, so IN0's
held lots, $4,979 of long-term loss, could not be dated (0.941 of the avoidable tax; 1.000 now).

The household of tests/test_hold_for_later.py, worked by hand (As Of 2026-11-25, one Taxable account, no
cash, Tax Mode Flat, 20% long-term, $50,000 of long-term gains this year): REIT holds RA (A1, 40 shares,
-$1,200; A2, 60 shares, -$120) and RB (B1, 40, -$1,220; B2, 60, -$120), $50 a share, $10,000 of $20,000;
REIT loses $1,000-$3,000 today. Here window_wait.py's sale is given: all of A2 dated 2026-12-28 buying RB
(-$120; its lot is held today, as window_wait holds it).

* Today with A2 held: B1 and 20 of A1, -$1,820; with A2's -$120: -$1,940 this year, $388.00.
* RB held, A2's sale kept (as before): RA's A1 sold today (-$1,200); B1 and B2 could be dated 2026-12-28
  only, and A2's RB bought that day washes them: -$1,320, not taken (RA, an identity window_wait.py dates,
  is not tried), so the plan stayed at $388.00.
* RB held, A2's sale freed: all of RA sold today (A1 and A2, -$1,320), RB bought back to keep REIT
  within its band, B1 and B2 dated 2026-12-28 buying RA (-$1,340): the whole -$2,660, $532.00.
"""

from datetime import date

import pytest

# the household of tests/test_hold_for_later.py (one copy): RA and RB at a loss, BND the bonds
from test_hold_for_later import AS_OF, _household

from taxrebal.engine.plan import WaitedSale
from taxrebal.engine.rebalance.hold_for_later import _total_tax, hold_for_later
from taxrebal.engine.rebalance.model import RebalanceModel
from taxrebal.engine.rebalance.planner import _breach, _solve
from taxrebal.engine.rebalance.stages import _TaxOracle
from taxrebal.engine.rebalance.window_wait import _held


def test_holding_rb_frees_a_dated_sale_that_buys_rb():
    h = _household()
    model, oracle = RebalanceModel(h, AS_OF), _TaxOracle(h, AS_OF)
    wait = WaitedSale("Taxable", "RA", "A2", 60, 50.0, date(2026, 12, 28), 0.0, -120.0, 0.0, -24.0, 0.0,
                      asset_class="REIT", identity="RA", replacement="RB")
    (a2,) = [j for sl, j in zip(model.sell_lots, model.lot_vars) if sl.lot.lot_id == "A2"]
    with _held(model, [a2]):
        best = _solve(model, oracle)
    assert best is not None
    before = _total_tax(model, oracle, best, (wait,)) - oracle.true_tax(0.0, 0.0).total
    assert before == pytest.approx(-388.0, abs=0.005)
    alt, waits = hold_for_later(model, oracle, best, (wait,), lambda x: _breach(model, x),
                                lambda: _solve(model, oracle))
    sold = {sl.lot.lot_id: float(alt[0].x[j]) for sl, j in zip(model.sell_lots, model.lot_vars)
            if float(alt[0].x[j]) > 1e-6}
    assert sold == {"A1": pytest.approx(40.0), "A2": pytest.approx(60.0)}
    assert sorted((w.lot_id, w.quantity, w.sell_on, w.replacement) for w in waits) == [
        ("B1", 40, date(2026, 12, 28), "RA"), ("B2", 60, date(2026, 12, 28), "RA")]
    after = _total_tax(model, oracle, alt, waits) - oracle.true_tax(0.0, 0.0).total
    assert after == pytest.approx(-532.0, abs=0.005)
