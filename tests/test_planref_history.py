"""The benchmark's reference with loss sales made before As Of in the 30-day window (bench/planref/history.py):
what their matches already used, what the plan's buys wash, and the optimum against brute force.

Hand-worked (2026-11-25): 100 VEA sold 2026-11-09 at $51 with a $6,000 basis: a $900 short-term loss,
$9.00 a share. An IRA bought 40 VEA on 2026-11-20: 40 shares matched, $360 lost for good (Rev. Rul.
2008-5), so this year's short-term result is $360 above Settings' figure; 60 shares ($540) stay open.
A plan buy of 100 VEA today washes those 60: $540 more; a buy of 10 washes $90.
"""

from __future__ import annotations

import itertools
import random
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from planref.history import history, ref_lots, situation
from planref.optimum import solve
from planref.plans import BuyOrder, RefPlan, SellPiece, apply_plan, band_breaches
from planref.tax_rules import Situation, plan_tax
from planref.wash_check import realize

from taxrebal.engine.records import (
    Account,
    Action,
    FilingStatus,
    Household,
    Lot,
    Security,
    Settings,
    Target,
    Transaction,
)

AS_OF = date(2026, 11, 25)


def _settings(**kw) -> Settings:
    base = dict(as_of=AS_OF, filing_status=FilingStatus.MARRIED_JOINT, ordinary_income=260_000.0,
                realized_lt_ytd=40_000.0, realized_st_ytd=5_000.0, state_tax_rate=0.05, whole_shares=True,
                min_trade=0.0, allow_short_term_gains=True)
    base.update(kw)
    return Settings(**base)


def _vea() -> Household:
    return Household(
        accounts=(Account("Taxable", "Taxable", cash=6_000.0), Account("IRA", "Traditional IRA")),
        securities=(Security("VEA", "Intl", 50.0), Security("BND", "Bonds", 50.0)),
        lots=(Lot("I1", "IRA", "VEA", date(2026, 11, 20), 40, None),
              Lot("I2", "IRA", "BND", date(2019, 1, 2), 100, None)),
        transactions=(Transaction(date(2026, 11, 9), "Taxable", "VEA", Action.SELL, 100, 51.0, lot_id="T0",
                                  acquired=date(2026, 3, 2), basis=6_000.0),
                      Transaction(date(2026, 11, 20), "IRA", "VEA", Action.BUY, 40, 50.0, lot_id="I1")),
        targets=(Target("Intl", 0.5), Target("Bonds", 0.5)), settings=_settings())


def test_the_past_sale_is_matched_with_the_ira_purchase_and_60_shares_stay_open():
    past = history(_vea())
    assert past.consumed == {"I1": pytest.approx(40.0)}
    assert past.disallowed_st == pytest.approx(360.0) and past.disallowed_lt == 0.0
    (o,) = past.open
    assert (o.identity, o.shares, o.loss_per_share, o.long_term) == ("VEA", pytest.approx(60.0), pytest.approx(9.0),
                                                                     False)
    assert situation(_vea()).ytd_st == pytest.approx(5_360.0)


@pytest.mark.parametrize("bought, washed", [(100, 540.0), (10, 90.0), (0, 0.0)])
def test_a_plan_buy_washes_the_open_shares(bought, washed):
    plan = RefPlan((), (BuyOrder(1, "Taxable", "VEA", float(bought)),) if bought else ())
    r = realize(_vea(), plan)
    assert r.disallowed == pytest.approx(washed) and r.st == pytest.approx(washed) and r.lt == 0.0


def _brute_force(h: Household, buy_back: bool = False) -> float:
    sit = situation(h)
    price = {s.symbol: s.price for s in h.securities}
    identity = {s.symbol: s.identity for s in h.securities}
    taxable = {a.name for a in h.accounts if a.is_taxable}
    buy_options = [(a.name, s.symbol) for a in h.accounts for s in h.securities if h.may_buy(a.name, s.symbol)]
    spendable = {a.name: a.cash + a.contribution
                 + sum(x.quantity * price[x.symbol] for x in h.lots if x.account == a.name) for a in h.accounts}
    best = float("inf")
    lots = ref_lots(h)  # a Taxable lot a past loss sale washed into is two lots (planref.history)
    for sells in itertools.product(*[range(int(x.quantity) + 1) for x in lots]):
        for buys in itertools.product(*[range(int(spendable[a] // price[s]) + 1) for a, s in buy_options]):
            sold = [(x.lot_id, q) for x, q in zip(lots, sells) if q]
            bought = tuple(BuyOrder(100 + k, a, s, float(q)) for k, ((a, s), q) in enumerate(zip(buy_options, buys))
                           if q)
            harvested = {identity[x.symbol] for x, q in zip(lots, sells)
                         if q and x.account in taxable and (x.basis + x.wash_adjustment) / x.quantity > price[x.symbol]}
            if not buy_back and harvested & {identity[b.symbol] for b in bought}:
                continue
            out = apply_plan(h, RefPlan(tuple(SellPiece(k, i, float(q)) for k, (i, q) in enumerate(sold)), bought))
            if out.problems or band_breaches(h, out.values, out.total, tol=1e-12):
                continue
            for order in itertools.permutations(sold):
                r = realize(h, RefPlan(tuple(SellPiece(k, i, float(q)) for k, (i, q) in enumerate(order)), bought))
                if r.short_term_gains and not h.settings.allow_short_term_gains:
                    continue
                best = min(best, plan_tax(sit, r.st, r.lt))
    return best


def _into_taxable() -> Household:
    """30 VEA (bought 2026-03-02) sold 2026-11-09 at $51 with a $1,800 basis ($9 a share); lot T1: 40 VEA
    bought 2026-11-20 at $50 in the Taxable account (planref.history's worked example)."""
    return Household(
        accounts=(Account("Taxable", "Taxable"), Account("IRA", "Traditional IRA")),
        securities=(Security("VEA", "Intl", 50.0), Security("BND", "Bonds", 50.0)),
        lots=(Lot("T1", "Taxable", "VEA", date(2026, 11, 20), 40, 2_000.0),
              Lot("I2", "IRA", "BND", date(2019, 1, 2), 40, None)),
        transactions=(Transaction(date(2026, 11, 9), "Taxable", "VEA", Action.SELL, 30, 51.0, lot_id="T0",
                                  acquired=date(2026, 3, 2), basis=1_800.0),
                      Transaction(date(2026, 11, 20), "Taxable", "VEA", Action.BUY, 40, 50.0, lot_id="T1")),
        targets=(Target("Intl", 0.5, band=0.5), Target("Bonds", 0.5, band=0.5)), settings=_settings())


def test_a_past_loss_washed_into_a_taxable_lot_is_in_the_basis_of_the_matched_shares():
    h = _into_taxable()
    past = history(h)
    assert past.disallowed_st == pytest.approx(270.0) and not past.open  # deferred: not this year's loss
    w1, rest = ref_lots(h)[:2]
    # §1091(d): 30 shares with $1,500 + $270 of basis; §1223(3): held from 2026-11-20 less 252 days
    assert (w1.lot_id, w1.quantity, w1.basis + w1.wash_adjustment) == ("T1-W1", 30, pytest.approx(1_770.0))
    assert w1.holding_start == date(2026, 3, 13)
    assert (rest.lot_id, rest.quantity, rest.basis, rest.wash_adjustment) == ("T1", 10, pytest.approx(500.0), 0.0)
    assert past.consumed == {"T1-W1": pytest.approx(30.0)}  # those shares replace nothing more


def test_selling_the_washed_shares_realizes_the_deferred_loss():
    h = _into_taxable()
    # T1's 10 plain shares first (no gain), then T1-W1: 30 x ($50 - $59) = -$270 short-term (the
    # tacked holding period starts 2026-03-13), no share of VEA left to replace it
    r = realize(h, RefPlan((SellPiece(1, "T1", 10.0), SellPiece(2, "T1-W1", 30.0)), ()))
    assert (r.st, r.lt, r.disallowed) == (pytest.approx(-270.0), 0.0, 0.0)
    # ... and read without the past wash it would be a $0 result: the optimum would see nothing to harvest
    assert plan_tax(situation(h), r.st, r.lt) < 0.0


def test_the_rest_of_the_purchase_does_not_wash_its_washed_piece():
    """T1-W1 sold first, T1's other 10 shares kept: they were bought in the same purchase (2026-11-20),
    so they are not its replacement (reading 2: the sold lot's own purchase never replaces it): the
    whole -$270 counts (seed 3 --past-sales had washed L037-W1's $578.55 into L037 this way)."""
    h = _into_taxable()
    r = realize(h, RefPlan((SellPiece(1, "T1-W1", 30.0),), ()))
    assert (r.st, r.lt, r.disallowed) == (pytest.approx(-270.0), 0.0, 0.0)


def test_the_optimum_harvests_the_deferred_loss():
    # Settings' $5,000 short-term gain so far: harvesting the deferred $270 (selling all 40 VEA, the
    # plain shares first) is worth $270 at the marginal rate; the bands (0-100%) allow it
    h = _into_taxable()
    opt = solve(h)
    sit = situation(h)
    assert opt.status == "optimal"
    assert opt.tax == pytest.approx(plan_tax(sit, -270.0, 0.0), abs=0.01)
    assert opt.achieved_tax == pytest.approx(opt.tax, abs=0.01)


def _tiny(seed: int, taxable_replacement: bool = False) -> Household:
    """X and XB are one identity (group G). X was sold at a loss 4-20 days ago in the taxable account;
    sometimes the IRA bought XB after it (those shares replaced part of that loss already);
    ``taxable_replacement``: the taxable account bought X two days after it too (lot T2). The taxable
    account may buy X (washing what is open) or Y; the IRA buys B or XB."""
    rng = random.Random(seed)
    secs = (Security("X", "Stocks", 100.0, identical_group="G"), Security("XB", "Stocks", 100.0, identical_group="G"),
            Security("Y", "Stocks", 100.0), Security("B", "Bonds", 100.0))
    sold_on = AS_OF - timedelta(days=rng.randint(4, 20))
    sold = rng.randint(1, 3)
    txs = [Transaction(sold_on, "Taxable", "X", Action.SELL, sold, 100.0, lot_id="T0",
                       acquired=AS_OF - timedelta(days=rng.choice((200, 900))),
                       basis=sold * rng.choice((120.0, 150.0)))]
    lots = [Lot("T1", "Taxable", "Y", AS_OF - timedelta(days=rng.choice((100, 1200))), rng.randint(1, 2),
                rng.choice((60.0, 140.0)) * 2),
            Lot("I1", "IRA", "B", date(2019, 1, 1), rng.randint(1, 2), None)]
    if rng.random() < 0.6:
        lots.append(Lot("R1", "IRA", "XB", sold_on + timedelta(days=1), rng.randint(1, 2), None))
    if taxable_replacement:  # bought after the sale in the taxable account at $95: the loss moves into it
        q = rng.randint(1, 2)
        lots.append(Lot("T2", "Taxable", "X", sold_on + timedelta(days=2), q, 95.0 * q))
    return Household(
        accounts=(Account("Taxable", "Taxable", cash=rng.choice((100.0, 200.0))), Account("IRA", "Traditional IRA")),
        securities=secs, lots=tuple(lots), transactions=tuple(txs),
        targets=(Target("Stocks", 0.5, band=rng.choice((0.05, 0.1))), Target("Bonds", 0.5, band=0.1)),
        settings=_settings(realized_st_ytd=rng.choice((5_000.0, -2_000.0))),
        menus={"Taxable": frozenset({"X", "Y"}), "IRA": frozenset({"B", "XB"})})


@pytest.mark.parametrize("seed", range(8))
def test_optimum_with_a_past_loss_sale_equals_brute_force(seed):
    h = _tiny(seed)
    expected = _brute_force(h)
    opt = solve(h, waits=False)  # today's trades, what the brute force enumerates (dated sales: test_planref_optimum)
    if expected == float("inf"):
        assert opt.status == "infeasible"
        return
    assert opt.status == "optimal"
    assert opt.tax == pytest.approx(expected, abs=0.01)
    assert opt.achieved_tax == pytest.approx(expected, abs=0.01)


@pytest.mark.parametrize("seed", range(8))
def test_optimum_with_a_past_loss_washed_into_a_taxable_lot_equals_brute_force(seed):
    h = _tiny(seed, taxable_replacement=True)
    expected = _brute_force(h)
    opt = solve(h, waits=False)  # today's trades, what the brute force enumerates
    if expected == float("inf"):
        assert opt.status == "infeasible"
        return
    assert opt.status == "optimal"
    assert opt.tax == pytest.approx(expected, abs=0.01)
    assert opt.achieved_tax == pytest.approx(expected, abs=0.01)


def test_most_of_those_households_have_a_past_loss_in_t2s_basis():
    # the IRA's XB, bought first, takes the whole past sale in the others
    washed = [seed for seed in range(8) if any(p.wash_adjustment > 0 for p in ref_lots(_tiny(seed, True)))]
    assert len(washed) >= 6


def test_the_base_year_counts_the_loss_already_disallowed():
    # 40 of the 100 loss shares were matched before As Of: $360 more short-term result than Settings
    h = _vea()
    assert plan_tax(situation(h), 0.0, 0.0) == 0.0
    assert Situation.from_settings(h.settings).ytd_st + 360.0 == pytest.approx(situation(h).ytd_st)
