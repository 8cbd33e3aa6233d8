"""The rebalancing plan of a 100,000-lot household, against an anchor measured in the same run.

``python bench/bench_plan_100k.py [--lots N] [--transactions N] [--seed S] [--target RATIO]``

The household is :func:`generate.generate_household` (bench/generate.py: 20 accounts, 500 securities,
100,000 lots, 20,000 recent transactions: many recent purchases, so the wash-sale exposure of the
plan's loss sales is large), wash-adjusted and reconciled with its realized gains as ``taxrebal run``
does (engine/wash.adjust_lots, engine/ledger.build_ledger), without the workbook round trip.

Anchor: the CPU seconds of one LP relaxation of the household's own rebalancing model (stage A's
least band breach with integrality and the wash-sale exclusivity dropped), the least an LP-based
rebalancer of this household spends, measured in the same process just before the plan, so a loaded
machine slows both alike. The plan (``plan_rebalance``, CPU seconds) must stay within ``--target``
times that anchor (default 40: at 5,000 lots the bench household's plan takes about 36 LP
relaxations). The plan runs in a child process whose CPU time is capped at the target (RLIMIT_CPU),
so a plan far over target ends the run instead of running for an hour.

After the plan (outside its CPU time): the pre-trade wash-sale check of the plan's own trades
(engine/pretrade.py, as ``taxrebal run`` runs it); a conflict the plan's Lot Sales do not price (a loss
sale washed that the plan did not choose and charge, or a buy of an identity it sells at a loss) is
a failure, and so is a step whose loss the check finds washed differs from what the plan's Lot Sales
disallow there (the plan priced its steps otherwise than they execute).

Exit status 0 within the target and wash-safe, 1 over it, with an unpriced or differently priced
conflict, or when the child fails.

Last measured 2026-12-04 (load 15-19 on 2 cores), after the models got smaller (buy_dominance.py,
lot_prefix.py): ``--lots 10000 --transactions 2000``: anchor 0.31 s, plan 3.1 s CPU = 10.0x (was
20-38 s = 60-149x), tax -$62,253.77 (the same as before), 255 conflicts, 0 unpriced, 0 priced at
another amount.
"""

from __future__ import annotations

import argparse
import pathlib
import resource
import signal
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))


def _child(args: argparse.Namespace) -> None:
    from dataclasses import replace

    from generate import generate_household

    from taxrebal.engine.ledger import build_ledger
    from taxrebal.engine.rebalance import HouseholdModels, RebalanceModel, SolveOptions, plan_rebalance
    from taxrebal.engine.wash import adjust_lots

    household = generate_household(seed=args.seed, n_lots=args.lots, n_transactions=args.transactions)
    as_of = household.settings.as_of
    wash = adjust_lots(household)
    ledger = build_ledger(wash.household.settings, wash, as_of)
    household = replace(wash.household, settings=ledger.apply(wash.household.settings))
    model = RebalanceModel(household, as_of, wash=wash)
    c = time.process_time()
    model.solve({model.v_var: 1.0}, SolveOptions(rates=(0.0, 0.0), relaxed=True))
    anchor = time.process_time() - c
    del model  # the plan builds its own (timed with it), as `taxrebal run` does
    print(f"anchor {anchor:.3f}", flush=True)
    limit = time.process_time() + args.target * anchor
    resource.setrlimit(resource.RLIMIT_CPU, (int(limit) + 1, resource.RLIM_INFINITY))
    c, t = time.process_time(), time.perf_counter()
    # as `taxrebal run` plans (pipeline/rebalance.py): with the CPU clock that gives a huge household's
    # MILPs their budget (solve_budget.py); without it they run to their node limits
    models = HouseholdModels(household, as_of, wash=wash, cpu_clock=time.process_time)
    plan = plan_rebalance(household, as_of=as_of, models=models)
    print(f"plan {time.process_time() - c:.3f} {time.perf_counter() - t:.3f} {len(household.lots)} "
          f"{len(plan.trades)} {plan.tax_total:.2f} {plan.status.value}", flush=True)
    # wash-safe: the pre-trade check of the plan's own trades (engine/pretrade.py), after the plan's CPU
    # is measured; a loss sale washed by a recent purchase that the plan's Lot Sales price is the plan's
    # choice (what `taxrebal run` leaves off Issues), any other conflict is not
    resource.setrlimit(resource.RLIMIT_CPU, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
    from taxrebal.engine.plan import plan_as_proposed_trades
    from taxrebal.engine.pretrade import WarningKind, check_trades
    from taxrebal.pipeline.rebalance import _stated_by_plan

    proposed = plan_as_proposed_trades(plan, as_of)  # in step order
    warnings = check_trades(household, proposed, as_of, wash=wash)
    unpriced = [w for w in warnings if not _stated_by_plan(plan, w)]
    # and priced at the same amount: the loss the check finds washed at each step (its own matching of
    # the plan's lot-level sales in step order) against the loss the plan's Lot Sales disallow there
    step_of = {id(t): s.step for t, s in zip(proposed, sorted(plan.trades, key=lambda t: t.step))}
    at_stake: dict[int, float] = {}
    for w in warnings:
        if w.kind is WarningKind.SALE_WASHED_BY_RECENT_BUY:
            at_stake[step_of[id(w.trade)]] = at_stake.get(step_of[id(w.trade)], 0.0) + w.amount_at_stake
    disallowed: dict[int, float] = {}
    for ls in plan.lot_sales:
        disallowed[ls.step] = disallowed.get(ls.step, 0.0) + ls.disallowed
    differ = [k for k in set(at_stake) | set(disallowed)
              if abs(at_stake.get(k, 0.0) - disallowed.get(k, 0.0)) > 0.01]
    print(f"pretrade {len(warnings)} {len(unpriced)} {len(differ)}", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lots", type=int, default=100_000)
    ap.add_argument("--transactions", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=20250630)
    ap.add_argument("--target", type=float, default=40.0, help="plan CPU / anchor CPU at most this")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        _child(args)
        return 0
    cmd = [sys.executable, __file__, "--child", "--lots", str(args.lots), "--transactions",
           str(args.transactions), "--seed", str(args.seed), "--target", str(args.target)]
    t = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    anchor = plan = pretrade = None
    for line in proc.stdout.splitlines():
        word, *rest = line.split()
        if word == "anchor":
            anchor = float(rest[0])
        elif word == "plan":
            plan = rest
        elif word == "pretrade":
            pretrade = rest
    if anchor is None:
        print(proc.stderr[-2000:], file=sys.stderr)
        print("the household or its anchor failed")
        return 1
    print(f"anchor: one LP relaxation of the model, {anchor:.2f} s CPU; target {args.target:g}x = "
          f"{args.target * anchor:.1f} s CPU")
    if plan is None:
        stopped = proc.returncode == -signal.SIGXCPU
        print(f"plan_rebalance: {'stopped at the CPU cap, over target' if stopped else 'failed'} "
              f"({time.perf_counter() - t:.0f} s wall in all)")
        if not stopped:
            print(proc.stderr[-2000:], file=sys.stderr)
        return 1
    cpu, wall, lots, trades, tax, status = float(plan[0]), float(plan[1]), plan[2], plan[3], plan[4], " ".join(plan[5:])
    ratio = cpu / anchor if anchor > 0 else float("inf")
    print(f"plan_rebalance: {lots} lots, {cpu:.1f} s CPU ({wall:.1f} s wall), {trades} trades, tax {tax}, "
          f"{status}: {ratio:.1f}x the anchor, target {args.target:g}x: {'OK' if ratio <= args.target else 'OVER'}")
    if pretrade is not None:
        print(f"pre-trade check of the plan's trades: {pretrade[0]} wash-sale conflicts, {pretrade[1]} not "
              f"priced by the plan's Lot Sales, {pretrade[2]} steps where the loss it finds washed differs "
              f"from the plan's Wash Disallowed by more than $0.01")
        if int(pretrade[1]) or int(pretrade[2]):
            return 1
    return 0 if ratio <= args.target else 1


if __name__ == "__main__":
    sys.exit(main())
