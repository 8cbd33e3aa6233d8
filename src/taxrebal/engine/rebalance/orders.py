"""Order constraints: forced lot order (FIFO/LIFO/HIFO), minimum trade size and whole shares.

Example: with Min Trade $500 an order is either 0 or at least $500 (a binary per order).

Payroll: an employer plan's Contribution (records.PAYROLL_PLAN_TYPES) is no order, payroll invests it
under the election whatever Min Trade says. Each buy of such an account gets a column ``p`` (its
dollars paid by payroll), and with its binary off the buy is at most ``p``; the account's ``p`` add up
to at most the Contribution. Worked example (tests/test_payroll_min_trade.py): Min Trade $500, a
401(k)'s $300 Contribution buys $200 of FXAIX and $100 of FXNAX (both binaries off, p = 200 and 100);
its own $200 of cash, with no Contribution left to pay for it, is a buy under $500 and stays.

Whole Shares (taxrebal's reading of "a fractional holding is sold whole as All shares", README): an
order of an exchange-traded fund is a whole number of shares ``m``, except the order that sells every
share the account holds of it. A taxable account's order spans its lots, so a holding of 403.1 VEA
(400 shares of lot D3, 3.1 reinvested in lot D4) is sold in 0..403 whole shares or all 403.1:
``sum x = m + 0.1 f``, ``m >= 403 f`` (fe9 finding 6: it was capped at 403, so the plan sold 402 and
left a 1.1-share stub of the DRIP lot that washed $4.40 of D3's loss). A single-column order (one lot,
a tax-advantaged position) gets the same choice from the no-dust rows (dust.py).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Optional

from ..lots import order_lots
from ..records import (
    PAYROLL_PLAN_TYPES,
    LotMethod,
)
from .attributes import ModelAttributes
from .data import _SellLot
from .lp import _Lp


class OrderRowsMixin(ModelAttributes):
    def _forced_order_rows(self, lp: _Lp, by_position: Mapping[tuple[str, str], list[int]]) -> None:
        """FIFO/LIFO/HIFO: a lot may be sold only after every lot before it is sold in full.

        Treas. Reg. §1.1012-1(c)(1): without adequate identification the shares sold are the earliest
        acquired (FIFO); a broker's standing LIFO/HIFO instruction is an adequate identification in
        that fixed order. Blocked lots (short-term gains not allowed, losses recent buys would wash)
        stop the chain: the order cannot skip them.
        """
        method = self.settings.lot_method
        if method not in (LotMethod.FIFO, LotMethod.LIFO, LotMethod.HIFO):
            return
        blocked: dict[tuple[str, str], list[_SellLot]] = {
            (sl.lot.account, sl.lot.symbol): [] for sl in self.blocked_st + self.blocked_wash}
        for sl in self.blocked_st + self.blocked_wash:
            blocked[(sl.lot.account, sl.lot.symbol)].append(sl)
        for key, idx in by_position.items():
            members: list[tuple[_SellLot, Optional[int]]] = [(self.sell_lots[i], self.lot_vars[i]) for i in idx]
            members += [(sl, None) for sl in blocked.get(key, [])]
            # lots the harvest rule left out entirely also hold their place in the order
            included = {id(m[0].lot) for m in members}
            for lot in self.household.lots:
                if (lot.account, lot.symbol) == key and lot.quantity > 0 and id(lot) not in included:
                    members.append((_SellLot(lot, 0.0, 0.0, True, "", ""), None))
            rank = {id(lot): i for i, lot in enumerate(order_lots([m[0].lot for m in members],
                                                              self.secs[key[1]].price, self.as_of, method))}
            members.sort(key=lambda m: rank[id(m[0].lot)])
            for (sl, j), (_nsl, nj) in zip(members, members[1:]):
                if nj is None:
                    continue
                if j is None:  # a blocked lot before this one: the chain stops here
                    lp.ub[nj] = 0.0
                    continue
                f = lp.var(0.0, 1.0, integer=True)
                lp.row({j: 1.0, f: -sl.lot.quantity}, 0.0, math.inf)  # q_j >= qty_j * full_j
                lp.row({nj: 1.0, f: -_nsl.lot.quantity}, -math.inf, 0.0)  # q_next <= qty_next * full_j

    def _order_rows(self, lp: _Lp) -> None:
        """Settings.min_trade (an order is 0 or at least min_trade dollars) and whole shares (for the
        securities that trade on an exchange: a mutual fund trades in fractional shares, records.SecurityType)."""
        s = self.settings
        self.order_binaries: list[int] = []
        self.integer_vars: list[int] = []
        whole_symbols = self.whole_share_symbols
        orders: list[tuple[list[int], float, float, bool]] = []  # (vars, price, max shares, whole shares)
        held: dict[tuple[str, str], float] = {}
        for lot in self.household.lots:
            held[(lot.account, lot.symbol)] = held.get((lot.account, lot.symbol), 0.0) + max(0.0, lot.quantity)
        # a taxable order whose columns may sell every share the account holds -> those shares (a
        # recent lot may have two columns, sold before or after the loss sales: chains, never both)
        all_shares: dict[int, float] = {}
        for (acct, sym), idx in self.sell_groups.items():
            js = [self.lot_vars[i] for i in idx]
            cap = sum(lp.ub[j] for j in js)
            if cap > 0:
                open_lots = {id(self.sell_lots[i].lot): self.sell_lots[i].lot.quantity
                             for i, j in zip(idx, js) if lp.ub[j] >= self.sell_lots[i].lot.quantity - 1e-9}
                if abs(sum(open_lots.values()) - held.get((acct, sym), 0.0)) <= 1e-9:
                    all_shares[js[0]] = held.get((acct, sym), 0.0)
                orders.append((js, self.sell_lots[idx[0]].price, cap, sym in whole_symbols))
        for p, j in zip(self.positions, self.pos_vars):
            if lp.ub[j] > 0:
                orders.append(([j], p.price, lp.ub[j], p.symbol in whole_symbols))
        acct_index = {a.name: i for i, a in enumerate(self.accounts)}
        # an employer plan's payroll Contribution buys under the investment election, whatever Min
        # Trade says (records.PAYROLL_PLAN_TYPES): its buys' columns -> the account
        payroll = {j: b.account for b, j in zip(self.buys, self.buy_vars)
                   if self.accounts[acct_index[b.account]].type in PAYROLL_PLAN_TYPES
                   and self.accounts[acct_index[b.account]].contribution > 0}
        for b, j in zip(self.buys, self.buy_vars):
            orders.append(([j], b.price, self.acct_capacity[acct_index[b.account]] / b.price,
                           b.symbol in whole_symbols))
        #: (variables, price, min-trade binary or None, whole-share integer or None) per order
        self.orders: list[tuple[list[int], float, int | None, int | None]] = []
        #: the Min Trade binaries of payroll buys: off, the buy is new money by payroll, not an order
        self.payroll_binaries: set[int] = set()
        paid: dict[str, dict[int, float]] = {}  # account -> its payroll columns (dollars by payroll)
        for js, price, cap, whole in orders:
            z = m = None
            if whole:
                if len(js) == 1:
                    lp.integ[js[0]] = 1
                    self.integer_vars.append(js[0])
                    m = js[0]
                    if math.isfinite(lp.ub[js[0]]):
                        lp.ub[js[0]] = math.floor(lp.ub[js[0]] + 1e-9)
                else:
                    m = lp.var(0.0, math.floor(cap + 1e-9), integer=True)
                    self.integer_vars.append(m)
                    e = {j: 1.0 for j in js}
                    e[m] = -1.0
                    whole_held = math.floor(all_shares.get(js[0], 0.0) + 1e-9)
                    frac = all_shares.get(js[0], 0.0) - whole_held
                    if frac > 1e-6:
                        # a fractional holding (reinvested dividends) may also be sold whole, "All
                        # shares": an option beside every whole number of shares, not a constraint
                        f = lp.var(0.0, 1.0, integer=True)
                        self.integer_vars.append(f)
                        e[f] = -frac
                        lp.row({m: 1.0, f: -float(whole_held)}, 0.0, math.inf)  # sold whole: m = floor
                    lp.row(e, 0.0, 0.0)
            account = payroll.get(js[0]) if s.min_trade > 0 else None
            if s.min_trade > 0 and (s.min_trade < cap * price or account is not None):
                z = lp.var(0.0, 1.0, integer=True)
                self.order_binaries.append(z)
            self.orders.append((js, price, z, m))
            if z is not None:
                e = {j: price for j in js}
                e[z] = -s.min_trade
                lp.row(e, 0.0, math.inf)  # amount >= min_trade * z
                e = {j: 1.0 for j in js}
                e[z] = -cap
                if account is not None:
                    # ... or, z off, dollars paid by payroll pj: shares <= cap z + pj / price, and the
                    # account's pj add up to at most its Contribution (below)
                    contribution = self.accounts[acct_index[account]].contribution
                    pj = lp.var(0.0, contribution)
                    e[pj] = -1.0 / price
                    paid.setdefault(account, {})[pj] = 1.0
                    self.payroll_binaries.add(z)
                lp.row(e, -math.inf, 0.0)  # shares <= cap * z
            elif s.min_trade > 0:
                for j in js:  # the whole order could never reach the minimum
                    lp.ub[j] = 0.0
        for account, ps in paid.items():
            lp.row(ps, -math.inf, self.accounts[acct_index[account]].contribution)
        self._one_side_rows(lp)

    def _one_side_rows(self, lp: _Lp) -> None:
        """An account never buys and sells the same security in one plan: where both orders carry a
        Min Trade binary, at most one is on (z_sell + z_buy <= 1). Without a minimum no row is needed:
        the net order reaches the same holdings with fewer dollars traded, and the turnover stage
        takes it. With one, selling $200 of USF and buying $108 back reached a $92 net sale under a
        $100 Min Trade (tests/test_one_side.py). A payroll buy (its binary off) is no order, so the
        sell's binary alone closes it."""
        sell_z: dict[tuple[str, str], int] = {}
        buy_z: dict[tuple[str, str], int] = {}
        for (acct, sym), idx in self.sell_groups.items():
            sell_z[(acct, sym)] = self.lot_vars[idx[0]]
        for p, j in zip(self.positions, self.pos_vars):
            sell_z[(p.account, p.symbol)] = j
        for b, j in zip(self.buys, self.buy_vars):
            buy_z[(b.account, b.symbol)] = j
        z_of = {js[0]: z for js, _price, z, _m in self.orders if z is not None}
        for key, j in buy_z.items():
            zs, zb = z_of.get(sell_z.get(key, -1)), z_of.get(j)
            if zs is not None and zb is not None:
                lp.row({zs: 1.0, zb: 1.0}, -math.inf, 1.0)
                if zb in self.payroll_binaries:  # nor buys it by payroll while it sells it
                    lp.row({j: 1.0, zs: lp.ub[j]}, -math.inf, lp.ub[j])

    # ------------------------------------------------------------------------------ solving
