""""Say when waiting pays", as a plan choice (issue 9; fe7 finding 3; engine/rebalance/window_wait.py):
a loss that selling now loses for good to a recent IRA purchase (Rev. Rul. 2008-5) is kept whole by
selling after that purchase's 30 days (IRC §1091(a): "within a period beginning 30 days before the
date of such sale"), when that day falls in the same tax year. When the bands do not need the sale,
the plan dates it ("Wait until DATE: keeps $X"); when they do, it sells now and the note says what
waiting would keep.

Every expected figure below is worked by hand from the rates, not read from taxrebal.
"""

from datetime import date

import pytest
from chen4_household import AS_OF, chen4, chen4_settings

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import (
    Account,
    Action,
    Household,
    Lot,
    Security,
    Settings,
    Target,
    Transaction,
)
from taxrebal.workbook.results.harvest import _in_plan
from taxrebal.workbook.results.trades import waits_table

CHEN_AS_OF = AS_OF


def _chen(targets: tuple[Target, ...], ira_bonds: float, taxable_bonds: float) -> Household:
    """fe7's chen4 (tests/chen4_household.py) with its own settings: MFJ, $310,000, realized -$500 ST and
    $27,000 LT this year, 6% state: a dollar of loss against the net gain saves 15% + 3.8% + 6% = 24.8%."""
    return chen4(chen4_settings(), targets, ira_bonds, taxable_bonds)


def test_chen4_waiting_alone_decides_the_plan_dates_the_sale_148_80_better():
    """Intl Stocks $20,800 (15,600 + 5,200) of $85,600 is 24.30%, target 25%; Bonds $64,800 (500 + 400
    BND at $72) 75.70%, target 75%: every class is within its band, so the plan only harvests. Sold
    now, 100 of T-05's 300 shares wash against W-02: $600 lost for good, $1,200 x 24.8% = $297.60
    saved. Sold on 2026-12-21 (2026-11-20 + 31 days, a Monday in 2026), the whole $1,800 counts:
    $446.40 saved, $148.80 more, nothing lost."""
    h = _chen((Target("Intl Stocks", 0.25), Target("Bonds", 0.75)), ira_bonds=500, taxable_bonds=400)
    plan = plan_rebalance(h, as_of=CHEN_AS_OF)
    assert not [t for t in plan.trades if t.symbol == "VEA"], "T-05 is not sold now"
    (wait,) = plan.waits
    assert (wait.account, wait.lot_id, wait.quantity) == ("Joint Taxable", "T-05", 300)
    assert wait.sell_on == date(2026, 12, 21)
    assert wait.realized_st == pytest.approx(-1_800.0) and wait.realized_lt == 0.0
    assert wait.kept == pytest.approx(600.0)
    assert wait.est_tax == pytest.approx(-446.40, abs=0.005)
    assert wait.better_than_now == pytest.approx(148.80, abs=0.005)
    assert wait.replacement == "IEFA"
    row = waits_table(plan).rows[0]
    assert row[3] == "Wait until 2026-12-21"
    assert row[-1].startswith("Wait until 2026-12-21: keeps $600.00 of loss.")
    assert "$446.40 less tax" in row[-1] and "$148.80 more than selling it now" in row[-1]


def test_a_wait_is_named_on_the_harvest_row():
    from taxrebal.engine.harvest import HarvestCandidate  # noqa: F401  (the row type _in_plan reads)

    h = _chen((Target("Intl Stocks", 0.25), Target("Bonds", 0.75)), ira_bonds=500, taxable_bonds=400)
    plan = plan_rebalance(h, as_of=CHEN_AS_OF)

    class Row:  # the two fields _in_plan reads of a candidate
        account, lot_id, quantity, washed_shares = "Joint Taxable", "T-05", 300, 100

    step, saved, words = _in_plan(Row(), plan)  # type: ignore[arg-type]
    assert step is None and saved is None
    assert words.startswith("in the plan: wait until 2026-12-21: keeps $600.00 of loss, saves $446.40 then")


def test_chen_when_the_bands_need_the_sale_it_stays_and_the_note_says_what_waiting_keeps():
    """Intl Stocks $20,800 of $28,000 (74.3%), target 40% (band 5): Intl may keep at most $12,600, so at
    least $8,200 of VEA is sold; the IRA holds only $5,200 of it, so T-05 must sell too. The plan sells
    at least 100 of T-05's shares (a smaller sale would lose all of its loss), so W-02's 100 shares wash
    $600 for good; waiting until 2026-12-21 would keep it: $600 x 24.8% = $148.80 less tax, but the
    bands need the sale now."""
    h = _chen((Target("Intl Stocks", 0.40), Target("Bonds", 0.60)), ira_bonds=0, taxable_bonds=100)
    plan = plan_rebalance(h, as_of=CHEN_AS_OF)
    assert not plan.waits
    (sale,) = [t for t in plan.trades if t.symbol == "VEA" and t.account == "Joint Taxable"]
    assert sum(s.disallowed for s in plan.lot_sales if s.step == sale.step) == pytest.approx(600.0)
    assert "Waiting until 2026-12-21 keeps $600.00 of loss" in sale.note
    assert "about $148.80 less tax, but the bands need this sale now" in sale.note


def test_single_filer_rebalance_the_ira_can_do_waits_88_dollars_better():
    """2026, single, $100,000 ordinary income, no other gains: taxable income 83,900 is in the 22%
    bracket, so a net capital loss saves 22% (IRC §1211(b): up to $3,000). 100 VEA in the taxable
    account bought 2015 at $60, now $50: a $1,000 long-term loss. The IRA bought 40 VEA on 2026-05-22.
    Intl is 70% against 50% (band 5): the IRA sells its $2,000 of VEA and buys bonds, so the taxable
    sale is not needed. Sold now 40 shares wash: $400 lost, $600 x 22% = $132 saved. On 2026-06-22
    (2026-05-22 + 31) the whole $1,000 counts: $220 saved, $88.00 more."""
    as_of = date(2026, 6, 1)
    h = Household(
        accounts=(Account("Taxable", "Taxable"), Account("IRA", "Traditional IRA")),
        securities=(Security("VEA", "Intl Stocks", 50.0), Security("IEFA", "Intl Stocks", 50.0),
                    Security("BND", "Bonds", 50.0)),
        lots=(Lot("T1", "Taxable", "VEA", date(2015, 1, 5), 100, 6_000.0),
              Lot("I1", "IRA", "VEA", None, 40, None), Lot("I2", "IRA", "BND", None, 60, None)),
        transactions=(Transaction(date(2026, 5, 22), "IRA", "VEA", Action.BUY, 40, 50.0, lot_id="I1"),),
        targets=(Target("Intl Stocks", 0.50), Target("Bonds", 0.50)),
        settings=Settings(as_of=as_of, ordinary_income=100_000.0, min_trade=0.0, sold_recent_shares_wash=True))
    plan = plan_rebalance(h, as_of=as_of)
    assert not [t for t in plan.trades if t.symbol == "VEA" and t.account == "Taxable"]
    (wait,) = plan.waits
    assert wait.sell_on == date(2026, 6, 22) and wait.realized_lt == pytest.approx(-1_000.0)
    assert wait.kept == pytest.approx(400.0)
    assert wait.est_tax == pytest.approx(-220.0, abs=0.005)
    assert wait.better_than_now == pytest.approx(88.0, abs=0.005)


def test_no_wait_when_the_window_clears_next_year():
    """Bought 2026-12-10 in the IRA: the window clears 2027-01-10, next tax year: the plan sells now
    (or not at all); it never dates a sale into next year."""
    as_of = date(2026, 12, 15)
    h = Household(
        accounts=(Account("Taxable", "Taxable"), Account("IRA", "Traditional IRA")),
        securities=(Security("VEA", "Intl Stocks", 50.0), Security("IEFA", "Intl Stocks", 50.0),
                    Security("BND", "Bonds", 50.0)),
        lots=(Lot("T1", "Taxable", "VEA", date(2015, 1, 5), 100, 6_000.0),
              Lot("I1", "IRA", "VEA", None, 40, None), Lot("I2", "IRA", "BND", None, 60, None)),
        transactions=(Transaction(date(2026, 12, 10), "IRA", "VEA", Action.BUY, 40, 50.0, lot_id="I1"),),
        targets=(Target("Intl Stocks", 0.50), Target("Bonds", 0.50)),
        settings=Settings(as_of=as_of, ordinary_income=100_000.0, min_trade=0.0, sold_recent_shares_wash=True))
    plan = plan_rebalance(h, as_of=as_of)
    assert not plan.waits


def test_when_the_sale_pays_for_a_buy_that_would_otherwise_sell_a_gain_it_stays_and_says_why():
    """2026, single, $100,000 of ordinary income, $20,000 of long-term gains this year: a dollar of loss
    or gain moves the tax 15%. The taxable account must buy $12,700 of bonds (Bonds 0% against 30%, band
    5: 25% of $50,800) and the IRA's menu has no bond fund, so the taxable account sells: T-05 (300 VEA,
    a $1,800 loss, $600 of it lost for good to the IRA's 100 VEA of 2026-11-20), or else 42.33 VTI bought
    at $30 (a $270 a share gain). Selling T-05 now saves 1,200 x 15% = $180.00; waiting until 2026-12-21
    would keep the $600 ($90.00), but the plan without T-05 sells $11,430 of VTI gain ($1,714.50 of
    tax) and waiting saves only $270.00 back: the sale stays and its note says so."""
    as_of = date(2026, 12, 1)
    h = Household(
        accounts=(Account("Taxable", "Taxable"), Account("IRA", "Traditional IRA")),
        securities=(Security("VEA", "Stocks", 52.0), Security("VTI", "Stocks", 300.0), Security("BND", "Bonds", 50.0)),
        lots=(Lot("T-05", "Taxable", "VEA", date(2026, 2, 10), 300, 17_400.0),
              Lot("T-01", "Taxable", "VTI", date(2015, 2, 10), 100, 3_000.0),
              Lot("W-02", "IRA", "VEA", date(2026, 11, 20), 100, 5_200.0)),
        transactions=(Transaction(date(2026, 11, 20), "IRA", "VEA", Action.BUY, 100, 52.0, lot_id="W-02"),),
        targets=(Target("Stocks", 0.70), Target("Bonds", 0.30)),
        settings=Settings(as_of=as_of, ordinary_income=100_000.0, realized_lt_ytd=20_000.0, min_trade=0.0,
                          sold_recent_shares_wash=True),
        menus={"IRA": frozenset({"VEA"})})
    plan = plan_rebalance(h, as_of=as_of)
    assert not plan.waits
    (sale,) = [t for t in plan.trades if t.symbol == "VEA" and t.account == "Taxable"]
    assert sale.est_tax == pytest.approx(-180.0, abs=0.005)
    assert "Waiting until 2026-12-21 keeps $600.00 of loss" in sale.note
    assert "about $90.00 less tax, but selling now costs less in all" in sale.note


def test_a_dated_sale_buys_the_replacement_the_user_listed_for_the_fund_sold():
    """fe13 F9: chen4 with a third Intl fund, SPDW, listed as VEA's Replacement (and each Intl fund
    listing another, so all three rank first in some list and the model's own order falls to the
    symbol: IEFA). The sale dated 2026-12-21 buys SPDW that day (the user's stated substitute for
    VEA), not IEFA; without any list it is IEFA, as above."""
    from dataclasses import replace

    h = _chen((Target("Intl Stocks", 0.25), Target("Bonds", 0.75)), ira_bonds=500, taxable_bonds=400)
    lists = {"VEA": ("SPDW",), "IEFA": ("VEA",), "SPDW": ("IEFA",)}
    secs = tuple(replace(s, replacements=lists.get(s.symbol, ())) for s in h.securities)
    h = replace(h, securities=secs + (Security("SPDW", "Intl Stocks", 40.0, replacements=lists["SPDW"]),))
    (wait,) = plan_rebalance(h, as_of=CHEN_AS_OF).waits
    assert wait.replacement == "SPDW"
    unlisted = replace(h, securities=tuple(replace(s, replacements=()) for s in h.securities))
    (wait,) = plan_rebalance(unlisted, as_of=CHEN_AS_OF).waits
    assert wait.replacement == "IEFA"
