"""One tax ledger per run (engine/ledger.py): the year's realized ST/LT every tax figure starts from.

Figures are worked by hand from the rows below and IRC §1091 / §1211(b) / §1212(b), never read back
from the engine: the sample household's two loss sales this year (IVV, short-term, $1,800 loss of
which $342.81 disallowed; VXUS, long-term, $1,680 loss of which $840 disallowed) and a June sale
that uses up the $3,000 allowance.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from taxrebal import pipeline
from taxrebal.engine.harvest import harvest_candidates
from taxrebal.engine.ledger import build_ledger
from taxrebal.engine.records import Account, Action, FilingStatus, Household, Lot, Security, Settings, Transaction
from taxrebal.engine.tax import TaxProfile, marginal_tax
from taxrebal.engine.wash import adjust_lots
from taxrebal.errors import Severity
from taxrebal.workbook.memory_book import MemoryBook
from taxrebal.workbook.template import sample_household

AS_OF = date(2026, 11, 20)


def broker_view_of_the_sample() -> Household:
    """The sample with the broker's Realized YTD (350 / 10,720: no cross-account wash sales) and only
    the last 30 days on Transactions (the March and April gains are gone)."""
    h = sample_household()
    txs = tuple(t for t in h.transactions if t.date >= date(2026, 9, 1))
    return replace(h, transactions=txs,
                   settings=replace(h.settings, realized_st_ytd=350.0, realized_lt_ytd=10_720.0))


def test_the_samples_broker_figures_get_the_disallowed_losses_added_with_an_info_row():
    h = sample_household()
    assert (h.settings.realized_st_ytd, h.settings.realized_lt_ytd) == (350.0, 10_720.0)
    ledger = build_ledger(h.settings, adjust_lots(h), h.as_of, {"realized_st_ytd": "B11", "realized_lt_ytd": "B12"})
    # March: 25 x 300 - 5,350 = 2,150 ST; April: 60 x 300 - 5,600 = 12,400 LT; then the two losses.
    assert ledger.st.sales_gain == pytest.approx(2_150.0 - 1_800.0)
    assert ledger.lt.sales_gain == pytest.approx(12_400.0 - 1_680.0)
    assert ledger.realized_st == pytest.approx(350.0 + 342.81, abs=0.005)
    assert ledger.realized_lt == pytest.approx(10_720.0 + 840.0)
    assert [i.severity for i in ledger.issues] == [Severity.INFO, Severity.INFO]
    assert [i.cell for i in ledger.issues] == ["B11", "B12"]  # the Issues row names the Settings cell
    assert "$342.81" in ledger.issues[0].message and "$692.81 is used" in ledger.issues[0].message


def test_sample_settings_plus_the_losses_the_wash_engine_disallowed():
    h = broker_view_of_the_sample()
    wash = adjust_lots(h)
    assert wash.total_disallowed == pytest.approx(1_182.81, abs=0.005)  # the issue's figure
    ledger = build_ledger(h.settings, wash, h.as_of)
    # IVV: 40 x 655 = 26,200 - 28,000 = -1,800 (bought 2026-02-02: short-term), 342.81 disallowed.
    assert ledger.st.sales_gain == pytest.approx(-1_800.0)
    assert ledger.st.disallowed == pytest.approx(342.81, abs=0.005)
    # VXUS: 300 x 62.40 = 18,720 - 20,400 = -1,680 (bought 2025-02-03: long-term); 150 of 300 shares
    # replaced in the IRA -> half the loss, 840.00, disallowed for good.
    assert ledger.lt.sales_gain == pytest.approx(-1_680.0)
    assert ledger.lt.disallowed == pytest.approx(840.0)
    # Settings 350 / 10,720 are read as before the wash adjustments: add them.
    assert ledger.realized_st == pytest.approx(350.0 + 342.81, abs=0.005)
    assert ledger.realized_lt == pytest.approx(10_720.0 + 840.0)
    st_warning, lt_warning = ledger.issues
    assert st_warning.severity is Severity.WARNING and st_warning.sheet == "Settings"
    assert "$350.00" in st_warning.message and "-$1,457.19" in st_warning.message  # both figures named
    assert "$692.81 is used" in st_warning.message
    assert "$10,720.00" in lt_warning.message and "-$840.00" in lt_warning.message


def test_blank_settings_take_the_computed_figure_and_say_so():
    h = broker_view_of_the_sample()
    s = replace(h.settings, realized_st_ytd=None, realized_lt_ytd=None)
    ledger = build_ledger(s, adjust_lots(replace(h, settings=s)), h.as_of)
    assert ledger.realized_st == pytest.approx(-1_800.0 + 342.81, abs=0.005)
    assert ledger.realized_lt == pytest.approx(-1_680.0 + 840.0)
    assert all(i.severity is Severity.INFO for i in ledger.issues)
    assert "Realized ST YTD is blank" in ledger.issues[0].message


def test_a_figure_typed_after_the_adjustments_is_used_as_typed_never_adjusted_twice():
    # Settings mean the figure before the wash-sale adjustments. Typing the figure after them
    # (ST -1,800 + 342.81 = -1,457.19; LT -1,680 + 840 = -840) already holds the disallowed losses:
    # it is used as typed (the Form 8949 total, column (h)), never -1,457.19 + 342.81 = -1,114.38,
    # and the Warning says so and names the figure before them to type.
    h = broker_view_of_the_sample()
    s = replace(h.settings, realized_st_ytd=-1_457.19, realized_lt_ytd=-840.0)
    ledger = build_ledger(s, adjust_lots(replace(h, settings=s)), h.as_of)
    assert ledger.realized_st == pytest.approx(-1_457.19, abs=0.005)
    assert ledger.realized_lt == pytest.approx(-840.0)
    st_warning, lt_warning = ledger.issues
    assert st_warning.severity is Severity.WARNING
    assert "-$1,457.19 is used as typed" in st_warning.message
    assert "type -$1,800.00" in st_warning.message
    assert "-$840.00 is used as typed" in lt_warning.message and "type -$1,680.00" in lt_warning.message


def test_no_sells_this_year_leaves_settings_alone_and_reconciling_twice_changes_nothing():
    s = Settings(as_of=AS_OF, realized_st_ytd=1_000.0, realized_lt_ytd=None)
    ledger = build_ledger(s, None, AS_OF)
    assert (ledger.realized_st, ledger.realized_lt) == (1_000.0, 0.0) and ledger.issues == ()
    applied = ledger.apply(s)
    again = build_ledger(applied, None, AS_OF)
    assert (again.realized_st, again.realized_lt) == (1_000.0, 0.0)


def test_a_loss_the_broker_already_adjusted_is_not_added_twice():
    # Sold 100 X at a $1,000 loss on 2026-10-01, bought 100 X back on 2026-10-05 in the same account;
    # the broker marked the new lot Wash Adjusted = Y, so its YTD figure already disallows the loss.
    accounts = (Account("Brokerage", "Taxable"),)
    secs = (Security("X", "Stocks", 10.0),)
    lots = (Lot("NEW", "Brokerage", "X", date(2026, 10, 5), 100, 2_000.0, wash_adjusted=True),)
    txs = (Transaction(date(2026, 10, 1), "Brokerage", "X", Action.SELL, 100, 10.0, "OLD",
                       date(2026, 3, 1), 2_000.0),
           Transaction(date(2026, 10, 5), "Brokerage", "X", Action.BUY, 100, 10.0, "NEW"))
    s = Settings(as_of=AS_OF, realized_st_ytd=5_000.0)
    h = Household(accounts, secs, lots, txs, settings=s)
    ledger = build_ledger(s, adjust_lots(h), AS_OF)
    assert ledger.st.disallowed == pytest.approx(1_000.0)
    assert ledger.st.broker_disallowed == pytest.approx(1_000.0)
    assert ledger.realized_st == 5_000.0


def june_household(**settings) -> Household:
    """Single, $100,000 wages; a June sale lost $5,000 short-term (on Transactions only), and a lot
    now $2,000 under water."""
    accounts = (Account("Brokerage", "Taxable"),)
    secs = (Security("AAA", "Stocks", 50.0, replacements=("BBB",)), Security("BBB", "Stocks", 40.0),
            Security("OLD", "Stocks", 20.0))
    lots = (Lot("L1", "Brokerage", "AAA", date(2024, 1, 10), 100, 7_000.0),)
    txs = (Transaction(date(2026, 6, 10), "Brokerage", "OLD", Action.SELL, 500, 20.0, "S1",
                       date(2026, 1, 5), 15_000.0),)
    s = Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=100_000.0, **settings)
    return Household(accounts, secs, lots, txs, settings=s)


def test_a_june_sale_that_used_the_3000_allowance_makes_a_later_harvest_save_nothing_now():
    h = june_household()
    wash = adjust_lots(h)
    ledger = build_ledger(h.settings, wash, AS_OF)
    assert ledger.realized_st == pytest.approx(-5_000.0)  # 500 x 20 - 15,000
    profile = TaxProfile.from_settings(ledger.apply(h.settings))
    # The $5,000 ST loss already gives the $3,000 deduction (IRC §1211(b)); a further $2,000 LT loss
    # only adds to the carryforward (IRC §1212(b)): $0 this year.
    assert marginal_tax(profile, 0.0, -2_000.0).total == pytest.approx(0.0, abs=0.005)
    scan = harvest_candidates(wash.household, AS_OF, profile, wash=wash)
    (c,) = scan.candidates
    assert c.loss == pytest.approx(2_000.0)
    assert c.tax_saved == pytest.approx(0.0, abs=0.005)
    assert c.carryforward_created == pytest.approx(2_000.0)
    # Without the ledger (Settings blank read as 0) the same harvest would claim 3,000... at 22%:
    naive = TaxProfile.from_settings(h.settings)
    assert -marginal_tax(naive, 0.0, -2_000.0).total == pytest.approx(2_000 * 0.22)


def test_the_pipeline_harvest_sheet_uses_the_ledger(tmp_path):
    h = june_household()
    sheets = {
        "Accounts": [["Account", "Type"], ["Brokerage", "Taxable"]],
        "Securities": [["Symbol", "Asset Class", "Price", "Replacement"], ["AAA", "Stocks", 50, "BBB"],
                       ["BBB", "Stocks", 40, ""], ["OLD", "Stocks", 20, ""]],
        "Lots": [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"],
                 ["L1", "Brokerage", "AAA", date(2024, 1, 10), 100, 7000]],
        "Transactions": [["Date", "Account", "Symbol", "Action", "Quantity", "Price", "Lot ID", "Acquired",
                          "Cost Basis"],
                         [date(2026, 6, 10), "Brokerage", "OLD", "Sell", 500, 20, "S1", date(2026, 1, 5), 15000]],
        "Targets": [["Asset Class", "Target"], ["Stocks", 1.0]],
        "Settings": [["Setting", "Value"], ["As Of", AS_OF], ["Filing Status", "Single"],
                     ["Ordinary Income", 100000]],
    }
    assert h.lots  # same household as above, as sheets
    book = MemoryBook()
    from datetime import datetime
    out = pipeline.run_book(book, sheets, command="harvest", run_time=datetime(2026, 11, 20, 9),
                            default_as_of=None, source_name="test")
    assert out.ok
    ledger = out.results.ledger
    assert ledger.realized_st == pytest.approx(-5_000.0)
    assert out.household.settings.realized_st_ytd == pytest.approx(-5_000.0)
    table = book.tables("Harvest")[0]
    col = [c.header for c in table.columns].index("Tax Saved This Year")
    assert table.rows[0][col] == 0.0
    assert any("Realized ST YTD is blank" in i.message for i in out.issues)
