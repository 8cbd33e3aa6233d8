"""A step's side effects are said on its row (fe11 findings 9 and 11; engine/rebalance/side_effects.py).

The household (fe11's g_harvest): Single, $150,000 of ordinary income, $8,000 of long-term gains this
year, 5% state. Indiv (taxable) holds 1,000 SCHX at $25 (basis $27,000: a $2,000 loss; Replacement VV),
70 BND at $72 (basis $5,190), 100 EWJ at $70 (basis $8,000: $10.00 a share under it, EWJ the only
Japan fund, no Replacement) and $100 of cash; the Roth 150 BND. Targets: US Stocks 60, Japan 15, Bonds
25, bands 5. Japan is 7,000 / 47,940 = 14.60%: -0.40 points.

By hand: the least-tax plan harvests EWJ as far as Japan's band allows (to 10.00%: -5.00 points), since
the account can buy no other Japan fund, so the row says so. With targets 52/15/33 every class is
within its band: the plan harvests SCHX into VV and invests $171.20 of what is left in EWJ, which
blocks the harvest of lot G3 for 30 days: sold before 2027-01-04 (As Of 2026-12-04 + 31), lot G3's
loss washes against those 2.4457 shares, 2.4457 x $10.00 = $24.46 (IRC §1091(a)).
"""

from __future__ import annotations

from datetime import date

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Target

AS_OF = date(2026, 12, 4)


def household(us=0.60, japan=0.15, bonds=0.25):
    return Household(
        accounts=(Account("Indiv", "Taxable", cash=100.0), Account("Roth", "Roth IRA")),
        securities=(Security("SCHX", "US Stocks", 25.0, replacements=("VV",)), Security("VV", "US Stocks", 280.0),
                    Security("EWJ", "Japan", 70.0), Security("BND", "Bonds", 72.0, replacements=("AGG",)),
                    Security("AGG", "Bonds", 98.0)),
        lots=(Lot("G1", "Indiv", "SCHX", date(2025, 3, 3), 1000, 27_000.0),
              Lot("G2", "Indiv", "BND", date(2025, 6, 2), 70, 5_190.0),
              Lot("G3", "Indiv", "EWJ", date(2025, 9, 2), 100, 8_000.0),
              Lot("G4", "Roth", "BND", date(2020, 1, 2), 150, None)),
        targets=(Target("US Stocks", us, 0.05), Target("Japan", japan, 0.05), Target("Bonds", bonds, 0.05)),
        settings=Settings(as_of=AS_OF, ordinary_income=150_000.0, realized_lt_ytd=8_000.0, state_tax_rate=0.05,
                          harvest_min_loss=100.0),
    )


def test_a_harvest_with_no_fund_to_buy_back_says_how_far_it_moves_its_class():
    plan = plan_rebalance(household(), as_of=AS_OF)
    (ewj,) = [t for t in plan.trades if t.symbol == "EWJ"]
    assert ewj.action is Action.SELL
    assert ("This harvest moves Japan from -0.40 to -5.00 points from target (its band: 5.00): Indiv buys no "
            "other Japan fund in this plan. Add a Replacement for EWJ on Securities") in ewj.note
    # a harvest whose class is kept invested says nothing of the kind
    (schx,) = [t for t in plan.trades if t.symbol == "SCHX"]
    assert "This harvest moves" not in schx.note


def test_a_buy_of_a_fund_with_a_kept_loss_lot_says_it_blocks_that_harvest_for_30_days():
    plan = plan_rebalance(household(0.52, 0.15, 0.33), as_of=AS_OF)
    (ewj,) = [t for t in plan.trades if t.symbol == "EWJ"]
    assert ewj.action is Action.BUY and round(ewj.quantity, 4) == 2.4457
    assert ("Buying EWJ today blocks harvesting lot G3 (Indiv, a $1,000.00 loss) for 30 days: sold before "
            "2027-01-04, the first day you may sell it, these 2.4457 shares wash $24.46 of it "
            "(IRC §1091(a)).") in ewj.note
    (vv,) = [t for t in plan.trades if t.symbol == "VV"]
    assert "blocks harvesting" not in vv.note  # no VV lot is held at a loss
