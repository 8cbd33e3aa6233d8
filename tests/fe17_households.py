"""fe17's households (/work/wt/notes/fe17/hh), as records: the figures of their workbooks, typed once.

h10 (h10.py), As Of 2026-12-04, Single, $150,000 of wages, no state tax: Taxable holds 100 VTI at $300
(basis $15,000, long-term); VTI was sold at a loss on 2026-11-20 (50 shares bought 2025-12-01 for
$16,000, sold at $300: -$1,000 short-term); K401, a 401(k), holds 2,000 FXNAX at $10 and 100 FSKAX at
$150 (FSKAX in VTI's Identical Group) and gets $9,000 of payroll Contribution (menu FSKAX, FXNAX);
targets US 70%, Bonds 30% (5-point bands); Realized LT YTD $5,000 typed, ST -$1,000 (the VTI sale).
"""

from datetime import date

from taxrebal.engine.records import (
    Account,
    Action,
    FilingStatus,
    Household,
    Lot,
    Security,
    SecurityType,
    Settings,
    Target,
    Transaction,
)

AS_OF = date(2026, 12, 4)
FUND = SecurityType.MUTUAL_FUND


def h10() -> Household:
    return Household(
        accounts=(Account("Taxable", "Taxable"), Account("K401", "401(k)", contribution=9_000.0)),
        securities=(Security("VTI", "US", 300.0, identical_group="TSM", replacements=("SCHB",)),
                    Security("SCHB", "US", 25.0, identical_group="DJ"),
                    Security("FSKAX", "US", 150.0, identical_group="TSM", security_type=FUND),
                    Security("FXNAX", "Bonds", 10.0, identical_group="AGG", security_type=FUND)),
        lots=(Lot("T1", "Taxable", "VTI", date(2020, 1, 2), 100, 15_000.0),
              Lot("K1", "K401", "FXNAX", None, 2_000, None),
              Lot("K2", "K401", "FSKAX", None, 100, None)),
        transactions=(Transaction(date(2026, 11, 20), "Taxable", "VTI", Action.SELL, 50, 300.0,
                                  acquired=date(2025, 12, 1), basis=16_000.0),),
        targets=(Target("US", 0.70, 0.05), Target("Bonds", 0.30, 0.05)),
        settings=Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=150_000.0,
                          realized_st_ytd=-1_000.0, realized_lt_ytd=5_000.0, realized_ytd_reconciled=True),
        menus={"K401": frozenset({"FSKAX", "FXNAX"})})




def h3() -> Household:
    """fe17 h3 (h3.py), As Of 2026-12-04, Head of Household, 65 or older, $40,000 of wages, 4% state tax,
    Whole Shares = Y, Min Trade $50. Taxable: VTI at $300 in lots INH (50 inherited, $14,000: $20 a share
    of long-term gain), T1 (100 bought 2015-03-02, $10,000) and T2 (20 bought 2025-12-08, $5,800: $10 a
    share of gain, short-term until 2026-12-09), 200 BND at $72 ($14,000); a Traditional IRA holds 750
    VBTLX at $9.60. Household $72,600; targets US Stocks 50%, Bonds 50% (5-point bands)."""
    return Household(
        accounts=(Account("Taxable", "Taxable"), Account("IRA", "Traditional IRA")),
        securities=(Security("VTI", "US Stocks", 300.0, identical_group="TSM", replacements=("SCHB",)),
                    Security("SCHB", "US Stocks", 25.0, identical_group="DJ"),
                    Security("BND", "Bonds", 72.0, identical_group="AGGB"),
                    Security("VBTLX", "Bonds", 9.6, identical_group="AGGB")),
        lots=(Lot("INH", "Taxable", "VTI", None, 50, 14_000.0, inherited=True),
              Lot("T1", "Taxable", "VTI", date(2015, 3, 2), 100, 10_000.0),
              Lot("T2", "Taxable", "VTI", date(2025, 12, 8), 20, 5_800.0),
              Lot("B1", "Taxable", "BND", date(2020, 5, 1), 200, 14_000.0),
              Lot("R1", "IRA", "VBTLX", None, 750, None)),
        targets=(Target("US Stocks", 0.5, 0.05), Target("Bonds", 0.5, 0.05)),
        settings=Settings(as_of=AS_OF, filing_status=FilingStatus.HEAD_OF_HOUSEHOLD, ordinary_income=40_000.0,
                          state_tax_rate=0.04, taxpayers_65_or_older=1, whole_shares=True,
                          realized_st_ytd=0.0, realized_lt_ytd=0.0, realized_ytd_reconciled=True))
