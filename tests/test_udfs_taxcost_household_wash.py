"""TAXCOST and LOTPICK count a wash sale caused by a purchase in *any* account of the household.

Rule (IRC §1091(a); Treas. Reg. §1.1091-1(c); Pub 550 "Wash Sales"): a loss on shares sold is disallowed
for as many shares as the taxpayer acquired within 30 days before the sale and still holds, in any
account: another taxable account, or an IRA, Roth IRA or HSA, where it is lost for good (Rev. Rul.
2008-5). So the loss a sale can deduct does not depend on which account the sale names, nor on whether
the Accounts range is passed (account types only decide whether the disallowed loss is deferred or lost;
this year's tax is the same).

Hand-worked case (Flat mode, 35% short-term, no state): lot B, 100 VTI bought 2026-03-02 at $260 in
Brokerage; sell 40 at $250 on 2026-11-25 -> a $400 short-term loss (40 x $10). Recent purchases kept:

    IRA    10 sh  2026-11-10  (15 days before)     wash 10 x $10 = $100, lost for good
    Other   5 sh  2026-11-20  (second taxable acct) wash  5 x $10 =  $50, deferred into their basis
    Old     7 sh  2026-10-25  (31 days before)     outside the window: washes nothing

allowed loss 400 - 150 = $250 -> tax 0.35 x -250 = -87.50 (-140.00 with the wash ignored).
"""

from datetime import date

import pytest

from taxrebal.excel.udfs import TAXCOST

HEADER = ["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis"]
B = ["B", "Brokerage", "VTI", "2026-03-02", 100, 26000]
IRA_RECENT = ["I1", "IRA", "VTI", "2026-11-10", 10, None]
OTHER_RECENT = ["O1", "Other Taxable", "VTI", "2026-11-20", 5, 1300]
OLD_BUY = ["P1", "IRA", "VTI", "2026-10-25", 7, None]
LOTS = [HEADER, B, IRA_RECENT, OTHER_RECENT, OLD_BUY]
FLAT = [["Setting", "Value"], ["As Of", "2026-11-25"], ["Tax Mode", "Flat"], ["Flat ST Rate", "35%"],
        ["Flat LT Rate", "15%"], ["Realized ST YTD", 0], ["Realized LT YTD", 0]]
ACCOUNTS = [["Account", "Type"], ["Brokerage", "Taxable"], ["IRA", "Traditional IRA"],
            ["Other Taxable", "Taxable"]]


@pytest.mark.parametrize("account, accounts", [
    ("Brokerage", ACCOUNTS),   # the sale's account named, account types known
    ("Brokerage", None),       # account named, types unknown
    (None, ACCOUNTS),          # every taxable account's lots
])
def test_recent_purchases_in_every_account_wash_the_loss(account, accounts):
    # FIFO sells 40 of B (the only lot with a basis in Brokerage, and the oldest taxable lot): $400 loss,
    # 15 recent shares (IRA 10 + Other Taxable 5) wash $150 -> 0.35 x -250
    assert TAXCOST("VTI", 40, 250, LOTS, FLAT, "FIFO", account, None, accounts) == pytest.approx(-87.50)


def test_each_account_counts_on_its_own():
    # only the IRA purchase: 0.35 x -(400 - 100) = -105; only the other taxable account's: -(400 - 50)
    only_ira = [HEADER, B, IRA_RECENT]
    only_other = [HEADER, B, OTHER_RECENT]
    assert TAXCOST("VTI", 40, 250, only_ira, FLAT, "FIFO", "Brokerage", None, ACCOUNTS) == pytest.approx(-105.0)
    assert TAXCOST("VTI", 40, 250, only_other, FLAT, "FIFO", "Brokerage", None, ACCOUNTS) == pytest.approx(-122.50)
    # a purchase 31 days before the sale is outside the window (IRC §1091(a): "within 30 days")
    assert TAXCOST("VTI", 40, 250, [HEADER, B, OLD_BUY], FLAT, "FIFO", "Brokerage") == pytest.approx(-140.0)


def test_replacements_wash_no_more_loss_shares_than_they_are():
    # 15 replacement shares wash 15 loss shares at most (Reg. §1.1091-1(c)): selling 4 of B loses $40,
    # all of it washed (4 <= 15) -> 0; selling 100 loses $1,000, 150 washed -> 0.35 x -850 = -297.50
    assert TAXCOST("VTI", 4, 250, LOTS, FLAT, "FIFO", "Brokerage") == pytest.approx(0.0)
    assert TAXCOST("VTI", 100, 250, LOTS, FLAT, "FIFO", "Brokerage") == pytest.approx(-297.50)


def test_a_sale_inside_the_ira_still_costs_nothing():
    assert TAXCOST("VTI", 5, 250, LOTS, FLAT, None, "IRA", None, ACCOUNTS) == 0


# --------------------------------------------------------------------------------------------------
# The fe6 tester's hh1 household (MFJ, $180,000 wages, 2026 brackets, 5% state, sale on 2026-12-04)
# --------------------------------------------------------------------------------------------------
# Taxable income 180,000 - 32,200 = 147,800 sits in the 22% bracket (Rev. Proc. 2025-32) and MAGI is
# under $250,000 (no NIIT), with no gains this year: a loss saves 22% + 5% = 27% of itself.
HH1_LOTS = [
    HEADER,
    ["B2", "Brokerage", "VEA", "2024-03-01", 500, 27500],    # $55/sh
    ["B3", "Brokerage", "VEA", "2026-08-15", 200, 10800],    # $54/sh
    ["B4", "Brokerage", "BND", "2023-01-10", 400, 31200],    # $78/sh
    ["I2", "Trad IRA", "BND", "2016-01-01", 1000, None],
    ["I3", "Trad IRA", "VEA", "2026-11-20", 100, 5100],     # 14 days before
    ["I4", "Trad IRA", "BND", "2026-11-25", 50, 3600],      # 9 days before
    ["R1", "Roth", "VEA", "2020-01-01", 300, None],
    ["R2", "Roth", "VEA", "2026-11-04", 20, 1020],          # exactly 30 days before: in the window
    ["R3", "Roth", "VEA", "2026-11-03", 10, 510],           # 31 days before: out
]
HH1_SETTINGS = [["Setting", "Value"], ["As Of", date(2026, 12, 4)], ["Filing Status", "Married Filing Jointly"],
                ["Ordinary Income", 180000], ["State Tax Rate", 0.05], ["Realized ST YTD", 0], ["Realized LT YTD", 0]]
HH1_ACCOUNTS = [["Account", "Type"], ["Brokerage", "Taxable"], ["Trad IRA", "Traditional IRA"],
                ["Roth", "Roth IRA"]]


def test_hh1_vea_loss_washed_by_the_ira_and_roth_purchases():
    # B2: 500 x ($50 - $55) = -$2,500 LT; I3 100 + R2 20 = 120 shares wash 120 x $5 = $600 for good:
    # 0.27 x -1,900 = -513.00 (the tester's expected value; -675.00 before)
    assert TAXCOST("VEA", 500, 50, HH1_LOTS, HH1_SETTINGS, "Specific ID: B2", "Brokerage", None,
                   HH1_ACCOUNTS) == pytest.approx(-513.00)


def test_hh1_bnd_loss_washed_by_the_ira_purchase():
    # B4: 400 x ($72 - $78) = -$2,400; I4's 50 shares wash 50 x $6 = $300: 0.27 x -2,100 = -567.00
    assert TAXCOST("BND", 400, 72, HH1_LOTS, HH1_SETTINGS, None, "Brokerage", None, HH1_ACCOUNTS) \
        == pytest.approx(-567.00)


def test_hh1_recent_lot_in_a_second_taxable_account_counts_with_an_account_filter():
    # The tester's t5.py: 50 VEA bought 2026-11-28 in Brokerage2 (taxable) join the 120 IRA/Roth shares:
    # 170 x $5 = $850 washed: 0.27 x -(2,500 - 850) = -445.50
    lots = HH1_LOTS + [["B5", "Brokerage2", "VEA", "2026-11-28", 50, 2500]]
    accounts = HH1_ACCOUNTS + [["Brokerage2", "Taxable"]]
    for account in ("Brokerage", None):
        assert TAXCOST("VEA", 500, 50, lots, HH1_SETTINGS, "Specific ID: B2", account, None, accounts) \
            == pytest.approx(-445.50)


# --------------------------------------------------------------------------------------------------
# The sample workbook: the cell function and the run's Lot Selection sheet are one computation
# --------------------------------------------------------------------------------------------------

def _sample_ranges():
    from taxrebal.workbook.template import build_sample

    wb = build_sample()

    def values(name):
        return [list(r) for r in wb[name].iter_rows(values_only=True) if any(v is not None for v in r)]

    return values("Lots"), [r[:2] for r in values("Settings")], values("Accounts")


def test_sample_vti_sale_worked_by_hand():
    # The fe6 tester's case. TaxOptimal sells 50 of B-04 ($338.50/sh): a $425 short-term loss. Lot H-03,
    # 3 VTI bought 2026-11-02 in the Family HSA (18 days before the 2026-11-20 sale), washes 3 x $8.50 =
    # $25.50 of it for good (Rev. Rul. 2008-5): allowed $399.50. Settings as typed: MFJ, wages 240,000,
    # ST +350, LT +10,720, 5% state, MAGI over 250,000 (NIIT). The loss cancels the $350 ST gain (22%:
    # -77.00) and $49.50 of LT gain (15%: -7.425); NIIT 3.8% x -399.50 = -15.181; state 5% x -399.50 =
    # -19.975: -119.581 (-125.65 with the wash ignored).
    lots, settings, accounts = _sample_ranges()
    for accts in (accounts, None):
        assert TAXCOST("VTI", 50, 330, lots, settings, None, "Joint Brokerage", None, accts) \
            == pytest.approx(-119.58, abs=0.005)
        assert TAXCOST("VTI", 50, 330, lots, settings, "Specific ID: B-04", "Joint Brokerage", None, accts) \
            == pytest.approx(-119.58, abs=0.005)


def test_sample_taxcost_equals_the_lot_selection_sheet():
    # The same sale as a Sales-sheet row of a run: the Lot Selection sheet's chosen row (recent purchases
    # from the wash engine, every account) and TAXCOST (the Lots range's recent lots, every account) give
    # the same lots, the same reported gain and the same tax, for every lot method TAXCOST takes.
    from taxrebal.engine.lot_selection import compare_request
    from taxrebal.engine.records import LotMethod, SaleRequest
    from taxrebal.engine.wash import adjust_lots
    from taxrebal.workbook.results.lot_selection import lot_selection_tables, tax_profile
    from taxrebal.workbook.template import sample_household

    lots, settings, accounts = _sample_ranges()
    h = sample_household()
    wash = adjust_lots(h)
    as_of = h.settings.as_of
    for method in (LotMethod.TAX_OPTIMAL, LotMethod.FIFO, LotMethod.LIFO, LotMethod.HIFO, LotMethod.MIN_TAX):
        for quantity in (50, 150):
            for account in ("Joint Brokerage", ""):  # "": every taxable account (TAXCOST with accounts)
                request = SaleRequest(account, "VTI", quantity, 330.0, method)
                tables, issues = lot_selection_tables(wash.household, [request], as_of=as_of, wash=wash)
                assert not issues
                comparison = tables[0]
                chosen = comparison.rows[comparison.highlight[0]]
                assert chosen[0] == method.value and chosen[-1] == "Chosen"
                cell = TAXCOST("VTI", quantity, 330, lots, settings, method.value, account or None, None, accounts)
                assert cell == pytest.approx(chosen[6], abs=0.005), (method, quantity, account, comparison.notes)
    # both count H-03's wash: TaxOptimal's 50 shares of B-04 lose 3 x $8.50 (not both ignoring it), also
    # when the comparison is made without the wash engine's purchases (the household's own lots)
    c = compare_request(wash.household, SaleRequest("Joint Brokerage", "VTI", 50, 330.0, LotMethod.TAX_OPTIMAL),
                        as_of, tax_profile(wash.household, as_of))
    assert c.chosen_outcome.washed.disallowed == pytest.approx(25.50)
    assert [m.recent.lot_id for m in c.chosen_outcome.washed.matches] == ["H-03"]
    assert c.chosen_outcome.washed.lost_for_good == pytest.approx(25.50)  # an HSA: Rev. Rul. 2008-5
