"""Whole Shares applies to what trades on an exchange, never to a mutual fund.

A stock or ETF trades on an exchange in shares at the market price; an open-end mutual fund is bought
from and redeemed by the fund at the day's net asset value (SEC Rule 22c-1), by dollar amount, in
fractional shares. So Settings Whole Shares = Y makes every stock and ETF order a whole number of
shares and leaves a mutual fund's order fractional (records.SecurityType). Securities.Type says which;
blank, the symbol decides (five letters ending in X is a mutual fund: VTSAX, FXAIX).

The household: an IRA with $10,000 of cash and nothing else to do; 60% US stocks, 40% bonds; Whole
Shares = Y. US stocks are bought as the mutual fund, bonds as the ETF (prices chosen so that neither
target amount is a whole number of shares): $6,000 / $97.30 = 61.66 shares of the fund, $4,000 / $72.70
= 55.02 shares of the ETF, so the ETF buy is 55 or 54 shares and the fund buy keeps its fraction. The
cash the ETF's whole shares leave goes to the fund (cash above the cash target is invested when a band
allows it): 55 shares of the ETF ($3,998.50) and $6,001.50 of the fund (61.6803 shares at 4 decimals).
"""

from __future__ import annotations

from datetime import date

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import (
    Account,
    Action,
    Household,
    Security,
    SecurityType,
    Settings,
    Target,
    looks_like_mutual_fund,
)

AS_OF = date(2026, 12, 1)


def household(us: Security, bonds: Security, whole_shares: bool = True) -> Household:
    return Household(
        accounts=(Account("IRA", "Traditional IRA", cash=10_000.0),),
        securities=(us, bonds),
        lots=(),
        targets=(Target("US", 0.60), Target("Bonds", 0.40)),
        settings=Settings(as_of=AS_OF, min_trade=0.0, whole_shares=whole_shares),
    )


def buys(h: Household) -> dict[str, float]:
    plan = plan_rebalance(h, as_of=AS_OF)
    return {t.symbol: t.quantity for t in plan.trades if t.action is Action.BUY}


def test_the_symbol_decides_when_type_is_blank():
    assert looks_like_mutual_fund("VTSAX") and looks_like_mutual_fund("FXAIX") and looks_like_mutual_fund("SPAXX")
    assert not looks_like_mutual_fund("VTI") and not looks_like_mutual_fund("BRK.B")
    assert not looks_like_mutual_fund("SCHX1") and not looks_like_mutual_fund("QQQX1")


def test_type_overrides_the_symbol():
    assert Security("VTSAX", "US", 1.0).is_mutual_fund
    assert not Security("VTSAX", "US", 1.0, security_type=SecurityType.STOCK).is_mutual_fund
    assert Security("FUND1", "US", 1.0, security_type=SecurityType.MUTUAL_FUND).is_mutual_fund
    assert not Security("BND", "Bonds", 1.0, security_type=SecurityType.ETF).is_mutual_fund


def test_whole_shares_leaves_a_mutual_fund_buy_fractional_and_makes_an_etf_buy_whole():
    got = buys(household(Security("VTSAX", "US", 97.30), Security("BND", "Bonds", 72.70)))
    assert got["BND"] == round(got["BND"])  # the ETF: whole shares
    assert got["VTSAX"] != round(got["VTSAX"])  # the fund: its fraction kept
    assert got["VTSAX"] * 97.30 + got["BND"] * 72.70 <= 10_000.0 + 0.005  # paid from the IRA's cash
    assert got["BND"] == 55.0
    # the fund: $10,000 - $3,998.50 = $6,001.50 = 61.68037 shares, to 4 decimals 61.6804, an order of $6,001.50 to
    # the cent (61.6804 x $97.30 = $6,001.5029): the IRA's cash is counted in the orders' cents, as the broker does
    assert got["VTSAX"] == 61.6804


def test_securities_type_decides_over_the_symbol():
    # the same prices; the fund is typed Stock and the ETF Mutual Fund: the roles swap
    got = buys(household(Security("VTSAX", "US", 97.30, security_type=SecurityType.STOCK),
                         Security("BND", "Bonds", 72.70, security_type=SecurityType.MUTUAL_FUND)))
    assert got["VTSAX"] == round(got["VTSAX"])
    assert got["BND"] != round(got["BND"])


def test_without_whole_shares_both_are_fractional():
    got = buys(household(Security("VTSAX", "US", 97.30), Security("BND", "Bonds", 72.70), whole_shares=False))
    assert got["VTSAX"] != round(got["VTSAX"]) and got["BND"] != round(got["BND"])


def test_whole_shares_only_names_what_it_applies_to():
    h = household(Security("VTSAX", "US", 97.30), Security("BND", "Bonds", 72.70))
    assert h.whole_shares_only("BND") and not h.whole_shares_only("VTSAX")
    off = household(Security("VTSAX", "US", 97.30), Security("BND", "Bonds", 72.70), whole_shares=False)
    assert not off.whole_shares_only("BND")


# ------------------------------------------------------------------- Securities.Type on the workbook

def _securities(*rows):
    from reader_workbook import BASE  # the reader tests' small clean workbook

    head = BASE["Securities"][0] + ["Type"]
    body = [list(r) for r in BASE["Securities"][1:]]
    return [head] + [r + [t] for r, t in zip(body, rows)]


def test_the_reader_takes_type_in_any_accepted_spelling():
    from reader_workbook import book

    from taxrebal.workbook.reader import load_sheets

    r = load_sheets(book(Securities=_securities("etf", "Stock", "mutual fund", "")))
    assert r.ok and r.issues == ()
    hh = r.household
    assert hh.security("VTI").security_type is SecurityType.ETF
    assert hh.security("ITOT").security_type is SecurityType.STOCK
    assert hh.security("VXUS").security_type is SecurityType.MUTUAL_FUND and hh.security("VXUS").is_mutual_fund
    assert hh.security("BND").security_type is None and not hh.security("BND").is_mutual_fund  # blank: symbol


def test_an_unknown_type_is_a_warning_on_its_cell_and_the_symbol_decides():
    from reader_workbook import book

    from taxrebal.errors import Severity
    from taxrebal.workbook.reader import load_sheets

    r = load_sheets(book(Securities=_securities("Bond fund", "", "", "")))
    assert r.ok
    (issue,) = [i for i in r.issues if i.severity is Severity.WARNING]
    assert (issue.sheet, issue.cell) == ("Securities", "H2")
    assert "Stock, ETF, Mutual Fund" in issue.message and "traded on an exchange" in issue.message
    assert r.household.security("VTI").security_type is None
