"""Hypothesis strategies shared by every test module: dates, lots, lot lists, households.

Use::

    from hypothesis import given
    from strategies import AS_OF, households, lot_lists

    @given(lot_lists(symbol="VTI"))
    def test_something(lots): ...

Everything generated is *valid* input (what the workbook reader would accept): quantities > 0
with up to 6 decimals, a basis >= 0 in whole cents for taxable lots, acquisition on or before the
as-of date, unique Lot IDs, targets summing to 1. Strategies that deliberately break a rule belong
in the test that needs them.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from taxrebal.engine.records import (
    Account,
    FilingStatus,
    Household,
    Lot,
    LotMethod,
    Security,
    Settings,
    Target,
)

__all__ = [
    "AS_OF",
    "TAXABLE_TYPES",
    "ADVANTAGED_TYPES",
    "dates",
    "quantities",
    "prices",
    "lots",
    "lot_lists",
    "accounts",
    "securities",
    "households",
    "lot_methods",
    "settings",
]

#: The as-of date most generated data is relative to (a Wednesday, mid-November: year-end effects
#: and wash windows across New Year are both within reach).
AS_OF = date(2026, 11, 25)
TAXABLE_TYPES = ("Taxable",)
ADVANTAGED_TYPES = ("Traditional IRA", "Roth IRA", "401(k)", "HSA")


def dates(lo: date = date(2015, 1, 1), hi: date = AS_OF) -> st.SearchStrategy[date]:
    """Dates in [lo, hi], biased to the edges that matter (anniversaries, leap days, the ends)."""
    return st.one_of(
        st.dates(min_value=lo, max_value=hi),
        st.sampled_from(sorted({d for d in (lo, hi, hi - timedelta(days=365), hi - timedelta(days=366),
                                              hi - timedelta(days=30), hi - timedelta(days=31),
                                              date(2024, 2, 29)) if lo <= d <= hi})),
    )


def quantities(max_value: float = 5_000.0, fractional: bool = True) -> st.SearchStrategy[float]:
    """Share quantities > 0; fractional ones to 6 decimals like brokers' fractional shares."""
    whole = st.integers(min_value=1, max_value=int(max_value)).map(float)
    if not fractional:
        return whole
    frac = st.integers(min_value=1, max_value=int(max_value * 1_000_000)).map(lambda n: n / 1_000_000)
    return st.one_of(whole, frac)


def prices(lo: float = 0.5, hi: float = 2_000.0) -> st.SearchStrategy[float]:
    """Prices in whole cents."""
    return st.integers(min_value=int(lo * 100), max_value=int(hi * 100)).map(lambda c: c / 100)


@st.composite
def lots(
    draw,
    lot_id: str | None = None,
    account: str = "Brokerage",
    symbol: str = "VTI",
    as_of: date = AS_OF,
    taxable: bool = True,
    price_hint: float | None = None,
    allow_wash: bool = True,
    allow_inherited: bool = True,
) -> Lot:
    """One valid lot. Taxable lots have a basis (a unit cost within 0.2x-3x of ``price_hint`` when
    given, so gains and losses both occur), sometimes a wash-sale adjustment with an earlier
    holding start, sometimes inherited; tax-advantaged lots may have no basis or date."""
    qty = draw(quantities())
    lot_id = lot_id or draw(st.from_regex(r"L[0-9]{1,5}", fullmatch=True))
    if not taxable and draw(st.booleans()):
        return Lot(lot_id, account, symbol, None, qty, None)
    acquired = draw(dates(hi=as_of))
    if price_hint is None:
        unit = draw(prices())
    else:
        unit = price_hint * draw(st.floats(min_value=0.2, max_value=3.0))
    basis = round(unit * qty, 2)
    inherited = allow_inherited and draw(st.integers(0, 9)) == 0
    wash = 0.0
    adjusted = None
    if allow_wash and not inherited and draw(st.integers(0, 5)) == 0:
        wash = round(draw(st.floats(min_value=0.01, max_value=max(0.02, basis))), 2)
        adjusted = acquired - timedelta(days=draw(st.integers(1, 400)))
    return Lot(lot_id, account, symbol, acquired, qty, basis, inherited=inherited,
               wash_adjustment=wash, adjusted_acquired=adjusted, wash_adjusted=bool(wash))


@st.composite
def lot_lists(
    draw,
    symbol: str = "VTI",
    accounts: tuple[str, ...] = ("Brokerage",),
    as_of: date = AS_OF,
    min_size: int = 1,
    max_size: int = 12,
    price_hint: float | None = None,
) -> tuple[Lot, ...]:
    """Lots of one symbol spread over ``accounts`` (all taxable), unique Lot IDs ``L1``, ``L2``..."""
    n = draw(st.integers(min_value=min_size, max_value=max_size))
    out = []
    for i in range(n):
        account = draw(st.sampled_from(accounts))
        out.append(draw(lots(lot_id=f"L{i + 1}", account=account, symbol=symbol, as_of=as_of,
                             price_hint=price_hint)))
    return tuple(out)


def lot_methods(include_tax_optimal: bool = True) -> st.SearchStrategy[LotMethod]:
    methods = [m for m in LotMethod if include_tax_optimal or m is not LotMethod.TAX_OPTIMAL]
    return st.sampled_from(methods)


@st.composite
def accounts(draw, min_size: int = 1, max_size: int = 4) -> tuple[Account, ...]:
    """At least one taxable account ("Brokerage"), then any mix; unique names."""
    n = draw(st.integers(min_value=min_size, max_value=max_size))
    out = [Account("Brokerage", "Taxable", cash=float(draw(st.integers(0, 20_000))))]
    for i in range(1, n):
        kind = draw(st.sampled_from(TAXABLE_TYPES + ADVANTAGED_TYPES))
        out.append(Account(f"{kind} {i}", kind, cash=float(draw(st.integers(0, 20_000)))))
    return tuple(out)


#: A small, realistic security universe: (symbol, asset class, identical group, replacements).
UNIVERSE = (
    ("VTI", "US Stocks", "", ("ITOT", "SCHB")),
    ("ITOT", "US Stocks", "", ("VTI", "SCHB")),
    ("SCHB", "US Stocks", "", ("VTI", "ITOT")),
    ("VXUS", "Intl Stocks", "", ("IXUS",)),
    ("IXUS", "Intl Stocks", "", ("VXUS",)),
    ("BND", "US Bonds", "", ("AGG",)),
    ("AGG", "US Bonds", "", ("BND",)),
    ("VOO", "US Stocks", "SP500", ("VTI",)),
    ("IVV", "US Stocks", "SP500", ("VTI",)),
)


@st.composite
def securities(draw, min_size: int = 2, max_size: int = 6) -> tuple[Security, ...]:
    picks = draw(st.lists(st.sampled_from(UNIVERSE), min_size=min_size, max_size=max_size,
                          unique_by=lambda u: u[0]))
    return tuple(Security(sym, cls, draw(prices(5, 600)), identical_group=grp, replacements=rep)
                 for sym, cls, grp, rep in picks)


@st.composite
def settings(draw, as_of: date = AS_OF) -> Settings:
    return Settings(
        as_of=as_of,
        filing_status=draw(st.sampled_from(list(FilingStatus))),
        ordinary_income=float(draw(st.integers(0, 600_000))),
        realized_st_ytd=float(draw(st.integers(-20_000, 20_000))),
        realized_lt_ytd=float(draw(st.integers(-20_000, 20_000))),
        st_loss_carryforward=float(draw(st.sampled_from([0, 0, 1_000, 10_000]))),
        lt_loss_carryforward=float(draw(st.sampled_from([0, 0, 2_500]))),
        state_tax_rate=draw(st.sampled_from([0.0, 0.05, 0.093])),
        lot_method=draw(lot_methods()),
    )


@st.composite
def households(draw, as_of: date = AS_OF, max_lots: int = 30) -> Household:
    """A valid household: accounts, a few securities, lots in them, targets over the held classes
    (summing to exactly 1), Settings with ``as_of``."""
    accts = draw(accounts())
    secs = draw(securities())
    n = draw(st.integers(min_value=1, max_value=max_lots))
    lot_list = []
    for i in range(n):
        acct = draw(st.sampled_from(accts))
        sec = draw(st.sampled_from(secs))
        lot_list.append(draw(lots(lot_id=f"L{i + 1}", account=acct.name, symbol=sec.symbol, as_of=as_of,
                                  taxable=acct.is_taxable, price_hint=sec.price)))
    classes = sorted({s.asset_class for s in secs})
    weights = draw(st.lists(st.integers(1, 10), min_size=len(classes), max_size=len(classes)))
    total = sum(weights)
    fractions = [w / total for w in weights]
    fractions[-1] = 1.0 - sum(fractions[:-1])
    targets = tuple(Target(c, f) for c, f in zip(classes, fractions))
    return Household(accounts=accts, securities=secs, lots=tuple(lot_list), targets=targets,
                     settings=draw(settings(as_of=as_of)))
