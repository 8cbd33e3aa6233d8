"""A purchase against a loss sold before As Of (IRC §1091(a), (d); Treas. Reg. §1.1091-1(c), (e);
Pub 550 "Wash Sales"; Rev. Rul. 2008-5).

A wash sale disallows a loss; it forbids no trade. The plan may buy an identity that was sold at a
loss in the last 30 days; the purchase is priced, not refused. The price comes from the one query
the Do Not Buy list and WASHWINDOW read (:func:`taxrebal.engine.wash_queries.open_losses`): the loss
shares of those sales not yet matched to replacement shares.

* Every loss share already matched (Reg. §1.1091-1(e): a loss share is matched once): the purchase
  washes nothing and costs nothing.
* Open loss shares ``O``: the plan's purchases ``B`` of the identity (all accounts, one day) wash
  ``V = min(B, O)`` of them (one binary ``z``: ``V >= B - M z``, ``V >= O z``). Each washed share's
  loss no longer counts this year (it is added back to the year's gains at its term); bought in a
  taxable account it moves into the new shares' basis (§1091(d): deferred, not lost); bought in an
  IRA/401(k)/Roth/HSA it is lost for good (Rev. Rul. 2008-5), charged as the plan charges any loss
  lost for good (the loss times the long-term rate, wash_exposure.py), at least ``V`` - (taxable
  shares bought) of them.
* Which open sale's shares wash is left to the model (a lower bound on the wash engine's matching
  when several open sales of one identity have different losses per share; taxrebal's reading).
* The plan still never buys an identity it sells at a loss itself (wash_exposure.py) and never
  buys one sold in the window with an unknown cost basis (the loss at stake cannot be priced).

Worked example (tests/test_rebalance_past_wash.py): 100 VEA sold on 2026-11-09 at a $9/share loss.
Bought back in the IRA 2026-11-20 (all 100 matched, $900 disallowed): on 2026-12-01 the plan buys
VEA freely. Without that IRA purchase, buying 40 VEA in the taxable account washes $360 (this
year's loss is $360 smaller, the new shares' basis $360 higher); buying them in the IRA loses the
$360 for good.
"""

from __future__ import annotations

import math
from datetime import timedelta
from typing import TYPE_CHECKING

import numpy as np

from ..money import cents
from ..plan import PastLossPart
from ..reasons import PAST_WASH_LEAD
from ..wash import tacked_start
from ..wash_queries import OpenLoss, open_losses
from ..wash_records import WashResult
from .attributes import ModelAttributes
from .data import _BuyOption
from .lp import _Lp


class PastWashMixin(ModelAttributes):
    if TYPE_CHECKING:
        @property
        def wash(self) -> WashResult:
            """The household's wash result (wash_exposure.py)."""
            ...
    past_wash_columns: frozenset[int]
    #: identity -> (V column, [(open loss, v column)], [(buy index, buy column)]) (:meth:`_past_wash_rows`)
    past_washes: dict[str, tuple[int, list[tuple[OpenLoss, int]], list[tuple[int, int]]]]
    open_loss_sales: dict[str, tuple[OpenLoss, ...]]

    def _open_loss_sales(self) -> dict[str, tuple[OpenLoss, ...]]:
        """Identity -> sales before As Of, in the window, with loss shares still unmatched."""
        return open_losses(self.wash, self.household, self.as_of - timedelta(days=self.window), self.as_of)

    def _past_wash_rows(self, lp: _Lp) -> None:
        self.past_washes = {}
        cols: set[int] = set()
        accounts = self.household.account_map()
        for ident, opens in sorted(self.open_loss_sales.items()):
            mine = [(k, j) for k, (b, j) in enumerate(zip(self.buys, self.buy_vars)) if b.identity == ident]
            if not mine:
                continue
            open_shares = sum(o.shares for o in opens)
            M = sum(lp.ub[j] for _k, j in mine)
            V = lp.var(0.0, min(open_shares, M))
            e = {V: 1.0}
            for _k, j in mine:
                e[j] = -1.0
            if M > open_shares + 1e-9:
                z = lp.var(0.0, 1.0, integer=True)
                e[z] = M
                lp.row(e, 0.0, math.inf)  # V >= B - M z
                lp.row({V: 1.0, z: -open_shares}, 0.0, math.inf)  # V >= (open shares) z
            else:
                lp.row(e, 0.0, math.inf)  # V >= B (B never exceeds the open shares)
            pieces = []
            total = {V: -1.0}
            for o in opens:
                v = lp.var(0.0, o.shares)
                total[v] = 1.0
                cols.add(v)
                pieces.append((o, v))
                # the washed loss no longer offsets this year's gains (its own term)
                (self.tax_lt if o.sale.long_term else self.tax_st)[v] = o.loss_per_share
            lp.row(total, 0.0, 0.0)  # sum v = V
            taxable = [j for k, j in mine if accounts[self.buys[k].account].is_taxable]
            if len(taxable) < len(mine):  # some purchase is tax-advantaged: part may be lost for good
                e = {V: 1.0}
                for j in taxable:
                    e[j] = -1.0
                for o, v in pieces:
                    p = lp.var(0.0, o.shares)
                    lp.row({p: 1.0, v: -1.0}, -math.inf, 0.0)  # p <= v
                    e[p] = -1.0
                    self.lost_for_good[p] = o.loss_per_share
                lp.row(e, -math.inf, 0.0)  # V - (taxable bought) <= sum p
            self.past_washes[ident] = (V, pieces, mine)
        self.past_wash_columns = frozenset(cols)

    def past_wash_gains(self, x: np.ndarray) -> tuple[float, float]:
        """(short-term, long-term) loss the plan's purchases take back from sales before As Of."""
        st = lt = 0.0
        for parts in self.past_wash_parts(x).values():
            for _k, o, shares, _lost in parts:
                if o.sale.long_term:
                    lt += shares * o.loss_per_share
                else:
                    st += shares * o.loss_per_share
        return st, lt

    def past_wash_parts(self, x: np.ndarray) -> dict[str, list[tuple[int, OpenLoss, float, bool]]]:
        """Identity -> [(buy index, open sale, shares washed, lost for good)] of the plan ``x``, from its
        purchases as solved (after rounding): the shares bought wash ``min(bought, open)`` loss shares,
        the earliest open sale first (the engine's order of loss sales), taxable purchases first
        (their loss moves into the new basis, IRC §1091(d)); a tax-advantaged purchase's part is lost
        for good (Rev. Rul. 2008-5)."""
        accounts = self.household.account_map()
        out: dict[str, list[tuple[int, OpenLoss, float, bool]]] = {}
        for ident, (_V, pieces, mine) in self.past_washes.items():
            bought = [(k, float(x[j])) for k, j in mine if x[j] > 1e-6]
            bought.sort(key=lambda kb: not accounts[self.buys[kb[0]].account].is_taxable)
            opens = [o for o, _v in pieces]
            left = [o.shares for o in opens]
            parts: list[tuple[int, OpenLoss, float, bool]] = []
            for k, q in bought:
                lost = not accounts[self.buys[k].account].is_taxable
                for n, o in enumerate(opens):
                    take = min(q, left[n])
                    if take <= 1e-9:
                        continue
                    parts.append((k, o, take, lost))
                    left[n] -= take
                    q -= take
            if parts:
                out[ident] = parts
        return out


def past_wash_by_buy(model: PastWashMixin, x: np.ndarray
                     ) -> dict[tuple[str, str], tuple[float, float, str, float, tuple[PastLossPart, ...]]]:
    """(account, symbol) of a plan purchase -> (short-term, long-term) loss it takes back from sales
    before As Of, the sentence its Trades note adds (assemble.py), the loss shares it replaces, and
    those shares sale by sale (the Form 8949 sheet's notes)."""
    out: dict[tuple[str, str], tuple[float, float, str, float, tuple[PastLossPart, ...]]] = {}
    for parts in model.past_wash_parts(x).values():
        per: dict[int, list[tuple[OpenLoss, float, bool]]] = {}
        for k, o, shares, lost in parts:
            per.setdefault(k, []).append((o, shares, lost))
        for k, items in per.items():
            b = model.buys[k]
            st = sum(sh * o.loss_per_share for o, sh, _l in items if not o.sale.long_term)
            lt = sum(sh * o.loss_per_share for o, sh, _l in items if o.sale.long_term)
            shares = sum(sh for _o, sh, _l in items)
            sales = "; ".join(f"{o.sale.symbol} sold on {o.sale.date.isoformat()} in {o.sale.account}"
                              for o in dict.fromkeys(o for o, _s, _l in items))
            lost = items[0][2]
            fate = ("lost for good: the purchase is in a tax-advantaged account (Rev. Rul. 2008-5)" if lost
                    else "added to these shares' basis (IRC §1091(d)): deferred, not lost")
            note = (f"{PAST_WASH_LEAD} these shares replace {shares:g} loss shares still open ({sales}), "
                    f"so ${cents(st + lt):,.2f} of that loss is disallowed this year, {fate} (Treas. Reg. "
                    f"§1.1091-1(c)); the plan's tax counts it." + ("" if lost else _new_basis(model, b, items)))
            by_sale = tuple(PastLossPart(o.sale, sh, sh * o.loss_per_share, lost_) for o, sh, lost_ in items)
            out[(b.account, b.symbol)] = (st, lt, note, shares, by_sale)
    return out


def _new_basis(model: PastWashMixin, b: _BuyOption, items: list[tuple[OpenLoss, float, bool]]) -> str:
    """The washed shares' basis and holding start, which the client needs for their next sale (fe17 F14c):
    per share, the price paid plus the loss washed into it (IRC §1091(d)); held from the date the plan's
    purchase (As Of) less the sold shares' days held (IRC §1223(3); wash.tacked_start). Worked example
    (fe17 h14): 42 VOO at $550 wash IVV sold 2026-11-20 at $50 a share, held 1,023 days -> $600.00 a
    share, held from 2024-02-15."""
    parts, price, unseen = [], b.price, False
    for o, sh in {o: sum(x for oo, x, _l in items if oo is o) for o, _x, _l in items}.items():
        start = tacked_start(model.as_of, o.sale.holding_start, o.sale.date, o.sale.inherited)
        unseen = unseen or (o.sale.symbol, o.sale.account) != (b.symbol, b.account)
        parts.append(f"{round(sh, 4):g} of them ${cents(price + o.loss_per_share):,.2f} a share (${cents(price):,.2f} "
                     f"paid + "
                     f"${cents(o.loss_per_share):,.2f} washed) and held from {start.isoformat()}")
    return (" For their next sale, keep: " + "; ".join(parts) + " (IRC §1091(d), §1223(3))"
            + ("; a broker does not see a wash across funds or accounts." if unseen else "."))
