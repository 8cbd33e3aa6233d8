"""Cleaning the solver's answer into orders a broker accepts.

1. Pieces worth less than SLIVER_DOLLARS are dropped. Example: 10 shares of lot A plus 0.00045 of
   lot B at $300 -> 10 shares of lot A.
2. Quantities: with Whole Shares every order of a stock or ETF, and each lot's piece of it, is an exact
   integer (a mutual fund trades in fractional shares, records.SecurityType); otherwise every lot piece,
   sell and buy has at most 4 decimals (a lot sold to within 0.001 share of all of it is sold whole, with
   its own quantity). Orders round to the nearest 1/10,000 share, and an account whose cash would go
   below zero by the rounding has the buys rounded up rounded down instead, then trims its largest buy
   (each order's amount counted as Trades counts it: its shares times the price as written, in cents;
   fe17 F4: 20.6667 FSKAX at $150 is $3,100.01, and a 401(k)'s $9,000.00 bought $9,000.01); the cents the
   rounding leaves in an employer plan, whose new money ends invested, buy more of its largest buy. A
   tax-advantaged sell within 0.001 share of its recent purchases (most recent first) sells exactly them:
   8.69990 of a 401(k)'s 8.7 FXAIX bought last week -> 8.7, not 8.6999 and a 0.0001-share stub that
   washes a loss. The plan is re-checked after rounding: a class the rounding pushed out of its band has
   its own sells rounded up (over) or its buys and sells rounded toward it (under). The re-check reads
   the class values as the sheets show them (each class's value now in cents plus its orders' amounts in
   cents, as the Allocation sheet adds up its After Value), so a plan within its band is shown within it:
   fe12 F3, Bonds at a 5-point band under a 45% target, the buy of 168.68683 AGG at $99 rounded to
   168.6868 ($16,699.99) left Bonds at 39.99999% on the Allocation sheet, "Under" beside "Within bands";
   rounded up to 168.6869 ($16,700.00) it is at 40.00000%. Each account's cash after the orders is
   counted in the orders' amounts to the cent, as the broker and the Trades sheet count them (141.6667
   AGG at $99 is an order of $14,025.00, not a $0.0033 shortfall). A class still outside after that has
   the sells of the accounts that buy it rounded up too (no more than 1/10,000 share each), and then its
   largest buy raised by the shares that close the gap when the account's cash covers them (fe14 F1: a
   lot sold whole took $0.0153 more out of Bonds than the solver's plan).
   Example: the solver's 40.000011 shares of lot B -> 40; a buy of 33.00000000000001 -> 33.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date
from typing import Any

import numpy as np

from ..allocation import CASH_CLASS, allocation, class_values_after_orders
from ..money import SHARE_DECIMALS, cents, shares_down, times
from ..records import (
    Lot,
    LotMethod,
)
from .attributes import ModelAttributes
from .one_fund import one_fund_per_class
from .tuning import SLIVER_DOLLARS


class RoundingMixin(ModelAttributes):
    def without_closed_orders(self, x: np.ndarray) -> np.ndarray:
        """The solution with every order whose Min Trade binary is 0 at exactly 0 shares. The solver's
        integrality tolerance lets a binary of 1e-6 open ``1e-6 x`` the order's largest size: $0.02 of a
        $20,000 position, an order below Min Trade that the broker would reject. Example: Min Trade
        $50, the binary at 1e-6, 0.0001 shares sold at $200 -> nothing sold (the account keeps $0.02
        less cash; the rounding recomputes each account's cash from its orders). An employer plan's
        buy with its binary at 0 stays: that is its Contribution bought by payroll (orders.py)."""
        y = None
        payroll: set[int] = getattr(self, "payroll_binaries", set())
        for js, _price, z, _m in getattr(self, "orders", ()):
            if z is not None and x[z] < 0.5 and z not in payroll and any(x[j] != 0.0 for j in js):
                if y is None:
                    y = np.array(x, dtype=float)
                for j in js:
                    y[j] = 0.0
                y[z] = 0.0
        return x if y is None else y

    def without_slivers(self, x: np.ndarray) -> np.ndarray:
        """The solution without pieces worth less than :data:`SLIVER_DOLLARS` (a solver vertex can sell
        0.00045 shares of a second lot to land exactly on target): such a lot piece, tax-free sell or
        buy is dropped, the account's cash is re-balanced (a shortfall trims that account's largest
        buy), and nothing changes when dropping would move a class out of its band. An order in whole
        shares (Settings Whole Shares, a security traded on an exchange) is never touched. Worked
        example: 10 shares of lot A plus 0.00045 of lot B at $300 ($0.13) -> 10 shares of lot A, and the
        account keeps $0.13 less cash. In an employer plan, whose new money cannot stay as cash
        (payroll_cash.py, ``payroll_cash_caps``), a dropped buy's dollars go to the account's largest
        buy instead (none: nothing is dropped): bench_plan_quality --past-sales seed 4, a $5,000
        Contribution buying 20.19742767 IN1 at $247.53 and 0.0039145 BD0 at $135.58 ($0.53) -> 20.1995721
        IN1 (20.1995 on Trades), where dropping BD0 into cash had left $0.54 of it uninvested."""
        whole = self.whole_share_symbols
        if whole and whole == frozenset(self.secs):
            return x
        y = np.array(x, dtype=float)
        acct_index = {a.name: i for i, a in enumerate(self.accounts)}
        changed = False

        def drop(j: int, account: str, cash_change: float) -> None:
            nonlocal changed
            y[j] = 0.0
            y[self.cash_vars[acct_index[account]]] += cash_change
            changed = True

        for sl, j in zip(self.sell_lots, self.lot_vars):
            if 0.0 < y[j] * sl.price < SLIVER_DOLLARS and sl.lot.symbol not in whole:
                drop(j, sl.lot.account, -y[j] * sl.price)
        for p, j in zip(self.positions, self.pos_vars):
            if 0.0 < y[j] * p.price < SLIVER_DOLLARS and p.symbol not in whole:
                drop(j, p.account, -y[j] * p.price)
        for b, j in zip(self.buys, self.buy_vars):
            if 0.0 < y[j] * b.price < SLIVER_DOLLARS and b.symbol not in whole:
                drop(j, b.account, y[j] * b.price)
        if not changed:
            return x
        for a, cap in getattr(self, "payroll_cash_caps", {}).items():  # new money ends invested
            cj = self.cash_vars[a]
            extra = float(y[cj] - x[cj])
            if y[cj] <= cap or extra <= 0.0:
                continue
            mine = [(y[j] * b.price, j, b) for b, j in zip(self.buys, self.buy_vars)
                    if b.account == self.accounts[a].name and y[j] > 0 and b.symbol not in whole]
            if not mine:
                return x
            _amount, j, b = max(mine, key=lambda t: t[0])
            y[j] += extra / b.price
            y[cj] -= extra
        for a, cj in zip(self.accounts, self.cash_vars):
            if y[cj] >= 0.0:
                continue
            mine = [(y[j] * b.price, j, b) for b, j in zip(self.buys, self.buy_vars)
                    if b.account == a.name and y[j] > 0 and b.symbol not in whole]
            if not mine:
                return x
            amount, j, b = max(mine, key=lambda t: t[0])
            if amount + y[cj] < 0.0:
                return x
            y[j] += y[cj] / b.price
            y[cj] = 0.0
        outside = {r.asset_class for r in allocation(self.household, self.after_values(x)) if r.outside_band}
        after = {r.asset_class for r in allocation(self.household, self.after_values(y)) if r.outside_band}
        return y if after <= outside else x

    # ------------------------------------------------------------------------ reading results

def _order_key(lot: Lot, method: LotMethod) -> tuple[Any, ...]:
    start = lot.holding_start or date.min
    if method is LotMethod.FIFO:
        return (start, lot.lot_id)
    if method is LotMethod.LIFO:
        return (-start.toordinal(), lot.lot_id)
    unit = lot.unit_cost if lot.unit_cost is not None else 0.0
    return (-unit, start, lot.lot_id)  # HIFO: highest cost per share first



#: A lot or position sold to within this many shares of all of it is sold whole (solver noise).
WHOLE_LOT_SLACK = 1e-3
#: 10,000: a quantity times this is a whole number of 1/10,000 shares.
_SHARE_SCALE: int = 10 ** SHARE_DECIMALS


def _round_down(q: float) -> float:
    return shares_down(q)


def _round_near(q: float) -> float:
    return round(q, SHARE_DECIMALS)


class OrderRoundingMixin(ModelAttributes):
    def rounded(self, x: np.ndarray) -> np.ndarray:
        """The solution with broker-ready quantities (module docstring, rule 2), each account's
        purchase of a class in one fund (one_fund.py)."""
        x = one_fund_per_class(self, x)
        y = self._rounded(x, {}, {})
        before = {r.asset_class for r in allocation(self.household, self.after_values(x)) if r.outside_band}
        out = {r.asset_class: r.drift for r in allocation(self.household, self._as_shown(y))
               if r.outside_band and r.asset_class not in before}
        if not out or (self.whole_share_symbols and self.whole_share_symbols == frozenset(self.secs)):
            return y
        up = {k for k, d in out.items() if d > 0}
        down = {k for k, d in out.items() if d < 0}
        # the accounts that buy an under class: their other sells round up too, so the cash for the buy
        # rounded up is there (fe14 F1: an IRA's VTI sale of 17.3333 x $300 = $5,199.99 left the VXUS buy
        # that brings Intl to its band edge a cent short)
        buying = frozenset(b.account for b, j in zip(self.buys, self.buy_vars) if b.asset_class in down and y[j] > 0)
        z = self._rounded(x, {k: "up" for k in up} | {k: "down" for k in down}, {k: "up" for k in down}, buying)
        return self._topped_up(z, before)

    def _topped_up(self, y: np.ndarray, before: set[str]) -> np.ndarray:
        """An under class still outside its band after the rounding (other orders of the class moved
        too: a lot sold to within 0.001 share of all of it is sold whole) gets its largest buy raised by
        the 1/10,000 shares that close the gap, when its account's cash covers them (counted in cents,
        :meth:`_cash_after_orders`). fe14 F1: Bonds' BND lot sold whole (200, the solver's 199.99979)
        took $0.0153 more out of Bonds than the solver's plan; AGG rounded up to 146.9696 ($14,549.99)
        still left Bonds at 24.99998% against a 25% edge; 146.9697 ($14,550.00) is within it, from the
        account's $0.04 of cash."""
        shown = self._as_shown(y)
        total = sum(shown.values())
        under = [r for r in allocation(self.household, shown)
                 if r.outside_band and r.drift < 0 and r.asset_class not in before]
        if not under or total <= 0:
            return y
        whole = self.whole_share_symbols
        acct_index = {a.name: i for i, a in enumerate(self.accounts)}
        z = np.array(y, dtype=float)
        for r in under:
            gap = (r.target - r.band) * total - shown[r.asset_class]  # dollars short of the edge
            mine = [(z[j] * b.price, j, b) for b, j in zip(self.buys, self.buy_vars)
                    if b.asset_class == r.asset_class and z[j] > 0 and b.symbol not in whole]
            if not mine or gap <= 0:
                continue
            _amount, j, b = max(mine, key=lambda m: m[0])
            step = 10 ** -SHARE_DECIMALS
            k = math.ceil(gap / b.price / step - 1e-9)
            old = z[j]
            z[j] = round(old + k * step, SHARE_DECIMALS)
            if self._cash_least(z)[acct_index[b.account]] < -1e-9:
                z[j] = old
        cash = self._cash_after_orders(z)
        for a, cj in enumerate(self.cash_vars):
            z[cj] = max(0.0, cash[a])
        def outside(v: np.ndarray) -> set[str]:
            return {r.asset_class for r in allocation(self.household, self._as_shown(v)) if r.outside_band} - before
        return z if outside(z) < outside(y) else y

    def _as_shown(self, y: np.ndarray) -> dict[str, float]:
        """Class values after the plan ``y`` as the Allocation sheet adds them up (module rule 2): its
        orders (one per account, security and side) through :func:`class_values_after_orders`, the rule
        the sheet's After Value uses; Cash as the model has it, in cents."""
        secs = self.household.security_map()
        orders = self.order_amounts(y)
        shown = class_values_after_orders(self.household, ((secs[symbol].asset_class, sign, amount)
                                                            for (_account, symbol, sign), amount in orders.items()))
        exact = self.after_values(y)
        if CASH_CLASS in exact:
            shown[CASH_CLASS] = cents(exact[CASH_CLASS])
        return shown

    def _recent_blocks(self) -> dict[tuple[str, str], list[float]]:
        """(account, symbol) of a tax-advantaged position -> its shares bought in the wash-sale window,
        most recent first, summed: 8.7 for a 401(k)'s one recent lot of 8.7 FXAIX. A sell the solver
        leaves within WHOLE_LOT_SLACK of one of these sells exactly that: the recent shares the plan
        sells so that they cannot wash a loss, none left (fe9 finding 7: 8.6999 of 8.7 left 0.0001
        share, and a pre-trade warning about $0.00 lost for good)."""
        blocks: dict[tuple[str, str], list[tuple[date, float]]] = {}
        for pool in getattr(self, "pool", {}).values():
            for r in pool:
                blocks.setdefault((r.account, r.symbol), []).append((r.acquired, r.shares))
        out: dict[tuple[str, str], list[float]] = {}
        for key, rows in blocks.items():
            total = 0.0
            for _d, shares in sorted(rows, key=lambda r: r[0], reverse=True):
                total += shares
                out.setdefault(key, []).append(total)
        return out

    def _rounded(self, x: np.ndarray, sell_dir: dict[str, str], buy_dir: dict[str, str],
                 up_accounts: frozenset[str] = frozenset()) -> np.ndarray:
        def sell_round(q: float, cls: str, account: str) -> float:
            d = sell_dir.get(cls)
            if d == "up":
                return math.ceil(q * _SHARE_SCALE - 1e-6) / _SHARE_SCALE
            if d is None and account in up_accounts:  # up, but a sale on a whole 1/10,000 stays on it
                return math.ceil(q * _SHARE_SCALE - 1e-2) / _SHARE_SCALE
            if d == "down":
                return _round_down(q)
            return _round_near(q)

        y = np.array(x, dtype=float)
        whole_symbols = self.whole_share_symbols  # Whole Shares, except mutual funds (records.SecurityType)
        acct_index = {a.name: i for i, a in enumerate(self.accounts)}
        for sl, j in zip(self.sell_lots, self.lot_vars):
            q = y[j]
            if q <= 1e-9:
                y[j] = 0.0
            elif q >= sl.lot.quantity - WHOLE_LOT_SLACK:
                y[j] = sl.lot.quantity
            else:
                y[j] = (float(round(q)) if (sl.lot.symbol in whole_symbols and abs(q - round(q)) < 1e-4)
                        else min(sl.lot.quantity, sell_round(q, sl.asset_class, sl.lot.account)))
        self._whole_share_lot_pieces(x, y)
        recent = self._recent_blocks()
        for p, j in zip(self.positions, self.pos_vars):
            q = y[j]
            block = next((b for b in recent.get((p.account, p.symbol), ()) if abs(q - b) < WHOLE_LOT_SLACK
                          and b <= p.quantity and (p.symbol not in whole_symbols or b == round(b))), None)
            if q <= 1e-9:
                y[j] = 0.0
            elif q >= p.quantity - WHOLE_LOT_SLACK:
                y[j] = p.quantity
            elif block is not None:  # all of its recent shares, not 0.0001 short (rule 2)
                y[j] = block
            else:
                y[j] = (float(round(q)) if p.symbol in whole_symbols
                        else min(p.quantity, sell_round(q, p.asset_class, p.account)))
        for b, j in zip(self.buys, self.buy_vars):
            q = y[j]
            up = buy_dir.get(b.asset_class) == "up"
            y[j] = 0.0 if q <= 1e-9 else (float(round(q)) if b.symbol in whole_symbols else
                                          (math.ceil(q * _SHARE_SCALE - 1e-6) / _SHARE_SCALE
                                           if up else _round_near(q)))
        for (_W, _z, pieces, _pool) in getattr(self, "exposures", {}).values():
            for i, wj in pieces:  # washed shares never exceed the shares sold
                y[wj] = min(y[wj], y[self.lot_vars[i]])
        for u, wj in getattr(self, "chain_recoveries", ()):  # a chained share recovers a washed one
            y[u] = min(y[u], y[wj])
        self._min_trade_kept(x, y)
        self._rounded_down_where_short(x, y, buy_dir)
        cash = self._cash_least(y)
        for a, left in enumerate(cash):
            if left >= -1e-9:
                continue
            mine = [(y[j] * b.price, j, b) for b, j in zip(self.buys, self.buy_vars)
                    if acct_index[b.account] == a and y[j] > 0]
            if not mine:  # no buy to trim: a withdrawal paid by the sales, raised to pay it (fe19 F4: h6's
                self._sells_raised(y, a)  # 166.4999 VXUS and 50.05 AAPL paid $19,999.99 of $20,000)
                cash = self._cash_least(y)
                continue
            _amount, j, b = max(mine, key=lambda m: m[0])
            step = 1.0 if b.symbol in whole_symbols else 10 ** -SHARE_DECIMALS
            cut = math.ceil((-left / b.price) / step - 1e-9) * step
            trimmed = max(0.0, round(y[j] - cut, SHARE_DECIMALS))
            floor = self.settings.min_trade
            if not (floor > 0 and cents(times(trimmed, b.price)) < floor <= cents(times(y[j], b.price))
                    and self._sells_raised(y, a)):
                y[j] = trimmed
            cash = self._cash_least(y)
        cash = self._rounding_cents_spent(x, y, self._cash_after_orders(y))
        for a, j in enumerate(self.cash_vars):
            y[j] = max(0.0, cash[a])
        return y

    def _sells_raised(self, y: np.ndarray, a: int) -> bool:
        """Account ``a``'s largest fractional sell (a tax-advantaged position's first: it carries no tax)
        raised by the 1/10,000 shares that pay for its overdrawn cash (in place), so that a buy held at
        Min Trade by the rounding is not trimmed back under it; False, ``y`` unchanged, when no sell has
        the room. bench_plan_quality seed 918: an IRA's 1.2716 RE0B at $39.32 ($50.00) and 0.1929 BD0 at
        $259.28 ($50.02, raised from $49.99 to Min Trade $50) left -$0.02; 1.2720 RE0B ($50.02) pays for
        it, where trimming BD0 to 0.1928 wrote a $49.99 order."""
        name = self.accounts[a].name
        whole = self.whole_share_symbols
        step = 10 ** -SHARE_DECIMALS
        mine = [(0, y[j] * p.price, j, p.quantity, p.price) for p, j in zip(self.positions, self.pos_vars)
                if p.account == name and y[j] > 0 and p.symbol not in whole]
        mine += [(1, y[j] * sl.price, j, sl.lot.quantity, sl.price) for sl, j in zip(self.sell_lots, self.lot_vars)
                 if sl.lot.account == name and y[j] > 0 and sl.lot.symbol not in whole]
        left = self._cash_least(y)[a]
        for _kind, _amount, j, cap, price in sorted(mine, key=lambda m: (m[0], -m[1])):
            old = y[j]
            k = max(1, math.floor((-left - 0.005) / price / step))  # a half cent may round either way
            while k * step <= cap - old + 1e-9 and k * step * price <= -left + 1.0:
                y[j] = round(old + k * step, SHARE_DECIMALS)
                if self._cash_least(y)[a] >= -1e-9:
                    return True
                k += 1
            y[j] = old
        return False

    def _whole_share_lot_pieces(self, x: np.ndarray, y: np.ndarray) -> None:
        """A taxable sell of a whole-share security (Whole Shares = Y, not a mutual fund) sells whole shares
        of each lot, as many in all as the solver's order (in place, after each lot is rounded alone). The
        model keeps the order whole (orders.py), not each lot's piece: a lot within 0.001 share of all of it
        sold whole, the others' pieces go to whole shares, the largest fractions up (no lot past what it
        holds). fe17 F9 (h3's "Waiting instead" plan): 19.99975 of lot T2 (20 shares) and 17.00025 of lot
        INH, 37 VTI, were sold as 20 and 17.0003, 37.0003 shares; now 20 and 17."""
        whole = self.whole_share_symbols
        for (_account, symbol), idx in self.sell_groups.items():
            if symbol not in whole:
                continue
            total = sum(float(x[self.lot_vars[i]]) for i in idx)
            free = [i for i in idx if 0.0 < y[self.lot_vars[i]] < self.sell_lots[i].lot.quantity]
            left = total - sum(float(y[self.lot_vars[i]]) for i in idx if i not in free)
            if not free or abs(left - round(left)) > 1e-4 or all(
                    y[self.lot_vars[i]] == round(y[self.lot_vars[i]]) for i in free):
                continue
            floors = {i: float(math.floor(float(x[self.lot_vars[i]]) + 1e-6)) for i in free}
            extra = round(left) - sum(floors.values())
            ups = sorted((i for i in free if floors[i] + 1 <= self.sell_lots[i].lot.quantity + 1e-9),
                         key=lambda i: -(float(x[self.lot_vars[i]]) - floors[i]))
            if not 0 <= extra <= len(ups):
                continue
            for k, i in enumerate(ups):
                floors[i] += 1.0 if k < extra else 0.0
            for i in free:
                y[self.lot_vars[i]] = floors[i]

    def _rounding_cents_spent(self, x: np.ndarray, y: np.ndarray, cash: list[float]) -> list[float]:
        """Each account's cash after the orders of ``y``, once the cents the rounding left (counted both
        ways, :meth:`_cash_least`) in an employer plan whose new money ends invested (payroll_cash.py: at
        most the Cash typed; here the solver's plan ``x`` keeps under half a cent) buy more of its largest
        fractional buy that they pay for (in place; the 1/10,000 shares that cost no more than the cents
        left, counted both ways), unless that takes a class out of its band. Other accounts keep such cents
        as cash (a Cash target counts them). fe17 F4 (h10's 2-point frontier row): the solver's 35.466684
        FSKAX at $150 rounded down to 35.4666 ($5,319.99: 35.4667 is $5,320.01 and overspends) and
        367.99974 FXNAX at $10 to 367.9997 ($3,680.00) left $0.01 of a 401(k)'s $9,000.00; FXNAX raised
        to 368.0007 ($3,680.01) invests it."""
        acct_index = {a.name: i for i, a in enumerate(self.accounts)}
        whole = self.whole_share_symbols
        step = 10 ** -SHARE_DECIMALS
        def outside() -> set[str]:
            return {r.asset_class for r in allocation(self.household, self._as_shown(y)) if r.outside_band}

        before: set[str] | None = None
        # the cents left counted both ways (_cash_least): per order, the rounding of many sells up can
        # leave a cent that the shares at their prices do not hold (bench planref, 30 lots a class, seed
        # 2704: a 401(k)'s eight sells, each order rounded to the cent, came to $0.0116 more than their
        # shares x price; the cent spent left the account $0.0113 short of the buy)
        least = self._cash_least(y)
        for a in getattr(self, "payroll_cash_caps", {}):
            if not 0.005 <= least[a] < 1.0 or x[self.cash_vars[a]] >= 0.005:
                continue
            mine = sorted(((y[j] * b.price, j, b) for b, j in zip(self.buys, self.buy_vars)
                           if acct_index[b.account] == a and y[j] > 0 and b.symbol not in whole),
                          key=lambda m: -m[0])
            for _amount, j, b in mine:
                before = outside() if before is None else before
                old = y[j]
                for k in range(math.floor(least[a] / b.price / step + 1e-9), 0, -1):
                    y[j] = round(old + k * step, SHARE_DECIMALS)
                    if self._cash_least(y)[a] >= -1e-9 and outside() <= before:
                        break
                    y[j] = old
                if y[j] != old:
                    cash, least = self._cash_after_orders(y), self._cash_least(y)
                    break
        return cash

    def _rounded_down_where_short(self, x: np.ndarray, y: np.ndarray, buy_dir: dict[str, str]) -> None:
        """The buys the rounding took above the solver's quantity in ``x`` rounded down instead, in an account whose
        cash that rounding up took below zero (in place; the largest overspend first, until the cash is
        not short; a buy rounded up to keep its class in its band, or to stay at Min Trade, keeps its
        rounding): fe17 F4, a 401(k)'s $9,000.00 of payroll money, the solver's 589.99980 FXNAX at $10 and
        20.666667 FSKAX at $150 rounded to 589.9998 ($5,900.00) and 20.6667 ($3,100.01): $9,000.01, a cent
        more than the money. 20.6666 ($3,099.99) leaves $0.01 of it instead."""
        cash = self._cash_after_orders(y)
        short = {a for a, left in enumerate(cash) if left < -1e-9}
        if not short:
            return
        acct_index = {a.name: i for i, a in enumerate(self.accounts)}
        whole = self.whole_share_symbols
        floor = self.settings.min_trade
        over = []
        for b, j in zip(self.buys, self.buy_vars):
            if acct_index[b.account] not in short or y[j] <= x[j] + 1e-12 or buy_dir.get(b.asset_class) == "up":
                continue
            down = float(math.floor(x[j] + 1e-9)) if b.symbol in whole else _round_down(x[j])
            if floor > 0 and cents(times(down, b.price)) < floor <= cents(times(y[j], b.price)):
                continue  # rounded up to stay at Min Trade (_min_trade_kept)
            over.append(((y[j] - down) * b.price, j, down, acct_index[b.account]))
        for _dollars, j, down, a in sorted(over, key=lambda o: -o[0]):
            if cash[a] >= -1e-9:
                continue
            y[j] = down
            cash = self._cash_after_orders(y)

    def _min_trade_kept(self, x: np.ndarray, y: np.ndarray) -> None:
        """An order at or over Min Trade in the solver's plan ``x`` that the rounding took under it, in
        cents, is raised by 1/10,000 shares until it is not (in place; a sell within what its lots
        hold): fe14 F6, a Roth's sale of the solver's 0.33333 VTI at $300 ($100.00) rounded to 0.3333,
        a $99.99 order under Min Trade $100, which the broker's minimum would refuse -> 0.3334, $100.02.
        The cash check after it trims the account's largest buy if that leaves it short."""
        floor = self.settings.min_trade
        if floor <= 0:
            return
        whole = self.whole_share_symbols
        symbol = {j: b.symbol for b, j in zip(self.buys, self.buy_vars)}
        symbol |= {j: p.symbol for p, j in zip(self.positions, self.pos_vars)}
        symbol |= {j: sl.lot.symbol for sl, j in zip(self.sell_lots, self.lot_vars)}
        cap = {j: p.quantity for p, j in zip(self.positions, self.pos_vars)}
        cap |= {j: sl.lot.quantity for sl, j in zip(self.sell_lots, self.lot_vars)}
        step = 10 ** -SHARE_DECIMALS
        for js, price, _z, _m in getattr(self, "orders", ()):
            if symbol.get(js[0]) in whole or sum(x[j] for j in js) * price < floor - 1e-6:
                continue
            for _ in range(3):
                shares = sum(y[j] for j in js)
                if shares <= 0 or cents(shares * price) >= floor:
                    break
                room = [j for j in js if y[j] + step <= cap.get(j, math.inf) + 1e-9]
                if not room:
                    break
                j = max(room, key=lambda j: y[j])
                y[j] = round(y[j] + step, SHARE_DECIMALS)

    def _cash_least(self, y: np.ndarray) -> list[float]:
        """Each account's cash after the orders of ``y`` counted both ways a statement may add them up:
        each order's amount in cents (:meth:`_cash_after_orders`, the Trades sheet), and all of them at
        shares x price, the net to the cent; the lesser. An account is overdrawn when either is below
        zero: the per-order cents alone let the rounding of many orders add up. bench_plan_quality
        seed 312: thirteen orders in one Brokerage account, each to the nearest 1/10,000 share, left
        $0.00 counted per order but -$0.0123 at shares x price (-$0.01 net); its largest buy trimmed
        by 0.0001 share leaves both at or above zero."""
        acct_index = {a.name: i for i, a in enumerate(self.accounts)}
        exact = [a.cash + a.contribution for a in self.accounts]
        for account, _symbol, sign, q, price in self._order_pieces(y):
            exact[acct_index[account]] -= sign * q * price
        return [min(c, cents(e)) for c, e in zip(self._cash_after_orders(y), exact)]

    def _cash_after_orders(self, y: np.ndarray) -> list[float]:
        """Each account's cash after the orders of ``y``, counted as the broker and the sheets count it:
        its cash and Contribution plus each sell order's amount in cents minus each buy order's amount
        in cents (an order is one account, security and side; its Amount is shares x price to the cent,
        Trades). Example: sells of $21,615.00, a buy of 141.6667 AGG at $99 ($14,025.0033 -> $14,025.00)
        and one of $7,590.00 leave $0.00, not -$0.0033 (fe14 F1: that 0.33 of a cent trimmed the AGG buy
        to 141.6666, $14,024.99, and Bonds ended 0.00001 points outside its band)."""
        acct_index = {a.name: i for i, a in enumerate(self.accounts)}
        cash = [a.cash + a.contribution for a in self.accounts]
        for (account, _symbol, sign), amount in self.order_amounts(y).items():
            cash[acct_index[account]] -= sign * amount
        return [round(c, 2) for c in cash]

    def order_amounts(self, y: np.ndarray) -> dict[tuple[str, str, int], float]:
        """(account, symbol, +1 for a buy or -1 for a sell) -> the order's amount in cents, as Trades
        computes it (assemble.py): its shares summed, times the price as written (money.times), in cents.
        fe17 F4: 20.6667 FSKAX at $150 are $3,100.005 as written, $3,100.01; the float product
        3,100.0049999999997 had counted $3,100.00."""
        shares: dict[tuple[str, str, int], tuple[float, float]] = {}
        for account, symbol, sign, q, price in self._order_pieces(y):
            if q:
                key = (account, symbol, sign)
                shares[key] = (shares.get(key, (0.0, price))[0] + float(q), price)
        return {key: cents(times(q, price)) for key, (q, price) in shares.items()}

    def _order_pieces(self, y: np.ndarray) -> Iterator[tuple[str, str, int, float, float]]:
        """Every column of ``y`` that trades: (account, symbol, +1 buy or -1 sell, shares, price), lot
        sells, tax-advantaged sells and buys in that order."""
        for sl, j in zip(self.sell_lots, self.lot_vars):
            yield sl.lot.account, sl.lot.symbol, -1, y[j], sl.price
        for p, j in zip(self.positions, self.pos_vars):
            yield p.account, p.symbol, -1, y[j], p.price
        for b, j in zip(self.buys, self.buy_vars):
            yield b.account, b.symbol, 1, y[j], b.price
