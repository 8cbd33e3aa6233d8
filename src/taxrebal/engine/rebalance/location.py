"""Asset location: which account type a class is best bought in (a tie-break, never at the cost of tax).

The class is recognised by its whole name, never by a word inside it: "US Bonds" is a bond class,
"Equity Income" is not (it holds dividend stocks), "Small Cap Value" is high-growth equity. A name
that is not in the tables below gets the broad-equity order; Targets.Location names the account type
for any class and always wins.

Worked example: "US Bonds" bought in a 401(k) -> penalty 0, in a Roth -> 1, in a brokerage account
-> 2; "Equity Income" in a brokerage account -> 0 (equity), in a 401(k) -> 2; a Targets.Location of
"Tax-free" makes the Roth 0 and every other account 1.
"""

from __future__ import annotations

import re

from ..records import (
    Household,
    Security,
    TaxTreatment,
)

#: Classes whose income is taxed each year at ordinary rates (interest, REIT dividends), by name.
INEFFICIENT_CLASSES = frozenset({
    "bonds", "bond", "us bonds", "u.s. bonds", "intl bonds", "international bonds", "global bonds",
    "foreign bonds", "total bond", "aggregate bonds", "core bonds", "fixed income", "us fixed income",
    "intl fixed income", "international fixed income", "taxable bonds", "corporate bonds",
    "investment grade bonds", "short-term bonds", "short term bonds", "intermediate-term bonds",
    "intermediate bonds", "long-term bonds", "long term bonds", "treasuries", "treasury", "us treasuries",
    "treasury bonds", "government bonds", "tips", "inflation-protected bonds", "inflation protected bonds",
    "i bonds", "high yield", "high-yield", "high yield bonds", "high-yield bonds", "junk bonds", "credit",
    "emerging markets bonds", "emerging market bonds", "em bonds", "reit", "reits", "us reits",
    "intl reits", "real estate", "us real estate", "real estate investment trusts", "money market",
    "cash", "cash equivalents", "stable value", "cds", "commodities", "commodity", "gold",
})
#: Municipal bonds: interest exempt from federal tax (IRC §103), wasted in a tax-advantaged account.
MUNICIPAL_CLASSES = frozenset({
    "municipal bonds", "municipals", "munis", "muni bonds", "muni", "tax-exempt bonds", "tax exempt bonds",
    "national munis", "state munis",
})
#: High-growth equity: the most expected growth, best sheltered for good in a tax-free account.
GROWTH_CLASSES = frozenset({
    "small cap", "small-cap", "us small cap", "small cap value", "small-cap value", "us small cap value",
    "small cap growth", "intl small cap", "international small cap", "emerging markets", "emerging market",
    "emerging markets stocks", "em stocks", "em equity", "frontier markets", "growth", "us growth",
    "large cap growth", "growth stocks", "mid cap growth", "venture",
})


def class_key(asset_class: str) -> str:
    """The name as the tables hold it: lower case, single spaces, "&" read as "and".
    Example: "  Small  Cap Value " -> "small cap value"."""
    return re.sub(r"\s+", " ", asset_class.replace("&", " and ")).strip().lower()


def location_penalty(asset_class: str, treatment: TaxTreatment, preferred: TaxTreatment | None = None) -> int:
    """Steps (0 = best) between buying ``asset_class`` in an account of ``treatment`` and its best home.

    Rule (Pub 550 for why interest is taxed yearly at ordinary rates while qualified dividends and
    long-term gains get 0/15/20%): a Targets.location wins when given (0 there, 1 elsewhere).
    Otherwise, by the class's whole name (module docstring): municipal bonds (interest tax-exempt,
    IRC §103) belong in taxable accounts; tax-inefficient classes (bonds, REITs, cash, commodities:
    income taxed at ordinary rates) in tax-deferred, then tax-free, then taxable; high-growth equity in
    tax-free, then taxable, then tax-deferred; every other class (broad equity: tax-efficient,
    qualified dividends) in taxable, then tax-free, then tax-deferred. Example: "US Bonds" in a
    401(k) -> 0, in a Roth -> 1, in a brokerage account -> 2.
    """
    if preferred is not None:
        return 0 if treatment is preferred else 1
    name = class_key(asset_class)
    T = TaxTreatment
    if name in MUNICIPAL_CLASSES:
        order = (T.TAXABLE, T.TAX_FREE, T.TAX_DEFERRED)
    elif name in INEFFICIENT_CLASSES:
        order = (T.TAX_DEFERRED, T.TAX_FREE, T.TAXABLE)
    elif name in GROWTH_CLASSES:
        order = (T.TAX_FREE, T.TAXABLE, T.TAX_DEFERRED)
    else:
        order = (T.TAXABLE, T.TAX_FREE, T.TAX_DEFERRED)
    return order.index(treatment)


def replacement_ranks(household: Household) -> dict[str, int]:
    """:func:`replacement_rank` of every security, the lists gathered once per class (not once per
    security: a household of 50 securities in 10 accounts asked 500 times)."""
    lists: dict[str, list[tuple[str, ...]]] = {}
    for o in household.securities:
        if o.replacements:
            lists.setdefault(o.asset_class, []).append(o.replacements)
    return {sec.symbol: _rank(lists.get(sec.asset_class, []), sec.symbol) for sec in household.securities}


def _rank(lists: list[tuple[str, ...]], symbol: str) -> int:
    if not lists:
        return 0
    named = [lst.index(symbol) for lst in lists if symbol in lst]
    return min(named) if named else max(len(lst) for lst in lists)


def replacement_rank(household: Household, sec: Security) -> int:
    """Rank of ``sec`` among the replacements listed for its class: its place in the lists that name
    it (0 = first choice); a security of a class whose funds list replacements but that no list
    names ranks after every listed one; 0 when the class lists none.

    Example: VXUS lists replacements ("IXUS", "VEU"): IXUS ranks 0, VEU 1, an unlisted SPDW 2."""
    lists = [o.replacements for o in household.securities if o.asset_class == sec.asset_class and o.replacements]
    return _rank(lists, sec.symbol)
