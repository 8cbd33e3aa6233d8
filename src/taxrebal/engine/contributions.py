"""Contributions only: how many months of new money, buying only, bring every class within its band.

The reading (ours): Accounts Contribution is the amount each account receives *per month*
(:data:`CONTRIBUTION_PERIOD`, the one place this is decided); month 1 is the contribution already
entered. A withdrawal (a negative Contribution, the README's "negative = withdrawal": money taken out
now) is taken once, now, from the account's cash, and does not recur: only positive Contributions do
(:func:`_withdrawals_taken_now`). A withdrawal larger than the account's cash needs a sale, which this
sheet never makes, so it says so instead of a number of months. Prices stay as they are; the plan
for month m spends ``cash + m x contribution`` in each account on underweight classes, with the
rebalancer's menus, location rules, minimum trade and whole shares, and it never sells. The answer
is the first such m, and where that money goes.

How it is found without building the rebalancing model once per guess. Buying never sells a lot,
so lots only matter through each class's value. A small linear program over (account, asset class)
gives a lower bound on the months: minimise m subject to

* each account spends at most ``cash_a + m c_a`` (``c_a`` its monthly contribution), and
* every class k ends within its band of the grown total: ``(t_k - b_k)(T + mC) <= V_k + buys_k <=
  (t_k + b_k)(T + mC)`` (``C`` = all contributions a month; Cash counts only when it has a target),

where an account may buy a class when its menu allows some security of that class (a superset of what
the rebalancer may buy, so the bound never overshoots). The full model (whole shares, minimum trade,
wash-sale rules) is then built at ``ceil(m)``: usually that month already works and the same model
gives the plan; when it does not (Min Trade and whole shares need the money to build up first), the
months go up from ``ceil(m)`` (doubling, then bisecting), never past the LP's *most* m
(:func:`months_upper_bound`): more money never hurts the classes the contributions can buy, but a
class they cannot buy shrinks as a share of the growing total and leaves its band, so the months that
work are a window, not every month from the first on (:func:`_first_month`).

Worked example (the one of :mod:`taxrebal.engine.frontier`): stocks $66,000, bonds $34,000, 60/40
with 5-point bands, $1,000 a month into an account that can buy bonds: the bound is
34,000 + 1,000m >= 0.35 (100,000 + 1,000m) -> m >= 1.54, so the model is built once, at 2 months,
and 2 months is the answer.

The buy-only model has no sell candidate (no lot variable, no wash-sale scan: buying alone
realizes nothing), and the probe's least-breach solve is the plan's stage A, so the month found
is not solved twice.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date
from typing import Optional

import numpy as np
from scipy.sparse import csr_array

from .allocation import CASH_CLASS, allocation, class_values
from .contribution_wash import first_month_wash_notes
from .money import cents
from .rebalance import RebalanceModel, SolveOptions, _TaxOracle
from .rebalance.lp import highs_solve
from .records import PAYROLL_PLAN_TYPES, Household

__all__ = ["CONTRIBUTION_PERIOD", "ContributionBuy", "ContributionsPlan", "contributions_only", "months_lower_bound",
           "months_upper_bound"]

#: What one Accounts Contribution is: the amount an account receives each month.
CONTRIBUTION_PERIOD = "month"


@dataclass(frozen=True)
class ContributionBuy:
    account: str
    symbol: str
    asset_class: str
    total: float  # dollars over all the months: ``now + months * monthly``
    monthly: float  # from the account's monthly contribution
    now: float = 0.0  # from cash already in the account, spent once at the start
    #: when Per Month (or From Cash Now) is below Min Trade or one share (Whole Shares = Y): how to place it
    note: str = ""


@dataclass(frozen=True)
class ContributionsPlan:
    months: Optional[int]  # None when contributions alone never get there (within max_months)
    buys: tuple[ContributionBuy, ...]
    monthly_total: float
    note: str


def _with_months(household: Household, months: int) -> Household:
    accounts = tuple(replace(a, contribution=a.contribution * months) for a in household.accounts)
    return replace(household, accounts=accounts)


def months_lower_bound(household: Household, max_months: int) -> Optional[float]:
    """The least m in [1, max_months] the (account, class) LP of the module docstring allows, or None
    when no m does (then no plan buying only can get every class within its band). Solved with HiGHS
    through the rebalancer's own call (:func:`taxrebal.engine.rebalance.lp.highs_solve`), so a click
    does not import ``scipy.optimize`` for one small LP (0.23 s of CPU on the first click)."""
    return _months_bound(household, max_months, least=True)


def months_upper_bound(household: Household, max_months: int) -> Optional[float]:
    """The most m in [1, max_months] the same LP allows (None when none does): past it a class that no
    account with a contribution can buy has fallen below its band (or one they cannot avoid buying has
    grown past it), so no later month works either. The LP's months form one interval (its constraints
    are linear in m and the buys), so every month that works lies between the two bounds."""
    return _months_bound(household, max_months, least=False)


def _months_bound(household: Household, max_months: int, least: bool) -> Optional[float]:
    """The least (``least``) or the most m of the LP of the module docstring, or None."""
    secs = household.security_map()
    targets = {t.asset_class: t for t in household.targets}
    default_band = household.settings.default_band
    values = class_values(household)
    cash_is_class = CASH_CLASS in targets
    contrib = sum(a.contribution for a in household.accounts)
    total = sum(values.values())
    base_total, per_month = total - contrib, contrib  # T(m) = base_total + m C
    wanted = [k for k, t in targets.items() if t.target > 0 and k != CASH_CLASS]
    pairs = [(a, k) for a, acct in enumerate(household.accounts) for k in wanted
             if any(s.asset_class == k and household.may_buy(acct.name, s.symbol) for s in secs.values())]
    n = 1 + len(pairs)  # x[0] = m, then one buy amount per (account, class)
    rows, rhs = [], []
    for a, acct in enumerate(household.accounts):  # buys_a - c_a m <= cash_a
        row = np.zeros(n)
        row[0] = -acct.contribution
        for i, (pa, _) in enumerate(pairs, start=1):
            if pa == a:
                row[i] = 1.0
        rows.append(row)
        rhs.append(acct.cash)
    classes = [k for k in dict.fromkeys([*targets, *values]) if k != CASH_CLASS or cash_is_class]
    for k in classes:
        t = targets.get(k)
        target = t.target if t else 0.0
        band = t.band if (t and t.band is not None) else default_band
        row = np.zeros(n)  # the class's value as a linear function of (m, buys): const + row . x
        if k == CASH_CLASS:  # cash left = cash-class funds + cash_a + m c_a - every buy
            const = values.get(k, 0.0) - per_month
            row[0] = per_month
            row[1:] = -1.0
        else:
            const = values.get(k, 0.0)
            for i, (_, pk) in enumerate(pairs, start=1):
                if pk == k:
                    row[i] = 1.0
        for sign, share in ((1.0, target + band), (-1.0, target - band)):
            r = sign * row.copy()
            r[0] -= sign * share * per_month  # sign (value - share T(m)) <= 0
            rows.append(r)
            rhs.append(sign * (share * base_total - const))
    c = np.zeros(n)
    c[0] = 1.0 if least else -1.0
    A = csr_array(np.array(rows))
    lb = np.zeros(n)
    ub = np.full(n, math.inf)
    lb[0], ub[0] = 1.0, float(max_months)
    x = highs_solve(c, A, np.full(len(rhs), -math.inf), np.array(rhs, dtype=float), lb, ub,
                    np.zeros(n, dtype=np.int64), {})
    return float(x[0]) if x is not None else None


def _model_if_feasible(household: Household, as_of: date) -> Optional[RebalanceModel]:
    """The buy-only model when it gets every class within its band (stage A: least band breach), else
    None. Buying realizes no gain, so the tax rates do not matter."""
    model = RebalanceModel(household, as_of, allow_sells=False)
    if not model.outside_band:
        return model
    x = model.least_breach(SolveOptions(rates=(0.0, 0.0), to_target=True))  # kept for the plan's stages
    return model if x is not None and float(x[model.v_var]) <= 1e-6 else None


def _first_month(household: Household, as_of: date, start: int, stop: int
                 ) -> Optional[tuple[int, RebalanceModel]]:
    """(months, model) of the first month in [``start``, ``stop``] whose buy-only model works, or None.

    Working is not monotone in the months: more money never hurts the classes the contributions can
    buy, but a class they cannot buy shrinks as a share of the growing total and falls out of its band
    (fe13 F6: the 401(k) buys only US stocks and bonds, so Intl Stocks, which only the accounts' cash
    can buy, leaves its band after month 83 by the dollars alone).
    ``stop`` is the LP's last month (:func:`months_upper_bound`), past which none works. Below it a
    month fails for the orders' grain: Min Trade and whole shares need the money to build up (README:
    a row below Min Trade keeps the money as cash and buys in orders of at least Min Trade), which more
    months only ease. So the months go up from ``start`` (doubling, then bisecting between the last
    that failed and the first that works); when no doubled month works, every month left in the
    window is tried, up to :data:`_SCAN_LIMIT` of them."""
    tried: dict[int, Optional[RebalanceModel]] = {}

    def probe(m: int) -> Optional[RebalanceModel]:
        if m not in tried:
            tried[m] = _model_if_feasible(_with_months(household, m), as_of)
        return tried[m]

    lo, hi, step = start - 1, start, 1
    while probe(hi) is None:
        if hi >= stop:
            rest = [m for m in range(start, stop + 1) if m not in tried]
            if len(rest) > _SCAN_LIMIT:
                return None
            hi = next((m for m in rest if probe(m) is not None), 0)
            if not hi:
                return None
            lo = max(m for m in tried if m < hi)
            break
        lo, hi, step = hi, min(stop, hi + step), step * 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if probe(mid) is None:
            lo = mid
        else:
            hi = mid
    found = probe(hi)
    assert found is not None
    return hi, found


#: the most months :func:`_first_month` tries one by one when no doubled month works (each is one model)
_SCAN_LIMIT = 36


def _withdrawals_taken_now(household: Household) -> Household:
    """``household`` with each withdrawal (negative Contribution) taken once from the account's cash:
    Cash + Contribution, Contribution 0. Brokerage with $2,000 cash withdrawing $5,000 has -$3,000."""
    return replace(household, accounts=tuple(
        replace(a, cash=a.cash + a.contribution, contribution=0.0) if a.contribution < 0 else a
        for a in household.accounts))


def contributions_only(household: Household, *, as_of: date, max_months: int = 600) -> ContributionsPlan:
    """Months of contributions (buying only) until every class is within its band (module docstring)."""
    if not any(r.outside_band for r in allocation(household) if r.asset_class != CASH_CLASS):
        return ContributionsPlan(0, (), sum(max(a.contribution, 0.0) for a in household.accounts),
                                 "Every class is already within its band.")
    short = [a for a in household.accounts if a.contribution < 0 and a.cash + a.contribution < -0.005]
    if short:
        listed = "; ".join(f"{a.name} withdraws {_money(-a.contribution)} and holds {_money(max(a.cash, 0.0))} of "
                           f"cash, so a sale must pay {_money(-(a.cash + a.contribution))} of it" for a in short)
        return ContributionsPlan(None, (), sum(max(a.contribution, 0.0) for a in household.accounts),
                                 f"{listed}: this sheet only buys, so it cannot pay the withdrawal; the Trades "
                                 "sheet's plan does (a withdrawal, a negative Contribution, is taken once, now; "
                                 "only positive Contributions recur every month here).")
    withdrawn = [a for a in household.accounts if a.contribution < 0]
    household = _withdrawals_taken_now(household)
    monthly = sum(a.contribution for a in household.accounts)
    if monthly <= 0 and withdrawn:
        listed = ", ".join(f"{a.name} {_money(-a.contribution)}" for a in withdrawn)
        return ContributionsPlan(None, (), 0.0,
                                 f"No account has new money: the only Contributions are withdrawals ({listed}), "
                                 "taken once, now, from the accounts' cash; enter the monthly amount of new money "
                                 "in Accounts Contribution to see how long new money alone would take.")
    if monthly <= 0:
        return ContributionsPlan(None, (), 0.0, "No account has a contribution: enter the monthly amount "
                                 "in Accounts Contribution to see how long new money alone would take.")
    bound = months_lower_bound(household, max_months)
    if bound is None:
        return ContributionsPlan(None, (), monthly,
                                 f"Contributions alone do not bring every class within its band in "
                                 f"{max_months // 12} years (the accounts with contributions cannot buy "
                                 f"the underweight classes, or the overweight classes keep too large a "
                                 f"share, or a class they cannot buy falls below its band before the others "
                                 f"are within theirs): sell, or send contributions to accounts that can buy them.")
    first = max(1, math.ceil(bound - 1e-9))
    upper = months_upper_bound(household, max_months)
    last = max(first, math.floor((upper if upper is not None else bound) + 1e-9))
    found = _first_month(household, as_of, first, last)
    if found is None:
        return ContributionsPlan(None, (), monthly, _grain_note(household, first, last, max_months))
    months, model = found
    buys = []
    sol = model.run_stages(SolveOptions(rates=(0.0, 0.0), to_target=True)) if model.outside_band else None
    if sol is not None and model.past_wash_parts(sol.x):
        # Buying realizes no gain, but this plan's buy washes a loss sold in the last 30 days, which adds
        # that loss back to this year's gains (past_wash.py): solved again at the household's marginal rates,
        # the money goes to a fund that washes nothing when the account may buy one, in a taxable account
        # too (deferred into the new basis, IRC §1091(d), the loss is still off this year's return)
        again = model.run_stages(SolveOptions(rates=_TaxOracle(household, as_of).base_rates(), to_target=True))
        if again is not None and again.violation <= sol.violation + 1e-9:
            sol = again
    if sol is not None and sol.violation <= 1e-6:
        bought = [(b, float(sol.x[j]) * b.price) for b, j in zip(model.buys, model.buy_vars)]
        bought = [(b, amount) for b, amount in bought if amount > 0.005]
        spent: dict[str, float] = {}
        for b, amount in bought:
            spent[b.account] = spent.get(b.account, 0.0) + amount
        cash = {a.name: max(a.cash, 0.0) for a in household.accounts}
        for b, amount in bought:
            # the account's cash pays first (once, now); the rest comes from its monthly contributions
            now_share = min(cash.get(b.account, 0.0), spent[b.account]) / spent[b.account]
            now = amount * now_share
            buys.append(ContributionBuy(b.account, b.symbol, b.asset_class, amount, (amount - now) / months, now))
    buys = _in_cents(buys, months)
    # a first month's buy that washes a loss sold in the last 30 days says so (contribution_wash.py)
    now_of = {(b.account, b.symbol): b.now + b.monthly for b in buys}
    washes = first_month_wash_notes(model, sol.x, now_of, household) if sol is not None and buys else {}
    buys = [replace(b, note=" ".join(n for n in (order_note(b, household, months),
                                                 washes.get((b.account, b.symbol), "")) if n))
            for b in buys]
    buys.sort(key=lambda c: (c.account, -c.total))
    note = (f"{months} month{'s' if months != 1 else ''} of contributions (${cents(monthly):,.2f} a month) bring every "
            f"class within its band without selling, at today's prices.")
    if withdrawn:
        note += (" The withdrawals (" + ", ".join(f"{a.name} {_money(-a.contribution)}" for a in withdrawn)
                 + ") are taken once, now, from the accounts' cash; they do not recur.")
    return ContributionsPlan(months, tuple(buys), monthly, note + _yearly_cap_note(household, months))


#: Accounts whose owner's contributions the Code caps by the year, not the month: an IRA's (IRC §219(b)(5), a
#: Roth IRA's §408A(c)(2)) and an HSA's (§223(b)); an excess contribution is taxed 6% a year (§4973). An
#: employer plan's payroll deferrals do arrive every month.
_YEARLY_CAP_TYPES = ("Traditional IRA", "Roth IRA", "HSA")


def _yearly_cap_note(household: Household, months: int) -> str:
    """What the monthly reading puts into an IRA or HSA (fe19 F2: a Roth IRA's $7,000 Contribution, 4
    months: $28,000.00, several years' worth); "" when no such account contributes for more than a month."""
    capped = [a for a in household.accounts if a.type in _YEARLY_CAP_TYPES and a.contribution > 0]
    if months <= 1 or not capped:
        return ""
    listed = "; ".join(f"{a.name} ({a.type}) {_money(a.contribution)} a month, {_money(months * a.contribution)} "
                       f"in {months} months" for a in capped)
    return (" Each Contribution is read as arriving every month, but an IRA's and an HSA's contributions are capped "
            "by the year (IRC §219(b)(5), §408A(c)(2), §223(b); an excess is taxed 6% a year, §4973): "
            f"{listed}. If that is more than the account may take, type on Accounts what it can take a month, or, "
            "for a yearly amount, read the months as years.")


def _grain_note(household: Household, first: int, last: int, max_months: int) -> str:
    """Why no month works although the dollars could do it from month ``first`` to ``last``: the orders'
    grain (Min Trade, whole shares) in those months. Example (fe13's h09 with Min Trade $60,000: the
    401(k)'s $900 a month buys only US stocks and bonds, and Intl Stocks stays within its band only up
    to month 49, when no order of $60,000 is yet possible): "... only in months 5 to 49 (after month 49
    a class the contributions cannot buy falls out of its band) ..."."""
    s = household.settings
    rules = f"Min Trade (${cents(s.min_trade):,.2f})" + (" and Whole Shares" if s.whole_shares else "")
    span = f"month {first}" if first == last else f"months {first} to {last}"
    after = (f" (after month {last} a class the contributions cannot buy falls out of its band)"
             if last < max_months else "")
    return (f"Contributions alone could bring every class within its band only in {span}{after}, and in "
            f"{'that month' if first == last else 'those months'} no set of orders that each meet {rules} does it: "
            "sell, lower Min Trade, or send contributions to accounts that can buy the underweight classes.")


def order_note(buy: ContributionBuy, household: Household, months: int) -> str:
    """How to place a buy whose monthly amount is no order (fe12 F-m). The plan's rules for an order,
    Min Trade (README: the smallest trade, in dollars) and Whole Shares (an ETF or stock bought in whole
    shares only), bind this sheet's Total, which the model solves for; spread over the months, Per
    Month (and From Cash Now) can fall below them, and such an order cannot be placed. The row then says
    so and how to buy instead: let the money build up as cash in the account and buy in as few orders
    as the Total allows, each at least the smallest order (Min Trade, in whole shares when they apply):
    ``floor(Total / smallest)`` orders, about every ``months / orders`` months. "" when each amount is
    an order.

    Worked example (the demo: Min Trade $100, Whole Shares = Y, SCHP an ETF at $26.80, 31 months):
    From Cash Now $3.79, Per Month $5.93, Total $187.62. The smallest order is 4 shares, $107.20 (3
    shares, $80.40, are below Min Trade); $187.62 / $107.20 = 1.75 -> one order: the Total, 7 shares,
    once the 31 months' money is in the account.

    An employer plan's Per Month (records.PAYROLL_PLAN_TYPES) is new money by payroll, invested under
    the contribution election whatever Min Trade says (engine/rebalance/orders.py): no order, so only
    its From Cash Now can be below them. Worked example: a 401(k) with $40 of cash and $200 a month,
    Min Trade $100, From Cash Now $40 of FXAIX: "From Cash Now $40.00 is below Min Trade ($100.00): no
    order for it (it stays as cash in My 401k, $40.00 short of the Total). Per Month is new money by
    payroll: set your contribution election to FXAIX." (tests/test_payroll_min_trade.py)"""
    settings = household.settings
    acct = household.account_map().get(buy.account)
    payroll = acct is not None and acct.type in PAYROLL_PLAN_TYPES
    sec = household.security_map().get(buy.symbol)
    share = sec.price if sec is not None and household.whole_shares_only(buy.symbol) and sec.price > 0 else 0.0
    smallest = max(1, math.ceil(settings.min_trade / share - 1e-9)) * share if share > 0 else settings.min_trade
    small = [(name, x) for name, x in (("Per Month", buy.monthly), ("From Cash Now", buy.now))
             if 0.005 < x < smallest and not (payroll and name == "Per Month")]
    if not small or buy.monthly <= 0.005:
        return ""
    rules = " and ".join(r for r in (f"Min Trade (${cents(settings.min_trade):,.2f})" if settings.min_trade > 0 else "",
                                     f"one share (${cents(share):,.2f}, Whole Shares = Y)" if share > 0 else "") if r)
    if payroll:
        return (f"From Cash Now ${cents(buy.now):,.2f} is below {rules}: no order for it (it stays as cash in "
                f"{buy.account}, ${cents(buy.now):,.2f} short of the Total). Per Month is new money by payroll: set "
                f"your contribution election to {buy.symbol}.")
    amounts = " and ".join(f"{name} ${cents(x):,.2f}" for name, x in small)
    orders = max(1, math.floor(buy.total / smallest + 1e-9)) if smallest > 0 else 1
    whole = math.floor(buy.total / share + 1e-9) if share > 0 else 0
    # whole shares: the order is what they cost, in cents (fe15 F13c: 7 SCHP at $26.80 is $187.60, the Total $187.62)
    unit = (f": {whole} shares, ${cents(whole * share):,.2f} (${cents(buy.total) - cents(whole * share):,.2f} stays as "
            f"cash)" if share > 0 else "")
    if orders == 1:
        when = f"buy the Total, ${cents(buy.total):,.2f}{unit}, in one order once the {months} months' money is in"
    else:
        when = (f"buy it in {orders} orders of about ${cents(buy.total / orders):,.2f}"
                f"{' in whole shares' if share > 0 else ''}, about every {months / orders:.0f} months")
    return (f"{amounts} {'is' if len(small) == 1 else 'are'} below {rules}: no order each month. Keep the money "
            f"as cash in {buy.account} and {when}.")


def _in_cents(buys: list[ContributionBuy], months: int) -> list[ContributionBuy]:
    """The buys in whole cents, so that the sheet adds up: each account's Per Month amounts are rounded
    by largest remainder (they add up to the account's monthly spending rounded to the cent, never
    more: a contribution of $7,000.00 split three ways stays $7,000.00), likewise From Cash Now, and
    Total is From Cash Now + months x Per Month exactly (4,801.34 x 13 = 62,417.42, not the
    unrounded 62,417.40).

    Worked example: $1,000.00 a month split into thirds -> 333.34 + 333.33 + 333.33 (the largest
    remainder first); over 3 months the totals are 1,000.02, 999.99 and 999.99, adding up to 3,000.00."""
    out = list(buys)
    for field_name in ("monthly", "now"):
        by_account: dict[str, list[int]] = {}
        for i, b in enumerate(out):
            by_account.setdefault(b.account, []).append(i)
        for idx in by_account.values():
            exact = [getattr(out[i], field_name) * 100.0 for i in idx]
            want = round(cents(sum(exact) / 100.0) * 100)
            floors = [math.floor(x + 1e-6) for x in exact]
            order = sorted(range(len(idx)), key=lambda k: (-(exact[k] - floors[k]), k))
            for k in order[:max(0, want - sum(floors))]:
                floors[k] += 1
            for k, i in enumerate(idx):
                out[i] = replace(out[i], **{field_name: floors[k] / 100.0})
    return [replace(b, total=(round(b.now * 100) + months * round(b.monthly * 100)) / 100.0) for b in out]


def _money(x: float) -> str:
    return f"${cents(x):,.2f}"
