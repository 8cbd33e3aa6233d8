"""Past sales in cents: Form 8949, Wash Sales, the basis adjustment and the year's realized gain are one
computation (audit18 F3, F5, F6). Every expected figure is worked by hand below.
"""

from datetime import date

from taxrebal.engine.harvest import harvest_candidates
from taxrebal.engine.ledger import build_ledger
from taxrebal.engine.money import cents
from taxrebal.engine.records import Account, Action, FilingStatus, Household, Lot, Security, Settings, Transaction
from taxrebal.engine.tax import TaxProfile
from taxrebal.engine.wash import adjust_lots
from taxrebal.workbook.results.form8949 import form8949_lines

AS_OF = date(2025, 11, 20)
BROKERAGE = Account("Brokerage", "Taxable")


def washed_household() -> Household:
    """audit18 F3 (g7, CBQY): 33 shares bought 2024-01-10 for $4,197.64, 57.275 more bought 2025-04-19 at
    $31.00, then 16.5 of the first lot sold 2025-04-24 at $30.47."""
    secs = (Security("CBQY", "Stocks", 30.0),)
    lots = (Lot("L1", "Brokerage", "CBQY", date(2024, 1, 10), 16.5, 2_098.82),
            Lot("L2", "Brokerage", "CBQY", date(2025, 4, 19), 57.275, 1_775.525))
    txs = (Transaction(date(2025, 4, 24), "Brokerage", "CBQY", Action.SELL, 16.5, 30.47, "L1",
                       date(2024, 1, 10), 2_098.82),
           Transaction(date(2025, 4, 19), "Brokerage", "CBQY", Action.BUY, 57.275, 31.0, "L2"))
    s = Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=100_000.0)
    return Household((BROKERAGE,), secs, lots, txs, settings=s)


def test_a_wholly_washed_sale_disallows_its_loss_in_cents_and_reports_zero():
    # (d) 16.5 x 30.47 = 502.755 -> 502.76; (e) 4,197.64 x 16.5 / 33 = 2,098.82; loss 2,098.82 - 502.76
    # = 1,596.06, all 16.5 shares replaced by the 2025-04-19 purchase: (g) 1,596.06, (h) 0.00.
    wash = adjust_lots(washed_household())
    (line,) = form8949_lines(wash, 2025)
    assert (line.proceeds, line.basis, line.adjustment, line.gain) == (502.76, 2_098.82, 1_596.06, 0.0)
    (m,) = wash.matches
    assert (m.loss, m.disallowed, m.basis_adjustment) == (1_596.06, 1_596.06, 1_596.06)
    ledger = build_ledger(washed_household().settings, wash, AS_OF)
    assert ledger.realized_lt == 0.0  # -1,596.06 + 1,596.06


def two_half_cent_sales(**settings) -> Household:
    """Two sales of 500.5 OLD at $20.01 (10,015.005 -> $10,015.01 each) from lots that cost $15,000 each,
    short-term; and an AAA lot now $2,000 under water (100 sh, cost $7,000, price $50)."""
    secs = (Security("OLD", "Stocks", 20.0), Security("AAA", "Stocks", 50.0))
    lots = (Lot("A1", "Brokerage", "AAA", date(2023, 1, 10), 100, 7_000.0),)
    txs = tuple(Transaction(date(2025, 6, d), "Brokerage", "OLD", Action.SELL, 500.5, 20.01, f"S{d}",
                            date(2025, 1, 5), 15_000.0) for d in (10, 11))
    s = Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=100_000.0, **settings)
    return Household((BROKERAGE,), secs, lots, txs, settings=s)


def test_the_realized_ytd_is_the_form_8949_lines_added_up_in_cents():
    # each line: (d) 10,015.01, (e) 15,000.00, (h) -4,984.99; two lines -9,969.98 (the unrounded
    # -4,984.995 twice would be -9,969.99)
    h = two_half_cent_sales()
    wash = adjust_lots(h)
    lines = form8949_lines(wash, 2025)
    assert [line.gain for line in lines] == [-4_984.99, -4_984.99]
    ledger = build_ledger(h.settings, wash, AS_OF)
    assert ledger.realized_st == -9_969.98
    assert ledger.st.sales_gain == -9_969.98
    (issue,) = ledger.issues
    assert "-$9,969.98" in issue.message


def test_carryforward_created_starts_from_the_realized_ytd_in_cents():
    # one sale of 500.5 OLD at $20.01 from a lot that cost $5,000: (d) 10,015.005 -> 10,015.01, gain
    # 5,015.01 short-term. Harvesting AAA (100 sh, cost $15,000, now $5,000) loses 10,000.00: net
    # 5,015.01 - 10,000.00 = -4,984.99, of which $3,000 is deducted (IRC §1211(b)) and 1,984.99 carried
    # forward (IRC §1212(b)); from the unrounded gain 5,015.005 it would show 1,985.00 (audit18 F5).
    secs = (Security("OLD", "Stocks", 20.0), Security("AAA", "Stocks", 50.0))
    lots = (Lot("A1", "Brokerage", "AAA", date(2023, 1, 10), 100, 15_000.0),)
    txs = (Transaction(date(2025, 6, 10), "Brokerage", "OLD", Action.SELL, 500.5, 20.01, "S1",
                       date(2025, 1, 5), 5_000.0),)
    h = Household((BROKERAGE,), secs, lots, txs, settings=Settings(
        as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=100_000.0))
    wash = adjust_lots(h)
    ledger = build_ledger(h.settings, wash, AS_OF)
    assert ledger.realized_st == 5_015.01
    profile = TaxProfile.from_settings(ledger.apply(h.settings))
    scan = harvest_candidates(wash.household, AS_OF, profile, wash=wash)
    (c,) = scan.candidates
    assert cents(c.carryforward_created) == 1_984.99


def test_a_carryforwards_worth_is_the_amount_shown_times_the_rate():
    # audit18 F5 (g7 Harvest): $140,080.19 shown (140,080.185 unrounded) x 29% = 40,623.2551 -> 40,623.26;
    # x 20% = 28,016.038 -> 28,016.04 (the unrounded amount gave 40,623.25365 -> 40,623.25)
    from taxrebal.engine.carryforward_worth import CarryforwardRates

    assert CarryforwardRates(0.20, 0.29).worth(140_080.185) == (28_016.04, 40_623.26)


def test_a_carryforwards_worth_rounds_a_half_cent_product_up():
    # audit22 (bench/generate.py seed 61, Trades note): $19,502.50 carried x 29% = 5,655.725 -> $5,655.73, half a
    # cent up as written (the float product 5,655.724999999999 gave $5,655.72); x 20% = 3,900.50
    from taxrebal.engine.carryforward_worth import CarryforwardRates

    assert CarryforwardRates(0.20, 0.29).worth(19_502.50) == (3_900.50, 5_655.73)
