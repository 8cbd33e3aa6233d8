"""A harvest held for later because its refill would wash an earlier loss (engine/rebalance/hold_for_later.py,
case 3): the held lot is dated to the first day its replacement is clean, not 31 days after today's
trades, and each class is held on its own (the benchmark's ``--past-sales`` seeds 202 and 203).

The law (IRC §1091(a); Treas. Reg. §1.1091-1(a), (c)): a purchase within 30 days after a loss sale
replaces that sale's open loss shares, one for one, and their loss is disallowed this year (moved into
the new shares' basis, §1091(d)). A loss sale is washed only by purchases of its own identity within 30
days before or after it: nothing else makes it wait. A loss is short-term when the lot was held one year
or less (IRC §1222; Pub 550: the holding period starts the day after the purchase).

Both households, worked by hand: As Of 2026-11-25, one Taxable account, no cash, every fund at $50; IA
and IB (Intl) are not substantially identical, nor UA and UB (US); Tax Mode Flat, 40% short-term, 20%
long-term, with short- and long-term gains this year, so a dollar of short-term loss saves $0.40 and of
long-term loss $0.20; past loss sales are in Settings' Realized YTD, deducted.

1. **The first clean day** (seed 202: BD1's short-term lot L020 dated 2026-12-28, long-term by then, so
   holding it lost to the wash). A1, 100 IA bought 2025-12-10 for $6,000: a $1,000 short-term loss, long-
   term only from 2026-12-11. D1, 100 BND (Bonds). On 2026-10-30, 40 IB bought 2024-01-10 for $2,400 were
   sold at $50: a $400 long-term loss, nothing of IB bought since (40 loss shares open). Intl and Bonds
   50% +/- 5. Today: A1 harvested, Intl refilled (at least 45%, $4,500: 90-100 IB; IA sold at a loss is
   not bought back), the IB purchase replaces the 40 open shares: -$1,000 short-term, +$400 long-term
   back: $400.00 - $80.00 = $320.00 less tax (selling fewer A1 shares saves less: 10 shares, $40.00).
   Held: IB is clean from 2026-11-30 (2026-10-30 + 31 days, a Monday), A1 is still short-term then:
   sold that day buying IB, -$1,000 short-term and the $400 kept: $400.00 less tax, $80.00 more than
   today. Dated instead 31 days after today's trades may fill (2026-12-28), A1 is long-term: $200.00,
   less than today's $320.00, so the plan used to harvest today and wash the $400.
2. **Each class on its own** (seed 203: bonds and REIT held, US stocks not). Intl, US and Bonds 1/3
   each +/- 5 points ($15,000: a class keeps at least $4,250, 85 shares). A1, 100 IA bought 2024-01-10
   for $6,000 (a $1,000 long-term loss); U1, 100 UA bought 2025-12-15 for $6,000 (a $1,000 short-term
   loss, long-term from 2026-12-16); D1, 100 BND. Past sales: 40 IB on 2026-11-10 ($400 long-term loss,
   40 shares open), 10 UB bought 2026-06-01 for $600 on 2026-11-24 ($100 short-term loss, 10 open).
   Today: A1 harvested and refilled with IB (-$1,000 + $400 long-term: $120.00), U1 with UB (-$1,000 +
   $100 short-term: $360.00): $480.00. Intl held: A1 sold 2026-12-11 (IB's sale + 31 days, a Friday)
   buying IB: -$1,000 long-term, $200.00, $80.00 more. US held: UB is clean only from 2026-12-25,
   Christmas, so 2026-12-28, when U1 is long-term: $200.00, $160.00 less. Both held in one try: $400.00,
   less than $480.00, so neither was. Intl alone, then US on top of it (not taken): A1 dated 2026-12-11,
   U1 harvested today: $200.00 + $360.00 = $560.00.
"""

from datetime import date

import pytest

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Target, TaxMode, Transaction
from taxrebal.workbook.results.trades import _later_note

AS_OF = date(2026, 11, 25)
OLD = date(2024, 1, 10)


def _settings(st_ytd: float, lt_ytd: float) -> Settings:
    return Settings(as_of=AS_OF, tax_mode=TaxMode.FLAT, flat_st_rate=0.40, flat_lt_rate=0.20, state_tax_rate=0.0,
                    realized_st_ytd=st_ytd, realized_lt_ytd=lt_ytd, min_trade=0.0)


def _first_clean_day() -> Household:
    """Household 1 of the module's docstring."""
    return Household(
        accounts=(Account("Taxable", "Taxable"),),
        securities=(Security("IA", "Intl", 50.0), Security("IB", "Intl", 50.0), Security("BND", "Bonds", 50.0)),
        lots=(Lot("A1", "Taxable", "IA", date(2025, 12, 10), 100, 6_000.0),
              Lot("D1", "Taxable", "BND", date(2020, 3, 2), 100, 5_000.0)),
        transactions=(Transaction(date(2026, 10, 30), "Taxable", "IB", Action.SELL, 40, 50.0, acquired=OLD,
                                  basis=2_400.0),),
        targets=(Target("Intl", 0.50, band=0.05), Target("Bonds", 0.50, band=0.05)),
        settings=_settings(10_000.0, 49_600.0))


def test_a_held_short_term_loss_is_sold_on_the_first_day_its_replacement_is_clean():
    plan = plan_rebalance(_first_clean_day(), as_of=AS_OF)
    assert not plan.trades and not plan.lot_sales
    (wait,) = plan.waits
    assert (wait.lot_id, wait.quantity, wait.sell_on, wait.replacement) == ("A1", 100, date(2026, 11, 30), "IB")
    assert (wait.realized_st, wait.realized_lt) == (pytest.approx(-1_000.0), 0.0)
    assert plan.tax_total + wait.est_tax == pytest.approx(-400.0, abs=0.005)


def test_each_class_whose_refill_washes_an_earlier_loss_is_held_on_its_own():
    h = Household(
        accounts=(Account("Taxable", "Taxable"),),
        securities=(Security("IA", "Intl", 50.0), Security("IB", "Intl", 50.0), Security("UA", "US", 50.0),
                    Security("UB", "US", 50.0), Security("BND", "Bonds", 50.0)),
        lots=(Lot("A1", "Taxable", "IA", OLD, 100, 6_000.0),
              Lot("U1", "Taxable", "UA", date(2025, 12, 15), 100, 6_000.0),
              Lot("D1", "Taxable", "BND", date(2020, 3, 2), 100, 5_000.0)),
        transactions=(Transaction(date(2026, 11, 10), "Taxable", "IB", Action.SELL, 40, 50.0, acquired=OLD,
                                  basis=2_400.0),
                      Transaction(date(2026, 11, 24), "Taxable", "UB", Action.SELL, 10, 50.0,
                                  acquired=date(2026, 6, 1), basis=600.0)),
        targets=(Target("Intl", 1 / 3, band=0.05), Target("US", 1 / 3, band=0.05), Target("Bonds", 1 / 3, band=0.05)),
        settings=_settings(9_900.0, 49_600.0))
    plan = plan_rebalance(h, as_of=AS_OF)
    assert [(ls.lot_id, ls.quantity) for ls in plan.lot_sales] == [("U1", pytest.approx(100))]
    assert {t.symbol for t in plan.trades if t.action is Action.BUY} == {"UB"}
    (wait,) = plan.waits
    assert (wait.lot_id, wait.quantity, wait.sell_on, wait.replacement) == ("A1", 100, date(2026, 12, 11), "IB")
    assert (wait.realized_st, wait.realized_lt) == (0.0, pytest.approx(-1_000.0))
    assert plan.tax_total + wait.est_tax == pytest.approx(-560.0, abs=0.005)


def test_the_note_of_a_held_lot_no_purchase_washes_says_why_it_waits():
    """Nothing of IA is bought or held recently, so no purchase washes A1 (until 2026-12-05 the note read
    "Sold now, IA bought in  would wash it"): it waits because Intl's refill today, IB, was sold at a loss
    on 2026-10-30 and its purchase would wash that loss."""
    (wait,) = plan_rebalance(_first_clean_day(), as_of=AS_OF).waits
    note = _later_note(wait)
    assert "bought in  would" not in note
    assert note.startswith("Wait until 2026-11-30: harvests $1,000.00 of loss this year. Sold now, the fund "
                           "refilling Intl today would be one sold at a loss within the last 30 days")
    assert "That day buy IB" in note
