"""A loss lot the plan cannot harvest today without a wash is dated to the day the window clears, when that
day is this tax year and its loss lowers this year's tax (engine/rebalance/later_harvest.py, issue 9).

The household, worked by hand: one Taxable account, no cash. US Stocks: AAA at $100 and BBB at $50 (not
substantially identical); Bonds: BND at $50. Lots: L1, 100 AAA bought 2024-01-10 for $12,000 (a $2,000
long-term loss); R1, 100 AAA bought 2026-11-20 for $6,000 (a $4,000 short-term gain); B1, 400 BND bought
2020-03-02 for $20,000. Targets US Stocks 50%, Bonds 50%, band 5: US Stocks $20,000 of $40,000, within.

Tax Mode Flat: 40% short-term, 20% long-term, no state tax; this year's realized long-term +$50,000.

Today L1 can be harvested only washed or at a cost: sold now, R1 (acquired 5 days before) washes all
$2,000 of it (IRC §1091(a)); the loss goes into R1's basis (§1091(d)), $0 this year. Selling R1 first
realizes its $4,000 short-term gain: +$1,600 of tax against the $400 L1's loss saves. So the plan sells
neither. On 2026-12-21 (2026-11-20 + 31 days, a Monday) R1 no longer washes L1: its $2,000 long-term loss
offsets $2,000 of the $50,000 long-term gain, 2,000 x 20% = $400.00 less tax this year, with BBB bought that
day to stay in US Stocks.
"""

from dataclasses import replace
from datetime import date

import pytest

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import (
    Account,
    Action,
    Household,
    Lot,
    Security,
    Settings,
    Target,
    TaxMode,
    Transaction,
)

TAXABLE = "Taxable"


def _household(as_of: date, bought: date, realized_st: float = 0.0, realized_lt: float = 50_000.0) -> Household:
    settings = Settings(as_of=as_of, tax_mode=TaxMode.FLAT, flat_st_rate=0.40, flat_lt_rate=0.20,
                        state_tax_rate=0.0, realized_st_ytd=realized_st, realized_lt_ytd=realized_lt, min_trade=0.0)
    return Household(
        accounts=(Account(TAXABLE, "Taxable"),),
        securities=(Security("AAA", "US Stocks", 100.0), Security("BBB", "US Stocks", 50.0),
                    Security("BND", "Bonds", 50.0)),
        lots=(Lot("L1", TAXABLE, "AAA", date(2024, 1, 10), 100, 12_000.0),
              Lot("R1", TAXABLE, "AAA", bought, 100, 6_000.0),
              Lot("B1", TAXABLE, "BND", date(2020, 3, 2), 400, 20_000.0)),
        transactions=(Transaction(bought, TAXABLE, "AAA", Action.BUY, 100, 60.0, lot_id="R1"),),
        targets=(Target("US Stocks", 0.50, band=0.05), Target("Bonds", 0.50, band=0.05)),
        settings=settings)


def test_a_loss_a_taxable_purchase_would_wash_today_is_dated_to_the_day_its_window_clears():
    plan = plan_rebalance(_household(date(2026, 11, 25), date(2026, 11, 20)), as_of=date(2026, 11, 25))
    assert not [t for t in plan.trades if t.symbol == "AAA"], "L1 and R1 are not sold today"
    (wait,) = plan.waits
    assert (wait.account, wait.lot_id, wait.quantity, wait.later) == (TAXABLE, "L1", 100, True)
    assert wait.sell_on == date(2026, 12, 21)
    assert (wait.realized_st, wait.realized_lt) == (0.0, pytest.approx(-2_000.0))
    assert wait.est_tax == pytest.approx(-400.00, abs=0.005)
    assert wait.kept == 0.0 and wait.replacement == "BBB"
    assert wait.washing == (f"{TAXABLE} on 2026-11-20",)


def test_the_trades_note_says_what_washes_it_today_and_what_it_saves_then():
    from taxrebal.workbook.results.trades import waits_table

    plan = plan_rebalance(_household(date(2026, 11, 25), date(2026, 11, 20)), as_of=date(2026, 11, 25))
    (row,) = waits_table(plan).rows
    note = row[-1]
    assert row[3] == "Wait until 2026-12-21" and row[-2] == 0.0  # Keeps: nothing is lost for good today
    assert note.startswith("Wait until 2026-12-21: harvests $2,000.00 of loss this year. Sold now, AAA bought "
                           "in Taxable on 2026-11-20 would wash it")
    assert "$400.00 less tax on top of the plan" in note and "That day buy BBB" in note


def test_a_window_that_clears_next_year_is_not_waited_for():
    """As Of 2026-12-04, R1 bought 2026-12-01: it washes a sale through 2026-12-31; 2026-12-01 + 31 days
    is 2027-01-01, next tax year (Pub 550: a sale counts in the year of its trade date)."""
    plan = plan_rebalance(_household(date(2026, 12, 4), date(2026, 12, 1)), as_of=date(2026, 12, 4))
    assert plan.waits == ()


def test_a_loss_past_the_3000_limit_is_not_dated():
    """This year's realized -$20,000 short-term, no gain: the net capital loss is already past the $3,000
    IRC §1211(b) deducts, so L1's $2,000 saves nothing this year (it would only add to the carryforward)."""
    h = _household(date(2026, 11, 25), date(2026, 11, 20), realized_st=-20_000.0, realized_lt=0.0)
    plan = plan_rebalance(h, as_of=date(2026, 11, 25))
    assert plan.waits == ()


def test_no_clean_replacement_no_date():
    """Without BBB, US Stocks has no fund of another identity to buy on 2026-12-21: not dated (the
    class would be left out of the plan's allocation)."""
    h = _household(date(2026, 11, 25), date(2026, 11, 20))
    h = replace(h, securities=tuple(s for s in h.securities if s.symbol != "BBB"))
    plan = plan_rebalance(h, as_of=date(2026, 11, 25))
    assert plan.waits == ()


def test_a_replacement_whose_purchase_would_wash_a_loss_sold_before_as_of_is_not_chosen():
    """BBB was sold on 2026-11-24: 20 shares bought 2024-01-10 for $1,200, sold at $50, a $200 long-term
    loss, and no BBB bought since, so all 20 loss shares are open. Buying BBB on 2026-12-21, 27 days after
    that sale, would replace them and disallow the $200 (IRC §1091(a); Treas. Reg. §1.1091-1(c)): L1's
    dated sale with BBB would save 1,800 x 20% = $360.00, not $400.00. CCC (US Stocks, $50, not
    substantially identical to AAA or BBB) was sold at no loss within 30 days: L1 is dated 2026-12-21
    buying CCC, the whole $400.00."""
    h = _household(date(2026, 11, 25), date(2026, 11, 20), realized_lt=49_800.0)
    h = replace(h, securities=h.securities + (Security("CCC", "US Stocks", 50.0),),
                transactions=h.transactions + (Transaction(date(2026, 11, 24), TAXABLE, "BBB", Action.SELL, 20, 50.0,
                                                           acquired=date(2024, 1, 10), basis=1_200.0),))
    plan = plan_rebalance(h, as_of=date(2026, 11, 25))
    assert not [t for t in plan.trades if t.symbol in ("BBB", "CCC")], "nothing bought today"
    (wait,) = plan.waits
    assert (wait.lot_id, wait.sell_on, wait.replacement) == ("L1", date(2026, 12, 21), "CCC")
    assert wait.est_tax == pytest.approx(-400.00, abs=0.005)


def test_with_whole_shares_a_fractional_lot_is_dated_in_whole_shares():
    """The household above with L1 holding 100.5 AAA for $12,060 ($20 a share of loss, $2,010) and Whole
    Shares = Y. AAA trades on an exchange, and the dated sale is not the whole position (R1's 100 AAA stay
    held), so it sells whole shares: 100 of L1's 100.5 on 2026-12-21, a $2,000.00 long-term loss, $400.00
    less tax (the bench_plan_quality --past-sales seed 808 contract problem: 2.4263 EM0 dated alone)."""
    h = _household(date(2026, 11, 25), date(2026, 11, 20))
    h = replace(h, lots=(Lot("L1", TAXABLE, "AAA", date(2024, 1, 10), 100.5, 12_060.0),) + h.lots[1:],
                settings=replace(h.settings, whole_shares=True))
    plan = plan_rebalance(h, as_of=date(2026, 11, 25))
    (wait,) = plan.waits
    assert (wait.lot_id, wait.quantity, wait.sell_on) == ("L1", 100, date(2026, 12, 21))
    assert wait.realized_lt == pytest.approx(-2_000.0)
    assert wait.est_tax == pytest.approx(-400.0, abs=0.005)
