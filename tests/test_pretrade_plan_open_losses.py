"""After the plan, a proposed buy can wash only the loss shares the plan's own sales leave open.

Treas. Reg. §1.1091-1(e): a loss share washed once is not washed again; IRC §1091(d): the washed
loss moves into the replacement shares' basis and is realized when they are sold.

fe6 hh4, worked by hand (2026-12-04, QQQ at $500; QQQ and QQQM one Identical Group): L1 4 QQQ bought
2026-11-14 for $1,960 (basis $2,120 after a $160 wash from 2026-10-15), L2 3 QQQ bought 2026-11-15
for $1,485. The plan's step 2 sells L1: loss 4 x $30 = $120, of which L2's 3 recent shares wash
3 x $30 = $90 (Lot Sales: Wash Disallowed 90, Reported -30): 1 share, $30, open. Step 3 sells L2
with the $90 in its basis ($1,575, $525 a share): loss 3 x $25 = $75, all open. A proposed buy of
5 QQQM the same day washes the 4 open loss shares: $30 (step 2) + $75 (step 3) = $105, not the
$120 the check used to see on step 2 alone.
"""

from datetime import date

import pytest

from taxrebal.engine.plan import LotSale, Plan, PlanStatus, Trade, plan_as_proposed_trades
from taxrebal.engine.pretrade import check_trades
from taxrebal.engine.records import (
    Account,
    Action,
    FilingStatus,
    Household,
    Lot,
    ProposedTrade,
    Security,
    Settings,
    Transaction,
)

AS_OF = date(2026, 12, 4)


def hh4():
    return Household(
        (Account("Brok", "Taxable"),),
        (Security("QQQ", "US", 500.0, identical_group="NDX"), Security("QQQM", "US", 205.0, identical_group="NDX"),
         Security("SCHG", "US", 30.0)),
        (Lot("L1", "Brok", "QQQ", date(2026, 11, 14), 4, 1_960.0),
         Lot("L2", "Brok", "QQQ", date(2026, 11, 15), 3, 1_485.0),
         Lot("L3", "Brok", "QQQ", date(2020, 1, 2), 100, 20_000.0)),
        (Transaction(date(2026, 10, 15), "Brok", "QQQ", Action.SELL, 10, 480.0, lot_id="L0",
                     acquired=date(2025, 1, 10), basis=5_200.0),
         Transaction(date(2026, 11, 14), "Brok", "QQQ", Action.BUY, 4, 490.0, lot_id="L1"),
         Transaction(date(2026, 11, 15), "Brok", "QQQ", Action.BUY, 3, 495.0, lot_id="L2")),
        settings=Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=60_000.0))


def plan():
    trades = (Trade(2, "Brok", "QQQ", Action.SELL, 4, 500.0, 2_000.0, realized_lt=-30.0),
              Trade(3, "Brok", "QQQ", Action.SELL, 3, 500.0, 1_500.0, realized_lt=-75.0))
    sales = (LotSale(2, "Brok", "QQQ", "L1", date(2025, 2, 9), 4, 2_000.0, 2_120.0, -120.0, True, "Wash sale", 90.0),
             LotSale(3, "Brok", "QQQ", "L2", date(2025, 1, 21), 3, 1_500.0, 1_575.0, -75.0, True, "Basis", 0.0))
    return Plan(trades, sales, 0.0, -105.0, None, {}, {}, 0.0, 0.0, (), (), PlanStatus.NOT_NEEDED)


def test_the_plans_open_loss_shares_are_what_it_did_not_wash():
    step2, step3 = plan_as_proposed_trades(plan(), AS_OF)
    assert step2.open_losses == ((date(2025, 2, 9), pytest.approx(1.0), pytest.approx(30.0)),)
    assert step3.open_losses == ((date(2025, 1, 21), pytest.approx(3.0), pytest.approx(25.0)),)


def test_a_buy_of_5_after_the_plan_washes_105_naming_steps_2_and_3():
    proposed = plan_as_proposed_trades(plan(), AS_OF)
    mine = ProposedTrade(AS_OF, "Brok", "QQQM", Action.BUY, 5)
    described = {id(p): f"plan's sale (Trades step {s})" for p, s in zip(proposed, (2, 3))}
    warnings = [w for w in check_trades(hh4(), proposed + [mine], AS_OF, described=described) if w.trade is mine]
    assert [(w.related, round(w.amount_at_stake, 2)) for w in warnings] == [
        ("plan's sale (Trades step 2)", 30.0), ("plan's sale (Trades step 3)", 75.0)]
    assert all(w.message.startswith("Buying 5 QQQM in Brok") for w in warnings)
    assert "washes 3 loss shares of the plan's sale (Trades step 3): $75.00" in warnings[1].message
