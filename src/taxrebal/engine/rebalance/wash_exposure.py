"""Wash-sale exposure of a plan (IRC §1091(a); Treas. Reg. §1.1091-1(c), (d); Pub 550 "Wash Sales";
Rev. Rul. 2008-5 for IRAs).

A wash sale disallows a loss; it forbids no trade. A loss sold in a taxable account is disallowed
for the shares matched with substantially identical shares acquired within 30 days before or after
the sale, in any account of the household; only the matched shares wash: selling fewer shares than
were bought washes the whole loss sold, selling more washes the loss of as many shares as were
bought (Reg. §1.1091-1(c), (d)). The disallowed loss goes into the replacement's basis when the
replacement is in a taxable account (IRC §1091(d): no benefit this year, not lost), and is lost for
good when it was bought in an IRA/401(k)/Roth/HSA (Rev. Rul. 2008-5).

How the model carries it, per identity (symbol or Identical Group) that has loss lots and recent
purchases still held (``R`` shares, :func:`taxrebal.engine.wash_queries.recent_purchases`, the reading the
harvest scan and the pre-trade check share):

* every lot stays a candidate; the loss shares sold ``L`` wash ``W = min(L, R_left)`` shares, where
  ``R_left`` is ``R`` less the recent shares the plan sells in an earlier step, in any account
  (shares no longer held cannot replace: the wash engine's reading 4). The plan names them: a
  taxable recent lot by its Lot ID, a tax-advantaged sale "the shares bought on <date> first";
* ``W >= min(L, R_left)`` needs one binary ``z`` (``W >= L - M z``, ``W >= R_left - M (1 - z)``);
  each washed share ``w_i <= x_i`` adds its lot's loss per share back to the realized gain, so the
  objective charges the disallowed loss at the household's marginal rate;
* a recent loss lot's own kept shares do not wash its sale (the wash engine's reading 2), only the
  other loss lots' (:meth:`_own_shares_rows`), and a recent loss lot sold after an earlier one it
  replaced realizes again the loss it carries (:meth:`_recovery_rows`);
* which shares wash is the wash engine's order, not the cheapest: the replacement shares match the
  loss shares sold in the order those were acquired (Reg. §1.1091-1(c)), so the first ``i`` loss lots
  in that order wash at least ``min(S_i, R_left)`` shares (one binary per lot after the first);
* chains: a recent taxable lot kept out by its short-term gain may be sold in a step *after* the
  loss sales; its replaced shares carry the washed loss and the loss lot's holding period (IRC
  §1091(d), §1223(3)), so the sale realizes the loss again this year (:meth:`_chain_rows`);
* the plan still never buys an identity it sells at a loss (the buy would wash the loss); a purchase
  of one sold at a loss before As Of is priced, not refused (past_wash.py).

Dividend reinvestment is advice, not a constraint: a note says to turn DRIP off before selling.

Worked example: 1,000 loss shares of VTI (loss $20/share) and 70 VTI bought in the HSA 10 days
ago. Selling all 1,000 washes 70 shares: $1,400 lost for good (Rev. Rul. 2008-5); the other
$18,600 of loss is harvested. Before, every VTI loss lot was frozen.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Optional

import numpy as np

from ..records import (
    Action,
)
from ..sale_loss import sale_loss
from ..wash import (
    RealizedSale,
    WashMatch,
    WashResult,
    adjust_lots,
    purchase_id,
)
from ..wash_queries import RecentPurchase, recent_purchases
from ..wash_scope import scope_of
from ..wash_unlisted import PLAN_SALE_SHEET  # the sheet the plan's own sales carry (the wash engine reads it)
from .attributes import ModelAttributes
from .data import _SellLot
from .lp import _Lp
from .matching_order import add_matching_rows


class WashExposureMixin(ModelAttributes):
    _wash: WashResult | None  # the caller's wash result (model.py), or None until :attr:`wash` computes it

    # ------------------------------------------------------------------------ wash-sale history

    def _within_window(self, d: date) -> bool:
        return 0 <= (self.as_of - d).days <= self.window

    def _recent_loss_sales(self) -> dict[str, date]:
        """Identity -> latest date it was sold in a taxable account in the last window with an unknown
        cost basis (:mod:`taxrebal.engine.sale_loss`, and no Buy row the wash engine priced it from):
        buying it back could wash a loss we cannot see or price, so the plan does not buy it. A sale
        whose loss is known is priced instead (past_wash.py: a wash sale disallows a loss, it forbids
        no trade).
        """
        accounts = self.household.account_map()
        lots = {(lot.account, lot.lot_id): lot for lot in self.household.lots}
        # a sale the wash engine priced (its lot known from a Buy row, no longer on Lots) is known
        priced = {(s.date, s.account, s.symbol, s.lot_id or None) for s in self.wash.sales}
        out: dict[str, date] = {}
        for t in self.household.transactions:
            if t.action is not Action.SELL or not self._within_window(t.date):
                continue
            acct = accounts.get(t.account)
            if acct is not None and not acct.is_taxable:
                continue
            loss = sale_loss(t, lots.get((t.account, t.lot_id)) if t.lot_id else None)
            if loss is not None or (t.date, t.account, t.symbol, t.lot_id or None) in priced:
                continue
            ident = self._identity(t.symbol)
            if ident not in out or t.date > out[ident]:
                out[ident] = t.date
        return out

    @property
    def wash(self) -> WashResult:
        """:func:`adjust_lots` of the (already adjusted) household: idempotent, so its ``consumed``
        shares are those of the pipeline's wash step. Given to the model when several models of one
        household are built (:class:`~taxrebal.engine.rebalance.planner.HouseholdModels`), else
        computed here once."""
        if self._wash is None:
            self._wash = adjust_lots(self.household)
        return self._wash

    def _recent_pool(self) -> dict[str, list[RecentPurchase]]:
        """Identity -> purchases (date, account, purchase id) in the last 30 days, any account, that
        can still wash a loss sold today: still held and not already used as replacement shares for
        an earlier loss (each share replaces once, Treas. Reg. §1.1091-1(e)). The one reading shared
        with the harvest scan and the pre-trade check
        (:func:`taxrebal.engine.wash_queries.recent_purchases`), so the three never disagree about a lot."""
        wash = self.wash
        first = self.as_of - timedelta(days=self.window)
        return recent_purchases(wash.household, wash, first, self.as_of)

    def _exposure_rows(self, lp: _Lp) -> None:
        """The wash-sale exposure rows of the module docstring, one group per exposed identity."""
        loss_lots: dict[str, list[int]] = {}
        for i, sl in enumerate(self.sell_lots):
            if sl.gain_per_share < 0:
                loss_lots.setdefault(sl.identity, []).append(i)
        lot_index: dict[tuple[str, str], list[int]] = {}
        for i, sl in enumerate(self.sell_lots):
            if not sl.chained:  # a chained sale comes after the loss sales: its shares still replace
                lot_index.setdefault((sl.lot.account, purchase_id(sl.lot)), []).append(i)
        accounts = self.household.account_map()
        #: identity -> (W variable, z binary, [(lot index, w variable)], pool purchases)
        self.exposures: dict[str, tuple[int, int, list[tuple[int, int]], list[RecentPurchase]]] = {}
        #: (u, w): chained shares recovering washed shares' loss (:meth:`_chain_rows`)
        self.chain_recoveries: list[tuple[int, int]] = []
        #: var -> loss per share lost for good when it is 1 (:meth:`_permanent_rows`)
        self.lost_for_good: dict[int, float] = {}
        #: (the sell columns of an exposed identity, the binaries of its rows): solver.py fixes the
        #: binaries at 0 when a restricted solve closes every one of those columns (nothing sold, nothing washed)
        self.exposure_binaries: list[tuple[list[int], list[int]]] = []
        #: per exposed identity, its matching-order binaries in the matching order, each with the sell
        #: columns of its prefix (:meth:`_matching_order_rows`; solver.py decides which a restricted solve
        #: leaves open)
        self.matching_binaries: list[list[tuple[int, list[int]]]] = []
        #: beside each entry of matching_binaries: (R, the recent columns sold first, each counted once)
        self.matching_left: list[tuple[float, dict[int, float]]] = []
        #: (c, the recent lot's column sold first, its chained column sold after): one or the other
        self.chain_binaries: list[tuple[int, int, int]] = []
        # each identity's chained lots, in order (:meth:`_chain_rows`), found in one pass over the lots
        # instead of one pass per exposed identity (100,000 lots, 197 identities: about 1 s of CPU)
        self._chained_of: dict[str, list[int]] = {}
        for i, sl in enumerate(self.sell_lots):
            if sl.chained:
                self._chained_of.setdefault(sl.identity, []).append(i)
        exposed_sells: dict[str, list[int]] = {}
        for sl, j in zip(self.sell_lots, self.lot_vars):
            if sl.chained or sl.gain_per_share < 0:
                exposed_sells.setdefault(sl.identity, []).append(j)
        for ident, idx in loss_lots.items():
            pool = self.pool.get(ident, [])
            if not pool:
                continue
            first_var = lp.n
            R = sum(p.shares for p in pool)
            L_max = sum(self.sell_lots[i].lot.quantity for i in idx)
            W = lp.var(0.0, min(R, L_max))
            z = lp.var(0.0, 1.0, integer=True)
            pieces = []
            total = {W: -1.0}
            for i in idx:
                sl = self.sell_lots[i]
                wi = lp.var(0.0, sl.lot.quantity)
                pieces.append((i, wi))
                lp.row({wi: 1.0, self.lot_vars[i]: -1.0}, -math.inf, 0.0)  # w_i <= x_i
                total[wi] = 1.0
                # the washed share's loss no longer offsets gains this year
                (self.tax_lt if sl.long_term else self.tax_st)[wi] = -sl.gain_per_share
            lp.row(total, 0.0, 0.0)  # sum w_i = W
            own = self._own_recent(idx, pool)
            alt = [lp.var(0.0, 1.0, integer=True) for _ in own]  # reading 2 (:meth:`_own_shares_rows`)
            e = {W: 1.0, z: L_max}
            for i in idx:
                e[self.lot_vars[i]] = e.get(self.lot_vars[i], 0.0) - 1.0
            for s_r in alt:
                e[s_r] = L_max
            lp.row(e, 0.0, math.inf)  # W >= L - M (z + sum s)
            e = {W: 1.0, z: -R}
            recent_adv: dict[tuple[str, str], float] = {}
            for p in pool:  # recent shares the plan sells first no longer replace (reading 4)
                acct = accounts.get(p.account)
                if acct is None or not acct.is_taxable:
                    recent_adv[(p.account, p.symbol)] = recent_adv.get((p.account, p.symbol), 0.0) + p.shares
                    continue
                for i in lot_index.get((p.account, p.purchase_id), []):
                    e[self.lot_vars[i]] = e.get(self.lot_vars[i], 0.0) + 1.0
            sold_first: dict[tuple[str, str], int] = {}
            if self.settings.sold_recent_shares_wash:  # Settings: the literal "has acquired" (assemble.py
                recent_adv = {}  # then sells those shares after the loss sales, so the wash engine agrees)
            for (acct_name, sym), shares in recent_adv.items():
                pos_j = self.position_var.get((acct_name, sym))
                if pos_j is None:
                    continue
                n = lp.var(0.0, shares)  # recent shares among those sold (the plan names them first)
                lp.row({n: 1.0, pos_j: -1.0}, -math.inf, 0.0)
                e[n] = 1.0
                sold_first[(acct_name, sym)] = n
            lp.row(e, 0.0, math.inf)  # W >= R_left - R (1 - z)
            self._own_shares_rows(lp, idx, own, alt, e, W, z, R, L_max)
            self._matching_order_rows(lp, idx, pieces, e, W, z, R, pool, own)
            self._recovery_rows(lp, idx, pieces, own, pool)
            self._chain_rows(lp, ident, idx, pieces, z, pool, lot_index, sold_first)
            self._permanent_rows(lp, W, pieces, pool, lot_index, own)
            self.exposures[ident] = (W, z, pieces, pool)
            self.exposure_binaries.append((exposed_sells[ident], [j for j in range(first_var, lp.n) if lp.integ[j]]))

    def _own_recent(self, idx: list[int], pool: list[RecentPurchase]) -> list[tuple[RecentPurchase, list[int]]]:
        """The recent taxable purchases of the pool that are themselves loss lots the plan may sell, each
        with its loss columns in ``idx`` (a lot the wash engine split has one column per piece)."""
        accounts = self.household.account_map()
        out = []
        for p in pool:
            acct = accounts.get(p.account)
            if acct is None or not acct.is_taxable:
                continue
            cols = [i for i in idx if (self.sell_lots[i].lot.account, purchase_id(self.sell_lots[i].lot))
                    == (p.account, p.purchase_id)]
            if cols:
                out.append((p, cols))
        return out

    def _own_shares_rows(self, lp: _Lp, idx: list[int], own: list[tuple[RecentPurchase, list[int]]],
                         alt: list[int], r_left: Mapping[int, float], W: int, z: int, R: float,
                         L_max: float) -> None:
        """The sold lot is not its own replacement (the wash engine's reading 2, engine/wash.py): the
        shares a recent loss lot ``r`` keeps do not wash its own sale, only the other loss lots'. So the
        loss shares sold match the replacement shares held, ``R_left``, except ``r``'s sold shares with
        ``r``'s kept ones: ``min(L, R_left, L + R_left - R_r)`` wash (the largest such matching, by Hall's
        condition; ``R_r`` the pool shares of ``r``, so ``L + R_left - R_r`` is the other loss shares sold
        plus the other purchases' shares held). ``W`` is at least the least of those: one more
        alternative, binary ``s_r``, beside ``z`` (``z + sum s <= 1``), to each row ``W >= L - M (z + sum s)``,
        ``W >= L + R_left - R_r - M_r (1 - s_r)`` with ``M_r = L_max + R - R_r``.

        Worked example (tests/test_rebalance_own_recent_shares.py): 20 VTI bought 16 days ago at $106,
        no other VTI bought, 15 of them sold at $100: nothing washes (-$90 short-term), where the model
        had 5 of the kept shares wash 5 sold ones (-$60)."""
        if not own:
            return
        sold = {j: v for j, v in r_left.items() if j not in (W, z)}  # R_left = R - these
        pick = {z: 1.0}
        for (p, _cols), s in zip(own, alt):
            pick[s] = 1.0
            m = L_max + R - p.shares
            e = {W: 1.0, s: -m}
            for i in idx:
                e[self.lot_vars[i]] = e.get(self.lot_vars[i], 0.0) - 1.0
            for j, v in sold.items():
                e[j] = e.get(j, 0.0) + v
            lp.row(e, -L_max, math.inf)  # W >= L + R_left - R_r - M_r (1 - s_r)
        lp.row(pick, -math.inf, 1.0)  # z + sum s <= 1

    def _recovery_rows(self, lp: _Lp, idx: list[int], pieces: list[tuple[int, int]],
                       own: list[tuple[RecentPurchase, list[int]]], pool: list[RecentPurchase]) -> None:
        """A recent loss lot ``r1`` sold before a later recent loss lot ``r2`` of the same identity (the
        plan sells recent lots first, earliest-bought first): ``r2``, still held then, replaces ``r1``'s
        washed shares, which carry ``r1``'s loss into their basis (IRC §1091(d)); ``r2``'s sale relieves
        those shares first (reading 5 of engine/wash.py) and realizes that loss again. Recovered shares
        ``u <= w_r1 - E - w_r2`` (``E``: the other pool shares bought before ``r2``, which take the washed
        shares first, Treas. Reg. §1.1091-1(c), counted as held, so ``u`` is never more than the engine's;
        ``w_r2``: the shares of ``r2``'s own sale that other purchases wash, the carried shares first, since
        a sale relieves them first, reading 5) and ``sum u + w_r2 <= x_r2``; each adds ``r1``'s loss a
        share. Short-term ``r1`` pieces only (a recent lot is short-term unless an earlier wash tacked on
        a holding period; those recover nothing here).

        Worked example (tests/test_rebalance_recent_losses_wash_each_other.py): A1 10 VTI bought
        2026-11-10 ($10 a share loss) and B1 20 bought 2026-11-15 ($6): A1 then 5 of B1 washes A1's $100
        into 10 B1 shares and the 5 sold realize $50 of it again: -$80 in all, where B1 alone is -$30."""
        if len(own) < 2:
            return
        w_of = dict(pieces)
        order = sorted(own, key=lambda pc: (pc[0].acquired, pc[0].purchase_id))
        for k, (p2, cols2) in enumerate(order):
            if k == 0:
                continue
            # sum u + w_r2 <= x_r2: a recovered share is one of r2's sold shares its own sale does not
            # wash (one both recovered and washed has its whole loss disallowed, r1's part included)
            into: dict[int, float] = {self.lot_vars[i]: -1.0 for i in cols2}
            for i in cols2:
                into[w_of[i]] = into.get(w_of[i], 0.0) + 1.0
            for p1, cols1 in order[:k]:
                short = [i for i in cols1 if not self.sell_lots[i].long_term]
                if not short:
                    continue
                E = sum(q.shares for q in pool if q is not p1 and q is not p2
                        and (q.acquired, q.purchase_id) < (p2.acquired, p2.purchase_id))
                e_cap: dict[int, float] = {}
                for i in short:
                    sl = self.sell_lots[i]
                    u = lp.var(0.0, min(sl.lot.quantity, sum(self.sell_lots[c].lot.quantity for c in cols2)))
                    lp.row({u: 1.0, w_of[i]: -1.0}, -math.inf, 0.0)  # u <= w (this piece's washed shares)
                    self.tax_st[u] = sl.gain_per_share  # the washed loss realized again (negative)
                    self.chain_recoveries.append((u, w_of[i]))  # rounding keeps u <= w
                    into[u] = 1.0
                    e_cap[u] = 1.0
                    e_cap[w_of[i]] = e_cap.get(w_of[i], 0.0) - 1.0
                for i in cols1:
                    if i not in short:
                        e_cap[w_of[i]] = e_cap.get(w_of[i], 0.0) - 1.0
                for i in cols2:  # r2's sale's own washed shares are those first (reading 5)
                    e_cap[w_of[i]] = e_cap.get(w_of[i], 0.0) + 1.0
                lp.row(e_cap, -math.inf, -E)  # sum u <= w_r1 - E - w_r2
            if len(into) > 2 * len(cols2):
                lp.row(into, -math.inf, 0.0)

    def _permanent_rows(self, lp: _Lp, W: int, pieces: list[tuple[int, int]], pool: list[RecentPurchase],
                        lot_index: dict[tuple[str, str], list[int]],
                        own: Sequence[tuple[RecentPurchase, list[int]]] = ()) -> None:
        """A loss lost for good counts at its full value (taxrebal's reading; the law only says it is
        gone: Rev. Rul. 2008-5, a loss washed by a purchase in an IRA/401(k)/Roth/HSA is not added to
        any basis). A loss deferred into a taxable replacement's basis (IRC §1091(d)) comes back when
        that lot is sold, and a loss left in an unsold lot can be harvested later; a lost one cannot.
        So the objective charges each share washed for good its loss times the long-term marginal
        rate (what it would save when harvested later), on top of this year's tax. At least ``W`` -
        (taxable replacement shares still held) washed shares are lost for good (``p_i <= w_i``;
        which lots, the model may choose: a lower bound on the wash engine's matching). And a recent
        taxable loss lot ``r`` sold in part keeps shares that are no replacement for its own sale (the
        wash engine's reading 2, IRC §1091(a): the lot sold is not its own replacement), so its washed
        shares ``w_r`` match the other purchases' shares: at least ``w_r`` - (the other taxable
        replacement shares still held) of them are lost for good, ``r``'s own (:meth:`_own_lost_rows`).

        Worked example: a taxable lot of 10 shares, $20 loss each, and 9 shares bought 10 days ago in
        an IRA that cannot be sold first. Selling the lot harvests 1 share's $20 (about $3 of tax at
        15%) and loses $180 for good (charged $27): the plan keeps the lot. With 1 IRA share it sells:
        $180 harvested, $20 lost."""
        accounts = self.household.account_map()
        taxable_held = 0.0
        e: dict[int, float] = {W: 1.0}
        lost_any = False
        for p in pool:
            acct = accounts.get(p.account)
            if acct is None or not acct.is_taxable:
                lost_any = True
                continue
            taxable_held += p.shares
            for k in lot_index.get((p.account, p.purchase_id), []):  # sold first: no longer held
                e[self.lot_vars[k]] = e.get(self.lot_vars[k], 0.0) + 1.0
        if not lost_any:
            return
        if taxable_held == 0.0:  # every replacement is tax-advantaged: each washed share is lost
            for i, wi in pieces:
                self.lost_for_good[wi] = -self.sell_lots[i].gain_per_share
            return
        lost: dict[int, int] = {}  # w_i -> p_i
        for i, wi in pieces:
            sl = self.sell_lots[i]
            pv = lp.var(0.0, sl.lot.quantity)
            lp.row({pv: 1.0, wi: -1.0}, -math.inf, 0.0)  # p_i <= w_i
            e[pv] = -1.0
            lost[wi] = pv
            self.lost_for_good[pv] = -sl.gain_per_share
        lp.row(e, -math.inf, taxable_held)  # W - (taxable held) <= sum p
        self._own_lost_rows(lp, pieces, pool, lot_index, own, lost)

    def _own_lost_rows(self, lp: _Lp, pieces: list[tuple[int, int]], pool: list[RecentPurchase],
                       lot_index: dict[tuple[str, str], list[int]],
                       own: Sequence[tuple[RecentPurchase, list[int]]], lost: Mapping[int, int]) -> None:
        """Per recent taxable loss lot ``r`` (reading 2 of engine/wash.py; IRC §1091(a), Treas. Reg.
        §1.1091-1(a), Rev. Rul. 2008-5): ``sum_{r's columns} (p_i - w_i) >= -(held - sold first)`` over the
        other taxable purchases of the pool: ``r``'s washed shares matched with no taxable replacement
        are lost for good, and they are ``r``'s shares, so its own ``p`` columns carry them.

        Worked example (tests/test_rebalance_own_shares_lost_for_good.py): 20 VTI bought 16 days ago in
        a taxable account at $106 (price $100), 10 VTI bought 6 days ago in an IRA. Selling 10 of the
        taxable lot washes all 10 (its own 10 kept shares do not replace them; the IRA's do): $60 lost
        for good. The model had counted the 10 kept shares as taxable replacements (``W`` - held
        ``= 10 - 10 = 0`` lost) and sold them as if they cost nothing."""
        accounts = self.household.account_map()
        taxable = [p for p in pool if (a := accounts.get(p.account)) is not None and a.is_taxable]
        w_of = dict(pieces)
        for r, cols in own:
            e: dict[int, float] = {}
            for i in cols:
                e[lost[w_of[i]]] = 1.0
                e[w_of[i]] = -1.0
            held = 0.0
            for p in taxable:
                if p is r:
                    continue
                held += p.shares
                for k in lot_index.get((p.account, p.purchase_id), []):  # sold first: no longer held
                    e[self.lot_vars[k]] = e.get(self.lot_vars[k], 0.0) - 1.0
            lp.row(e, -held, math.inf)  # sum p_r >= w_r - (other taxable held)

    def _chain_rows(self, lp: _Lp, ident: str, idx: list[int], pieces: list[tuple[int, int]], z: int,
                    pool: list[RecentPurchase], lot_index: dict[tuple[str, str], list[int]],
                    sold_first: dict[tuple[str, str], int]) -> None:
        """Chains: a recent taxable lot sold *after* the loss sales (``k`` shares, candidates.py). Its
        shares that replaced the loss carry it in their basis and the loss lot's holding period
        (IRC §1091(d), §1223(3)), so their sale realizes the washed loss again this year, long-term:
        each chained share recovers one washed share's loss (``u_i <= w_i``, long-term loss lots
        only, ``sum u = sum k``). Only replaced shares may be sold so (the others would realize the
        short-term gain that kept the lot out): the replacement shares match the loss shares
        earliest-acquired first, so ``k_r`` + the held recent shares bought before ``r`` <= the loss
        shares sold. And only when every held replacement share is matched (``z`` = 1), so that the
        chained sale's own loss meets no replacement share left over.

        Worked example: 100 VTI sold at a $30 long-term loss; 10 VTI bought 10 days ago in the same
        taxable account at $95 (price $100). Kept, they wash $300 into their basis (deferred); sold
        after the loss sale, they realize 10 x (100 - 95 - 30) = -$250 long-term: -$2,950 in all
        this year instead of -$2,700."""
        chained = self._chained_of.get(ident, [])
        if not chained:
            return
        recover: dict[int, float] = {}
        for i, wi in pieces:
            sl = self.sell_lots[i]
            if not sl.long_term:
                continue
            u = lp.var(0.0, sl.lot.quantity)
            lp.row({u: 1.0, wi: -1.0}, -math.inf, 0.0)  # u_i <= w_i
            self.tax_lt[u] = sl.gain_per_share  # the washed loss realized again (negative)
            recover[u] = 1.0
            self.chain_recoveries.append((u, wi))
        e = dict(recover)
        for i in chained:
            e[self.lot_vars[i]] = -1.0
        lp.row(e, 0.0, 0.0)  # sum u = sum k
        cap = sum(self.sell_lots[i].lot.quantity for i in chained)
        e = {self.lot_vars[i]: 1.0 for i in chained}
        e[z] = -cap
        lp.row(e, -math.inf, 0.0)  # chains only when every held replacement share is matched
        accounts = self.household.account_map()
        by_pid = {(p.account, p.purchase_id): p for p in pool}
        for i in chained:
            lot = self.sell_lots[i].lot
            me = by_pid.get((lot.account, purchase_id(lot)))
            if me is None:
                lp.ub[self.lot_vars[i]] = 0.0
                continue
            for k in lot_index.get((lot.account, purchase_id(lot)), []):  # sold first, or after: not both
                c = lp.var(0.0, 1.0, integer=True)
                lp.row({self.lot_vars[k]: 1.0, c: lot.quantity}, -math.inf, lot.quantity)
                lp.row({self.lot_vars[i]: 1.0, c: -lot.quantity}, -math.inf, 0.0)
                self.chain_binaries.append((c, self.lot_vars[k], self.lot_vars[i]))
            earlier = [p for p in pool if p is not me and p.acquired <= me.acquired]
            e = {self.lot_vars[i]: 1.0}
            for k in idx:
                e[self.lot_vars[k]] = e.get(self.lot_vars[k], 0.0) - 1.0
            held = 0.0
            counted: set[tuple[str, str]] = set()
            for p in earlier:
                held += p.shares
                acct = accounts.get(p.account)
                if acct is not None and acct.is_taxable:
                    for k in lot_index.get((p.account, p.purchase_id), []):
                        e[self.lot_vars[k]] = e.get(self.lot_vars[k], 0.0) - 1.0
                elif (p.account, p.symbol) in sold_first and (p.account, p.symbol) not in counted and all(
                        q.acquired <= me.acquired for q in pool
                        if (q.account, q.symbol) == (p.account, p.symbol) and q is not me):
                    counted.add((p.account, p.symbol))
                    n = sold_first[(p.account, p.symbol)]  # the position's recent shares sold first
                    e[n] = e.get(n, 0.0) - 1.0
            e[z] = e.get(z, 0.0) + held
            lp.row(e, -math.inf, 0.0)  # k_r + held before r <= loss shares sold, when z = 1 (else k = 0)

    def _matching_order_rows(self, lp: _Lp, idx: list[int], pieces: list[tuple[int, int]],
                             r_left: dict[int, float], W: int, z: int, R: float,
                             pool: list[RecentPurchase],
                             own: Sequence[tuple[RecentPurchase, list[int]]] = ()) -> None:
        """Which sold shares wash: the replacement shares are matched with the loss shares sold in the
        order those were acquired (Treas. Reg. §1.1091-1(c); the wash engine's order of one day's
        sales, recent lots sold first as an earlier step). So the first ``i`` loss lots sold in that
        order wash at least ``min(S_i, R_left)`` shares (``S_i`` their shares sold), one binary each:
        the model charges the loss the engine will disallow, not the cheapest ``W`` shares. The rows,
        as prefixes or, for many loss lots, through running sums: matching_order.py."""
        if len(idx) < 2:
            return
        recent = {(p.account, p.purchase_id) for p in pool}
        w_of = dict(pieces)
        order = sorted(idx, key=lambda i: ((self.sell_lots[i].lot.account, purchase_id(self.sell_lots[i].lot))
                                           not in recent, self.sell_lots[i].lot.acquired or date.min,
                                           self.sell_lots[i].lot.lot_id))
        # R_left = R - these recent shares sold first (solver.py reads where a plan's prefix reaches it)
        left = {j: v for j, v in r_left.items() if j not in (W, z)}
        self.matching_left.append((R, left))
        # the rows themselves, as prefixes or running sums (matching_order.py)
        self.matching_binaries.append(add_matching_rows(self, lp, order, w_of, left, R, own))

    def washed_shares(self, x: np.ndarray) -> dict[str, float]:
        """Identity -> shares the plan's loss sales wash (the model's W)."""
        return {ident: float(x[W]) for ident, (W, _z, _p, _pool) in self.exposures.items()
                if x[W] > 1e-6}

    def _wash_rows(self, lp: _Lp) -> None:
        """An identity is either sold at a loss in the plan or bought, never both (IRC §1091(a))."""
        loss_by_identity: dict[str, list[int]] = {}
        for sl, j in zip(self.sell_lots, self.lot_vars):
            if sl.gain_per_share < 0:
                loss_by_identity.setdefault(sl.identity, []).append(j)
        buys_by_identity: dict[str, list[int]] = {}
        for b, j in zip(self.buys, self.buy_vars):
            if b.identity in loss_by_identity:
                buys_by_identity.setdefault(b.identity, []).append(j)
        self.wash_binaries: list[int] = []
        self.wash_groups: list[tuple[int, list[int], list[int]]] = []  # (y, loss sells, buys)
        acct_index = {a.name: i for i, a in enumerate(self.accounts)}
        for ident, buy_js in buys_by_identity.items():
            y = lp.var(0.0, 1.0, integer=True)  # 1 = the plan sells this identity at a loss
            self.wash_binaries.append(y)
            self.wash_groups.append((y, loss_by_identity[ident], buy_js))
            for j in loss_by_identity[ident]:
                lp.row({j: 1.0, y: -lp.ub[j]}, -math.inf, 0.0)
            for j in buy_js:
                b = self.buys[self.buy_vars.index(j)]
                m = self.acct_capacity[acct_index[b.account]] / b.price
                lp.row({j: 1.0, y: m}, -math.inf, m)


def engine_outcome(model: WashExposureMixin, sells: Sequence[tuple[_SellLot, float]],
                   neutral_adv: Mapping[tuple[str, str], float] | None = None,
                   same_order: frozenset[int] | set[int] = frozenset(),
                   steps: Mapping[int, int] | None = None,
                   adv_steps: Mapping[tuple[str, str], int] | None = None,
                   matches_out: Optional[list[WashMatch]] = None,
                   literal: Optional[bool] = None,
                   ) -> Optional[dict[tuple[str, str], tuple[RealizedSale, ...]]]:
    """What the wash engine (:func:`adjust_lots`) makes of the plan's taxable lot sales, all dated
    the plan's day: ``(account, lot id) ->`` the engine's own sale parts (one Form 8949 line each:
    basis with every wash adjustment the shares carry, the tacked holding start, the disallowed loss
    and the part of it lost for good). ``sells`` is ``[(sell lot, shares)]``. The plan's sales become
    Sell rows of Transactions and the lots shrink by the shares sold, so the engine matches them
    against every purchase exactly as it does the user's history (Reg. §1.1091-1(b)-(e), Rev. Rul.
    2008-5), chains included: a plan lot that replaced the loss of a lot sold before it in the plan
    carries that loss and that lot's holding period (IRC §1091(d), §1223(3)) into its own sale.
    ``same_order``: ids of recent lots sold in the loss sale's own order, dated the plan's day.
    ``steps`` (id of a sold lot -> its Trades step) and ``adv_steps`` ((account, symbol) of a
    tax-advantaged sell -> its step), when the plan's steps are known: the sales are matched in
    exactly that order, and inside one step (one order: shares sold at the same time) in the order
    the shares were acquired (Reg. §1.1091-1(b)), so the figures reported are those of the steps as
    written. ``matches_out``: filled with the pass's matches of the plan's sales (replacement lot,
    basis adjustment, tacked holding start: what a lot the plan keeps carries on). ``literal``: Settings
    Sold Recent Shares Wash when None; True tells the engine each tax-advantaged sell's purchase dates.
    ``None`` when a sale cannot be traced in the engine's answer (the caller keeps the model's
    figures)."""
    from dataclasses import replace as _replace

    from ..records import SourceRef, Transaction

    h = model.household
    as_of = model.as_of
    sold = {id(sl.lot): q for sl, q in sells}
    pool_ids = {(p.account, p.purchase_id) for ident in model.exposures for p in model.pool.get(ident, ())}
    scope = scope_of(h)  # the household's lots indexed once for every pass (wash_scope.py)
    # A lot created by a Buy/Reinvest row is that row's acquisition (its shares come from the row), so
    # it stays as it is and the Sell row relieves it; a lot known only from the Lots sheet shrinks.
    bought_ids, bought_days = scope.bought_ids, scope.bought_days
    # The recent shares a tax-advantaged sell relieves first (the plan's instruction, most recent first):
    # the pool's shares not yet used as replacements (a purchase's used shares replace nothing more,
    # Treas. Reg. §1.1091-1(e)), so its Sell rows relieve unused shares first (reading 5 of wash.py)
    neutral: list[tuple[str, str, str, float, date]] = []  # (account, symbol, lot id, shares, bought)
    for (acct_name, sym), shares in (neutral_adv or {}).items():
        for p in sorted((p for ident in model.exposures for p in model.pool.get(ident, ())
                         if p.account == acct_name and p.symbol == sym), key=lambda p: p.acquired, reverse=True):
            take = min(shares, p.shares)
            if take <= 1e-9:
                break
            shares -= take
            neutral.append((acct_name, sym, p.lot_id or p.purchase_id, take, p.acquired))
    neutral_by_lot = {(a, lot_id): q for a, _sym, lot_id, q, _d in neutral}
    txs = list(h.transactions)
    # Every sale is the plan's day, in the plan's order (its steps, assemble.py; Reg. §1.1091-1(b):
    # acquisition order only where the order cannot be told): rank 0 the recent shares sold before the
    # loss sales they would wash (tax-advantaged sells realize nothing but take the shares away), rank
    # 1 the loss sales (with recent lots sold in their own order, ``same_order``), rank 2 the chained
    # sales after them. The plan's own sale lines are told from the user's history by their source.
    rank: dict[int, int] = {}
    # Sold Recent Shares Wash = Y sells them after the loss sales (assemble.py): a Lots-sheet lot shrunk
    # above is then known to the engine from its Sell row's Acquired date, still held at the loss sale
    literal = model.settings.sold_recent_shares_wash if literal is None else literal
    unused_first: list[int] = []  # the plan's tax-advantaged sells: unused shares first (reading 5)
    for acct_name, sym, lot_id, take, bought in neutral:
        rank[len(txs)] = 0 if adv_steps is None else adv_steps[(acct_name, sym)]
        unused_first.append(len(txs))
        txs.append(Transaction(as_of, acct_name, sym, Action.SELL, take, model.secs[sym].price,
                               lot_id=lot_id, acquired=bought if literal and lot_id not in bought_ids else None,
                               source=SourceRef(PLAN_SALE_SHEET, 0)))
    # A lot the wash engine split (reading 7: ``<Lot ID>-W<k>`` pieces carry washed losses, the Lot ID
    # keeps the unwashed shares) is one purchase to the engine, which merges the pieces back: the plan's
    # sale of a piece names the purchase, the washed pieces relieving its washed shares (the engine's
    # order), the unwashed piece its unwashed shares (``unused_first``). Each plan row is told by its
    # source row, so the figures go back to the piece sold.
    split = scope.split
    piece_of: dict[int, tuple[str, str]] = {}  # source row -> (account, piece's Lot ID)
    for sl, q in sells:
        lot = sl.lot
        rank[len(txs)] = (steps[id(lot)] if steps is not None else 2 if sl.chained else
                          0 if (lot.account, purchase_id(lot)) in pool_ids and id(lot) not in same_order else 1)
        if (lot.account, lot.lot_id) in split:
            unused_first.append(len(txs))
        row = len(piece_of) + 1
        piece_of[row] = (lot.account, lot.lot_id)
        txs.append(Transaction(as_of, lot.account, lot.symbol, Action.SELL, q, sl.price, lot_id=purchase_id(lot),
                               acquired=lot.acquired, inherited=lot.inherited,
                               basis=None if lot.basis is None else lot.basis * q / lot.quantity,
                               source=SourceRef(PLAN_SALE_SHEET, row)))
    # Only the identities the plan sells, and of them the lots this pass can use (wash_scope.py): the
    # engine's answer for these sales is the same (all rows and lots when that cannot be told)
    restricted = scope.rows_of(txs, len(h.transactions))
    if restricted is not None:
        keep, txs = restricted
        new_row = {old: new for new, old in enumerate(keep)}
        rank = {new_row[i]: r for i, r in rank.items() if i in new_row}
        unused_first = [new_row[i] for i in unused_first if i in new_row]
    in_play = scope.lot_indices(txs)
    if in_play is not None and restricted is not None:
        in_play = scope.lots_of(in_play, txs)
    lots = []
    for lot in (h.lots if in_play is None else (h.lots[i] for i in in_play)):
        # a Lots-sheet lot holds what is left after its Sell rows: the plan's sells shrink it, taxable
        # and tax-advantaged alike (else the engine would count the sold shares as still held)
        gone = sold.get(id(lot), neutral_by_lot.get((lot.account, lot.lot_id)))
        if gone is None or purchase_id(lot) in bought_ids or (lot.account, lot.symbol, lot.acquired) in bought_days:
            lots.append(lot)
            continue
        left = lot.quantity - gone
        if left > 1e-9:
            f = left / lot.quantity
            lots.append(_replace(lot, quantity=left, basis=None if lot.basis is None else lot.basis * f,
                                 wash_adjustment=lot.wash_adjustment * f))
    wanted = set(piece_of.values())
    result = adjust_lots(_replace(h, lots=tuple(lots), transactions=tuple(txs)), sale_rank=rank,
                         unused_first=frozenset(unused_first))
    out: dict[tuple[str, str], list[RealizedSale]] = {}
    for s in result.sales:
        key = piece_of.get(s.source.row) if s.source is not None and s.source.sheet == PLAN_SALE_SHEET else None
        if key is None or s.account != key[0]:
            continue
        out.setdefault(key, []).append(s if s.lot_id == key[1] else _replace(s, lot_id=key[1]))  # a piece's own ID
    if not wanted <= set(out):
        return None
    if matches_out is not None:  # the same pass's matches of the plan's sales (Wash Sales shows them)
        for m in result.matches:
            key = piece_of.get(m.source.row) if m.source is not None and m.source.sheet == PLAN_SALE_SHEET else None
            if key is not None and m.account == key[0]:
                matches_out.append(m if m.lot_id == key[1] else _replace(m, lot_id=key[1]))
    return {k: tuple(v) for k, v in out.items()}
