"""An employer plan's new money ends invested: its cash after the plan is at most the Cash typed.

Rule (how a 401(k), 403(b) or Roth 401(k) works, records.PAYROLL_PLAN_TYPES; README "Employer
plans"): the account has no cash position of its own. A payroll Contribution arrives under the
investment election and buys the election's funds; a sale is an exchange out of one fund on the
menu into another (the plan's website takes "exchange X into Y", not "sell X"). So the money the
plan brings into such an account, its Contribution and its sales' proceeds, cannot stay as cash:
the account's cash after the plan is at most the Cash typed on Accounts (which may stand for a
stable-value or money-market fund the plan holds) plus a rounding tolerance, and the optimizer
prices what investing it costs (a sale it no longer makes, another fund bought, a harvest that
gives way to a buy of its identity: the model never both sells an identity at a loss and buys it,
wash_exposure.py) instead of assuming the money can wait as cash. An IRA, Roth IRA or HSA holds
cash: no cap.

The tolerance is the cash the model's rounding may leave: none (float round-off) when the account
may buy a fund in fractional shares (a mutual fund, or Whole Shares = N: Trades' four-decimal share
counts leave at most a fraction of a cent); otherwise the price of one share of the cheapest fund it
may buy. When the new money cannot all be invested within the bands (a one-class menu whose class
is near its upper edge), the plan is the least breach (stage A, as when no plan reaches every band)
and :func:`payroll_breach_notes` says why. An account
that may buy nothing (no fund on its menu it may buy today) keeps its money as cash: no cap (the
plan's notes say why its cash stays, idle_cash.py).

Worked example (fe13 F8, tests/test_payroll_cash_cap.py): a 401(k) with $0 of cash, a $2,000
Contribution and a one-fund menu, FXAIX ($210, a mutual fund, Identical Group SP500), beside a
taxable IVV lot (50 shares, $90 a share of long-term loss, $4,500). Cap: $0, so the
contribution buys 2,000 / 210 = 9.5238 FXAIX, which would wash 9.5238 x $90 = $857.14 of the IVV
loss for good (IRC §1091(a); Rev. Rul. 2008-5) if IVV were sold before 2027-01-04: the plan keeps
IVV and :func:`payroll_wash_notes` says why (before: "Cash left in 401k $2,000.00" beside a harvest
priced as if FXAIX were never bought).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

import numpy as np

from taxrebal.engine.money import cents

from ..records import PAYROLL_PLAN_TYPES, Account
from .data import _BuyOption

if TYPE_CHECKING:
    from .model import RebalanceModel

__all__ = ["payroll_breach_notes", "payroll_cash_cap", "payroll_wash_notes"]

#: float round-off
_ROUND_OFF = 1e-6


def payroll_cash_cap(account: Account, buys: Sequence[_BuyOption],
                     whole_share_symbols: Collection[str]) -> float | None:
    """The most cash ``account`` may hold after the plan (None: no cap). ``buys``: the account's buy
    candidates; ``whole_share_symbols``: the funds that trade in whole shares only."""
    if account.type not in PAYROLL_PLAN_TYPES or not buys:
        return None
    fractional = any(b.symbol not in whole_share_symbols for b in buys)
    tolerance = _ROUND_OFF if fractional else min(b.price for b in buys) + _ROUND_OFF
    return max(account.cash, 0.0) + tolerance


def payroll_wash_notes(model: "RebalanceModel", x: np.ndarray) -> list[str]:
    """One note per taxable loss position left unsold because an employer plan's new money buys its
    identity (the plan never both sells an identity at a loss and buys it, wash_exposure.py): the
    money cannot stay as cash (:func:`payroll_cash_cap`), so the harvest gives way. Worked example:
    fe13 F8's IVV, $4,500 of loss, and 401k's $2,000 Contribution buying FXAIX (SP500)."""
    capped = {model.accounts[a].name for a in model.payroll_cash_caps}
    bought: dict[str, dict[str, set[str]]] = {}  # identity -> account -> symbols bought
    for b, j in zip(model.buys, model.buy_vars):
        if b.account in capped and float(x[j]) * b.price > 0.005:
            bought.setdefault(b.identity, {}).setdefault(b.account, set()).add(b.symbol)
    left: dict[tuple[str, str], float] = {}
    for sl, j in zip(model.sell_lots, model.lot_vars):
        if (sl.gain_per_share < 0 and not sl.chained and sl.identity in bought and model.lp.ub[j] > 0
                and float(x[j]) < 1e-6):
            key = (sl.lot.account, sl.lot.symbol)
            left[key] = left.get(key, 0.0) - sl.gain_per_share * sl.lot.quantity
    acct_index = {a.name: i for i, a in enumerate(model.accounts)}
    notes = []
    for (acct, sym), loss in sorted(left.items()):
        for plan_acct, symbols in sorted(bought[model.secs[sym].identity].items()):
            funds = ", ".join(sorted(symbols))
            if model.accounts[acct_index[plan_acct]].contribution > 0:
                money = "new money (its Contribution and the proceeds of its exchanges)"
                advice = ("pause the contribution or point its election at another fund of the menu for 30 days "
                          "after the sale")
            else:  # no Contribution: the buy is an exchange this plan makes (fe14 F5)
                money = "exchange proceeds"
                advice = (f"exchange into another fund of its menu instead of {funds}, or make that exchange "
                          f"31 days or more after the sale")
            notes.append(f"{acct} {sym}: its ${cents(loss):,.2f} loss is not harvested: {plan_acct} is an employer "
                         f"plan, "
                         f"whose {money} cannot stay as cash, "
                         f"and it buys {funds}, the same fund or Identical Group as {sym}, which would wash that loss "
                         f"for good (IRC §1091(a); Rev. Rul. 2008-5). To harvest it, {advice}.")
    return notes


def payroll_breach_notes(model: "RebalanceModel", x: np.ndarray) -> list[str]:
    """For a plan that leaves a class past its band: one note per employer plan whose new money buys
    a class ending over its upper band edge (that money cannot stay as cash, :func:`payroll_cash_cap`).
    Worked example (tests/test_payroll_cash_cap.py): US Stocks 49% of $10,000 (band 2 points), a
    401(k) whose menu offers only FXAIX gets a $500 Contribution: it buys $500 of FXAIX and US Stocks
    ends at 54%."""
    T = model.total
    over = set()
    for k in model.drift_classes:
        value = model.class_const[k] + sum(v * float(x[j]) for j, v in model.class_expr[k].items())
        if value - model.target_of(k) * T > model.band_of(k) * T + 0.005:
            over.add(k)
    notes = []
    for a in sorted(model.payroll_cash_caps):
        acct = model.accounts[a]
        classes = sorted({b.asset_class for b, j in zip(model.buys, model.buy_vars)
                          if b.account == acct.name and float(x[j]) * b.price > 0.005 and b.asset_class in over})
        if not classes:
            continue
        menu = sorted({b.symbol for b in model.buys if b.account == acct.name})
        money = (f"its new money (its ${cents(acct.contribution):,.2f} Contribution, and the proceeds of any exchange)"
                 if acct.contribution > 0 else "the proceeds of its exchanges")
        notes.append(f"{acct.name} is an employer plan: {money} cannot stay as cash (payroll invests it under the "
                     f"investment election, and its menu offers no cash fund), and the funds it may buy "
                     f"({', '.join(menu)}) take {', '.join(classes)} past {'its' if len(classes) == 1 else 'their'} "
                     f"band. Add a fund of another class (or a stable-value fund) to its menu on Menus"
                     + (", widen the band on Targets, or pause the contribution." if acct.contribution > 0
                        else " or widen the band on Targets."))
    return notes
