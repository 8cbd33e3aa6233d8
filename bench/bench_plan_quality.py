"""How much of the avoidable tax the rebalancer's plan avoids, against an independent optimum.

``python bench/bench_plan_quality.py [--households N] [--seed S] [--time-limit T] [--large-path] [--huge-path] [-v]``

For each household of :mod:`planref.households` (seeds S ... S+N-1; ``--past-sales``: each with loss
sales made in the 30 days before As Of, :mod:`planref.history`):

* ``best``  - the least tax of any plan within the bands (:mod:`planref.optimum`: its own MILP over
  all lots, wash sales charged not forbidden; the MILP's proven lower bound) that keeps the product's
  wash-sale contract: it never buys an identity it sells at a loss (README "Wash sales"); it may date
  a loss sale later this tax year once a wash-sale window has cleared (:mod:`planref.waits`; the
  product's "Sales to wait for" are scored the same way; ``--no-waits``: today's trades only). With
  ``--buy-back`` the optimum without that rule is printed too (``buy-back``: a plan that harvests and
  buys the same identity back, deferring the washed part into the purchase), with the share against it;
* ``naive`` - the spreadsheet plan (:mod:`planref.naive`: overweight sold FIFO, underweight bought);
* ``plan``  - the product's plan (``plan_rebalance``), re-priced lot by lot by :mod:`planref.wash_check`
  and :mod:`planref.tax_rules`, not taken from its own report;
* ``share`` = (naive - plan) / (naive - best): 1 = every avoidable dollar avoided, 0 = no better than
  the spreadsheet, < 0 worse. Shown when naive - best > $1.

Also per household: whether the product's plan is within every band (our arithmetic,
:mod:`planref.plans`), whether it keeps the contract (cash silos, menus, whole shares, min trade),
the wash-sale loss it defers past this year or loses (``washed $``: disallowed and not realized
again by a later sale of the replacement in the same plan), and whether its reported tax agrees with the re-pricing
(sales matched in step order: a replacement sold in an earlier step is gone, Reg. §1.1091-1; when the report instead
equals its sales matched in acquisition order, as if same-day steps had no order, the note says so). Tax is this
year's federal + state increase (loss carried forward and deferred wash losses count $0, as in the
product's own figure). Nothing here imports the rebalancer's model; see bench/planref/__init__.py.
"""

from __future__ import annotations

import argparse
import pathlib
import statistics
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "src"))

from planref.history import history, situation
from planref.households import generate
from planref.naive import naive_plan
from planref.optimum import solve
from planref.plans import RefPlan, SellPiece, apply_plan, band_breaches
from planref.product import product_plan
from planref.tax_rules import plan_tax
from planref.wash_check import realize


def score_household(seed: int, time_limit: float, buy_back: bool = False, past_sales: bool = False,
                    waits: bool = True) -> dict:
    h = generate(seed, past_sales=past_sales)
    sit = situation(h)  # Settings plus the loss past sales' matches already disallowed (planref.history)
    row: dict = {"seed": seed, "lots": len(h.lots), "recent": len(h.transactions)}
    past = history(h)
    row["past_open"] = sum(o.shares * o.loss_per_share for o in past.open)
    t0 = time.perf_counter()
    opt = solve(h, time_limit=time_limit, waits=waits)
    row["opt_secs"] = time.perf_counter() - t0
    row["opt_status"] = opt.status
    row["best"] = opt.tax
    row["best_achieved"] = opt.achieved_tax
    row["opt_problems"] = opt.problems
    if buy_back:
        free = solve(h, time_limit=time_limit, buy_back=True)
        row["buy_back"] = free.tax if free.status == "optimal" else None
    best_r = realize(h, opt.plan) if opt.plan is not None else None
    row["best_washed"] = best_r.washed_beyond_this_year if best_r else None
    row["best_dated"] = [p for p in opt.plan.sells if p.on is not None] if opt.plan is not None else []
    row["best_st_lt"] = (best_r.st, best_r.lt) if best_r else None
    nv = naive_plan(h)
    nr = realize(h, nv)
    row["naive"] = plan_tax(sit, nr.st, nr.lt)
    t0 = time.perf_counter()
    prod = product_plan(h)
    row["plan_secs"] = time.perf_counter() - t0
    row["error"] = prod.error
    if prod.plan is None:
        return row
    r = realize(h, prod.plan)
    row["plan"] = plan_tax(sit, r.st, r.lt)
    row["reported"] = prod.reported_tax
    row["disallowed"] = r.washed_beyond_this_year
    row["plan_st_lt"] = (r.st, r.lt)
    # the product reports the tax of today's trades (its dated sales' tax is on top of it): compared with
    # today's trades re-priced, and with the same sales matched as if their same-day order were unknown
    # (acquisition order, one step)
    today = RefPlan(tuple(p for p in prod.plan.sells if p.on is None), prod.plan.buys)
    rt = realize(h, today)
    row["plan_today"] = plan_tax(sit, rt.st, rt.lt)
    row["dated"] = [p for p in prod.plan.sells if p.on is not None]
    one_step = RefPlan(tuple(SellPiece(1, p.lot_id, p.quantity) for p in today.sells), prod.plan.buys)
    r1 = realize(h, one_step)
    row["plan_one_step"] = plan_tax(sit, r1.st, r1.lt)
    out = apply_plan(h, prod.plan)
    row["breaches"] = band_breaches(h, out.values, out.total)
    row["problems"] = out.problems + prod.problems
    st_room = max(0.0, sit.st_carryover - sit.ytd_st)  # the year's net short-term loss so far
    if r.st > st_room + 1.0 and not h.settings.allow_short_term_gains:
        lots = ", ".join(sorted(set(r.short_term_gains)))
        row["problems"] += (f"net short-term gain {r.st:,.0f} beyond the year's net short-term loss "
                            f"{st_room:,.0f} (lots {lots}; Allow Short-Term Gains is N)",)
    if abs(r.st - prod.reported_st) > 1.0 or abs(r.lt - prod.reported_lt) > 1.0:
        said, checked = f"{prod.reported_st:,.0f}/{prod.reported_lt:,.0f}", f"{r.st:,.0f}/{r.lt:,.0f}"
        row["problems"] += (f"reports ST/LT {said}, wash-checked {checked}",)
    row["status"] = prod.status
    if opt.tax is not None and row["naive"] - opt.tax > 1.0:
        row["share"] = (row["naive"] - row["plan"]) / (row["naive"] - opt.tax)
    if row.get("buy_back") is not None and row["naive"] - row["buy_back"] > 1.0:
        row["share_buy_back"] = (row["naive"] - row["plan"]) / (row["naive"] - row["buy_back"])
    return row


def _money(x) -> str:
    return f"{x:>12,.0f}" if isinstance(x, (int, float)) else f"{'-':>12}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--households", type=int, default=16)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--time-limit", type=float, default=90.0, help="seconds per reference MILP (wall)")
    ap.add_argument("--buy-back", action="store_true",
                    help="also solve the optimum that may buy back an identity it harvests (not the contract)")
    ap.add_argument("--past-sales", action="store_true",
                    help="each household with loss sales in the 30 days before As Of (planref.households)")
    ap.add_argument("--no-waits", action="store_true",
                    help="the reference makes today's trades only, no loss sale dated later this year "
                         "(planref/waits.py; the reference before 2026-12-04)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every problem found")
    ap.add_argument("--large-path", action="store_true",
                    help="solve every plan the way a 100,000-lot household's is solved: the large-model "
                         "path (LP relaxation, then the restricted MILP) and stage B next to its relaxation "
                         "(engine/rebalance/near_relaxation.py), so the heuristic is scored where the "
                         "reference can be proven")
    ap.add_argument("--huge-path", action="store_true",
                    help="--large-path, and every plan solved as a household above tuning.HUGE_MODEL_LOTS "
                         "taxable lot columns is (engine/rebalance/huge_plan.py: at most two whole solves, "
                         "the restriction's wash binaries fixed by dollars, the tie-break stages as polished "
                         "starts; no CPU budget: these models have no clock)")
    args = ap.parse_args(argv)
    if args.huge_path:
        from taxrebal.engine.rebalance import huge_plan, solver, stages

        args.large_path = True
        for module in (huge_plan, solver, stages):
            module.HUGE_MODEL_LOTS = 0  # type: ignore[attr-defined]
    if args.large_path:
        from taxrebal.engine.rebalance import solver

        solver.EXACT_INTEGER_LIMIT = 0  # every model above 0 integer decisions takes the large path
        solver.NEAR_RELAXATION_COLUMNS = 0  # and stage B starts next to its relaxation
    rows = []
    print(f"{'seed':>4} {'lots':>4} {'naive':>12} {'plan':>12} {'best':>12} {'share':>6} {'bands':>5} "
          f"{'washed $':>9} {'ref':>8} {'secs':>5}  notes")
    for seed in range(args.seed, args.seed + args.households):
        try:
            row = score_household(seed, args.time_limit, args.buy_back, args.past_sales, not args.no_waits)
        except NotImplementedError as e:
            print(f"{seed:>4} skipped: {e}")
            continue
        rows.append(row)
        notes = []
        if row["error"]:
            notes.append(row["error"][:110])
        if row.get("breaches"):
            notes.append("outside: " + "; ".join(row["breaches"]))
        if row.get("problems"):
            notes.append(f"{len(row['problems'])} contract problem(s)"
                         + (": " + "; ".join(row["problems"]) if args.verbose else ""))
        if "plan" in row and abs(row["plan_today"] - row["reported"]) > 1.0:
            why = (" = its sales matched in acquisition order, not step order"
                   if abs(row["plan_one_step"] - row["reported"]) <= 1.0 else "")
            notes.append(f"reports tax {row['reported']:,.0f}{why}" + (" (today's trades)" if row["dated"] else ""))
        if row["opt_status"] != "optimal":
            notes.append(f"reference {row['opt_status']}")
        best, achieved = row["best"], row["best_achieved"]
        if best is not None and achieved is not None and abs(achieved - best) > 1.0:
            notes.append(f"reference plan achieves {row['best_achieved']:,.0f}"
                         + (" (below its bound: planref/__init__.py, known limits)"
                            if achieved < best else ""))
        if args.verbose and row.get("plan_st_lt") and row["best_st_lt"]:
            (ps, pl), (bs, bl) = row["plan_st_lt"], row["best_st_lt"]
            notes.append(f"plan ST/LT {ps:,.0f}/{pl:,.0f} vs reference {bs:,.0f}/{bl:,.0f}")
        if row.get("buy_back") is not None and row["buy_back"] < (row["best"] or 0.0) - 1.0:
            notes.append(f"buy-back optimum {row['buy_back']:,.0f} (share {row.get('share_buy_back', 0.0):.3f})")
        if row.get("dated"):
            notes.append("dates " + ", ".join(f"{p.lot_id} to {p.on.isoformat()}" for p in row["dated"]))
        if row.get("best_dated"):
            notes.append("reference dates " + ", ".join(f"{p.lot_id} to {p.on.isoformat()}" for p in row["best_dated"]))
        if row["past_open"]:
            notes.append(f"past loss sales open {row['past_open']:,.0f}")
        if row["best_washed"]:
            notes.append(f"reference washes {row['best_washed']:,.0f}")
        share = f"{row['share']:>6.3f}" if "share" in row else f"{'-':>6}"
        bands = ("-" if "plan" not in row else "ok" if not row["breaches"] else "OUT")
        print(f"{seed:>4} {row['lots']:>4} {_money(row['naive'])} {_money(row.get('plan'))} {_money(row['best'])} "
              f"{share} {bands:>5} {_money(row.get('disallowed'))[3:]} {row['opt_status'][:8]:>8} "
              f"{row['opt_secs'] + row['plan_secs']:>5.1f}  {' | '.join(notes)}")
    shares = [r["share"] for r in rows if "share" in r]
    planned = [r for r in rows if "plan" in r]
    print()
    print(f"households {len(rows)}; product plans {len(planned)}; failures "
          f"{sum(1 for r in rows if r['error'])} "
          f"({sum(1 for r in rows if 'reaches every band' in r['error'])} 'No rebalancing plan reaches every band')")
    if shares:
        print(f"share of avoidable tax avoided: min {min(shares):.3f}, median {statistics.median(shares):.3f}, "
              f"mean {statistics.fmean(shares):.3f}; >= 0.99: {sum(s >= 0.99 for s in shares)}/{len(shares)}")
    print(f"within bands: {sum(1 for r in planned if not r['breaches'])}/{len(planned)} plans; "
          f"contract problems in {sum(1 for r in planned if r['problems'])}; "
          f"reference not proven optimal: {sum(1 for r in rows if r['opt_status'] != 'optimal')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
