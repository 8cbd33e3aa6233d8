"""Orders' case 2 across accounts (order_sequence.py): a sell of shares whose basis takes in a loss
the plan itself washes waits for that loss sale; a basis carrying a loss washed *before* the plan (a
sale on Transactions) waits for nothing (fe16 F4)."""

from __future__ import annotations

from datetime import date

from taxrebal.engine.plan import LotSale, Plan, PlanStatus, Reason, Trade
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Target
from taxrebal.engine.wash_records import WashMatch
from taxrebal.workbook.results.orders import build_tickets, lot_table, sequence_table

AS_OF = date(2026, 11, 20)


def _household() -> Household:
    # Joint Taxable: 60 VTI (J03) bought at $340.00; Ana Brokerage: 50 ITOT bought 2026-02-10 at
    # $145.00, 30 of them (A02-W1) carrying $40.00 a share of a March VTI loss (basis $185.00), and 30
    # ITOT (A05) bought 2026-11-10 at $140.00. A02-W1 is the wash engine's split of the broker's one
    # lot A02: $4,350.00 paid + $1,200.00 washed = $5,550.00, holding from the sold shares' 2025-06-02.
    # VTI and ITOT are one identical group (TSM).
    accounts = (Account("Joint Taxable", "Taxable"), Account("Ana Brokerage", "Taxable"))
    securities = (Security("VTI", "US", 320.0, identical_group="TSM"),
                  Security("ITOT", "US", 140.0, identical_group="TSM"))
    lots = (Lot("J03", "Joint Taxable", "VTI", date(2025, 12, 10), 60, 20_400.0),
            Lot("A02-W1", "Ana Brokerage", "ITOT", date(2026, 2, 10), 30, 4_350.0, wash_adjustment=1_200.0,
                adjusted_acquired=date(2025, 6, 2)),
            Lot("A02", "Ana Brokerage", "ITOT", date(2026, 2, 10), 20, 2_900.0),
            Lot("A05", "Ana Brokerage", "ITOT", date(2026, 11, 10), 30, 4_200.0))
    return Household(accounts, securities, lots, (), (Target("US", 1.0),), Settings(as_of=AS_OF))


def _plan(ana_lot: str, ana_basis: float, matches: tuple[WashMatch, ...]) -> Plan:
    # the holding period counts from the washed shares' (IRC §1223(3)): A02-W1's March sale's 2025-06-02
    held_from = date(2025, 6, 2) if ana_lot == "A02-W1" else date(2025, 12, 10)
    # Step 1 harvests J03: 60 x ($320 - $340) = -$1,200. Step 2 sells 30 ITOT of ``ana_lot`` at $140.
    trades = (Trade(1, "Joint Taxable", "VTI", Action.SELL, 60, 320.0, 19_200.0, reason=Reason.HARVEST),
              Trade(2, "Ana Brokerage", "ITOT", Action.SELL, 30, 140.0, 4_200.0))
    sales = (LotSale(1, "Joint Taxable", "VTI", "J03", date(2025, 12, 10), 60, 19_200.0, 20_400.0, -1_200.0, False,
                     "Clear"),
             LotSale(2, "Ana Brokerage", "ITOT", ana_lot, held_from, 30, 4_200.0, ana_basis,
                     4_200.0 - ana_basis, False, "Basis includes a washed loss"))
    return Plan(trades, sales, 0.0, 0.0, 0.0, {}, {}, 0.0, 0.0, (), (), PlanStatus.WITHIN_BANDS,
                wash_matches=matches)


def test_a_lot_carrying_a_loss_washed_before_the_plan_waits_for_no_other_account():
    # A02-W1's basis $185.00 x 30 = $5,550.00 carries the March sale's loss; step 1's loss moves into
    # nothing (no plan wash match), so neither ticket depends on the other.
    tickets = build_tickets(_plan("A02-W1", 5_550.0, ()), _household(), AS_OF)
    assert all(t.across_accounts == "" for t in tickets)
    assert sequence_table(tickets) is None
    # A02-W1 is not on the user's Lots sheet: the ticket says what it is (fe16 F14)
    ana = next(t for t in tickets if t.account == "Ana Brokerage")
    assert ("(A02-W1) (the washed piece of lot A02 (one lot at the broker); adjusted for a wash sale: basis "
            "$185.00/sh, holding from 06/02/2025)") in ana.lot_text
    assert lot_table(tickets).rows[-1][-1].startswith("the washed piece of lot A02 (one lot at the broker); ")


def test_a_lot_taking_in_the_plans_own_washed_loss_waits_for_that_loss_sale_and_names_the_match():
    # The plan's wash: J03's 60 loss shares at $20.00 each; A05's 30 shares, bought 10 days before,
    # take in 30 x $20.00 = $600.00 (IRC §1091(d)): basis $4,200.00 + $600.00 = $4,800.00.
    match = WashMatch(AS_OF, "Joint Taxable", "VTI", "J03", 60, 1_200.0, 600.0, False, "Ana Brokerage", "ITOT", "A05",
                      date(2026, 11, 10), 30, 600.0, 4_800.0, date(2025, 12, 10))
    tickets = build_tickets(_plan("A05", 4_800.0, (match,)), _household(), AS_OF)
    ana = next(t for t in tickets if t.account == "Ana Brokerage")
    [wait] = ana.waits_for
    assert (wait.first_account, wait.first_step, wait.then_step) == ("Joint Taxable", 1, 2)
    assert "30 shares of lot A05 take in $600.00 of the loss on lot J03" in wait.why
    assert ana.across_accounts == "WAIT for Joint Taxable #1 (step 1) to fill"


def test_the_plans_match_into_a_lot_the_later_ticket_does_not_sell_makes_no_wait():
    # Step 1's loss washes into A05, which the plan keeps; step 2 sells A02-W1 (the March loss): no wait.
    match = WashMatch(AS_OF, "Joint Taxable", "VTI", "J03", 60, 1_200.0, 600.0, False, "Ana Brokerage", "ITOT", "A05",
                      date(2026, 11, 10), 30, 600.0, 4_800.0, date(2025, 12, 10))
    tickets = build_tickets(_plan("A02-W1", 5_550.0, (match,)), _household(), AS_OF)
    assert all(not t.waits_for and not t.goes_before for t in tickets)


def test_a_plan_match_for_good_in_an_ira_is_no_basis_to_wait_for():
    match = WashMatch(AS_OF, "Joint Taxable", "VTI", "J03", 60, 1_200.0, 600.0, True, "Ana Brokerage", "ITOT", "A05",
                      date(2026, 11, 10), 30, 0.0, None, None)
    tickets = build_tickets(_plan("A05", 4_200.0, (match,)), _household(), AS_OF)
    assert all(not t.waits_for for t in tickets)
