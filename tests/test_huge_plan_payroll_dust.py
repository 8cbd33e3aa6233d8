"""A huge household's plan sells a tax-advantaged position's dust whole only where the account may keep
the cash (engine/rebalance/huge_plan.py, ``_positions_sold_whole``; payroll_cash.py).

Rule (payroll_cash.py; README "Employer plans"): an employer plan holds no cash of its own, its sales'
proceeds end invested; its cash after the plan is at most the Cash typed plus, when every fund it may buy
trades in whole shares, one share of the cheapest. The huge path sold a position's remnant whole and kept
its value as cash in the account: bench_plan_quality --huge-path seed 1102 (Whole Shares, Min Trade $100),
a 401(k) sold 548 of 549 IN0B at $41.84 and bought 133 BD1 ($24,053.05), $3.65 left; the last share sold
whole left $45.49, over the $41.84 of one share of its cheapest fund (a contract problem).

The household, worked by hand: a 401(k) with no cash and no Contribution holding 101 FA at $50 (Intl) and
100 BA at $30 (Bonds); Whole Shares, Min Trade $100; Intl 5% +/- 5 and Bonds 95% +/- 5 of $8,050. The
plan sells 100 FA ($5,000) and buys 166 BA ($4,980): $20 left, within the cap ($0 typed + $30, one BA
share), Intl at $50 (0.62%), Bonds at $7,980 (99.13%). The FA share left ($50, under Min Trade: dust) sold
whole takes Intl to 0% (within its band) and would leave $70 as cash, over the cap: it stays (the note counts
it). In an IRA, which holds cash, it is sold whole: $70 of cash.
"""

from datetime import date

import numpy as np

from taxrebal.engine.rebalance.data import Solution
from taxrebal.engine.rebalance.huge_plan import _positions_sold_whole
from taxrebal.engine.rebalance.model import RebalanceModel
from taxrebal.engine.rebalance.stages import _TaxOracle
from taxrebal.engine.records import Account, FilingStatus, Household, Lot, Security, Settings, Target

AS_OF = date(2026, 11, 25)


def _plan(account_type: str) -> tuple[RebalanceModel, np.ndarray, np.ndarray]:
    h = Household(
        accounts=(Account("Plan", account_type),),
        securities=(Security("FA", "Intl", 50.0), Security("BA", "Bonds", 30.0)),
        lots=(Lot("F1", "Plan", "FA", None, 101, None), Lot("B1", "Plan", "BA", None, 100, None)),
        targets=(Target("Intl", 0.05, band=0.05), Target("Bonds", 0.95, band=0.05)),
        settings=Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=100_000.0,
                          min_trade=100.0, whole_shares=True))
    model, oracle = RebalanceModel(h, AS_OF), _TaxOracle(h, AS_OF)
    (s,) = [j for p, j in zip(model.positions, model.pos_vars) if p.symbol == "FA"]
    (b,) = [j for o, j in zip(model.buys, model.buy_vars) if o.symbol == "BA"]
    x = np.zeros(model.lp.n)
    x[s], x[b], x[model.cash_vars[0]] = 100.0, 166.0, 20.0
    y = _positions_sold_whole(model, (Solution(x, 0.0, 0.0, 0.0, 0.0), oracle.true_tax(0.0, 0.0)))[0].x
    return model, x, y


def test_an_employer_plan_keeps_the_dust_its_cash_cannot_hold():
    model, x, y = _plan("401(k)")
    assert model.payroll_cash_caps == {0: 30.0 + 1e-6}
    assert np.array_equal(y, x)


def test_an_ira_sells_the_dust_whole_and_keeps_the_cash():
    model, _x, y = _plan("Traditional IRA")
    (s,) = [j for p, j in zip(model.positions, model.pos_vars) if p.symbol == "FA"]
    assert y[s] == 101.0 and y[model.cash_vars[0]] == 70.0
