"""Comparing lot methods for one sale, the wait-for-long-term advice and the Lot Selection sheet.

Hand-worked figures (2026, single, ordinary income $100,000: taxable income 83,900 after the
$16,100 standard deduction sits in the 22% bracket; long-term gains there are taxed 15%, IRC
§1(h)(1)(C); no NIIT below $200,000 of MAGI, IRC §1411; Schedule D netting, IRC §1222):

    price $50, sale of 150 shares on 2026-11-25
    A 100 sh bought 2020-01-10 at $30 (+$20/sh, long)
    B 100 sh bought 2026-03-02 at $60 (-$10/sh, short)
    C 100 sh bought 2025-12-01 at $45 (+$5/sh, short; long from 2026-12-02)

    FIFO    A 100 + C 50   ST  +250  LT +2,000   0.22 x 250 + 0.15 x 2,000 = 355.00
    LIFO    B 100 + C 50   ST  -750              -0.22 x 750               = -165.00
    HIFO    as LIFO                                                          -165.00
    MinTax  B 100 + A 50   ST -1,000 LT +1,000   nets to 0                 =    0.00
    TaxOpt  as LIFO (nothing beats a $750 ordinary-rate deduction here)      -165.00
"""

from dataclasses import replace
from datetime import date

import pytest

from taxrebal.engine.lot_selection import compare_methods, compare_request, sale_tax, wait_advice
from taxrebal.engine.records import (
    Account,
    FilingStatus,
    Household,
    Lot,
    LotMethod,
    SaleRequest,
    Security,
    Settings,
    SourceRef,
)
from taxrebal.engine.tax import TaxProfile
from taxrebal.errors import LotSelectionError, OversellError
from taxrebal.workbook.memory_book import MemoryBook
from taxrebal.workbook.results.lot_selection import LOT_SELECTION_SHEET, lot_selection_tables, write_lot_selection

SOLD = date(2026, 11, 25)
A = Lot("A", "Brokerage", "VTI", date(2020, 1, 10), 100, 3000.0)
B = Lot("B", "Brokerage", "VTI", date(2026, 3, 2), 100, 6000.0)
C = Lot("C", "Brokerage", "VTI", date(2025, 12, 1), 100, 4500.0)
PROFILE = TaxProfile(year=2026, filing_status=FilingStatus.SINGLE, ordinary_income=100_000)
# Lot Method MinTax typed: the worked example shows it losing to LIFO (the default, TaxOptimal, does not)
SETTINGS = Settings(as_of=SOLD, filing_status=FilingStatus.SINGLE, ordinary_income=100_000,
                    lot_method=LotMethod.MIN_TAX)


def household(**kw):
    base = dict(
        accounts=(Account("Brokerage", "Taxable"), Account("IRA", "Traditional IRA")),
        securities=(Security("VTI", "US Stocks", 50.0), Security("BND", "Bonds", 70.0)),
        lots=(A, B, C, Lot("I1", "IRA", "VTI", None, 40, None)),
        settings=SETTINGS,
    )
    base.update(kw)
    return Household(**base)


def taxes(comparison):
    return {o.method.value: pytest.approx(o.tax, abs=0.005) for o in comparison.outcomes}


def test_every_method_priced_by_the_households_marginal_tax():
    c = compare_methods((A, B, C), 150, 50.0, SOLD, PROFILE, chosen=LotMethod.MIN_TAX)
    assert taxes(c) == {"FIFO": 355.0, "LIFO": -165.0, "HIFO": -165.0, "MinTax": 0.0, "TaxOptimal": -165.0}
    assert c.best_tax == pytest.approx(-165.0)
    vs = {o.method.value: pytest.approx(c.vs_best(o), abs=0.005) for o in c.outcomes}
    assert vs == {"FIFO": 520.0, "LIFO": 0.0, "HIFO": 0.0, "MinTax": 165.0, "TaxOptimal": 0.0}


def test_wait_advice_in_plain_words():
    # FIFO sells 50 shares of C (+$250, short). On 2026-12-02 they are long: 15% instead of 22%
    # of 250 = $17.50 saved, the rest of the sale unchanged.
    c = compare_methods((A, B, C), 150, 50.0, SOLD, PROFILE, chosen=LotMethod.FIFO)
    advice = wait_advice(c)
    assert advice[0] == ("Selling lot C on or after 2026-12-02 instead of now would save $17.50 of tax: "
                         "its 50 shares become long-term that day (7 days), assuming the price stays "
                         "the same.")
    assert "would cost about $520.00 less tax than FIFO" in advice[1]


def test_sale_request_defaults_price_and_method_from_the_workbook():
    hh = household(settings=Settings(as_of=SOLD, ordinary_income=100_000, lot_method=LotMethod.HIFO))
    c = compare_request(hh, SaleRequest("Brokerage", "VTI", 150), SOLD, PROFILE)
    assert c.price == 50.0 and c.chosen is LotMethod.HIFO
    # Lot IDs named without a method -> Specific ID
    c = compare_request(hh, SaleRequest("Brokerage", "VTI", 10, lot_ids=("C",)), SOLD, PROFILE)
    assert c.chosen is LotMethod.SPECIFIC
    assert [p.lot_id for p in c.chosen_outcome.relief.pieces] == ["C"]


def test_sale_in_a_tax_advantaged_account_costs_nothing():
    c = compare_request(household(), SaleRequest("IRA", "VTI", 10), SOLD, PROFILE)
    assert all(o.tax == 0 for o in c.outcomes)
    assert "tax-advantaged" in c.notes[-1]


def test_bad_requests_raise_clear_errors():
    hh = household()
    with pytest.raises(LotSelectionError, match="'XYZ' is not on the Securities sheet"):
        compare_request(hh, SaleRequest("Brokerage", "XYZ", 1), SOLD, PROFILE)
    with pytest.raises(LotSelectionError, match="'Nope' is not on the Accounts sheet"):
        compare_request(hh, SaleRequest("Nope", "VTI", 1), SOLD, PROFILE)
    with pytest.raises(OversellError, match="holds 300 shares of VTI in Brokerage; you asked to sell 301"):
        compare_request(hh, SaleRequest("Brokerage", "VTI", 301), SOLD, PROFILE)


def test_sale_tax_for_the_cell_function():
    relief, marginal = sale_tax((A, B, C, Lot("X", "Brokerage", "BND", SOLD, 1, 1.0)), "VTI", 150, 50.0,
                                SOLD, LotMethod.FIFO, PROFILE)
    assert [p.lot_id for p in relief.pieces] == ["A", "C"]
    assert marginal.total == pytest.approx(355.0, abs=0.005)
    with pytest.raises(LotSelectionError, match="No lots of VTI in IRA"):
        sale_tax((A,), "VTI", 1, 50.0, SOLD, LotMethod.FIFO, PROFILE, account="IRA")


def test_sheet_has_comparison_and_lots_tables_with_the_chosen_method_highlighted():
    book = MemoryBook(["Sales"])
    write_lot_selection(book, household(), [SaleRequest("Brokerage", "VTI", 150)], as_of=SOLD)
    comparison, lots = book.tables(LOT_SELECTION_SHEET)
    assert comparison.title == "Sale 1: sell 150 VTI from Brokerage at $50.00 on 2026-11-25"
    methods = [r[0] for r in comparison.rows]
    assert methods == ["FIFO", "LIFO", "HIFO", "MinTax", "TaxOptimal"]
    (chosen,) = comparison.highlight
    assert comparison.rows[chosen][0] == "MinTax" and comparison.rows[chosen][-1] == "Chosen"
    # MinTax row: 150 sh, proceeds 7,500, basis 6,000 + 1,500, ST -1,000, LT +1,000, tax 0, vs best 165
    assert comparison.rows[chosen][1:8] == (150, 7500.0, 7500.0, -1000.0, 1000.0, 0.0, 165.0)
    assert lots.title == "Sale 1: lots sold by MinTax"
    assert [r[0] for r in lots.rows] == ["B", "A", "Total"]
    assert lots.rows[0][:9] == ("B", date(2026, 3, 2), 100, 5000.0, 6000.0, -1000.0, "Short", 98, date(2027, 3, 3))
    assert lots.total_rows == 1
    assert any("LIFO would cost about $165.00 less tax than MinTax" in n for n in lots.notes)


def test_bad_requests_become_issues_and_rows_not_crashes():
    src = SourceRef("Sales", 7)
    hh = household()
    requests = [SaleRequest("Brokerage", "VTI", 999, source=src), SaleRequest("Brokerage", "BND", 1),
                SaleRequest("Brokerage", "VTI", 5, method=LotMethod.SPECIFIC, lot_ids=("Q1",),
                            source=SourceRef("Sales", 9))]
    tables, issues = lot_selection_tables(hh, requests, as_of=SOLD)
    assert tables[0].title == "Sales not compared"
    assert [r[0] for r in tables[0].rows] == ["Sale 1 (Sales row 7)", "Sale 2"]
    assert "you asked to sell 999" in tables[0].rows[0][-1]
    assert "No lots" in tables[0].rows[1][-1] or "holds 0 shares" in tables[0].rows[1][-1]
    assert (issues[0].sheet, issues[0].cell) == ("Sales", "A7")
    assert issues[-1].cell == "A9" and "'Q1' is not a lot of VTI" in issues[-1].message
    # the third sale is still compared: its other methods work
    assert any(t.title.startswith("Sale 3 (Sales row 9): sell 5 VTI") for t in tables)


def test_formula_like_text_from_the_input_stays_text():
    # An account named "=HYPERLINK(...)" is passed through as a plain string cell; the book writes
    # text as text (interface rule), and nothing here turns it into anything else.
    evil = "=1+1"
    hh = household(accounts=(Account(evil, "Taxable"),),
                   lots=(Lot("A", evil, "VTI", date(2020, 1, 10), 100, 3000.0),))
    tables, _ = lot_selection_tables(hh, [SaleRequest(evil, "VTI", 10)], as_of=SOLD)
    assert tables[1].rows[0][-1] == evil and isinstance(tables[1].rows[0][-1], str)


def test_no_sales_gives_an_explanatory_table():
    book = MemoryBook(["Sales"])
    write_lot_selection(book, household(), [], as_of=SOLD)
    (t,) = book.tables(LOT_SELECTION_SHEET)
    assert t.title == "No sales to compare" and "Sales sheet" in t.notes[0]


def test_pipeline_step_compares_user_sales_then_the_plans_taxable_sells(run_time):
    from taxrebal.engine.plan import LotSale, Plan, PlanStatus, Trade
    from taxrebal.engine.records import Action
    from taxrebal.pipeline import Context
    from taxrebal.pipeline.lot_selection import lot_selection_step

    hh = household(sales=(SaleRequest("Brokerage", "VTI", 10, source=SourceRef("Sales", 2)),))
    plan = Plan(
        trades=(Trade(1, "Brokerage", "VTI", Action.SELL, 150, 50.0, 7500.0),
                Trade(2, "IRA", "VTI", Action.SELL, 40, 50.0, 2000.0),      # no tax: not compared
                Trade(3, "Brokerage", "BND", Action.BUY, 10, 70.0, 700.0)),
        lot_sales=(LotSale(1, "Brokerage", "VTI", "B", B.acquired, 100, 5000, 6000, -1000, False, "Clear"),
                   LotSale(1, "Brokerage", "VTI", "C", C.acquired, 50, 2500, 2250, 250, False, "Clear")),
        realized_st=-750, realized_lt=0, tax=None, before={}, after={}, max_drift_before=0,
        max_drift_after=0, cash_left=(), notes=(), status=PlanStatus.WITHIN_BANDS)
    book = MemoryBook(["Sales"])
    ctx = Context(household=hh, book=book, issues=[], run_time=run_time, source_name="t", digest="")
    ctx.results.plan = plan
    lot_selection_step(ctx)
    titles = [t.title for t in book.tables(LOT_SELECTION_SHEET)]
    assert titles == [
        "Sale 1 (Sales row 2): sell 10 VTI from Brokerage at $50.00 on 2026-11-25",
        "Sale 1 (Sales row 2): lots sold by MinTax",
        "Sale 2 (rebalance, Trades step 1): sell 150 VTI from Brokerage at $50.00 on 2026-11-25",
        "Sale 2 (rebalance, Trades step 1): lots sold by Specific ID",
    ]
    plan_lots = book.tables(LOT_SELECTION_SHEET)[3]
    assert [r[0] for r in plan_lots.rows] == ["B", "C", "Total"]
    assert ctx.issues == [] and ctx.results.summary == ["Lot Selection: 2 of 2 sale(s) compared"]


def test_lot_selection_command_through_the_pipeline(memory_book, run_time):
    # The real step registry: "lot_selection" runs after wash_sales on the workbook's Sales sheet.
    from taxrebal.pipeline import run_book

    sheets = {
        "Accounts": [["Account", "Type"], ["Brokerage", "Taxable"]],
        "Securities": [["Symbol", "Asset Class", "Price"], ["VTI", "US Stocks", 50]],
        "Lots": [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"],
                 ["A", "Brokerage", "VTI", date(2020, 1, 10), 100, 3000],
                 ["B", "Brokerage", "VTI", date(2026, 3, 2), 100, 6000],
                 ["C", "Brokerage", "VTI", date(2025, 12, 1), 100, 4500]],
        "Targets": [["Asset Class", "Target"], ["US Stocks", 1.0]],
        "Settings": [["Setting", "Value"], ["As Of", SOLD], ["Filing Status", "Single"],
                     ["Ordinary Income", 100_000], ["Lot Method", "FIFO"]],
        "Sales": [["Account", "Symbol", "Quantity"], ["Brokerage", "VTI", 150], ["Brokerage", "VTI", 1000]],
    }
    out = run_book(memory_book, sheets, command="lot_selection", run_time=run_time, default_as_of=None,
                   source_name="test")
    assert "lot_selection" in out.steps_run
    tables = memory_book.tables(LOT_SELECTION_SHEET)
    assert tables[0].title == "Sales not compared" and "you asked to sell 1,000" in tables[0].rows[0][-1]
    comparison = tables[1]
    fifo = comparison.rows[comparison.highlight[0]]
    assert fifo[0] == "FIFO" and fifo[6] == pytest.approx(355.0)  # hand-worked above
    # one warning for the oversized row (fe8 finding 11): the reader's, at its Quantity cell
    issues = [r for r in memory_book.tables("Issues")[0].rows if r[1] == "Sales" and r[2].endswith("3")]
    assert len(issues) == 1 and "Selling 1000 VTI but Brokerage holds 300" in issues[0][3], issues


def test_loss_sale_washed_by_a_recent_purchase_is_flagged():
    # Old VTI shares at $70 sold at $50 (a $2,000 loss) while 10 VTI were bought in the IRA on
    # 2026-11-15, 10 days before: within 30 days, so the loss on 10 shares would be disallowed
    # (IRC §1091; Rev. Rul. 2008-5 for the IRA purchase).
    from taxrebal.engine.wash import adjust_lots

    old = Lot("OLD", "Brokerage", "VTI", date(2025, 6, 2), 100, 7000.0)
    new = Lot("NEW", "IRA", "VTI", date(2026, 11, 15), 10, 500.0)
    hh = household(lots=(old, new))
    wash = adjust_lots(hh)
    tables, _ = lot_selection_tables(wash.household, [SaleRequest("Brokerage", "VTI", 100)], as_of=SOLD,
                                     wash=wash)
    notes = [n for n in tables[0].notes if n.startswith("Wash-sale warning: ")]
    assert notes, tables[0].notes


def test_named_lots_short_of_the_sale_fail_only_specific_id():
    # C holds 100 shares; selling 150 "from C" cannot be done, but the other methods still can.
    c = compare_methods((A, B, C), 150, 50.0, SOLD, PROFILE, chosen=LotMethod.SPECIFIC, lot_ids=("C",))
    specific = c.outcome(LotMethod.SPECIFIC)
    assert specific.relief is None and "named lots (C) hold 100 shares" in specific.error
    assert c.outcome(LotMethod.FIFO).tax == pytest.approx(355.0, abs=0.005)


def test_short_term_loss_about_to_turn_long_term_says_sell_before():
    # $5,000 of ST and $5,000 of LT gain already realized (single, 22% / 15%). Lot L, bought
    # 2025-12-10, 100 sh at $60, sold at $50: a $1,000 short-term loss until 2026-12-10. Now it
    # offsets ST gain taxed at 22% (saves $220); after 2026-12-10 it would be long-term and offset
    # LT gain taxed at 15% (saves $150): selling by 2026-12-10 is worth $70 more.
    lot = Lot("L", "Brokerage", "VTI", date(2025, 12, 10), 100, 6000.0)
    prof = TaxProfile(year=2026, filing_status=FilingStatus.SINGLE, ordinary_income=100_000,
                      realized_st=5_000, realized_lt=5_000)
    c = compare_methods((lot,), 100, 50.0, SOLD, prof, chosen=LotMethod.FIFO)
    assert ("Lot L's $1,000.00 loss is short-term through 2026-12-10 (long-term from 2026-12-11): selling by "
            "2026-12-10 instead of later saves about $70.00 more tax (assuming the price stays the same).") in c.notes


def _fifo_sale_with_ten_recent_ira_shares(quantity):
    """Lot Selection's tables for a FIFO sale of ``quantity`` VTI from lots A and B in Brokerage, with
    10 VTI bought in the IRA on 2026-11-15 (10 days before SOLD) and the wash-sale engine's lots."""
    from taxrebal.engine.wash import adjust_lots

    recent = Lot("NEW", "IRA", "VTI", date(2026, 11, 15), 10, 500.0)
    hh = household(lots=(A, B, recent), settings=replace(SETTINGS, lot_method=LotMethod.FIFO))
    wash = adjust_lots(hh)
    tables, _ = lot_selection_tables(wash.household, [SaleRequest("Brokerage", "VTI", quantity)], as_of=SOLD,
                                     wash=wash)
    return tables


def test_no_wash_sale_warning_when_the_chosen_lots_realize_a_gain():
    # FIFO relieves the old lot A ($30 -> $50: a $2,000 gain on 100 shares); lot B ($60) would be a
    # loss but FIFO does not sell it. 10 VTI were bought in the IRA 10 days ago: they can only wash a
    # loss, and this sale realizes none, so the sheet warns about nothing (IRC §1091(a) disallows
    # losses only).
    tables = _fifo_sale_with_ten_recent_ira_shares(100)
    assert tables[0].rows[tables[0].highlight[0]][0] == "FIFO"
    assert [n for n in tables[0].notes if "Wash-sale warning" in n] == []


def test_wash_sale_warning_names_the_loss_the_chosen_lots_realize():
    # Selling 150 by FIFO relieves A 100 (+$2,000) and B 50 ($60 -> $50: a $500 loss). The 10 IRA
    # shares bought 10 days ago wash 10 of the 50 loss shares; the loss at stake is B's $500, not
    # B's whole $1,000 nor an estimate on the highest-cost lots: 10 shares x $10 = $100 lost for good
    # (the replacement is in the IRA, Rev. Rul. 2008-5).
    tables = _fifo_sale_with_ten_recent_ira_shares(150)
    notes = [n for n in tables[0].notes if "Wash-sale warning" in n]
    assert len(notes) == 1 and "wash $100.00 of its loss, lost for good" in notes[0], notes


def test_one_day_to_long_term_is_said_in_the_singular():
    # Lot D bought 2025-11-25 and sold 2026-11-25 is short-term by one day (Pub 550: more than one
    # year). 50 shares, basis $2,000, at $50: a $500 gain, 22% short-term against 15% long-term for this
    # single filer ($100,000 of ordinary income, no NIIT, no state): waiting one day saves 500 x 7% = $35.00.
    d = Lot("D", "Brokerage", "VTI", date(2025, 11, 25), 50, 2000.0)
    c = compare_methods((d,), 50, 50.0, SOLD, PROFILE, chosen=LotMethod.FIFO)
    # 2026-11-26 is Thanksgiving (NYSE closed): the note adds the first day a sale can be placed (fe13 F4)
    assert wait_advice(c)[0] == ("Selling lot D on or after 2026-11-26 (first trading day 2026-11-27) instead of "
                                 "now would save $35.00 of tax: "
                                 "its 50 shares become long-term that day (1 day), assuming the price stays the "
                                 "same.")


def test_a_wait_saving_under_five_dollars_is_not_advised():
    # Lot E: 2 shares bought 2025-11-25 at $40, sold 2026-11-25 at $50: a $20 short-term gain, one day
    # from long-term. Waiting saves 20 x (22% - 15%) = $1.40, under the $5.00 floor (engine/waiting.py):
    # no advice. 100 such shares (lot D above, $500 gain) save $35.00 and are advised.
    e = Lot("E", "Brokerage", "VTI", date(2025, 11, 25), 2, 80.0)
    c = compare_methods((e,), 2, 50.0, SOLD, PROFILE, chosen=LotMethod.FIFO)
    (piece,) = c.chosen_outcome.relief.pieces
    assert piece.wait_saving == pytest.approx(1.40, abs=0.005)
    assert not any("instead of now would save" in a for a in wait_advice(c))
