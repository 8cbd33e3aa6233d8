"""Hand-worked IRS worksheet cases (tests/tax_cases/*.toml): each case shows its worksheet lines."""

from __future__ import annotations

import pathlib
import tomllib

import pytest

from taxrebal.engine.records import FilingStatus, TaxMode
from taxrebal.engine.tax import TaxBreakdown, TaxProfile, compute_tax, marginal_tax

CASES_DIR = pathlib.Path(__file__).parent / "tax_cases"
TOLERANCE = 0.01  # dollars: hand-worked figures are exact to the cent


def load_cases():
    cases = []
    for path in sorted(CASES_DIR.glob("*.toml")):
        for case in tomllib.loads(path.read_text(encoding="utf-8"))["case"]:
            cases.append(pytest.param(case, id=f"{path.stem}: {case['name']}"))
    return cases


CASES = load_cases()


def make_profile(fields: dict) -> TaxProfile:
    fields = dict(fields)
    fields["filing_status"] = FilingStatus(fields["filing_status"])
    if "tax_mode" in fields:
        fields["tax_mode"] = TaxMode(fields["tax_mode"])
    return TaxProfile(**fields)


def test_there_are_enough_cases_for_every_status_and_year():
    seen = {(c.values[0]["profile"]["year"], c.values[0]["profile"]["filing_status"]) for c in CASES}
    for year in (2025, 2026):
        for status in FilingStatus:
            assert (year, status.value) in seen, f"no hand-worked case for {status.value} {year}"
    assert len(CASES) >= 25


@pytest.mark.parametrize("case", CASES)
def test_hand_worked_case(case):
    profile = make_profile(case["profile"])
    extra = case.get("extra", {})
    result = compute_tax(profile, extra.get("st", 0.0), extra.get("lt", 0.0))
    fields = set(TaxBreakdown.__dataclass_fields__)
    for name, expected in case["expected"].items():
        assert name in fields, f"unknown field {name} in case {case['name']}"
        assert getattr(result, name) == pytest.approx(expected, abs=TOLERANCE), name
    if "marginal" in case:
        change = marginal_tax(profile, extra.get("st", 0.0), extra.get("lt", 0.0))
        for name, expected in case["marginal"].items():
            assert getattr(change, name) == pytest.approx(expected, abs=TOLERANCE), name
