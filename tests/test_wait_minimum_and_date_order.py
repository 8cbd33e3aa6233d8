"""Sales to wait for: one minimum and one basis (fe10 findings 6 and 7; engine/rebalance/window_wait.py).

Finding 6: a loss sale was dated 22 days later to save $2.25 this year (and $2.25 of kept loss later).
Every wait taxrebal advises must save at least $5.00 in all (``waiting.MIN_WAIT_SAVING``, the README's
minimum for waiting for long-term treatment): below it the sale is made now and its note says why.

Finding 7: each waited sale is priced on top of the plan and of the waited sales dated earlier, in date
order, so that the figures add up and each note's "more than selling it now" is the same computation
as its Est. Tax.

Every expected figure is worked by hand from the rates, not read from taxrebal.
"""

from dataclasses import replace
from datetime import date
from types import SimpleNamespace

import pytest

from taxrebal.engine.plan import WaitedSale
from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.rebalance.window_wait import price_in_date_order, wait_saving
from taxrebal.engine.records import (
    Account,
    Action,
    FilingStatus,
    Household,
    Lot,
    Security,
    Settings,
    Target,
    Transaction,
)

AS_OF = date(2026, 12, 1)


def _chen(ira_vea: float) -> Household:
    """fe7's Chens (tests/test_rebalance_wait_for_window.py): MFJ, $310,000 of ordinary income, $27,000
    of long-term gains this year, state 6%: a dollar of loss saves 15% + 3.8% NIIT + 6% = 24.8%, and a
    dollar of loss kept for later is valued at the same long-term rate, 24.8%. T-05: 300 VEA bought
    2026-02-10 for $17,400, now $52: a $1,800 short-term loss, $6 a share. Wei's IRA bought ``ira_vea``
    VEA on 2026-11-20: sold now, that many of T-05's shares wash, lost for good (Rev. Rul. 2008-5).
    Intl Stocks 15,600 + 52 x ira_vea against Bonds 700 x $72 = 50,400 + IRA bonds: within its band."""
    return Household(
        accounts=(Account("Joint Taxable", "Taxable"), Account("Wei Trad IRA", "Traditional IRA")),
        securities=(Security("VEA", "Intl Stocks", 52.0), Security("IEFA", "Intl Stocks", 80.0),
                    Security("BND", "Bonds", 72.0)),
        lots=(Lot("T-05", "Joint Taxable", "VEA", date(2026, 2, 10), 300, 17_400.0),
              Lot("W-02", "Wei Trad IRA", "VEA", date(2026, 11, 20), ira_vea, 52.0 * ira_vea),
              Lot("T-06", "Joint Taxable", "BND", date(2020, 3, 2), 400, 28_000.0),
              Lot("W-01", "Wei Trad IRA", "BND", date(2020, 3, 2), 252, 17_640.0)),
        transactions=(Transaction(date(2026, 11, 20), "Wei Trad IRA", "VEA", Action.BUY, ira_vea, 52.0,
                                  lot_id="W-02"),),
        targets=(Target("Intl Stocks", 0.25), Target("Bonds", 0.75)),
        settings=Settings(as_of=AS_OF, filing_status=FilingStatus.MARRIED_JOINT, ordinary_income=310_000.0,
                          investment_income=6_000.0, realized_st_ytd=-500.0, realized_lt_ytd=27_000.0,
                          state_tax_rate=0.06, min_trade=0.0, sold_recent_shares_wash=True))


def test_a_wait_saving_under_five_dollars_in_all_is_not_advised():
    # 1 IRA share: $6.00 lost for good now. Waiting saves 6 x 24.8% = $1.49 this year; with $27,000 of
    # long-term gains this year the $6.00 kept is used this year, so nothing more carries forward:
    # $1.49 in all, under $5.00. The plan sells T-05 now, and its note values the kept loss once.
    plan = plan_rebalance(_chen(1), as_of=AS_OF)
    assert plan.waits == ()
    (sell,) = [t for t in plan.trades if t.symbol == "VEA" and t.account == "Joint Taxable"]
    assert sell.realized_st == pytest.approx(-1_794.0, abs=0.005)  # 1,800 less the $6.00 washed
    assert "Waiting until 2026-12-21 keeps $6.00 of loss" in sell.note
    assert "about $1.49 less tax, but waiting would save less than $5.00 in all" in sell.note
    assert "would be worth" not in sell.note


def test_a_kept_loss_this_years_return_uses_is_not_counted_again_as_carried_forward():
    # fe12 F-n: 3 IRA shares, $18.00 lost for good now. Waiting saves 18 x 24.8% = $4.46 this year and
    # carries nothing more forward: under $5.00, so T-05 is sold now. (Counted twice, $4.46 this year
    # and $4.46 "later", it had waited for $8.93.)
    plan = plan_rebalance(_chen(3), as_of=AS_OF)
    assert plan.waits == ()
    (sell,) = [t for t in plan.trades if t.symbol == "VEA" and t.account == "Joint Taxable"]
    assert "about $4.46 less tax, but waiting would save less than $5.00 in all" in sell.note


def test_a_wait_saving_five_dollars_or_more_is_advised():
    # 4 IRA shares: $24.00 lost for good now. Waiting: 24 x 24.8% = $5.95 this year, at least $5.00:
    # T-05 waits until 2026-12-21 (2026-11-20 + 31 days), the whole $1,800 counts: 1,800 x 24.8% =
    # $446.40 less tax, $5.95 more than selling it now; nothing of it carries forward.
    plan = plan_rebalance(_chen(4), as_of=AS_OF)
    (wait,) = plan.waits
    assert (wait.lot_id, wait.sell_on) == ("T-05", date(2026, 12, 21))
    assert wait.est_tax == pytest.approx(-446.40, abs=0.005)
    assert wait.better_than_now == pytest.approx(5.95, abs=0.005)
    assert wait.kept_carried == pytest.approx(0.0, abs=0.005)


def test_the_saving_counts_this_years_tax_and_only_the_loss_carried_beyond_selling_now():
    # wait_saving(now, later, rate): this year's tax selling now minus waiting, plus what waiting carries
    # forward beyond selling now at the long-term rate. fe12 F-n: $1,500.00 saved waiting vs $1,495.50
    # selling now, nothing carried either way -> $4.50. Past the $3,000 limit: the same tax this year,
    # $600 more carried at 15% -> $90.00.
    def tax(total, carried=0.0):
        return SimpleNamespace(total=total, after=SimpleNamespace(st_carryforward_out=carried,
                                                                  lt_carryforward_out=0.0))
    assert wait_saving(tax(-1_495.50), tax(-1_500.00), 0.20) == pytest.approx(4.50, abs=1e-9)
    assert wait_saving(tax(-660.0, 2_000.0), tax(-660.0, 2_600.0), 0.15) == pytest.approx(90.0, abs=1e-9)


class _Oracle:
    """fe10 h2y's marginal rates, by hand: MFJ, $140 of net long-term gain this year (before the plan
    and the waits), long-term gain taxed 19.5% (15% + 4.5% state), short-term 26.5% (22% + 4.5%); a net
    short-term loss first offsets the net long-term gain (IRC §1222 netting, Schedule D)."""

    def true_tax(self, st: float, lt: float) -> SimpleNamespace:
        lt_total = 140.0 + lt
        if st < 0 < lt_total:
            used = min(-st, lt_total)
            st, lt_total = st + used, lt_total - used
        nothing_carried = SimpleNamespace(st_carryforward_out=0.0, lt_carryforward_out=0.0)
        return SimpleNamespace(total=0.195 * lt_total + 0.265 * st, after=nothing_carried)


def _wait(symbol: str, day: date, st: float) -> WaitedSale:
    return WaitedSale(account="Brokerage", symbol=symbol, lot_id=symbol, quantity=1.0, price=1.0, sell_on=day,
                      realized_st=st, realized_lt=0.0, kept=0.0, est_tax=0.0, better_than_now=0.0)


def test_waited_sales_are_priced_in_date_order_on_top_of_the_plan():
    # fe10 finding 7, h2y: the plan realizes nothing. IVV B-4 (-$1,500 ST) waits until 2026-12-26, VXUS
    # B-5 (-$600 ST) until 2026-12-31; sold today IVV would realize -$1,195 (305 washed), VXUS -$494.
    # IVV first: 140 x 19.5% + 1,360 x 26.5% = $387.70 less; today: 140 x 19.5% + 1,055 x 26.5% =
    # $306.875, so $80.825 more by waiting. VXUS next, the $140 already offset: 600 x 26.5% = $159.00;
    # today 494 x 26.5% = $130.91: $28.09 more. Together -$546.70 = the tax of both.
    plan = SimpleNamespace(realized_st=0.0, realized_lt=0.0)
    vxus = _wait("VXUS", date(2026, 12, 31), -600.0)
    ivv = _wait("IVV", date(2026, 12, 26), -1_500.0)
    out = price_in_date_order(_Oracle(), plan, [vxus, ivv], [(-494.0, False), (-1_195.0, False)])
    assert [w.symbol for w in out] == ["VXUS", "IVV"]  # the order given is kept
    assert out[1].est_tax == pytest.approx(-387.70, abs=1e-9)
    assert out[1].better_than_now == pytest.approx(80.825, abs=1e-9)
    assert out[0].est_tax == pytest.approx(-159.00, abs=1e-9)
    assert out[0].better_than_now == pytest.approx(28.09, abs=1e-9)
    assert out[0].est_tax + out[1].est_tax == pytest.approx(-546.70, abs=1e-9)


def test_waited_sales_of_one_day_share_their_figure_by_gain():
    # Both on 2026-12-26: -$1,500 and -$500 together: 140 x 19.5% + 1,860 x 26.5% = $520.20 less,
    # shared 3:1: -$390.15 and -$130.05.
    plan = SimpleNamespace(realized_st=0.0, realized_lt=0.0)
    a = _wait("IVV", date(2026, 12, 26), -1_500.0)
    b = replace(_wait("VOO", date(2026, 12, 26), -500.0))
    out = price_in_date_order(_Oracle(), plan, [a, b], [(-1_500.0, False), (-500.0, False)])
    assert out[0].est_tax == pytest.approx(-390.15, abs=1e-9)
    assert out[1].est_tax == pytest.approx(-130.05, abs=1e-9)
    assert out[0].better_than_now == pytest.approx(0.0, abs=1e-9)  # nothing washed: the same today
