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


