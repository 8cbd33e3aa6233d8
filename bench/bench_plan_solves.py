"""Where the plan's CPU goes: every HiGHS call of ``plan_rebalance``, timed and tagged with its step and stage.

``python bench/bench_plan_solves.py [--lots N] [--transactions N] [--seed S] [--calls]``

The household is ``bench_plan_100k.py``'s (bench/generate.py, wash-adjusted and reconciled with its
realized gains as ``taxrebal run`` does), planned in this process as that bench's child plans it (with
the CPU clock). Each HiGHS run (``interruptible.run``, the one call every solve, LP or MILP, goes
through) is timed in CPU seconds and tagged from the call stack with:

* the plan's **step** (planner.py): ``first solve`` (the plan's own stages and no-dust passes),
  ``window_wait`` (a re-solve testing whether a loss sale can wait, one per identity tested),
  ``needless_sales``, ``min_trade_cash``, ``hold_for_later``, ``later_harvest``, ``budget`` (the
  plan without its tax budget) or ``other``;
* the **stage** (stages.py): ``A`` (least band breach), ``held start`` (resolve_start.py), ``B``
  (least linear tax), ``polish`` (a tie-break stage's start, lot sales fixed) and ``tie-break`` (the
  stage itself), each LP or MILP.

It prints one row per step and stage (calls, CPU), the plan's CPU, HiGHS's share of it and the rest
(Python: the model, each stage's rows, the wash engine's passes, rounding, the plan's sheets); with
``--calls`` every call in order. Nothing here changes a solve: the wrapper only reads the clock.

Worked example (main 9df4777, 2026-12-05, 5,000 lots / 1,000 transactions, load 14-17): the plan 6.56 s
CPU, HiGHS 5.56 s of it in 99 calls (85%), outside HiGHS 1.00 s. Whole solves: the plan's 21 calls 1.87 s
(its tie-break stages and their polished starts 1.13 s), then window_wait's re-solves (identity G03 held;
every G03 loss lot held; PNI held) 27, 27 and 24 calls, 1.20, 1.09 and 1.47 s (tie-break stages 0.92,
0.85, 0.76 s). docs/benchmark-history.md (plan5k) reads these figures.
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from types import FrameType
from typing import Any

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

#: the plan's steps, by the planner function (or its caller's line) found on the call stack, first match wins
_STEPS = (("choose_waits", "window_wait"), ("without_needless_sales", "needless_sales"),
          ("without_min_trade_shuffles", "min_trade_cash"), ("hold_for_later", "hold_for_later"),
          ("later_harvests", "later_harvest"))
#: the stages, by the stages.py / resolve_start.py function on the call stack, innermost first
_STAGES = (("_polished_start", "polish"), ("held_start", "held start"), ("_lexicographic", "tie-break"),
           ("least_breach", "A"), ("run_stages", "B"))


def tag(names: list[str]) -> tuple[str, str]:
    """(step, stage) of a HiGHS call from the function names of its call stack (outermost first).
    Example: ``plan_rebalance, choose_waits, <lambda>, _solve, _best_solution, ..., least_breach`` is
    ``("window_wait", "A")``."""
    step = "other"
    if "plan_rebalance" in names:
        step = "first solve"
        for fn, label in _STEPS:
            if fn in names:
                step = label
                break
        else:
            # the plan without its tax budget (planner.py, after a plan that breaches a band)
            top = names.index("plan_rebalance")
            if "_best_solution" in names[top + 1:top + 2]:
                step = "budget"
    stage = "other"
    for name in reversed(names):
        hit = next((label for fn, label in _STAGES if fn == name), None)
        if hit is not None:
            stage = hit
            break
    return step, stage


#: the planner's whole solves so far (planner._solve: the first plan, then each re-solve), read by each HiGHS call
_SOLVES = [0]


def counted(solve: Callable[..., Any]) -> Callable[..., Any]:
    """``solve`` (planner._solve, which the plan and every re-solve call by name) counted in ``_SOLVES``."""

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        _SOLVES[0] += 1
        return solve(*args, **kwargs)

    return wrapped


def timed_runs(run: Callable[..., Any], log: list[tuple[int, str, str, bool, float]]) -> Callable[..., Any]:
    """``run`` (interruptible.run) that appends (whole solve, step, stage, is a MILP, CPU seconds) to ``log``."""

    def wrapped(h: Any, columns: int, *args: Any, **kwargs: Any) -> Any:
        began = time.process_time()
        try:
            return run(h, columns, *args, **kwargs)
        finally:
            spent = time.process_time() - began
            names: list[str] = []
            frame: FrameType | None = sys._getframe(1)
            while frame is not None:
                names.append(frame.f_code.co_name)
                frame = frame.f_back
            step, stage = tag(names[::-1])
            # an LP has no branch-and-bound: HiGHS reports its node count as -1
            log.append((_SOLVES[0], step, stage, int(h.getInfo().mip_node_count) >= 0, spent))

    return wrapped


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lots", type=int, default=5_000)
    ap.add_argument("--transactions", type=int, default=1_000)
    ap.add_argument("--seed", type=int, default=20250630)
    ap.add_argument("--calls", action="store_true", help="every HiGHS call in order")
    args = ap.parse_args(argv)

    from dataclasses import replace

    from generate import generate_household

    from taxrebal.engine.ledger import build_ledger
    from taxrebal.engine.rebalance import HouseholdModels, interruptible, lp, plan_rebalance, planner
    from taxrebal.engine.wash import adjust_lots

    household = generate_household(seed=args.seed, n_lots=args.lots, n_transactions=args.transactions)
    as_of = household.settings.as_of
    wash = adjust_lots(household)
    ledger = build_ledger(wash.household.settings, wash, as_of)
    household = replace(wash.household, settings=ledger.apply(wash.household.settings))
    log: list[tuple[int, str, str, bool, float]] = []
    # lp.py calls interruptible.run through the module, so one wrapper sees every solve
    interruptible.run = timed_runs(interruptible.run, log)  # type: ignore[assignment]
    assert lp.interruptible is interruptible
    planner._solve = counted(planner._solve)  # type: ignore[assignment]
    began = time.process_time()
    models = HouseholdModels(household, as_of, wash=wash, cpu_clock=time.process_time)
    plan = plan_rebalance(household, as_of=as_of, models=models)
    cpu = time.process_time() - began
    highs = sum(entry[4] for entry in log)
    print(f"plan_rebalance: {len(household.lots)} lots, {cpu:.2f} s CPU, {len(plan.trades)} trades, "
          f"tax {plan.tax_total:.2f}, {plan.status.value}")
    print(f"HiGHS: {len(log)} calls, {highs:.2f} s CPU ({100 * highs / cpu:.0f}%); outside HiGHS {cpu - highs:.2f} s")
    rows: dict[tuple[str, str, str], list[float]] = defaultdict(lambda: [0, 0.0])
    order: list[str] = []
    for _solve, step, stage, is_mip, spent in log:
        if step not in order:
            order.append(step)
        row = rows[(step, stage, "MILP" if is_mip else "LP")]
        row[0] += 1
        row[1] += spent
    print(f"{'step':<16} {'stage':<11} {'kind':<5} {'calls':>5} {'CPU s':>7}")
    for step in order:
        total = sum(v[1] for k, v in rows.items() if k[0] == step)
        calls = sum(int(v[0]) for k, v in rows.items() if k[0] == step)
        print(f"{step:<16} {'all':<11} {'':<5} {calls:>5} {total:>7.2f}")
        for (s, stage, kind), (n, t) in sorted(rows.items(), key=lambda kv: -kv[1][1]):
            if s == step:
                print(f"{'':<16} {stage:<11} {kind:<5} {int(n):>5} {t:>7.2f}")
    print("whole solves (planner._solve: the plan's, then each re-solve's stages and no-dust passes):")
    for k in sorted({entry[0] for entry in log}):
        calls = [entry for entry in log if entry[0] == k]
        ties = sum(e[4] for e in calls if e[2] in ("polish", "tie-break"))
        print(f"  {k:>2} {calls[0][1]:<16} {len(calls):>3} calls {sum(e[4] for e in calls):6.2f} s "
              f"(tie-break stages and their starts {ties:.2f} s)")
    if args.calls:
        for i, (k, step, stage, is_mip, spent) in enumerate(log):
            print(f"{i:>4} {k:>2} {step:<16} {stage:<11} {'MILP' if is_mip else 'LP':<5} {spent:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
