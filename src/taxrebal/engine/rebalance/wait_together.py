"""Every identity window_wait.py would test, decided in one re-solve of the plan (issue 13).

:func:`~.window_wait.choose_waits` tests the identities whose loss sales lose loss for good one by one:
each is a whole re-solve of the plan with its lots held (and those of the identities already waited
for), about 1.5 s CPU at 5,000 lots. When two or more are to be tested, this module first re-solves
the plan once with *all* of them held, and takes that plan with every one of them dated when
window_wait.py's three rules hold for each on it:

1. **Same tax year**: as window_wait.py found it (each identity's DATE, from the first plan).
2. **The bands do not need the sales**: the plan with all of them held breaches no band more than
   the first plan. Holding more lots only shrinks the plans to choose from, so the one-by-one plans
   (fewer lots held) would have reached the bands too.
3. **Waiting pays, by at least $5.00** (``waiting.MIN_WAIT_SAVING``), for each identity ``g`` and for
   all together. For ``g``, with ``T`` the true tax of realized gains, ``r`` the value of a lost loss
   (``model.lost_rate``), ``J`` the re-solved plan and ``dated_g`` / ``today_g`` the gains of g's lots
   sold on DATE / today (today: their loss less what the recent purchases wash):
   ``min(T(J + today_g), T(first plan - today of the others)) + lost_g x r - T(J + dated_g)``: the
   plan that sells g now is priced two ways (the plan held with g added back, the first plan with the
   others taken out) and the lower is kept, so no identity waits on a saving that only one way shows.
   All together: ``T(first plan) + sum(lost) x r - T(J + every dated sale)``, against the plan that
   really sells them all now.

When the plan held sells another loss lot of one of them instead, losing loss to the same purchase
(fe9 chen-Y), every loss lot of those identities is held, as window_wait.py does, in one more
re-solve for all of them. Otherwise nothing is decided here and window_wait.py tests them one by one
as before: one or two re-solves more than before, only where some identity is not dated.

Where the plan is at the floor (a net loss past the $3,000 of IRC §1211(b): every ``T`` above is the
floor), rule 3 is ``lost_g x r >= $5.00`` in both ways, as one by one. Measured (``python
bench/bench_plan_100k.py --lots 5000 --transactions 1000``): identities G03 (MJMM's lot held, then,
as the plan sold FABO's instead, every G03 loss lot) and PNI, all dated 2025-07-21, were three
re-solves one by one; together two, the same plan (trades, lot sales and waits), 7.4 -> 5.6 s CPU.

Worked example (tests/test_wait_together.py): fe10's H2 with Sold Recent Shares Wash = Y. The plan
would sell IVV B-4 (-$1,500 short-term; SP500's recent purchases in the 401(k) and the HSA wash $305
of it for good) and VXUS B-5 (-$600; the Roth's 20 VXUS wash $100 for good). One re-solve holds both
(two before); on it B-4 waits until 2026-12-28 and B-5 until 2026-12-31, $387.70 and $159.00 less
tax this year, the plan and figures the one-by-one tests gave.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Optional

import numpy as np

from ..plan import WaitedSale
from ..waiting import worth_waiting
from .window_wait import (
    _BREACH_EPS,
    _MIN_SAVING,
    Best,
    Outcomes,
    _as_planned,
    _Candidate,
    _candidates,
    _dated_gains,
    _held,
    _sold_today,
    _waited_sale,
)

if TYPE_CHECKING:
    from .model import RebalanceModel
    from .stages import _TaxOracle

__all__ = ["wait_together"]


def _today_gains(model: RebalanceModel, group: Sequence[_Candidate]) -> tuple[float, float]:
    """(short-term, long-term) gain of ``group``'s lots sold today (:func:`~.window_wait._sold_today`)."""
    st = lt = 0.0
    for c in group:
        gain, is_lt = _sold_today(model, c)
        if is_lt:
            lt += gain
        else:
            st += gain
    return st, lt


def wait_together(model: RebalanceModel, oracle: _TaxOracle, first: Best,
                  groups: Mapping[str, Sequence[_Candidate]],
                  breach: Callable[[np.ndarray], float], resolve: Callable[[], Optional[Best]],
                  outcomes: Outcomes,
                  ) -> Optional[tuple[Best, list[WaitedSale], list[tuple[float, bool]]]]:
    """The plan with every identity of ``groups`` held (identity -> its candidates on the ``first`` plan,
    as the plan's steps report it) and their waited sales with, beside each, its gain and term if sold
    today; None when the module's rules do not all hold (the caller then tests them one by one)."""
    sol, tax = first
    r_lt = model.lost_rate
    buys = [j for b, j in zip(model.buys, model.buy_vars) if b.identity in groups]
    cols = [model.lot_vars[c.index] for g in groups.values() for c in g] + buys
    grown = {ident: list(g) for ident, g in groups.items()}  # grown below when every loss lot waits
    groups = grown
    with _held(model, cols):
        alt = resolve()
    more = {ident: _candidates(model, alt[0].x, ident, outcomes) for ident in groups} if alt is not None else {}
    if any(more.values()):
        # another loss lot of one of them sold instead, losing loss to the same purchase (fe9 chen-Y):
        # as window_wait.py does, every loss lot of that identity waits (the lots added keep nothing
        # of their own), one more re-solve, for all of them at once
        every = {ident for ident, m in more.items() if m}
        cols += [model.lot_vars[i] for i, sl in enumerate(model.sell_lots)
                 if sl.identity in every and sl.gain_per_share < 0 and not sl.chained]
        for ident in every:
            grown[ident] += [_Candidate(c.index, c.shares, 0.0, c.clear)
                             for c in more[ident] if all(c.index != g.index for g in grown[ident])]
        with _held(model, cols):
            alt = resolve()
    if alt is None or breach(alt[0].x) > breach(sol.x) + _BREACH_EPS:
        return None
    alt_sol, alt_tax = _as_planned(model, oracle, alt, outcomes)
    clear = {ident: max(c.clear for c in g) for ident, g in groups.items()}
    dated = {ident: _dated_gains(model, g, clear[ident]) for ident, g in groups.items()}
    today = {ident: _today_gains(model, g) for ident, g in groups.items()}
    lost = {ident: sum(c.lost for c in g) for ident, g in groups.items()}
    st, lt = alt_sol.realized_st, alt_sol.realized_lt
    everything = oracle.true_tax(st + sum(d[0] for d in dated.values()), lt + sum(d[1] for d in dated.values()))
    saving = tax.total + sum(lost.values()) * r_lt - everything.total
    if saving <= _MIN_SAVING or not worth_waiting(saving):
        return None
    for ident in groups:
        later = oracle.true_tax(st + dated[ident][0], lt + dated[ident][1]).total
        held_back = oracle.true_tax(st + today[ident][0], lt + today[ident][1]).total
        others_st = sum(t[0] for g, t in today.items() if g != ident)
        others_lt = sum(t[1] for g, t in today.items() if g != ident)
        first_less = oracle.true_tax(sol.realized_st - others_st, sol.realized_lt - others_lt).total
        own = min(held_back, first_less) + lost[ident] * r_lt - later
        if own <= _MIN_SAVING or not worth_waiting(own):
            return None
    waits: list[WaitedSale] = []
    sold_today: list[tuple[float, bool]] = []
    for ident in sorted(groups):
        for c in groups[ident]:
            waits.append(_waited_sale(model, c, ident, clear[ident], r_lt))
            sold_today.append(_sold_today(model, c))
    return (alt_sol, alt_tax), waits, sold_today
