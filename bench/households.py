"""Generated households for the rebalancer's quality and speed benchmark (seeded, reproducible).

``generate(seed, accounts=..., securities=..., lots=...)`` builds a household with a mix of account
types (taxable, traditional IRA/401(k), Roth, HSA), asset classes with substantially-identical
groups and listed replacements, lots with long- and short-term gains and losses, a few recent
purchases and loss sales (so the wash-sale rule bites), some 401(k) menus, contributions, and a
largest class drift between 5 and 25 points. Nothing here depends on the rebalancer.
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
    Security,
    Settings,
    Target,
    Transaction,
)

AS_OF = date(2026, 11, 25)

CLASSES = ("US Stocks", "Intl Stocks", "Emerging Markets", "US Bonds", "REIT")
PREFIX = {"US Stocks": "USE", "Intl Stocks": "INT", "Emerging Markets": "EM", "US Bonds": "BD", "REIT": "RE"}
ACCOUNT_TYPES = ("Taxable", "Taxable", "Taxable", "Traditional IRA", "401(k)", "Roth IRA", "HSA")


def _securities(rng: random.Random, n: int) -> list[Security]:
    out = []
    per_class = max(1, n // len(CLASSES))
    i = 0
    for cls in CLASSES:
        members = []
        for k in range(per_class if cls != CLASSES[-1] else n - i):
            sym = f"{PREFIX[cls]}{k:02d}"
            group = f"{cls}-G{k // 2}"  # pairs of substantially identical funds (same index)
            members.append((sym, group))
            i += 1
        for sym, group in members:
            others = [m[0] for m in members if m[1] != group]
            rng.shuffle(others)
            out.append(Security(sym, cls, round(rng.uniform(20, 400), 2), identical_group=group,
                                replacements=tuple(others[:2]), drip=rng.random() < 0.05))
    return out[:n]


def _targets(rng: random.Random) -> list[Target]:
    w = [rng.uniform(0.5, 2.0) for _ in CLASSES]
    s = sum(w)
    t = [round(x / s, 4) for x in w]
    t[-1] = round(1.0 - sum(t[:-1]), 4)
    return [Target(c, x) for c, x in zip(CLASSES, t)]


def generate(seed: int, *, accounts: int = 4, securities: int = 15, lots: int = 120,
             drift: float | None = None, growth: float = 0.25) -> Household:
    """A seeded household; ``drift`` (fraction) is the largest class drift (random 5-25 points);
    ``growth`` is the mean log price growth of long-held lots (0.8: big embedded gains, few losses)."""
    rng = random.Random(seed)
    secs = _securities(rng, securities)
    targets = _targets(rng)
    accts = []
    for k in range(accounts):
        typ = ACCOUNT_TYPES[k % len(ACCOUNT_TYPES)] if k < len(ACCOUNT_TYPES) else rng.choice(ACCOUNT_TYPES)
        accts.append(Account(f"A{k:02d} {typ}", typ, cash=round(rng.choice([0, 0, 500, 2_000]), 2),
                             contribution=round(rng.choice([0, 0, 0, 1_000, 5_000]), 2)))
    # class weights of the holdings: targets pushed away by the wanted drift
    drift = drift if drift is not None else rng.uniform(0.07, 0.25)
    tw = [t.target for t in targets]
    over = rng.randrange(len(tw))
    weights = list(tw)
    weights[over] += drift
    rest = [i for i in range(len(tw)) if i != over]
    take = drift
    for i in rest:
        cut = min(weights[i] * 0.9, take * tw[i] / sum(tw[j] for j in rest))
        weights[i] -= cut
        take -= cut
    weights[over] -= take  # whatever could not be cut
    total_value = rng.uniform(2e5, 3e6)
    by_class = {c: [s for s in secs if s.asset_class == c] for c in CLASSES}
    # lots: split each class's value over random lots
    lots_out: list[Lot] = []
    per_class_lots = [max(1, int(lots * w)) for w in weights]
    n_made = 0
    for ci, cls in enumerate(CLASSES):
        value = total_value * weights[ci]
        n = per_class_lots[ci]
        shares = [rng.random() + 0.05 for _ in range(n)]
        ssum = sum(shares)
        for k in range(n):
            sec = rng.choice(by_class[cls])
            acct = rng.choice(accts)
            amount = value * shares[k] / ssum
            qty = round(amount / sec.price, 3)
            if qty <= 0:
                continue
            if rng.random() < 0.15:
                acquired = AS_OF - timedelta(days=rng.randint(40, 360))  # short-term
            else:
                acquired = AS_OF - timedelta(days=rng.randint(370, 3650))
            g = rng.lognormvariate(growth if acquired < AS_OF - timedelta(days=365) else 0.02, 0.3)
            basis = round(qty * sec.price / g, 2)
            n_made += 1
            lots_out.append(Lot(f"L{n_made}", acct.name, sec.symbol, acquired, qty,
                                basis if acct.is_taxable else None))
    # menus: 401(k)s list a few funds
    menus = {}
    for a in accts:
        if a.type == "401(k)":
            menus[a.name] = frozenset(rng.choice(by_class[c]).symbol for c in CLASSES)
    # recent history: a buy and a loss sale in the last 30 days
    txs = []
    taxable = [a for a in accts if a.is_taxable]
    if taxable:
        s1, s2 = rng.sample(secs, 2)
        txs.append(Transaction(AS_OF - timedelta(days=rng.randint(1, 29)), taxable[0].name, s1.symbol,
                               Action.SELL, 10.0, s1.price, lot_id="OLD1", acquired=AS_OF - timedelta(days=900),
                               basis=round(10 * s1.price * 1.3, 2)))
        txs.append(Transaction(AS_OF - timedelta(days=rng.randint(1, 29)), taxable[-1].name, s2.symbol,
                               Action.BUY, 5.0, s2.price))
    settings = Settings(
        as_of=AS_OF,
        filing_status=rng.choice([FilingStatus.SINGLE, FilingStatus.MARRIED_JOINT]),
        ordinary_income=round(rng.uniform(40_000, 450_000), 2),
        state_tax_rate=round(rng.choice([0.0, 0.05, 0.093]), 3),
        realized_lt_ytd=round(rng.choice([0.0, 0.0, 5_000.0, -8_000.0]), 2),
        min_trade=50.0,
    )
    return Household(accounts=tuple(accts), securities=tuple(secs), lots=tuple(lots_out),
                     transactions=tuple(txs), targets=tuple(targets), settings=settings, menus=menus)


def suite(n: int = 20, start: int = 1) -> list[Household]:
    """The quality benchmark: ``n`` small/medium households."""
    return [generate(seed) for seed in range(start, start + n)]
