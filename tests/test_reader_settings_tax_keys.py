"""Settings keys Investment Income, Taxpayers 65 or Older and Taxpayers Blind, end to end: every
spelling is read, bad values are issues naming the Settings cell, and what is read changes the tax
exactly as Form 8960 (NIIT, IRC §1411) and IRC §63(f) / §151(d)(5)(C) say, worked by hand below."""

import copy
from datetime import date

import pytest

from taxrebal.engine import params
from taxrebal.engine.records import FilingStatus, Settings
from taxrebal.engine.tax import TaxProfile, compute_tax
from taxrebal.errors import ArgumentError, Severity
from taxrebal.excel.convert import settings_from_range
from taxrebal.workbook import schema
from taxrebal.workbook.reader import load_sheets
from taxrebal.workbook.results.run_info import settings_rows

BASE = {
    "Settings": [["Setting", "Value"], ["As Of", "2026-06-30"]],
    "Accounts": [["Account", "Type"], ["Joint", "Taxable"]],
    "Securities": [["Symbol", "Asset Class", "Price"], ["VTI", "US Stocks", 250.0]],
    "Lots": [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"],
             ["L1", "Joint", "VTI", date(2020, 1, 15), 100, 16000.0]],
    "Targets": [["Asset Class", "Target"], ["US Stocks", 100]],
}


def read(*rows):
    """load_sheets on BASE with these Settings rows added below As Of (rows 3, 4, ...)."""
    sheets = copy.deepcopy(BASE)
    sheets["Settings"] += [list(r) for r in rows]
    given = {schema_key(r[0]) for r in rows}
    # Filing Status and Ordinary Income are required with a Taxable account: typed below the test's rows;
    # with no Transactions, so are this year's realized gains (blank, they are $0 with a Warning)
    sheets["Settings"] += [[k, v] for k, v in (("Filing Status", "Single"), ("Ordinary Income", 0),
                                               ("Realized ST YTD", 0), ("Realized LT YTD", 0))
                           if schema_key(k) not in given]
    return load_sheets(sheets)


def schema_key(text):
    return "".join(ch for ch in str(text).lower() if ch.isalnum())


def settings_of(*rows) -> Settings:
    r = read(*rows)
    assert r.ok and not [i for i in r.issues if i.severity is not Severity.INFO], [str(i) for i in r.issues]
    return r.household.settings


def errors(result):
    return {i.location: i.message for i in result.issues if i.severity is Severity.ERROR}


def spellings(label):
    spec = next(s for s in schema.SETTING_SPECS if s.label == label)
    return (spec.label,) + spec.aliases + (spec.label.upper(), spec.label.lower().replace(" ", "_"))


# ------------------------------------------------------------------------------------ reading

def test_blank_or_absent_keys_default_to_zero():
    s = settings_of(["Investment Income", ""], ["Taxpayers Blind", None])
    assert (s.investment_income, s.taxpayers_65_or_older, s.taxpayers_blind) == (0.0, 0, 0)


@pytest.mark.parametrize("name", spellings("Investment Income"))
@pytest.mark.parametrize("value", [20000, 20000.0, "20000", "$20,000.00", " 20,000 "])
def test_investment_income_is_read_in_every_spelling_and_money_form(name, value):
    s = settings_of(["Ordinary Income", 300000], [name, value])
    assert s.investment_income == pytest.approx(20000.0)


@pytest.mark.parametrize("label, field", [("Taxpayers 65 or Older", "taxpayers_65_or_older"),
                                          ("Taxpayers Blind", "taxpayers_blind")])
@pytest.mark.parametrize("value", [2, 2.0, "2", " 2 "])
def test_people_counts_are_read_in_every_spelling_and_number_form(label, field, value):
    for name in spellings(label):
        s = settings_of(["Filing Status", "MFJ"], [name, value])
        assert getattr(s, field) == 2 and isinstance(getattr(s, field), int), name


def test_one_person_counts_on_a_single_return_and_two_on_a_separate_one():
    assert settings_of(["Taxpayers 65 or Older", 1], ["Taxpayers Blind", 1]).taxpayers_blind == 1
    # MFS: the spouse counts too when the spouse has no gross income (IRC §63(f)(1)(B), §151(b)).
    s = settings_of(["Filing Status", "Married Filing Separately"], ["Taxpayers 65 or Older", 2])
    assert s.taxpayers_65_or_older == 2
    assert TaxProfile.from_settings(s).seniors == 2


# ------------------------------------------------------------------------------------ bad values

@pytest.mark.parametrize("value, words", [
    (-5, "negative"),
    ("lots", "Investment Income"),
])
def test_unreadable_or_negative_investment_income_is_an_error_at_its_value_cell(value, words):
    r = read(["Ordinary Income", 300000], ["Investment Income", value])
    assert r.household is None and words in errors(r)["Settings!B4"]


def test_investment_income_above_ordinary_income_is_an_error_saying_it_is_a_part_of_it():
    r = read(["Ordinary Income", 15000], ["Investment Income", 20000])
    message = errors(r)["Settings!B4"]
    assert r.household is None and "more than Ordinary Income" in message and "raise Ordinary Income" in message
    # Ordinary Income left blank is 0: any Investment Income is then too much.
    assert "Settings!B3" in errors(read(["Investment Income", 1]))
    # Equal is fine: all of the ordinary income is interest.
    assert settings_of(["Ordinary Income", 20000], ["Investment Income", 20000]).investment_income == 20000


@pytest.mark.parametrize("label", ["Taxpayers 65 or Older", "Taxpayers Blind"])
@pytest.mark.parametrize("value", [3, -1, 1.5, "1.5", "yes"])
def test_a_count_that_is_not_0_1_or_2_is_an_error_at_its_value_cell_asking_for_0_1_or_2(label, value):
    """fe12 F-p: 1.5 had got the Tax Year's hint, "type a whole number such as 2025"."""
    r = read(["Filing Status", "MFJ"], [label, value])
    assert r.household is None and "is not a number of people" in errors(r)["Settings!B4"]
    assert "0, 1 or 2" in errors(r)["Settings!B4"] and "2025" not in errors(r)["Settings!B4"]
    assert label in errors(r)["Settings!B4"]


@pytest.mark.parametrize("status", ["Single", "Head of Household", "Qualifying Surviving Spouse"])
def test_two_people_on_a_one_person_return_is_an_error_naming_the_filing_status(status):
    r = read(["Filing Status", status], ["Taxpayers Blind", 2])
    message = errors(r)["Settings!B4"]
    assert r.household is None and "type 0 or 1" in message
    assert ("Qualifying Surviving Spouse" if status.startswith("Qualifying") else status) in message


def test_the_cell_function_settings_range_reads_and_checks_the_same_keys():
    s = settings_from_range([["Filing Status", "MFJ"], ["Ordinary Income", 300000], ["NII", "$20,000"],
                             ["Seniors", 2], ["Blind", "1"]])
    assert (s.investment_income, s.taxpayers_65_or_older, s.taxpayers_blind) == (20000.0, 2, 1)
    with pytest.raises(ArgumentError, match="more than Ordinary Income"):
        settings_from_range([["Ordinary Income", 100], ["Investment Income", 200]])
    with pytest.raises(ArgumentError, match="type 0 or 1"):
        settings_from_range([["Filing Status", "Single"], ["Taxpayers 65 or Older", 2]])
    with pytest.raises(ArgumentError, match="0, 1 or 2"):
        settings_from_range([["Filing Status", "MFJ"], ["Taxpayers Blind", 3]])


def test_run_info_lists_the_new_keys_as_settings_in_force():
    rows = {r[0]: r for r in settings_rows(Settings(ordinary_income=300000, investment_income=20000,
                                                    taxpayers_65_or_older=1))}
    assert rows["Investment Income"][1:] == ("20,000.00", "0.00", "No")
    assert rows["Taxpayers 65 or Older"][1:] == ("1", "0", "No")
    assert rows["Taxpayers Blind"][1:] == ("0", "0", "Yes")
    labels = [r[0] for r in settings_rows(Settings())]
    assert labels.index("Investment Income") == labels.index("Qualified Dividends") + 1


# ------------------------------------------------------------------------------------ the tax

def tax_of(*rows):
    return compute_tax(TaxProfile.from_settings(settings_of(*rows)))


def test_investment_income_is_taxed_by_the_niit_as_form_8960_says():
    # 2026 MFJ, ordinary income $300,000 of which $20,000 interest, no gains (Form 8960):
    #   line 1 taxable interest 20,000 -> line 8 / 12 net investment income 20,000;
    #   line 13 MAGI 300,000, line 14 threshold 250,000 (§1411(b), MFJ), line 15 excess 50,000;
    #   line 16 smaller of 20,000 and 50,000 = 20,000; line 17 = 3.8% x 20,000 = $760.
    # Regular tax is unchanged: taxable 300,000 - 32,200 = 267,800 on Schedule Y-1 =
    #   2,480 + 12% x 76,000 + 22% x 110,600 + 24% x 56,400 = 2,480 + 9,120 + 24,332 + 13,536 = 49,468.
    base = (["Tax Year", 2026], ["Filing Status", "MFJ"], ["Ordinary Income", 300000])
    with_interest = tax_of(*base, ["Investment Income", 20000])
    as_wages = tax_of(*base)
    assert with_interest.niit == pytest.approx(760.00, abs=0.005)
    assert as_wages.niit == pytest.approx(0.0, abs=0.005)
    assert with_interest.regular_tax == pytest.approx(49_468.00, abs=0.005)
    assert with_interest.federal_total == pytest.approx(49_468.00 + 760.00, abs=0.005)


def test_niit_is_on_the_excess_over_the_threshold_when_that_is_smaller():
    # 2026 MFJ, $260,000 of which $20,000 interest: MAGI over 250,000 by 10,000 < NII 20,000
    # -> line 16 = 10,000, NIIT = 3.8% x 10,000 = $380.
    t = tax_of(["Tax Year", 2026], ["Filing Status", "MFJ"], ["Ordinary Income", 260000],
               ["Investment Income", "$20,000"])
    assert t.niit == pytest.approx(380.00, abs=0.005)


def test_a_deducted_capital_loss_reduces_net_investment_income():
    # Same $300,000 / $20,000 household with a $3,000 long-term loss realized: Form 1040 line 7 is
    # -3,000 (§1211(b) limit), AGI 297,000; Form 8960 line 5a counts the loss down to -3,000:
    # NII 20,000 - 3,000 = 17,000 < excess 47,000 -> NIIT = 3.8% x 17,000 = $646.
    t = tax_of(["Tax Year", 2026], ["Filing Status", "MFJ"], ["Ordinary Income", 300000],
               ["Investment Income", 20000], ["Realized LT YTD", -3000])
    assert t.agi == pytest.approx(297_000.0) and t.niit == pytest.approx(646.00, abs=0.005)


def test_a_taxpayer_65_or_older_gets_the_63f_amount_and_the_senior_deduction():
    single = FilingStatus.SINGLE
    standard = params.get("standard_deduction", 2026, single)
    additional = params.get("additional_standard_deduction", 2026, single)  # §63(f)(3): 2,050 unmarried
    senior = params.get("senior_deduction.amount", 2026, single)  # §151(d)(5)(C): 6,000
    assert (standard, additional, senior) == (16_100, 2_050, 6_000)  # Rev. Proc. 2025-32; P.L. 119-21
    # 2026 single, 70 years old, $50,000 of wages: AGI 50,000 is under the 75,000 phase-out start, so
    # taxable income = 50,000 - (16,100 + 2,050) - 6,000 = 25,850;
    # tax (Schedule X) = 10% x 12,400 + 12% x (25,850 - 12,400) = 1,240 + 1,614 = 2,854.
    base = (["Tax Year", 2026], ["Ordinary Income", 50000])
    t = tax_of(*base, ["Taxpayers 65 or Older", 1])
    assert t.taxable_income == pytest.approx(50_000 - standard - additional - senior)
    assert t.taxable_income == pytest.approx(25_850.0)
    assert t.federal_total == pytest.approx(2_854.00, abs=0.005)
    # Also blind: a second §63(f) amount, taxable 23,800, tax 1,240 + 12% x 11,400 = 2,608.
    t = tax_of(*base, ["Taxpayers 65 or Older", 1], ["Taxpayers Blind", 1])
    assert t.taxable_income == pytest.approx(23_800.0) and t.federal_total == pytest.approx(2_608.00, abs=0.005)
    # Nobody 65+ or blind: taxable 33,900, tax 1,240 + 12% x 21,500 = 3,820.
    assert tax_of(*base).federal_total == pytest.approx(3_820.00, abs=0.005)
