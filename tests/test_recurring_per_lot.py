"""fe11 finding 27: a recurring 401(k) contribution washes a loss lot the plan sells inside a step
that nets a gain (wash sales are per lot, Treas. Reg. §1.1091-1(a); in an IRA/401(k) the loss is
lost for good, Rev. Rul. 2008-5), and with a one-fund menu the contribution buys that fund.

Hand-worked figures: step 2 sells IVV lot S1 (10 sh at $100, basis $599.99: +$400.01) and lot S2
(10 sh at $100, basis $1,400.00: -$400.00); the step nets +$0.01, but S2 is a $400.00 loss sale.
As Of 2026-12-04 (Friday); 30 days after is 2027-01-03, so the first day you may buy is 2027-01-04.
"""

from datetime import date

from taxrebal.engine.plan import LotSale, Reason, Trade
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings
from taxrebal.engine.recurring import losses_from, plan_loss_rows, recurring_contribution_warnings

AS_OF = date(2026, 12, 4)
FIRST = date(2027, 1, 4)


def household(menu: frozenset[str], k401_holds: bool = True) -> Household:
    lots = [Lot("S1", "Sam Taxable", "IVV", date(2020, 1, 2), 10, 599.99),
            Lot("S2", "Sam Taxable", "IVV", date(2026, 9, 1), 10, 1_400.00)]
    if k401_holds:
        lots.append(Lot("K1", "Sam 401k", "FXAIX", date(2020, 1, 2), 20, 2_000.0))
    return Household(
        accounts=(Account("Sam Taxable", "Taxable"), Account("Sam 401k", "401(k)", contribution=1_000.0)),
        securities=(Security("IVV", "US Stocks", 100.0, identical_group="SP500"),
                    Security("FXAIX", "US Stocks", 200.0, identical_group="SP500"),
                    Security("BND", "Bonds", 70.0)),
        lots=tuple(lots), settings=Settings(as_of=AS_OF), menus={"Sam 401k": menu})


STEP2 = Trade(2, "Sam Taxable", "IVV", Action.SELL, 20, 100.0, 2_000.0, realized_st=-400.00, realized_lt=400.01,
              reason=Reason.TAXABLE_SALE)
SALES = (LotSale(2, "Sam Taxable", "IVV", "S1", date(2020, 1, 2), 10, 1_000.0, 599.99, 400.01, True, "Clear"),
         LotSale(2, "Sam Taxable", "IVV", "S2", date(2026, 9, 1), 10, 1_000.0, 1_400.00, -400.00, False, "Clear"))


def test_a_loss_lot_inside_a_step_that_nets_a_gain_is_a_loss_sale():
    rows = plan_loss_rows(household(frozenset({"FXAIX"})), (STEP2,), SALES, AS_OF, FIRST)
    assert rows == [("SP500", FIRST, "IVV lot S2 sold at a loss ($400.00) by the plan on 2026-12-04 (Trades step 2)")]


def test_a_one_fund_menu_contribution_cannot_stay_as_cash():
    h = household(frozenset({"FXAIX"}))
    (w,) = recurring_contribution_warnings(h, losses_from(plan_loss_rows(h, (STEP2,), SALES, AS_OF, FIRST)))
    assert "IVV lot S2 sold at a loss ($400.00)" in w.message
    assert "before 2027-01-04" in w.message and "lost for good" in w.message
    assert "offers only FXAIX, so the contribution cannot stay as cash: it buys FXAIX" in w.message
    # the 401(k) holds no FXAIX today, but its menu offers nothing else: the contribution still buys it
    h0 = household(frozenset({"FXAIX"}), k401_holds=False)
    (w0,) = recurring_contribution_warnings(h0, losses_from(plan_loss_rows(h0, (STEP2,), SALES, AS_OF, FIRST)))
    assert "holds FXAIX" in w0.message and "cannot stay as cash" in w0.message
    # a menu with another fund: the contribution can go elsewhere (the old advice, no menu sentence)
    h2 = household(frozenset({"FXAIX", "BND"}))
    (w2,) = recurring_contribution_warnings(h2, losses_from(plan_loss_rows(h2, (STEP2,), SALES, AS_OF, FIRST)))
    assert "point the account's contributions at another fund" in w2.message and "cannot stay" not in w2.message
    assert recurring_contribution_warnings(household(frozenset({"FXAIX", "BND"}), k401_holds=False),
                                           losses_from(plan_loss_rows(h2, (STEP2,), SALES, AS_OF, FIRST))) == ()


def test_a_step_that_nets_a_loss_keeps_its_one_row():
    harvest = Trade(3, "Sam Taxable", "IVV", Action.SELL, 10, 100.0, 1_000.0, realized_st=-400.00,
                    reason=Reason.HARVEST)
    sale = LotSale(3, "Sam Taxable", "IVV", "S2", date(2026, 9, 1), 10, 1_000.0, 1_400.00, -400.00, False, "Clear")
    rows = plan_loss_rows(household(frozenset({"FXAIX"})), (harvest,), (sale,), AS_OF, FIRST)
    assert rows == [("SP500", FIRST, "IVV harvested by the plan on 2026-12-04 (Trades step 3)")]


def test_a_loss_sale_the_plan_dates_for_later_is_warned_about_until_30_days_after_it():
    # the plan dates the sale of IVV lot S2 (-$400.00) on 2026-12-21 (Trades: Sales to wait for): a contribution
    # buying FXAIX from now until 2027-01-20 (2026-12-21 + 30) washes it; the first day you may buy is 2027-01-21
    from taxrebal.engine.plan import WaitedSale

    wait = WaitedSale("Sam Taxable", "IVV", "S2", 10, 100.0, date(2026, 12, 21), -400.00, 0.0, 0.0, 0.0, 0.0)
    h = household(frozenset({"FXAIX", "BND"}))
    rows = plan_loss_rows(h, (), (), AS_OF, FIRST, (wait,))
    assert rows == [("SP500", date(2027, 1, 21), "IVV lot S2 to be sold at a loss ($400.00) by the plan on 2026-12-21 "
                     "(Trades: Sales to wait for)")]
    (w,) = recurring_contribution_warnings(h, losses_from(rows))
    assert "If a contribution buys FXAIX before 2027-01-21" in w.message
