"""Buy options a preferred fund of the class always replaces are left out of the model, exactly
(engine/rebalance/buy_dominance.py).

Worked by hand (the module's example): a Taxable account may buy the mutual funds VTI, ITOT and
SCHB (US Stocks, in that order on Securities, so fund-order steps 0, 1, 2 of 0.000001 each) and
BND (Bonds). It holds a VTI lot at a loss (blocks-a-harvest step 0.001) and a BND lot. VTI may be
harvested (a wash-sale row ties its buys), so the preferred fund no row can block is ITOT, and any
plan buying SCHB or VTI is matched by one buying ITOT instead at no more tax, drift, turnover or
preference: the model keeps ITOT only. With an ITOT lot at a gain in the account (one-side rule:
no buying what it sells), SCHB is the dominator and ITOT, preferred to it, stays too.

Whole plans: with and without the pruning (``buy_dominance.ENABLED``, the full model keeping every
buy option), households of bench/households.py plan the same tax, the same drift and the same
dollars traded (the two models may split a purchase differently among accounts where every
stage ties).
"""

import sys
from datetime import date
from pathlib import Path

import pytest

from taxrebal.engine.allocation import allocation
from taxrebal.engine.rebalance import RebalanceModel, buy_dominance, plan_rebalance
from taxrebal.engine.rebalance.tuning import STAGE_ABS_GAP
from taxrebal.engine.records import Account, Household, Lot, Security, SecurityType, Settings, Target

FUND = SecurityType.MUTUAL_FUND
AS_OF = date(2026, 6, 1)


def household(itot_lot: bool = False) -> Household:
    lots = [Lot("V1", "Brokerage", "VTI", date(2020, 3, 2), 100.0, 12_000.0),  # $100 price: $2,000 loss
            Lot("B1", "Brokerage", "BND", date(2019, 3, 2), 300.0, 24_000.0)]
    if itot_lot:
        lots.append(Lot("I1", "Brokerage", "ITOT", date(2018, 3, 2), 10.0, 500.0))
    return Household(
        accounts=(Account("Brokerage", "Taxable", cash=1_000.0),),
        securities=(Security("VTI", "US Stocks", 100.0, security_type=FUND),
                    Security("ITOT", "US Stocks", 100.0, security_type=FUND),
                    Security("SCHB", "US Stocks", 100.0, security_type=FUND),
                    Security("BND", "Bonds", 100.0, security_type=FUND)),
        lots=tuple(lots),
        targets=(Target("US Stocks", 0.60), Target("Bonds", 0.40)),
        settings=Settings(as_of=AS_OF, ordinary_income=100_000.0))


def _us_buys(model: RebalanceModel) -> set[str]:
    return {b.symbol for b in model.buys if b.asset_class == "US Stocks"}


def test_the_preferred_fund_no_row_blocks_replaces_the_others():
    assert _us_buys(RebalanceModel(household(), AS_OF)) == {"ITOT"}


def test_a_fund_the_account_sells_is_no_dominator():
    assert _us_buys(RebalanceModel(household(itot_lot=True), AS_OF)) == {"ITOT", "SCHB"}


def test_without_the_pruning_every_option_is_a_column(monkeypatch):
    monkeypatch.setattr(buy_dominance, "ENABLED", False)
    assert _us_buys(RebalanceModel(household(), AS_OF)) == {"VTI", "ITOT", "SCHB"}


def _figures(h: Household, as_of: date) -> tuple[float, str, float, float]:
    plan = plan_rebalance(h, as_of=as_of)
    drift = sum(abs(r.drift) for r in allocation(h, plan.after))
    traded = sum(abs(t.amount) for t in plan.trades)
    return plan.tax_total, plan.status.value, drift, traded


@pytest.mark.parametrize("seed", [3, 8, 21])
def test_whole_plans_are_as_good_with_and_without_the_pruning(monkeypatch, seed):
    bench = str(Path(__file__).resolve().parents[1] / "bench")
    if bench not in sys.path:
        sys.path.insert(0, bench)
    from households import AS_OF as BENCH_AS_OF
    from households import generate

    h = generate(seed, accounts=5, securities=20, lots=100)
    pruned = _figures(h, BENCH_AS_OF)
    monkeypatch.setattr(buy_dominance, "ENABLED", False)
    assert len(RebalanceModel(h, BENCH_AS_OF).buys) > 0
    full = _figures(h, BENCH_AS_OF)
    assert pruned[0] == pytest.approx(full[0], abs=0.01)
    assert pruned[1] == full[1]
    assert pruned[2] == pytest.approx(full[2], abs=1e-6)
    # dollars traded: the least-turnover stage is solved to within STAGE_ABS_GAP ($0.10), so two equally
    # good plans may trade that much apart (seed 3: $354,123.87 and $354,123.80)
    assert pruned[3] == pytest.approx(full[3], abs=STAGE_ABS_GAP)
