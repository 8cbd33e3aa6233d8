"""The plan-quality benchmark prices plans with its own tax function (bench/planref/tax_rules.py), not
the product's. These tests keep that reference honest: against Tax-Calculator (PyPI ``taxcalc``, an
independent implementation with its own parameter file) on seeded returns of 2025 and 2026 in every
filing status, against the IRS worksheet example by hand, and its exact MILP rows
(bench/planref/tax_milp.py) against the scalar function in both objective directions.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

import pytest

os.environ.setdefault("NUMBA_DISABLE_JIT", "1")
try:  # a numba imported earlier in the session would not see the variable otherwise
    import numba

    numba.config.reload_config()
except ImportError:  # pragma: no cover
    pass

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from planref.milp import Expr, Model
from planref.tax_milp import add_tax
from planref.tax_rules import Situation, plan_tax, return_tax, rules_for

from taxrebal.engine.records import FilingStatus

MARS = {FilingStatus.SINGLE: 1, FilingStatus.MARRIED_JOINT: 2, FilingStatus.MARRIED_SEPARATE: 3,
        FilingStatus.HEAD_OF_HOUSEHOLD: 4}


def _situation(rng: random.Random, year: int) -> tuple[Situation, dict]:
    status = rng.choice(list(FilingStatus))
    wages = float(rng.choice((rng.randrange(20_000, 320_000), round(10 ** rng.uniform(3.5, 6.2)))))
    interest = float(rng.choice((0, 0, rng.randrange(0, 40_000))))
    blind = int(rng.random() < 0.1)
    raw = {"status": status, "wages": wages, "interest": interest,
           "qd": float(rng.choice((0, rng.randrange(0, 60_000)))),
           "st": float(rng.randrange(-150_000, 200_000)), "lt": float(rng.randrange(-200_000, 800_000)),
           "st_cf": float(rng.choice((0, 0, rng.randrange(0, 20_000)))),
           "lt_cf": float(rng.choice((0, 0, rng.randrange(0, 40_000)))), "blind": blind}
    r = rules_for(year, status)
    sit = Situation(year, status, wages + interest, raw["qd"], interest, raw["st"], raw["lt"], raw["st_cf"],
                    raw["lt_cf"], r.standard_deduction + blind * r.additional_deduction, 0.0)
    return sit, raw


@pytest.fixture(scope="module")
def policy():
    """One Tax-Calculator current-law Policy (building one takes seconds; Calculator copies it)."""
    return pytest.importorskip("taxcalc").Policy()


@pytest.mark.oracle
@pytest.mark.parametrize("year", (2025, 2026))
def test_reference_tax_equals_taxcalc(year, policy):
    tc = pytest.importorskip("taxcalc")
    pd = pytest.importorskip("pandas")
    rng = random.Random(9100 + year)
    cases = [_situation(rng, year) for _ in range(150)]
    rows = []
    for i, (_, h) in enumerate(cases, start=1):
        mars = MARS[h["status"]]
        rows.append({"RECID": i, "MARS": mars, "XTOT": 2 if mars == 2 else 1, "age_head": 45,
                     "age_spouse": 45 if mars == 2 else 0, "blind_head": h["blind"],
                     "e00200": h["wages"], "e00200p": h["wages"], "e00200s": 0.0, "e00300": h["interest"],
                     "e00600": h["qd"], "e00650": h["qd"],
                     "p22250": h["st"] - h["st_cf"], "p23250": h["lt"] - h["lt_cf"]})
    records = tc.Records(data=pd.DataFrame(rows), start_year=year, gfactors=None, weights=None, adjust_ratios=None)
    calc = tc.Calculator(policy=policy, records=records, verbose=False)
    calc.calc_all()
    out = calc.dataframe(["iitax", "c09600", "eitc", "c07100"])
    compared = 0
    for (sit, _), (_, row) in zip(cases, out.iterrows()):
        if row.c09600 > 0 or row.eitc > 0 or row.c07100 > 0:
            continue  # AMT and credits are outside the scored quantity
        assert return_tax(sit).federal == pytest.approx(row.iitax, abs=1.0), sit
        compared += 1
    assert compared > 90


def test_irs_worksheet_example_by_hand():
    """2026 single, $100,000 wages: a $15,000 LT gain costs 15% = $2,250; with a $12,000 ST loss
    harvested too, the $3,000 left costs $450."""
    sit = Situation(2026, FilingStatus.SINGLE, 100_000, 0, 0, 0, 0, 0, 0, 16_100, 0.0)
    assert plan_tax(sit, 0, 15_000) == pytest.approx(2_250)
    assert plan_tax(sit, -12_000, 15_000) == pytest.approx(450)


def test_loss_beyond_the_limit_saves_nothing_this_year():
    """§1211(b): a net loss reduces other income by $3,000 at most; the next dollar saves $0."""
    sit = Situation(2026, FilingStatus.MARRIED_JOINT, 300_000, 0, 0, 0, 0, 0, 0, 32_200, 0.05)
    at_limit = plan_tax(sit, -3_000, 0)
    assert at_limit < 0
    assert plan_tax(sit, -50_000, 0) == pytest.approx(at_limit)


def test_milp_rows_equal_the_scalar_function_in_both_directions():
    rng = random.Random(7)
    for _ in range(40):
        year = rng.choice((2025, 2026))
        sit, _ = _situation(rng, year)
        sit = Situation(**{**sit.__dict__, "state_rate": rng.choice((0.0, 0.05))})
        st, lt = rng.uniform(-2e5, 2e5), rng.uniform(-3e5, 3e5)
        m = Model()
        xs, xl = m.var(-3e5, 3e5), m.var(-4e5, 4e5)
        m.add(Expr.of(xs), st, st)
        m.add(Expr.of(xl), lt, lt)
        tax = add_tax(m, sit, Expr.of(xs), Expr.of(xl))
        for sign in (1.0, -1.0):  # minimising or maximising, the rows leave no slack
            res = m.solve(tax.scaled(sign))
            assert res.value(tax) == pytest.approx(return_tax(sit, st, lt).total, abs=0.01)
