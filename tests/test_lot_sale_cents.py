"""A plan's lot sale is reported in cents, and its Trades note, Realized ST / LT and every sheet that
names its loss use that one figure (fe11 finding 3).

Rule (README "Money is shown in cents": a lot's Gain is its Proceeds minus its Basis as shown, each
rounded to cents; Form 8949 columns (d), (e), (h)). Hand-worked (fe11's Haddad): 7.8588 IVV of a lot
bought at $720 a share, sold at $680: proceeds 7.8588 x 680 = 5,343.984 -> $5,343.98; basis
7.8588 x 720 = 5,658.3336 -> $5,658.34; gain 5,343.98 - 5,658.34 = -$314.36 (the unrounded loss,
-314.352, would say $314.35 in the notes beside -314.36 in the columns).
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from taxrebal.engine.rebalance.data import _SellLot
from taxrebal.engine.rebalance.explain import _lot_sale, step_realized
from taxrebal.engine.records import Lot

AS_OF = date(2026, 12, 4)
GOLDEN = Path(__file__).resolve().parent / "golden"


def haddad_lot() -> _SellLot:
    lot = Lot("S2", "Sam Taxable", "IVV", date(2026, 6, 1), 10, 7_200.0)
    return _SellLot(lot, 680.0, 680.0 - 720.0, False, "SP500", "US Stocks")


def test_the_lot_sale_is_reported_in_cents_and_its_gain_is_their_difference():
    (row,) = _lot_sale(2, haddad_lot(), 7.8588, AS_OF, 30)
    assert row.in_cents() == (5_343.98, 5_658.34, -314.36, 0.0, -314.36)
    assert row.reported_cents == -314.36


def test_the_step_realizes_the_rows_cents():
    rows = _lot_sale(2, haddad_lot(), 7.8588, AS_OF, 30)
    assert step_realized(rows) == (-314.36, 0.0)


@pytest.mark.parametrize("path", sorted(GOLDEN.glob("*.json")), ids=lambda p: p.stem)
def test_every_trades_note_names_its_rows_realized_figures(path: Path):
    """Every sell's note ("long-term gain $1,976.65; short-term loss $350.60") says the Trades row's
    Realized LT / ST (the sums of its Lot Sales rows), to the cent."""
    sheets = json.loads(path.read_text(encoding="utf-8"))["sheets"]
    table = next(t for t in sheets["Trades"] if t["title"] == "Trades to place")
    cols = table["columns"]
    st_at, lt_at, note_at = cols.index("Realized ST"), cols.index("Realized LT"), cols.index("Note")
    checked = 0
    for row in table["rows"]:
        note = row[note_at] or ""
        for term, at in (("short", st_at), ("long", lt_at)):
            said = re.search(rf"{term}-term (gain|loss) \$([\d,]+\.\d\d)", note.split(". ")[0])
            if said:
                sign = 1 if said.group(1) == "gain" else -1
                assert sign * float(said.group(2).replace(",", "")) == row[at], (row[0], note)
                checked += 1
    assert checked > 0


def test_a_looser_frontier_row_showing_the_plan_shows_it_as_trades_adds_it_up():
    """fe11's Okafor: the 0-point row is "The plan on Trades." with the Trades total, and the 1-point row
    says "The plan for 0 points fits here too." with the same plan. By hand: two trades of $50,000.004
    and $36,599.994 are $50,000.00 + $36,599.99 = $86,599.99 on Trades; the 0-point row as solved said
    $86,599.998. Both rows must show $86,599.99, and the plan's realized -$800.00 / -$6,000.00."""
    from dataclasses import replace

    from taxrebal.engine.frontier import FrontierPoint, _plan_row
    from taxrebal.engine.plan import Plan, PlanStatus, Reason, Trade
    from taxrebal.engine.records import Action

    sell = Trade(1, "Joint", "VXUS", Action.SELL, 1, 50_000.004, 50_000.004, -800.0, -6_000.0, reason=Reason.HARVEST)
    buy = Trade(2, "Joint", "SPDW", Action.BUY, 1, 36_599.994, 36_599.994, reason=Reason.SALE_PROCEEDS)
    plan = Plan((sell, buy), (), -800.0, -6_000.0, -1_326.0, {}, {}, 0.13, 0.0, (), (), PlanStatus.WITHIN_BANDS)
    zero = FrontierPoint(0.0, True, -1_326.0, -800.0, -6_000.0, 86_599.998)
    one = replace(zero, level=0.01, note="The plan for 0 points fits here too.")
    row0, row1 = _plan_row((zero, one), plan, household=None)  # type: ignore[arg-type]
    assert row0.note == "The plan on Trades." and row0.turnover == pytest.approx(86_599.99, abs=1e-6)
    assert row1.turnover == pytest.approx(86_599.99, abs=1e-6)
    assert (row1.realized_st, row1.realized_lt, row1.tax) == (-800.0, -6_000.0, -1_326.0)
    assert row1.note == "The plan for 0 points fits here too."
