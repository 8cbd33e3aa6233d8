"""TAXCOST of a sale in a tax-advantaged account: 0.00 only for a sale the account can make (fe16 F5).

Rule: a sale inside a Traditional IRA realizes no gain this year (IRC §408(e): the account is exempt;
distributions, not sales, are taxed, §408(d)), so TAXCOST gives 0.00 for it. But README "Cell
functions": a bad argument returns a readable ``#TAXREBAL! ...`` text. With the Accounts range the
cell returned 0.00 for 5,000,000 shares, an unknown symbol or a fund the IRA does not hold; without
it, the same call errored. Now both give the error.

Hand-worked: IRA holds lot C, 500 VTI (no basis). Selling 10 or all 500 there: 0.00. Selling 501:
"holds 500 shares ... you asked to sell 501". BND: held nowhere. A lot named by Specific ID must be
one of the IRA's lots.
"""

import pytest

from taxrebal.excel.udfs import LOTPICK, TAXCOST

HEADER = ["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"]
LOTS = [HEADER,
        ["A", "Brokerage", "VTI", "2020-01-10", 100, 10000],
        ["B", "Brokerage", "SCHB", "2020-01-10", 100, 2000],
        ["C", "IRA", "VTI", None, 500, None]]
FLAT = [["Setting", "Value"], ["As Of", "2026-11-25"], ["Tax Mode", "Flat"], ["Flat LT Rate", "15%"],
        ["Flat ST Rate", "35%"], ["Realized ST YTD", 0], ["Realized LT YTD", 0]]
ACCOUNTS = [["Account", "Type"], ["Brokerage", "Taxable"], ["IRA", "Traditional IRA"]]


def taxcost(symbol, qty, method="FIFO", account="IRA", accounts=ACCOUNTS):
    return TAXCOST(symbol, qty, 300, LOTS, FLAT, method, account, None, accounts)


@pytest.mark.parametrize("qty", [10, 500])
def test_a_sale_the_ira_can_make_costs_no_tax(qty):
    assert taxcost("VTI", qty) == 0.0
    assert taxcost("VTI", qty, "Specific ID: C") == 0.0


@pytest.mark.parametrize("accounts", [ACCOUNTS, None])
def test_more_shares_than_the_ira_holds_is_an_error_with_or_without_accounts(accounts):
    out = taxcost("VTI", 501, accounts=accounts)
    assert out.startswith("#TAXREBAL! ") and "500 shares of VTI" in out and "you asked to sell 501" in out


@pytest.mark.parametrize("accounts", [ACCOUNTS, None])
def test_a_fund_the_ira_does_not_hold_names_where_it_is_held(accounts):
    out = taxcost("SCHB", 5, accounts=accounts)
    assert out == ("#TAXREBAL! no lots of SCHB in account IRA in the lots range; SCHB is held in Brokerage: check "
                   "the account argument (its spelling, or the account the sale is from)")


def test_an_unknown_symbol_names_the_symbols_held_and_not_a_zero():
    out = taxcost("ZZZZ", 5)
    assert out == ("#TAXREBAL! no lots of ZZZZ in the lots range, in any account (symbols held: SCHB, VTI); "
                   "check the symbol")


def test_a_misspelt_account_is_said_to_be_possibly_wrong():
    out = TAXCOST("VTI", 5, 300, LOTS, FLAT, "FIFO", "Brokerag")
    assert "no lots of VTI in account Brokerag" in out and "VTI is held in Brokerage, IRA" in out
    assert "check the account argument" in out


def test_a_specific_id_not_in_the_ira_is_an_error():
    out = taxcost("VTI", 5, "Specific ID: A")
    assert out == "#TAXREBAL! method: Lot ID 'A' is not a lot of VTI in IRA in the lots range (its lots: C)"


def test_lotpick_agrees():
    assert "no lots of SCHB in account IRA" in LOTPICK("SCHB", 5, 300, LOTS, "FIFO", "2026-11-25", "IRA", FLAT,
                                                         ACCOUNTS)


def test_no_settings_range_says_it_is_missing():
    out = TAXCOST("VTI", 5, 300, LOTS, None, "FIFO", "Brokerage")
    assert out.startswith("#TAXREBAL! settings is missing: pass the Settings table")


def test_with_the_transactions_range_the_same_no_lots_text():
    # with Transactions the engine said "holds 0 shares of this security in the chosen account(s)"
    transactions = [["Date", "Account", "Symbol", "Action", "Quantity", "Price"]]
    securities = [["Symbol", "Asset Class", "Price"], ["VTI", "US", 300], ["SCHB", "US", 20]]
    out = TAXCOST("SCHB", 5, 300, LOTS, FLAT, "FIFO", "IRA", None, ACCOUNTS, transactions, securities)
    assert out.startswith("#TAXREBAL! no lots of SCHB in account IRA in the lots range; SCHB is held in Brokerage")
    assert TAXCOST("VTI", 500, 300, LOTS, FLAT, "FIFO", "IRA", None, ACCOUNTS, transactions, securities) == 0.0
    over = TAXCOST("VTI", 501, 300, LOTS, FLAT, "FIFO", "IRA", None, ACCOUNTS, transactions, securities)
    assert over.startswith("#TAXREBAL! ") and "you asked to sell 501" in over
