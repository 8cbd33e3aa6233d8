"""A large model's restricted solve (engine/rebalance/solver.py, ``_restrict``) of a huge household keeps
a plan: an identity its LP relaxation both sells at a loss and buys has its "harvest or buy" binary
fixed by dollars (IRC §1091(a): a loss sale and a purchase of the same fund within 30 days wash), and
the orders on both sides keep their Min Trade binary free, since the side that binary closes cannot
keep a minimum.

Household (Flat tax: short-term 30%, long-term 20%; Min Trade $500):

* Taxable: 600 STK at $100 (basis $50 a share), 100 BND at $50 (basis $60: a $10 loss a share);
* IRA: 100 STK at $100.

The relaxation handed to ``_restrict`` (by hand, as HiGHS's answer may be with its binary at 0.95):
sells 40 of Taxable's BND at a loss ($2,000, over Min Trade) and buys 100 BND in the IRA ($5,000),
selling 50 IRA STK for it. It buys more BND ($5,000) than it sells at a loss ($2,000), so the binary
is fixed at "buy": no BND may be sold at a loss. Taxable's BND order, $2,000 in the relaxation, could
then keep its $500 minimum only by selling BND at a loss: forced to its minimum, as it was above
tuning.HUGE_MODEL_LOTS until fe13's 30,000-lot household (big30k), the restriction has no plan at all,
and every stage B of that household fell back on a 10-s MILP from stage A's plan ($142,078.94 of tax
where the plan next to the relaxation pays -$720.00: huge_plan.py). Below the threshold the binary
stays open instead (the MILP decides it), as before.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from taxrebal.engine.rebalance import RebalanceModel, solver
from taxrebal.engine.rebalance.data import SolveOptions
from taxrebal.engine.rebalance.lp import relaxation_infeasible
from taxrebal.engine.records import Account, Household, Lot, Security, Settings, Target, TaxMode

AS_OF = date(2026, 12, 15)


def _model() -> RebalanceModel:
    h = Household(
        accounts=(Account("Taxable", "Taxable"), Account("IRA", "Traditional IRA")),
        securities=(Security("STK", "US Stocks", 100.0), Security("BND", "Bonds", 50.0)),
        lots=(Lot("T-STK", "Taxable", "STK", date(2015, 3, 2), 600, 30_000.0),
              Lot("T-BND", "Taxable", "BND", date(2020, 8, 3), 100, 6_000.0),
              Lot("I-STK", "IRA", "STK", date(2020, 8, 3), 100, 6_000.0)),
        targets=(Target("US Stocks", 0.50, 0.05), Target("Bonds", 0.50, 0.05)),
        settings=Settings(as_of=AS_OF, tax_mode=TaxMode.FLAT, flat_st_rate=0.30, flat_lt_rate=0.20,
                          min_trade=500.0))
    return RebalanceModel(h, AS_OF)


def _restricted(model: RebalanceModel) -> tuple[np.ndarray, np.ndarray, int, int, int]:
    """``_restrict`` of the relaxation above: (lb, ub, BND's binary, Taxable BND's order binary, the
    IRA BND buy's order binary)."""
    (y, loss_sells, buys), = model.wash_groups
    t_bnd = next(j for sl, j in zip(model.sell_lots, model.lot_vars) if sl.lot.lot_id == "T-BND")
    i_bnd = next(j for b, j in zip(model.buys, model.buy_vars) if (b.account, b.identity) == ("IRA", "BND"))
    i_stk = next(j for p, j in zip(model.positions, model.pos_vars) if p.account == "IRA")
    assert loss_sells == [t_bnd] and i_bnd in buys
    x = np.zeros(model.lp.n)
    x[t_bnd], x[i_bnd], x[i_stk], x[y] = 40.0, 100.0, 50.0, 0.95
    lb, ub = np.array(model.lp.lb, dtype=float), np.array(model.lp.ub, dtype=float)
    rlb, rub, _implied, _ties = model._restrict(x, None, lb, ub, False)
    z_of = {tuple(js): z for js, _price, z, _m in model.orders}
    return rlb, rub, y, z_of[(t_bnd,)], z_of[(i_bnd,)]


def _has_plan(model: RebalanceModel, lb: np.ndarray, ub: np.ndarray) -> bool:
    c, A, lo, hi, slb, sub, _integ = model._stage_model({}, SolveOptions(rates=(0.30, 0.20)), (), None, (),
                                                        (lb, ub), None)
    return not relaxation_infeasible(c, A, lo, hi, slb, sub)


def test_a_huge_household_fixes_the_binary_by_dollars_and_frees_both_sides_minimum(monkeypatch):
    model = _model()
    monkeypatch.setattr(solver, "HUGE_MODEL_LOTS", 0)  # this household's 2 lot columns count as huge
    lb, ub, y, z_sell, z_buy = _restricted(model)
    assert lb[y] == ub[y] == 0.0  # bought $5,000 > sold at a loss $2,000: the plan buys BND
    assert lb[z_sell] == 0.0  # Taxable BND ($2,000 in the relaxation) need not keep its $500 minimum
    assert lb[z_buy] == 0.0
    assert _has_plan(model, lb, ub)
    lb[z_sell] = 1.0  # the old restriction: at least $500 of BND sold, yet no BND loss sale allowed
    assert not _has_plan(model, lb, ub)


def test_below_the_threshold_the_binary_stays_open():
    model = _model()
    lb, ub, y, z_sell, z_buy = _restricted(model)
    assert (lb[y], ub[y]) == (0.0, 1.0)
    assert lb[z_sell] == lb[z_buy] == 0.0
    assert _has_plan(model, lb, ub)
