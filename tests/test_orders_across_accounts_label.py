"""The table "Across accounts: place in this order" says what a FIRST ticket in a 401(k) or IRA assumes
and how it is placed (fe8: the row read as fact what is our reading, and did not say how a 401(k) sells).

The rule, by hand: a 401(k) record-keeper takes a sale of a fund on the plan's website (an exchange out of
the fund on its menu), and the contribution percentages there only direct future money: changing them
sells nothing, so the recent shares would still be held at the taxable loss sale. A 401(k)'s shares of a
fund are one pool with no lot choice, so "the shares bought in the last 30 days are the ones sold" is
taxrebal's reading (Settings Sold Recent Shares Wash = N), true only once as many shares have been sold.
"""

from __future__ import annotations

from datetime import date

from taxrebal.engine.plan import LotSale, Plan, PlanStatus, Reason, Trade
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Target
from taxrebal.workbook.results.orders import build_tickets, sequence_table

AS_OF = date(2026, 12, 1)


def household(first_type="401(k)"):
    # kim.xlsx-like: Maria 401(k) holds 100 FXAIX from 2020 and bought 4.35 more on 2026-11-25 (a payroll
    # contribution); Brokerage holds 200 IVV bought at $80.00, now $75.00: a $1,000 loss, $5.00 a share.
    # FXAIX and IVV are one Identical Group (both S&P 500 funds).
    accounts = (Account("Brokerage", "Taxable"), Account("Maria 401(k)", first_type))
    securities = (Security("IVV", "US", 75.0, identical_group="S&P 500"),
                  Security("FXAIX", "US", 75.0, identical_group="S&P 500"), Security("BND", "Bonds", 72.5))
    lots = (Lot("B1", "Brokerage", "IVV", date(2021, 6, 1), 200, 16_000.0),
            Lot("K1", "Maria 401(k)", "FXAIX", date(2020, 1, 2), 100, 5_000.0),
            Lot("K2", "Maria 401(k)", "FXAIX", date(2026, 11, 25), 4.35, 326.25))
    return Household(accounts, securities, lots, (), (Target("US", 0.6), Target("Bonds", 0.4)),
                     Settings(as_of=AS_OF))


def plan(quantity=4.35):
    # step 1 sells the 401(k)'s FXAIX (the 4.35 recent shares first), step 2 harvests Brokerage's IVV loss
    trades = (Trade(1, "Maria 401(k)", "FXAIX", Action.SELL, quantity, 75.0, quantity * 75.0,
                    reason=Reason.TAX_ADVANTAGED, first_lots=(("K2", date(2026, 11, 25), 4.35),)),
              Trade(2, "Brokerage", "IVV", Action.SELL, 200, 75.0, 15_000.0, reason=Reason.HARVEST))
    sales = (LotSale(2, "Brokerage", "IVV", "B1", date(2021, 6, 1), 200, 15_000.0, 16_000.0, -1_000.0, True,
                     "Clear"),)
    return Plan(trades, sales, 0.0, 0.0, 0.0, {}, {}, 0.0, 0.0, (), (), PlanStatus.WITHIN_BANDS)


def row():
    table = sequence_table(build_tickets(plan(), household(), AS_OF))
    assert table is not None
    [(text,)] = table.rows
    return text


def test_a_401k_first_ticket_says_how_it_is_placed_and_that_the_recent_shares_sold_is_our_reading():
    text = row()
    # the wait itself: 4.35 recent shares would wash 4.35 x $5.00 = $21.75 of the loss
    assert text.startswith("1. FIRST Maria 401(k) #1 (step 1): Sell 4.35 FXAIX; THEN Brokerage #1 (step 2): Sell all "
                           "200 IVV. $21.75 of loss at stake: ")
    assert ("Maria 401(k) #1 is a 401(k): sell 4.35 shares of FXAIX ($326.25) on the plan's website (an exchange "
            "out of the fund on its menu, by shares or dollars); changing the contribution percentages sells no "
            "shares and does not count.") in text
    assert ("Our reading (Settings Sold Recent Shares Wash = N): Maria 401(k) holds its FXAIX shares as one pool, "
            "with no lot choice; once it has sold 4.35 shares, the 4.35 bought in the last 30 days count as "
            "sold.") in text


def test_an_ira_is_not_placed_on_a_plan_website_but_its_reading_is_still_labelled():
    table = sequence_table(build_tickets(plan(), household("Traditional IRA"), AS_OF))
    assert table is not None
    [(text,)] = table.rows
    assert "plan's website" not in text and "contribution percentages" not in text
    assert "Our reading (Settings Sold Recent Shares Wash = N): Maria 401(k) holds its FXAIX shares" in text


def test_a_401k_selling_every_share_needs_no_reading():
    # all 104.35 shares sold: the recent ones are sold whatever the pool, so the row states no reading
    table = sequence_table(build_tickets(plan(104.35), household(), AS_OF))
    assert table is not None
    [(text,)] = table.rows
    assert "Our reading" not in text
    assert "sell every share of FXAIX ($7,826.25) on the plan's website" in text
