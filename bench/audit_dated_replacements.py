"""Which of the reference's dated loss sales have no replacement that day that keeps its own losses.

``python bench/audit_dated_replacements.py SEED [SEED ...] [--time-limit T]``

:mod:`planref.waits` lets the optimum sell a Taxable loss lot on a later day ``d`` of the tax year and
counts it as moving no value today, because "that day its proceeds buy a fund of the same class that
is not substantially identical". A purchase of identity g on ``d`` washes every loss sale of g made
within 30 days before or after ``d`` (IRC §1091(a); Treas. Reg. §1.1091-1(a)). Until 2026-12-04 the
reference checked only that the account may buy such a fund, and on seeds 2, 4, 6 and 11 dated sales
whose every candidate replacement was a fund it sold at a loss within 30 days. Since then its rows
require a replacement that washes none of its losses (one binary per candidate), and its plan carries
that purchase as a dated buy the wash check prices; this audit, which reads only the laid-out plan,
is the cross-check: it should list none.

For each seed this prints the optimum's dated sales whose every candidate replacement (same class,
another identity, on the account's menu) is an identity the same plan sells at a loss within 30 days
of ``d``, then the optimum's plan with such sales left out, one at a time (the smallest loss first,
then checked again: leaving one out can free another's replacement), re-priced by
:mod:`planref.wash_check` and :mod:`planref.tax_rules`, and the product's share against it. That plan
keeps today's trades, so it is within the bands; it is a plan the reference could make, not its best
one (a better one may change today's trades), so the share against it is an upper estimate.

Worked example (seed 6, As Of 2026-11-25, the reference before 2026-12-04; REIT holds RE0, RE1A/RE1B
(one Identical Group) and RE2): the optimum sold RE0 and RE2 lots today and dated RE1B lots L032, L033,
L036 to 2026-12-22, whose replacement that day could only be RE0 or RE2, each sold at a loss on
2026-11-25, 27 days earlier: either purchase washes those losses.
"""

from __future__ import annotations

import argparse
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "src"))

from planref.history import situation
from planref.households import generate
from planref.naive import naive_plan
from planref.optimum import solve
from planref.plans import RefPlan, SellPiece
from planref.product import product_plan
from planref.tax_rules import plan_tax
from planref.wash_check import WINDOW_DAYS, realize


def _audit(seed: int, time_limit: float) -> str:
    h = generate(seed)
    sit = situation(h)
    lots = {lot.lot_id: lot for lot in h.lots}
    secs = {s.symbol: s for s in h.securities}
    taxable = {a.name: a.is_taxable for a in h.accounts}

    def gain(p: SellPiece) -> float:
        lot = lots[p.lot_id]
        return (secs[lot.symbol].price - (lot.basis or 0.0) / lot.quantity) * p.quantity

    def unreplaceable(sells: list[SellPiece]) -> list[SellPiece]:
        losses = [(secs[lots[p.lot_id].symbol].identity, p.on or h.as_of) for p in sells
                  if taxable[lots[p.lot_id].account] and gain(p) < 0]
        out = []
        for p in sells:
            if p.on is None:
                continue
            own = secs[lots[p.lot_id].symbol]
            clean = [s for s in h.securities if s.asset_class == own.asset_class and s.identity != own.identity
                     and h.may_buy(lots[p.lot_id].account, s.symbol)
                     and not any(g == s.identity and abs((d - p.on).days) <= WINDOW_DAYS for g, d in losses)]
            if not clean:
                out.append(p)
        return out

    opt = solve(h, time_limit=time_limit)
    if opt.plan is None:
        return f"seed {seed}: reference {opt.status}, no plan"
    sells = list(opt.plan.sells)
    dropped: list[SellPiece] = []
    while bad := unreplaceable(sells):
        worst = max(bad, key=gain)  # the smallest loss first
        dropped.append(worst)
        sells = [p for p in sells if p is not worst]
    nr = realize(h, naive_plan(h))
    naive = plan_tax(sit, nr.st, nr.lt)
    rb = realize(h, opt.plan)
    best = plan_tax(sit, rb.st, rb.lt)
    rk = realize(h, RefPlan(tuple(sells), opt.plan.buys))
    kept = plan_tax(sit, rk.st, rk.lt)
    prod = product_plan(h)
    if prod.plan is None:
        return f"seed {seed}: product {prod.error}"
    rp = realize(h, prod.plan)
    plan = plan_tax(sit, rp.st, rp.lt)

    def share(b: float) -> str:
        return f"{(naive - plan) / (naive - b):.3f}" if naive - b > 1.0 else "-"

    names = ", ".join(f"{p.lot_id} {lots[p.lot_id].symbol} {p.on}" for p in dropped)
    return (f"seed {seed}: naive {naive:,.0f}, plan {plan:,.0f} (ST/LT {rp.st:,.0f}/{rp.lt:,.0f}), reference "
            f"{best:,.0f} (ST/LT {rb.st:,.0f}/{rb.lt:,.0f}; {opt.status}): share {share(best)}; its "
            f"{len(dropped)} dated sale(s) with no clean replacement ({names or 'none'}; "
            f"loss {sum(gain(p) for p in dropped):,.0f}) left out: {kept:,.0f} (ST/LT {rk.st:,.0f}/{rk.lt:,.0f}), "
            f"share {share(kept)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("seeds", type=int, nargs="+")
    ap.add_argument("--time-limit", type=float, default=90.0, help="seconds per reference MILP (wall)")
    args = ap.parse_args(argv)
    for seed in args.seeds:
        print(_audit(seed, args.time_limit), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
