"""Two Buy rows of one day and one lot on the Lots sheet: the lot holds both rows' shares (wash.py reading 1).

Found by ``bench/bench_plan_100k.py --lots 10000 --transactions 20000`` (2026-12-04): Taxable 03 bought
ZMDAU twice on 2025-06-01 (56.733 and 53.056 shares, rows without a Lot ID) and the Lots sheet holds
one lot of that day, L009123 (109.623 shares). The wash engine linked the first row to the lot and kept
the second as 53.056 more shares held beside it, so when the plan sold all of L009123 at a loss those
phantom shares replaced its loss (Treas. Reg. §1.1091-1(c): matched earliest first), and purchases
made later stayed free for the plan's later loss sales: Lot Sales disallowed $7,438.21 on lot L006503
(step 357) where the pre-trade check, which counts that day's rows as the lot's purchase, found
$1,971.69. The rows are the lot's purchase (reading 1: a Buy row without a Lot ID is linked to the open
lot of the same account, symbol and date), and the lot sold is not its own replacement (reading 2),
so the pre-trade check was right and the engine now joins such a row to the lot.

The same holds for a lot sold before As Of (no longer on the Lots sheet; its Sell row names it and its
Acquired date): the rows of its day are its purchase and leave with it (reading 4: shares sold before
the loss sale cannot replace it), for the engine and the pre-trade check alike (one set of figures:
``WashResult.consumed_purchases`` counts them as sold); and when a day has as many lots (open or sold)
as rows, each row is a lot of its own rather than a second row of the first.

Hand-worked household (As Of 2026-11-25; X at $90): Brokerage bought X twice on 2026-11-02 (10 and 5
shares at $100, no Lot ID): lot R, 15 shares, $1,500; lot L1, 10 X bought 2024-01-10 for $1,500; the
IRA bought 20 X on 2026-11-06 (lot P). The plan sells R (step 1, a $10 loss a share) then L1 (step 2,
$60 a share), both on As Of:

* step 1: R's own purchase never replaces it (reading 2); P's 20 shares are in the window: 15 of them
  replace R's 15 loss shares, 15 x $10 = **$150.00** disallowed, lost for good (an IRA replacement,
  Rev. Rul. 2008-5);
* step 2: 5 of P's shares are left (each share replaces once, Reg. §1.1091-1(e)): 5 x $60 =
  **$300.00** disallowed (lost for good), $300.00 of L1's $600.00 loss allowed.

Before the fix the engine matched 5 phantom shares of 2026-11-02 with R first (then 10 of P) and L1
with P's other 10: $600.00 disallowed on step 2.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from taxrebal.engine.pretrade import check_trades
from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import (
    Account,
    Action,
    FilingStatus,
    Household,
    Lot,
    ProposedTrade,
    Security,
    Settings,
    Target,
    Transaction,
)
from taxrebal.engine.wash import adjust_lots

AS_OF = date(2026, 11, 25)


def _household() -> Household:
    return Household(
        accounts=(Account("Brokerage", "Taxable"), Account("IRA", "Traditional IRA")),
        securities=(Security("X", "Stocks", 90.0),),
        lots=(Lot("R", "Brokerage", "X", date(2026, 11, 2), 15, 1_500.0),
              Lot("L1", "Brokerage", "X", date(2024, 1, 10), 10, 1_500.0),
              Lot("P", "IRA", "X", date(2026, 11, 6), 20, 1_900.0)),
        transactions=(Transaction(date(2026, 11, 2), "Brokerage", "X", Action.BUY, 10, 100.0),
                      Transaction(date(2026, 11, 2), "Brokerage", "X", Action.BUY, 5, 100.0),
                      Transaction(date(2026, 11, 6), "IRA", "X", Action.BUY, 20, 95.0)),
        targets=(Target("Stocks", 1.0),),
        settings=Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE))


def test_the_wash_engine_prices_the_plans_two_loss_sales_by_hand():
    """The plan's sales as the rebalancer hands them to the engine (rebalance/wash_exposure.py
    ``engine_outcome``: Sell rows on As Of ranked by step; a lot created by a Buy row stays on Lots and
    the Sell row relieves it, a lot known only from the Lots sheet shrinks: L1 sold in full is gone)."""
    h = _household()
    sells = (Transaction(AS_OF, "Brokerage", "X", Action.SELL, 15, 90.0, lot_id="R"),
             Transaction(AS_OF, "Brokerage", "X", Action.SELL, 10, 90.0, lot_id="L1", acquired=date(2024, 1, 10),
                         basis=1_500.0))
    planned = replace(h, lots=(h.lots[0], h.lots[2]), transactions=h.transactions + sells)
    result = adjust_lots(planned, sale_rank={3: 1, 4: 2})
    by_lot = {s.lot_id: s for s in result.sales}
    assert by_lot["R"].disallowed == pytest.approx(150.0)
    assert by_lot["R"].permanent_disallowed == pytest.approx(150.0)
    assert by_lot["L1"].disallowed == pytest.approx(300.0)
    assert by_lot["L1"].reported_gain == pytest.approx(-300.0)
    replaced = [(m.lot_id, m.replacement_account, m.shares) for m in result.matches]
    assert replaced == [("R", "IRA", pytest.approx(15.0)), ("L1", "IRA", pytest.approx(5.0))]


def test_the_pre_trade_check_finds_the_same_figures():
    h = _household()
    trades = [ProposedTrade(AS_OF, "Brokerage", "X", Action.SELL, 15, 90.0, lots=(("R", 15.0),)),
              ProposedTrade(AS_OF, "Brokerage", "X", Action.SELL, 10, 90.0, lots=(("L1", 10.0),))]
    at_stake = [(w.trade.lots[0][0], round(w.amount_at_stake, 2)) for w in check_trades(h, trades, AS_OF)]
    assert at_stake == [("R", 150.0), ("L1", 300.0)]


def test_the_lot_holds_both_rows_shares_for_a_loss_sold_before_as_of():
    """The same lot as a replacement: 18 X sold at a $20 loss on 2026-11-20 from an old Brokerage lot.
    The 2026-11-02 purchases (R, 15 shares) replace 15 of them, P (2026-11-06) the other 3: the day's
    rows count 15 shares, not 15 for the lot plus 5 more."""
    h = _household()
    sold = Transaction(date(2026, 11, 20), "Brokerage", "X", Action.SELL, 18, 90.0, lot_id="S1",
                       acquired=date(2023, 5, 1), basis=18 * 110.0)
    result = adjust_lots(replace(h, transactions=h.transactions + (sold,)))
    replaced = sorted((m.replacement_lot or "", m.shares) for m in result.matches)
    assert replaced == [("P", pytest.approx(3.0)), ("R", pytest.approx(15.0))]
    assert sum(m.disallowed for m in result.matches) == pytest.approx(360.0)


def test_both_rows_of_a_lot_sold_in_full_are_gone():
    """Brokerage bought X twice on 2026-11-02 (10 and 5 shares at $80, no Lot ID) and sold the lot, R,
    in full on 2026-11-20 (15 shares at $90, a gain; the Sell row names R and its Acquired date).
    Nothing bought on 2026-11-02 is held at As Of (reading 4: replacement shares sold before the loss
    sale are not available), so L1 (10 X bought 2024-01-10 for $1,500) sold at $90 on As Of loses
    $600.00 and none of it is washed: $0.00 by the engine (Lot Sales) and the pre-trade check alike."""
    h = Household(
        accounts=(Account("Brokerage", "Taxable"),),
        securities=(Security("X", "Stocks", 90.0),),
        lots=(Lot("L1", "Brokerage", "X", date(2024, 1, 10), 10, 1_500.0),),
        transactions=(Transaction(date(2026, 11, 2), "Brokerage", "X", Action.BUY, 10, 80.0),
                      Transaction(date(2026, 11, 2), "Brokerage", "X", Action.BUY, 5, 80.0),
                      Transaction(date(2026, 11, 20), "Brokerage", "X", Action.SELL, 15, 90.0, lot_id="R",
                                  acquired=date(2026, 11, 2), basis=1_200.0)),
        targets=(Target("Stocks", 1.0),),
        settings=Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE))
    sell = Transaction(AS_OF, "Brokerage", "X", Action.SELL, 10, 90.0, lot_id="L1", acquired=date(2024, 1, 10),
                       basis=1_500.0)
    result = adjust_lots(replace(h, lots=(), transactions=h.transactions + (sell,)), sale_rank={3: 1})
    engine = sum(s.disallowed for s in result.sales if s.lot_id == "L1")
    trade = ProposedTrade(AS_OF, "Brokerage", "X", Action.SELL, 10, 90.0, lots=(("L1", 10.0),))
    check = sum(w.amount_at_stake for w in check_trades(h, [trade], AS_OF))
    assert (round(engine, 2), round(check, 2)) == (0.0, 0.0)
    assert not adjust_lots(h).issues


def _one_day_household(lots, buys, sold):
    """Brokerage's X on 2026-11-02 (rows without a Lot ID at $80) and a Sell row of 2026-11-20 at $90
    naming a lot of that day; X is $90 on As Of."""
    return Household(
        accounts=(Account("Brokerage", "Taxable"),), securities=(Security("X", "Stocks", 90.0),), lots=lots,
        transactions=tuple(Transaction(date(2026, 11, 2), "Brokerage", "X", Action.BUY, q, 80.0) for q in buys)
        + (Transaction(date(2026, 11, 20), "Brokerage", "X", Action.SELL, sold[1], 90.0, lot_id=sold[0],
                       acquired=date(2026, 11, 2), basis=sold[1] * 80.0),),
        targets=(Target("Stocks", 1.0),), settings=Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE))


def _engine_and_check(h, old_lot, sold_on_as_of):
    """What the engine (the plan's Lot Sales) and the pre-trade check disallow on ``old_lot`` (bought
    2024-01-10 at $150) sold in full at $90 on As Of."""
    sell = Transaction(AS_OF, "Brokerage", "X", Action.SELL, sold_on_as_of, 90.0, lot_id=old_lot,
                       acquired=date(2024, 1, 10), basis=sold_on_as_of * 150.0)
    rest = tuple(lot for lot in h.lots if lot.lot_id != old_lot)
    result = adjust_lots(replace(h, lots=rest, transactions=h.transactions + (sell,)),
                         sale_rank={len(h.transactions): 1})
    engine = sum(s.disallowed for s in result.sales if s.lot_id == old_lot)
    trade = ProposedTrade(AS_OF, "Brokerage", "X", Action.SELL, sold_on_as_of, 90.0, lots=((old_lot, sold_on_as_of),))
    return round(engine, 2), round(sum(w.amount_at_stake for w in check_trades(h, [trade], AS_OF)), 2)


def test_one_row_of_a_lot_sold_in_full_is_gone_for_the_pre_trade_check_too():
    """One Buy row (15 X, no Lot ID) is lot R, sold in full on 2026-11-20 (its Sell row names R and
    that Acquired date): nothing of it is held at As Of (reading 4), so L1's $60-a-share loss on 10
    shares is not washed: $0.00 both ways. The pre-trade check counted the row as 15 shares held and
    found 10 x $60 = $600.00 before (the engine, which links the row to R, found $0.00)."""
    h = _one_day_household((Lot("L1", "Brokerage", "X", date(2024, 1, 10), 10, 1_500.0),), (15,), ("R", 15))
    assert _engine_and_check(h, "L1", 10) == (0.0, 0.0)


def test_an_open_lot_and_a_sold_lot_of_one_day_take_a_row_each():
    """Two rows of 2026-11-02 (10 and 5 X, no Lot ID) and two lots of that day: A, open (10 shares,
    $800), and B, whose 5 shares were sold on 2026-11-20 (a gain). Each row is a lot (reading 1: the
    rows join a lot only when there are more rows than lots), so at As Of only A's 10 shares can
    replace: L1 (15 X bought 2024-01-10 for $2,250, $60 a share lost at $90) has 10 x $60 =
    **$600.00** disallowed (added to A's basis), 5 x $60 = $300.00 allowed. Before, the second row
    joined A, whose 15 'held' shares washed all 15: $900.00 (the pre-trade check: $600.00)."""
    h = _one_day_household((Lot("L1", "Brokerage", "X", date(2024, 1, 10), 15, 2_250.0),
                            Lot("A", "Brokerage", "X", date(2026, 11, 2), 10, 800.0)), (10, 5), ("B", 5))
    assert _engine_and_check(h, "L1", 15) == (600.0, 600.0)
    assert not adjust_lots(h).issues


def test_the_plan_harvests_the_whole_loss_when_the_days_rows_left_with_their_lot():
    """The rebalancing plan of that household (X has a 0% target, Bonds 100%): it sells L1, and its
    Trades row and Lot Sales report the whole $600.00 long-term loss, as the pre-trade check finds (the
    plan reported $300.00, 5 phantom shares of 2026-11-02 washing 5 of L1's 10)."""
    h = _one_day_household((Lot("L1", "Brokerage", "X", date(2024, 1, 10), 10, 1_500.0),), (10, 5), ("R", 15))
    h = replace(h, securities=h.securities + (Security("Y", "Bonds", 10.0),),
                targets=(Target("Stocks", 0.0), Target("Bonds", 1.0)),
                settings=replace(h.settings, ordinary_income=100_000))
    plan = plan_rebalance(adjust_lots(h).household, as_of=AS_OF)
    (sell,) = [t for t in plan.trades if t.action is Action.SELL]
    assert (sell.symbol, sell.quantity, round(sell.realized_lt, 2)) == ("X", 10, -600.0)
    (sale,) = plan.lot_sales
    assert sale.lot_id == "L1" and not sale.wash_status.startswith("Wash sale")
