"""DRIFT's table from the Lots, Securities, Targets and Accounts ranges, computed once per distinct content.

$70,000 of stocks and $30,000 of bonds against 60/40: Stocks 0.70 against 0.60, Drift +0.10; Bonds -0.10
(each value shares x price in cents, as Allocation adds up its holdings).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Iterable

from taxrebal.engine.allocation import allocation, class_values_in_cents
from taxrebal.engine.money import cents, shares_value_in_cents
from taxrebal.engine.records import Account, Household, Lot
from taxrebal.errors import ArgumentError

from . import convert as cv
from .drift_holdings import plain_holdings
from .lot_range import lots_from_range
from .sale_checks import unlisted_account

__all__ = ["DRIFT_HEADER", "drift_rows", "household_for_drift"]

DRIFT_HEADER = ["Asset Class", "Value", "Current %", "Target %", "Drift"]


def drift_rows(lots: Any, securities: Any, targets: Any, accounts: Any) -> list[list[Any]]:
    """DRIFT's table, computed once per distinct content: the parsed Lots table comes from the
    content-keyed cache of :mod:`taxrebal.excel.convert` (an edited range is a new table) and keeps
    the result under the other ranges' parsed records, which are compared by value (frozen records),
    so a sheet of DRIFT cells over unchanged ranges builds the household once and an edit anywhere
    computes afresh. No cache keyed by object identity: nothing depends on which objects Excel passed."""
    table = lots_from_range(lots, "lots")
    tgts = cv.targets_from_range(targets, "targets")
    secs = _classes_as_targets(cv.securities_from_range(securities, "securities"), tgts)
    accts = None if cv.is_blank(cv.scalar(accounts)) else cv.accounts_from_range(accounts, "accounts")

    def compute() -> list[list[Any]]:
        out: list[list[Any]] = [list(DRIFT_HEADER)]
        plain = plain_holdings(table)
        if plain is None or _unknown_account(plain.accounts, accts):
            # a cell of another kind, or an account to name with its lot: every lot read by the rules
            rows = allocation(household_for_drift(table, secs, tgts, accts))
        else:
            _no_missing_price(set(table.symbols), secs)
            household = _household(plain.accounts, secs, tgts, accts)
            prices = household.security_map()
            held = {key: shares_value_in_cents(shares, prices[key[1]].price) for key, shares in plain.shares.items()}
            rows = allocation(household, class_values_in_cents(household, held))
        for r in rows:
            out.append([r.asset_class, cents(r.value), r.weight, r.target, r.drift])
        return out

    rows: list[list[Any]] = table.memo(("drift", secs, tgts, accts), compute)
    return rows


def _classes_as_targets(secs: Any, tgts: Any) -> Any:
    """``secs`` with each asset class in its Targets row's spelling when the two differ only in case, as the
    run's reader puts them (workbook.reader.checks): a fund typed "stocks" is in the "Stocks" target's class,
    not a class of its own with no target."""
    names = {t.asset_class.casefold(): t.asset_class for t in tgts}
    if all(names.get(s.asset_class.casefold(), s.asset_class) == s.asset_class for s in secs):
        return secs
    return tuple(replace(s, asset_class=names.get(s.asset_class.casefold(), s.asset_class)) for s in secs)


def household_for_drift(table: Any, secs: Any, tgts: Any, accts: Any) -> Household:
    """The household of every lot of ``table`` read by the rules (a lot's account must be in ``accts``)."""
    _no_missing_price({lot.symbol for lot in table.lots}, secs)
    if _unknown_account([lot.account for lot in table.lots], accts):
        raise unlisted_account(table, next(lot for lot in table.lots if _unknown_account((lot.account,), accts)))
    lots = _one_spelling(table.lots, accts)
    household = _household([lot.account for lot in lots], secs, tgts, accts)
    return Household(accounts=household.accounts, securities=secs, lots=lots, targets=tgts)


def _one_spelling(lots: tuple[Lot, ...], accts: Any) -> tuple[Lot, ...]:
    """``lots`` with each account spelled one way, the accounts range's (else the first lot's), as the run's
    Lots reader gives each lot its Accounts row's name: lots in "Brokerage" and "brokerage" are one holding,
    valued once (0.5 + 0.5 shares of a $330.007 fund: $330.01, not 2 x $165.00)."""
    names: dict[str, str] = {} if accts is None else {a.name.casefold(): a.name for a in accts}
    for lot in lots:
        names.setdefault(lot.account.casefold(), lot.account)
    if all(names[lot.account.casefold()] == lot.account for lot in lots):
        return lots
    return tuple(lot if names[lot.account.casefold()] == lot.account
                 else replace(lot, account=names[lot.account.casefold()]) for lot in lots)


def _household(accounts: Iterable[str], secs: Any, tgts: Any, accts: Any) -> Household:
    """The household without its lots: ``accts``, else a Taxable account for each of ``accounts`` (names
    the lots use, in their order). Its lots' symbols are checked for a price by the caller."""
    if accts is None:
        accts = tuple(Account(n, "Taxable") for n in dict.fromkeys(accounts))
    return Household(accounts=accts, securities=secs, lots=(), targets=tgts)


def _unknown_account(names: Iterable[str], accts: Any) -> bool:
    """Some of ``names`` (the lots' accounts) is not in the accounts range ``accts`` (None: no range)."""
    if accts is None:
        return False
    known = {a.name.casefold() for a in accts}
    return any(name.casefold() not in known for name in names)


def _no_missing_price(symbols: set[str], secs: Any) -> None:
    missing = sorted(symbols - {s.symbol for s in secs})
    if missing:
        raise ArgumentError(
            f"securities: no price for {', '.join(missing)}; add {'them' if len(missing) > 1 else 'it'} "
            "to the securities range (Symbol, Asset Class, Price)"
        )
