"""Harvest's Loss is its row's Basis minus its Value, to the cent (audit22; README: every figure on two sheets
is the same number, totals add up to the cent).

Found on bench/planref seed 29 with past sales (pr29p, Harvest row 18): lot L039-W1, a piece of a lot whose
basis took in a wash-sale loss of fractions of a cent: Basis 5,000.49, Value 4,573.65, Loss **426.85**,
from the unrounded 5,000.4958 - 4,573.6458.

By hand: lot R1, 3 VTI bought 2026-11-05 in Taxable for $100.00 ($33.333333 a share). On 2026-11-02 one
share of lot S1 (bought 2025-01-02 for $40.00) was sold at $30.00: a $10.00 loss, which one share of R1
replaces (IRC §1091(a)). That share (R1-W1) has basis $33.333333 + $10.00 = $43.333333 (§1091(d)), Basis
cell $43.33; the other two (R1) $66.666667, cell $66.67. At $28.006 their Values are $28.006 and $56.012,
cells $28.01 and $56.01. Loss = $43.33 - $28.01 = **$15.32** and $66.67 - $56.01 = **$10.66** (the
unrounded 15.327333 and 10.654667 round to $15.33 and $10.65, which are not the rows' Basis minus Value);
the loss a sale reports in cents, proceeds less basis, is $15.32 and $10.66 too.
"""

from __future__ import annotations

from datetime import date

from taxrebal.engine.harvest import harvest_candidates
from taxrebal.engine.money import cents
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Target, Transaction
from taxrebal.engine.tax import TaxProfile

AS_OF = date(2026, 11, 20)


def household() -> Household:
    return Household(
        accounts=(Account("Taxable", "Taxable"),),
        securities=(Security("VTI", "US", 28.006),),
        lots=(Lot("R1", "Taxable", "VTI", date(2026, 11, 5), 3, 100.0),),
        transactions=(Transaction(date(2026, 11, 2), "Taxable", "VTI", Action.SELL, 1, 30.0, "S1",
                                  date(2025, 1, 2), 40.0),
                      Transaction(date(2026, 11, 5), "Taxable", "VTI", Action.BUY, 3, 100.0 / 3, "R1")),
        targets=(Target("US", 1.0),),
        settings=Settings(as_of=AS_OF, ordinary_income=100_000.0, harvest_min_loss=0.0,
                          harvest_min_loss_pct=0.0),
    )


def test_the_loss_is_the_basis_cell_minus_the_value_cell():
    h = household()
    rows = {c.lot_id: c for c in harvest_candidates(h, AS_OF, TaxProfile.from_settings(h.settings)).candidates}
    washed, rest = rows["R1-W1"], rows["R1"]
    assert (cents(washed.basis), cents(washed.value), cents(washed.loss)) == (43.33, 28.01, 15.32)
    assert (cents(rest.basis), cents(rest.value), cents(rest.loss)) == (66.67, 56.01, 10.66)
