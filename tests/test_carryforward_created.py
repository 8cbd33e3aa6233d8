"""Past the §1211(b) limit, a plan still harvests: among plans with the same tax this year it keeps the
most loss carryforward (fe12 finding F1; engine/rebalance/carryforward_kept.py).

Both households are fe12's (notes/fe12/hh/v_h8_pastlimit.xlsx, v_h3_mfs.xlsx), written out here,
every expected figure worked by hand from the lots below.

Harvest-only (Single, $150,000 of ordinary income, $2,000 of qualified dividends, 5% state, $20,000 of
short-term loss already realized this year: the year's net capital loss is past the $3,000 limit, IRC
§1211(b), so a further loss saves $0.00 this year and carries forward, §1212(b)). Brokerage: VXUS lot
B1, 600 shares at $65 on a $48,000 basis ($9,000 long-term loss, 18.75%: passes Harvest Min Loss $100
and Min Loss % 5%), VTI lot B2, 200 shares at $300 ($60,000, $40,000 of gain). IRA: 400 BND at $73
($29,200) and 100 VXUS at $65 ($6,500). Total $134,700: US Stocks $60,000 (44.5%), Intl $45,500
(33.8%), Bonds $29,200 (21.7%), targets 45/35/20 in 5-point bands: every class within its band. The plan
harvests B1 (all 600 shares, -$9,000.00) into IXUS, its listed replacement ($39,000 = 541.6667 shares
at $72), sells nothing else in Brokerage. Its $9,000 carries forward; the household's rate on long-term
gains is 15% (taxable income $152,000 - $16,100 = $135,900, in the 15% band, §1(h); MAGI under
$200,000: no NIIT) + 5% state = 20%: worth $1,800.00 later.

Rebalance (married filing separately, $300,000 of ordinary income, $2,000 of qualified dividends,
$10,000 of investment income, 9.3% state, $8,000 of short-term loss already realized: past the $1,500
MFS limit, §1211(b)(1)). Taxable: VTI A1 400 sh ($120,000, +$96,000 LT), A2 200 sh ($60,000, +$30,000
LT), A3 100 sh ($30,000 on $29,000: +$10 a share, short-term), A4 100 sh ($30,000 on $33,000: -$30 a
share, short-term), IVV A5 100 sh at $610 ($61,000 on $70,000: -$9,000 LT), IXUS A6 300 sh ($21,600),
AGG A7 200 sh at $99 ($19,800 on $23,400: -$3,600 LT). 401(k): FXNAX $31,500, FTIHX $15,000, $1,000 of
contribution. Total $389,900; US Stocks $301,000 (77.2%), target 50% +/- 2: at most $202,748, so at
least $98,252 of US sold, all of it in Taxable. The loss lots give $91,000 (A5 $61,000 + A4 $30,000);
the rest, $7,252, is 24.1733 shares of A3 (+$241.73). Net: -9,000 - 3,000 + 241.73 = -$11,758.27 on US
Stocks, and AGG A7 harvested into BND (Bonds is 11.8 points under target and buys anyway): -$3,600, in
all -$15,358.27, where the plan before this fix sold 75.49 IVV and all of A3 and A4 (-$8,794.26). The
tax this year is the same, $0.00 more (the deduction stays $1,500). The rate on long-term gains: taxable
income $302,000 - $16,100 = $285,900, 15% (§1(h)); NIIT 3.8% (MAGI over $125,000 MFS, §1411); 9.3%
state: 28.1%.
"""

from dataclasses import replace
from datetime import date

import pytest

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import (
    Account,
    Action,
    FilingStatus,
    Household,
    Lot,
    RebalanceTo,
    Security,
    Settings,
    Target,
)

AS_OF = date(2026, 12, 1)


def _securities() -> tuple[Security, ...]:
    return (Security("VTI", "US Stocks", 300.0, replacements=("ITOT", "SCHB")),
            Security("ITOT", "US Stocks", 130.0, replacements=("SCHB",)),
            Security("SCHB", "US Stocks", 28.0, replacements=("ITOT",)),
            Security("VOO", "US Stocks", 560.0, identical_group="SP500", replacements=("VTI",)),
            Security("IVV", "US Stocks", 610.0, identical_group="SP500", replacements=("VTI",)),
            Security("FXAIX", "US Stocks", 210.0, identical_group="SP500"),
            Security("VXUS", "Intl Stocks", 65.0, replacements=("IXUS",)),
            Security("IXUS", "Intl Stocks", 72.0, replacements=("VXUS",)),
            Security("FTIHX", "Intl Stocks", 15.0),
            Security("BND", "Bonds", 73.0, replacements=("AGG",)),
            Security("AGG", "Bonds", 99.0, replacements=("BND",)),
            Security("FXNAX", "Bonds", 10.5))


def harvest_only() -> Household:
    return Household(
        accounts=(Account("Brokerage", "Taxable"), Account("IRA", "Traditional IRA")),
        securities=_securities(),
        lots=(Lot("B1", "Brokerage", "VXUS", date(2022, 1, 3), 600.0, 48_000.0),
              Lot("B2", "Brokerage", "VTI", date(2015, 1, 1), 200.0, 20_000.0),
              Lot("I2", "IRA", "BND", None, 400.0, None),
              Lot("I3", "IRA", "VXUS", None, 100.0, None)),
        targets=(Target("US Stocks", 0.45, band=0.05), Target("Intl Stocks", 0.35, band=0.05),
                 Target("Bonds", 0.20, band=0.05)),
        settings=Settings(as_of=AS_OF, ordinary_income=150_000.0, qualified_dividends=2_000.0,
                          realized_st_ytd=-20_000.0, realized_lt_ytd=0.0, state_tax_rate=0.05, min_trade=100.0))


def mfs_rebalance() -> Household:
    return Household(
        accounts=(Account("Taxable", "Taxable"), Account("401k", "401(k)", contribution=1_000.0)),
        securities=_securities(),
        lots=(Lot("A1", "Taxable", "VTI", date(2010, 1, 4), 400.0, 24_000.0),
              Lot("A2", "Taxable", "VTI", date(2020, 3, 20), 200.0, 30_000.0),
              Lot("A3", "Taxable", "VTI", date(2025, 12, 15), 100.0, 29_000.0),
              Lot("A4", "Taxable", "VTI", date(2026, 4, 1), 100.0, 33_000.0),
              Lot("A5", "Taxable", "IVV", date(2021, 12, 1), 100.0, 70_000.0),
              Lot("A6", "Taxable", "IXUS", date(2025, 1, 15), 300.0, 19_500.0),
              Lot("A7", "Taxable", "AGG", date(2020, 8, 1), 200.0, 23_400.0),
              Lot("K1", "401k", "FXNAX", None, 3_000.0, None),
              Lot("K2", "401k", "FTIHX", None, 1_000.0, None)),
        targets=(Target("US Stocks", 0.50, band=0.02), Target("Intl Stocks", 0.25, band=0.02),
                 Target("Bonds", 0.25, band=0.02)),
        settings=Settings(as_of=AS_OF, filing_status=FilingStatus.MARRIED_SEPARATE, ordinary_income=300_000.0,
                          qualified_dividends=2_000.0, investment_income=10_000.0, realized_st_ytd=-8_000.0,
                          realized_lt_ytd=0.0, state_tax_rate=0.093, min_trade=100.0))


def sold(plan, lot_id: str) -> float:
    return sum(s.quantity for s in plan.lot_sales if s.lot_id == lot_id)


def test_a_harvest_only_plan_past_the_limit_harvests_the_loss_into_its_replacement():
    plan = plan_rebalance(harvest_only(), as_of=AS_OF)
    assert sold(plan, "B1") == pytest.approx(600.0)
    assert sold(plan, "B2") == 0.0
    assert plan.realized_lt == pytest.approx(-9_000.0) and plan.realized_st == pytest.approx(0.0)
    assert plan.tax.total == pytest.approx(0.0, abs=0.005)
    ixus = [t for t in plan.trades if t.action is Action.BUY and t.symbol == "IXUS" and t.account == "Brokerage"]
    assert sum(t.amount for t in ixus) == pytest.approx(39_000.0, abs=0.05)  # share counts to 4 decimals
    assert not any(t.action is Action.BUY and t.symbol == "VXUS" for t in plan.trades)  # would wash B1
    (note,) = [n for n in plan.notes if "carries to 2027" in n]
    assert "add $9,000.00 to the capital loss this year's return carries to 2027 (IRC §1212(b))" in note
    assert "only $3,000 of net capital loss a year comes off other income" in note
    # both readings (fe15 F3, IRC §1211(b)): $9,000 x 20% against a gain; with no gains, $3,000 a year
    # off ordinary income taxed 24% (taxable ordinary income $133,900, §1(j)) + 5% state: $9,000 x 29%
    assert ("worth about $1,800.00 of tax later if it offsets a long-term gain (20.0%), or $2,610.00 if it "
            "offsets ordinary income, up to $3,000 a year (3 years for this amount), IRC §1211(b) (29.0%)") in note


def test_a_harvest_only_plan_leaves_a_loss_under_harvest_min_loss_pct():
    # B1 at a $1,200 loss on $48,000 (2.5%, under Min Loss % 5%): not a harvest-only candidate
    h = harvest_only()
    h = replace(h, lots=(Lot("B1", "Brokerage", "VXUS", date(2022, 1, 3), 600.0, 40_200.0),) + h.lots[1:])
    plan = plan_rebalance(h, as_of=AS_OF)
    assert sold(plan, "B1") == 0.0
    assert not any("carries to 2027" in n for n in plan.notes)


def test_a_rebalance_past_the_mfs_limit_sells_the_loss_lots_before_a_short_term_gain():
    plan = plan_rebalance(mfs_rebalance(), as_of=AS_OF)
    assert sold(plan, "A5") == pytest.approx(100.0)
    assert sold(plan, "A4") == pytest.approx(100.0)
    assert sold(plan, "A7") == pytest.approx(200.0)
    assert sold(plan, "A3") == pytest.approx(24.1733, abs=0.001)
    assert sold(plan, "A1") == 0.0 and sold(plan, "A2") == 0.0
    assert plan.realized_st + plan.realized_lt == pytest.approx(-15_358.27, abs=0.10)
    assert plan.tax.total == pytest.approx(0.0, abs=0.005)
    assert plan.after["US Stocks"] <= 0.52 * 389_900.0 + 0.01
    assert not any(t.action is Action.BUY and t.symbol == "AGG" for t in plan.trades)  # BND replaces it
    (note,) = [n for n in plan.notes if "carries to 2027" in n]
    assert "only $1,500 of net capital loss a year comes off other income" in note
    # $15,358.26 x 28.1% = $4,315.67 against a gain; off ordinary income, $1,500 a year (MFS, §1211(b)):
    # taxable ordinary income $283,900 is in MFS's 35% band, the deduction also lowers NII (3.8%), + 9.3%
    # state = 48.1%: $15,358.26 x 48.1% = $7,387.32 over 11 years (15,358.26 / 1,500 = 10.2)
    assert ("worth about $4,315.67 of tax later if it offsets a long-term gain (28.1%), or $7,387.32 if it offsets "
            "ordinary income, up to $1,500 a year (11 years for this amount), IRC §1211(b) (48.1%)") in note


def small_loss(min_loss: float) -> Household:
    """Single, $20,000 of short-term loss realized (past the limit). Taxable: VTI L1 110 sh at $300 on a
    $43,000 basis (-$10,000 LT), VTI L2 10 sh on $3,005 (-$5 LT); the 401(k) $24,000 of FXNAX. US Stocks
    $36,000 of $60,000 (60%), target 50% +/- 5, Band Edge: at least $3,000 of VTI sold."""
    return Household(
        accounts=(Account("Taxable", "Taxable"), Account("401k", "401(k)")),
        securities=_securities(),
        lots=(Lot("L1", "Taxable", "VTI", date(2021, 1, 4), 110.0, 43_000.0),
              Lot("L2", "Taxable", "VTI", date(2021, 2, 1), 10.0, 3_005.0),
              Lot("K1", "401k", "FXNAX", None, 24_000.0 / 10.5, None)),
        targets=(Target("US Stocks", 0.50, band=0.05), Target("Bonds", 0.50, band=0.05)),
        settings=Settings(as_of=AS_OF, ordinary_income=150_000.0, realized_st_ytd=-20_000.0, realized_lt_ytd=0.0,
                          state_tax_rate=0.05, min_trade=100.0, harvest_min_loss=min_loss,
                          rebalance_to=RebalanceTo.BAND_EDGE))


def test_a_loss_under_harvest_min_loss_is_not_harvested_for_carryforward_alone():
    # L1's $10,000 is harvested whole (into ITOT/SCHB, and $3,000 into Bonds); L2's $5 is under Harvest
    # Min Loss $100: not worth a sale and a replacement buy for $5 of carryforward, and Band Edge trades
    # no more than it needs
    plan = plan_rebalance(small_loss(100.0), as_of=AS_OF)
    assert sold(plan, "L1") == pytest.approx(110.0)
    assert sold(plan, "L2") == 0.0
    assert plan.realized_lt == pytest.approx(-10_000.0)
    # with Harvest Min Loss $1 the $5 passes, and it is harvested too
    plan = plan_rebalance(small_loss(1.0), as_of=AS_OF)
    assert sold(plan, "L1") == pytest.approx(110.0) and sold(plan, "L2") == pytest.approx(10.0)
    assert plan.realized_lt == pytest.approx(-10_005.0)


def test_at_a_0_percent_rate_on_long_term_gains_the_note_says_the_loss_is_worth_nothing_yet():
    # the harvest-only household with $30,000 of ordinary income and no state tax: taxable income
    # $32,000 - $16,100 = $15,900, inside the 0% band for long-term gains (§1(h)(1)(B)): the $9,000
    # still carries forward (harvested: it offsets a later gain once that rate is above 0)
    h = harvest_only()
    h = replace(h, settings=replace(h.settings, ordinary_income=30_000.0, state_tax_rate=0.0))
    plan = plan_rebalance(h, as_of=AS_OF)
    assert sold(plan, "B1") == pytest.approx(600.0)
    (note,) = [n for n in plan.notes if "carries to 2027" in n]
    assert "add $9,000.00 to the capital loss" in note
    # against ordinary income it is worth the 12% band (taxable ordinary income $13,900, §1(j)):
    # $9,000 x 12% = $1,080.00 (fe15 F3)
    assert ("worth nothing later if it offsets a long-term gain at this year's rate on them (0%, more if that rate "
            "rises), or $1,080.00 if it offsets ordinary income, up to $3,000 a year (3 years for this amount), "
            "IRC §1211(b) (12.0%)") in note
