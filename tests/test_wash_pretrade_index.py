"""One pre-trade index serves many checks (the Lot Selection sheet checks each sale alone).

The index holds the household's look-ups; a check must never change it, so checking the same trades
with a reused index, in any order and again, gives the warnings of a check that builds its own.
The amounts are worked by hand (IRC §1091(a); Rev. Rul. 2008-5 for the Roth)."""

from datetime import date

import pytest

from taxrebal.engine.pretrade import TradeCheckIndex, WarningKind, check_trades
from taxrebal.engine.records import Account, Action, Household, Lot, ProposedTrade, Security, Settings, Transaction
from taxrebal.engine.wash import adjust_lots

AS_OF = date(2026, 11, 25)


def household():
    accounts = (Account("Brokerage", "Taxable"), Account("Roth", "Roth IRA"))
    securities = (Security("VXUS", "Intl", 60.0, drip=True), Security("VOO", "US", 500.0, identical_group="SP500"),
                  Security("IVV", "US", 500.0, identical_group="SP500"))
    lots = (Lot("OLD", "Brokerage", "VXUS", date(2024, 5, 1), 50, 3500.0),  # $10/share loss at $60
            Lot("NEW", "Brokerage", "VXUS", date(2026, 11, 18), 20, 1220.0),  # bought 7 days ago
            Lot("R", "Roth", "VXUS", date(2020, 5, 1), 5, None),  # DRIP on in the Roth
            Lot("V1", "Brokerage", "VOO", date(2025, 1, 2), 10, 5500.0))  # $50/share loss at $500
    # 100 IVV sold on 11-15 at a $4/share loss: a buy of VOO or IVV now washes it.
    txs = (Transaction(date(2026, 11, 15), "Brokerage", "IVV", Action.SELL, 100, 496.0, lot_id="I1",
                       acquired=date(2025, 3, 1), basis=50000.0),)
    return Household(accounts, securities, lots, txs, settings=Settings(as_of=AS_OF))


def trade_lists():
    return [
        [ProposedTrade(AS_OF, "Brokerage", "VXUS", Action.SELL, 50)],
        [ProposedTrade(AS_OF, "Roth", "VOO", Action.BUY, 60)],
        [ProposedTrade(AS_OF, "Brokerage", "VOO", Action.SELL, 10), ProposedTrade(AS_OF, "Roth", "IVV", Action.BUY, 4)],
        [ProposedTrade(AS_OF, "Roth", "VXUS", Action.SELL, 5),
         ProposedTrade(AS_OF, "Brokerage", "VXUS", Action.SELL, 50)],
        [ProposedTrade(AS_OF, "Brokerage", "VXUS", Action.SELL, 70)],
    ]


def summary(warnings):
    return [(w.trade.symbol, w.kind, round(w.amount_at_stake, 6), w.clear_from, w.permanent, w.message)
            for w in warnings]


def test_a_reused_index_gives_each_check_its_own_answer():
    hh = household()
    wash = adjust_lots(hh)
    alone = [summary(check_trades(hh, trades, AS_OF, wash=wash)) for trades in trade_lists()]
    index = TradeCheckIndex(hh, AS_OF, wash)
    for order in (range(5), reversed(range(5)), (2, 2, 0, 4, 1, 3, 0)):
        for i in order:
            assert summary(check_trades(hh, trade_lists()[i], AS_OF, index=index)) == alone[i]


def test_the_hand_worked_amounts_through_a_shared_index():
    hh = household()
    index = TradeCheckIndex(hh, AS_OF, adjust_lots(hh))
    sell_old, buy_voo, pair, _, _ = trade_lists()
    by_kind = {w.kind: w for w in check_trades(hh, sell_old, AS_OF, index=index)}
    # the 20 NEW shares wash 20 x $10; the Roth's DRIP puts the whole $500 at stake
    assert by_kind[WarningKind.SALE_WASHED_BY_RECENT_BUY].amount_at_stake == pytest.approx(200.0)
    assert by_kind[WarningKind.SALE_WASHED_BY_DRIP].amount_at_stake == pytest.approx(500.0)
    (w,) = check_trades(hh, buy_voo, AS_OF, index=index)  # 60 of the 100 IVV loss shares: 60 x $4, for good
    assert w.kind is WarningKind.BUY_WASHES_RECENT_LOSS and w.amount_at_stake == pytest.approx(240.0)
    assert w.permanent
    kinds = sorted((w.kind.name, round(w.amount_at_stake, 2)) for w in check_trades(hh, pair, AS_OF, index=index))
    # the 4 IVV bought wash the earliest loss sale first: the IVV sold on 11-15 (4 x $4), not the planned VOO sale
    assert kinds == [("BUY_WASHES_RECENT_LOSS", 16.0)]


def test_an_index_of_another_date_is_refused():
    hh = household()
    index = TradeCheckIndex(hh, AS_OF, adjust_lots(hh))
    with pytest.raises(ValueError):
        check_trades(hh, trade_lists()[0], date(2026, 12, 1), index=index)
