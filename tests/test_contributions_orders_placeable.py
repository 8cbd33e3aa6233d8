"""Contributions Only never proposes an order the plan's own rules forbid (fe12 F-m): Min Trade (the
smallest trade, in dollars) and Whole Shares (an ETF or stock bought in whole shares only) bind the
sheet's Total; when its monthly share (or its part from cash now) falls below them, the row says it
is no order each month and how to buy instead: keep the money as cash in the account and buy in as
few orders as the Total allows, each at least the smallest order.

Hand-worked from the demo (Settings Min Trade $100, Whole Shares = Y; SCHP an ETF at $26.80; 31
months): Joint Brokerage SCHP, From Cash Now $3.79, Per Month $5.93, Total $187.62. One share is
$26.80; the smallest order in whole shares is 4 shares = $107.20 (3 shares, $80.40, is below
$100.00). $187.62 / $107.20 = 1.75: one order, 7 shares (7 x $26.80 = $187.60 <= $187.62).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from taxrebal.engine.contributions import ContributionBuy, ContributionsPlan, order_note
from taxrebal.engine.records import Account, Household, Security, Settings, Target
from taxrebal.workbook.results.trades import contributions_table


def household(min_trade: float = 100.0, whole_shares: bool = True) -> Household:
    return Household((Account("Joint Brokerage", "Taxable"),),
                     (Security("SCHP", "TIPS", 26.80), Security("FXNAX", "Bonds", 10.40)), (), (),
                     (Target("TIPS", 0.5), Target("Bonds", 0.5)),
                     Settings(as_of=date(2026, 12, 4), min_trade=min_trade, whole_shares=whole_shares))


SCHP = ContributionBuy("Joint Brokerage", "SCHP", "TIPS", 187.62, 5.93, 3.79)


def test_a_monthly_amount_below_min_trade_and_one_share_is_bought_once_it_has_built_up():
    assert order_note(SCHP, household(), 31) == (
        "Per Month $5.93 and From Cash Now $3.79 are below Min Trade ($100.00) and one share ($26.80, Whole "
        "Shares = Y): no order each month. Keep the money as cash in Joint Brokerage and buy the Total, "
        "$187.62: 7 shares, $187.60 ($0.02 stays as cash), in one order once the 31 months' money is in.")


def test_a_larger_total_is_split_into_orders_of_at_least_min_trade():
    # FXNAX is a mutual fund (fractional shares): the smallest order is Min Trade, $100.00. $40.00 a month
    # for 24 months = $960.00: 9 orders of $106.67 (960 / 100 = 9.6), one about every 24 / 9 = 2.7 months
    fxnax = ContributionBuy("Joint Brokerage", "FXNAX", "Bonds", 960.0, 40.0, 0.0)
    assert order_note(fxnax, household(), 24) == (
        "Per Month $40.00 is below Min Trade ($100.00): no order each month. Keep the money as cash in Joint "
        "Brokerage and buy it in 9 orders of about $106.67, about every 3 months.")


def test_an_amount_that_is_an_order_gets_no_note():
    assert order_note(ContributionBuy("Joint Brokerage", "SCHP", "TIPS", 3_216.0, 107.20, 0.0), household(), 30) == ""
    assert order_note(SCHP, household(min_trade=0.0, whole_shares=False), 31) == ""  # dollars of a fraction


def test_the_sheet_shows_the_note_on_the_row():
    plan = ContributionsPlan(31, (replace(SCHP, note="no order each month"),), 7_000.0, "31 months")
    _head, rows = contributions_table(plan)
    assert rows.columns[-1].header == "Note"
    assert rows.rows[0][-1] == "no order each month"
