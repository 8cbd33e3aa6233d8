"""A stage-B plan past the §1211(b) loss limit gets no wash-engine pass (engine/rebalance/loss_limit.py):
its local rates are provably 0, and every figure is the same as with the pass.

Households written out here, every expected figure worked by hand. Single filer, 2026 (loss limit
$3,000, IRC §1211(b)), $150,000 of ordinary income, As Of 2026-12-01. Taxable: VTI lot G, 100 shares at
$50 on a $4,000 basis (+$1,000, long-term: bought 2020-03-02). The local rates are central differences
of RATE_STEP = $1,000 (stages._TaxOracle.local_rates).
"""

from dataclasses import replace
from datetime import date

import numpy as np
import pytest

import taxrebal.engine.rebalance.stages as stages
from taxrebal.engine.frontier import tax_drift_frontier
from taxrebal.engine.rebalance import _TaxOracle, plan_rebalance, shared_model
from taxrebal.engine.rebalance.loss_limit import beyond_loss_limit, reported_bound
from taxrebal.engine.rebalance.reported import reported_gains
from taxrebal.engine.records import (
    Account,
    Action,
    Household,
    Lot,
    Security,
    Settings,
    Target,
    TaxMode,
    Transaction,
)

AS_OF = date(2026, 12, 1)


def household(realized_lt_ytd: float, *, buy_price: float | None = None, recent_ivv: bool = False,
              tax_mode: TaxMode = TaxMode.BRACKETS, bonds: float = 200.0) -> Household:
    """G as above; ``buy_price``: G's Buy row (no Cost Basis: the wash engine takes its price as the cost);
    ``recent_ivv``: IVV lot L (10 shares at $610 on $7,000, -$900 long-term) and a purchase R of 5 IVV on
    2026-11-20 (inside L's window: it washes 5 of L's 10 loss shares, $450); ``bonds``: BND shares at $70 in
    the IRA."""
    lots = [Lot("G", "Taxable", "VTI", date(2020, 3, 2), 100.0, 4_000.0),
            Lot("I1", "IRA", "BND", None, bonds, None)]
    txs = []
    if buy_price is not None:
        txs.append(Transaction(date(2020, 3, 2), "Taxable", "VTI", Action.BUY, 100.0, buy_price, lot_id="G"))
    if recent_ivv:
        lots += [Lot("L", "Taxable", "IVV", date(2024, 5, 1), 10.0, 7_000.0),
                 Lot("R", "Taxable", "IVV", date(2026, 11, 20), 5.0, 3_050.0)]
        txs.append(Transaction(date(2026, 11, 20), "Taxable", "IVV", Action.BUY, 5.0, 610.0, lot_id="R"))
    return Household(
        accounts=(Account("Taxable", "Taxable"), Account("IRA", "Traditional IRA")),
        securities=(Security("VTI", "US Stocks", 50.0), Security("IVV", "US Stocks", 610.0),
                    Security("BND", "Bonds", 70.0)),
        lots=tuple(lots), transactions=tuple(txs),
        targets=(Target("US Stocks", 0.5, band=0.05), Target("Bonds", 0.5, band=0.05)),
        settings=Settings(as_of=AS_OF, ordinary_income=150_000.0, realized_st_ytd=0.0,
                          realized_lt_ytd=realized_lt_ytd, tax_mode=tax_mode))


def selling(h: Household, shares: dict[str, float]):
    """(model, plan x) selling ``shares`` of each lot ID and nothing else."""
    model = shared_model(h, AS_OF, rebalance_now=True)
    x = np.zeros(model.lp.n)
    for sl, j in zip(model.sell_lots, model.lot_vars):
        x[j] = shares.get(sl.lot.lot_id, 0.0) if not sl.chained else 0.0
    return model, x


def test_worked_example_the_bound_is_the_gain_and_the_rates_are_zero():
    h = household(-20_000.0)
    model, x = selling(h, {"G": 100.0})
    bound, _dollars = reported_bound(model, x)
    assert bound == pytest.approx(1_000.0)  # 100 x (50 - 40)
    oracle = _TaxOracle(h, AS_OF)
    assert beyond_loss_limit(model, oracle.profile, x)  # -20,000 + 1,000 + 1,000 <= -3,000
    st, lt = reported_gains(model, x)
    assert (st, lt) == pytest.approx((0.0, 1_000.0))
    assert oracle.local_rates(st, lt) == (0.0, 0.0)  # exactly: the same float both sides


@pytest.mark.parametrize("ytd, skipped", [(-5_002.0, True), (-4_999.0, False), (-4_500.0, False)])
def test_at_the_edge_the_skip_fires_only_where_the_rates_are_zero(ytd, skipped):
    # the plan reports +$1,000 LT: combined = ytd + 1,000; its LT rate is a difference at +$1,000 more,
    # ytd + 2,000, which is past -$3,000 only for ytd <= -5,000 ($1 and a hair of rounding margin kept)
    h = household(ytd)
    model, x = selling(h, {"G": 100.0})
    oracle = _TaxOracle(h, AS_OF)
    assert beyond_loss_limit(model, oracle.profile, x) is skipped
    rates = oracle.local_rates(*reported_gains(model, x))
    if skipped:
        assert rates == (0.0, 0.0)
    else:  # at -4,999 the deduction at +$1,000 is $2,999: the LT rate is not 0
        assert rates[1] > 1e-6


def test_the_bound_takes_the_wash_engines_cost_and_counts_a_washable_loss_as_none():
    # G's Buy row says $30 a share (no Cost Basis): the engine reports 100 x (50 - 30) = +$2,000 where the
    # model prices +$1,000; L's $900 loss is half washed by R: -$450 reported. Reported +$1,550; the
    # bound: G +$2,000 (VTI: nothing bought in the window), L counted as $0 (IVV: R is in its window)
    h = household(-20_000.0, buy_price=30.0, recent_ivv=True)
    model, x = selling(h, {"G": 100.0, "L": 10.0})
    st, lt = reported_gains(model, x)
    assert st + lt == pytest.approx(1_550.0)
    bound, _dollars = reported_bound(model, x)
    assert bound == pytest.approx(2_000.0)
    assert beyond_loss_limit(model, _TaxOracle(h, AS_OF).profile, x)  # -20,000 + 2,000 + 1,000 + $1


def _flat(h: Household) -> Household:
    """``h`` in Tax Mode Flat, 30% short-term, 15% long-term."""
    return replace(h, settings=replace(h.settings, tax_mode=TaxMode.FLAT, flat_st_rate=0.30, flat_lt_rate=0.15))


def test_flat_mode_past_the_limit_is_skipped_too():
    # Flat 30% / 15%: past the limit the deduction is the $3,000 of IRC §1211(b) at the short-term rate
    # whatever its character (it comes off ordinary income): -900.00 at -20,000 + 1,000 = -19,000 of net
    # long-term loss and at 1,000 (h) more or less of either term: the local rates are 0. (fe15 F2: Flat used
    # to price a long-term deduction at 15%, so its tax moved with the character; no skip then.)
    h = _flat(household(-20_000.0))
    oracle = _TaxOracle(h, AS_OF)
    for st, lt in ((0.0, 1_000.0), (1_000.0, 1_000.0), (0.0, 2_000.0), (-1_000.0, 1_000.0)):
        assert oracle.true_tax(st, lt).total - oracle.true_tax(0.0, 0.0).total == 0.0
    model, x = selling(h, {"G": 100.0})
    assert beyond_loss_limit(model, oracle.profile, x)  # -20,000 + 1,000 + 1,000 (h) + $1 <= -3,000
    h = _flat(household(-4_500.0))  # -4,500 + 1,000 + 1,000 = -2,500 > -3,000: the pass is made
    model, x = selling(h, {"G": 100.0})
    assert not beyond_loss_limit(model, _TaxOracle(h, AS_OF).profile, x)


def test_flat_mode_plan_and_frontier_are_the_same_with_and_without_the_pass(monkeypatch):
    h = _flat(household(-20_000.0, buy_price=30.0, recent_ivv=True, bonds=100.0))
    with_pass, calls_with = _rows_and_passes(h, monkeypatch, skip=False)
    without, calls_without = _rows_and_passes(h, monkeypatch, skip=True)
    assert without == with_pass
    assert calls_without["skipped"] > 0
    assert calls_without["reported"] == calls_with["reported"] - calls_without["skipped"]


_REAL_REPORTED, _REAL_BEYOND = stages._reported, stages.beyond_loss_limit


def _rows_and_passes(h: Household, monkeypatch, skip: bool):
    calls = {"reported": 0, "skipped": 0}
    real_reported, real_beyond = _REAL_REPORTED, _REAL_BEYOND

    def reported(*a, **k):
        calls["reported"] += 1
        return real_reported(*a, **k)

    def beyond(*a, **k):
        fired = skip and real_beyond(*a, **k)
        calls["skipped"] += fired
        return fired

    monkeypatch.setattr(stages, "_reported", reported)
    monkeypatch.setattr(stages, "beyond_loss_limit", beyond)
    plan = plan_rebalance(h, as_of=AS_OF)
    rows = tax_drift_frontier(h, as_of=AS_OF, plan=plan)
    return (plan.trades, plan.tax_total, rows), calls


def test_the_plan_and_the_frontier_are_the_same_with_and_without_the_pass(monkeypatch):
    # US Stocks $5,000 + $6,100 + $3,050 (VTI G, IVV L and R) against Bonds $7,000 (100 BND): 66.9 / 33.1,
    # outside 5-point bands, so the plan and each row sell US Stocks; $20,000 of long-term loss already
    # realized: every plan is far past the limit. G's Buy row at $30 (the engine's cost) as above
    h = household(-20_000.0, buy_price=30.0, recent_ivv=True, bonds=100.0)
    with_pass, calls_with = _rows_and_passes(h, monkeypatch, skip=False)
    without, calls_without = _rows_and_passes(h, monkeypatch, skip=True)
    assert without == with_pass
    assert calls_without["skipped"] > 0
    assert calls_without["reported"] == calls_with["reported"] - calls_without["skipped"]


def test_a_split_piece_is_bounded_by_its_purchases_least_cost():
    # Purchase P (Buy row: 10 VTI at $44 on 2026-11-15) was split by an earlier pass: P (6 shares, $240 on the
    # Lots sheet) and P-W1 (4 shares, $200 + $40 washed in from Q, sold 2026-11-10 at a $40 loss). The plan
    # sells P-W1; the model prices it at its own $60 a share: -$40. The engine merges P back, relieves the
    # washed shares first: basis 4 x 44 + 40 = $216 for $200, a $16 loss, half of it washed by N (2 VTI bought
    # 2026-11-25): -$8 reported, more than the model's. The bound: P's least cost, $40 (the Lots row), on a
    # washable identity: max(0, 4 x (50 - 40)) = $40
    h = household(-20_000.0)
    h = Household(
        accounts=h.accounts, securities=h.securities, targets=h.targets, settings=h.settings,
        lots=(Lot("P", "Taxable", "VTI", date(2026, 11, 15), 6.0, 240.0),
              Lot("P-W1", "Taxable", "VTI", date(2026, 11, 15), 4.0, 200.0, wash_adjustment=40.0,
                  adjusted_acquired=date(2026, 10, 1)),
              Lot("N", "Taxable", "VTI", date(2026, 11, 25), 2.0, 100.0),
              Lot("I1", "IRA", "BND", None, 200.0, None)),
        transactions=(Transaction(date(2026, 11, 15), "Taxable", "VTI", Action.BUY, 10.0, 44.0, lot_id="P"),
                      Transaction(date(2026, 11, 25), "Taxable", "VTI", Action.BUY, 2.0, 50.0, lot_id="N"),
                      Transaction(date(2026, 11, 10), "Taxable", "VTI", Action.SELL, 4.0, 45.0, lot_id="Q",
                                  acquired=date(2026, 6, 1), basis=220.0)))
    model, x = selling(h, {"P-W1": 4.0})
    assert sum(model.realized(x)) == pytest.approx(-40.0)
    assert sum(reported_gains(model, x)) == pytest.approx(-8.0)
    assert reported_bound(model, x)[0] == pytest.approx(40.0)
