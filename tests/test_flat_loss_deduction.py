"""Tax Mode = Flat prices a net capital loss's deduction at the flat short-term rate (fe15 F2).

Rule: a net capital loss reduces other income by at most $3,000 ($1,500 married filing separately; IRC
§1211(b), Schedule D line 21 -> Form 1040 line 7), whatever its character: it comes off *ordinary* income,
and at the user's own flat rates that is the short-term rate (short-term gain is taxed as ordinary income).
Character decides only what carries over (IRC §1212(b)). Every consumer of the Flat tax gets the one
figure: the tax model (tests/tax_cases/flat_and_itemized.toml), the harvest scan, the plan's local rates
and its dated loss sales ("Sales to wait for").

fe15's household h12, worked by hand: single, $150,000 of wages, Flat 40.8% short-term and 23.8% long-term,
State Tax Rate 5%, As Of 2026-12-04. This year's sells (Transactions): 10 ITOT for $1,400 on a $1,500 basis
(2026-11-03) and 40 SCHB for $1,000 on $1,200 (2026-11-04), both long-term: Realized LT -$300, all of it
deductible (under $3,000): -300 x (40.8% + 5%) = -$137.40. Taxable lot T1: 100 VTI bought 2021-06-01 for
$35,000, now $300: a $5,000 long-term loss. Harvesting it takes the deduction from $300 to the $3,000 limit:
2,700 x 45.8% = $1,236.60 saved (the long-term rate would have said 2,700 x 28.8% = $777.60), and $2,300
carries to 2027 (5,300 - 3,000, long-term). Sold today, 5 of its shares are washed for good by the IRA's 5 VTI
bought 2026-11-04 (Rev. Rul. 2008-5; Sold Recent Shares Wash = Y): 4,750 of the loss counts, still past the
limit, so today's figure is also $1,236.60, and the plan dates the sale to 2026-12-07 (first trading day
after the window) for the whole loss: the same $1,236.60 this year.
"""

from datetime import date

import pytest

from taxrebal.engine.harvest import harvest_candidates
from taxrebal.engine.rebalance import _TaxOracle, plan_rebalance
from taxrebal.engine.records import (
    Account,
    Action,
    FilingStatus,
    Household,
    Lot,
    Security,
    Settings,
    Target,
    TaxMode,
    Transaction,
)
from taxrebal.engine.tax import TaxProfile, marginal_rates

AS_OF = date(2026, 12, 4)


def h12(*extra: Lot) -> Household:
    settings = Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=150_000.0,
                        realized_st_ytd=0.0, realized_lt_ytd=-300.0, realized_ytd_reconciled=True,
                        sold_recent_shares_wash=True, tax_mode=TaxMode.FLAT, flat_st_rate=0.408,
                        flat_lt_rate=0.238, state_tax_rate=0.05)
    return Household(
        accounts=(Account("Taxable", "Taxable"), Account("IRA", "Traditional IRA"), Account("Roth", "Roth IRA")),
        securities=(Security("VTI", "US Stocks", 300.0, replacements=("SCHB", "ITOT")),
                    Security("SCHB", "US Stocks", 25.0, replacements=("ITOT",)),
                    Security("ITOT", "US Stocks", 140.0, replacements=("SCHB",)),
                    Security("BND", "Bonds", 72.0, replacements=("AGG",)),
                    Security("AGG", "Bonds", 98.0, replacements=("BND",))),
        lots=(Lot("T1", "Taxable", "VTI", date(2021, 6, 1), 100, 35_000.0),
              Lot("T2", "Taxable", "BND", date(2021, 6, 1), 100, 7_000.0),
              Lot("I1", "IRA", "VTI", date(2026, 11, 4), 5, 1_500.0),
              Lot("I2", "IRA", "BND", date(2016, 1, 4), 200, None),
              Lot("R1", "Roth", "VTI", date(2026, 11, 3), 7, 2_100.0)) + extra,
        transactions=(Transaction(date(2026, 11, 3), "Taxable", "ITOT", Action.SELL, 10, 140.0, lot_id="S9",
                                  acquired=date(2025, 1, 2), basis=1_500.0),
                      Transaction(date(2026, 11, 3), "Roth", "VTI", Action.BUY, 7, 300.0, lot_id="R1"),
                      Transaction(date(2026, 11, 4), "Taxable", "SCHB", Action.SELL, 40, 25.0, lot_id="S0",
                                  acquired=date(2025, 1, 2), basis=1_200.0),
                      Transaction(date(2026, 11, 4), "IRA", "VTI", Action.BUY, 5, 300.0, lot_id="I1")),
        targets=(Target("US Stocks", 0.6, 0.05), Target("Bonds", 0.4, 0.05)),
        settings=settings)


def test_harvesting_a_long_term_loss_saves_at_the_short_term_rate():
    h = h12()
    (c,) = harvest_candidates(h, AS_OF, TaxProfile.from_settings(h.settings)).candidates
    assert c.lot_id == "T1" and c.long_term
    assert c.tax_saved == pytest.approx(1_236.60, abs=0.005)


def test_a_short_term_loss_of_the_same_size_saves_the_same():
    # BND lot T3 bought 2026-06-01: 100 x $72 on $12,200, a $5,000 short-term loss. Alone (no wash: no BND
    # bought in the last 30 days) it too takes the deduction from $300 to $3,000: $1,236.60.
    h = h12(Lot("T3", "Taxable", "BND", date(2026, 6, 1), 100, 12_200.0))
    rows = {c.lot_id: c for c in harvest_candidates(h, AS_OF, TaxProfile.from_settings(h.settings)).candidates}
    assert not rows["T3"].long_term
    assert rows["T3"].tax_saved == pytest.approx(1_236.60, abs=0.005)
    assert rows["T1"].tax_saved == pytest.approx(1_236.60, abs=0.005)


def test_the_plans_local_rates_inside_the_limit_are_the_short_term_rate_for_both_terms():
    # At -$300 of net loss, $1,000 more or less of either term keeps the deduction between $0 and $3,000
    # and moves it dollar for dollar: 40.8% + 5% = 45.8% for a short- and a long-term dollar alike (the
    # long-term rate would have given 28.8% to the long-term one).
    oracle = _TaxOracle(h12(), AS_OF)
    r_st, r_lt = oracle.local_rates(0.0, -1_000.0)
    assert (r_st, r_lt) == (pytest.approx(0.458), pytest.approx(0.458))
    assert marginal_rates(oracle.profile) == (pytest.approx(0.458), pytest.approx(0.458))
    # past the limit (-$5,300) neither term moves it: 0
    assert oracle.local_rates(0.0, -5_000.0) == (pytest.approx(0.0, abs=1e-12), pytest.approx(0.0, abs=1e-12))


def test_the_plan_dates_the_harvest_and_prices_it_at_the_short_term_rate():
    plan = plan_rebalance(h12(), as_of=AS_OF)
    (wait,) = plan.waits
    assert (wait.lot_id, wait.sell_on, wait.kept) == ("T1", date(2026, 12, 7), pytest.approx(250.0))
    assert wait.realized_lt == pytest.approx(-5_000.0)
    assert wait.est_tax == pytest.approx(-1_236.60, abs=0.005)
