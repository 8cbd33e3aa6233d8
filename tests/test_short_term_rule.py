"""Allow Short-Term Gains = N: the plan never raises the year's net short-term capital gain
(IRC §1222(5); the ST carryforward counts as a short-term loss, §1212(b)(1)(A)). A short-term gain
the year's short-term losses absorb is not taxed at ordinary rates, so it may be sold when it is the
cheaper lot (taxrebal's reading of the setting: engine/rebalance/short_term.py).

Hand-worked household: 2026, single, $100,000 ordinary income (ordinary taxable income $83,900:
the next short-term dollar is taxed 22%, a long-term one 15%; no NIIT below $200,000; no state tax),
Realized LT YTD $10,000. Taxable account: VTI at $100, lot A (long-term, 200 shares at $20: $80 of
gain a share), lot C (short-term, 100 shares at $95: $5 a share); BND $10,000. Stocks are 75% of
$40,000 against a 60% target and a 10-point band: Band Edge needs 40 VTI shares sold.
"""

from datetime import date

import pytest

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.rebalance.short_term import short_term_room
from taxrebal.engine.records import Account, Household, Lot, RebalanceTo, Security, Settings, Target

AS_OF = date(2026, 6, 1)


def household(**settings) -> Household:
    base = dict(as_of=AS_OF, ordinary_income=100_000.0, min_trade=0.0, realized_lt_ytd=10_000.0,
                rebalance_to=RebalanceTo.BAND_EDGE, realized_ytd_reconciled=True)
    base.update(settings)
    return Household(
        accounts=(Account("Taxable", "Taxable"),),
        securities=(Security("VTI", "US Stocks", 100.0), Security("BND", "Bonds", 50.0)),
        lots=(Lot("A", "Taxable", "VTI", date(2015, 1, 5), 200, 4_000.0),
              Lot("C", "Taxable", "VTI", date(2026, 3, 2), 100, 9_500.0),
              Lot("D", "Taxable", "BND", date(2015, 1, 5), 200, 10_000.0)),
        targets=(Target("US Stocks", 0.60, band=0.05), Target("Bonds", 0.40, band=0.05)),
        settings=Settings(**base))


def sold(plan) -> dict[str, float]:
    return {ls.lot_id: round(ls.quantity, 3) for ls in plan.lot_sales}


def test_a_short_term_gain_absorbed_by_this_years_short_term_loss_is_sold_instead_of_a_long_term_gain():
    # Realized ST YTD -$1,000: 40 shares of C realize $200 of short-term gain, which only shrinks the
    # net short-term loss to -$800; the net capital gain rises by $200, taxed 15%: $30.
    # 40 shares of A would realize $3,200 long-term: $480. The old per-lot rule sold A.
    plan = plan_rebalance(household(realized_st_ytd=-1_000.0), as_of=AS_OF)
    assert sold(plan) == {"C": pytest.approx(40, abs=0.01)}
    assert plan.tax.total == pytest.approx(30.0, abs=0.1)


def test_the_short_term_loss_carried_in_absorbs_short_term_gains_too():
    # ST Loss Carryforward $1,000 is a short-term loss of this year (IRC §1212(b)(1)(A)): same $30.
    plan = plan_rebalance(household(realized_st_ytd=0.0, st_loss_carryforward=1_000.0), as_of=AS_OF)
    assert sold(plan) == {"C": pytest.approx(40, abs=0.01)}
    assert plan.tax.total == pytest.approx(30.0, abs=0.1)


def test_only_as_much_short_term_gain_as_the_losses_absorb():
    # Realized ST YTD -$100: C may realize $100 of short-term gain (20 shares); the other 20 shares
    # come from A ($1,600 long-term). Net ST ends at 0, the net capital gain rises $1,700: 15% = $255.
    # (All 40 from C would leave a $100 net short-term gain taxed at 22%: the setting forbids it.)
    plan = plan_rebalance(household(realized_st_ytd=-100.0), as_of=AS_OF)
    assert sold(plan) == {"A": pytest.approx(20, abs=0.01), "C": pytest.approx(20, abs=0.01)}
    assert plan.realized_st == pytest.approx(100.0, abs=0.05)
    assert plan.tax.total == pytest.approx(255.0, abs=0.1)


def test_with_a_net_short_term_gain_already_no_short_term_gain_is_added():
    # Realized ST YTD +$350: any short-term gain would be taxed at 22%; 40 shares of A: $3,200 x 15%.
    plan = plan_rebalance(household(realized_st_ytd=350.0), as_of=AS_OF)
    assert sold(plan) == {"A": pytest.approx(40, abs=0.01)}
    assert plan.realized_st == pytest.approx(0.0, abs=0.01)
    assert plan.tax.total == pytest.approx(480.0, abs=0.1)


def test_allowed_short_term_gains_follow_the_tax_alone():
    # Allow Short-Term Gains = Y, Realized ST YTD +$350: 40 shares of C realize $200 at 22% = $44,
    # still less than A's $480.
    plan = plan_rebalance(household(realized_st_ytd=350.0, allow_short_term_gains=True), as_of=AS_OF)
    assert sold(plan) == {"C": pytest.approx(40, abs=0.01)}
    assert plan.tax.total == pytest.approx(44.0, abs=0.1)


@pytest.mark.parametrize("ytd, carried, room", [(-1_000.0, 0.0, 1_000.0), (350.0, 0.0, 0.0),
                                                 (200.0, 500.0, 300.0), (None, 0.0, 0.0)])
def test_the_room_is_the_years_net_short_term_loss(ytd, carried, room):
    assert short_term_room(Settings(realized_st_ytd=ytd, st_loss_carryforward=carried)) == room


def test_the_note_on_unsold_short_term_shares_names_the_true_reason():
    # Room $1,000: the 60 shares of C left ($300 of gain) would still fit the cap: the bands did not
    # need them (the plan sold 40 of C's 100: "the other 60 shares"). Realized ST YTD +$350: any of
    # C's gain would raise the year's net short-term gain.
    room = plan_rebalance(household(realized_st_ytd=-1_000.0), as_of=AS_OF)
    (note,) = [n for n in room.notes if n.startswith("Taxable VTI: the other 60 shares with short-term gains")]
    assert "(the bands do not need the tax they would add)" in note
    none = plan_rebalance(household(realized_st_ytd=350.0), as_of=AS_OF)
    (note,) = [n for n in none.notes if n.startswith("Taxable VTI: shares with short-term gains")]
    assert "Allow Short-Term Gains is off and selling them would raise the year's net short-term gain" in note
