"""An IBKR basket names, beside it, the lots each taxable sell must be matched to (fe9 finding 12).

IBKR's BasketTrader file has no lot field (IBKR's "Basket Fields" page lists none); the lots of a
closing trade are matched in the Tax Optimizer, by the same day. fe9's basket held ``SELL,100,VTI`` and
nothing else: the account's default (FIFO) would have sold the 2015 lot, a $20,000 gain, instead of the
planned $2,000 loss. Rule: every basket file with a taxable sell gets a ``-lots.txt`` beside it, and the
console prints the same lines, each sell with the plan's lots (open date, shares, cost per share, Lot
ID); sells in an IRA need none. An account whose tickets are all left out of the basket (a mutual fund's
dollar buy) gets no file: a header alone is no order.
"""

from __future__ import annotations

from datetime import date

from taxrebal.engine.plan import LotSale, Plan, PlanStatus, Reason, Trade
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Target
from taxrebal.workbook.results.order_files import BASKET_LOTS, basket_lot_lines, write_order_files
from taxrebal.workbook.results.orders import build_tickets

FRIDAY = date(2026, 11, 20)


def household():
    accounts = (Account("Joint", "Taxable"), Account("IRA", "Traditional IRA"), Account("401k", "401(k)"))
    securities = (Security("VTI", "US", 300.0), Security("BND", "Bonds", 72.5), Security("FXNAX", "Bonds", 10.4))
    lots = (Lot("T1", "Joint", "VTI", date(2015, 1, 5), 100, 10_000.0),   # FIFO's pick: a $20,000 gain
            Lot("T2", "Joint", "VTI", date(2025, 12, 10), 100, 32_000.0),  # the plan's: a $2,000 loss
            Lot("I1", "IRA", "BND", None, 10, None))
    return Household(accounts, securities, lots, (), (Target("US", 0.6), Target("Bonds", 0.4)), Settings(as_of=FRIDAY))


def tickets():
    plan = Plan((Trade(1, "Joint", "VTI", Action.SELL, 100, 300.0, 30_000.0, reason=Reason.HARVEST),
                 Trade(2, "IRA", "BND", Action.SELL, 10, 72.5, 725.0),
                 Trade(3, "401k", "FXNAX", Action.BUY, 192.3077, 10.4, 2_000.0)),
                (LotSale(1, "Joint", "VTI", "T2", date(2025, 12, 10), 100, 30_000.0, 32_000.0, -2_000.0, False,
                         "Clear"),),
                0.0, 0.0, 0.0, {}, {}, 0.0, 0.0, (), (), PlanStatus.WITHIN_BANDS)
    return build_tickets(plan, household(), FRIDAY)


def test_each_taxable_sell_of_a_basket_names_the_plans_lots_and_ira_sells_need_none():
    assert basket_lot_lines(tickets()) == ["SELL 100 VTI (Joint #1, step 1): 12/10/2025 100 sh @ $320.00/sh (T2)"]


def test_the_lots_file_sits_beside_its_basket_and_no_header_only_basket_is_written(tmp_path):
    written = write_order_files(tickets(), tmp_path, "ibkr-basket")
    assert sorted(p.name for p, _ in written) == [
        "orders-ira-ibkr-basket.csv", "orders-joint-ibkr-basket-lots.txt", "orders-joint-ibkr-basket.csv"]
    lots = (tmp_path / "orders-joint-ibkr-basket-lots.txt").read_text(encoding="utf-8").splitlines()
    assert lots == ["Lots for orders-joint-ibkr-basket.csv", BASKET_LOTS, "",
                    "SELL 100 VTI (Joint #1, step 1): 12/10/2025 100 sh @ $320.00/sh (T2)"]
    assert "Specific Lot" in BASKET_LOTS and "Tax Optimizer" in BASKET_LOTS and "same day" in BASKET_LOTS
    assert not (tmp_path / "orders-401k-ibkr-basket.csv").exists()  # its only ticket is a fund's dollar buy


def test_a_401k_sell_of_an_etf_is_not_put_in_an_ibkr_basket(tmp_path):
    # fe11 finding 31: a 401(k)'s trades are placed on the plan's website, so a basket row for it would be
    # loaded into the wrong (IBKR) account
    from taxrebal.workbook.results.order_files import basket_left_out, left_out_line
    plan = Plan((Trade(1, "401k", "VTI", Action.SELL, 5, 300.0, 1_500.0),), (), 0.0, 0.0, 0.0, {}, {}, 0.0, 0.0,
                (), (), PlanStatus.WITHIN_BANDS)
    h = household()
    h = Household(h.accounts, h.securities, h.lots + (Lot("K1", "401k", "VTI", None, 10, None),), (), h.targets,
                  h.settings)
    (ticket,) = build_tickets(plan, h, FRIDAY)
    assert basket_left_out([ticket]) == [ticket]
    assert left_out_line(ticket) == ("Not in the basket: 401k #1 is a 401(k): sell 5 shares of VTI ($1,500.00) on "
                                     "the plan's website.")
    assert write_order_files([ticket], tmp_path, "ibkr-basket") == []
