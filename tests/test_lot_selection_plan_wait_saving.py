"""Lot Selection's Wait Saving for the plan's own short-term gain lot is the Trades note's figure: one
computation (engine/rebalance/explain.py short_term_waits), carried on the step's Lot Sales row.

Rule (IRC §1222, §1(h)): a gain on shares held more than one year is long-term, taxed at 0/15/20%
instead of ordinary rates; waiting saves tax(sell now) - tax(sell on the long-term date).

Worked by hand (2026, single, wages $100,000, no state tax; 2026 tables of Rev. Proc. 2025-32 as
amended by P.L. 119-21: standard deduction $16,100, 22% bracket up to $105,700, 15% long-term rate from
$49,450 to $545,500; NIIT only above $200,000 of MAGI). Brokerage holds VTI lot A, 100 shares bought
2025-12-10 for $20,000 (long-term from 2026-12-11, this tax year), and 100 BND at $100. VTI is $300: US
Stocks $30,000 of $40,000 (75%) against 50% +/- 5, so the plan sells $8,000 of VTI, to the 55% band
edge (a taxed sale stops there): 26.6667 shares of lot A (four decimals), $100 gain a share, short-term.
Ordinary taxable income 83,900 + $2,666.67 stays in the 22% bracket, and as long-term the gain is taxed
15%: waiting saves 7% of the gain, 26.6667 x $100 x 7% = $186.67.
"""

from __future__ import annotations

from datetime import date

import pytest

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, Household, Lot, Security, Settings, Target
from taxrebal.workbook.results.lot_selection import (
    lot_selection_tables,
    plan_sale_requests,
    plan_step_bases,
    tax_profile,
)

AS_OF = date(2026, 12, 1)


def _household() -> Household:
    settings = Settings(as_of=AS_OF, ordinary_income=100_000.0, state_tax_rate=0.0, allow_short_term_gains=True)
    return Household(accounts=(Account("Brokerage", "Taxable"),),
                     securities=(Security("VTI", "US Stocks", 300.0), Security("BND", "Bonds", 100.0)),
                     lots=(Lot("A", "Brokerage", "VTI", date(2025, 12, 10), 100, 20_000.0),
                           Lot("B", "Brokerage", "BND", date(2020, 1, 2), 100, 10_000.0)),
                     targets=(Target("US Stocks", 0.5), Target("Bonds", 0.5)), settings=settings)


def test_the_plans_short_term_lot_shows_the_trades_notes_wait_saving():
    h = _household()
    plan = plan_rebalance(h, as_of=AS_OF)
    (sell,) = [t for t in plan.trades if t.symbol == "VTI"]
    (row,) = [s for s in plan.lot_sales if s.lot_id == "A"]
    hand = round(sell.quantity * 100.0 * 0.07, 2)  # 22% now - 15% long-term, on the lot's gain
    assert sell.quantity == pytest.approx(26.6667)
    assert hand == 186.67
    assert row.wait_saving == pytest.approx(hand, abs=0.005)
    assert f"would save ${hand:,.2f} of tax" in sell.note
    requests, labels = plan_sale_requests(plan, h)
    bases = plan_step_bases(plan, h, tax_profile(h, AS_OF))
    tables, _ = lot_selection_tables(h, requests, as_of=AS_OF, labels=labels, bases=bases)
    lots = next(t for t in tables if t.title.endswith("lots sold by Specific ID"))
    wait_column = [c.header for c in lots.columns].index("Wait Saving")
    assert lots.rows[0][0] == "A"
    assert lots.rows[0][wait_column] == pytest.approx(hand, abs=0.005)
    assert any(f"would save ${hand:,.2f} of tax" in n for n in lots.notes)
