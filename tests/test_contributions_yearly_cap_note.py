"""fe19 F2: Contributions Only says when its monthly reading puts more into an IRA or HSA than a year allows.

Household (fe19 h1 without its trades): Joint Taxable holds 120 VTI at $300 and 200 VXUS at $60 and 100
BND at $72 (cash $2,000); Pat IRA 10 VTI, 60 VOO at $550 and 300 BND; Sam Roth (a Roth IRA) 100 VXUS and
20 AGG at $98, cash $500, Contribution $7,000. Household $136,360 (the $7,000 counted now). Targets US 60,
Intl 25, Bonds 15, 5-point bands: Bonds ($30,760) is over 20% until the total reaches $30,760 / 0.20 =
$153,800, that is 136,360 + 7,000 (m - 1) >= 153,800: m >= 3.49, 4 months (Intl and US fit then:
$12,872 of the $23,500 to Intl, the rest to US, 20.00% and 56.00%). The sheet reads Contribution as
monthly (README), so Sam Roth gets 4 x $7,000 = $28,000: an IRA's contributions are capped by the year
(IRC §219(b)(5), §408A(c)(2); an HSA's §223(b)), and an excess is taxed 6% a year (§4973). The note says
so, with the account and the $28,000.00.
"""

from datetime import date

from taxrebal.engine.contributions import contributions_only
from taxrebal.engine.records import Account, Household, Lot, Security, Settings, Target

AS_OF = date(2026, 12, 4)


def household() -> Household:
    return Household(
        accounts=(Account("Joint Taxable", "Taxable", cash=2_000.0), Account("Pat IRA", "Traditional IRA"),
                  Account("Sam Roth", "Roth IRA", cash=500.0, contribution=7_000.0)),
        securities=(Security("VTI", "US Stocks", 300.0), Security("SCHB", "US Stocks", 25.0),
                    Security("VOO", "US Stocks", 550.0), Security("VXUS", "Intl Stocks", 60.0),
                    Security("IXUS", "Intl Stocks", 70.0), Security("BND", "Bonds", 72.0),
                    Security("AGG", "Bonds", 98.0)),
        lots=(Lot("T1", "Joint Taxable", "VTI", date(2019, 3, 1), 120, 21_600.0),
              Lot("T3", "Joint Taxable", "VXUS", date(2022, 6, 1), 210, 13_620.0),
              Lot("T5", "Joint Taxable", "BND", date(2020, 1, 2), 100, 8_500.0),
              Lot("I1", "Pat IRA", "VTI", None, 10, None), Lot("I2", "Pat IRA", "BND", None, 300, None),
              Lot("I3", "Pat IRA", "VOO", None, 70, None),
              Lot("R1", "Sam Roth", "VXUS", None, 100, None), Lot("R2", "Sam Roth", "AGG", None, 20, None)),
        targets=(Target("US Stocks", 0.60, 0.05), Target("Intl Stocks", 0.25, 0.05), Target("Bonds", 0.15, 0.05)),
        settings=Settings(as_of=AS_OF, min_trade=0.0))


def test_a_roth_ira_contribution_read_as_monthly_is_flagged():
    plan = contributions_only(household(), as_of=AS_OF)
    assert plan.months == 4
    assert "Sam Roth (Roth IRA)" in plan.note and "$28,000.00 in 4 months" in plan.note
    assert "capped by the year" in plan.note and "§4973" in plan.note


def test_no_flag_without_an_ira_or_hsa_contribution():
    h = household()
    from dataclasses import replace
    h = replace(h, accounts=(replace(h.accounts[0], contribution=7_000.0), h.accounts[1],
                             replace(h.accounts[2], contribution=0.0)))
    plan = contributions_only(h, as_of=AS_OF)
    assert "capped by the year" not in plan.note
