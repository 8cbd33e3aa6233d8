"""TAXCOST and LOTPICK given the Transactions range: the run's Lot Selection figure, one computation.

Rules: a loss is disallowed when substantially identical shares are bought within 30 days before or
after the sale (IRC §1091(a)); the disallowed loss is added to the replacement shares' basis (IRC
§1091(d)) and their holding period includes the sold shares' (IRC §1223(3)); a replacement share
absorbs one loss sale only (Treas. Reg. §1.1091-1(e)). Without Transactions a cell sees only the Lots
range and can apply neither the basis adjustment nor the used-up replacement; with them it runs the
wash-sale pass the run runs.

Pub 550 "Wash Sales" example, dated: 100 shares of XYZ bought 2025-01-10 for $1,000 (lot L1) are sold
2026-06-01 for $750, and 100 XYZ are bought 2026-06-15 for $800 (lot L2, within 30 days). The $250
loss is disallowed; L2's basis is $800 + $250 = $1,050. L1 was held 507 days (2025-01-10 to 2026-06-01),
so L2 counts as acquired 507 days before 2026-06-15, on 2025-01-24. Selling L2 at $9 on 2026-11-20
(Flat mode: 35% short-term, 15% long-term):

    Lots range only      900 - 800   = +$100, short-term (bought 2026-06-15)   0.35 x  100 =  35.00
    with Transactions    900 - 1,050 = -$150, long-term (from 2025-01-24)      0.35 x -150 = -52.50

(the -$150 is the year's net capital loss, deducted from ordinary income whatever its character, IRC
§1211(b): so at the flat short-term rate; LOTPICK shows the long-term holding period.)

The year's realized gains (Settings blank) are this year's sells on Transactions: the June sale,
-$250 + $250 disallowed = $0, so the sale's own figure is the whole change.

The sample household (2026-11-20; MFJ, wages $240,000, qualified dividends $9,800, 5% state): lot I-04,
150 VXUS bought 2026-11-10 in Maria's IRA, already replaced 150 of the 300 VXUS sold at a loss on
2026-11-13. Selling 300 VXUS from Joint Brokerage by LIFO relieves B-10 (110 sh, $891 short-term loss)
and B-09 (190 sh, $912 long-term loss).

* With Transactions nothing washes the $1,803. The ledger's realized gains are ST 350 + 342.81 =
  692.81 and LT 10,720 + 840 = 11,560 (Settings plus the losses the wash pass found disallowed). After
  the sale ST is -198.19 and LT 10,648, netting to LT 10,449.81: the $692.81 of short-term gain taxed
  at 22% is gone (taxable ordinary income 240,000 - 32,200 + 692.81 sits in the 22% bracket, 100,800
  to 211,400) and LT falls by 1,110.19 at 15%; NIIT 3.8% (MAGI over $250,000 before and after) and state
  5% on the whole 1,803: 152.42 + 166.53 + 68.51 + 90.15 = -477.61 (0.22 x 692.81 = 152.4182,
  0.15 x 1,110.19 = 166.5285, 0.038 x 1,803 = 68.514, 0.05 x 1,803 = 90.15).
* From the Lots range alone I-04 is a replacement again: it washes 150 loss shares, the earliest
  acquired first (B-09's, $4.80 each: $720, Reg. §1.1091-1(b), (d)); Settings are used as typed (ST 350,
  LT 10,720). Allowed ST -891, LT -192: ST 350 at 22% = 77.00, LT falls 733 at 15% = 109.95, NIIT and
  state on 1,083 = 41.154 + 54.15: -282.25, the figure TAXCOST gave before and still gives without
  Transactions.
"""

from datetime import datetime

import pytest

from taxrebal.excel import convert, udfs
from taxrebal.excel.udfs import LOTPICK, TAXCOST

# --------------------------------------------------------------------------------------------------
# Pub 550's example
# --------------------------------------------------------------------------------------------------

LOTS = [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"],
        ["L2", "Brokerage", "XYZ", "2026-06-15", 100, 800]]
TRANSACTIONS = [["Date", "Account", "Symbol", "Action", "Quantity", "Price", "Lot ID", "Acquired", "Cost Basis"],
                ["2026-06-01", "Brokerage", "XYZ", "Sell", 100, 7.5, "L1", "2025-01-10", 1000],
                ["2026-06-15", "Brokerage", "XYZ", "Buy", 100, 8, "L2", None, None]]
ACCOUNTS = [["Account", "Type"], ["Brokerage", "Taxable"]]
SECURITIES = [["Symbol", "Asset Class", "Price"], ["XYZ", "US Stocks", 9]]
FLAT = [["Setting", "Value"], ["As Of", "2026-11-20"], ["Tax Mode", "Flat"], ["Flat ST Rate", "35%"],
        ["Flat LT Rate", "15%"]]


def test_pub550_replacement_carries_the_disallowed_loss_and_the_holding_period():
    assert TAXCOST("XYZ", 100, 9, LOTS, FLAT, "FIFO", "Brokerage", None, ACCOUNTS, TRANSACTIONS, SECURITIES) \
        == pytest.approx(-52.50, abs=0.005)
    assert LOTPICK("XYZ", 100, 9, LOTS, "FIFO", None, "Brokerage", FLAT, ACCOUNTS, TRANSACTIONS, SECURITIES)[1] \
        == ["L2", 100.0, 900.0, 1050.0, -150.0, "Long"]


def test_pub550_without_transactions_the_old_figure_is_unchanged():
    # without Transactions the year's realized gains must be typed (0 here: the June sale nets to $0)
    typed = FLAT + [["Realized ST YTD", 0], ["Realized LT YTD", 0]]
    assert TAXCOST("XYZ", 100, 9, LOTS, typed, "FIFO", "Brokerage") == pytest.approx(35.00, abs=0.005)
    assert TAXCOST("XYZ", 100, 9, LOTS, typed, "FIFO", "Brokerage", None, ACCOUNTS) == pytest.approx(35.00, abs=0.005)
    assert LOTPICK("XYZ", 100, 9, LOTS, "FIFO", None, "Brokerage", FLAT)[1] == \
        ["L2", 100.0, 900.0, 800.0, 100.0, "Short"]


def test_a_broker_adjusted_lot_is_not_adjusted_twice():
    # Wash Adjusted = Y: the Cost Basis already holds the $250 (reading 6 of engine/wash.py), so the basis
    # stays $1,050 with Transactions too; the holding period is still tacked on (IRC §1223(3)).
    lots = [LOTS[0] + ["Wash Adjusted"], ["L2", "Brokerage", "XYZ", "2026-06-15", 100, 1050, "Y"]]
    assert LOTPICK("XYZ", 100, 9, lots, "FIFO", None, "Brokerage", FLAT, ACCOUNTS, TRANSACTIONS, SECURITIES)[1] \
        == ["L2", 100.0, 900.0, 1050.0, -150.0, "Long"]


# --------------------------------------------------------------------------------------------------
# The sample household: the cell and the Lot Selection sheet of a run
# --------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample():
    from taxrebal.workbook.template import build_sample

    wb = build_sample(cell_functions=udfs)  # with the Dashboard sheet
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def _ranges(sheets):
    return (sheets["Lots"], [r[:2] for r in sheets["Settings"]], sheets["Accounts"], sheets["Transactions"],
            sheets["Securities"])


def test_sample_vxus_lifo_worked_by_hand(sample):
    lots, settings, accounts, transactions, securities = _ranges(sample)
    assert TAXCOST("VXUS", 300, 62, lots, settings, "LIFO", "Joint Brokerage", None, accounts, transactions,
                   securities) == pytest.approx(-477.61, abs=0.005)
    # without Transactions: I-04 counted again as a replacement (the old figure, unchanged)
    assert TAXCOST("VXUS", 300, 62, lots, settings, "LIFO", "Joint Brokerage") == pytest.approx(-282.25, abs=0.005)
    assert TAXCOST("VXUS", 300, 62, lots, settings, "LIFO", "Joint Brokerage", None, accounts) \
        == pytest.approx(-282.25, abs=0.005)


def test_sample_voo_replacement_carries_the_ivv_loss_through_the_identical_group(sample):
    # IVV (group "S&P 500") sold 2026-10-28: 40 shares at $655 that cost $700 -> $45 a share lost. In the
    # window, 1.118 VOO reinvested 2026-09-30 in Joint Brokerage (lot B-07, $600 a share: $670.80) and
    # 6.5 FXAIX bought 2026-11-14 in the 401(k) replace 7.618 shares (the $342.81 disallowed). B-07's
    # basis takes its 1.118 x $45 = $50.31 (IRC §1091(d)): $721.11. Selling B-07 at $620: 693.16 - 721.11 =
    # -27.95 short-term (was +22.36 from the Lots range alone). Tax on the ledger (ST 692.81): 22% + NIIT
    # 3.8% + state 5% = 30.8% x -27.95 = -8.61 (+6.89 from the Lots range, on Settings' ST 350 as typed).
    lots, settings, accounts, transactions, securities = _ranges(sample)
    picked = LOTPICK("VOO", 1.118, 620, lots, "Specific ID: B-07", None, "Joint Brokerage", settings, accounts,
                     transactions, securities)
    assert picked[1] == ["B-07", 1.118, 693.16, 721.11, -27.95, "Short"]
    assert TAXCOST("VOO", 1.118, 620, lots, settings, "Specific ID: B-07", "Joint Brokerage", None, accounts,
                   transactions, securities) == pytest.approx(-8.61, abs=0.005)
    assert LOTPICK("VOO", 1.118, 620, lots, "Specific ID: B-07", None, "Joint Brokerage", settings)[1] \
        == ["B-07", 1.118, 693.16, 670.8, 22.36, "Short"]
    assert TAXCOST("VOO", 1.118, 620, lots, settings, "Specific ID: B-07", "Joint Brokerage") \
        == pytest.approx(6.89, abs=0.005)


SALES = [  # (account, symbol, quantity, price, method)
    ("Joint Brokerage", "VXUS", 300, 62, "LIFO"),
    ("Joint Brokerage", "VXUS", 200, 62, "FIFO"),
    ("Joint Brokerage", "VXUS", 560, 62, "TaxOptimal"),
    ("Joint Brokerage", "VTI", 50, 330, "TaxOptimal"),  # the Dashboard's three TAXCOST rows
    ("Joint Brokerage", "VTI", 50, 330, "FIFO"),
    ("Joint Brokerage", "VTI", 50, 330, "HIFO"),
    ("Joint Brokerage", "VTI", 150, 330, "HIFO"),
    ("Joint Brokerage", "VOO", 20, 620, "MinTax"),
    ("Maria Traditional IRA", "VXUS", 100, 62, "FIFO"),
]


def test_sample_cells_equal_the_lot_selection_sheet_of_a_run(sample):
    # The same sales as Sales-sheet rows of a real run (reader, wash-sale step, ledger, Lot Selection step):
    # each chosen row's Est. Tax is the TAXCOST cell to the cent, and its lots are LOTPICK's rows.
    from taxrebal.pipeline import run_book
    from taxrebal.workbook.memory_book import MemoryBook

    sheets = dict(sample)
    sheets["Sales"] = [["Account", "Symbol", "Quantity", "Price", "Method"]] + [list(s) for s in SALES]
    book = MemoryBook(list(sheets))
    out = run_book(book, sheets, command="lot_selection", run_time=datetime(2026, 11, 20, 9), default_as_of=None,
                   source_name="sample")
    assert "lot_selection" in out.steps_run
    tables = book.tables("Lot Selection")
    lots, settings, accounts, transactions, securities = _ranges(sample)
    dashboard = {r[0]: r[2] for r in sample["Dashboard"] if r[0] and str(r[0]).startswith("Tax of selling")}
    assert len(dashboard) == 3
    for n, (account, symbol, quantity, price, method) in enumerate(SALES, start=1):
        comparison = next(t for t in tables if t.title.startswith(f"Sale {n} (") and ": sell " in t.title)
        chosen = comparison.rows[comparison.highlight[0]]
        assert chosen[0] == method and chosen[-1].startswith("Chosen")
        cell = TAXCOST(symbol, quantity, price, lots, settings, method, account, None, accounts, transactions,
                       securities)
        assert cell == pytest.approx(chosen[6], abs=0.005), (n, comparison.notes)
        shown = f"Tax of selling {quantity} {symbol} from {account} ({method})"
        if symbol == "VTI" and quantity == 50:  # the sample's Dashboard shows the same figure
            saved = dashboard.pop(shown if method != "TaxOptimal"
                                  else f"Tax of selling 50 VTI from {account} (the Settings lot method)")
            assert saved == pytest.approx(chosen[6], abs=0.005), shown
        sold = next(t for t in tables if t.title.startswith(f"Sale {n} (") and "lots sold by" in t.title)
        picked = LOTPICK(symbol, quantity, price, lots, method, None, account, settings, accounts, transactions,
                         securities)
        assert [r[0] for r in picked[1:]] == [r[0] for r in sold.rows[:-1]]
        if account == "Maria Traditional IRA":  # no tax: the sheet's Term reads "n/a (no tax)"
            assert chosen[6] == 0 and cell == 0
            continue
        assert [(r[1], r[3], r[5]) for r in picked[1:]] == [(r[2], r[4], r[6]) for r in sold.rows[:-1]]
    assert dashboard == {}


# --------------------------------------------------------------------------------------------------
# Bad input: errors name the range, its row and column, and the fix
# --------------------------------------------------------------------------------------------------

def _taxcost(**kw):
    args = dict(lots=LOTS, settings=FLAT, method="FIFO", account="Brokerage", accounts=ACCOUNTS,
                transactions=TRANSACTIONS, securities=SECURITIES)
    args.update(kw)
    return TAXCOST("XYZ", 100, 9, **args)


@pytest.mark.parametrize("kw, fragment", [
    (dict(accounts=None), "accounts is missing: with a transactions range pass the Accounts range too"),
    (dict(securities=None), "securities is missing: with a transactions range pass the Securities range too"),
    (dict(transactions=None), "securities is used with a transactions range only"),
    (dict(transactions=TRANSACTIONS[:2] + [["2026-06-15", "Brokerage", "XYZ", "Buy", "ten", 8, "L2"]]),
     "transactions row 3, column Quantity (E)"),
    (dict(transactions=TRANSACTIONS[:2] + [["2026-06-15", "Brokerage", "XYZ", "Buy", 100, None, "L2"]]),
     "transactions row 3, column Price (F) is missing"),
    (dict(transactions=TRANSACTIONS + [["2026-06-20", "Old IRA", "XYZ", "Buy", 5, 8, "Q1"]]),
     "transactions row 4: account Old IRA is not in the accounts range"),
    (dict(securities=[["Symbol", "Asset Class", "Price"], ["ABC", "US Stocks", 9]]),
     "securities: XYZ is not in the securities range"),
    (dict(account="Nowhere"), "account Nowhere is not in the accounts range"),
    (dict(method="Specific ID: L9"), "L9"),
])
def test_bad_ranges_return_readable_text(kw, fragment):
    out = _taxcost(**kw)
    assert isinstance(out, str) and out.startswith("#TAXREBAL! ") and fragment in out, out


def test_a_sell_whose_gain_is_unknown_stops_the_figure_when_the_year_is_computed_from_transactions():
    # A taxable Sell naming no known lot and without Acquired / Cost Basis: with Realized ST/LT YTD blank
    # the year's gains come from Transactions, so leaving it out would misstate the tax (the sheet's reader
    # stops the run the same way); with both typed, the gain is in them and the figure stands.
    unknown = TRANSACTIONS + [["2026-08-03", "Brokerage", "XYZ", "Sell", 10, 9, "L0", None, None]]
    out = _taxcost(transactions=unknown)
    assert isinstance(out, str) and out.startswith("#TAXREBAL! transactions row 4: this Sell of XYZ"), out
    typed = FLAT + [["Realized ST YTD", 0], ["Realized LT YTD", 0]]
    assert _taxcost(transactions=unknown, settings=typed) == pytest.approx(-52.50, abs=0.005)


def test_the_washed_household_is_kept_with_the_parsed_lots(monkeypatch):
    # A sheet of cells over the same ranges runs the wash-sale pass once: fresh copies of the same values
    # (what Excel passes on every call) find it; an edited Transactions range computes afresh.
    import copy

    from taxrebal.engine import wash

    convert.cache_clear()
    calls = []
    real = wash.adjust_lots
    monkeypatch.setattr(wash, "adjust_lots", lambda *a, **k: calls.append(1) or real(*a, **k))
    for _ in range(3):
        assert _taxcost(lots=copy.deepcopy(LOTS), transactions=copy.deepcopy(TRANSACTIONS)) == pytest.approx(-52.50)
    assert len(calls) == 1
    edited = copy.deepcopy(TRANSACTIONS)
    edited[2][1] = "Brokerage"
    edited[2][4] = 40  # 40 replacement shares: 40% of the loss washed into L2 ($100), the rest allowed
    lots = [LOTS[0], ["L2", "Brokerage", "XYZ", "2026-06-15", 40, 320]]
    # L2 alone: 40 x $9 = 360 - (320 + 100) = -60, long-term (tacked), a net loss deducted from ordinary
    # income (IRC §1211(b)), at the flat short-term rate: 0.35 x -60
    assert TAXCOST("XYZ", 40, 9, lots, FLAT, "FIFO", "Brokerage", None, ACCOUNTS, edited, SECURITIES) \
        == pytest.approx(-21.00, abs=0.005)
    assert len(calls) == 2
