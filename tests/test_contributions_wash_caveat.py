"""Contributions Only says when its first month's buy washes a loss sold in the last 30 days, and avoids
the fund when the account may buy an equivalent one (fe17 F11).

Rule: a loss sale is disallowed when substantially identical shares are bought within 30 days after it,
in any account (IRC §1091(a)); bought inside a 401(k) the loss is lost for good (Rev. Rul. 2008-5).

Hand-worked household (fe17's h10): single, $150,000 of wages, no state tax, As Of 2026-12-04. Taxable sold
50 VTI (Identical Group TSM) on 2026-11-20 at $300 on a $16,000 basis: a $1,000 loss, $20.00 a share, all
of its shares still unmatched. Taxable keeps 100 VTI ($30,000); K401 holds 100 FSKAX (TSM, $150: $15,000) and
2,000 FXNAX ($10: $20,000), receives $9,000 a month, menu FSKAX and FXNAX. Targets US 70% / Bonds 30%, 5-point
bands. Total after one month 65,000 + 9,000 = 74,000; US is 45,000 (60.8%: under its 65% band edge).
The buy-only plan takes US to its band edge with FSKAX, the only US fund K401 may buy: 0.65 x 74,000 -
45,000 = $3,100.00 = 20.6667 shares, each washing one $20.00 loss share: 3,100 / 150 x 20 = $413.33 lost for
good, bought before 2026-11-20 + 31 = 2026-12-21 (a Monday). In shares of 4 decimals (Orders), 3,100 / 150 =
20.6667 shares cost 20.6667 x 150 = $3,100.005, $3,100.00 or $3,100.01 as the account's cents fall, FXNAX the rest; the
wash is the same $413.33 (20.6667 x $20.00 = $413.334). It is worth about 15% of it (taxable income
150,000 - 16,100 = 133,900 is in the 15% long-term band, MAGI under NIIT's $200,000): $62.00.
With FZROX (US, another group) on the menu, the money goes to FZROX and nothing washes.
"""

from datetime import date

from taxrebal.engine.contributions import contributions_only
from taxrebal.engine.records import (
    Account,
    Action,
    FilingStatus,
    Household,
    Lot,
    Security,
    Settings,
    Target,
    Transaction,
)

AS_OF = date(2026, 12, 4)


def h10(*menu_extra: str) -> Household:
    settings = Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=150_000.0,
                        realized_lt_ytd=5_000.0, realized_st_ytd=None)
    return Household(
        accounts=(Account("Taxable", "Taxable"), Account("K401", "401(k)", contribution=9_000.0)),
        securities=(Security("VTI", "US", 300.0, identical_group="TSM"),
                    Security("FSKAX", "US", 150.0, identical_group="TSM"),
                    Security("FXNAX", "Bonds", 10.0, identical_group="AGG"),
                    Security("FZROX", "US", 20.0, identical_group="ZERO")),
        lots=(Lot("T1", "Taxable", "VTI", date(2020, 1, 2), 100, 15_000.0),
              Lot("K1", "K401", "FXNAX", date(2020, 1, 2), 2_000, None),
              Lot("K2", "K401", "FSKAX", date(2020, 1, 2), 100, None)),
        transactions=(Transaction(date(2026, 11, 20), "Taxable", "VTI", Action.SELL, 50, 300.0,
                                  acquired=date(2025, 12, 1), basis=16_000.0),),
        targets=(Target("US", 0.70, 0.05), Target("Bonds", 0.30, 0.05)),
        menus={"K401": frozenset({"FSKAX", "FXNAX", *menu_extra})},
        settings=settings)


def test_the_only_fund_of_the_class_is_bought_with_the_loss_it_washes_said():
    result = contributions_only(h10(), as_of=AS_OF)
    assert result.months == 1
    (buy,) = [b for b in result.buys if b.symbol == "FSKAX"]
    # 20.6667 x 150 = $3,100.005: the account's cents go by largest remainder (contributions._in_cents), so
    # either cent; the K401's two buys spend at most its $9,000.00
    assert buy.total in (3_100.00, 3_100.01)
    assert sum(b.total for b in result.buys if b.account == "K401") <= 9_000.00 + 1e-9
    assert f"The ${buy.total:,.2f} invested now" in buy.note
    assert "invested now, before the first day you may buy, 2026-12-21," in buy.note
    assert "point K401's contributions at another fund before 2026-12-21." in buy.note
    assert "wash $413.33 of the loss of VTI sold at a loss on 2026-11-20 (Taxable), lost for good" in buy.note
    assert "worth about $62.00 of tax" in buy.note
    assert "K401 may buy no other fund of US that avoids it" in buy.note


def test_an_equivalent_fund_on_the_menu_takes_the_money_instead():
    result = contributions_only(h10("FZROX"), as_of=AS_OF)
    assert {b.symbol for b in result.buys} == {"FZROX", "FXNAX"}
    assert not any("wash" in b.note for b in result.buys)
