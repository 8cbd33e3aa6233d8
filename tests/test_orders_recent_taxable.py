"""Orders across accounts when the recent shares are a *taxable* lot of another account (issue 9 item 2;
fe7 finding 2): with Sold Recent Shares Wash = N the plan sells them first (FIRST) and the loss sale
waits for that sell to fill (WAIT). Before, only recent IRA shares (Trade.first_lots) made a wait, so
Orders listed the loss sale's account first while Trades and Lot Sales said the recent lot sells before
it: placed in the listed order, the recent shares are still held at the loss sale.

Hand-worked (fe7 chen, 2026-12-01): Joint Taxable sells T-05, 300 VEA bought 2026-02-10 at $58, at $52
(a $6.00 a share loss); Lin Brokerage sells B-01, 100 VEA bought 2026-11-25 at $50. Placed the other way,
B-01's 100 shares wash 100 x $6.00 = $600.00 of T-05's loss into B-01's basis (IRC §1091(d)).
"""

from datetime import date

import pytest

from taxrebal.engine.plan import LotSale, Plan, PlanStatus, Reason, Trade
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Target, Transaction
from taxrebal.engine.wash import adjust_lots
from taxrebal.workbook.results.order_sequence import cross_account_waits
from taxrebal.workbook.results.orders import build_tickets

AS_OF = date(2026, 12, 1)


def _household() -> Household:
    return Household(
        (Account("Joint Taxable", "Taxable"), Account("Lin Brokerage", "Taxable")),
        (Security("VEA", "Intl", 52.0), Security("IEFA", "Intl", 80.0)),
        (Lot("T-05", "Joint Taxable", "VEA", date(2026, 2, 10), 300, 17_400.0),
         Lot("B-01", "Lin Brokerage", "VEA", date(2026, 11, 25), 100, 5_000.0)),
        (Transaction(date(2026, 11, 25), "Lin Brokerage", "VEA", Action.BUY, 100, 50.0, lot_id="B-01"),),
        (Target("Intl", 1.0),), Settings(as_of=AS_OF))


def _plan() -> Plan:
    # step 1 sells the recent lot (Lin Brokerage), step 2 the loss (Joint Taxable, first on Accounts)
    trades = (Trade(1, "Lin Brokerage", "VEA", Action.SELL, 100, 52.0, 5_200.0, 200.0, reason=Reason.TAXABLE_SALE),
              Trade(2, "Joint Taxable", "VEA", Action.SELL, 300, 52.0, 15_600.0, -1_800.0, reason=Reason.HARVEST))
    sales = (LotSale(1, "Lin Brokerage", "VEA", "B-01", date(2026, 11, 25), 100, 5_200.0, 5_000.0, 200.0, False,
                     "Clear (gain: wash-sale rule does not apply)"),
             LotSale(2, "Joint Taxable", "VEA", "T-05", date(2026, 2, 10), 300, 15_600.0, 17_400.0, -1_800.0, False,
                     "Loss allowed ... (other than Lin Brokerage's lot B-01, which this plan sells before this sale)"))
    return Plan(trades, sales, -1_600.0, 0.0, 0.0, {}, {}, 0.0, 0.0, (), (), PlanStatus.WITHIN_BANDS)


def test_a_recent_taxable_lot_sold_first_in_another_account_is_first_and_the_loss_sale_waits():
    h, p = _household(), _plan()
    tickets = build_tickets(p, h, AS_OF)
    # Lin Brokerage's block comes first although Joint Taxable is first on Accounts
    assert [(t.account, t.step) for t in tickets] == [("Lin Brokerage", 1), ("Joint Taxable", 2)]
    recent, loss = tickets
    assert recent.across_accounts == "FIRST, before Joint Taxable #1 (step 2)"
    assert loss.across_accounts == "WAIT for Lin Brokerage #1 (step 1) to fill ($600.00 at stake)"
    [wait] = cross_account_waits(tickets, p, h, AS_OF)
    assert "wash $600.00 of its loss into their basis (IRC §1091(d))" in wait.why
    assert "then realizes it again: the same total this year" in wait.why


def test_the_600_at_stake_is_what_the_wash_engine_defers_when_the_order_is_reversed():
    # Independent reference: the reversed order written as history (B-01 still held when T-05 sells on
    # 2026-12-01), through the wash-sale engine (Treas. Reg. §1.1091-1(b)-(c)).
    h = _household()
    history = Household(h.accounts, h.securities, tuple(x for x in h.lots if x.lot_id != "T-05"), h.transactions + (
        Transaction(AS_OF, "Joint Taxable", "VEA", Action.SELL, 300, 52.0, acquired=date(2026, 2, 10),
                    basis=17_400.0),), h.targets, h.settings)
    washed = adjust_lots(history)
    assert washed.total_disallowed == pytest.approx(600.0)
    assert not any(m.permanent for m in washed.matches)  # deferred into B-01's basis, not lost
    [wait] = cross_account_waits(build_tickets(_plan(), h, AS_OF), _plan(), h, AS_OF)
    assert wait.at_risk == pytest.approx(washed.total_disallowed)


def test_an_old_taxable_lot_of_another_account_makes_no_wait():
    # B-01 bought 2026-10-01: outside the 30 days, it cannot wash T-05's loss in either order
    h = _household()
    h = Household(h.accounts, h.securities,
                  (h.lots[0], Lot("B-01", "Lin Brokerage", "VEA", date(2026, 10, 1), 100, 5_000.0)), (),
                  h.targets, h.settings)
    tickets = build_tickets(_plan(), h, AS_OF)
    assert all(t.across_accounts == "" for t in tickets)
