"""What the model may sell and buy: taxable lots (one variable per lot), tax-advantaged positions,
and (account, security) buy options allowed by the menus.

Example: a short-term gain lot is a candidate like any other; with Allow Short-Term Gains = N the
plan's net short-term gain is capped (short_term.py), so it is sold only where short-term losses
absorb its gain.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ..allocation import CASH_CLASS
from ..holding import is_long_term
from ..records import (
    Lot,
    LotMethod,
    Security,
)
from ..wash import purchase_id
from .attributes import ModelAttributes
from .buy_dominance import undominated_buys
from .data import _BuyOption, _Position, _SellLot
from .location import location_penalty, replacement_ranks
from .tuning import BLOCKS_HARVEST_STEP, FUND_ORDER_STEP, LOCATION_STEP, REPLACEMENT_STEP


class CandidatesMixin(ModelAttributes):
    _ranks: dict[str, int]  # symbol -> replacement rank (location.py), set on the first ask

    def _identity(self, symbol: str) -> str:
        s = self.secs.get(symbol)
        return s.identity if s else symbol

    # ------------------------------------------------------------------------- sell candidates

    def _collect_lots(self) -> None:
        accounts = self.household.account_map()
        allow_st = self.settings.allow_short_term_gains
        self.sell_lots: list[_SellLot] = []
        self.positions: list[_Position] = []
        self.blocked_st: list[_SellLot] = []  # none: short-term gains are capped, not left out
        #: short-term gain lots under Allow Short-Term Gains = N (the cap of short_term.py applies)
        self.st_gain_lots: list[_SellLot] = []
        self.blocked_wash: list[_SellLot] = []  # none: every loss lot is a candidate (wash_exposure.py)
        adv: dict[tuple[str, str], float] = {}
        held = {lot.symbol for lot in self.household.lots if lot.quantity > 0}
        #: identities with a DRIP holding: advice only (turn reinvestment off before selling)
        self.drip_identities = {s.identity for s in self.household.securities if s.drip and s.symbol in held}
        if not self.allow_sells:  # buys from cash only (Contributions Only): no lot variable at all
            return
        for lot in self.household.lots:
            if lot.quantity <= 0:
                continue
            sec = self.secs[lot.symbol]
            acct = accounts[lot.account]
            if not acct.is_taxable:
                adv[(lot.account, lot.symbol)] = adv.get((lot.account, lot.symbol), 0.0) + lot.quantity
                continue
            unit = lot.unit_cost
            if unit is None:  # _check_inputs (inputs.py) refuses a held taxable lot without a cost basis
                raise RuntimeError(f"Lot {lot.lot_id} in taxable account {lot.account} reached the rebalancing "
                                   f"model without a cost basis")
            lt = is_long_term(lot.holding_start, self.as_of, lot.inherited)
            sl = _SellLot(lot, sec.price, sec.price - unit, lt, sec.identity, sec.asset_class)
            if sl.gain_per_share > 0 and not lt and not allow_st:
                self.st_gain_lots.append(sl)
            if sl.gain_per_share < 0 and not self._may_sell_loss(sl) and not self._in_pool(lot, sec.identity):
                continue
            self.sell_lots.append(sl)
        self._chain_candidates()
        for (a, s), q in adv.items():
            self.positions.append(_Position(a, s, q, self.secs[s].price, self.secs[s].asset_class))

    def _chain_candidates(self) -> None:
        """A recent taxable purchase at a short-term gain, or at no gain (bought at today's price: a
        buy or a reinvested dividend on As Of), of an identity the plan may sell at a loss, may also be
        sold *after* those loss sales (a second candidate for the same lot, the ``chained`` one): the
        washed loss moves into its basis with the loss lot's holding period (IRC §1091(d), §1223(3)),
        so its sale realizes that loss again this year, long-term, instead of a short-term gain
        (wash_exposure.py, chains). A lot is sold one way or the other, never both. Not with a standing
        lot method (FIFO/LIFO/HIFO fix the order of a position's lots).

        At no gain the lot is neither a loss a harvest-only plan may sell nor a gain it may realize,
        so this candidate is the only way such a plan keeps the whole loss (fe19 F8: 5 VTI bought on As
        Of at $300 kept $300 of a $6,000 loss back, $45.00 less saved at 15%, where 5 bought at $299.90
        were sold after the loss sale; tests/test_harvest_zero_gain_recent_lot.py)."""
        if self.settings.lot_method in (LotMethod.FIFO, LotMethod.LIFO, LotMethod.HIFO):
            return
        loss_identities = {sl.identity for sl in self.sell_lots if sl.gain_per_share < 0}
        for sl in list(self.sell_lots):
            if (sl.gain_per_share >= 0 and not sl.long_term and sl.identity in loss_identities
                    and self._in_pool(sl.lot, sl.identity)):
                self.sell_lots.append(replace(sl, long_term=True, chained=True))

    def _in_pool(self, lot: Lot, identity: str) -> bool:
        """A recent purchase that could wash a harvested loss: always a candidate, since selling it
        too is how the plan keeps the whole loss (wash_exposure.py)."""
        pid = purchase_id(lot)
        return any(p.purchase_id == pid and p.account == lot.account for p in self.pool.get(identity, ()))

    def _may_sell_loss(self, sl: _SellLot) -> bool:
        """Which taxable loss lots the plan may sell (taxrebal's reading of Settings.harvest_min_loss
        and harvest_min_loss_pct, "the smallest loss worth harvesting"):

        * class over target in a rebalance: always (it is sold to rebalance anyway);
        * in a rebalance (a class outside its band): a loss of at least Harvest Min Loss dollars. The
          plan trades anyway, and every dollar of loss lowers this year's tax at the household's
          rate; the percentage test would keep out exactly the largest dollar losses (a large position
          a few percent under water), so it is not applied. Min Trade still keeps orders meaningful;
        * when every class is within its band (the plan only harvests and invests cash): both tests,
          as the Harvest sheet applies them.

        Example: 262 shares with $1,213 of loss on a $25,037 basis (4.8%): harvested in a rebalance
        (about $300 less tax at 25%), not by a harvest-only plan while Harvest Min Loss % is 5%."""
        cls = sl.asset_class
        weight = self.before.get(cls, 0.0) / self.total
        if weight > self.target_of(cls) + 1e-12 and self.triggered:
            return True
        loss = -sl.gain_per_share * sl.lot.quantity
        basis = sl.lot.adjusted_basis or 0.0
        s = self.settings
        if loss < s.harvest_min_loss - 1e-9:
            return False
        return self.triggered or loss >= s.harvest_min_loss_pct * basis - 1e-9

    # -------------------------------------------------------------------------- buy candidates

    def _collect_buys(self) -> None:
        self.buys: list[_BuyOption] = []
        self.unbuyable_recent_loss: list[tuple[str, str, date]] = []
        wanted = {k for k in self.drift_classes if self.target_of(k) > 0}
        accounts = self.household.account_map()
        loss_identities = {self.secs[lot.symbol].identity for lot in self.household.lots
                           if lot.quantity > 0 and lot.symbol in self.secs and lot.account in accounts
                           and accounts[lot.account].is_taxable and lot.unit_cost is not None
                           and lot.unit_cost > self.secs[lot.symbol].price}
        self.loss_identities = frozenset(loss_identities)
        order = {s.symbol: i for i, s in enumerate(self.household.securities)}
        for acct in self.accounts:
            for sec in self.household.securities:
                if sec.asset_class not in wanted or not self.household.may_buy(acct.name, sec.symbol):
                    continue
                if sec.asset_class == CASH_CLASS:
                    continue
                sold = self.recent_loss_sales.get(sec.identity)
                if sold is not None:
                    self.unbuyable_recent_loss.append((acct.name, sec.symbol, sold))
                    continue
                t = self._targets.get(sec.asset_class)
                # preference steps per dollar bought (the last stage, stages.py): location first,
                # then the replacement lists, then not buying what holds an unharvested loss (the
                # buy would block that harvest for 30 days), then a fixed order of equivalent funds
                # so that one account's purchase of a class is never split between them
                loc = LOCATION_STEP * location_penalty(sec.asset_class, acct.treatment,
                                                       t.location if t else None)
                w = REPLACEMENT_STEP * self._replacement_rank(sec)
                w += BLOCKS_HARVEST_STEP * (sec.identity in loss_identities)
                w += FUND_ORDER_STEP * order.get(sec.symbol, 0)
                self.buys.append(_BuyOption(acct.name, sec.symbol, sec.price, sec.asset_class,
                                            sec.identity, w, loc))
        # a fund of the class the stages always prefer and can always buy instead (buy_dominance.py)
        self.buys = undominated_buys(
            self.buys, loss_identities={sl.identity for sl in self.sell_lots if sl.gain_per_share < 0},
            past_loss_identities=set(self.open_loss_sales),
            sellable=[(sl.lot.account, sl.lot.symbol) for sl in self.sell_lots]
            + [(p.account, p.symbol) for p in self.positions],
            whole_share_symbols=self.whole_share_symbols)

    def _replacement_rank(self, sec: Security) -> int:
        ranks: dict[str, int] | None = getattr(self, "_ranks", None)
        if ranks is None:
            ranks = self._ranks = replacement_ranks(self.household)
        return ranks[sec.symbol]
