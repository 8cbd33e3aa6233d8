"""The plan next to a huge model's LP relaxation (engine/rebalance/near_relaxation.py, ``solver.py``'s
``_near_relaxation_solve``) is looked for once more with no order held to its Min Trade when holding them
leaves no plan: with an identity's "harvest or buy" binary fixed (IRC §1091(a)), the loss sale that paid
for a buy in the relaxation may be gone, and that buy, held to its minimum, cannot be paid for.

Household (Min Trade $500; no cash anywhere):

* Taxable: 600 STK at $100 (basis $50 a share), 100 BND at $50 (basis $60: a $10 loss a share);
* IRA: 100 STK at $100.

The relaxation handed to it (by hand): Taxable sells 40 BND at a loss ($2,000) and buys 40 INT with it
($2,000, over Min Trade); the IRA sells 50 STK ($5,000) and buys 100 BND ($5,000). BND is bought for more
than it is sold at a loss ($5,000 > $2,000), so its binary is fixed at "buy": Taxable may sell no BND at a
loss, has no other sale open (the relaxation sells no STK there), and cannot pay $500 for INT. Held to its
minimum, the INT order leaves no plan at all; freed, the plan buys no INT in Taxable (0 of $2,000) and
keeps the IRA's BND purchase. That is fe13's big30k at the Tax-Drift Frontier's tightest level, where 15
orders were held (huge_plan.py): without a plan there, the level's whole-model MILP ran to its 10-s budget
twice and found none (60 s CPU, 694 MiB).
"""

from __future__ import annotations

from datetime import date

import numpy as np

from taxrebal.engine.rebalance import RebalanceModel, solver
from taxrebal.engine.rebalance.data import SolveOptions
from taxrebal.engine.rebalance.lp import highs_solve, relaxation_infeasible
from taxrebal.engine.rebalance.near_relaxation import fix_at_relaxation
from taxrebal.engine.records import Account, Household, Lot, Security, Settings, Target, TaxMode

AS_OF = date(2026, 12, 15)
TOL = 1e-6


def _model() -> RebalanceModel:
    h = Household(
        accounts=(Account("Taxable", "Taxable"), Account("IRA", "Traditional IRA")),
        securities=(Security("STK", "US Stocks", 100.0), Security("BND", "Bonds", 50.0),
                    Security("INT", "Intl Stocks", 50.0)),
        lots=(Lot("T-STK", "Taxable", "STK", date(2015, 3, 2), 600, 30_000.0),
              Lot("T-BND", "Taxable", "BND", date(2020, 8, 3), 100, 6_000.0),
              Lot("I-STK", "IRA", "STK", date(2020, 8, 3), 100, 6_000.0)),
        targets=(Target("US Stocks", 0.40, 0.05), Target("Intl Stocks", 0.10, 0.05), Target("Bonds", 0.50, 0.05)),
        settings=Settings(as_of=AS_OF, tax_mode=TaxMode.FLAT, flat_st_rate=0.30, flat_lt_rate=0.20,
                          min_trade=500.0))
    return RebalanceModel(h, AS_OF)


def test_a_buy_its_loss_sale_paid_for_is_freed_from_its_minimum(monkeypatch):
    model = _model()
    monkeypatch.setattr(solver, "HUGE_MODEL_LOTS", 0)  # this household's 2 lot columns count as huge
    buy = {(b.account, b.identity): j for b, j in zip(model.buys, model.buy_vars)}
    t_bnd = next(j for sl, j in zip(model.sell_lots, model.lot_vars) if sl.lot.lot_id == "T-BND")
    i_stk = next(j for p, j in zip(model.positions, model.pos_vars) if p.account == "IRA")
    (y, _sells, _buys), = model.wash_groups
    x = np.zeros(model.lp.n)
    x[t_bnd], x[buy["Taxable", "INT"]], x[i_stk], x[buy["IRA", "BND"]], x[y] = 40.0, 40.0, 50.0, 100.0, 0.95
    c, A, lo, hi, lb, ub, integ = model._stage_model({}, SolveOptions(rates=(0.30, 0.20)), (), None, (), None, None)
    z_int = next(z for js, _p, z, _m in model.orders if js == [buy["Taxable", "INT"]])

    # the restriction as made: INT held to $500, BND's loss sale closed -> no plan
    nlb, nub, _implied, _ties = model._restrict(x, None, lb, ub, False)
    assert fix_at_relaxation(model, x, nlb, nub)
    assert nlb[z_int] == 1.0 and nub[t_bnd] == 0.0
    assert relaxation_infeasible(c, A, lo, hi, nlb, nub)

    def run(lb_, ub_, integ_, opts_, c_=c, start_=None, rows_=None):
        A_, lo_, hi_ = (A, lo, hi) if rows_ is None else rows_
        return highs_solve(c_, A_, lo_, hi_, lb_, ub_, integ_, opts_, start=start_)

    plan = model._near_relaxation_solve(run, x, lb, ub, integ, {"mip_rel_gap": 1e-7},
                                        lambda ties: None)
    assert plan is not None
    assert plan[buy["Taxable", "INT"]] == 0.0 and plan[z_int] == 0.0  # nothing to pay for it with
    assert plan[t_bnd] == 0.0  # no BND sold at a loss: BND is bought
    ax = A @ plan  # a plan of the whole model: every row and bound
    assert (ax >= lo - TOL * np.maximum(1.0, np.abs(lo))).all() and (ax <= hi + TOL * np.maximum(1.0, np.abs(hi))).all()
    assert (plan >= lb - TOL).all() and (plan <= ub + TOL).all()
