"""Year-end (fe16 F8): a loss a recent IRA purchase washes for good, whose clean day falls in the next
tax year, is sold now (the plan's choice is kept) and its note states the alternative with figures.

Hand-worked (fe16's h4 household, As Of 2026-12-04, single, $120,000 ordinary income, 5% state):
taxable income 120,000 - 16,100 (2026 standard deduction, single) = 103,900, in the 22% bracket
(to 105,700). T3 (200 BND at $80 -> $72) loses $1,600 long-term; T2 (20 VTI at $350 -> $300) $1,000
short-term, of which Pat IRA's 10 VTI bought 2026-12-01 wash 10 x $50 = $500 for good (Rev. Rul.
2008-5; Sold Recent Shares Wash = Y). Net loss $2,100 < $3,000 comes off ordinary income (IRC
§1211(b)): 22% + 5% = 27%, so the VTI step saves $500 x 27% = $135.00 in 2026. The IRA shares stop
washing on 2027-01-01 (a holiday: 2027-01-04); the whole $1,000 then, at 2026's rates with the BND
loss ($2,600 < $3,000): $1,000 x 27% = $270.00.
"""

from datetime import date

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Target, Transaction

AS_OF = date(2026, 12, 4)


def _h4(ira_bought: date) -> Household:
    accounts = (Account("Taxable", "Taxable", "Pat"), Account("Pat IRA", "Traditional IRA", "Pat", 0.0, 3000.0))
    securities = (Security("VTI", "US Stocks", 300.0, identical_group="TSM", replacements=("SCHB",)),
                  Security("SCHB", "US Stocks", 25.0, replacements=("VTI",)),
                  Security("VXUS", "Intl Stocks", 60.0),
                  Security("BND", "Bonds", 72.0, replacements=("AGG",)),
                  Security("AGG", "Bonds", 98.0, replacements=("BND",)))
    lots = (Lot("T1", "Taxable", "VTI", date(2015, 1, 2), 100, 10_000.0),
            Lot("T2", "Taxable", "VTI", date(2026, 2, 2), 20, 7_000.0),
            Lot("T3", "Taxable", "BND", date(2020, 1, 2), 200, 16_000.0),
            Lot("I1", "Pat IRA", "VTI", ira_bought, 10, 3_000.0),
            Lot("I2", "Pat IRA", "VXUS", date(2019, 1, 2), 200, None),
            Lot("I3", "Pat IRA", "BND", date(2019, 1, 2), 100, None))
    transactions = (Transaction(ira_bought, "Pat IRA", "VTI", Action.BUY, 10, 300.0, lot_id="I1"),)
    settings = Settings(as_of=AS_OF, ordinary_income=120_000.0, realized_st_ytd=0.0, realized_lt_ytd=0.0,
                        state_tax_rate=0.05, min_trade=100.0, sold_recent_shares_wash=True)
    targets = (Target("US Stocks", 0.5, 0.05), Target("Intl Stocks", 0.2, 0.05), Target("Bonds", 0.3, 0.05))
    return Household(accounts, securities, lots, transactions, targets, settings)


def test_a_loss_lost_for_good_until_next_year_names_selling_in_january_with_both_figures():
    plan = plan_rebalance(_h4(date(2026, 12, 1)), as_of=AS_OF)
    [vti] = [t for t in plan.trades if t.symbol == "VTI"]
    assert round(vti.est_tax, 2) == -135.00 and round(vti.realized_st, 2) == -500.00   # the plan's choice kept
    assert ("Selling on 2027-01-04 instead (the first trading day the TSM bought in Pat IRA on 2026-12-01 no longer "
            "washes it; the next tax year) keeps the whole $1,000.00 loss") in vti.note
    assert "about $270.00 less 2027 tax at this year's rates" in vti.note
    assert "against $135.00 less 2026 tax selling now, which loses $500.00 for good" in vti.note


def test_a_clean_day_in_the_same_year_keeps_the_same_year_wait_and_no_january_note():
    # bought 2026-11-30: the clean day is 2026-12-31, this tax year (the "Wait until" rule applies)
    plan = plan_rebalance(_h4(date(2026, 11, 30)), as_of=AS_OF)
    assert all("instead (the first trading day" not in t.note for t in plan.trades)
