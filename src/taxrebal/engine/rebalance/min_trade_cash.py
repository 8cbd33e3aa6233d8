"""Cash under Min Trade stays: no account sells its holdings only to make a buy large enough (fe11 finding 13).

README step 1: cash above the cash target is invested wherever a band allows it, and it stays when the
buy would be under Min Trade. An IRA, 401(k), Roth or HSA whose cash and contribution together are under
Min Trade cannot buy with them alone (an employer plan's contribution is payroll money, bought whatever
Min Trade says, orders.py: there only the account's own cash counts, and its payroll buys stay open
when the account's orders are held); the solver can still invest them by selling a holding of the
account and buying more than it sold, so that each order reaches Min Trade: through a second fund of the
same class, or a fund of another class while other accounts trade the other way. Those orders move the
account's money between funds only to carry the cash along.

Rule: when Min Trade is set, for each tax-advantaged account whose cash plus contribution is more than $0
and under Min Trade and in which the plan buys and sells a holding of a class under target before the
plan (a sale no class needs: there it moves money only; an account that sells only classes over target
rebalances, and keeps its trades), the plan is solved again with that
account's orders held (no sell, no buy: its cash stays); the new plan replaces it when it (1) breaches no
band more, (2) costs no more true tax this year (to the cent) and (3) loses no more loss for good (Rev.
Rul. 2008-5). It is not asked to come as close to target: the trades it drops were there only to invest
cash a buy could not invest alone. A plan note says what stays and why.

Worked example (fe11 a_okafor, Min Trade $5,000): Family HSA holds 30 VTI ($9,000), $1,000 of cash and a
$300 contribution. The plan sold all its VTI and bought $10,300 of SCHB (with that swap forbidden, it
bought $10,300 of AGG while Joint Taxable bought US Stocks instead): $19,300 of HSA orders to invest
$1,300, while US Stocks was 13.14 points under target. Held, the plan is within every band at the same
tax ($156.00 saved), and the HSA keeps its VTI and its $1,300: "Family HSA keeps $1,300.00 of cash and
new money: a buy of it would be under Min Trade ($5,000.00) ...". Ada IRA ($500 of cash) sells Bonds, 9
points over target, to buy US Stocks: not tried.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Optional

import numpy as np

from taxrebal.engine.money import cents

from ..allocation import allocation
from ..plan import WaitedSale
from ..records import PAYROLL_PLAN_TYPES
from .step_order import planned_outcome
from .window_wait import Best, _as_planned, _held

if TYPE_CHECKING:
    from .model import RebalanceModel
    from .stages import _TaxOracle

__all__ = ["without_min_trade_shuffles"]

_CENT = 0.005
_EPS = 1e-6


def _lost_for_good(model: RebalanceModel, x: np.ndarray) -> float:
    outcome = planned_outcome(model, x)
    return 0.0 if outcome is None else float(sum(o.lost_for_good for o in outcome.values()))


def _traded(model: RebalanceModel, x: np.ndarray, account: str, under: set[str]
            ) -> tuple[float, float, float, list[int]]:
    """(dollars sold, of them in classes ``under`` target, dollars bought, every order column) of
    ``account`` in plan ``x``."""
    sold = sum(float(x[j]) * p.price for p, j in zip(model.positions, model.pos_vars) if p.account == account)
    sold_under = sum(float(x[j]) * p.price for p, j in zip(model.positions, model.pos_vars)
                     if p.account == account and p.asset_class in under)
    bought = sum(float(x[j]) * b.price for b, j in zip(model.buys, model.buy_vars) if b.account == account)
    cols = [j for p, j in zip(model.positions, model.pos_vars) if p.account == account]
    cols += [j for b, j in zip(model.buys, model.buy_vars) if b.account == account]
    return sold, sold_under, bought, cols


def without_min_trade_shuffles(model: RebalanceModel, oracle: _TaxOracle, best: Best, waits: Sequence[WaitedSale],
                               breach: Callable[[np.ndarray], float], resolve: Callable[[], Optional[Best]],
                               ) -> tuple[Best, list[str]]:
    """``best`` without the accounts' orders the module's rule drops, and a note for each such account.
    ``waits``: the sales dated later, whose lots and identities stay held in every re-solve (as
    needless_sales.py holds them); ``breach(x)``: the plan's largest band breach; ``resolve()``: the
    planner's whole solve of the model as it stands."""
    minimum = model.settings.min_trade
    if minimum <= 0:
        return best, []
    waited = {(w.account, w.lot_id) for w in waits}
    waited_ids = {w.identity for w in waits}
    keep = [j for sl, j in zip(model.sell_lots, model.lot_vars) if (sl.lot.account, sl.lot.lot_id) in waited]
    keep += [j for b, j in zip(model.buys, model.buy_vars) if b.identity in waited_ids]
    notes: list[str] = []
    under = {r.asset_class for r in allocation(model.household) if r.drift < 0}
    payroll_z = {js[0]: z for js, _price, z, _m in model.orders if z in model.payroll_binaries}
    for acct in model.accounts:
        # an employer plan's Contribution is invested by payroll whatever Min Trade says (orders.py):
        # only the account's own cash can stay
        payroll = acct.type in PAYROLL_PLAN_TYPES and acct.contribution > 0
        idle = acct.cash + (0.0 if payroll else acct.contribution)
        if acct.is_taxable or not _EPS < idle < minimum:
            continue
        sold, sold_under, bought, cols = _traded(model, best[0].x, acct.name, under)
        if sold_under <= _EPS or bought <= _EPS:
            continue  # every sale of the account moves a class over target toward it: a reason of its own
        if payroll:  # its orders held, its payroll buys stay open
            cols = [payroll_z.get(j, j) for j in cols]
        now, now_tax = _as_planned(model, oracle, best)
        with _held(model, keep + cols):
            alt = resolve()
        if alt is None:
            continue
        then, then_tax = _as_planned(model, oracle, alt)
        if (breach(then.x) <= breach(now.x) + _EPS and then_tax.total <= now_tax.total + _CENT
                and _lost_for_good(model, then.x) <= _lost_for_good(model, now.x) + _CENT):
            best = alt
            keep += cols
            kept = "cash" if payroll else "cash and new money"
            also = f" and the ${cents(acct.contribution):,.2f} payroll contribution" if payroll else ""
            notes.append(f"{acct.name} keeps ${cents(idle):,.2f} of {kept}: a buy of it would be under Min "
                         f"Trade (${cents(minimum):,.2f}), and the plan does not sell the account's holdings, in a "
                         f"class "
                         f"under target, only to make that buy large enough (it would sell ${cents(sold):,.2f} and buy "
                         f"${cents(bought):,.2f} to invest ${cents(idle):,.2f}{also}); every band is kept without it, "
                         f"at the "
                         f"same tax.")
    return best, notes
