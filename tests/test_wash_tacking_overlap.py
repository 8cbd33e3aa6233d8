"""The replacement's holding period after a wash sale: the union of the two periods, not their sum
(IRC §1223(3): "there shall be included the period for which he held the stock ... the loss from the
sale of which was not deductible"; Treas. Reg. §1.1223-1(d); Pub 550 "Wash Sales"; fe15 finding 1).

The rule, as engine/wash.py states it:

* a replacement bought AFTER the loss sale counts from its purchase date minus the days the sold
  shares were held (Pub 550's example: the two periods follow each other);
* a replacement bought ON OR BEFORE the loss sale counts from the earlier of its own purchase date and
  the sold shares' holding start: the days both were held count once;
* inherited sold shares (IRC §1223(9)) are long-term whatever the dates: the replacement's date minus
  at least 367 days, as before.

Every date below is counted by hand on a calendar, never taken from the engine.
"""

from datetime import date

import pytest

from taxrebal.engine.holding import is_long_term, long_term_date
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Transaction
from taxrebal.engine.wash import adjust_lots, tacked_start

D = date
TAXABLE = Account("Brokerage", "Taxable", owner="Pat")
GROUP = "SP500"
SECURITIES = (Security("IVV", "US Stocks", 550.0, identical_group=GROUP),
              Security("VOO", "US Stocks", 560.0, identical_group=GROUP))


SOLD_ACQUIRED, SOLD_ON = D(2025, 6, 2), D(2025, 12, 1)


def _household(replacement_day, *, sold_acquired=SOLD_ACQUIRED, sold_on=SOLD_ON, inherited=False,
               extra_txs=(), extra_lots=()):
    """10 IVV bought ``sold_acquired`` for $6,000 (lot S1), sold ``sold_on`` for $5,000: a $1,000 loss;
    10 VOO (same Identical Group) bought ``replacement_day`` for $4,000 (lot V1), still held."""
    txs = [Transaction(sold_on, "Brokerage", "IVV", Action.SELL, 10, 500.0, lot_id="S1",
                       acquired=None if inherited else sold_acquired, basis=6000.0, inherited=inherited),
           Transaction(replacement_day, "Brokerage", "VOO", Action.BUY, 10, 400.0, lot_id="V1")]
    if not inherited:
        txs.insert(0, Transaction(sold_acquired, "Brokerage", "IVV", Action.BUY, 10, 600.0, lot_id="S1"))
    lots = [Lot("V1", "Brokerage", "VOO", replacement_day, 10, 4000.0), *extra_lots]
    return Household(accounts=(TAXABLE,), securities=SECURITIES, lots=tuple(lots),
                     transactions=tuple(sorted([*txs, *extra_txs], key=lambda t: t.date)),
                     settings=Settings(as_of=D(2026, 5, 26)))


def _v1(household):
    result = adjust_lots(household)
    (m,) = [m for m in result.matches if m.replacement_lot == "V1"]
    assert m.disallowed == pytest.approx(1000.0)
    (lot,) = [lot for lot in result.household.lots if lot.lot_id == "V1"]
    return m, lot


def test_replacement_bought_before_the_sale_counts_from_the_sold_shares_purchase():
    """fe15 h6: IVV held 2025-06-02..2025-12-01, VOO bought 2025-11-20 (11 days before the sale). The
    union of [2025-06-02, 2025-12-01] and [2025-11-20, ...] starts 2025-06-02; long-term from the day
    after the anniversary, 2026-06-03. On 2026-05-26 the VOO is short-term: $600 gain at 22%, $132.00.
    The additive count (2025-11-20 minus the IVV's 182 days = 2025-05-22) was a day neither was held."""
    m, lot = _v1(_household(D(2025, 11, 20)))
    assert m.adjusted_acquired == D(2025, 6, 2)
    assert lot.holding_start == D(2025, 6, 2)
    assert lot.adjusted_basis == pytest.approx(5000.0)  # $4,000 paid + $1,000 washed (IRC §1091(d))
    assert long_term_date(lot.holding_start) == D(2026, 6, 3)
    assert not is_long_term(lot.holding_start, D(2026, 5, 26))
    assert not is_long_term(lot.holding_start, D(2026, 6, 2))  # the anniversary is still short-term
    assert is_long_term(lot.holding_start, D(2026, 6, 3))


def test_replacement_bought_on_the_sale_day_counts_from_the_sold_shares_purchase():
    """Bought 2025-12-01, the day of the loss sale: both readings agree, 2025-12-01 minus 182 days
    (June 28 + July 31 + August 31 + September 30 + October 31 + November 30 + 1 = 182) = 2025-06-02,
    the day the IVV was bought."""
    m, lot = _v1(_household(D(2025, 12, 1)))
    assert m.adjusted_acquired == D(2025, 6, 2)
    assert lot.holding_start == D(2025, 6, 2)


def test_replacement_bought_after_the_sale_adds_the_days_held():
    """Pub 550's case: bought 2025-12-11, 10 days after the sale. The IVV's 182 days come before the
    VOO's own: 2025-12-11 minus 182 days = 2025-06-12 (the 10 days between the sale and the purchase
    are in neither period)."""
    m, lot = _v1(_household(D(2025, 12, 11)))
    assert m.adjusted_acquired == D(2025, 6, 12)
    assert long_term_date(lot.holding_start) == D(2026, 6, 13)


def test_replacement_bought_before_the_sold_shares_keeps_its_own_date():
    """Reading 2 of engine/wash.py: a purchase within 30 days before the sale replaces it even when it
    came before the sold lot. VOO bought 2025-11-05, IVV bought 2025-11-10 and sold 2025-12-01: the
    VOO's own period already covers the IVV's; the union starts 2025-11-05, its own date (the
    additive count gave 2025-11-05 minus 21 days = 2025-10-15)."""
    m, lot = _v1(_household(D(2025, 11, 5), sold_acquired=D(2025, 11, 10)))
    assert m.adjusted_acquired == D(2025, 11, 5)
    assert lot.holding_start == D(2025, 11, 5)


def test_inherited_sold_shares_keep_their_treatment():
    """IRC §1223(9): inherited shares are long-term whatever the dates, so their replacement is too:
    bought 2025-11-20, before the 2025-12-01 sale, it counts from 2025-11-20 minus 367 days (the
    engine's minimum days held for inherited shares) = 2024-11-18, long-term at once."""
    m, lot = _v1(_household(D(2025, 11, 20), inherited=True))
    assert m.adjusted_acquired == D(2024, 11, 18)
    assert is_long_term(lot.holding_start, D(2025, 11, 21))


def test_chain_uses_the_tacked_start_of_the_sold_shares():
    """A chain. IVV S1 bought 2025-06-02, sold at a loss 2025-12-01; VOO V0 bought 2025-11-20 replaces
    it and counts from 2025-06-02 (the union). V0 sold at a loss 2026-01-15 (its basis $4,000 + $1,000
    = $5,000, proceeds 10 x $450 = $4,500: a $500 loss); VOO V1 bought 2026-01-10, before that sale,
    replaces V0. V0's holding start is its tacked one, 2025-06-02, earlier than V1's own 2026-01-10: V1
    counts from 2025-06-02, long-term from 2026-06-03. (The additive count: V0 from 2025-05-22, then
    V1 = 2026-01-10 minus V0's 238 days = 2025-05-17.)"""
    v0 = [Transaction(D(2025, 11, 20), "Brokerage", "VOO", Action.BUY, 10, 400.0, lot_id="V0"),
          Transaction(D(2026, 1, 15), "Brokerage", "VOO", Action.SELL, 10, 450.0, lot_id="V0")]
    h = _household(D(2026, 1, 10), extra_txs=v0)
    result = adjust_lots(h)
    by_rep = {m.replacement_lot: m for m in result.matches}
    assert by_rep["V0"].adjusted_acquired == D(2025, 6, 2)
    assert by_rep["V0"].disallowed == pytest.approx(1000.0)  # S1's loss, into V0
    assert by_rep["V1"].adjusted_acquired == D(2025, 6, 2)
    assert by_rep["V1"].disallowed == pytest.approx(500.0)  # V0's loss: 5,000 - 4,500
    (v0_sale,) = [s for s in result.sales if s.lot_id == "V0"]
    assert v0_sale.holding_start == D(2025, 6, 2)
    (v1,) = [lot for lot in result.household.lots if lot.lot_id == "V1"]
    assert v1.holding_start == D(2025, 6, 2)
    assert v1.adjusted_basis == pytest.approx(4000.0 + 500.0)


@pytest.mark.parametrize("replacement, expected", [
    (D(2025, 11, 20), D(2025, 6, 2)),   # before the sale: the sold shares' start (the union)
    (D(2025, 12, 1), D(2025, 6, 2)),    # the sale day: both counts agree
    (D(2025, 12, 2), D(2025, 6, 3)),    # the day after: 2025-12-02 minus 182 days
    (D(2025, 12, 31), D(2025, 7, 2)),   # 30 days after: 2025-12-31 minus 182 days
    (D(2025, 5, 1), D(2025, 5, 1)),     # before the sold shares were bought: its own date
])
def test_tacked_start_reads_like_the_rule(replacement, expected):
    assert tacked_start(replacement, D(2025, 6, 2), D(2025, 12, 1), inherited=False) == expected
