"""Seeded households for the plan-quality benchmark: the situations where wash sales and harvesting matter.

``generate(seed)`` returns a :class:`taxrebal.engine.records.Household` (as of 2026-11-25, tax year
2026) with:

* mixed accounts: one or two Taxable, a Traditional IRA or a 401(k) (with a Menu), a Roth IRA, often
  an HSA; a little cash and sometimes a contribution;
* 4-5 asset classes, each with 2-3 *identities*: a single fund, or a pair of substantially identical
  funds sharing an Identical Group; Replacement lists name funds of *other* identities in the class;
  about a third of the funds have DRIP on;
* taxable lots bought over eight years with gains and losses, long- and short-term (whole shares);
* **recent purchases** (1-29 days before As Of) of identities that hold taxable loss lots, in
  taxable *and* tax-advantaged accounts, each with its Buy row on Transactions; **DRIP** funds have
  a fractional Reinvest lot and row in the last 30 days. Recent lots are bought at or below today's
  price (so none is itself a loss lot: planref.optimum relies on that and checks it);
* **realized gains this year** at least 25% above every loss the household could harvest (plus $25,000),
  so each harvested dollar saves tax at the household's rate this year;
* one class overweight by 8-20 points, held mostly in the taxable accounts, so the bands cannot be
  reached by tax-advantaged trades and cash alone: the plan must sell in taxable accounts;
* in about 30% of households that class is *under water*: every taxable lot of it at a loss and each
  of its identities bought again in the last 30 days somewhere in the household (the case where a
  rebalancer that freezes such lots finds no plan, although wash-aware plans exist).

Settings vary with the seed: filing status, income (NIIT applies to most), state rate, Whole Shares,
Min Trade (0, $50 or $100), Allow Short-Term Gains, Rebalance To. Nothing here imports the rebalancer.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from taxrebal.engine.records import (
    Account,
    Action,
    FilingStatus,
    Household,
    Lot,
    RebalanceTo,
    Security,
    Settings,
    Target,
    Transaction,
)

__all__ = ["AS_OF", "generate", "suite"]

AS_OF = date(2026, 11, 25)
_CLASSES = ("US Stocks", "Intl Stocks", "US Bonds", "REIT", "Emerging Markets")
_PREFIX = {"US Stocks": "US", "Intl Stocks": "IN", "US Bonds": "BD", "REIT": "RE", "Emerging Markets": "EM"}


def _securities(rng: random.Random, classes: list[str]) -> list[Security]:
    out: list[Security] = []
    for cls in classes:
        members: list[tuple[str, str]] = []  # (symbol, identical group or "")
        for k in range(rng.choice((2, 3, 3))):
            if rng.random() < 0.4:
                group = f"{_PREFIX[cls]}-IDX{k}"
                members += [(f"{_PREFIX[cls]}{k}A", group), (f"{_PREFIX[cls]}{k}B", group)]
            else:
                members.append((f"{_PREFIX[cls]}{k}", ""))
        for sym, group in members:
            others = [s for s, g in members if (g or s) != (group or sym)]
            rng.shuffle(others)
            out.append(Security(sym, cls, round(rng.uniform(20, 300), 2), name=f"{cls} fund {sym}",
                                identical_group=group, replacements=tuple(others[: rng.choice((1, 2))]),
                                drip=rng.random() < 0.33))
    return out


def _weights(rng: random.Random, n: int) -> list[float]:
    w = [rng.uniform(0.6, 1.6) for _ in range(n)]
    t = [round(x / sum(w), 2) for x in w]
    t[-1] = round(1.0 - sum(t[:-1]), 2)
    return t


def generate(seed: int, *, lots_per_class: int = 10, past_sales: bool = False) -> Household:
    """The household of ``seed``. ``past_sales``: the same household plus loss sales made in the 30
    days before As Of (:func:`_with_past_sales`)."""
    h = _generate(seed, lots_per_class)
    return _with_past_sales(seed, h) if past_sales else h


def _with_past_sales(seed: int, h: Household) -> Household:
    """Loss sales 5-28 days before As Of in the first Taxable account, of about half the identities held
    there: shares no longer held, sold 5-25% below their basis. Recent purchases then already replaced
    part of them (in a tax-advantaged account lost for good; in a Taxable one deferred into those
    shares' basis, planref.history); the rest is open, and a plan that buys the identity washes it.
    Realized YTD on Settings includes these losses (before any wash adjustment, as the product reads
    them). A separate random stream: the household itself is that of ``generate``."""
    from dataclasses import replace

    rng = random.Random(seed * 7919 + 17)
    secmap = {s.symbol: s for s in h.securities}
    taxable = [a.name for a in h.accounts if a.is_taxable]
    held = sorted({secmap[x.symbol].identity for x in h.lots if x.account in taxable})
    txs = list(h.transactions)
    st, lt = h.settings.realized_st_ytd or 0.0, h.settings.realized_lt_ytd or 0.0
    for ident in held:
        if rng.random() < 0.5:
            continue
        sold_on = AS_OF - timedelta(days=rng.randint(5, 28))
        sec = rng.choice([s for s in h.securities if s.identity == ident])
        qty = float(rng.randint(20, 200))
        price = round(sec.price * rng.uniform(0.95, 1.03), 2)
        basis = round(qty * price * rng.uniform(1.05, 1.25), 2)
        acquired = sold_on - timedelta(days=rng.choice((120, 300, 900)))
        txs.append(Transaction(sold_on, taxable[0], sec.symbol, Action.SELL, qty, price,
                               lot_id=f"P{len(txs):03d}", acquired=acquired, basis=basis))
        loss = basis - qty * price
        if (sold_on - acquired).days > 365:
            lt -= loss
        else:
            st -= loss
    settings = replace(h.settings, realized_st_ytd=round(st, 2), realized_lt_ytd=round(lt, 2))
    return replace(h, transactions=tuple(txs), settings=settings)


def _generate(seed: int, lots_per_class: int) -> Household:
    rng = random.Random(seed)
    classes = list(_CLASSES[: rng.choice((4, 5))])
    secs = _securities(rng, classes)
    by_class = {c: [s for s in secs if s.asset_class == c] for c in classes}
    targets = _weights(rng, len(classes))
    bands = [rng.choice((0.03, 0.04, 0.05)) for _ in classes]
    # accounts
    accounts = [Account("Brokerage", "Taxable", cash=round(rng.choice((0, 0, 1_000, 5_000)), 2))]
    if rng.random() < 0.4:
        accounts.append(Account("Joint Brokerage", "Taxable", cash=round(rng.choice((0, 2_000)), 2)))
    deferred = rng.choice(("Traditional IRA", "401(k)"))
    accounts.append(Account(f"My {deferred}", deferred, contribution=round(rng.choice((0, 0, 5_000)), 2)))
    accounts.append(Account("Roth IRA", "Roth IRA", cash=round(rng.choice((0, 500)), 2)))
    if rng.random() < 0.7:
        accounts.append(Account("HSA", "HSA", cash=round(rng.choice((0, 300)), 2)))
    taxable = [a for a in accounts if a.is_taxable]
    advantaged = [a for a in accounts if not a.is_taxable]
    # current class values: one class overweight by 8-20 points, mostly held in taxable accounts
    total = rng.uniform(4e5, 2.5e6)
    over = rng.randrange(len(classes))
    drift = min(rng.uniform(0.08, 0.20), 0.9 * (1.0 - targets[over]))
    shrink = (1.0 - targets[over] - drift) / (1.0 - targets[over])
    weights = [t * shrink if i != over else t + drift for i, t in enumerate(targets)]
    need = (drift - bands[over]) * total  # the least the overweight class must shed
    underwater = rng.random() < 0.3  # the overweight class sits on losses, each identity recently bought
    lots: list[Lot] = []
    txs: list[Transaction] = []
    used_dates: set[tuple[str, str, date]] = set()

    def add_lot(acct: Account, sec: Security, qty: float, acquired: date, unit_cost: float) -> None:
        lot_id = f"L{len(lots) + 1:03d}"
        lots.append(Lot(lot_id, acct.name, sec.symbol, acquired, qty, round(qty * unit_cost, 2)))

    for ci, cls in enumerate(classes):
        value = weights[ci] * total
        if ci == over:  # tax-advantaged accounts hold at most 40% of what must be shed
            adv_value = min(value * rng.uniform(0.0, 0.15), 0.4 * need)
        else:
            adv_value = value * rng.uniform(0.2, 0.6)
        for acct_group, amount in ((taxable, value - adv_value), (advantaged, adv_value)):
            n = max(1, int(lots_per_class * amount / value)) if value > 0 else 0
            for _ in range(n):
                acct, sec = rng.choice(acct_group), rng.choice(by_class[cls])
                qty = max(1.0, float(round(amount / n / sec.price)))
                age = int(rng.triangular(40, 2900, 500))
                # a class-level trend plus lot noise: some identities sit on losses
                growth = rng.lognormvariate(0.04 * age / 365 - 0.02, 0.22)
                if ci == over and underwater:
                    growth = min(growth, rng.uniform(0.7, 0.95))
                add_lot(acct, sec, qty, AS_OF - timedelta(days=age), sec.price / growth)
    # recent purchases of identities with taxable loss lots, in any account (each with its Buy row)
    secmap = {s.symbol: s for s in secs}
    loss_identities = sorted({secmap[x.symbol].identity for x in lots
                              if x.basis is not None and x.basis > x.quantity * secmap[x.symbol].price
                              and any(a.name == x.account for a in taxable)})
    for ident in loss_identities:
        in_over = any(x.identity == ident and x.asset_class == classes[over] for x in secs)
        if rng.random() < 0.55 or (underwater and in_over):
            sec = rng.choice([s for s in secs if s.identity == ident])
            acct = rng.choice(accounts)
            when = AS_OF - timedelta(days=rng.randint(1, 29))
            if (acct.name, sec.symbol, when) in used_dates:
                continue
            used_dates.add((acct.name, sec.symbol, when))
            qty, price = float(rng.randint(5, 80)), round(sec.price * rng.uniform(0.97, 1.0), 2)
            add_lot(acct, sec, qty, when, price)
            txs.append(Transaction(when, acct.name, sec.symbol, Action.BUY, qty, price))
    # DRIP: a reinvested dividend in the last 30 days wherever a DRIP fund is held
    held = sorted({(x.account, x.symbol) for x in lots})
    for acct_name, sym in held:
        sec = secmap[sym]
        if not sec.drip:
            continue
        when = AS_OF - timedelta(days=rng.randint(2, 28))
        if (acct_name, sym, when) in used_dates:
            continue
        used_dates.add((acct_name, sym, when))
        qty, price = round(rng.uniform(0.2, 4.0), 4), round(sec.price * rng.uniform(0.97, 1.0), 2)
        add_lot(next(a for a in accounts if a.name == acct_name), sec, qty, when, price)
        txs.append(Transaction(when, acct_name, sym, Action.REINVEST, qty, price))
    # menus: a 401(k) buys one or two funds per class
    menus = {}
    for a in accounts:
        if a.type == "401(k)":
            menus[a.name] = frozenset(s.symbol for c in classes for s in rng.sample(by_class[c],
                                                                                    min(2, len(by_class[c]))))
    # realized gains this year larger than every harvestable loss
    losses = sum(max(0.0, x.basis - x.quantity * secmap[x.symbol].price) for x in lots
                 if x.basis is not None and any(a.name == x.account for a in taxable))
    status = rng.choice((FilingStatus.MARRIED_JOINT, FilingStatus.SINGLE))
    income = round(rng.uniform(120_000, 650_000), 2)
    settings = Settings(
        as_of=AS_OF, filing_status=status, ordinary_income=income,
        qualified_dividends=round(rng.uniform(2_000, 25_000), 2),
        investment_income=round(min(income, rng.uniform(0, 20_000)), 2),
        realized_st_ytd=round(rng.uniform(5_000, 60_000), 2),
        realized_lt_ytd=round(losses * rng.uniform(1.25, 1.6) + 25_000, 2),
        state_tax_rate=rng.choice((0.0, 0.05, 0.093)),
        whole_shares=rng.random() < 0.5, min_trade=rng.choice((0.0, 50.0, 100.0)),
        allow_short_term_gains=rng.random() < 0.5,
        rebalance_to=rng.choice((RebalanceTo.TARGET, RebalanceTo.BAND_EDGE)),
    )
    return Household(
        accounts=tuple(accounts), securities=tuple(secs), lots=tuple(lots), transactions=tuple(txs),
        targets=tuple(Target(c, t, band=b) for c, t, b in zip(classes, targets, bands)),
        settings=settings, menus=menus)


def suite(n: int, seed: int = 1) -> list[tuple[int, Household]]:
    """``n`` households, seeds ``seed`` ... ``seed + n - 1``."""
    return [(s, generate(s)) for s in range(seed, seed + n)]
