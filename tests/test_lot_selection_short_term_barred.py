"""Lot Selection tells the truth about a cheaper row the plan may not use (Allow Short-Term Gains = N).

fe6 hh3, worked by hand (2026-12-04, single, ordinary income $100,000: 22% ordinary and 15% long-term
federal, 4% state, no NIIT): VTSAX at $150; lot T1 100 sh bought 2015 at $100, lot T2 100 sh bought
2026-03-02 at $140. The plan sells 17.3667 shares of T1: long-term gain 17.3667 x $50 = $868.34,
tax 19% = $164.98. LIFO / HIFO / TaxOptimal sell T2 instead: short-term gain 17.3667 x $10 = $173.67,
tax 26% = $45.15, $119.83 less. But the year has no short-term loss to absorb it (Realized ST YTD 0),
and Allow Short-Term Gains = N keeps the plan from raising the year's net short-term gain, so those
rows must say they are not open to the plan; the advice note must say why it was not taken.
"""

from datetime import date

from taxrebal.engine.plan import LotSale, Plan, PlanStatus, Reason, Trade
from taxrebal.engine.records import Account, Action, FilingStatus, Household, Lot, Security, Settings
from taxrebal.workbook.results.lot_selection import (
    lot_selection_tables,
    plan_sale_requests,
    plan_step_bases,
    tax_profile,
)

AS_OF = date(2026, 12, 4)
Q = 17.3667


def tables(allow_st: bool):
    s = Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=100_000.0, state_tax_rate=0.04,
                 realized_st_ytd=0.0, realized_lt_ytd=0.0, allow_short_term_gains=allow_st)
    h = Household((Account("Individual", "Taxable"),), (Security("VTSAX", "US", 150.0),),
                  (Lot("T1", "Individual", "VTSAX", date(2015, 1, 5), 100, 10_000.0),
                   Lot("T2", "Individual", "VTSAX", date(2026, 3, 2), 100, 14_000.0)), settings=s)
    gain = round(Q * 50.0, 2)
    plan = Plan((Trade(1, "Individual", "VTSAX", Action.SELL, Q, 150.0, Q * 150.0, realized_lt=gain,
                       est_tax=164.98, reason=Reason.TAXABLE_SALE),),
                (LotSale(1, "Individual", "VTSAX", "T1", date(2015, 1, 5), Q, Q * 150.0, Q * 100.0, Q * 50.0, True,
                         "Clear"),),
                0.0, gain, None, {}, {}, 0.0, 0.0, (), (), PlanStatus.WITHIN_BANDS)
    requests, labels = plan_sale_requests(plan, h)
    bases = plan_step_bases(plan, h, tax_profile(h, AS_OF))
    out, _ = lot_selection_tables(h, requests, as_of=AS_OF, labels=labels, bases=bases)
    comparison, lots = out[0], out[1]
    return {r[0]: r for r in comparison.rows}, lots.notes


def test_cheaper_short_term_rows_say_the_plan_may_not_use_them():
    rows, notes = tables(allow_st=False)
    assert rows["Specific ID"][4:8] == (0.0, 868.34, 164.98, 119.83) and rows["Specific ID"][8] == "Chosen"
    for method in ("LIFO", "HIFO", "TaxOptimal"):
        assert rows[method][4:7] == (173.67, 0.0, 45.15)
        assert rows[method][8].startswith("Not open to the plan: it sells short-term shares at a gain ($173.67")
    assert not rows["FIFO"][8]
    (advice,) = [n for n in notes if "less tax than" in n]
    assert advice.startswith("LIFO would cost about $119.83 less tax than Specific ID for this sale, but it sells "
                             "short-term shares at a gain")
    assert "Allow Short-Term Gains = N" in advice


def test_with_short_term_gains_allowed_the_advice_stands_alone():
    rows, notes = tables(allow_st=True)
    assert not rows["LIFO"][8]
    assert "LIFO would cost about $119.83 less tax than Specific ID for this sale." in notes
