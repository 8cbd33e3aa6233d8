"""A dated loss sale's replacement is a fund no other dated loss still needs, when one is clean that day
(engine/rebalance/later_harvest.py, ``_clean_fund``; IRC §1091(a): a purchase within 30 days before or
after a loss sale washes it).

Seen on the plan-quality benchmark (``--past-sales`` seed 709, 0.931 -> 0.997): IN-IDX0's lots, dated
2026-12-28, bought IN1 that day (the first of the class's funds by the model's order), so the 272 shares of
IN1's L011 the plan left unsold ($6,400 of loss) could not be dated this year: any day from 2026-12-28 on is
within 30 days of that purchase. IN2, all of whose loss lots the plan sold today, was as clean.
"""

from datetime import date
from types import SimpleNamespace

import pytest

from taxrebal.engine.rebalance.later_harvest import _clean_fund
from taxrebal.engine.records import Security

DAY = date(2026, 12, 28)


def _model():
    secs = {s.symbol: s for s in (Security("IN0A", "Intl", 50.0, identical_group="IN-IDX0"),
                                  Security("IN1", "Intl", 50.0), Security("IN2", "Intl", 50.0))}
    buys = [SimpleNamespace(account="Brk", symbol=sym, asset_class="Intl", identity=secs[sym].identity, weight=1.0)
            for sym in ("IN1", "IN2")]
    return SimpleNamespace(secs=secs, buys=buys, window=30, loss_identities=frozenset({"IN1", "IN2", "IN-IDX0"}),
                           household=SimpleNamespace(may_buy=lambda _a, _s: True))


def test_the_replacement_passes_over_a_fund_with_loss_lots_still_to_date():
    # IN1 and IN2 were both sold at a loss on 2026-11-25, 33 days before 2026-12-28: both clean that day
    # (more than 30 days). IN1 still has a lot to date: IN2 is bought.
    losses = {"IN1": [date(2026, 11, 25)], "IN2": [date(2026, 11, 25)]}
    assert _clean_fund(_model(), "IN0A", "Brk", "Intl", "IN-IDX0", DAY, losses) == "IN1"  # no lot pending
    assert _clean_fund(_model(), "IN0A", "Brk", "Intl", "IN-IDX0", DAY, losses, {"IN1"}) == "IN2"


def test_a_fund_with_loss_lots_still_to_date_is_bought_when_it_is_the_only_clean_one():
    # IN2 sold at a loss on 2026-12-01, 27 days before 2026-12-28: a purchase that day washes it; IN1 is
    # the only clean fund, so it is bought although a lot of it is still to date
    losses = {"IN1": [date(2026, 11, 25)], "IN2": [date(2026, 12, 1)]}
    assert _clean_fund(_model(), "IN0A", "Brk", "Intl", "IN-IDX0", DAY, losses, {"IN1"}) == "IN1"


def test_a_held_lot_waits_a_day_for_a_replacement_no_other_dated_loss_needs():
    """The plan-quality ``--past-sales`` seed 718 (0.962 -> 0.998), worked by hand. As Of 2026-12-01, one
    Taxable account, no cash. Intl: IA, IB, IC at $50 (not substantially identical); Bonds: BND at $50.
    Lots: A1, 100 IA bought 2024-01-10 for $6,000 (-$1,000 long-term); R1, 5 IA bought 2026-11-15 at $50;
    C1, 100 IC bought 2024-01-10 for $5,500 (-$500 long-term); D1, 205 BND. On 2026-11-16, 40 IB bought
    2024-01-10 for $2,400 were sold at $50 (-$400 long-term, in Realized LT YTD: $49,600), none bought
    since. Intl $10,250 and Bonds $10,250, targets 50% +/- 5. Tax Mode Flat, 20% long-term.

    * Today: harvesting A1 and C1 and refilling Intl with IB washes IB's $400 (a purchase within 30 days
      after 2026-11-16), and R1 washes 5 of A1's shares ($50): -$1,050, $210.00 less tax.
    * Held: A1 may be sold from 2026-12-16 (R1 + 31 days); that day only IC is clean (IB is 30 days after
      its loss sale), but IC bought 12-16 would wash C1's sale on any day through 2027-01-15. On 12-17 IB
      is clean too: A1 is dated 12-17 buying IB. C1 then: IA is not clean before 2027-01-17 (A1's loss sale
      12-17), IB from 12-17: C1 is dated 12-17 buying IB. Nothing washes: -$1,500, $300.00 less tax, and
      IB's $400 stays deducted. (Dated 12-16 buying IC, A1 alone: -$1,000, $200.00, less than today's.)"""
    from taxrebal.engine.rebalance import plan_rebalance
    from taxrebal.engine.records import Account, Action, Household, Lot, Settings, Target, TaxMode, Transaction
    from taxrebal.engine.wash import adjust_lots

    as_of, old = date(2026, 12, 1), date(2024, 1, 10)
    settings = Settings(as_of=as_of, tax_mode=TaxMode.FLAT, flat_st_rate=0.40, flat_lt_rate=0.20,
                        state_tax_rate=0.0, realized_st_ytd=0.0, realized_lt_ytd=49_600.0, min_trade=0.0)
    h = Household(
        accounts=(Account("Taxable", "Taxable"),),
        securities=(Security("IA", "Intl", 50.0), Security("IB", "Intl", 50.0), Security("IC", "Intl", 50.0),
                    Security("BND", "Bonds", 50.0)),
        lots=(Lot("A1", "Taxable", "IA", old, 100, 6_000.0),
              Lot("R1", "Taxable", "IA", date(2026, 11, 15), 5, 250.0),
              Lot("C1", "Taxable", "IC", old, 100, 5_500.0),
              Lot("D1", "Taxable", "BND", date(2020, 3, 2), 205, 10_250.0)),
        transactions=(Transaction(date(2026, 11, 16), "Taxable", "IB", Action.SELL, 40, 50.0, acquired=old,
                                  basis=2_400.0),
                      Transaction(date(2026, 11, 15), "Taxable", "IA", Action.BUY, 5, 50.0, lot_id="R1")),
        targets=(Target("Intl", 0.50, band=0.05), Target("Bonds", 0.50, band=0.05)),
        settings=settings)
    plan = plan_rebalance(adjust_lots(h).household, as_of=as_of)
    assert not plan.trades
    assert sorted((w.lot_id, w.quantity, w.sell_on, w.replacement, w.realized_lt) for w in plan.waits) == [
        ("A1", 100, date(2026, 12, 17), "IB", -1_000.0), ("C1", 100, date(2026, 12, 17), "IB", -500.0)]
    assert plan.tax_total + sum(w.est_tax for w in plan.waits) == pytest.approx(-300.0, abs=0.005)
