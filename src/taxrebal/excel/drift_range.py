"""DRIFT's table from the Lots, Securities, Targets and Accounts ranges, computed once per distinct content.

$70,000 of stocks and $30,000 of bonds against 60/40: Stocks 0.70 against 0.60, Drift +0.10; Bonds -0.10
(each value shares x price in cents, as Allocation adds up its holdings).
"""

from __future__ import annotations

from typing import Any

from taxrebal.engine.allocation import allocation
from taxrebal.engine.money import cents
from taxrebal.engine.records import Account, Household
from taxrebal.errors import ArgumentError

from . import convert as cv
from .lot_range import lots_from_range

__all__ = ["DRIFT_HEADER", "drift_rows", "household_for_drift"]

DRIFT_HEADER = ["Asset Class", "Value", "Current %", "Target %", "Drift"]


def drift_rows(lots: Any, securities: Any, targets: Any, accounts: Any) -> list[list[Any]]:
    """DRIFT's table, computed once per distinct content: the parsed Lots table comes from the
    content-keyed cache of :mod:`taxrebal.excel.convert` (an edited range is a new table) and keeps
    the result under the other ranges' parsed records, which are compared by value (frozen records),
    so a sheet of DRIFT cells over unchanged ranges builds the household once and an edit anywhere
    computes afresh. No cache keyed by object identity: nothing depends on which objects Excel passed."""
    table = lots_from_range(lots, "lots")
    secs = cv.securities_from_range(securities, "securities")
    tgts = cv.targets_from_range(targets, "targets")
    accts = None if cv.is_blank(cv.scalar(accounts)) else cv.accounts_from_range(accounts, "accounts")

    def compute() -> list[list[Any]]:
        out: list[list[Any]] = [list(DRIFT_HEADER)]
        for r in allocation(household_for_drift(table, secs, tgts, accts)):
            out.append([r.asset_class, cents(r.value), r.weight, r.target, r.drift])
        return out

    rows: list[list[Any]] = table.memo(("drift", secs, tgts, accts), compute)
    return rows


def household_for_drift(table: Any, secs: Any, tgts: Any, accts: Any) -> Household:
    known = {s.symbol for s in secs}
    missing = sorted({lot.symbol for lot in table.lots} - known)
    if missing:
        raise ArgumentError(
            f"securities: no price for {', '.join(missing)}; add {'them' if len(missing) > 1 else 'it'} "
            "to the securities range (Symbol, Asset Class, Price)"
        )
    if accts is None:
        names = dict.fromkeys(lot.account for lot in table.lots)
        accts = tuple(Account(n, "Taxable") for n in names)
    else:
        names_known = {a.name.casefold() for a in accts}
        for lot in table.lots:
            if lot.account.casefold() not in names_known:
                raise ArgumentError(
                    f"lots: account {lot.account} (lot {lot.lot_id}) is not in the accounts range; "
                    "add it there or correct the lot"
                )
    return Household(accounts=accts, securities=secs, lots=table.lots, targets=tgts)
