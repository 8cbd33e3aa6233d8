"""A plan does not spend the loss carryforward where an equally taxed plan keeps it (fe10 finding 2;
engine/rebalance/carryforward_kept.py).

Worked by hand (fe10's retirees, As Of 2026-12-04, MFJ, both 65+): $72,000 of ordinary income (a
Traditional IRA withdrawal included), $8,000 of long-term gain realized this year, carryforwards of
$6,000 short-term and $48,000 long-term (IRC §1212(b)). Net capital result before the plan:
-$6,000 + $8,000 - $48,000 = -$46,000, so $3,000 is deducted this year (§1211(b)) and $43,000 goes
forward. US Stocks is $346,500 of $546,600 (63.4%, target 45% +/- 5): about $100,500 must be sold.
The IRA holds $99,000 of VTI and the Roth $66,000, no taxable gain needed; Joint Taxable's VTI lot
JT-2 (150 shares, $36,750, bought 2021) carries $12,750 of long-term gain. Any taxable gain up to
$43,000 costs $0.00 this year (the deduction stays $3,000), so this year's tax cannot tell the two
plans apart; the carryforward can: selling JT-2's shares leaves that much less to offset a future
gain. The plan sells VTI only in the IRA and the Roth: no taxable gain, the $43,000 kept (and its
taxable loss lots harvested, which adds to it).
"""

from dataclasses import replace
from datetime import date

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, Action, FilingStatus, Household, Lot, Security, Settings, Target

AS_OF = date(2026, 12, 4)


def retirees(lt_carryforward: float = 48_000.0, st_carryforward: float = 6_000.0) -> Household:
    def sec(symbol: str, cls: str, price: float) -> Security:
        return Security(symbol, cls, price)
    return Household(
        accounts=(Account("Joint Taxable", "Taxable", cash=4_000.0),
                  Account("Ruth IRA", "Traditional IRA", cash=1_500.0, contribution=-24_000.0),
                  Account("Ruth Roth", "Roth IRA")),
        securities=(sec("VTI", "US Stocks", 330.0), sec("ITOT", "US Stocks", 145.0), sec("SCHB", "US Stocks", 26.0),
                    sec("VXUS", "Intl Stocks", 68.0), sec("IXUS", "Intl Stocks", 72.0),
                    sec("BND", "Bonds", 72.0), sec("AGG", "Bonds", 98.0),
                    sec("VNQ", "REIT", 88.0), sec("SCHH", "REIT", 21.0)),
        lots=(Lot("JT-1", "Joint Taxable", "VTI", date(2012, 5, 10), 400.0, 32_000.0),
              Lot("JT-2", "Joint Taxable", "VTI", date(2021, 11, 8), 150.0, 36_750.0),
              Lot("JT-3", "Joint Taxable", "VXUS", date(2021, 6, 1), 600.0, 42_600.0),
              Lot("JT-4", "Joint Taxable", "BND", date(2020, 8, 3), 500.0, 44_000.0),
              Lot("JT-5", "Joint Taxable", "VNQ", date(2026, 2, 17), 100.0, 9_800.0),
              Lot("IR-1", "Ruth IRA", "BND", date(2015, 1, 5), 1_800.0, 140_000.0),
              Lot("IR-2", "Ruth IRA", "VTI", date(2016, 3, 3), 300.0, 35_000.0),
              Lot("IR-3", "Ruth IRA", "VXUS", date(2026, 11, 20), 50.0, 3_350.0),
              Lot("RO-1", "Ruth Roth", "VTI", date(2018, 4, 4), 200.0, 26_000.0)),
        targets=(Target("US Stocks", 0.45, band=0.05), Target("Intl Stocks", 0.15, band=0.05),
                 Target("Bonds", 0.35, band=0.05), Target("REIT", 0.05, band=0.02)),
        settings=Settings(as_of=AS_OF, filing_status=FilingStatus.MARRIED_JOINT, ordinary_income=72_000.0,
                          qualified_dividends=5_200.0, investment_income=2_500.0, taxpayers_65_or_older=2,
                          realized_st_ytd=0.0, realized_lt_ytd=8_000.0,
                          st_loss_carryforward=st_carryforward, lt_loss_carryforward=lt_carryforward,
                          state_tax_rate=0.05, min_trade=50.0))


def taxable_sales(h: Household):
    plan = plan_rebalance(h, as_of=AS_OF)
    return plan, [t for t in plan.trades if t.action is Action.SELL and t.account == "Joint Taxable"]


def test_a_plan_sells_in_the_iras_rather_than_spend_the_carryforward():
    plan, sold = taxable_sales(retirees())
    # no taxable VTI (JT-1, JT-2: gains); the loss lots are harvested instead, each loss at least Harvest
    # Min Loss ($100), adding to the carryforward (fe12 F1, tests/test_carryforward_created.py): BND JT-4
    # -$8,000 (500 x (72 - 88)), VNQ JT-5 -$1,000 (100 x (88 - 98)), VXUS JT-3 -$1,800 (600 x (68 - 71))
    assert not any(t.symbol == "VTI" for t in sold)
    assert {s.lot_id: s.gain for s in plan.lot_sales} == {"JT-4": -8_000.0, "JT-5": -1_000.0, "JT-3": -1_800.0}
    assert plan.realized_st == -1_000.0 and plan.realized_lt == -9_800.0
    assert plan.tax.total == 0.0
    us_sold = sum(t.amount for t in plan.trades if t.action is Action.SELL and t.symbol == "VTI")
    assert us_sold >= 346_500.0 - 0.50 * 546_600.0  # US Stocks back inside its 40-50% band


def test_a_taxable_sale_the_bands_need_is_still_made():
    # a tie-break, never a constraint: with 1,000 more VTI in Joint Taxable (basis $200,000, $330,000)
    # US Stocks is $676,500 of $876,600 (77.2%); the IRA and Roth hold only $165,000 of it, and the
    # band's edge (50%) needs $676,500 - $438,300 = $238,200 sold, so at least $73,200 in Joint Taxable
    h = retirees()
    h = replace(h, lots=h.lots + (Lot("JT-6", "Joint Taxable", "VTI", date(2019, 1, 7), 1_000.0, 200_000.0),))
    plan, sold = taxable_sales(h)
    assert sum(t.amount for t in sold if t.symbol == "VTI") >= 73_200.0 - 0.01
    assert plan.after["US Stocks"] <= 0.50 * 876_600.0 + 0.01
    # and the plan says what it spends of the $43,000 going forward (-$46,000 net, $3,000 deducted)
    (note,) = [n for n in plan.notes if "carry to 2027" in n]
    assert "of the $43,000.00 of capital loss this year's return would carry to 2027 (IRC §1212(b))" in note


def test_a_plan_that_spends_none_says_nothing_about_it():
    plan, _sold = taxable_sales(retirees())
    assert not any("carry to 2027" in n for n in plan.notes)
