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

Wash sales are per lot (Treas. Reg. §1.1091-1(a)): a step that sells a lot at a gain together with a
lot at a loss nets a gain, but the loss lot's loss still washes. So the plan's loss sales are its
Lot Sales rows at a loss (:func:`plan_loss_rows`), not its steps' net figures. Example (fe11 finding
27): step 2 sells IVV lot S1 (+$400.01) and lot S2 (-$400.00) in Sam Taxable; Sam 401k (Contribution
$1,000) holds FXAIX, same Identical Group: the warning names "IVV lot S2 sold at a loss ($400.00)".

Where the account's menu (Menus sheet) offers only funds of that identity, the contribution has no
other fund to go to: a 401(k) or 403(b) deferral is invested under the investment election, it does
not stay as cash (nor does the plan keep it so: rebalance/payroll_cash.py, which never sells the
identity at a loss today while the contribution buys it), so the warning says the election fund is
bought and that only pausing the contribution (or changing the plan's menu) avoids it.

Worked example (the sample): the plan harvests VOO (group "S&P 500") on 2026-11-20; Maria 401(k)
receives $1,500 of contributions and holds FXAIX, also "S&P 500": "Maria 401(k) ... change its
contribution allocation away from FXAIX before 2026-12-21 (the first day you may buy)".
"""

from __future__ import annotations

from datetime import date
from typing import Iterable, Mapping

from taxrebal.engine.money import cents

from ..errors import Issue, Severity
from .plan import LotSale, Reason, Trade, WaitedSale
from .records import Action, Household
from .wash_dates import FIRST_DAY_TO_BUY, buy_day, first_clear_day

__all__ = ["recurring_contribution_warnings", "plan_loss_rows", "losses_from"]


def recurring_contribution_warnings(household: Household, losses: Mapping[str, tuple[date, str]],
                                    sheet: str = "Accounts") -> tuple[Issue, ...]:
    """``losses``: identity -> (first day you may buy it, what was sold: "VOO harvested by the plan on
    2026-11-20"). One Warning per (tax-advantaged account with a Contribution, identity it holds or
    the only identity its menu offers)."""
    identities = {s.symbol: s.identity for s in household.securities}
    held: dict[tuple[str, str], set[str]] = {}
    for lot in household.lots:
        if lot.quantity > 0:
            held.setdefault((lot.account, identities.get(lot.symbol, lot.symbol)), set()).add(lot.symbol)
    menus = {name: frozenset(m) for name, m in household.menus.items()}
    out: list[Issue] = []
    for acct in household.accounts:
        if acct.is_taxable or acct.contribution <= 0:
            continue
        for ident, (first_day, what) in sorted(losses.items()):
            menu = menus.get(acct.name)
            only = menu is not None and len(menu) > 0 and all(identities.get(m, m) == ident for m in menu)
            # holds the identity, or buys nothing else (its menu offers only that identity)
            symbols = held.get((acct.name, ident)) or (set(menu or ()) if only else set())
            if not symbols:
                continue
            funds = ", ".join(sorted(symbols))
            cell = f"A{acct.source.row}" if acct.source is not None else ""
            if only:
                offered = ", ".join(sorted(menu or ()))
                advice = (f"its menu (Menus) offers only {offered}, so the contribution cannot stay as cash: it "
                          f"buys {offered} under the investment election. Pause the contribution until then, or "
                          f"do not sell this loss now")
            else:
                advice = "point the account's contributions at another fund until then"
            out.append(Issue(
                Severity.WARNING, sheet, cell,
                f"{acct.name} receives a recurring contribution (${cents(acct.contribution):,.2f}) and holds {funds}, "
                f"the same fund or Identical Group as {what}. If a contribution buys {funds} before "
                f"{buy_day(first_day)}, "
                f"the {FIRST_DAY_TO_BUY}, that loss is washed and lost for good (IRC §1091(a); Rev. Rul. "
                f"2008-5): {advice}."))
    return tuple(out)


def losses_from(entries: Iterable[tuple[str, date, str]]) -> dict[str, tuple[date, str]]:
    """(identity, first day you may buy, description) rows -> the latest first day per identity."""
    out: dict[str, tuple[date, str]] = {}
    for ident, first_day, what in entries:
        prev = out.get(ident)
        if prev is None or first_day > prev[0]:
            out[ident] = (first_day, what)
    return out


def plan_loss_rows(household: Household, trades: Iterable[Trade], lot_sales: Iterable[LotSale],
                   as_of: date, first_day: date, waits: Iterable[WaitedSale] = ()) -> list[tuple[str, date, str]]:
    """(identity, first day you may buy, description) for the plan's loss sales in taxable accounts:
    every step whose sells net a loss ("VOO harvested by the plan on ... (Trades step 3)") and every
    lot sold at a loss in any other step ("IVV lot S2 sold at a loss ($400.00) by the plan on ...
    (Trades step 2)"): a wash sale is per lot (Treas. Reg. §1.1091-1(a)); and every loss sale the plan
    dates for later (``waits``: Trades "Sales to wait for"), whose window runs from now to 30 days after
    its date ("VXUS lot A2 to be sold at a loss ($6,000.00) on 2026-12-21 ...", first day 2027-01-21)."""
    ids = {s.symbol: s.identity for s in household.securities}
    accounts = household.account_map()
    rows: list[tuple[str, date, str]] = []
    netted: set[int] = set()
    # a step placed after As Of (it waits for a mutual fund to fill at the close, rebalance/placed_day.py)
    # counts from that day, as its Trades note does
    placed = {t.step: t.placed_on for t in trades if t.placed_on is not None}

    def when(step: int) -> tuple[date, str]:
        day = placed.get(step)
        if day is None:
            return first_day, as_of.isoformat()
        return first_clear_day(day), (f"{day.isoformat()}, the next trading day once the mutual fund sold before it "
                                      f"has filled (placed later, count {(first_clear_day(day) - day).days} days from "
                                      f"the day it fills)")

    for t in trades:
        if (t.action is Action.SELL and t.account in accounts and accounts[t.account].is_taxable
                and t.realized_st + t.realized_lt < 0):
            netted.add(t.step)
            word = "harvested" if t.reason is Reason.HARVEST else "sold at a loss"
            clear, on = when(t.step)
            rows.append((ids.get(t.symbol, t.symbol), clear,
                         f"{t.symbol} {word} by the plan on {on} (Trades step {t.step})"))
    for ls in lot_sales:
        if ls.step in netted or ls.gain >= 0 or ls.account not in accounts or not accounts[ls.account].is_taxable:
            continue
        clear, on = when(ls.step)
        rows.append((ids.get(ls.symbol, ls.symbol), clear,
                     f"{ls.symbol} lot {ls.lot_id} sold at a loss (${cents(-ls.in_cents()[2]):,.2f}) by the plan on "
                     f"{on} (Trades step {ls.step})"))
    for w in waits:
        loss = w.realized_st + w.realized_lt
        if loss >= 0 or w.account not in accounts or not accounts[w.account].is_taxable:
            continue
        rows.append((ids.get(w.symbol, w.symbol), first_clear_day(w.sell_on),
                     f"{w.symbol} lot {w.lot_id} to be sold at a loss (${cents(-loss):,.2f}) by the plan on "
                     f"{w.sell_on.isoformat()} (Trades: Sales to wait for)"))
    return rows
