"""The federal tax engine against an independent model: PSL Tax-Calculator (PyPI ``taxcalc``).

Tax-Calculator implements the same law from its own code and its own parameter file
(``policy_current_law.json``). For hundreds of seeded random households (wages, qualified dividends,
short- and long-term gains and losses, carryovers, itemized deductions, every filing status, 2025
and 2026) our ``federal_tax`` must be within $1 of Tax-Calculator's ``iitax``:

* ``iitax`` = income tax after credits + other taxes. Our households have no dependents; the few
  low-wage ones that get the earned income credit (``eitc``) and those with AMT (``c09600``) are
  left out (credits and AMT are out of scope), and the only "other tax" left is the NIIT (Form
  8960). The additional 0.9% Medicare tax (``ptax_amc``) is not in Tax-Calculator 6.8's ``iitax``:
  ``iitax == c05800 + niit`` is asserted for every compared household rather than assumed.
* People 65+ (``age_head``/``age_spouse`` 70) and blind (``blind_head``/``blind_spouse``) get the
  §63(f) additional standard deduction and the 2025-2028 senior deduction in both models.
* Interest (``e00300``) and non-qualified dividends (``e00600`` - ``e00650``) are ordinary income
  that is also net investment income: ``investment_income`` in our profile.
* Wages are ``e00200`` (split ``e00200p``/``e00200s``), qualified dividends ``e00650`` (= ordinary
  dividends ``e00600``), Schedule D lines 7 and 15 are ``p22250``/``p23250`` (a loss carryover is
  already inside those lines, so the carryover enters Tax-Calculator by subtraction), itemized
  deductions are home mortgage interest ``e19200`` (no floor or cap in either year).
* Known difference: Tax-Calculator's 2026 §68 reduction is ``2/37 x (AGI - 37% bracket start)``
  without the statute's "lesser of the itemized deductions" cap; households where the cap binds are
  left out (our rule follows the statute; tests/tax_cases covers it by hand).

Tax-Calculator JIT-compiles its functions with numba on first use (~40 s). Compiling gives the same
arithmetic as running the Python source, so the JIT is switched off for this module (the whole
module runs in a few seconds); it must happen before taxcalc is imported.
"""

from __future__ import annotations

import os
import random

import pytest

os.environ.setdefault("NUMBA_DISABLE_JIT", "1")
try:  # a numba imported earlier in the session would not see the variable otherwise
    import numba

    numba.config.reload_config()
except ImportError:  # pragma: no cover - taxcalc needs numba
    pass

tc = pytest.importorskip("taxcalc")
pd = pytest.importorskip("pandas")
np = pytest.importorskip("numpy")

from taxrebal.engine import params  # noqa: E402
from taxrebal.engine.records import FilingStatus  # noqa: E402
from taxrebal.engine.tax import TaxProfile, compute_tax, federal_tax  # noqa: E402

pytestmark = pytest.mark.oracle

YEARS = (2025, 2026)
N_PER_YEAR = 400
MARS = {FilingStatus.SINGLE: 1, FilingStatus.MARRIED_JOINT: 2, FilingStatus.MARRIED_SEPARATE: 3,
        FilingStatus.HEAD_OF_HOUSEHOLD: 4}
TC_STATUS = {FilingStatus.SINGLE: 0, FilingStatus.MARRIED_JOINT: 1,
             FilingStatus.MARRIED_SEPARATE: 2, FilingStatus.HEAD_OF_HOUSEHOLD: 3}


def _amount(rng: random.Random, low: float, high: float, p_zero: float) -> float:
    """Zero with probability p_zero, else log-uniform-ish magnitude in [low, high], whole dollars."""
    if rng.random() < p_zero:
        return 0.0
    return float(round(low * (high / low) ** rng.random()))


def random_household(rng: random.Random, year: int) -> dict:
    status = rng.choice(list(FilingStatus))
    wages = _amount(rng, 2_000, 1_500_000, 0.08)
    if wages and rng.random() < 0.5:  # more households near the thresholds that matter
        wages = float(rng.randrange(20_000, 320_000))
    st = _amount(rng, 100, 200_000, 0.3) * rng.choice((1, 1, -1))
    lt = _amount(rng, 100, 900_000, 0.2) * rng.choice((1, 1, 1, -1))
    return {
        "year": year,
        "status": status,
        "wages": wages,
        "qdiv": _amount(rng, 50, 80_000, 0.4),
        "interest": _amount(rng, 10, 60_000, 0.6),  # ordinary income that is NII (§1411(c))
        "nonqualified": _amount(rng, 10, 20_000, 0.8),  # ordinary dividends, not qualified
        "st": st,
        "lt": lt,
        "st_cf": _amount(rng, 100, 30_000, 0.8),
        "lt_cf": _amount(rng, 100, 50_000, 0.8),
        "itemized": None if rng.random() < 0.6 else float(rng.randrange(5_000, 90_000)),
        "head_65": rng.random() < 0.3,
        "spouse_65": status is FilingStatus.MARRIED_JOINT and rng.random() < 0.3,
        "head_blind": rng.random() < 0.05,
        "spouse_blind": status is FilingStatus.MARRIED_JOINT and rng.random() < 0.05,
    }


def households(year: int) -> list[dict]:
    rng = random.Random(20260 + year)
    return [random_household(rng, year) for _ in range(N_PER_YEAR)]


def taxcalc_results(year: int, hh: list[dict], policy):
    rows = []
    for i, h in enumerate(hh, start=1):
        mars = MARS[h["status"]]
        spouse_share = 0.4 if mars == 2 else 0.0
        rows.append({
            "RECID": i, "MARS": mars, "XTOT": 2 if mars == 2 else 1,
            "age_head": 70 if h["head_65"] else 45,
            "age_spouse": (70 if h["spouse_65"] else 45) if mars == 2 else 0,
            "blind_head": int(h["head_blind"]), "blind_spouse": int(h["spouse_blind"]),
            "e00200": h["wages"], "e00200p": h["wages"] * (1 - spouse_share),
            "e00200s": h["wages"] * spouse_share,
            "e00300": h["interest"],
            "e00600": h["qdiv"] + h["nonqualified"], "e00650": h["qdiv"],
            "p22250": h["st"] - h["st_cf"], "p23250": h["lt"] - h["lt_cf"],
            "e19200": h["itemized"] or 0.0,
        })
    records = tc.Records(data=pd.DataFrame(rows), start_year=year, gfactors=None, weights=None,
                         adjust_ratios=None)
    calc = tc.Calculator(policy=policy, records=records, verbose=False)
    calc.calc_all()
    assert calc.current_year == year
    return calc.dataframe(["iitax", "c05800", "niit", "c09600", "c07100", "eitc", "refund",
                           "c00100", "c21060", "standard", "ptax_amc", "senior_deduction"])


@pytest.fixture(scope="module")
def policy():
    """One Tax-Calculator current-law Policy (building one takes ~2 s; Calculator copies it)."""
    return tc.Policy()


@pytest.fixture(scope="module")
def oracle(policy):
    out = {}
    for year in YEARS:
        hh = households(year)
        out[year] = (hh, taxcalc_results(year, hh, policy))
    return out


def _statute_cap_binds(h: dict, agi: float) -> bool:
    """True when §68's 'lesser of the itemized deductions' matters (Tax-Calculator ignores it)."""
    if h["itemized"] is None or params.get("itemized_limitation_rate", h["year"]) <= 0:
        return False
    top = params.get("ordinary_brackets", h["year"], h["status"])[-1][0]
    return agi - top > h["itemized"]


@pytest.mark.parametrize("year", YEARS)
def test_federal_tax_within_one_dollar_of_taxcalc(oracle, year):
    hh, res = oracle[year]
    compared, mismatches = 0, []
    for h, (_, row) in zip(hh, res.iterrows()):
        if row.c09600 > 0 or row.eitc > 0 or row.c07100 > 0 or _statute_cap_binds(h, row.c00100):
            continue  # AMT, credits out of scope; Tax-Calculator's §68 shortcut (module docstring)
        # iitax = income tax + NIIT; the 0.9% Medicare surtax is kept out of it.
        assert abs(row.iitax - (row.c05800 + row.niit)) < 0.01
        investment = h["interest"] + h["nonqualified"]
        if investment:  # federal_tax treats ordinary income as wages; the profile says what is NII
            ours = compute_tax(TaxProfile(
                year=year, filing_status=h["status"], ordinary_income=h["wages"] + investment,
                investment_income=investment, qualified_dividends=h["qdiv"], realized_st=h["st"],
                realized_lt=h["lt"], itemized_deductions=h["itemized"], st_loss_carryforward=h["st_cf"],
                lt_loss_carryforward=h["lt_cf"], seniors=h["head_65"] + h["spouse_65"],
                blind=h["head_blind"] + h["spouse_blind"])).federal_total
        else:
            ours = federal_tax(year, h["status"], h["wages"], st_gain=h["st"], lt_gain=h["lt"],
                               qualified_dividends=h["qdiv"], itemized=h["itemized"],
                               st_carryforward=h["st_cf"], lt_carryforward=h["lt_cf"],
                               seniors=h["head_65"] + h["spouse_65"],
                               blind=h["head_blind"] + h["spouse_blind"])
        compared += 1
        if abs(ours - row.iitax) > 1.0:
            mismatches.append((h, ours, row.iitax))
    assert compared >= 0.85 * len(hh), f"only {compared} households compared"
    assert not mismatches, f"{len(mismatches)} differ by more than $1, e.g. {mismatches[:3]}"


@pytest.mark.parametrize("year", YEARS)
def test_the_sample_reaches_every_rule(oracle, year):
    """A comparison is only as good as its sample: every rule must be exercised in each year."""
    hh, res = oracle[year]
    assert (res.niit > 0).sum() >= 40  # NIIT (§1411)
    assert sum(h["interest"] > 0 and row.niit > 0 for h, (_, row) in zip(hh, res.iterrows())) >= 10
    netted = [(h["st"] - h["st_cf"]) + (h["lt"] - h["lt_cf"]) for h in hh]
    assert sum(n < -3000 for n in netted) >= 15  # loss limit (§1211(b))
    assert sum(h["itemized"] is not None and row.c21060 > row.standard
               for h, (_, row) in zip(hh, res.iterrows())) >= 30  # itemizers
    for status in FilingStatus:
        assert sum(h["status"] is status for h in hh) >= 50
    high = [h for h in hh if h["wages"] + h["lt"] > 700_000]
    assert len(high) >= 20  # 20% capital gain rate and 37% bracket
    seniors = res.senior_deduction
    assert ((seniors > 0) & (seniors < 6000)).sum() >= 10  # senior deduction phasing out (§151(d)(5)(C))


PARAMETER_MAP = {  # our parameter -> Tax-Calculator's (policy_current_law.json)
    "ordinary_brackets": [f"II_brk{i}" for i in range(1, 7)],
    "capital_gain_brackets": ["CG_brk1", "CG_brk2"],
}


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("status", list(FilingStatus))
def test_parameters_equal_taxcalcs(policy, year, status):
    policy.set_year(year)
    col = TC_STATUS[status]
    ours = params.get("ordinary_brackets", year, status)
    assert [t for t, _ in ours[1:]] == [getattr(policy, n)[0][col] for n in PARAMETER_MAP["ordinary_brackets"]]
    assert [r for _, r in ours] == pytest.approx([policy.II_rt1[0], policy.II_rt2[0], policy.II_rt3[0],
                                                  policy.II_rt4[0], policy.II_rt5[0], policy.II_rt6[0],
                                                  policy.II_rt7[0]])
    cg = params.get("capital_gain_brackets", year, status)
    assert [t for t, _ in cg[1:]] == [getattr(policy, n)[0][col] for n in PARAMETER_MAP["capital_gain_brackets"]]
    assert [r for _, r in cg] == pytest.approx([policy.CG_rt1[0], policy.CG_rt2[0], policy.CG_rt3[0]])
    assert params.get("standard_deduction", year, status) == policy.STD[0][col]
    assert params.get("niit.threshold", year, status) == policy.NIIT_thd[0][col]
    assert params.get("niit.rate", year) == pytest.approx(policy.NIIT_rt[0])
    assert params.get("itemized_limitation_rate", year) == pytest.approx(policy.ID_reduction_rate[0],
                                                                         abs=1e-7)
    assert params.get("additional_standard_deduction", year, status) == policy.STD_Aged[0][col]
    senior = params.get("senior_deduction.amount", year, status)
    # Tax-Calculator stores one amount and refuses it to MFS in code (MARS != 3).
    assert senior == (0 if status is FilingStatus.MARRIED_SEPARATE else policy.SeniorDed_c[0])
    assert params.get("senior_deduction.phaseout_start", year, status) == policy.SeniorDed_ps[0][col]
    assert params.get("senior_deduction.phaseout_rate", year) == pytest.approx(policy.SeniorDed_prt[0])
