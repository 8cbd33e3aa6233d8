"""The naive spreadsheet rebalance: the baseline the rebalancer's benchmark measures against.

Rule (what a plain spreadsheet does, ignoring tax): for every class over its target, sell the same
fraction of every holding of that class in every account, ``excess / class value``, relieving
taxable lots first-in first-out (Treas. Reg. §1.1012-1(c), the default without identification;
lots relieved by :func:`taxrebal.engine.lots.relieve`); then in every account spend its cash,
contribution and sale proceeds on the underweight classes in proportion to their shortfalls, each on
the first listed security of that class the account may buy. No wash-sale, short-term or location
logic. Its tax is the true tax of the gains it realizes (:func:`taxrebal.engine.tax.marginal_tax`).

Worked example: 60/40 target, one taxable account at $70,000 stocks / $30,000 bonds; stocks are
$10,000 over, so 1/7 of every stock holding is sold FIFO; the $10,000 buys bonds.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from .allocation import CASH_CLASS, class_values
from .lots import relieve
from .records import Household, Lot, LotMethod
from .tax import MarginalTax, TaxProfile, marginal_tax

__all__ = ["NaivePlan", "naive_rebalance"]


@dataclass(frozen=True)
class NaivePlan:
    realized_st: float
    realized_lt: float
    tax: MarginalTax
    after: dict[str, float]
    turnover: float


def naive_rebalance(household: Household, *, as_of: date) -> NaivePlan:
    """Pro-rata sells (FIFO lots) of overweight classes, pro-rata buys of underweight ones."""
    secs = household.security_map()
    values = class_values(household)
    total = sum(values.values())
    targets = {t.asset_class: t.target for t in household.targets}
    excess = {k: v - targets.get(k, 0.0) * total for k, v in values.items() if k != CASH_CLASS}
    sell_fraction = {k: e / values[k] for k, e in excess.items() if e > 0 and values[k] > 0}
    shortfall = {k: targets[k] * total - values.get(k, 0.0) for k in targets
                 if k != CASH_CLASS and targets[k] * total - values.get(k, 0.0) > 0}
    st = lt = turnover = 0.0
    after = dict(values)
    cash = {a.name: a.cash + a.contribution for a in household.accounts}
    accounts = household.account_map()
    positions: dict[tuple[str, str], list[Lot]] = {}
    for lot in household.lots:
        if lot.quantity > 0:
            positions.setdefault((lot.account, lot.symbol), []).append(lot)
    for (acct, sym), lots in positions.items():
        cls = secs[sym].asset_class
        f = sell_fraction.get(cls)
        if not f:
            continue
        qty = sum(lot.quantity for lot in lots) * f
        price = secs[sym].price
        if accounts[acct].is_taxable:
            r = relieve(lots, qty, price, as_of, LotMethod.FIFO)
            st += r.st_gain
            lt += r.lt_gain
        cash[acct] += qty * price
        after[cls] -= qty * price
        turnover += qty * price
    need = sum(shortfall.values())
    for a in household.accounts:
        budget = cash[a.name]
        if budget <= 0 or need <= 0:
            continue
        for k, short in shortfall.items():
            options = [s for s in household.securities if s.asset_class == k and household.may_buy(a.name, s.symbol)]
            if not options:
                continue
            amount = budget * short / need
            after[k] = after.get(k, 0.0) + amount
            cash[a.name] -= amount
            turnover += amount
    after[CASH_CLASS] = sum(cash.values()) + (values.get(CASH_CLASS, 0.0)
                                                - sum(a.cash + a.contribution for a in household.accounts))
    settings = household.settings if household.settings.as_of else replace(household.settings, as_of=as_of)
    tax = marginal_tax(TaxProfile.from_settings(settings), st, lt)
    return NaivePlan(st, lt, tax, after, turnover)
