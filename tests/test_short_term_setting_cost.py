"""What Allow Short-Term Gains = N costs, said where the user looks (engine/short_term_cost.py), what
waiting for long-term and selling those lots instead would cost (engine/short_term_wait.py), and
short-term notes true for their row (engine/rebalance/explain.py).

Hand-worked household (after the fe8 advisor's "gainy, no Roth" workbook): 2026, married filing
jointly, ordinary income $240,000 of which $30,000 is investment income, Realized ST YTD +$2,000,
Realized LT YTD $18,000, state 5%, As Of 2026-12-04. Taxable account: 40 IVV at $720 bought
2026-02-10 at $690 (short-term, $30 a share: 4.2% of the price), 184 AAPL inherited at $150, now $200
(long-term by IRC §1223(9), $50 a share: 25%), 144 BND at $100 (no gain). Stocks $65,600 of $80,000 =
82% against 50% +/- 5 points: the band edge (55%, $44,000) needs $21,600 sold, 30 IVV or 108 AAPL.

Rates by hand (Rev. Proc. 2025-32; IRC §63(c) as amended in 2025: MFJ standard deduction $32,200):
ordinary taxable income 240,000 + 2,000 - 32,200 = $209,800, in the 22% bracket up to $211,400;
MAGI 260,000 is over the $250,000 NIIT threshold and NII (30,000 + 20,000) exceeds the excess, so
each dollar of gain carries 3.8% (IRC §1411); long-term gains at 15% (IRC §1(h)).
  long-term dollar:  15 + 3.8 + 5 = 23.8%;  short-term dollar: 22 + 3.8 + 5 = 30.8%.
  N (no new net short-term gain): 108 AAPL, 5,400 LT x 23.8% = $1,285.20.
  Y: 30 IVV, 900 ST (209,800 + 900 < 211,400) x 30.8% = $277.20.  N costs $1,008.00.
"""

from datetime import date

import pytest

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, FilingStatus, Household, Lot, Security, Settings, Target
from taxrebal.engine.short_term_cost import short_term_cost
from taxrebal.engine.short_term_wait import wait_instead
from taxrebal.workbook.results.trades import frontier_table

AS_OF = date(2026, 12, 4)


def household(**settings) -> Household:
    base = dict(as_of=AS_OF, filing_status=FilingStatus.MARRIED_JOINT, ordinary_income=240_000.0,
                investment_income=30_000.0, realized_st_ytd=2_000.0, realized_lt_ytd=18_000.0,
                state_tax_rate=0.05, whole_shares=True, min_trade=100.0, realized_ytd_reconciled=True)
    base.update(settings)
    return Household(
        accounts=(Account("Joint Taxable", "Taxable"),),
        securities=(Security("IVV", "US Stocks", 720.0), Security("AAPL", "US Stocks", 200.0),
                    Security("BND", "Bonds", 100.0)),
        lots=(Lot("T-11", "Joint Taxable", "IVV", date(2026, 2, 10), 40, 27_600.0),
              Lot("T-10", "Joint Taxable", "AAPL", None, 184, 27_600.0, inherited=True),
              Lot("T-06", "Joint Taxable", "BND", date(2021, 6, 1), 144, 14_400.0)),
        targets=(Target("US Stocks", 0.50, band=0.05), Target("Bonds", 0.50, band=0.05)),
        settings=Settings(**base))


def sold(plan) -> dict[str, float]:
    return {ls.lot_id: round(ls.quantity, 3) for ls in plan.lot_sales}


def test_the_default_sells_the_large_long_term_gain_and_says_what_it_costs():
    h = household()
    plan = plan_rebalance(h, as_of=AS_OF)
    assert sold(plan) == {"T-10": 108}
    assert plan.tax_total == pytest.approx(1_285.20, abs=0.01)
    cost = short_term_cost(h, AS_OF, plan)
    assert cost is not None
    assert cost.tax_y == pytest.approx(277.20, abs=0.01)
    assert cost.cost == pytest.approx(1_008.00, abs=0.001)
    assert cost.note().startswith("Allow Short-Term Gains = N costs $1,008.00 here: with Y the plan's tax would "
                                  "be $277.20 instead of $1,285.20 (it sells 30 IVV (Joint Taxable); realized "
                                  "short-term $900.00, long-term $0.00)")


def test_the_re_solve_is_the_plan_a_user_gets_with_y():
    plan_y = plan_rebalance(household(allow_short_term_gains=True), as_of=AS_OF)
    assert sold(plan_y) == {"T-11": 30}
    assert plan_y.tax_total == pytest.approx(277.20, abs=0.01)
    assert short_term_cost(household(allow_short_term_gains=True), AS_OF, plan_y) is None


def test_nothing_is_said_when_the_setting_costs_nothing():
    # The short-term lot the dearer one per dollar sold: IVV bought at $540 ($180 a share, 25% of the
    # price): 30 IVV = 5,400 ST = 1,600 x 22% + 3,800 x 24% + 3.8% + 5% = $1,739.20 > AAPL's $1,285.20.
    h = household()
    h = Household(accounts=h.accounts, securities=h.securities,
                  lots=(Lot("T-11", "Joint Taxable", "IVV", date(2026, 2, 10), 40, 21_600.0),) + h.lots[1:],
                  targets=h.targets, settings=h.settings)
    plan = plan_rebalance(h, as_of=AS_OF)
    assert sold(plan) == {"T-10": 108}
    assert short_term_cost(h, AS_OF, plan) is None


def test_the_frontier_says_its_least_tax_rests_on_the_setting():
    h = household()
    cost = short_term_cost(h, AS_OF, plan_rebalance(h, as_of=AS_OF))
    assert cost is not None
    notes = frontier_table([], cost.note())[0].notes
    assert notes[-1] == "Every Least Tax here is under Allow Short-Term Gains = N. " + cost.note()
    assert frontier_table([])[0].notes == notes[:-1]


def test_a_partly_sold_short_term_lot_is_the_other_shares_and_its_wait_is_priced_as_an_addition():
    # Realized ST YTD -$450: N lets the plan realize $450 of short-term gain, absorbed (15 IVV); the other
    # $10,800 comes from 54 AAPL. The other 25 IVV shares were not sold: the note says so, and prices
    # selling them as an addition to the plan's sales, not instead of the AAPL.
    plan = plan_rebalance(household(realized_st_ytd=-450.0), as_of=AS_OF)
    assert sold(plan) == {"T-11": 15, "T-10": 54}
    note = next(n for n in plan.notes if n.startswith("Joint Taxable IVV:"))
    assert note.startswith("Joint Taxable IVV: the other 25 shares with short-term gains were not sold "
                           "(Allow Short-Term Gains is off")
    # The 25 shares now, on top of the plan: +750 ST x 30.8% = 231.00 -> 980.70. Sold once long-term
    # (2027-02-11, the 2027 return, priced with this year's income and no 2027 gains yet: MAGI 240,750
    # is under the NIIT threshold): 750 x (15% + 5%) = 150.00 -> 899.70; $81.00 less.
    assert ("Sold now in addition to this plan's sales (not instead of any of them), the plan's tax would be "
            "$980.70; sold in addition once long-term, $899.70: $81.00 less") in note
    # N: net ST 0, LT 18,000 + 2,700 = 20,700 against 17,550 before: 3,150 x 23.8% = 749.70.
    # Y: 30 IVV: net ST +450 (30.8%) and LT back to 18,000 (+450 x 23.8%): 138.60 + 107.10 = 245.70.
    assert plan.tax_total == pytest.approx(749.70, abs=0.01)
    cost = short_term_cost(household(realized_st_ytd=-450.0), AS_OF, plan)
    assert cost is not None and cost.tax_y == pytest.approx(245.70, abs=0.01)
    assert cost.cost == pytest.approx(504.00, abs=0.001)


def test_waiting_instead_is_the_plan_re_solved_on_the_long_term_date():
    # IVV bought 2025-12-07 is long-term from 2026-12-08 (IRC §1222, §1223: more than one year), this
    # tax year. Today N sells 108 AAPL ($1,285.20). Re-solved with T-11 long-term, as on 2026-12-08, the
    # plan sells 30 IVV long-term instead: 900 x 23.8% = $214.20, $1,071.00 less. (Priced as an
    # addition, the 40 IVV on top of the AAPL would only add tax: the old note pointed the wrong way.)
    h = household()
    h = Household(accounts=h.accounts, securities=h.securities,
                  lots=(Lot("T-11", "Joint Taxable", "IVV", date(2025, 12, 7), 40, 27_600.0),) + h.lots[1:],
                  targets=h.targets, settings=h.settings)
    plan = plan_rebalance(h, as_of=AS_OF)
    assert sold(plan) == {"T-10": 108}
    instead = wait_instead(h, AS_OF, plan)
    assert instead is not None
    assert instead.day == date(2026, 12, 8)
    assert instead.tax_then == pytest.approx(214.20, abs=0.01)
    assert instead.saving == pytest.approx(1_071.00, abs=0.001)
    assert instead.note().startswith("Waiting instead: IVV T-11 is long-term by 2026-12-08, this tax year. The "
                                     "plan chosen again with it long-term, everything else as today (prices, "
                                     "wash-sale windows), would cost $214.20 instead of $1,285.20: $1,071.00 less "
                                     "(it sells 30 IVV (Joint Taxable)).")


def test_no_waiting_note_for_a_long_term_date_next_year():
    # the fe8 IVV lot (bought 2026-02-10) is long-term only on 2027-02-11: another return, not priced here
    h = household()
    assert wait_instead(h, AS_OF, plan_rebalance(h, as_of=AS_OF)) is None


def test_a_y_plan_that_keeps_the_n_rule_is_offered_as_the_plan():
    """fe13 F13: when the plan under N is not the least tax (a huge household's solve stopped at its CPU
    budget), the Y re-solve can find a plan that N allows too. Realized ST YTD -$2,000 leaves $2,000 of
    room (engine/rebalance/short_term.py: P <= max(0, -B)); the Y plan's 30 IVV realize +$900 short-term,
    inside it. Netting (IRC §1222): LT 18,000 - (2,000 - 900) = 16,900 against 16,000 before: $900 more
    gain at 23.8% = $214.20. Handed the dearer AAPL plan ($1,285.20) as if the N solve had stopped
    there, the re-solve's plan is returned to replace it, with a note saying why."""
    stopped = plan_rebalance(household(), as_of=AS_OF)  # 108 AAPL: the plan a stopped solve could leave
    h = household(realized_st_ytd=-2_000.0)
    cost = short_term_cost(h, AS_OF, stopped)
    assert cost is not None and cost.plan_y_meets_n is not None
    assert sold(cost.plan_y_meets_n) == {"T-11": 30}
    assert cost.tax_y == pytest.approx(214.20, abs=0.01)
    assert cost.adopted_note().startswith("This plan keeps Allow Short-Term Gains = N (its net short-term "
                                          "result, $900.00, raises no net short-term gain) and costs $214.20.")
    assert plan_rebalance(h, as_of=AS_OF).tax_total == pytest.approx(214.20, abs=0.01)  # what N finds unstopped


def test_a_y_plan_that_raises_the_net_short_term_gain_is_never_the_plan():
    # Realized ST YTD +$2,000: no room; the Y plan's +$900 short-term would raise it, so it is only priced
    cost = short_term_cost(household(), AS_OF, plan_rebalance(household(), as_of=AS_OF))
    assert cost is not None and cost.plan_y_meets_n is None
