"""Waiting for long-term (engine/waiting.py): the exact difference of two tax computations, in the
tax year the long-term date falls in. Figures worked by hand from Rev. Proc. 2024-40 as amended by
P.L. 119-21 (2025: single standard deduction $15,750, 22% from $48,475) and Rev. Proc. 2025-32 (2026:
$16,100, 22% from $50,400, 0% long-term rate up to $49,450 of taxable income), IRC §1(h), §1211(b).
"""

from __future__ import annotations

from datetime import date

import pytest

from taxrebal.engine.lot_selection import compare_methods, wait_advice
from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, FilingStatus, Household, Lot, LotMethod, Security, Settings, Target
from taxrebal.engine.tax import TaxProfile
from taxrebal.engine.waiting import wait_for_long_term

SINGLE_80K_2026 = TaxProfile(2026, FilingStatus.SINGLE, ordinary_income=80_000.0)
SINGLE_80K_2025 = TaxProfile(2025, FilingStatus.SINGLE, ordinary_income=80_000.0)


def test_2000_short_term_gain_at_80k_wages_saves_140_not_70():
    # Taxable 80,000 - 16,100 = 63,900: 22% ordinary; above 49,450 so long-term is 15%.
    # Now: 2,000 x 22% = 440. Later in 2026: 2,000 x 15% = 300. Saving 140.00.
    wait = wait_for_long_term(SINGLE_80K_2026, 2_000.0, 0.0, 2_000.0, date(2026, 12, 20))
    assert (wait.tax_now, wait.tax_later) == (pytest.approx(440.0), pytest.approx(300.0))
    assert wait.saving == pytest.approx(140.0)
    assert not wait.moves_to_next_year and wait.words() == ""


def test_a_wait_across_december_31_moves_the_sale_to_next_years_return():
    # Sold 2025-12-10 now: 2025 taxable 80,000 - 15,750 = 64,250, 22%: 440. Long-term on 2026-01-21:
    # the sale is on the 2026 return: taxable 63,900 > 49,450, 15%: 300. Saving 140.00.
    wait = wait_for_long_term(SINGLE_80K_2025, 2_000.0, 0.0, 2_000.0, date(2026, 1, 21))
    assert wait.tax_now == pytest.approx(440.0) and wait.tax_later == pytest.approx(300.0)
    assert wait.later_year == 2026 and wait.params_year == 2026 and wait.moves_to_next_year
    assert "moves to your 2026 return" in wait.words()


def test_across_the_year_end_a_loss_already_realized_makes_waiting_worth_nothing():
    # 2025 already has a $10,000 short-term loss. Selling now: net -8,000, still the full $3,000
    # deduction (IRC §1211(b)), 5,000 carried to 2026 (IRC §1212(b)): no tax either year on the gain.
    # Waiting: 2025 net -10,000 (3,000 deducted, 7,000 carried); 2026: 2,000 LT gain - 7,000 = -5,000:
    # 3,000 deducted again. Both paths: $3,000 deducted in each year. Saving 0.
    profile = TaxProfile(2025, FilingStatus.SINGLE, ordinary_income=80_000.0, realized_st=-10_000.0)
    wait = wait_for_long_term(profile, 2_000.0, 0.0, 2_000.0, date(2026, 1, 21))
    assert wait.saving == pytest.approx(0.0, abs=0.005)
    # ...while a rate difference (22% vs 15%) would have promised $140.


def test_a_year_without_published_parameters_is_priced_with_the_latest_and_says_so():
    wait = wait_for_long_term(SINGLE_80K_2026, 2_000.0, 0.0, 2_000.0, date(2027, 1, 21))
    assert wait.later_year == 2027 and wait.params_year == 2026
    assert "2027's are not published yet" in wait.words()
    assert wait.saving == pytest.approx(140.0)  # 2026 brackets for 2027, same wages


def test_lot_selection_wait_saving_across_the_year_end():
    sold = date(2025, 12, 10)
    lot = Lot("C", "Brokerage", "VTI", date(2025, 1, 20), 100, 8_000.0)  # long-term on 2026-01-21
    c = compare_methods((lot,), 100, 100.0, sold, SINGLE_80K_2025, chosen=LotMethod.FIFO)
    (piece,) = c.chosen_outcome.relief.pieces
    assert piece.long_term_date == date(2026, 1, 21)
    assert piece.wait_saving == pytest.approx(140.0)
    (advice,) = wait_advice(c)
    assert "save $140.00" in advice and "moves to your 2026 return" in advice


def test_the_rebalancer_note_prices_waiting_exactly():
    # Brokerage: 100 STK bought 2026-03-02 for $8,000, now $10,000 (+2,000 short-term). The IRA holds
    # $20,000 of STK and $10,000 of BND. Stocks are 75% against 50%: the IRA rebalances for free and
    # the short-term lot is not sold (Allow Short-Term Gains off). Waiting for 2027-03-03: the sale
    # moves to the 2027 return: 440 now vs 300 then (2026 brackets, not yet published for 2027).
    as_of = date(2026, 11, 20)
    h = Household(
        accounts=(Account("Brokerage", "Taxable"), Account("IRA", "Traditional IRA")),
        securities=(Security("STK", "Stocks", 100.0), Security("BND", "Bonds", 50.0)),
        lots=(Lot("T1", "Brokerage", "STK", date(2026, 3, 2), 100, 8_000.0),
              Lot("I1", "IRA", "STK", None, 200, None), Lot("I2", "IRA", "BND", None, 200, None)),
        targets=(Target("Stocks", 0.5, 0.05), Target("Bonds", 0.5, 0.05)),
        settings=Settings(as_of=as_of, filing_status=FilingStatus.SINGLE, ordinary_income=80_000.0,
                          realized_st_ytd=0.0, realized_lt_ytd=0.0, min_trade=0.0))
    plan = plan_rebalance(h, as_of=as_of)
    assert plan.realized_st == 0.0 and plan.realized_lt == 0.0
    (note,) = [n for n in plan.notes if n.startswith("Brokerage STK: shares with short-term gains")]
    assert "$440.00" in note and "$300.00" in note and "$140.00 less" in note
    assert "moves to your 2027 return" in note


def test_the_floor_and_the_next_year_assumption_are_said():
    from taxrebal.engine.waiting import MIN_WAIT_SAVING, worth_waiting, year_change_words

    assert MIN_WAIT_SAVING == 5.00 and worth_waiting(5.00) and not worth_waiting(4.99) and not worth_waiting(0.07)
    assert year_change_words(2026, 2026) == ""
    assert year_change_words(2025, 2026) == ("the sale moves to your 2026 return, priced with 2026 brackets and this "
                                             "year's income, assuming no other gains realized in 2026")


# fe15 F6: a short-term loss carried in, used up by the plan itself. Single, 2026, wages $100,000 (standard
# deduction $16,100), ST Loss Carryforward $4,000, no state tax. The plan realizes $1,340 of short-term gain;
# another $4,660 of short-term gain (233 shares at +$20) turns long-term on 2027-05-02.
#   no sale:        net ST -4,000 -> $3,000 deducted (IRC §1211(b)), taxable 80,900 (22%): -660.00;
#                   $1,000 carried into 2027 (IRC §1212(b))
#   the plan:       net ST -2,660 -> $2,660 deducted: -585.20, i.e. +74.80 (its Est. Tax); nothing carried
#   plan + 4,660:   net ST +2,000, taxable 85,900 (22%): +440.00, i.e. +1,100.00 (Lot Selection's figure for all
#                   300 shares, and FEDTAX's); nothing carried
#   4,660 in 2027:  long-term, on 2027's return (2026 brackets: taxable 100,000 + 4,660 - 16,100, LT above the
#                   $49,450 0% band): 4,660 x 15% = 699.00, so 74.80 + 699.00 = 773.80
# The $1,000 the no-sale year would carry into 2027 is the plan's use, not the 233 shares': counted from it,
# both figures were $220.00 (1,000 x 22%) higher ($1,320.00 / $993.80); the saving, $326.20, was right.
CARRIED_4000 = TaxProfile(2026, FilingStatus.SINGLE, ordinary_income=100_000.0, st_loss_carryforward=4_000.0)


def test_a_carryforward_the_rest_of_the_sale_uses_up_is_not_counted_in_the_waited_pieces_figures():
    wait = wait_for_long_term(CARRIED_4000, 1_340.0 + 4_660.0, 0.0, 4_660.0, date(2027, 5, 2))
    assert wait.tax_now == pytest.approx(1_100.00, abs=0.005)
    assert wait.tax_later == pytest.approx(773.80, abs=0.005)
    assert wait.saving == pytest.approx(326.20, abs=0.005)
    # the waited piece alone (no rest): the no-sale year is the start, its $1,000 carried into 2027 counted
    # both ways: now net ST +660, +145.20 (vs -660: +805.20), nothing carried (2027: -220 -> 0, +220):
    # 1,025.20; later 2027: 4,660 LT - 1,000 carried = 3,660 LT x 15% = 549 (vs -220: +769.00)
    alone = wait_for_long_term(CARRIED_4000, 4_660.0, 0.0, 4_660.0, date(2027, 5, 2))
    assert alone.tax_now == pytest.approx(1_025.20, abs=0.005)
    assert alone.tax_later == pytest.approx(769.00, abs=0.005)


def test_the_trades_note_prices_the_unsold_shares_on_top_of_the_plans_own_tax():
    # fe15 h22: 300 VTI of S1 (bought 2026-05-01 at $280, now $300: +$20 a share, short-term) and 250 BND;
    # US Stocks 90,000 of 108,000 against 60% +/- 5. Allow Short-Term Gains = N lets the plan realize short-
    # term gain only while it nets the $4,000 carried in: 67 shares, $1,340, Est. Tax $74.80 (above). The
    # other 233 shares: $1,100.00 now, $773.80 once long-term (the test above).
    as_of = date(2026, 12, 4)
    h = Household(
        accounts=(Account("Brokerage", "Taxable"),),
        securities=(Security("VTI", "US Stocks", 300.0, replacements=("SCHB",)),
                    Security("SCHB", "US Stocks", 25.0, replacements=("VTI",)),
                    Security("BND", "Bonds", 72.0, replacements=("AGG",))),
        lots=(Lot("S1", "Brokerage", "VTI", date(2026, 5, 1), 300, 84_000.0),
              Lot("B1", "Brokerage", "BND", date(2019, 1, 7), 250, 18_000.0)),
        targets=(Target("US Stocks", 0.6, 0.05), Target("Bonds", 0.4, 0.05)),
        settings=Settings(as_of=as_of, filing_status=FilingStatus.SINGLE, ordinary_income=100_000.0,
                          realized_st_ytd=0.0, realized_lt_ytd=0.0, st_loss_carryforward=4_000.0,
                          min_trade=100.0, whole_shares=True))
    plan = plan_rebalance(h, as_of=as_of)
    assert {s.lot_id: round(s.quantity, 4) for s in plan.lot_sales} == {"S1": 67}
    assert plan.tax_total == pytest.approx(74.80, abs=0.005)
    (note,) = [n for n in plan.notes if n.startswith("Brokerage VTI:")]
    assert "the plan's tax would be $1,100.00; sold in addition once long-term, $773.80: $326.20 less" in note
