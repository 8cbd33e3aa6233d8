"""First checks of the tax engine against the task's article numbers (hand-worked)."""

import pytest

from taxrebal.engine.records import FilingStatus
from taxrebal.engine.tax import TaxProfile, compute_tax, marginal_tax


def test_article_15000_lt_gain_at_15_percent_costs_2250():
    # 2026 single, $100,000 wages: taxable ordinary income 83,900 sits above the 0% top (49,450),
    # so the whole $15,000 long-term gain is taxed at 15% = $2,250.
    profile = TaxProfile(year=2026, filing_status=FilingStatus.SINGLE, ordinary_income=100_000)
    assert marginal_tax(profile, 0.0, 15_000).federal == pytest.approx(2250.0, abs=0.005)


def test_article_harvested_12000_loss_leaves_3000_taxed_450():
    profile = TaxProfile(year=2026, filing_status=FilingStatus.SINGLE, ordinary_income=100_000)
    assert marginal_tax(profile, -12_000, 15_000).federal == pytest.approx(450.0, abs=0.005)


def test_ordinary_tax_on_83900_2026_single():
    # 10% x 12,400 + 12% x 38,000 + 22% x 33,500 = 1,240 + 4,560 + 7,370 = 13,170
    profile = TaxProfile(year=2026, filing_status=FilingStatus.SINGLE, ordinary_income=100_000)
    assert compute_tax(profile).regular_tax == pytest.approx(13_170.0, abs=0.005)
