"""fe19's households (/work/wt/notes/fe19/hh), as records: the figures of their workbooks, typed once.

h6 (h6.py), As Of 2026-12-04, Married Filing Separately, $120,000 of wages, no state tax, Realized ST/LT
YTD 0 typed. Brokerage (Taxable, cash 0) withdraws $20,000 (Contribution -20,000) and holds 100 AAPL at
$200 (inherited, basis $15,000), 100 VTI at $300 bought 2016-01-04 ($10,000), 50 VTI bought 2026-09-01
($14,000: short-term) and 200 VXUS at $60 bought 2020-01-02 ($10,000); an IRA holds 300 BND at $72 and
20 VTI. Targets US 60%, Intl 20%, Bonds 20% (5-point bands). Taxable ordinary income is $120,000 -
$16,100 = $103,900, past the $49,450 top of the 0% band (MFS, 2026), so long-term gains cost 15%; MAGI
stays under the $125,000 NIIT threshold below $5,000 of gains.

h12 (h12.py, variant h12c), As Of 2026-12-04, Married Filing Jointly, $150,000 of wages, Realized LT YTD
$10,000 (so a long-term loss saves 15%), every class within its band. Taxable: V1, 100 VTI at $300 bought
2019-01-02 for $36,000 (-$6,000 long-term), V2, 5 VTI bought on As Of at $300 (on Transactions as a Buy
with Lot ID V2), BND and a zero-basis SPIN lot; an IRA holds BND.
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
STOCK = SecurityType.STOCK


def h6(tax_budget: float | None = None, withdrawal: float = 20_000.0) -> Household:
    return Household(
        accounts=(Account("Brokerage", "Taxable", contribution=-withdrawal), Account("IRA", "Traditional IRA")),
        securities=(Security("VTI", "US", 300.0), Security("AAPL", "US", 200.0, security_type=STOCK),
                    Security("BND", "Bonds", 72.0), Security("VXUS", "Intl", 60.0)),
        lots=(Lot("A1", "Brokerage", "AAPL", None, 100, 15_000.0, inherited=True),
              Lot("V1", "Brokerage", "VTI", date(2016, 1, 4), 100, 10_000.0),
              Lot("V2", "Brokerage", "VTI", date(2026, 9, 1), 50, 14_000.0),
              Lot("X1", "Brokerage", "VXUS", date(2020, 1, 2), 200, 10_000.0),
              Lot("I1", "IRA", "BND", date(2015, 1, 2), 300, 20_000.0),
              Lot("I2", "IRA", "VTI", date(2015, 1, 2), 20, 2_000.0)),
        targets=(Target("US", 0.60, 0.05), Target("Intl", 0.20, 0.05), Target("Bonds", 0.20, 0.05)),
        settings=Settings(as_of=AS_OF, filing_status=FilingStatus.MARRIED_SEPARATE, ordinary_income=120_000.0,
                          realized_st_ytd=0.0, realized_lt_ytd=0.0, realized_ytd_reconciled=True,
                          tax_budget=tax_budget))


def h12(v2_price: float = 300.0, v2_bought: date = AS_OF, v1_acquired: date = date(2019, 1, 2)) -> Household:
    """V2's 5 shares bought on v2_bought at v2_price (h12c: on As Of at today's $300); V1 bought on
    v1_acquired (2026-03-02: a short-term loss, which nets against the $10,000 long-term gain at 15% too)."""
    return Household(
        accounts=(Account("Taxable", "Taxable"), Account("IRA", "Traditional IRA")),
        securities=(Security("VTI", "US", 300.0, replacements=("SCHB",)), Security("SCHB", "US", 25.0),
                    Security("SPIN", "US", 40.0, security_type=STOCK),
                    Security("BND", "Bonds", 72.0, replacements=("AGG",)), Security("AGG", "Bonds", 98.0)),
        lots=(Lot("V1", "Taxable", "VTI", v1_acquired, 100, 36_000.0),
              Lot("V2", "Taxable", "VTI", v2_bought, 5, 5 * v2_price),
              Lot("Z1", "Taxable", "SPIN", date(2020, 6, 1), 50, 0.0),
              Lot("B1", "Taxable", "BND", date(2020, 1, 2), 100, 7_000.0),
              Lot("I1", "IRA", "BND", date(2015, 1, 2), 200, 12_000.0)),
        transactions=(Transaction(v2_bought, "Taxable", "VTI", Action.BUY, 5, v2_price, lot_id="V2"),),
        targets=(Target("US", 0.60, 0.05), Target("Bonds", 0.40, 0.05)),
        settings=Settings(as_of=AS_OF, filing_status=FilingStatus.MARRIED_JOINT, ordinary_income=150_000.0,
                          realized_st_ytd=0.0, realized_lt_ytd=10_000.0, realized_ytd_reconciled=True))
