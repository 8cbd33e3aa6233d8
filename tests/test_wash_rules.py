"""Wash-sale rule (IRC §1091; Treas. Reg. §1.1091-1, -2; Pub 550 "Wash Sales"; Rev. Rul. 2008-5).

Every expected number below is worked by hand from the cited example, never taken from the engine.
"""

from datetime import date, timedelta

import pytest

from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Transaction
from taxrebal.engine.wash import adjust_lots
from taxrebal.engine.wash_queries import wash_window_status

D = date
TAXABLE = Account("Brokerage", "Taxable", owner="Pat")
SPOUSE = Account("Joint", "Taxable", owner="Sam")
ROTH = Account("Roth", "Roth IRA", owner="Pat")
IRA = Account("IRA", "Traditional IRA", owner="Sam")


def sec(symbol, price=10.0, group="", drip=False):
    return Security(symbol, "US Stocks", price, identical_group=group, drip=drip)


def buy(day, qty, price, lot_id, account="Brokerage", symbol="X", action=Action.BUY):
    return Transaction(day, account, symbol, action, qty, price, lot_id=lot_id)


def sell(day, qty, price, lot_id, account="Brokerage", symbol="X", acquired=None, basis=None):
    return Transaction(day, account, symbol, Action.SELL, qty, price, lot_id=lot_id,
                       acquired=acquired, basis=basis)


SECURITY_X = sec("X")


def household(lots=(), txs=(), securities=(SECURITY_X,), accounts=(TAXABLE, SPOUSE, ROTH, IRA)):
    return Household(accounts=tuple(accounts), securities=tuple(securities), lots=tuple(lots),
                     transactions=tuple(txs), settings=Settings(as_of=D(2026, 11, 25)))


def lot_by_id(result, lot_id):
    found = [lot for lot in result.household.lots if lot.lot_id == lot_id]
    assert len(found) == 1, [lot.lot_id for lot in result.household.lots]
    return found[0]


# --- Pub 550: "You buy 100 shares of X stock for $1,000. You sell these shares for $750 and within 30
# days from the sale you buy 100 shares of the same stock for $800. ... you cannot deduct your loss of
# $250 ... you add the disallowed loss of $250 to the cost of the new stock, $800, to get your basis in
# the new stock, which is $1,050."
# Dates chosen here: bought 2025-01-02, sold 2026-03-02 (held 365 + 31 + 28 = 424 days), bought again
# 2026-03-20. Holding period tacks on (IRC §1223(3)): 2026-03-20 minus 424 days = 2025-01-20.

def pub550_household(with_buy_row=True):
    new = Lot("B", "Brokerage", "X", D(2026, 3, 20), 100, 800.0)
    txs = [sell(D(2026, 3, 2), 100, 7.50, "A", acquired=D(2025, 1, 2), basis=1000.0)]
    if with_buy_row:
        txs.append(buy(D(2026, 3, 20), 100, 8.00, "B"))
    return household(lots=[new], txs=txs)


@pytest.mark.parametrize("with_buy_row", [True, False], ids=["buy-row", "lot-only"])
def test_pub550_basic_wash_sale(with_buy_row):
    result = adjust_lots(pub550_household(with_buy_row))
    assert len(result.matches) == 1
    m = result.matches[0]
    assert m.disallowed == pytest.approx(250.0)
    assert not m.permanent
    new = lot_by_id(result, "B")
    assert new.basis == pytest.approx(800.0)  # what was paid stays as entered
    assert new.adjusted_basis == pytest.approx(1050.0)
    assert new.adjusted_acquired == D(2025, 1, 20)
    assert new.holding_start == D(2025, 1, 20)
    (sale,) = result.sales
    assert sale.loss == pytest.approx(250.0)
    assert sale.reported_gain == pytest.approx(0.0)  # d - e + g = 750 - 1000 + 250


def test_pub550_summary_line():
    assert adjust_lots(pub550_household()).summary() == "1 wash-sale match, $250.00 disallowed"


# --- Treas. Reg. §1.1091-2(b) example (less bought than sold, Reg. §1.1091-1(c)): 100 shares bought
# 1954-09-21 for $5,000; 50 bought 1954-12-21 for $2,750; 25 bought 1954-12-27 for $1,125; the 100 sold
# 1955-01-03 for $4,000. Loss $1,000; 75 shares replaced, so $750 disallowed and $250 allowed.
# Basis of the 50: 2,500 + 2,750 - 2,000 = $3,250; of the 25: 1,250 + 1,125 - 1,000 = $1,375.

def test_regulation_example_fewer_shares_bought_than_sold():
    lots = [Lot("R50", "Brokerage", "X", D(1954, 12, 21), 50, 2750.0),
            Lot("R25", "Brokerage", "X", D(1954, 12, 27), 25, 1125.0)]
    txs = [sell(D(1955, 1, 3), 100, 40.0, "L100", acquired=D(1954, 9, 21), basis=5000.0)]
    result = adjust_lots(household(lots, txs))
    assert result.total_disallowed == pytest.approx(750.0)
    (sale,) = result.sales
    assert sale.reported_gain == pytest.approx(-250.0)
    assert lot_by_id(result, "R50").adjusted_basis == pytest.approx(3250.0)
    assert lot_by_id(result, "R25").adjusted_basis == pytest.approx(1375.0)


def test_half_the_shares_bought_back_disallows_half_the_loss():
    # Sold 100 at a $4/share loss ($400); bought 50 back 10 days later: 50 x 4 = $200 disallowed.
    txs = [sell(D(2026, 6, 1), 100, 6.0, "A", acquired=D(2026, 1, 5), basis=1000.0),
           buy(D(2026, 6, 11), 50, 6.5, "B")]
    result = adjust_lots(household([Lot("B", "Brokerage", "X", D(2026, 6, 11), 50, 325.0)], txs))
    assert result.total_disallowed == pytest.approx(200.0)
    assert lot_by_id(result, "B").adjusted_basis == pytest.approx(525.0)


def test_more_bought_than_sold_matches_the_first_acquired_shares():
    # Reg. §1.1091-1(d): 100 sold at a $2/share loss; 100 bought 5 days before and 100 five days
    # after. The earlier purchase is the replacement; the later one is untouched.
    lots = [Lot("EARLY", "Brokerage", "X", D(2026, 5, 27), 100, 900.0),
            Lot("LATE", "Brokerage", "X", D(2026, 6, 6), 100, 850.0)]
    txs = [sell(D(2026, 6, 1), 100, 8.0, "A", acquired=D(2025, 1, 5), basis=1000.0)]
    result = adjust_lots(household(lots, txs))
    assert result.total_disallowed == pytest.approx(200.0)
    assert lot_by_id(result, "EARLY").adjusted_basis == pytest.approx(1100.0)
    assert lot_by_id(result, "LATE").wash_adjustment == 0.0


@pytest.mark.parametrize("offset, washed", [(30, True), (31, False), (-30, True), (-31, False), (0, True)])
def test_window_is_30_days_before_and_after_inclusive(offset, washed):
    sale_day = D(2026, 6, 15)
    txs = [sell(sale_day, 10, 8.0, "A", acquired=D(2025, 1, 5), basis=100.0)]
    lots = [Lot("B", "Brokerage", "X", sale_day + timedelta(days=offset), 10, 85.0)]
    result = adjust_lots(household(lots, txs))
    assert (result.total_disallowed == pytest.approx(20.0)) if washed else not result.matches


def test_gain_sale_is_never_washed():
    txs = [sell(D(2026, 6, 1), 10, 12.0, "A", acquired=D(2025, 1, 5), basis=100.0)]
    lots = [Lot("B", "Brokerage", "X", D(2026, 6, 5), 10, 120.0)]
    assert not adjust_lots(household(lots, txs)).matches


def test_ira_purchase_disallows_the_loss_for_good():
    # Rev. Rul. 2008-5: buying in the owner's IRA within 30 days disallows the loss and does not
    # increase the IRA shares' basis.
    txs = [sell(D(2026, 6, 1), 100, 8.0, "A", acquired=D(2025, 1, 5), basis=1000.0),
           buy(D(2026, 6, 10), 100, 8.1, "R1", account="Roth")]
    lots = [Lot("R1", "Roth", "X", D(2026, 6, 10), 100, None)]
    result = adjust_lots(household(lots, txs))
    (m,) = result.matches
    assert m.permanent and m.disallowed == pytest.approx(200.0) and m.basis_adjustment == 0.0
    assert result.permanent_disallowed == pytest.approx(200.0)
    assert lot_by_id(result, "R1").wash_adjustment == 0.0
    assert result.sales[0].reported_gain == pytest.approx(0.0)


def test_spouse_account_purchase_washes():
    txs = [sell(D(2026, 6, 1), 100, 8.0, "A", acquired=D(2025, 1, 5), basis=1000.0)]
    lots = [Lot("S", "Joint", "X", D(2026, 6, 20), 100, 790.0)]
    result = adjust_lots(household(lots, txs))
    assert lot_by_id(result, "S").adjusted_basis == pytest.approx(990.0)


def test_loss_inside_an_ira_is_not_subject():
    txs = [sell(D(2026, 6, 1), 100, 8.0, "A", account="IRA", acquired=D(2025, 1, 5), basis=1000.0)]
    lots = [Lot("B", "Brokerage", "X", D(2026, 6, 5), 100, 800.0)]
    result = adjust_lots(household(lots, txs))
    assert not result.matches and not result.sales


def test_identical_group_sell_voo_buy_ivv():
    securities = (sec("VOO", group="SP500"), sec("IVV", group="SP500"), sec("VTI"))
    txs = [sell(D(2026, 6, 1), 10, 500.0, "A", symbol="VOO", acquired=D(2025, 1, 5), basis=5500.0)]
    lots = [Lot("B", "Brokerage", "IVV", D(2026, 6, 3), 10, 5010.0),
            Lot("C", "Brokerage", "VTI", D(2026, 6, 3), 10, 3000.0)]
    result = adjust_lots(household(lots, txs, securities))
    assert lot_by_id(result, "B").adjusted_basis == pytest.approx(5510.0)
    assert lot_by_id(result, "C").wash_adjustment == 0.0  # VTI is a different index


def test_dividend_reinvestment_washes_part_of_the_loss():
    # 100 sold at a $3/share loss; a DRIP buys 2.5 shares 12 days later: 2.5 x 3 = $7.50 disallowed.
    txs = [sell(D(2026, 6, 1), 100, 7.0, "A", acquired=D(2025, 1, 5), basis=1000.0),
           buy(D(2026, 6, 13), 2.5, 7.2, "D1", action=Action.REINVEST)]
    lots = [Lot("D1", "Brokerage", "X", D(2026, 6, 13), 2.5, 18.0)]
    result = adjust_lots(household(lots, txs))
    assert result.total_disallowed == pytest.approx(7.5)
    assert result.sales[0].reported_gain == pytest.approx(-292.5)


def test_chain_replacement_sold_at_a_loss_carries_its_adjustment():
    # A: 100 bought 2026-01-05 for $1,000, sold 2026-03-02 for $800 (held 56 days): $200 washed by
    # B: 100 bought 2026-03-10 for $900 -> basis 1,100, holding from 2026-03-10 - 56 d = 2026-01-13.
    # B sold 2026-03-20 for $850: loss 1,100 - 850 = $250 (held 01-13 -> 03-20 = 66 days), washed by
    # C: 100 bought 2026-04-01 for $880 -> basis 1,130, holding from 2026-04-01 - 66 d = 2026-01-25.
    txs = [buy(D(2026, 1, 5), 100, 10.0, "A"), sell(D(2026, 3, 2), 100, 8.0, "A"),
           buy(D(2026, 3, 10), 100, 9.0, "B"), sell(D(2026, 3, 20), 100, 8.5, "B"),
           buy(D(2026, 4, 1), 100, 8.8, "C")]
    result = adjust_lots(household([Lot("C", "Brokerage", "X", D(2026, 4, 1), 100, 880.0)], txs))
    a_sale, b_sale = result.sales
    assert a_sale.disallowed == pytest.approx(200.0)
    assert b_sale.basis == pytest.approx(1100.0)
    assert b_sale.holding_start == D(2026, 1, 13)
    assert b_sale.disallowed == pytest.approx(250.0)
    c = lot_by_id(result, "C")
    assert c.adjusted_basis == pytest.approx(1130.0)
    assert c.adjusted_acquired == D(2026, 1, 25)


def test_shares_of_the_lot_being_sold_do_not_replace_it():
    # Pub 550 reading: buy 100, sell 50 of them at a loss 10 days later: no replacement was bought.
    txs = [buy(D(2026, 3, 1), 100, 10.0, "A"), sell(D(2026, 3, 11), 50, 9.0, "A")]
    result = adjust_lots(household([Lot("A", "Brokerage", "X", D(2026, 3, 1), 50, 500.0)], txs))
    assert not result.matches
    assert result.sales[0].reported_gain == pytest.approx(-50.0)


def test_other_lot_bought_before_the_sale_is_a_replacement():
    # Doubling up: held A since 2025; bought B on 06-01; sold A at a loss 06-20 -> B replaces it.
    txs = [sell(D(2026, 6, 20), 10, 8.0, "A", acquired=D(2025, 1, 5), basis=100.0)]
    result = adjust_lots(household([Lot("B", "Brokerage", "X", D(2026, 6, 1), 10, 90.0)], txs))
    assert lot_by_id(result, "B").adjusted_basis == pytest.approx(110.0)


def test_replacement_already_sold_before_the_loss_sale_is_not_available():
    # X bought 02-20 and sold 02-25 at a gain; A sold at a loss 03-01: X was no longer held.
    txs = [buy(D(2026, 2, 20), 10, 8.0, "X1"), sell(D(2026, 2, 25), 10, 9.0, "X1"),
           sell(D(2026, 3, 1), 10, 8.0, "A", acquired=D(2025, 1, 5), basis=100.0)]
    result = adjust_lots(household([], txs))
    assert not result.matches


def test_partly_washed_lot_is_split_and_each_share_used_once():
    # Two loss sales of 40 and 80 shares ($1 loss each share) and one 100-share purchase: the first
    # sale takes 40 shares, the second the remaining 60; 20 of its shares' loss stays allowed.
    txs = [sell(D(2026, 6, 1), 40, 9.0, "A", acquired=D(2025, 1, 5), basis=400.0),
           sell(D(2026, 6, 2), 80, 9.0, "B", acquired=D(2025, 1, 5), basis=800.0),
           buy(D(2026, 6, 10), 100, 9.0, "R")]
    result = adjust_lots(household([Lot("R", "Brokerage", "X", D(2026, 6, 10), 100, 900.0)], txs))
    assert [m.shares for m in result.matches] == pytest.approx([40, 60])
    assert result.total_disallowed == pytest.approx(100.0)
    lots = {lot.lot_id: lot for lot in result.household.lots}
    # Both sales were held from 2025-01-05 but sold a day apart: different tacked dates -> two pieces.
    assert sorted(lots) == ["R-W1", "R-W2"]
    assert sum(lot.quantity for lot in lots.values()) == pytest.approx(100)
    assert sum(lot.adjusted_basis for lot in lots.values()) == pytest.approx(1000.0)
    assert any(i.severity.value == "Info" and "R-W1" in i.message for i in result.issues)


def test_partly_washed_lot_keeps_its_id_for_unwashed_shares():
    txs = [sell(D(2026, 6, 1), 40, 9.0, "A", acquired=D(2025, 1, 5), basis=400.0)]
    result = adjust_lots(household([Lot("R", "Brokerage", "X", D(2026, 6, 10), 100, 900.0)], txs))
    lots = {lot.lot_id: lot for lot in result.household.lots}
    assert lots["R"].quantity == pytest.approx(60) and lots["R"].wash_adjustment == 0.0
    assert lots["R-W1"].quantity == pytest.approx(40)
    assert lots["R-W1"].adjusted_basis == pytest.approx(400.0)  # 360 paid + 40 disallowed


def test_broker_adjusted_lot_is_not_adjusted_again_but_consumes_the_match_and_tacks_the_holding_period():
    txs = [sell(D(2026, 6, 1), 10, 8.0, "A", acquired=D(2025, 1, 5), basis=100.0)]
    lots = [Lot("B", "Brokerage", "X", D(2026, 6, 3), 10, 102.0, wash_adjusted=True),
            Lot("C", "Brokerage", "X", D(2026, 6, 4), 10, 82.0)]
    result = adjust_lots(household(lots, txs))
    (m,) = result.matches
    assert m.replacement_lot == "B" and m.broker_adjusted and m.basis_adjustment == 0.0
    # The basis is the broker's (not adjusted again), but the holding period is tacked all the same
    # (IRC §1223(3); Pub 550 "Wash Sales": the new stock's holding period includes the old's): the
    # sold shares were held 2025-01-05 -> 2026-06-01, 512 days, so B counts from 2026-06-03 - 512 days
    # = 2025-01-07, and a sale on 2026-11-20 is long-term although B was bought in June.
    b = lot_by_id(result, "B")
    assert b.wash_adjustment == 0.0 and b.basis == 102.0 and b.adjusted_acquired == D(2025, 1, 7)
    assert m.adjusted_acquired == D(2025, 1, 7)
    from taxrebal.engine.holding import is_long_term
    assert is_long_term(b.holding_start, D(2026, 11, 20)) and not is_long_term(b.acquired, D(2026, 11, 20))
    assert lot_by_id(result, "C").wash_adjustment == 0.0


def test_sell_without_basis_is_an_issue_not_a_crash():
    txs = [sell(D(2026, 6, 1), 10, 8.0, "ZZ")]
    result = adjust_lots(household([], txs))
    assert not result.sales
    (issue,) = result.issues
    assert "Cost Basis" in issue.message


# --- the WASHWINDOW cell function -----------------------------------------------------------------

ACCOUNTS = (TAXABLE, ROTH)


def test_window_status_blocks_a_buy_after_a_loss_sale():
    txs = [sell(D(2026, 11, 15), 10, 60.0, "A", symbol="VXUS", basis=700.0)]
    status = wash_window_status("VXUS", D(2026, 11, 25), txs, (sec("VXUS"),), ACCOUNTS)
    assert status == "Blocked; first day you may buy 2026-12-16: VXUS sold at a loss on 2026-11-15 (Brokerage)"


def test_window_status_clear_on_day_31_and_for_gains():
    txs = [sell(D(2026, 11, 15), 10, 60.0, "A", symbol="VXUS", basis=700.0)]
    assert wash_window_status("VXUS", D(2026, 12, 16), txs, (sec("VXUS"),), ACCOUNTS) == "Clear"
    gain = [sell(D(2026, 11, 15), 10, 80.0, "A", symbol="VXUS", basis=700.0)]
    assert wash_window_status("VXUS", D(2026, 11, 25), gain, (sec("VXUS"),), ACCOUNTS) == "Clear"


def test_window_status_for_a_group_member_and_an_ira_loss():
    secs = (sec("VOO", group="SP500"), sec("IVV", group="SP500"))
    txs = [sell(D(2026, 11, 1), 10, 60.0, "A", symbol="VOO", basis=700.0)]
    assert wash_window_status("IVV", D(2026, 11, 20), txs, secs,
                              ACCOUNTS).startswith("Blocked; first day you may buy 2026-12-02")
    ira = [sell(D(2026, 11, 1), 10, 60.0, "A", symbol="VOO", basis=700.0, account="Roth")]
    assert wash_window_status("IVV", D(2026, 11, 20), ira, secs, ACCOUNTS) == "Clear"


def test_window_status_warns_that_a_loss_sale_would_be_washed_by_a_recent_buy():
    txs = [buy(D(2026, 11, 15), 5, 60.0, "R", account="Roth", symbol="VXUS")]
    status = wash_window_status("VXUS", D(2026, 11, 25), txs, (sec("VXUS"),), ACCOUNTS)
    assert status == "Loss sale washed; first day you may sell 2026-12-16: VXUS bought on 2026-11-15 (Roth)"


def test_same_day_loss_sales_are_matched_in_the_order_the_sold_shares_were_acquired():
    # Reg. §1.1091-1(b): when the order of same-day sales cannot be told, the earliest-acquired
    # shares are taken first. Row order lists the 2025 lot first, but the 2024 lot is matched first.
    txs = [sell(D(2026, 6, 1), 10, 8.0, "NEWER", acquired=D(2025, 3, 1), basis=150.0),   # $70 loss
           sell(D(2026, 6, 1), 10, 8.0, "OLDER", acquired=D(2024, 3, 1), basis=100.0)]   # $20 loss
    result = adjust_lots(household([Lot("R", "Brokerage", "X", D(2026, 6, 5), 10, 80.0)], txs))
    (m,) = result.matches
    assert m.lot_id == "OLDER" and m.disallowed == pytest.approx(20.0)


def test_a_share_that_washed_one_loss_is_disregarded_for_the_next():
    # Reg. §1.1091-1(e): 10 shares bought 06-05 wash the 06-01 loss; the 06-20 loss finds none left.
    txs = [sell(D(2026, 6, 1), 10, 8.0, "A", acquired=D(2024, 3, 1), basis=100.0),
           sell(D(2026, 6, 20), 10, 8.0, "B", acquired=D(2024, 3, 1), basis=100.0)]
    result = adjust_lots(household([Lot("R", "Brokerage", "X", D(2026, 6, 5), 10, 80.0)], txs))
    assert [m.lot_id for m in result.matches] == ["A"]
    assert result.consumed == {"R": 10}


def test_selling_more_than_the_lot_holds_is_reported():
    txs = [buy(D(2026, 3, 1), 10, 10.0, "A"), sell(D(2026, 3, 11), 15, 9.0, "A")]
    result = adjust_lots(household([], txs))
    assert any("only 10 shares" in i.message for i in result.issues)


def test_sell_row_basis_that_disagrees_with_the_buy_row_is_reported():
    txs = [buy(D(2026, 3, 1), 10, 10.0, "A"), sell(D(2026, 3, 11), 10, 9.0, "A", basis=120.0)]
    result = adjust_lots(household([], txs))
    assert result.sales[0].basis == pytest.approx(100.0)
    assert any("differs" in i.message for i in result.issues)


def test_window_status_for_a_sale_before_a_later_purchase():
    # Selling at a loss on 11-10 is washed by the buy on 11-15 (5 days after): until 11-15 + 30.
    txs = [buy(D(2026, 11, 15), 5, 60.0, "R", symbol="VXUS")]
    status = wash_window_status("VXUS", D(2026, 11, 10), txs, (sec("VXUS"),), ACCOUNTS)
    assert status == "Loss sale washed; first day you may sell 2026-12-16: VXUS bought on 2026-11-15 (Brokerage)"


def test_sell_with_basis_but_no_acquired_date_is_an_issue():
    txs = [sell(D(2026, 6, 1), 10, 8.0, "ZZ", basis=100.0)]
    result = adjust_lots(household([], txs))
    assert not result.sales
    assert "Acquired" in result.issues[0].message


def test_window_status_clear_when_the_loss_is_already_washed():
    # 10 VXUS sold at a $10/share loss on 11-15, and 10 bought in the Roth on 11-16: the whole loss is
    # already disallowed, so buying more on 11-25 washes nothing further; nor can the Roth shares
    # wash a new loss sale (each share washes once, Reg. §1.1091-1(e)).
    txs = [sell(D(2026, 11, 15), 10, 60.0, "A", symbol="VXUS", acquired=D(2025, 1, 2), basis=700.0),
           buy(D(2026, 11, 16), 10, 61.0, "R", account="Roth", symbol="VXUS")]
    assert wash_window_status("VXUS", D(2026, 11, 25), txs, (sec("VXUS"),), ACCOUNTS) == "Clear"
    partly = [sell(D(2026, 11, 15), 10, 60.0, "A", symbol="VXUS", acquired=D(2025, 1, 2), basis=700.0),
              buy(D(2026, 11, 16), 4, 61.0, "R", account="Roth", symbol="VXUS")]
    assert wash_window_status("VXUS", D(2026, 11, 25), partly, (sec("VXUS"),), ACCOUNTS).startswith(
        "Blocked; first day you may buy 2026-12-16")


# --- The shares sold are never their own replacement (IRC §1091(a) speaks of "substantially identical
# stock or securities" acquired to replace the ones sold; the purchase that created the lot is that lot).
# A Buy row left without a Lot ID (the README asks for one only on a Sell) is still the purchase of the
# lot it created, also once that lot has been sold in full and is gone from the Lots sheet: 20 X bought
# 2026-11-10 for $310 a share and sold whole on 2026-12-01 for $300 is a plain $200 short-term loss.

@pytest.mark.parametrize("buy_lot_id", ["T2", None], ids=["buy-names-the-lot", "buy-without-lot-id"])
def test_a_lot_sold_in_full_is_not_washed_by_its_own_purchase(buy_lot_id):
    txs = [buy(D(2026, 11, 10), 20, 310.0, buy_lot_id),
           sell(D(2026, 12, 1), 20, 300.0, "T2", acquired=D(2026, 11, 10), basis=6200.0)]
    result = adjust_lots(household(lots=[], txs=txs))
    assert result.matches == ()
    (sale,) = result.sales
    assert sale.loss == pytest.approx(200.0)
    assert sale.disallowed == pytest.approx(0.0)
    assert sale.reported_gain == pytest.approx(-200.0)


def test_another_purchase_the_same_day_still_washes_the_sold_lot():
    # Two Buys of 20 on 2026-11-10 without Lot IDs: one is the lot sold, the other (still held as lot
    # T3) replaces it, so the whole $200 loss is disallowed (Pub 550 "Wash Sales").
    txs = [buy(D(2026, 11, 10), 20, 310.0, None), buy(D(2026, 11, 10), 20, 310.0, None),
           sell(D(2026, 12, 1), 20, 300.0, "T2", acquired=D(2026, 11, 10), basis=6200.0)]
    held = Lot("T3", "Brokerage", "X", D(2026, 11, 10), 20, 6200.0)
    result = adjust_lots(household(lots=[held], txs=txs))
    (sale,) = result.sales
    assert sale.disallowed == pytest.approx(200.0)
