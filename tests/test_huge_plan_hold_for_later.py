"""A huge household's plan makes hold_for_later.py's first re-solve (engine/rebalance/huge_plan.py,
``HoldSolve``): a class whose every fund the plan harvests today holds one identity's loss and dates all of it.

Until this change the huge path (more than tuning.HUGE_MODEL_LOTS taxable lot columns, lowered to 0 here)
made no such re-solve: bench_plan_quality --huge-path seeds 1105 and 1116 (0.857, 0.953 of the avoidable
tax) sold both REIT identities at a loss today and dated one's rest, leaving the other's loss undated.

The household, worked by hand from the rules (IRC §1091(a), Treas. Reg. §1.1091-1(a): a loss sale is washed
by a purchase of its identity within 30 days before or after it; the plan never buys an identity it sells at
a loss today). As Of 2026-11-25, one Taxable account, no cash, Tax Mode Flat, 15% long-term, $40,000 of
long-term gains this year: every dollar of loss saves $0.15. US Stocks: SA and SB at $40 (not substantially
identical, no other fund of the class); Bonds: BND at $25. Lots, long-term (bought 2023-06-15): A1, 50 SA
for $3,000 (-$20 a share, -$1,000); A2, 50 SA for $2,250 (-$5 a share, -$250); B1, 30 SB for $2,100 (-$30
a share, -$900); B2, 70 SB for $3,080 (-$4 a share, -$280); D1, 320 BND for $8,000 (bought 2020). US
Stocks $8,000 of $16,000 = 50%, target 40% +/- 5: it ends between $5,600 and $7,200, 20 to 60 shares sold
net today.

* Today alone, selling both funds at a loss, no US Stocks fund can be bought: at most 60 shares, the
  largest losses, B1's 30 (-$900) and 30 of A1 (-$600): -$1,500. (All of one fund sold and the other
  bought back harvests only -$1,250 or -$1,180.) Of the rest, one identity can be dated to 2026-12-28
  (2026-11-25 + 31 = Saturday 12-26, then Monday), buying the other then, 33 days after its loss sales:
  SA's 20 of A1 and A2, -$650 (SB's B2, -$280, is less, and dated too its purchase of SA would wash SA's
  dated sales, within 30 days). -$2,150 this year: $322.50 less tax (the plan before the change).
* SA held today: all of SB sold (-$1,180) and at least 40 SA bought back ($5,600, the band's edge; none of
  SA is sold at a loss today, so the purchase washes nothing); A1 and A2 dated 2026-12-28 buying SB (33
  days after SB's loss sales; the SA bought today fills 2026-11-26, 32 days before): -$1,250. Every loss
  of the class counts this year, -$2,430: $364.50 less tax, the least any plan can pay.
"""

from datetime import date

import pytest

from taxrebal.engine.rebalance import huge_plan, plan_rebalance, solver, stages
from taxrebal.engine.records import Account, Household, Lot, Security, Settings, Target, TaxMode

AS_OF = date(2026, 11, 25)
OLD = date(2023, 6, 15)


def _household() -> Household:
    settings = Settings(as_of=AS_OF, tax_mode=TaxMode.FLAT, flat_st_rate=0.35, flat_lt_rate=0.15,
                        state_tax_rate=0.0, realized_st_ytd=0.0, realized_lt_ytd=40_000.0, min_trade=0.0)
    return Household(
        accounts=(Account("Brokerage", "Taxable"),),
        securities=(Security("SA", "US Stocks", 40.0), Security("SB", "US Stocks", 40.0),
                    Security("BND", "Bonds", 25.0)),
        lots=(Lot("A1", "Brokerage", "SA", OLD, 50, 3_000.0), Lot("A2", "Brokerage", "SA", OLD, 50, 2_250.0),
              Lot("B1", "Brokerage", "SB", OLD, 30, 2_100.0), Lot("B2", "Brokerage", "SB", OLD, 70, 3_080.0),
              Lot("D1", "Brokerage", "BND", date(2020, 3, 2), 320, 8_000.0)),
        targets=(Target("US Stocks", 0.40, band=0.05), Target("Bonds", 0.60, band=0.05)),
        settings=settings)


@pytest.mark.parametrize("huge", [False, True])
def test_a_huge_plan_holds_one_identity_and_dates_all_of_it(huge, monkeypatch):
    if huge:
        for module in (huge_plan, solver, stages):
            monkeypatch.setattr(module, "HUGE_MODEL_LOTS", 0)
    plan = plan_rebalance(_household(), as_of=AS_OF)
    sold_today = {ls.lot_id: ls.quantity for ls in plan.lot_sales}
    assert sold_today == {"B1": pytest.approx(30), "B2": pytest.approx(70)}
    assert plan.realized_lt == pytest.approx(-1_180.0)
    bought_sa = sum(t.quantity for t in plan.trades if t.symbol == "SA")
    assert 40 - 1e-6 <= bought_sa <= 80 + 1e-6  # US Stocks within $5,600-$7,200
    assert sorted((w.lot_id, w.quantity, w.sell_on, w.replacement) for w in plan.waits) == [
        ("A1", 50, date(2026, 12, 28), "SB"), ("A2", 50, date(2026, 12, 28), "SB")]
    assert sum(w.realized_lt for w in plan.waits) == pytest.approx(-1_250.0)
    assert plan.tax_total == pytest.approx(-177.0, abs=0.005)
    assert plan.tax_total + sum(w.est_tax for w in plan.waits) == pytest.approx(-364.5, abs=0.005)
