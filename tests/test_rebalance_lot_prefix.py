"""Gain lots beyond each (account, security, term)'s cheapest prefix stay closed until a solve sells
the prefix out (engine/rebalance/lot_prefix.py), and the plan is that of every lot.

Worked by hand (the module's example): a Taxable account holds five long-term VTI lots of 10
shares, price $100, bought at $95, $90, $80, $70 and $60 (gains $5, $10, $20, $30, $40 a share), and
$5,000 of a bond fund at no gain; no cash. VTI is 50% of the $10,000 household.

* Targets 40/60, bands 5 points: US Stocks is $1,000 over target, so its prefix holds
  DEMAND_FACTOR (2) x $1,000 of its cheapest gain lots: the $5 and $10 lots, three closed. Within
  the band US Stocks may hold $4,500: the plan sells $500, 5 shares, cheapest first: 5 shares of the
  $5 lot, a $25 long-term gain.
* Targets 20/80: within the band US Stocks may hold $2,500, so the plan sells 25 shares: the $5
  and $10 lots in full and 5 shares of the $20 lot, $50 + $100 + $100 = $250 of long-term gain.
  With the first prefix only two lots (DEMAND_FACTOR 0 here), a solve sells both in full and stays
  outside the band; the prefix is sold out, so two more lots open (the $20 and $30 lots) and the
  solve runs again: the same plan as with every lot open.

Whole plans of bench/households.py give the same tax, drift and dollars traded with the lots closed
and all open (``lot_prefix.ENABLED`` False).
"""

import sys
from datetime import date
from pathlib import Path

import pytest

from taxrebal.engine.allocation import allocation
from taxrebal.engine.rebalance import RebalanceModel, SolveOptions, lot_prefix, plan_rebalance
from taxrebal.engine.records import Account, Household, Lot, Security, SecurityType, Settings, Target

FUND = SecurityType.MUTUAL_FUND
AS_OF = date(2026, 6, 1)
COSTS = {"L95": 95.0, "L90": 90.0, "L80": 80.0, "L70": 70.0, "L60": 60.0}


def household(us_target: float) -> Household:
    lots = [Lot(lot_id, "Brokerage", "VTI", date(2020, 3, 2), 10.0, 10 * cost) for lot_id, cost in COSTS.items()]
    lots.append(Lot("B1", "Brokerage", "BND", date(2019, 3, 2), 50.0, 5_000.0))
    return Household(
        accounts=(Account("Brokerage", "Taxable"),),
        securities=(Security("VTI", "US Stocks", 100.0, security_type=FUND),
                    Security("BND", "Bonds", 100.0, security_type=FUND)),
        lots=tuple(lots),
        targets=(Target("US Stocks", us_target), Target("Bonds", 1.0 - us_target)),
        settings=Settings(as_of=AS_OF, ordinary_income=100_000.0))


def _sold(h: Household) -> tuple[dict[str, float], float]:
    plan = plan_rebalance(h, as_of=AS_OF)
    sold: dict[str, float] = {}
    for ls in plan.lot_sales:
        sold[ls.lot_id] = sold.get(ls.lot_id, 0.0) + ls.quantity
    gain = sum(ls.gain for ls in plan.lot_sales)  # to the dollar: the plan aims a hair inside the band
    return {k: round(v, 2) for k, v in sold.items() if v > 1e-9}, round(gain)


def _open_lots(model: RebalanceModel) -> set[str]:
    prefixes = model.lot_prefixes
    assert prefixes is not None
    open_cols = {int(j) for cols, k in zip(prefixes.groups, prefixes.open_count) for j in cols[:k]}
    return {sl.lot.lot_id for sl, j in zip(model.sell_lots, model.lot_vars)
            if j in open_cols and sl.lot.symbol == "VTI"}


def test_the_first_prefix_holds_twice_the_dollars_over_target_cheapest_first():
    model = RebalanceModel(household(0.40), AS_OF)
    assert _open_lots(model) == {"L95", "L90"}
    assert model.lot_prefixes is not None and model.lot_prefixes.closed == 3


def test_the_plan_sells_the_cheapest_shares_of_the_prefix():
    assert _sold(household(0.40)) == ({"L95": 5.0}, 25.0)


def test_a_sold_out_prefix_opens_the_next_lots_and_solves_again(monkeypatch):
    monkeypatch.setattr(lot_prefix, "DEMAND_FACTOR", 0.0)
    h = household(0.20)
    assert _open_lots(RebalanceModel(h, AS_OF)) == {"L95", "L90"}  # two lots: MIN_PREFIX
    assert _sold(h) == ({"L95": 10.0, "L90": 10.0, "L80": 5.0}, 250.0)
    model = RebalanceModel(h, AS_OF)  # its least band breach, as the plan's first stage solves it
    x = model.solve({model.v_var: 1.0}, SolveOptions(rates=(0.0, 0.0), relaxed=True))
    assert x is not None and float(x[model.v_var]) == pytest.approx(0.0, abs=1e-9)  # within the band
    assert _open_lots(model) == {"L95", "L90", "L80", "L70"}  # opened by the solve: 2 -> 4


def test_with_every_lot_open_the_plan_is_the_same(monkeypatch):
    pruned = _sold(household(0.20))
    monkeypatch.setattr(lot_prefix, "ENABLED", False)
    assert RebalanceModel(household(0.20), AS_OF).lot_prefixes is None
    assert _sold(household(0.20)) == pruned


def _figures(h: Household, as_of: date) -> tuple[float, str, float, float]:
    plan = plan_rebalance(h, as_of=as_of)
    drift = sum(abs(r.drift) for r in allocation(h, plan.after))
    traded = sum(abs(t.amount) for t in plan.trades)
    return plan.tax_total, plan.status.value, drift, traded


@pytest.mark.parametrize("seed", [4, 9, 30])
def test_whole_plans_are_the_same_with_lots_closed_and_all_open(monkeypatch, seed):
    bench = str(Path(__file__).resolve().parents[1] / "bench")
    if bench not in sys.path:
        sys.path.insert(0, bench)
    from households import AS_OF as BENCH_AS_OF
    from households import generate

    h = generate(seed, accounts=4, securities=12, lots=200, growth=0.8)
    model = RebalanceModel(h, BENCH_AS_OF)
    assert model.lot_prefixes is not None and model.lot_prefixes.closed > 0
    pruned = _figures(h, BENCH_AS_OF)
    monkeypatch.setattr(lot_prefix, "DEMAND_FACTOR", 0.0)  # the least first prefix: the most solves grow it
    smallest = _figures(h, BENCH_AS_OF)
    monkeypatch.setattr(lot_prefix, "ENABLED", False)
    full = _figures(h, BENCH_AS_OF)
    for got in (pruned, smallest):
        assert got[0] == pytest.approx(full[0], abs=0.01)
        assert got[1] == full[1]
        assert got[2] == pytest.approx(full[2], abs=1e-6)
        assert got[3] == pytest.approx(full[3], abs=0.05)
