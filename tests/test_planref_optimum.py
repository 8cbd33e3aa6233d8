"""The benchmark's reference optimum (bench/planref/optimum.py) equals brute force on tiny households.

Brute force knows nothing of the MILP: it enumerates every whole-share quantity of every lot and every
allowed buy, keeps the plans the contract allows (cash silos, menus, Min Trade: planref.plans; no
short-term gain realized unless allowed) that end within every band, tries every order of the sell steps (which decides
what a wash sale matches), prices each with the wash-sale check and the scalar tax function, and takes the least tax.
Each tiny household has one lot per position, so per-lot whole shares are exactly per-order whole shares.
"""

from __future__ import annotations

import itertools
import random
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from planref.optimum import solve
from planref.plans import BuyOrder, RefPlan, SellPiece, apply_plan, band_breaches
from planref.tax_rules import Situation, plan_tax
from planref.wash_check import realize

from taxrebal.engine.records import (
    Account,
    FilingStatus,
    Household,
    Lot,
    Security,
    Settings,
    Target,
)

AS_OF = date(2026, 11, 25)


def _may_wait(h: Household, lot: Lot) -> bool:
    """A lot the reference may sell on a later day (planref.waits): a Taxable loss lot not bought in the
    30 days before As Of whose account may buy another fund of its class that is not substantially
    identical (in these households at most one lot: T1 when the Taxable menu has Y, T2 when it has X)."""
    sec = {s.symbol: s for s in h.securities}
    window = [x for x in h.lots if x.acquired is not None and AS_OF - timedelta(days=30) <= x.acquired <= AS_OF]
    return (lot.account == "Taxable" and lot.basis / lot.quantity > sec[lot.symbol].price and lot not in window
            and bool(_replacements(h, lot)))


def _replacements(h: Household, lot: Lot) -> list[str]:
    """The funds a dated sale of ``lot`` may buy that day to stay in its class: another identity, on the
    account's menu."""
    sec = {s.symbol: s for s in h.securities}
    own = sec[lot.symbol]
    return [s.symbol for s in h.securities if s.asset_class == own.asset_class and s.identity != own.identity
            and h.may_buy(lot.account, s.symbol)]


def _trading_days() -> list[date]:
    """The days after As Of through 2026-12-31 the NYSE is open: weekdays but Thanksgiving (Thursday
    2026-11-26) and Christmas (Friday 2026-12-25), from its published 2026 calendar."""
    days = [AS_OF + timedelta(days=k) for k in range(1, (date(2026, 12, 31) - AS_OF).days + 1)]
    return [d for d in days if d.weekday() < 5 and d not in (date(2026, 11, 26), date(2026, 12, 25))]


def brute_force(h: Household, buy_back: bool = False) -> float:
    """``buy_back`` False: the product's contract, no purchase today of an identity sold at a loss in a
    Taxable account by the same plan today, or on a later day within 30 days (IRC §1091(a); a sale 31
    or more days later is not washed by it). Besides today's steps, the shares of a lot that may wait
    (:func:`_may_wait`) left unsold today may be sold on any later trading day of the year (through
    Thursday 2026-12-31), their proceeds buying a fund of their class that day (:func:`_replacements`),
    priced by the wash check on that day; a plan whose dated purchase washes one of its own losses is
    not one the reference makes (its dated sales keep every loss they do not sell); one day for every
    dated sale of a plan (at most one lot may wait in these households)."""
    sit = Situation.from_settings(h.settings)
    price = {s.symbol: s.price for s in h.securities}
    identity = {s.symbol: s.identity for s in h.securities}
    taxable = {a.name for a in h.accounts if a.is_taxable}
    buy_options = [(a.name, s.symbol) for a in h.accounts for s in h.securities if h.may_buy(a.name, s.symbol)]
    spendable = {a.name: a.cash + a.contribution
                 + sum(x.quantity * price[x.symbol] for x in h.lots if x.account == a.name)
                 for a in h.accounts}
    days = _trading_days()
    best = float("inf")
    sell_ranges = [range(int(x.quantity) + 1) for x in h.lots]
    buy_ranges = [range(int(spendable[a] // price[s]) + 1) for a, s in buy_options]
    for sells in itertools.product(*sell_ranges):
        waits = [[(x.lot_id, float(w)) for w in range(1, int(x.quantity) - q + 1)] + [None]
                 for x, q in zip(h.lots, sells) if _may_wait(h, x)]
        for buys in itertools.product(*buy_ranges):
            sold = [(x.lot_id, q) for x, q in zip(h.lots, sells) if q]
            bought = tuple(BuyOrder(100 + k, a, s, float(q)) for k, ((a, s),
                                                                     q) in enumerate(zip(buy_options, buys)) if q)
            flat = RefPlan(tuple(SellPiece(k, i, float(q)) for k, (i, q) in enumerate(sold)), bought)
            harvested = {identity[x.symbol] for x, q in zip(h.lots, sells)
                         if q and x.account in taxable and x.basis / x.quantity > price[x.symbol]}
            lots = {x.lot_id: x for x in h.lots}
            if not buy_back and harvested & {identity[b.symbol] for b in bought}:
                continue
            out = apply_plan(h, flat)
            if out.problems or band_breaches(h, out.values, out.total, tol=1e-12):
                continue
            for dated in itertools.product(*waits):
                later = [d for d in dated if d is not None]
                for day in days if later else [None]:
                    if (not buy_back and day is not None and (day - AS_OF).days <= 30
                            and {identity[lots[i].symbol] for i, _ in later} & {identity[b.symbol] for b in bought}):
                        continue
                    for fund in (_replacements(h, lots[later[0][0]]) if later else [None]):
                        tail = tuple(SellPiece(50, i, q, on=day) for i, q in later)
                        dated_buys = tuple(BuyOrder(50, lots[i].account, fund, q * price[lots[i].symbol] / price[fund],
                                                    on=day) for i, q in later if fund is not None)
                        for order in itertools.permutations(sold):
                            plan = RefPlan(tuple(SellPiece(k, i, float(q)) for k, (i, q) in enumerate(order)) + tail,
                                           bought + dated_buys)
                            if apply_plan(h, plan).problems:
                                continue
                            r = realize(h, plan)
                            if r.short_term_gains and not h.settings.allow_short_term_gains:
                                continue
                            if any(m.replacement.startswith("buy:50:") for m in r.matches):
                                continue  # its dated purchase washes one of its own losses
                            best = min(best, plan_tax(sit, r.st, r.lt))
    return best


def _settings(**kw) -> Settings:
    base = dict(as_of=AS_OF, filing_status=FilingStatus.MARRIED_JOINT, ordinary_income=260_000.0,
                realized_lt_ytd=40_000.0, realized_st_ytd=5_000.0, state_tax_rate=0.05, whole_shares=True,
                min_trade=0.0, allow_short_term_gains=True)
    base.update(kw)
    return Settings(**base)


def test_worked_example_sells_the_hsa_purchase_first_instead_of_washing_the_loss():
    """A Taxable loss lot of X (4 shares at $1,000, basis $5,000) and 1 share of X bought 5 days ago
    in the HSA, which also holds Y and bonds; stocks are 32 points over a 25% target. Keeping the HSA
    share washes a quarter ($250) of the $1,000 loss; selling it too (tax-free) keeps all of it."""
    h = Household(
        accounts=(Account("Taxable", "Taxable"), Account("HSA", "HSA")),
        securities=(Security("X", "Stocks", 1_000.0), Security("Y", "Stocks", 1_000.0),
                    Security("B", "Bonds", 1_000.0)),
        lots=(Lot("L1", "Taxable", "X", date(2022, 1, 5), 4, 5_000.0),
              Lot("L2", "HSA", "X", AS_OF - timedelta(days=5), 1, None),
              Lot("L3", "HSA", "Y", date(2020, 1, 1), 3, None),
              Lot("L4", "HSA", "B", date(2020, 1, 1), 6, None)),
        targets=(Target("Stocks", 0.25, band=0.05), Target("Bonds", 0.75, band=0.05)),
        settings=_settings(), menus={"Taxable": frozenset({"B"}), "HSA": frozenset({"B"})})
    opt = solve(h)
    assert opt.status == "optimal"
    sold = {p.lot_id: p.quantity for p in opt.plan.sells}
    assert sold.get("L2") == pytest.approx(1) and sold.get("L1") == pytest.approx(4)
    assert realize(h, opt.plan).disallowed == 0.0
    assert opt.tax == pytest.approx(brute_force(h), abs=0.01)
    assert opt.tax == pytest.approx(plan_tax(Situation.from_settings(h.settings), 0.0, -1_000.0), abs=0.01)


def _tiny(seed: int) -> Household:
    rng = random.Random(seed)
    secs = (Security("X", "Stocks", 100.0, identical_group="G"), Security("XB", "Stocks", 100.0, identical_group="G"),
            Security("Y", "Stocks", 100.0), Security("B", "Bonds", 100.0))
    lots = [Lot("T1", "Taxable", "X", AS_OF - timedelta(days=rng.choice((200, 900))), rng.randint(1, 3),
                rng.choice((130.0, 160.0, 70.0)) * 3)]
    lots[0] = Lot("T1", "Taxable", "X", lots[0].acquired, lots[0].quantity, lots[0].basis / 3 * lots[0].quantity)
    lots.append(Lot("T2", "Taxable", "Y", AS_OF - timedelta(days=rng.choice((100, 1200))), rng.randint(1, 3),
                    rng.choice((60.0, 140.0)) * 2))
    recent_in = rng.choice(("IRA", "Taxable"))
    lots.append(Lot("R1", recent_in, "XB", AS_OF - timedelta(days=rng.randint(1, 29)), rng.randint(1, 2),
                    rng.choice((95.0, 100.0)) if recent_in == "Taxable" else None))
    lots.append(Lot("I1", "IRA", "B", date(2019, 1, 1), rng.randint(0, 2) or 1, None))
    h = Household(
        accounts=(Account("Taxable", "Taxable", cash=rng.choice((0.0, 50.0))), Account("IRA", "Traditional IRA")),
        securities=secs, lots=tuple(lots),
        targets=(Target("Stocks", 0.5, band=rng.choice((0.05, 0.1))), Target("Bonds", 0.5, band=0.1)),
        settings=_settings(allow_short_term_gains=rng.random() < 0.5, min_trade=rng.choice((0.0, 150.0)),
                           realized_lt_ytd=rng.choice((40_000.0, 0.0))),
        menus={"Taxable": frozenset({"B", rng.choice(("X", "Y"))}), "IRA": frozenset({"B", "XB"})})
    return h


@pytest.mark.parametrize("buy_back", (False, True))
@pytest.mark.parametrize("seed", range(8))
def test_optimum_equals_brute_force_on_tiny_households(seed, buy_back):
    h = _tiny(seed)
    expected = brute_force(h, buy_back)
    opt = solve(h, buy_back=buy_back)
    if expected == float("inf"):
        assert opt.status == "infeasible"
        return
    assert opt.status == "optimal"
    assert opt.tax == pytest.approx(expected, abs=0.01)
    assert opt.achieved_tax == pytest.approx(expected, abs=0.01)  # its own plan, priced independently
    assert not apply_plan(h, opt.plan).problems


@pytest.mark.parametrize("seed", range(8))
def test_the_contract_optimum_never_buys_an_identity_it_harvests_and_lifting_the_rule_never_costs_more(seed):
    h = _tiny(seed)
    kept, free = solve(h), solve(h, buy_back=True)
    if kept.status != "optimal":
        return
    identity = {s.symbol: s.identity for s in h.securities}
    lots = {x.lot_id: x for x in h.lots}
    price = {s.symbol: s.price for s in h.securities}
    # sold at a loss today or within 30 days of today (IRC §1091(a): a purchase today washes those, not a
    # sale 31 or more days later)
    harvested = {identity[lots[p.lot_id].symbol] for p in kept.plan.sells
                 if lots[p.lot_id].account == "Taxable" and (p.on is None or (p.on - AS_OF).days <= 30)
                 and lots[p.lot_id].basis / lots[p.lot_id].quantity > price[lots[p.lot_id].symbol]}
    assert not harvested & {identity[b.symbol] for b in kept.plan.buys if b.on is None}
    assert free.tax <= kept.tax + 0.01
