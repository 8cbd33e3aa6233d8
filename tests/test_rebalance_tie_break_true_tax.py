"""Going on toward target must add no tax: the tie-break stages are judged by the true tax.

Rule (engine/rebalance/tie_break_tax.py): Rebalance To = Target sends trades that add no tax on
toward target; taxable sales stop at the band edge. When the rates stage B solved with price a gain at
0 but the return taxes the next dollars of it, the tie-break stages are run again at the finished
plan's local rates and the lower true tax is kept.

fe14 F2: Head of Household, one taxpayer 65 or older and blind, $60,000 of wages, $3,000 of qualified
dividends, no state tax. The long-term gain is in the 0% bracket, yet it raises MAGI past $75,000,
where the 2025-2028 senior deduction phases out at 6% (IRC §151(d)(5)(C)), taxed at 12%. Federal tax
by Tax-Calculator 6.8.0 (the reviewer's reference, not this code): no sale $2,736.00; selling to the
band edge, $15,851.00 of long-term gain, $2,763.73 (+$27.73); to target, $18,978.67, $2,786.25 (+$50.25).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import (
    Account,
    FilingStatus,
    Household,
    Lot,
    Security,
    Settings,
    Target,
)

AS_OF = date(2026, 12, 1)


def household() -> Household:
    # Brk: VTI 200 x $300 = $60,000 (basis $16,000), BND 100 x $73 = $7,300, VXUS 300 x $60 = $18,000:
    # $85,300. US Stocks is 70.3% against 40 +/- 5. To its 45% edge: sell 72.05 VTI ($21,615.00), a
    # long-term gain of 72.05 x ($300 - $80) = $15,851.00; to its 40% target, 86.2667 VTI, $18,978.67.
    return Household(
        accounts=(Account("Brk", "Taxable"),),
        securities=(Security("VTI", "US Stocks", 300.0, replacements=("ITOT",)),
                    Security("ITOT", "US Stocks", 130.0, replacements=("VTI",)),
                    Security("VXUS", "Intl Stocks", 60.0, replacements=("IXUS",)),
                    Security("IXUS", "Intl Stocks", 72.0, replacements=("VXUS",)),
                    Security("BND", "Bonds", 73.0, replacements=("AGG",)),
                    Security("AGG", "Bonds", 99.0, replacements=("BND",))),
        lots=(Lot("A", "Brk", "VTI", date(2010, 1, 1), 200, 16_000.0),
              Lot("B", "Brk", "BND", date(2018, 3, 1), 100, 7_000.0),
              Lot("C", "Brk", "VXUS", date(2019, 3, 1), 300, 15_000.0)),
        targets=(Target("US Stocks", 0.40, 0.05), Target("Intl Stocks", 0.30, 0.05), Target("Bonds", 0.30, 0.05)),
        settings=Settings(as_of=AS_OF, filing_status=FilingStatus.HEAD_OF_HOUSEHOLD, ordinary_income=60_000.0,
                          qualified_dividends=3_000.0, taxpayers_65_or_older=1, taxpayers_blind=1,
                          min_trade=100.0, harvest_min_loss=100.0, harvest_min_loss_pct=0.05))


def test_a_gain_taxed_through_a_phase_out_stops_at_the_band_edge():
    plan = plan_rebalance(household(), as_of=AS_OF)
    lt = sum(t.realized_lt for t in plan.trades)
    tax = sum(t.est_tax for t in plan.trades)
    assert abs(lt - 15_851.00) < 1.00  # the band edge, not target's $18,978.67
    assert round(tax, 2) == 27.73  # not $50.25


def test_a_gain_that_crosses_out_of_the_zero_bracket_stops_at_the_band_edge():
    # fe14 F2, k15: Single, $55,000 of wages, the same Brk. 2026: standard deduction $16,100, taxable
    # ordinary income $38,900, the 0% long-term bracket ends at $49,450: $10,550 of 0% room. To the band
    # edge, $15,851.00 of gain: (15,851.00 - 10,550) x 15% = $795.15; to target, $18,978.67:
    # (18,978.67 - 10,550) x 15% = $1,264.30. The base rates price long-term gain at 0 (the first dollar
    # is in the 0% bracket), and the tie-breaks went on to target.
    h = household()
    h = replace(h, settings=replace(h.settings, filing_status=FilingStatus.SINGLE, ordinary_income=55_000.0,
                                    qualified_dividends=0.0, taxpayers_65_or_older=0, taxpayers_blind=0))
    plan = plan_rebalance(h, as_of=AS_OF)
    assert abs(sum(t.realized_lt for t in plan.trades) - 15_851.00) < 1.00
    assert round(sum(t.est_tax for t in plan.trades), 2) == 795.15
