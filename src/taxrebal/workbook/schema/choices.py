"""Accepted spellings of the choice cells (Account Type, Action, Filing Status, Lot Method, Tax Mode,
Rebalance To, Location, Security Type) and the spellings taxrebal refuses as out of scope, with why.

Each map is keyed by the normalized spelling (:func:`taxrebal.workbook.cells.normalize_key`: case, spaces
and punctuation ignored), so ``"Trad IRA"``, ``"trad-ira"`` and ``"TRADIRA"`` all read as
``Traditional IRA``; ``"Sell to Open"`` on Transactions is refused with :data:`OUT_OF_SCOPE_ACTIONS`'s reason.
"""

from __future__ import annotations

from typing import Any, Mapping

from ...engine.records import (
    ACCOUNT_TYPES,
    Action,
    FilingStatus,
    LotMethod,
    RebalanceTo,
    SecurityType,
    TaxMode,
    TaxTreatment,
)
from ..cells import normalize_key

__all__ = [
    "ACCOUNT_TYPE_ALIASES", "ACTION_ALIASES", "OUT_OF_SCOPE_ACTIONS", "OUT_OF_SCOPE_ACQUIRED",
    "OUT_OF_SCOPE_ACCOUNT_TYPES",
    "OUT_OF_SCOPE_METHODS", "OUT_OF_SCOPE_LINES", "FILING_STATUS_ALIASES", "SURVIVING_SPOUSE_KEYS",
    "LOT_METHOD_ALIASES", "TAX_MODE_ALIASES", "REBALANCE_TO_ALIASES", "LOCATION_ALIASES",
    "SECURITY_TYPE_ALIASES",
]


def _aliases(pairs: Mapping[str, Any]) -> dict[str, Any]:
    return {normalize_key(k): v for k, v in pairs.items()}


#: Account Type spellings -> canonical key of ``records.ACCOUNT_TYPES``.
ACCOUNT_TYPE_ALIASES: Mapping[str, str] = _aliases(
    {
        **{k: k for k in ACCOUNT_TYPES},
        "Taxable Brokerage": "Taxable", "Brokerage": "Taxable", "Individual": "Taxable",
        "Individual Brokerage": "Taxable", "Joint": "Taxable", "Joint Brokerage": "Taxable",
        "JTWROS": "Taxable", "Revocable Trust": "Taxable", "Living Trust": "Taxable",
        "Grantor Trust": "Taxable", "Non-retirement": "Taxable", "Nonqualified": "Taxable",
        "IRA": "Traditional IRA", "Trad IRA": "Traditional IRA", "Traditional": "Traditional IRA",
        "Rollover IRA": "Traditional IRA", "Rollover": "Traditional IRA", "IRA Rollover": "Traditional IRA",
        "Traditional Rollover IRA": "Traditional IRA", "Inherited IRA": "Traditional IRA",
        "401k": "401(k)", "Traditional 401(k)": "401(k)", "401(k) Traditional": "401(k)",
        "Solo 401(k)": "401(k)", "403b": "403(b)", "SEP": "SEP IRA", "SEP-IRA": "SEP IRA",
        "SIMPLE": "SIMPLE IRA", "SIMPLE-IRA": "SIMPLE IRA",
        "Roth": "Roth IRA", "Roth IRA": "Roth IRA", "Roth 401k": "Roth 401(k)",
        "401(k) Roth": "Roth 401(k)", "Designated Roth 401(k)": "Roth 401(k)",
        # fe21 finding 9: taxed as a type above, so read as it (IRC §402A(e)(1): a designated Roth account
        # of a 403(b) or governmental 457(b) is a Roth 401(k)'s; IRC §457(a), §7701(j): a governmental
        # 457(b) and the Thrift Savings Plan defer tax as a 401(k) does, contributions by payroll)
        "Roth 403(b)": "Roth 401(k)", "Roth 403b": "Roth 401(k)", "Roth 457(b)": "Roth 401(k)",
        "Roth 457b": "Roth 401(k)", "Roth TSP": "Roth 401(k)", "457(b)": "401(k)", "457b": "401(k)",
        "Governmental 457(b)": "401(k)", "TSP": "401(k)", "Thrift Savings Plan": "401(k)",
        "Inherited Roth IRA": "Roth IRA",
        "Health Savings Account": "HSA", "Health Savings": "HSA",
    }
)

ACTION_ALIASES: Mapping[str, Action] = _aliases(
    {
        "Buy": Action.BUY, "Bought": Action.BUY, "Purchase": Action.BUY, "Purchased": Action.BUY,
        "B": Action.BUY,
        "Sell": Action.SELL, "Sold": Action.SELL, "Sale": Action.SELL, "S": Action.SELL,
        "Reinvest": Action.REINVEST, "Reinvested": Action.REINVEST, "Reinvestment": Action.REINVEST,
        "DRIP": Action.REINVEST, "Dividend Reinvestment": Action.REINVEST,
        "Reinvest Dividend": Action.REINVEST, "Reinvested Dividend": Action.REINVEST,
        "Dividend Reinvest": Action.REINVEST, "Reinvest Dividends": Action.REINVEST,
        "Div Reinvest": Action.REINVEST, "Reinvest Capital Gain": Action.REINVEST,
    }
)

#: What taxrebal does not model, refused with the cell named (README "Out of scope"). Each entry:
#: the spellings that reveal it -> why it is refused and what to do.
_OPTIONS = ("options are out of scope: an option is a contract on 100 shares with its own holding-period and "
            "wash-sale rules (IRC §1091(a), §1234), which taxrebal does not model; leave option trades off the "
            "workbook and check their wash-sale effect with your broker")
_SHORTS = ("short sales are out of scope (IRC §1233, §1259 constructive sales are not modelled); leave short "
           "positions off the workbook")
_GIFTS = ("shares received as a gift are out of scope: their basis depends on the donor's basis and the value at "
          "the gift (the two-basis rule of IRC §1015) and their holding period on the donor's (§1223(2)); enter "
          "the lot with the basis and date from your tax adviser or leave it off")
OUT_OF_SCOPE_ACTIONS: Mapping[str, str] = _aliases(
    {**{k: _OPTIONS for k in ("Buy to Open", "Sell to Open", "Buy to Close", "Sell to Close", "BTO", "STO", "BTC",
                              "STC", "Exercise", "Exercised", "Assigned", "Assignment", "Expired", "Expiration",
                              "Call", "Put")},
     **{k: _SHORTS for k in ("Sell Short", "Short", "Short Sale", "Buy to Cover", "Cover", "Short Cover")},
     **{k: _GIFTS for k in ("Gift", "Gift In", "Gifted", "Gift Received", "Received Gift", "Received as Gift")}}
)
_CUSTODIAL = ("a custodial account (UTMA/UGMA) is out of scope: its shares belong to the child and its gains are "
              "taxed on the child's return (IRC §1(g)), not on the household's that taxrebal plans; leave it off the "
              "workbook (or, if the account is yours, type Taxable)")
_TRUST = ("a trust's tax depends on its kind: a revocable (grantor) trust is taxed on your own return (IRC §671-677): "
          "type Revocable Trust; an irrevocable trust that is a separate taxpayer, with its own brackets (IRC §1(e), "
          "§641), is out of scope: leave it off the workbook")
#: Account Types taxrebal does not read as the household's own (fe11 finding 18: they were silently Taxable).
OUT_OF_SCOPE_ACCOUNT_TYPES: Mapping[str, str] = _aliases(
    {**{k: _CUSTODIAL for k in ("Custodial", "UTMA", "UGMA", "Custodial UTMA", "Custodial UGMA", "Custodian")},
     **{k: _TRUST for k in ("Trust", "Irrevocable Trust", "Trust Account", "Non-grantor Trust")}}
)
OUT_OF_SCOPE_ACQUIRED: Mapping[str, str] = _aliases(
    {k: _GIFTS for k in ("Gift", "Gifted", "By Gift", "Received as Gift", "Gift Received", "Donated", "Donor")}
)
OUT_OF_SCOPE_METHODS: Mapping[str, str] = _aliases(
    {k: ("average basis (mutual-fund average cost, Treas. Reg. §1.1012-1(e)) is out of scope: taxrebal relieves "
         "lots one by one; choose FIFO, LIFO, HIFO, Specific ID, MinTax or TaxOptimal, and leave funds your broker "
         "holds at average cost off the workbook")
     for k in ("Average Cost", "Average", "Avg Cost", "Average Basis", "ACB", "Avg", "Average Cost Basis",
               "Single Category", "Double Category")}
)
#: README lines of the out-of-scope list (rendered by :func:`contract_markdown`).
OUT_OF_SCOPE_LINES: tuple[str, ...] = (
    "**Options** (Buy to Open, Sell to Close, calls and puts, OCC option symbols): an Action or Symbol cell that "
    "names one is an error naming the cell. §1091(a) covers options, but their contract size and rules are not "
    "modelled.",
    "**Short positions** (a negative Quantity on Lots, Sell Short / Buy to Cover): an error naming the cell.",
    "**Gifts** (Acquired written as Gift, or a Gift action): an error naming the cell; the donor's basis and "
    "the two-basis rule of IRC §1015 are not modelled. Enter the lot with the basis and date your adviser gives.",
    "**Mutual-fund average basis** (Lot Method Average Cost): an error naming the cell; lots are relieved one by one.",
    "**Other taxpayers' accounts** (Account Type Custodial, UTMA, UGMA, Trust, Irrevocable Trust): an error naming "
    "the cell. A custodial account is the child's, taxed on the child's return (IRC §1(g)); an irrevocable trust "
    "may be a taxpayer of its own (IRC §1(e), §641). A revocable (grantor) trust is yours (IRC §671-677): type "
    "Revocable Trust (read as Taxable).",
)

FILING_STATUS_ALIASES: Mapping[str, FilingStatus] = _aliases(
    {
        "Single": FilingStatus.SINGLE, "S": FilingStatus.SINGLE,
        "Married Filing Jointly": FilingStatus.MARRIED_JOINT, "MFJ": FilingStatus.MARRIED_JOINT,
        "Married Jointly": FilingStatus.MARRIED_JOINT, "Joint": FilingStatus.MARRIED_JOINT,
        "Married Filing Joint": FilingStatus.MARRIED_JOINT,
        # A bare "Married" is not an alias: joint and separate returns are taxed very differently
        # (IRC §1(a), §1(d)), so the reader asks which one instead of guessing.
        # Qualifying surviving spouse uses the joint brackets and standard deduction (IRC §1(a), §63(c)(2)).
        "Qualifying Surviving Spouse": FilingStatus.MARRIED_JOINT, "QSS": FilingStatus.MARRIED_JOINT,
        "Qualifying Widow": FilingStatus.MARRIED_JOINT, "Qualifying Widower": FilingStatus.MARRIED_JOINT,
        "Qualifying Widow(er)": FilingStatus.MARRIED_JOINT, "QW": FilingStatus.MARRIED_JOINT,
        "Married Filing Separately": FilingStatus.MARRIED_SEPARATE, "MFS": FilingStatus.MARRIED_SEPARATE,
        "Married Separately": FilingStatus.MARRIED_SEPARATE, "Separate": FilingStatus.MARRIED_SEPARATE,
        "Married Filing Separate": FilingStatus.MARRIED_SEPARATE,
        "Head of Household": FilingStatus.HEAD_OF_HOUSEHOLD, "HOH": FilingStatus.HEAD_OF_HOUSEHOLD,
        "Head": FilingStatus.HEAD_OF_HOUSEHOLD,
    }
)
#: normalized spellings that mean Qualifying Surviving Spouse (reported as Info).
SURVIVING_SPOUSE_KEYS = frozenset(
    normalize_key(s) for s in ("Qualifying Surviving Spouse", "QSS", "Qualifying Widow",
                               "Qualifying Widower", "Qualifying Widow(er)", "QW")
)

LOT_METHOD_ALIASES: Mapping[str, LotMethod] = _aliases(
    {
        "FIFO": LotMethod.FIFO, "First In First Out": LotMethod.FIFO,
        "LIFO": LotMethod.LIFO, "Last In First Out": LotMethod.LIFO,
        "HIFO": LotMethod.HIFO, "Highest In First Out": LotMethod.HIFO, "Highest Cost": LotMethod.HIFO,
        "High Cost": LotMethod.HIFO,
        "Specific ID": LotMethod.SPECIFIC, "Specific": LotMethod.SPECIFIC, "SpecID": LotMethod.SPECIFIC,
        "Specific Identification": LotMethod.SPECIFIC, "Specific Lot": LotMethod.SPECIFIC,
        "Specific Lots": LotMethod.SPECIFIC, "SpecificLot": LotMethod.SPECIFIC,
        "MinTax": LotMethod.MIN_TAX, "Min Tax": LotMethod.MIN_TAX, "Minimum Tax": LotMethod.MIN_TAX,
        "Tax Min": LotMethod.MIN_TAX, "Lowest Tax": LotMethod.MIN_TAX,
        "TaxOptimal": LotMethod.TAX_OPTIMAL, "Tax Optimal": LotMethod.TAX_OPTIMAL,
        "Optimal": LotMethod.TAX_OPTIMAL, "Tax Optimized": LotMethod.TAX_OPTIMAL,
    }
)

TAX_MODE_ALIASES: Mapping[str, TaxMode] = _aliases(
    {"Brackets": TaxMode.BRACKETS, "Bracket": TaxMode.BRACKETS, "Progressive": TaxMode.BRACKETS,
     "Flat": TaxMode.FLAT, "Flat Rate": TaxMode.FLAT, "Flat Rates": TaxMode.FLAT}
)

REBALANCE_TO_ALIASES: Mapping[str, RebalanceTo] = _aliases(
    {"Target": RebalanceTo.TARGET, "Targets": RebalanceTo.TARGET, "Center": RebalanceTo.TARGET,
     "Band Edge": RebalanceTo.BAND_EDGE, "Edge": RebalanceTo.BAND_EDGE, "Band": RebalanceTo.BAND_EDGE,
     "Edge of Band": RebalanceTo.BAND_EDGE}
)

#: Targets.Location: where new purchases of a class should preferably go. Account-type words name
#: their treatment ("IRA", "401(k)" -> Tax-deferred; "Roth", "HSA" -> Tax-free; "Brokerage" -> Taxable).
LOCATION_ALIASES: Mapping[str, TaxTreatment] = _aliases(
    {
        "Taxable": TaxTreatment.TAXABLE, "Brokerage": TaxTreatment.TAXABLE,
        "Tax-deferred": TaxTreatment.TAX_DEFERRED, "Deferred": TaxTreatment.TAX_DEFERRED,
        "Tax deferred": TaxTreatment.TAX_DEFERRED, "Pre-tax": TaxTreatment.TAX_DEFERRED,
        "Traditional": TaxTreatment.TAX_DEFERRED, "IRA": TaxTreatment.TAX_DEFERRED,
        "Traditional IRA": TaxTreatment.TAX_DEFERRED, "401(k)": TaxTreatment.TAX_DEFERRED,
        "Tax-free": TaxTreatment.TAX_FREE, "Tax free": TaxTreatment.TAX_FREE,
        "Tax-exempt": TaxTreatment.TAX_FREE, "Exempt": TaxTreatment.TAX_FREE, "Roth": TaxTreatment.TAX_FREE,
        "Roth IRA": TaxTreatment.TAX_FREE, "HSA": TaxTreatment.TAX_FREE,
    }
)

#: Securities.Type: how the security trades (records.SecurityType). Whole Shares applies to what trades on
#: an exchange; an open-end mutual fund (money-market funds included) trades in fractional shares.
SECURITY_TYPE_ALIASES: Mapping[str, SecurityType] = _aliases(
    {
        "Stock": SecurityType.STOCK, "Stocks": SecurityType.STOCK, "Common Stock": SecurityType.STOCK,
        "Equity": SecurityType.STOCK, "ADR": SecurityType.STOCK, "STK": SecurityType.STOCK,
        "ETF": SecurityType.ETF, "ETFs": SecurityType.ETF, "Exchange-Traded Fund": SecurityType.ETF,
        "Exchange Traded Fund": SecurityType.ETF, "ETN": SecurityType.ETF,
        "Mutual Fund": SecurityType.MUTUAL_FUND, "Mutual Funds": SecurityType.MUTUAL_FUND,
        "MF": SecurityType.MUTUAL_FUND, "Open-End Fund": SecurityType.MUTUAL_FUND,
        "Money Market": SecurityType.MUTUAL_FUND, "Money Market Fund": SecurityType.MUTUAL_FUND,
    }
)
