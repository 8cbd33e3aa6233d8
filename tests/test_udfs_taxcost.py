"""TAXCOST and LOTPICK against tax worked by hand (IRS rules, not the engine's output).

Flat mode is the article's model: a $15,000 long-term gain at 15% costs $2,250. Brackets cases use
the 2026 MFJ figures of Rev. Proc. 2025-32: standard deduction $32,200, 0% long-term rate up to
$98,900 of taxable income.
"""

import pytest

from taxrebal.excel import convert
from taxrebal.excel.udfs import LOTPICK, TAXCOST

HEADER = ["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"]
LOTS = [
    HEADER,
    ["A", "Brokerage", "VTI", "2020-01-10", 100, 10000],   # $100/sh, long-term
    ["B", "Brokerage", "VTI", 46083, 100, 30000],          # serial 46083 = 2026-03-02: $300/sh, short-term
    ["C", "IRA", "VTI", None, 500, None],                  # tax-deferred: no basis
    [None] * 6,
    [None] * 6,                                            # blank rows Excel ranges carry
]
FLAT = [["Setting", "Value"], ["As Of", "2026-11-25"], ["Tax Mode", "Flat"], ["Flat LT Rate", "15%"],
        ["Flat ST Rate", "35%"], ["Realized ST YTD", 0], ["Realized LT YTD", 0]]  # typed: a cell sees no Transactions
ACCOUNTS = [["Account", "Type"], ["Brokerage", "Taxable"], ["IRA", "Traditional IRA"]]


def is_error(value):
    return isinstance(value, str) and value.startswith("#TAXREBAL! ")


def test_article_example_15000_lt_gain_at_15_percent():
    # lot A: 100 sh x $250 = $25,000 - $10,000 basis = $15,000 LT gain x 15% = $2,250
    assert TAXCOST("VTI", 100, 250, LOTS, FLAT, "FIFO", "Brokerage") == pytest.approx(2250)


def test_loss_saves_tax_up_to_the_3000_limit():
    # lot B: $25,000 - $30,000 = $5,000 ST loss; only $3,000 is deductible this year (IRC §1211(b)):
    # saves 3,000 x 35% = $1,050 -> -1050
    assert TAXCOST("VTI", 100, 250, LOTS, FLAT, "Specific ID: B", "Brokerage") == pytest.approx(-1050)
    assert TAXCOST("VTI", 100, 250, LOTS, FLAT, "LIFO", "Brokerage") == pytest.approx(-1050)


def test_gain_nets_against_a_harvested_loss():
    # Realized ST YTD -12,000. Without the sale: -12,000 net, 3,000 deducted at 15% = -450.
    # With the $15,000 LT gain: net +3,000 LT at 15% = +450. Marginal tax = 450 - (-450) = 900.
    settings = [["As Of", "2026-11-25"], ["Tax Mode", "Flat"], ["Flat LT Rate", 0.15], ["Flat ST Rate", 0.15],
                ["Realized ST YTD", "(12,000)"], ["Realized LT YTD", 0]]
    assert TAXCOST("VTI", 100, 250, LOTS, settings, "FIFO", "Brokerage") == pytest.approx(900)


def test_zero_percent_bracket_leaves_only_state_tax():
    # MFJ, $100,000 wages: taxable 67,800 before the sale; +$10,000 LT gain -> 77,800 < 98,900, so
    # federal 0%; state 5% x 10,000 = $500.
    settings = [["Setting", "Value"], ["As Of", 46351], ["Filing Status", "MFJ"], ["Ordinary Income", 100000],
                ["State Tax Rate", 5], ["Tax Year", 2026], ["Realized ST YTD", 0], ["Realized LT YTD", 0]]
    lots = [HEADER, ["A", "Brokerage", "VTI", "2020-01-10", 100, 10000]]
    assert TAXCOST("VTI", 50, 300, lots, settings) == pytest.approx(500)   # 50 x (300 - 100) = 10,000


def test_as_of_argument_overrides_settings_and_decides_the_term():
    # Lot D bought 2025-11-20 is long-term from 2026-11-21 (IRC §1222: more than one year).
    # Settings As Of 2026-11-20: a $5,000 ST gain -> 5,000 x 35% = 1,750.
    # as_of 2026-11-21: the same gain is LT -> 5,000 x 15% = 750.
    # (A net loss would not show the term: its deduction comes off ordinary income whatever its character,
    # IRC §1211(b), so Flat prices it at the short-term rate either way: lot E, $5,000 loss, 3,000 x 35%.)
    lots = [HEADER, ["D", "Brokerage", "VTI", "2025-11-20", 100, 20000]]
    settings = [["As Of", "2026-11-20"]] + FLAT[2:]
    assert TAXCOST("VTI", 100, 250, lots, settings) == pytest.approx(1750)
    assert TAXCOST("VTI", 100, 250, lots, settings, None, None, "2026-11-21") == pytest.approx(750)
    losing = [HEADER, ["E", "Brokerage", "VTI", "2025-11-20", 100, 30000]]
    assert TAXCOST("VTI", 100, 250, losing, settings) == pytest.approx(-1050)
    assert TAXCOST("VTI", 100, 250, losing, settings, None, None, "2026-11-21") == pytest.approx(-1050)


def test_lots_without_basis_are_not_sold_in_a_taxable_sale():
    # Lot C (IRA, no basis) is left out: 200 taxable shares, so 300 is an oversell; 100 by MinTax
    # sells the ST loss lot B first (-1,050) rather than the no-basis IRA lot.
    assert "you asked to sell 300" in TAXCOST("VTI", 300, 250, LOTS, FLAT)
    assert TAXCOST("VTI", 100, 250, LOTS, FLAT) == pytest.approx(-1050)
    assert TAXCOST("VTI", 100, 250, LOTS, FLAT, None, "IRA") == 0   # named: a sale inside the IRA


def test_tax_advantaged_lots_are_left_out_with_the_accounts_range():
    # Without an account, all 700 shares are candidates; with the accounts range only the 200 taxable.
    assert is_error(TAXCOST("VTI", 300, 250, LOTS, FLAT, "FIFO", None, None, ACCOUNTS))
    assert TAXCOST("VTI", 100, 250, LOTS, FLAT, "FIFO", None, None, ACCOUNTS) == pytest.approx(2250)
    assert TAXCOST("VTI", 100, 250, LOTS, FLAT, "FIFO", "IRA", None, ACCOUNTS) == 0   # no tax in an IRA


def test_an_edited_accounts_range_changes_which_lots_are_taxable():
    """The taxable lots of a symbol are kept with the Lots table under the accounts' content: the same
    Lots range with Brokerage turned into a Roth IRA has no taxable VTI left, and back again it has."""
    roth = [["Account", "Type"], ["Brokerage", "Roth IRA"], ["IRA", "Traditional IRA"]]
    for _ in range(2):
        assert TAXCOST("VTI", 100, 250, [list(r) for r in LOTS], FLAT, "FIFO", None, None, ACCOUNTS) == \
            pytest.approx(2250)
        assert "tax-advantaged account" in TAXCOST("VTI", 100, 250, [list(r) for r in LOTS], FLAT, "FIFO", None,
                                                   None, [list(r) for r in roth])
        assert TAXCOST("VTI", 100, 250, LOTS, FLAT, "FIFO", "Brokerage", None, roth) == 0


def test_single_row_lots_range():
    lots = [HEADER, ["A", "Brokerage", "VTI", 43840, 100, 10000]]
    assert TAXCOST("vti", 100, 250, lots, FLAT) == pytest.approx(2250)


def test_settings_lot_method_is_the_default():
    # MinTax (the default) sells the ST loss lot B first -> -1050; Settings "Lot Method FIFO" -> A first.
    assert TAXCOST("VTI", 100, 250, LOTS, FLAT, None, "Brokerage") == pytest.approx(-1050)
    assert TAXCOST("VTI", 100, 250, LOTS, FLAT + [["Lot Method", "FIFO"]], None, "Brokerage") == pytest.approx(2250)


@pytest.mark.parametrize("args, fragment", [
    (("VTI", -5, 250, LOTS, FLAT), "quantity must be > 0 (got -5)"),
    (("VTI", "ten", 250, LOTS, FLAT), "quantity: 'ten' is not a number"),
    (("VTI", 10, 0, LOTS, FLAT), "price must be > 0"),
    (("VTI", 10, 250, LOTS, FLAT[:1] + FLAT[2:]), "as_of is missing"),
    (("BND", 10, 250, LOTS, FLAT), "no lots of BND in the lots range, in any account (symbols held: VTI)"),
    (("VTI", 1000, 250, LOTS, FLAT, "FIFO", "Brokerage"), "you asked to sell 1,000"),
    (("VTI", 10, 250, LOTS, FLAT, "Specific ID"), 'name the lots to sell, like "Specific ID: L3, L7"'),
    (("VTI", 10, 250, LOTS, FLAT, "Specific ID: Z9", "Brokerage"), "Z9"),
    (("VTI", 10, 250, LOTS, FLAT, "cheapest"), "'cheapest' is not a known lot method"),
    (("VTI", 10, 250, [HEADER, ["A", "Brokerage", "VTI", "2020-13-45", 1, 1]], FLAT),
     "lots row 2, column Acquired (D)"),
    (("VTI", 10, 250, LOTS, [["Setting", "Value"], ["State Tax Rate", "high"]]), "settings row 2 (State Tax Rate)"),
])
def test_bad_arguments_return_readable_text(args, fragment):
    out = TAXCOST(*args)
    assert is_error(out) and fragment in out, out


def test_lotpick_table_for_fifo():
    # 150 sh at $250 FIFO: all of A (gain 15,000 LT), then 50 of B (basis 15,000, loss 2,500 ST)
    out = LOTPICK("VTI", 150, 250, LOTS, "FIFO", "2026-11-25", "Brokerage")
    assert out == [["Lot ID", "Quantity", "Proceeds", "Basis", "Gain", "Term"],
                   ["A", 100, 25000, 10000, 15000, "Long"],
                   ["B", 50, 12500, 15000, -2500, "Short"]]


def test_lotpick_as_of_from_settings_then_today(monkeypatch):
    from datetime import date

    from taxrebal.excel import udfs

    monkeypatch.setattr(udfs, "today", lambda: date(2027, 3, 3))   # B long-term by then
    out = LOTPICK("VTI", 100, 250, LOTS, "Specific ID: B")
    assert out[1][-1] == "Long"
    out = LOTPICK("VTI", 100, 250, LOTS, "Specific ID: B", None, None, FLAT)   # Settings As Of 2026-11-25
    assert out[1][-1] == "Short"


def test_lotpick_taxoptimal_needs_settings():
    out = LOTPICK("VTI", 10, 250, LOTS, "TaxOptimal", "2026-11-25", "Brokerage")
    assert is_error(out) and "needs the settings range" in out


def test_repeated_calls_parse_the_range_once(monkeypatch):
    from taxrebal.excel import lot_range

    convert.cache_clear()
    calls = []
    real = lot_range._parse_lots
    monkeypatch.setattr(lot_range, "_parse_lots", lambda rows, name: calls.append(1) or real(rows, name))
    for q in (10, 20, 30):
        TAXCOST("VTI", q, 250, [list(r) for r in LOTS], FLAT, "FIFO", "Brokerage")
    assert len(calls) == 1


def test_lotpick_leaves_out_lots_without_basis_unless_their_account_is_named():
    out = LOTPICK("VTI", 100, 250, LOTS, "FIFO", "2026-11-25")
    assert [r[0] for r in out[1:]] == ["A"]
    ira = LOTPICK("VTI", 100, 250, LOTS, "FIFO", "2026-11-25", "IRA")
    assert [r[0] for r in ira[1:]] == ["C"] and ira[1][4] == 0   # a sale inside the IRA: no gain


def test_taxcost_needs_the_filing_status_and_income_a_run_needs():
    # A run refuses to price tax without Filing Status and Ordinary Income (or Tax Mode Flat); the cell
    # function must not price it as Single with $0 of income instead.
    no_profile = [["Setting", "Value"], ["As Of", "2026-11-25"]]
    out = TAXCOST("VTI", 100, 250, LOTS, no_profile, "FIFO", "Brokerage")
    assert is_error(out) and "Filing Status" in out
    mfj = no_profile + [["Filing Status", "Married Filing Jointly"], ["Ordinary Income", 0], ["Realized ST YTD", 0],
                        ["Realized LT YTD", 0]]
    # $15,000 LT gain, no other income: taxable income 0 after the $32,200 deduction -> 0% bracket
    assert TAXCOST("VTI", 100, 250, LOTS, mfj, "FIFO", "Brokerage") == pytest.approx(0)


# A blank Realized ST/LT YTD means "computed from this year's sells on Transactions" (Settings sheet).
# A cell given no Transactions range cannot compute it, and $0 would change the tax (fe7 finding 5:
# the chen household's $1,200 loss priced against ordinary income, -405.60, instead of against its
# $27,000 long-term gain, -297.60), so the cell asks for it instead of guessing.
BLANK_YTD = [["Setting", "Value"], ["As Of", "2026-11-25"], ["Tax Mode", "Flat"], ["Flat LT Rate", "15%"],
             ["Flat ST Rate", "35%"], ["Realized ST YTD", None], ["Realized LT YTD", None]]


def test_blank_realized_ytd_without_transactions_is_an_error_saying_what_to_type():
    out = TAXCOST("VTI", 100, 250, LOTS, BLANK_YTD, "Specific ID: B", "Brokerage")
    assert is_error(out) and "Realized ST YTD and Realized LT YTD are blank" in out and "transactions range" in out
    only_lt = BLANK_YTD[:-2] + [["Realized ST YTD", 0]]
    out = TAXCOST("VTI", 100, 250, LOTS, only_lt, "Specific ID: B", "Brokerage")
    assert is_error(out) and "Realized LT YTD is blank" in out and "Realized ST YTD" not in out
    # LOTPICK's TaxOptimal choice weighs the same tax, so it asks too; a fixed method needs no tax
    assert "Realized ST YTD and Realized LT YTD are blank" in LOTPICK("VTI", 100, 250, LOTS, "TaxOptimal", None,
                                                                      "Brokerage", BLANK_YTD)
    assert LOTPICK("VTI", 100, 250, LOTS, "FIFO", None, "Brokerage", BLANK_YTD)[1][0] == "A"
    # a sale inside the IRA (the accounts range says so) costs no tax whatever the year's gains
    assert TAXCOST("VTI", 100, 250, LOTS, BLANK_YTD, "FIFO", "IRA", None, ACCOUNTS) == 0


def test_the_typed_realized_ytd_decides_what_a_loss_saves():
    # Lot B: 100 x ($250 - $300) = $5,000 short-term loss (Flat: 35% ST, 15% LT).
    # Against a typed $27,000 long-term gain it nets to LT 22,000: saves 5,000 x 15% = $750.
    # Typed 0: a net loss, of which $3,000 is deductible (IRC §1211(b)) at 35%: saves $1,050.
    gain = BLANK_YTD[:-2] + [["Realized ST YTD", 0], ["Realized LT YTD", 27_000]]
    assert TAXCOST("VTI", 100, 250, LOTS, gain, "Specific ID: B", "Brokerage") == pytest.approx(-750)
    none = BLANK_YTD[:-2] + [["Realized ST YTD", 0], ["Realized LT YTD", 0]]
    assert TAXCOST("VTI", 100, 250, LOTS, none, "Specific ID: B", "Brokerage") == pytest.approx(-1050)
