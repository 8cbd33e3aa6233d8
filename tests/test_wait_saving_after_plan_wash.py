"""A lot whose basis takes in a loss the same step washes is priced for "wait for long-term" on its Lot Sales
row (gain and holding period after the plan's wash sale), not on its purchase (audit22).

Found on bench/planref seed 38 (Lot Selection row 67): lot L052, 3.1314 BD0 bought 2026-11-07 $5.83 a share
under the price, sold in the step that sells L022 at a loss: its basis took in $355.71 of that loss (IRC
§1091(d)) and it sold at a $337.45 loss, short-term from 2025-12-13 (§1223(3)), yet its Wait Saving read
$0.91, the figure of its pre-wash $18.26 gain.

By hand: Taxable holds VTI lots A (100 shares bought 2026-01-05 for $40,000), B (10 bought 2026-11-10 for
$2,900) and D (200 bought 2026-06-01 for $40,000); VTI is $300, its class's target 0% (the plan sells VTI),
Min Trade $5,000 (B's $3,000 is no step of its own), short-term gains allowed. Selling A loses $10,000, $100 a
share; B's 10 shares, bought 9 days before and held at A's sale (they go after A, bought later), replace 10
of them: $1,000 disallowed, B's basis $2,900 + $1,000 = $3,900, held from 2026-01-05. B sells for $3,000: a
$900 loss. A loss has no short-term gain to wait for: no Wait Saving, no "Lot B ... would save" in the note
(before: "Lot B is short-term: selling it on or after 2027-11-11 (long-term) would save $7.00", the date a
year after B's purchase, on B's pre-wash $100 gain). D's short-term gain still gets its advice.
"""

from dataclasses import replace
from datetime import date

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, Household, Lot, Security, Settings, Target

AS_OF = date(2026, 11, 20)


def household() -> Household:
    settings = Settings(as_of=AS_OF, ordinary_income=150_000.0, filing_status="Married Filing Jointly",
                        min_trade=5_000.0)
    return Household(
        accounts=(Account("Taxable", "Taxable"), Account("IRA", "Traditional IRA")),
        securities=(Security("VTI", "US", 300.0), Security("BND", "Bonds", 100.0)),
        lots=(Lot("A", "Taxable", "VTI", date(2026, 1, 5), 100, 40_000.0),
              Lot("B", "Taxable", "VTI", date(2026, 11, 10), 10, 2_900.0),
              Lot("D", "Taxable", "VTI", date(2026, 6, 1), 200, 40_000.0),
              Lot("I", "IRA", "BND", date(2020, 1, 2), 10, None)),
        targets=(Target("US", 0.0), Target("Bonds", 1.0)),
        settings=replace(settings, allow_short_term_gains=True),
    )


def test_a_lot_sold_at_a_loss_after_the_plans_wash_gets_no_wait_saving():
    plan = plan_rebalance(household(), as_of=AS_OF)
    rows = {s.lot_id: s for s in plan.lot_sales}
    b = rows["B"]
    assert (b.basis, b.gain, b.disallowed, b.acquired) == (3_900.0, -900.0, 0.0, date(2026, 1, 5))
    assert b.wait_saving is None
    (step,) = [t for t in plan.trades if t.symbol == "VTI"]
    assert "Lot B is short-term" not in step.note and "2027-11-11" not in step.note
    assert rows["D"].wait_saving is not None and "Lot D is short-term: selling it on or after 2027-06-02" in step.note
