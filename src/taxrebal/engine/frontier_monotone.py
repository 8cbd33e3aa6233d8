"""The Tax-Drift Frontier is monotone: allowing more drift never costs more tax, nor trades more at
the same tax (issue 9 point 6; fe9 finding 5).

Rule: a plan that keeps every class within L points of its target is within every looser level
too. So each row, in order of level (tightest first), is compared with the plans of the tighter rows
and with the plan on Trades when that plan is within the row's level; when one of them costs less tax,
or the same tax (to the cent) for fewer dollars traded, the row shows that plan, and its note says so.
The rows are solved one level at a time (frontier.py, each capped at the tighter row's dollars
traded), but the row that *is* the plan on Trades takes the plan's own figures afterwards
(frontier._plan_row), and the plan can trade less than that level's solve did: the looser rows must
then be held to the plan, not to the solve it replaced.

Worked example (fe9 chen-out.xlsx): the 0-point row is the plan on Trades, -$1,460.00 and
$241,784.50 traded; the 1-point, 2-point and current-drift rows were solved at -$1,460.00 and
$278,856.97, $266,488.48, $258,638.47. The plan fits within each of them at the same tax and trades
less, so each shows -$1,460.00 and $241,784.50: "The plan on Trades (0.00 points) fits here too: the same
tax as the plan solved for this row, trading $37,072.47 less" (the 1-point row).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Optional

from .money import cents

if TYPE_CHECKING:
    from .frontier import FrontierPoint

__all__ = ["monotone_rows"]

#: two largest drifts this close (a fraction: 0.001 points) are the same level (frontier._SAME_DRIFT)
_SAME_DRIFT = 1e-5


def _better(a: FrontierPoint, b: FrontierPoint) -> bool:
    """``a`` costs less tax than ``b`` (to the cent), or the same tax for at least a cent less traded,
    both as the sheet shows them (in cents): a solve's $122,669.9751 is $122,669.98, a cent more than the
    plan's $122,669.97, though less than a cent apart unrounded (fe12 F26)."""
    assert a.tax is not None and b.tax is not None
    ta, tb = cents(a.tax), cents(b.tax)
    return ta < tb - 0.005 or (abs(ta - tb) <= 0.005 and cents(a.turnover) < cents(b.turnover) - 0.005)


def _name(p: FrontierPoint) -> str:
    level = f"{p.level * 100:.2f} points"  # as the sheet shows drifts (fe10: "1.84439e-05 points")
    return f"The plan on Trades ({level})" if p.is_plan or "The plan on Trades" in p.note else f"The plan for {level}"


def _how(winner: FrontierPoint, row: FrontierPoint) -> str:
    """What the plan shown does better than the row's own solve, as true of this row (fe10 finding 10:
    "it trades less at no more tax" beside the same dollars traded, the plan being $0.16 cheaper)."""
    assert winner.tax is not None and row.tax is not None
    less = cents(row.tax) - cents(winner.tax)
    if less >= 0.005:
        more = cents(winner.turnover) - cents(row.turnover)
        trade = ("" if abs(more) < 0.01 else
                 f", trading ${cents(more):,.2f} more" if more > 0 else f", trading ${cents(-more):,.2f} less")
        return f"${cents(less):,.2f} less tax than the plan solved for this row{trade}"
    return (f"the same tax as the plan solved for this row, trading "
            f"${cents(row.turnover) - cents(winner.turnover):,.2f} less")


def monotone_rows(points: tuple[FrontierPoint, ...]) -> tuple[FrontierPoint, ...]:
    """The frontier's rows with each level row replaced by the best plan that fits within it (module
    docstring): a tighter row's, or the plan on Trades (``is_plan``) within the row's level. The plan
    row itself and unreachable rows stay as they are."""
    plans = [p for p in points if p.is_plan and p.reachable and p.tax is not None]
    out: list[FrontierPoint] = []
    best: Optional[FrontierPoint] = None  # the best plan of the tighter rows (as solved, not replaced)
    for p in points:
        if p.is_plan or not p.reachable or p.tax is None:
            out.append(p)
            continue
        winner: Optional[FrontierPoint] = None
        for q in ([best] if best is not None else []) + [q for q in plans if q.within <= p.within + _SAME_DRIFT]:
            if _better(q, p) and (winner is None or _better(q, winner)):
                winner = q
        if winner is None:
            out.append(p)
            best = p if best is None or _better(p, best) else best
            continue
        said = f"{_name(winner)} fits here too: {_how(winner, p)}."
        out.append(replace(p, tax=winner.tax, realized_st=winner.realized_st, realized_lt=winner.realized_lt,
                           turnover=winner.turnover, note=" ".join(s for s in (p.note, said) if s)))
        best = winner if best is None or _better(winner, best) else best
    return tuple(out)
