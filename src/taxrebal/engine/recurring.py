"""Recurring contributions that would wash a harvested loss for good.

Rule (IRC §1091(a); Rev. Rul. 2008-5): a loss sold in a taxable account is disallowed when
substantially identical shares are bought within 30 days before or after the sale in *any* account
of the household, an IRA, 401(k) or HSA included; and when the replacement is bought inside such an
account the loss is lost for good (no basis to add it to). Payroll 401(k) deferrals and automatic
IRA/HSA contributions buy whatever the account's allocation says, every pay period, without asking.

So for every tax-advantaged account with a Contribution (money that arrives again: Accounts sheet)
that holds a fund of an identity sold at a loss in a taxable account, today by the plan or in the
last 30 days (the Do Not Buy list), taxrebal warns: the next automatic purchase of that fund before
the first day you may buy would wash the loss permanently. taxrebal cannot see the account's
allocation; holding the fund is the sign that contributions probably buy it.

Worked example (the sample): the plan harvests VOO (group "S&P 500") on 2026-11-20; Maria 401(k)
receives $1,500 of contributions and holds FXAIX, also "S&P 500": "Maria 401(k) ... change its
contribution allocation away from FXAIX before 2026-12-21 (the first day you may buy)".
"""

from __future__ import annotations

from datetime import date
from typing import Iterable, Mapping

from ..errors import Issue, Severity
from .records import Household
from .wash_dates import FIRST_DAY_TO_BUY

__all__ = ["recurring_contribution_warnings"]


def recurring_contribution_warnings(household: Household, losses: Mapping[str, tuple[date, str]],
                                    sheet: str = "Accounts") -> tuple[Issue, ...]:
    """``losses``: identity -> (first day you may buy it, what was sold: "VOO harvested by the plan on
    2026-11-20"). One Warning per (tax-advantaged account with a Contribution, identity it holds)."""
    identities = {s.symbol: s.identity for s in household.securities}
    held: dict[tuple[str, str], set[str]] = {}
    for lot in household.lots:
        if lot.quantity > 0:
            held.setdefault((lot.account, identities.get(lot.symbol, lot.symbol)), set()).add(lot.symbol)
    out: list[Issue] = []
    for acct in household.accounts:
        if acct.is_taxable or acct.contribution <= 0:
            continue
        for ident, (first_day, what) in sorted(losses.items()):
            symbols = held.get((acct.name, ident))
            if not symbols:
                continue
            funds = ", ".join(sorted(symbols))
            cell = f"A{acct.source.row}" if acct.source is not None else ""
            out.append(Issue(
                Severity.WARNING, sheet, cell,
                f"{acct.name} receives a recurring contribution (${acct.contribution:,.2f}) and holds {funds}, "
                f"the same fund or Identical Group as {what}. If a contribution buys {funds} before "
                f"{first_day.isoformat()} "
                f"(the {FIRST_DAY_TO_BUY}), that loss is washed and lost for good (IRC §1091(a); Rev. Rul. "
                f"2008-5): point the account's contributions at another fund until then."))
    return tuple(out)


def losses_from(entries: Iterable[tuple[str, date, str]]) -> dict[str, tuple[date, str]]:
    """(identity, first day you may buy, description) rows -> the latest first day per identity."""
    out: dict[str, tuple[date, str]] = {}
    for ident, first_day, what in entries:
        prev = out.get(ident)
        if prev is None or first_day > prev[0]:
            out[ident] = (first_day, what)
    return out
