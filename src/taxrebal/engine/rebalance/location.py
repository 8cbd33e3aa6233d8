"""Asset location: which account type a class is best bought in (a tie-break, never at the cost of tax).

Worked example: "US Bonds" bought in a 401(k) -> penalty 0, in a Roth -> 1, in a brokerage account
-> 2; a Targets.Location of "Tax-free" makes the Roth 0 and every other account 1.
"""

from __future__ import annotations

from ..records import (
    Household,
    Security,
    TaxTreatment,
)

_INEFFICIENT = ("bond", "fixed income", "treasur", "tips", "reit", "real estate", "high yield",
                "credit", "income", "money market", "cash", "commodit")
_MUNICIPAL = ("muni", "tax-exempt", "tax exempt")
_GROWTH = ("emerging", "small", "growth", "frontier", "venture")


def location_penalty(asset_class: str, treatment: TaxTreatment, preferred: TaxTreatment | None = None) -> int:
    """Steps (0 = best) between buying ``asset_class`` in an account of ``treatment`` and its best home.

    Rule (Pub 550 for why interest is taxed yearly at ordinary rates while qualified dividends and
    long-term gains get 0/15/20%): a Targets.location wins when given (0 there, 1 elsewhere).
    Otherwise: municipal bonds (interest tax-exempt, IRC §103) belong in taxable accounts;
    tax-inefficient classes (bonds, REITs, cash, commodities: income taxed at ordinary rates) in
    tax-deferred, then tax-free, then taxable; high-growth equity in tax-free, then taxable, then
    tax-deferred; other equity (tax-efficient, qualified dividends) in taxable, then tax-free, then
    tax-deferred. Example: "US Bonds" in a 401(k) -> 0, in a Roth -> 1, in a brokerage account -> 2.
    """
    if preferred is not None:
        return 0 if treatment is preferred else 1
    name = asset_class.lower()
    T = TaxTreatment
    if any(w in name for w in _MUNICIPAL):
        order = (T.TAXABLE, T.TAX_FREE, T.TAX_DEFERRED)
    elif any(w in name for w in _INEFFICIENT):
        order = (T.TAX_DEFERRED, T.TAX_FREE, T.TAXABLE)
    elif any(w in name for w in _GROWTH):
        order = (T.TAX_FREE, T.TAXABLE, T.TAX_DEFERRED)
    else:
        order = (T.TAXABLE, T.TAX_FREE, T.TAX_DEFERRED)
    return order.index(treatment)



def replacement_rank(household: Household, sec: Security) -> int:
    """Rank of ``sec`` among the replacements listed for its class: its place in the lists that name
    it (0 = first choice); a security of a class whose funds list replacements but that no list
    names ranks after every listed one; 0 when the class lists none.

    Example: VXUS lists replacements ("IXUS", "VEU"): IXUS ranks 0, VEU 1, an unlisted SPDW 2."""
    lists = [o.replacements for o in household.securities if o.asset_class == sec.asset_class and o.replacements]
    if not lists:
        return 0
    named = [lst.index(sec.symbol) for lst in lists if sec.symbol in lst]
    return min(named) if named else max(len(lst) for lst in lists)
