"""TaxProfile from the Settings sheet, input errors, and marginal rates worked by hand."""

from datetime import date

import pytest

from taxrebal.engine.records import FilingStatus, Settings, TaxMode
from taxrebal.engine.tax import TaxProfile, compute_tax, federal_tax, marginal_rates, marginal_tax
from taxrebal.errors import InputError, UnknownParameterError


def test_from_settings_carries_every_tax_setting():
    settings = Settings(as_of=date(2026, 3, 2), filing_status=FilingStatus.HEAD_OF_HOUSEHOLD,
                        ordinary_income=85_000, itemized_deductions=30_000, qualified_dividends=1_200,
                        realized_st_ytd=-400, realized_lt_ytd=2_500, st_loss_carryforward=700,
                        lt_loss_carryforward=900, state_tax_rate=0.045, tax_mode=TaxMode.FLAT,
                        flat_st_rate=0.3, flat_lt_rate=0.18)
    assert TaxProfile.from_settings(settings) == TaxProfile(
        year=2026, filing_status=FilingStatus.HEAD_OF_HOUSEHOLD, ordinary_income=85_000,
        itemized_deductions=30_000, qualified_dividends=1_200, realized_st=-400, realized_lt=2_500,
        st_loss_carryforward=700, lt_loss_carryforward=900, state_tax_rate=0.045,
        tax_mode=TaxMode.FLAT, flat_st_rate=0.3, flat_lt_rate=0.18)


def test_tax_year_setting_overrides_the_as_of_year():
    settings = Settings(as_of=date(2026, 1, 15), tax_year=2025)
    assert TaxProfile.from_settings(settings).year == 2025


def test_settings_texts_become_enums():
    profile = TaxProfile(year=2026, filing_status="Married Filing Jointly", tax_mode="Flat")
    assert profile.filing_status is FilingStatus.MARRIED_JOINT and profile.tax_mode is TaxMode.FLAT


@pytest.mark.parametrize("fields, words", [
    ({"st_loss_carryforward": -500}, "ST Loss Carryforward is -500.00; enter it as a positive amount"),
    ({"state_tax_rate": 5}, "State Tax Rate is 5; enter a fraction from 0 to 1"),
    ({"ordinary_income": float("nan")}, "Ordinary Income is nan; enter a number of dollars"),
    ({"itemized_deductions": -1}, "leave it empty for the standard deduction"),
    ({"filing_status": "Singel"}, "Filing Status is 'Singel'; enter one of Single"),
    ({"tax_mode": "Flatt"}, "Tax Mode is 'Flatt'; enter one of Brackets, Flat"),
    ({"seniors": 2}, "Taxpayers 65 or Older is 2; enter how many .* from 0 to 1"),
    ({"blind": 1.5}, "Taxpayers Blind is 1.5"),
])
def test_bad_settings_raise_a_message_that_says_the_fix(fields, words):
    base = {"year": 2026, "filing_status": FilingStatus.SINGLE}
    with pytest.raises(InputError, match=words.replace("(", r"\(").replace(")", r"\)")):
        TaxProfile(**{**base, **fields})


def test_year_without_parameters_names_the_years_available():
    with pytest.raises(UnknownParameterError, match="2025, 2026"):
        TaxProfile(year=2030, filing_status=FilingStatus.SINGLE)


def test_marginal_tax_keeps_both_returns():
    profile = TaxProfile(year=2026, filing_status=FilingStatus.SINGLE, ordinary_income=100_000)
    change = marginal_tax(profile, 0.0, 15_000)
    assert change.before.federal_total == pytest.approx(13_170)  # tax(83,900), worked in tax_cases
    assert change.after.federal_total == pytest.approx(15_420)


@pytest.mark.parametrize("profile_fields, st_rate, lt_rate", [
    # 2026 single, TI 83,900: 22% bracket; LT in the 15% band.
    ({"ordinary_income": 100_000}, 0.22, 0.15),
    # Same with a 5% state tax on gains.
    ({"ordinary_income": 100_000, "state_tax_rate": 0.05}, 0.27, 0.20),
    # TI 23,900: 12% bracket; LT entirely in the 0% band (top 49,450).
    ({"ordinary_income": 40_000}, 0.12, 0.0),
    # TI 283,900 (35% bracket), AGI over 200,000: NIIT 3.8% on both.
    ({"ordinary_income": 300_000}, 0.388, 0.188),
    # The hidden 27% bracket: TI 53,900 with 10,000 of qualified dividends straddling 49,450;
    # $100 more ST adds 12% ordinary tax and pushes $100 of dividends from 0% to 15%.
    ({"ordinary_income": 60_000, "qualified_dividends": 10_000}, 0.27, 0.15),
    # Flat mode: the user's rates plus state.
    ({"ordinary_income": 100_000, "tax_mode": TaxMode.FLAT, "flat_st_rate": 0.3, "flat_lt_rate": 0.15,
      "state_tax_rate": 0.04}, 0.34, 0.19),
])
def test_marginal_rates_worked_by_hand(profile_fields, st_rate, lt_rate):
    profile = TaxProfile(year=2026, filing_status=FilingStatus.SINGLE, **profile_fields)
    assert marginal_rates(profile) == pytest.approx((st_rate, lt_rate), abs=1e-9)


def test_loss_harvest_saves_at_ordinary_rate_against_other_income():
    # 2026 single, TI 83,900 (22%): a 3,000 ST loss with nothing to net against saves 22% x 3,000 = 660;
    # the next 5,000 of loss only carries forward (saves nothing this year).
    profile = TaxProfile(year=2026, filing_status=FilingStatus.SINGLE, ordinary_income=100_000)
    assert marginal_tax(profile, -3_000, 0.0).federal == pytest.approx(-660)
    assert marginal_tax(profile, -8_000, 0.0).federal == pytest.approx(-660)
    assert compute_tax(profile, -8_000, 0.0).st_carryforward_out == pytest.approx(5_000)


def test_federal_tax_equals_the_breakdown_total():
    assert federal_tax(2025, FilingStatus.SINGLE, 500_000, lt_gain=100_000) == pytest.approx(160_377.25)


def test_nan_gain_is_refused():
    profile = TaxProfile(year=2026, filing_status=FilingStatus.SINGLE)
    with pytest.raises(InputError, match="numbers of dollars"):
        compute_tax(profile, float("nan"), 0.0)


def test_from_settings_reads_age_blind_and_investment_income_when_the_record_has_them():
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class SettingsWithPeople(Settings):  # what Settings looks like once the sheet has these keys
        investment_income: float = 0.0
        taxpayers_65_or_older: int = 0
        taxpayers_blind: int = 0

    settings = SettingsWithPeople(as_of=date(2026, 6, 1), filing_status=FilingStatus.MARRIED_JOINT,
                                  investment_income=3_000, taxpayers_65_or_older=2, taxpayers_blind=1)
    profile = TaxProfile.from_settings(settings)
    assert (profile.investment_income, profile.seniors, profile.blind) == (3_000, 2, 1)
    assert TaxProfile.from_settings(Settings(as_of=date(2026, 6, 1))).seniors == 0
