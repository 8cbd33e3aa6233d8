"""A broker file's core cash (Fidelity's money-market position, ``SPAXX**``) into Accounts Cash (fe17 F8).

Rule (README "Importing broker files", the Accounts contract: Cash is the account's uninvested cash):
Fidelity sweeps an account's cash into its core money-market fund, shown on the positions file as
``SPAXX**`` "HELD IN MONEY MARKET" with a Current Value and no quantity or price. It is the account's
cash, so leaving it out understates the account and the allocation. The import writes it into the
account's Cash cell only when that cell is blank: a value the user typed is never overwritten (a
different one gets a warning giving the file's amount and the cell to type it in; the same one gets
nothing). An account the file does not resolve, or an Accounts sheet with no Cash column, gets a
warning with the amount too.

Worked example (fe17 h12): ``Z12345678,INDIVIDUAL,SPAXX**,HELD IN MONEY MARKET,,,,"$1,500.00"`` with
account Fido (Broker Account Z12345678): Cash blank -> 1,500.00 written in Accounts!D2; Cash typed 0
-> "type 1500 in Accounts!D2 if $1,500.00 is the account's cash now".
"""

from __future__ import annotations

from typing import Any, Callable, Mapping, Optional, Sequence

from taxrebal.engine.money import cents

from ...errors import Issue, Severity
from ..cells import cell_ref, is_blank
from .records import BrokerFile

__all__ = ["plan_core_cash"]


def _held_as_fund(sheets: Mapping[str, Sequence[Sequence[Any]]], symbol: str) -> bool:
    """Whether Securities or Lots names ``symbol`` (a user who lists SPAXX as a fund of class Cash holds
    it as lots: writing its value into Cash too would count it twice)."""
    wanted = symbol.strip().upper()
    for name, rows in sheets.items():
        if name.strip().casefold() in ("securities", "lots"):
            if any(isinstance(v, str) and v.strip().upper() == wanted for r in rows if r for v in r):
                return True
    return False


def plan_core_cash(sheets: Mapping[str, Sequence[Sequence[Any]]], files: Sequence[BrokerFile], accounts: Any,
                   accounts_sheet: Any, forced: Optional[str], plan: Any,
                   cell_write: Callable[[str, int, int, Any, str], Any]) -> None:
    """Add to ``plan`` (an ImportPlan) the Cash writes, notes and warnings for the files' core cash.
    ``accounts`` is apply.py's _Accounts (resolve), ``accounts_sheet`` its _Sheet of Accounts,
    ``cell_write`` its CellWrite (passed in: apply imports this module)."""
    totals: dict[str, tuple[float, list[str]]] = {}
    for f in files:
        for number, amount, line, what in f.cash:
            where = f"{f.name}, line {line}"
            symbol = what.split("*")[0]
            if _held_as_fund(sheets, symbol):
                plan.notes.append(f"{where}: {what} (${cents(amount):,.2f}) is on your Securities or Lots sheet, so it "
                                  f"stays a holding there and is not added to Accounts Cash (it would count twice).")
                continue
            name, err = accounts.resolve(number or f.account_number, forced, where)
            if err or name is None:
                plan.follow_up.append(Issue(Severity.WARNING, where, "", (
                    f"{what} is an account's core money-market position, ${cents(amount):,.2f} of cash, but which "
                    f"account is not known ({err}). Type the amount in that account's Cash cell on Accounts.")))
                continue
            total, said = totals.get(name, (0.0, []))
            totals[name] = (total + amount, said + [f"{what}, {where}"])
    for name, (amount, said) in totals.items():
        row = next((r for r in accounts_sheet.data_rows()
                    if str(accounts_sheet.value(r, "account") or "").strip().casefold() == name.casefold()), None)
        col = accounts_sheet.cols.get("cash")
        source = "; ".join(said)
        if row is None or col is None:
            plan.follow_up.append(Issue(Severity.WARNING, accounts_sheet.name, "", (
                f"{source}: ${cents(amount):,.2f} is {name}'s cash (the core money-market position), but the "
                f"{accounts_sheet.name} sheet has no Cash column: add a Cash column and type {amount:.2f} in "
                f"{name}'s row.")))
            continue
        cell = cell_ref(col - 1, row)
        current = accounts_sheet.value(row, "cash")
        if is_blank(current):
            plan.writes.append(cell_write(accounts_sheet.name, row, col, round(amount, 2), "money"))
            plan.notes.append(f"{source}: ${cents(amount):,.2f} of core money-market cash written in "
                              f"{accounts_sheet.name}!{cell} ({name}'s Cash, blank until now).")
            continue
        if isinstance(current, (int, float)) and not isinstance(current, bool) and abs(current - amount) < 0.005:
            continue
        held = (f"${cents(current):,.2f}" if isinstance(current, (int, float)) and not isinstance(current, bool)
                else repr(current))
        plan.follow_up.append(Issue(Severity.WARNING, accounts_sheet.name, cell, (
            f"{source}: ${cents(amount):,.2f} is {name}'s cash (the core money-market position), but its Cash cell "
            f"{accounts_sheet.name}!{cell} holds {held}, which the import does not overwrite: type "
            f"{amount:.2f} in {cell} if ${cents(amount):,.2f} is the account's cash now (without it the plan and the "
            f"allocation leave that cash out).")))
