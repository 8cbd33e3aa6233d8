"""The plan's sell steps in an executable order, shared by the assembly of the plan (assemble.py)
and the waits (window_wait.py), so that what a wait says selling now loses is what the plan's steps
would lose.

Order: every sell before any buy; among the sells, those realizing no loss (tax-advantaged sells,
gains, the recent shares that would otherwise replace a harvested loss) before the loss sales they
protect; recent shares chained to a loss after it. The wash engine matches the sales in that step
order, and inside one order in the order the shares were acquired (Treas. Reg. §1.1091-1(b)).

Worked example (fe9 dd-Y, Sold Recent Shares Wash = Y): Brokerage sells VEA lot D3 (400 sh, 2022,
$4 a share of loss) and the 3.1-share DRIP lot D4 (2026-11-14); the IRA bought 10 VEA on 2026-11-20.
Under Y the DRIP lot sells after D3, so D3's loss meets the replacement shares earliest first: D4's
3.1 take 3.1 x $4 = $12.40 into their basis (IRC §1091(d)), the IRA's 10 take $40.00 for good (Rev.
Rul. 2008-5). Matched in a fixed order with D4 first, the figure would be $27.60 (6.9 x $4).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Optional

import numpy as np

from ..wash import purchase_id
from .data import _Position, _SellLot
from .reported import AdvantagedSells, Outcome, Sells, plan_sells, wash_outcome

if TYPE_CHECKING:
    from .model import RebalanceModel

_Pieces = Sequence[tuple[_SellLot, float]]  # taxable lots of one position with the shares sold of each


@dataclass(frozen=True)
class _SellOrder:
    """One sell step: a taxable position's lots (``pieces``) or a tax-advantaged position's shares
    (``position``, ``quantity``). ``rank`` orders the steps: 0 realizes no loss (tax-advantaged sells,
    gains, the recent shares that would replace a harvested loss), 1 a loss sale, 2 recent shares
    chained to a loss (sold after it), 3 recent tax-advantaged shares sold after the loss sales they
    wash (Settings Sold Recent Shares Wash = Y)."""

    rank: int
    account: str
    symbol: str
    pieces: tuple[tuple[_SellLot, float], ...] = ()
    position: Optional[_Position] = None
    quantity: float = 0.0

    @property
    def kind(self) -> str:
        return "taxable" if self.position is None else "advantaged"


def _realizes_loss(order: _SellOrder) -> bool:
    """True when a taxable order sells a lot at a loss (for rank 0: recent shares that neutralise an
    older loss sale and are themselves sold at a loss, so they need the other neutralising sales of
    their identity placed before them)."""
    return any(sl.gain_per_share < 0 for sl, _q in order.pieces)


def _chain_place(order: _SellOrder) -> int:
    """Where an order of an exposed identity goes among its loss sales: 1 with no chained piece, 2 with a
    chained piece and a loss of its own to sell first (inside one order the shares count in acquisition
    order), 3 with chained pieces only. Plan-quality seed 132: Brokerage's 196.2326 US0 of an old gain
    lot and 3.7674 recent shares chained to Joint Brokerage's L005 loss, and Joint Brokerage's order of
    L005 with 1.9975 recent shares chained after it, were both of rank 2 and went oldest lot first: the
    3.7674 shares were sold at step 10, two steps before the loss they recover, so they replaced nothing
    and their sale was a $3.43 short-term gain under Allow Short-Term Gains = N."""
    if not any(sl.chained for sl, _q in order.pieces):
        return 1
    return 2 if any(sl.gain_per_share < 0 and not sl.chained for sl, _q in order.pieces) else 3


def _acquired(o: _SellOrder) -> date:
    return min((sl.lot.acquired or date.min) for sl, _q in o.pieces)


def _own_loss_before_chain(o: _SellOrder) -> float:
    """The loss shares an order sells before its first chained piece (inside one order the shares count
    in acquisition order, Reg. §1.1091-1(b))."""
    first = min((sl.lot.acquired or date.min) for sl, _q in o.pieces if sl.chained)
    return sum(q for sl, q in o.pieces
               if sl.gain_per_share < 0 and not sl.chained and (sl.lot.acquired or date.min) < first)


def _loss_sales_in_order(orders: Sequence[_SellOrder], held: float) -> list[_SellOrder]:
    """An exposed identity's taxable loss orders in the order the wash engine must meet them (the block
    comment in :func:`executable_order`): the loss sales in the order their shares were acquired, then the
    orders holding a chained piece, then those of chained pieces only (:func:`_chain_place`).

    An order with a chained piece *and* a loss of its own takes its place among the loss sales by the
    acquisition of its oldest lot when the loss shares sold before its chained piece (those of the loss
    orders placed before it, and its own older loss lots) are at least the ``held`` replacement shares of
    the identity: every replacement share is matched by then, as the model matches them (the loss
    shares earliest-acquired first, wash_exposure.py), and the chained piece, sold after them, recovers
    what it replaced. Placed after the younger loss sales instead, the replacement shares would wash
    those first, at their loss per share, which the model did not price. bench_plan_quality seed 604:
    Joint Brokerage's BD1A order, L021 (1,477 shares bought 2024-04-23, $1.44 a share of loss) with
    2.5738 DRIP shares chained after it, went after BD1B's L024 (2025-04-02, $47.13 a share), so the
    75.57 recent shares washed $3,561.86 of L024's loss into a lot the plan keeps, not $109 of L021's."""
    firsts = sorted((o for o in orders if _chain_place(o) == 1), key=_acquired)
    late: list[_SellOrder] = []
    for o in sorted((o for o in orders if _chain_place(o) == 2), key=_acquired):
        at = sum(1 for f in firsts if _acquired(f) <= _acquired(o))
        before = sum(q for f in firsts[:at] for sl, q in f.pieces if sl.gain_per_share < 0 and not sl.chained)
        if before + _own_loss_before_chain(o) >= held - 1e-9:
            firsts.insert(at, o)
        else:
            late.append(o)
    return firsts + late + sorted((o for o in orders if _chain_place(o) == 3), key=_acquired)


def _recent_and_old(model: RebalanceModel, sells: Sells) -> tuple[set[tuple[str, str]], set[str]]:
    """((account, purchase id) of the recent purchases that could wash a loss, the identities the plan
    sells at a loss from lots other than those purchases)."""
    exposed_pids = {(p.account, p.purchase_id) for ident in model.exposures for p in model.pool.get(ident, ())}
    old_loss_identities = {sl.identity for pieces in sells.values() for sl, _q in pieces
                           if sl.gain_per_share < 0 and not sl.chained
                           and (sl.lot.account, purchase_id(sl.lot)) not in exposed_pids}
    return exposed_pids, old_loss_identities


def executable_order(model: RebalanceModel, sells: Sells, adv_sells: AdvantagedSells,
                     harvested_identities: Mapping[str, str],
                     ) -> tuple[list[_SellOrder], set[int], dict[int, int], dict[tuple[str, str], int]]:
    """The plan's sell steps in an executable order, and what the wash engine needs to match them as
    written: (orders, ids of recent lots sold in a loss sale's own order, id of a sold lot -> its step,
    (account, symbol) of a tax-advantaged sell -> its step). The waits (window_wait.py) price a sale
    in the same order, so what they say selling now loses is what the plan's steps would lose."""
    # Executable order: every sell before any buy (a buy is paid from its account's cash and sells);
    # among the sells, those realizing no loss (tax-advantaged sells, gains, and the recent shares
    # that would otherwise replace a harvested loss) before the loss sales they protect.
    exposed_pids, old_loss_identities = _recent_and_old(model, sells)
    sell_orders: list[_SellOrder] = []
    merged: set[int] = set()  # recent lots sold in the same order as the loss (not in an earlier step)
    acct_rank = {a.name: i for i, a in enumerate(model.accounts)}
    for (a, sym), pieces in sells.items():
        # The recent shares that would wash a loss are sold in an order of their own before the loss
        # sales (within one order the shares count in acquisition order, Reg. §1.1091-1(b)), unless
        # that order would break Whole Shares or Min Trade; then the position is one order.
        # ... and recent shares chained to the loss (wash_exposure.py) in an order after them
        chained = [pc for pc in pieces if pc[0].chained]
        neutral = [pc for pc in pieces if (a, purchase_id(pc[0].lot)) in exposed_pids and not pc[0].chained]
        rest = [pc for pc in pieces if (a, purchase_id(pc[0].lot)) not in exposed_pids and not pc[0].chained]
        price = model.secs[sym].price

        def orderable(group: _Pieces, price: float = price, whole: bool = sym in model.whole_share_symbols) -> bool:
            q = sum(qq for _sl, qq in group)
            return (q * price >= model.settings.min_trade - 1e-9
                    and (not whole or abs(q - round(q)) < 1e-6))

        groups = [g for g in (neutral, rest, chained) if g]
        if len(groups) > 1 and not all(orderable(g) for g in groups):
            groups = [pieces]  # one order: within it the shares count in acquisition order
        for group in groups:
            only_recent = all((a, purchase_id(pc[0].lot)) in exposed_pids for pc in group)
            loss = any(sl.gain_per_share < 0 for sl, _q in group) and not only_recent
            rank = 2 if any(pc[0].chained for pc in group) else 1 if loss else 0
            if rank == 0 and only_recent and model.settings.sold_recent_shares_wash and \
                    model.secs[sym].identity in old_loss_identities:
                # Sold Recent Shares Wash = Y: recent taxable shares "acquired" in the window wash the
                # loss even when sold first (IRC §1091(a) read literally). Sold after the loss sales
                # instead, they carry the washed loss in their basis (§1091(d)) and realize it again:
                # the same total under either reading, nothing at risk (fe7 finding 2)
                rank = 2
            if rank:  # recent shares in the loss sale's own order: still held when the older shares sell
                merged.update(id(sl.lot) for sl, _q in group
                              if (a, purchase_id(sl.lot)) in exposed_pids and not sl.chained)
            sell_orders.append(_SellOrder(rank, a, sym, pieces=tuple(group)))
    literal = model.settings.sold_recent_shares_wash
    for (a, sym), (position, q) in adv_sells.items():
        # Sold Recent Shares Wash = Y: recent shares that would wash a harvested loss are sold after the
        # loss sales (selling them first keeps no loss under that reading), so the wash engine, whose
        # reading 4 frees shares sold first, matches them as the plan priced them
        late = literal and any(r.account == a and r.symbol == sym for ident in model.exposures
                               if ident in harvested_identities for r in model.pool.get(ident, ()))
        sell_orders.append(_SellOrder(3 if late else 0, a, sym, position=position, quantity=q))
    # Among the orders of rank 0, the recent taxable shares sold at a loss come last: they are loss
    # sales themselves, so every other sale of recent shares of their identity (an IRA's, or a recent
    # lot sold at a gain) must come before them, or those shares are still held and wash the loss
    # (fe8 finding 2: 30 VXUS bought 11-20 sold at step 1 while the IRA's 100 bought 11-15, sold at
    # step 2, took its $30 loss for good)
    sell_orders.sort(key=lambda o: (o.rank, _realizes_loss(o), acct_rank.get(o.account, 0), o.account,
                                    o.symbol, o.kind))
    # An exposed identity's loss sales in the order their shares were acquired, then the orders that
    # hold a chained piece, in the places its orders already take. A chained piece recovers a loss
    # sold before it (wash_exposure.py, chains), so its order comes after every loss sale of the
    # identity, also when it is merged (too small for an order of its own) with an older lot: sold
    # earlier, its shares would be gone before the loss sale and replace nothing (reading 4 of
    # engine/wash.py). Seen on the plan-quality bench (seed 8): 3 RE2B, an old gain lot and 2.0119
    # recent shares chained to RE2A's loss, sold at step 9 before that loss at step 15.
    for ident in model.exposures:
        slots = [k for k, o in enumerate(sell_orders)
                 if o.rank >= 1 and o.kind == "taxable" and model.secs[o.symbol].identity == ident]
        held = sum(p.shares for p in model.pool.get(ident, ()))
        mine = _loss_sales_in_order([sell_orders[k] for k in slots], held)
        for k, o in zip(slots, mine):
            sell_orders[k] = o

    # The wash engine matches the plan's sales in its step order (inside one order, in the order the
    # shares were acquired, Reg. §1.1091-1(b)): the figures reported are those of the steps as written.
    lot_steps = {id(sl.lot): k + 1 for k, o in enumerate(sell_orders) for sl, _q in o.pieces}
    adv_steps = {(o.account, o.symbol): k + 1 for k, o in enumerate(sell_orders) if o.kind == "advantaged"}
    return sell_orders, merged, lot_steps, adv_steps


#: plans whose :func:`planned_outcome` a model keeps (the most recently asked): the plan and the re-solves
#: of the step asking (window_wait.py: the plan once per identity tested, between a re-solve's two asks)
_KEPT_OUTCOMES = 4


def planned_outcome(model: RebalanceModel, x: np.ndarray) -> Optional[Outcome]:
    """The wash engine's figures for the plan ``x``'s lot sales matched in the order its steps would
    take (:func:`executable_order`): what Lot Sales would show. None when nothing can wash.

    Matched once per plan: the answer reads only ``x`` and what the model's build fixed (its lots,
    positions, securities, recent purchases and exposures, Settings); a re-solve changes column bounds
    and adds rows and columns (dust.py), none of which it reads. So the model keeps the answers for
    the :data:`_KEPT_OUTCOMES` plans last asked, keyed by ``x``'s bytes (the same plan, to the bit), and
    returns the kept object (an Outcome is read, never changed: its SoldLots are frozen). Example: the
    final plan of ``bench/bench_plan_100k.py --lots 5000 --transactions 1000`` was matched 4 times
    (window_wait.py, later_harvest.py, hold_for_later.py, assemble.py), about 0.1 s each at 10,000
    lots; now once."""
    key = np.ascontiguousarray(x, dtype=np.float64).tobytes()
    kept: dict[bytes, Optional[Outcome]] = model.__dict__.setdefault("_planned_outcomes", {})
    if key in kept:
        outcome = kept.pop(key)
        kept[key] = outcome  # the most recently asked last
        return outcome
    outcome = _planned_outcome(model, x)
    kept[key] = outcome
    while len(kept) > _KEPT_OUTCOMES:
        del kept[next(iter(kept))]  # the least recently asked
    return outcome


def _planned_outcome(model: RebalanceModel, x: np.ndarray) -> Optional[Outcome]:
    """:func:`planned_outcome`, matched."""
    sells, adv_sells = plan_sells(model, x)
    harvested = {model.secs[sym].identity: sym for (_a, sym), pieces in sells.items()
                 if any(sl.gain_per_share < 0 for sl, _q in pieces)}
    _orders, merged, lot_steps, adv_steps = executable_order(model, sells, adv_sells, harvested)
    return wash_outcome(model, sells, adv_sells, merged, lot_steps, adv_steps)
