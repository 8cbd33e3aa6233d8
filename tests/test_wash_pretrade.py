"""Pre-trade check (IRC §1091(a); Rev. Rul. 2008-5): expected amounts worked by hand."""

from datetime import date

import pytest

from taxrebal.engine.pretrade import WarningKind, check_trades
from taxrebal.engine.records import Account, Action, Household, Lot, ProposedTrade, Security, Settings, Transaction

AS_OF = date(2026, 11, 25)
ACCOUNTS = (Account("Brokerage", "Taxable"), Account("Roth", "Roth IRA"))


def hh(lots=(), txs=(), securities=None):
    securities = securities or (Security("VXUS", "Intl", 60.0), Security("IXUS", "Intl", 60.0),
                                Security("VOO", "US", 500.0, identical_group="SP500"),
                                Security("IVV", "US", 500.0, identical_group="SP500"))
    return Household(ACCOUNTS, tuple(securities), tuple(lots), tuple(txs),
                     settings=Settings(as_of=AS_OF))


def recent_loss():
    # 100 VXUS bought for $6,400 and sold 2026-11-15 at $60: loss $400, $4/share.
    return Transaction(date(2026, 11, 15), "Brokerage", "VXUS", Action.SELL, 100, 60.0, lot_id="L1",
                       acquired=date(2025, 3, 1), basis=6400.0)


def test_buy_in_roth_after_recent_loss_is_flagged_permanent():
    trade = ProposedTrade(AS_OF, "Roth", "VXUS", Action.BUY, 60)
    (w,) = check_trades(hh(txs=[recent_loss()]), [trade], AS_OF)
    assert w.kind is WarningKind.BUY_WASHES_RECENT_LOSS
    assert w.amount_at_stake == pytest.approx(240.0)  # 60 x $4
    assert w.permanent
    assert w.clear_from == date(2026, 12, 16)


def test_buy_of_a_different_fund_is_clear():
    trade = ProposedTrade(AS_OF, "Brokerage", "IXUS", Action.BUY, 60)
    assert check_trades(hh(txs=[recent_loss()]), [trade], AS_OF) == ()


def test_buy_more_than_the_loss_shares_stakes_only_the_loss():
    trade = ProposedTrade(AS_OF, "Brokerage", "VXUS", Action.BUY, 500)
    (w,) = check_trades(hh(txs=[recent_loss()]), [trade], AS_OF)
    assert w.amount_at_stake == pytest.approx(400.0) and not w.permanent


def test_planned_loss_sale_and_planned_buy_of_identical_fund():
    # Sell 10 VOO (lot cost $5,500) at $500: loss $500; buying 4 IVV the same day washes 4 x $50.
    lots = [Lot("V1", "Brokerage", "VOO", date(2025, 1, 2), 10, 5500.0)]
    trades = [ProposedTrade(AS_OF, "Brokerage", "VOO", Action.SELL, 10),
              ProposedTrade(AS_OF, "Roth", "IVV", Action.BUY, 4)]
    (w,) = check_trades(hh(lots=lots), trades, AS_OF)
    assert w.kind is WarningKind.BUY_WASHES_PLANNED_LOSS
    assert w.trade is trades[1]
    assert w.amount_at_stake == pytest.approx(200.0)


def test_loss_sale_washed_by_shares_bought_last_week():
    # Two VXUS lots: old one at $70/share (loss $10/share at $60), 20 shares bought 2026-11-18.
    # Selling the 50 old shares: the 20 recent shares wash 20 x $10 = $200.
    lots = [Lot("OLD", "Brokerage", "VXUS", date(2024, 5, 1), 50, 3500.0),
            Lot("NEW", "Brokerage", "VXUS", date(2026, 11, 18), 20, 1220.0)]
    trade = ProposedTrade(AS_OF, "Brokerage", "VXUS", Action.SELL, 50)
    (w,) = check_trades(hh(lots=lots), [trade], AS_OF)
    assert w.kind is WarningKind.SALE_WASHED_BY_RECENT_BUY
    assert w.amount_at_stake == pytest.approx(200.0)
    assert w.clear_from == date(2026, 12, 19)


def test_gain_sale_and_sale_of_the_recent_lot_itself_are_clear():
    lots = [Lot("NEW", "Brokerage", "VXUS", date(2026, 11, 18), 20, 1300.0)]
    trade = ProposedTrade(AS_OF, "Brokerage", "VXUS", Action.SELL, 20)
    assert check_trades(hh(lots=lots), [trade], AS_OF) == ()
    gain = [Lot("OLD", "Brokerage", "VXUS", date(2024, 5, 1), 50, 2000.0),
            Lot("NEW2", "Brokerage", "VXUS", date(2026, 11, 18), 20, 1220.0)]
    assert check_trades(hh(lots=gain), [ProposedTrade(AS_OF, "Brokerage", "VXUS", Action.SELL, 50)], AS_OF) == ()


def test_drip_holding_anywhere_flags_a_loss_sale():
    secs = (Security("VXUS", "Intl", 60.0, drip=True),)
    lots = [Lot("OLD", "Brokerage", "VXUS", date(2024, 5, 1), 50, 3500.0),
            Lot("R", "Roth", "VXUS", date(2020, 5, 1), 5, None)]
    trade = ProposedTrade(AS_OF, "Brokerage", "VXUS", Action.SELL, 50)
    (w,) = check_trades(hh(lots=lots, securities=secs), [trade], AS_OF)
    assert w.kind is WarningKind.SALE_WASHED_BY_DRIP and "Roth" in w.related


def test_drip_position_sold_out_completely_does_not_reinvest():
    secs = (Security("VXUS", "Intl", 60.0, drip=True),)
    lots = [Lot("OLD", "Brokerage", "VXUS", date(2024, 5, 1), 50, 3500.0)]
    trade = ProposedTrade(AS_OF, "Brokerage", "VXUS", Action.SELL, 50)
    assert check_trades(hh(lots=lots, securities=secs), [trade], AS_OF) == ()


def test_warnings_match_what_the_wash_engine_finds_once_the_trades_are_made():
    # Plan: sell the 50-share lot OLD ($70 cost, $60 price: $500 loss) on 11-25 and buy 30 VXUS in the
    # Roth on 12-01. Executed, the wash engine disallows 30 x $10 = $300 for good; the check warns
    # about exactly that amount before anything is traded.
    from taxrebal.engine.wash import adjust_lots

    lots = [Lot("OLD", "Brokerage", "VXUS", date(2024, 5, 1), 50, 3500.0)]
    trades = [ProposedTrade(AS_OF, "Brokerage", "VXUS", Action.SELL, 50),
              ProposedTrade(date(2026, 12, 1), "Roth", "VXUS", Action.BUY, 30)]
    warnings = check_trades(hh(lots=lots), trades, AS_OF)
    assert sum(w.amount_at_stake for w in warnings) == pytest.approx(300.0)
    assert all(w.permanent for w in warnings)

    executed = hh(lots=[Lot("NEW", "Roth", "VXUS", date(2026, 12, 1), 30, None)],
                  txs=[Transaction(AS_OF, "Brokerage", "VXUS", Action.SELL, 50, 60.0, lot_id="OLD",
                                   acquired=date(2024, 5, 1), basis=3500.0),
                       Transaction(date(2026, 12, 1), "Roth", "VXUS", Action.BUY, 30, 60.0, lot_id="NEW")])
    result = adjust_lots(executed)
    assert result.permanent_disallowed == pytest.approx(300.0)


def test_the_first_day_to_buy_is_past_every_open_loss_window_not_only_the_washed_ones():
    # 60 VXUS bought in the Roth wash 60 of the 100 loss shares sold 2026-11-15 (clear of that sale on
    # 2026-12-16); but 10 more VXUS (lot cost $700) are sold at a loss of $100 on 2026-11-25, whose
    # window runs to 2026-12-25: a purchase before 2026-12-26 would wash that loss instead
    lots = [Lot("V2", "Brokerage", "VXUS", date(2025, 4, 1), 10, 700.0)]
    trades = [ProposedTrade(AS_OF, "Brokerage", "VXUS", Action.SELL, 10),
              ProposedTrade(date(2026, 11, 26), "Roth", "VXUS", Action.BUY, 60)]
    (w,) = check_trades(hh(lots=lots, txs=[recent_loss()]), trades, AS_OF)
    assert w.kind is WarningKind.BUY_WASHES_RECENT_LOSS and w.amount_at_stake == pytest.approx(240.0)
    assert w.clear_from == date(2026, 12, 26)  # 2026-11-25 + 31, not 2026-11-15 + 31
    assert "The first day you may buy is 2026-12-26" in w.message


def test_a_sell_after_a_named_lot_sell_cannot_sell_those_shares_again():
    # The plan sells lot V2 (10 VXUS, cost $700) by name on 2026-11-25; a proposed sell of 10 VXUS on
    # 2026-11-27 finds no shares left, so it is no loss sale and opens no window: the 60 VXUS bought in
    # the Roth on 2026-11-28 may be bought again from 2026-12-26 (11-25 + 31), not 2026-12-28
    lots = [Lot("V2", "Brokerage", "VXUS", date(2025, 4, 1), 10, 700.0)]
    trades = [ProposedTrade(AS_OF, "Brokerage", "VXUS", Action.SELL, 10, lots=(("V2", 10.0),)),
              ProposedTrade(date(2026, 11, 27), "Brokerage", "VXUS", Action.SELL, 10),
              ProposedTrade(date(2026, 11, 28), "Roth", "VXUS", Action.BUY, 60)]
    (w,) = check_trades(hh(lots=lots, txs=[recent_loss()]), trades, AS_OF)
    assert w.trade is trades[2] and w.clear_from == date(2026, 12, 26)
