"""The rebalancer's tuning constants: tie-break weights, tolerances, solver limits."""

from __future__ import annotations

#: Turnover penalty per dollar traded (stage C): small against any tax rate, large against noise.
TURNOVER_WEIGHT = 1e-4
#: a lot piece, tax-free sell or buy worth less than this is dropped from a fractional-share plan
SLIVER_DOLLARS = 1.0
#: Preference steps per dollar bought (stages.py). Location is a stage of its own; in the last stage
#: each later kind is 1,000 times smaller, so it decides only among plans equal in the earlier ones.
LOCATION_STEP = 1.0
REPLACEMENT_STEP = 1.0
BLOCKS_HARVEST_STEP = 1e-3
FUND_ORDER_STEP = 1e-6
#: Cash above the cash target (uninvested cash when Targets names no Cash) counts this many times its
#: dollars in the distance stage, where a class's drift counts once: more than 1 so that investing it in
#: a class already at target beats leaving it (Rebalance To = Target), and more than (1 + 0.75) / 0.75
#: so that it still does under Band Edge, whose stage weighs distance 0.75 beside the dollars traded.
IDLE_CASH_WEIGHT = 3.0
#: An employer plan's cash when it has a payroll Contribution (records.PAYROLL_PLAN_TYPES) counts this
#: many times more, so that the contribution is invested even where that takes two classes a dollar
#: from target each (Cash under its target, the class bought over its target): more than 2 (Target),
#: and more than 2 + 1 / 0.75 = 3.34 under Band Edge (distance 0.75 beside the dollar traded).
PAYROLL_CASH_WEIGHT = 4.0
#: Each tie-break stage keeps the earlier stages' optimum within these (dollars + relative).
STAGE_ABS_TOLERANCE = 1e-3
STAGE_REL_TOLERANCE = 1e-7
#: ... and is solved to within this absolute MIP gap (below one step of what it decides).
STAGE_ABS_GAP = 0.1
STAGE_REL_GAP = 1e-9
#: ... within this many branch-and-bound nodes (deterministic, unlike a time limit): each stage
#: starts from the previous stage's plan, so stopping there keeps a plan at least as good as it.
STAGE_NODE_LIMIT = 100
#: Wall-clock guard of every solve, whatever the model's size: only a runaway solve reaches it. Node
#: limits (STAGE_NODE_LIMIT, MID_MODEL_NODES, LARGE_MODEL_NODES) decide the plan, whatever the
#: machine's load: the slowest small-model solve measured, a tie-break stage of plan-quality seed 16,
#: takes 6.2 s of CPU. Large models used a 1 s stage limit and a 20 s restricted-solve limit until
#: their restricted solves were made small (solver.py: a tie-break stage keeps open only the lots
#: the relaxation or its start sells, and the start's wash exposure); without those limits the
#: 20,000-lot bench household then took 104 s of CPU, now 14 s.
GUARD_TIME_LIMIT = 300.0
#: Whole shares (stages.py): a tax-free order's share count is rounded within this many shares
#: below the floor and above the ceiling of the tie-break stages' fractional answer.
ROUNDING_REACH = 1
#: The tie-break stages may spend this much more (linear) tax than the stage-B minimum: $0.0001 + 1e-9 relative.
TAX_TOLERANCE_ABS = 1e-4
TAX_TOLERANCE_REL = 1e-9
#: Band violation tolerance (fraction points) carried from stage A to later stages.
BAND_TOLERANCE = 1e-7
#: Up to this many integer variables the MILP is solved to proven optimality (MIP gap 1e-7) ...
PROVEN_INTEGER_LIMIT = 120
#: ... up to this many, the full MILP from the previous stage's plan within MID_MODEL_NODES nodes
#: and a MID_MODEL_GAP relative gap; above it, on the orders its LP relaxation trades.
EXACT_INTEGER_LIMIT = 400
MID_MODEL_NODES = 500
MID_MODEL_GAP = 1e-4
#: Stage C (distance and turnover at the least tax) is solved exactly only for the smallest models.
STAGE_C_EXACT_LIMIT = 30
#: Stage C's relative MIP gap: its objective is distance to target and turnover in dollars, where a
#: 0.1% gap is a few dollars of distance; proving more costs seconds with whole shares.
STAGE_C_GAP = 1e-3
#: ... and its absolute gap in dollars (plus 0.001% of the household).
STAGE_C_ABS_GAP = 5.0
#: ... and its branch-and-bound node limit (deterministic, unlike a time limit): the best plan found
#: by then is kept; its tax is already fixed by the constraint, only distance/turnover could improve.
STAGE_C_NODE_LIMIT = 50
#: Relative MIP gap of the restricted solve of a large model and its node limit (deterministic; also
#: the full MILP's after it).
LARGE_MODEL_GAP = 1e-5
LARGE_MODEL_NODES = 500
#: Stage B of a large model is first solved next to its LP relaxation (near_relaxation.py) when its
#: restriction beside the start would keep more than this many columns open: bench/generate.py's
#: 100,000-lot household kept 57,000 (its relaxation harvests nearly every loss lot) and its root did
#: not finish in 6 minutes; the 20,000-lot bench household of bench_rebalance.py keeps about 10,600.
NEAR_RELAXATION_COLUMNS = 20_000
#: ... and that plan is then re-solved with, in each sell order, this many of the lots it sells in full
#: (those saving the least tax per share) and of the lots it leaves (those saving the most) open
#: (near_relaxation.fix_around_plan); the order's other lots stay where the plan has them.
NEAR_NEIGHBOURS = 2
#: A model with more taxable lot columns than this solves each tie-break stage (distance, turnover,
#: location, fund preferences at the least tax) as its polished start only: the taxable lot sales stay
#: those of the least-tax plan and the stage moves the tax-free decisions (buys, tax-advantaged sells,
#: cash). bench/generate.py's 100,000-lot household has 34,051 lot columns; there each stage's own
#: solve (an LP relaxation of all 75,814 columns, 2-19 s of CPU, then its restricted MILP) was most of
#: the plan's time. The 20,000-lot household of bench_rebalance.py (6,798 columns) is below it.
#: At or below it too (solver.py, issue 9): an identity the LP relaxation both sells at a loss and buys
#: keeps its wash binary open in the restricted solves, and stage B's near plan is re-solved around
#: itself; above it those stay as before (their cost on the 100,000-lot household not yet measured).
HUGE_MODEL_LOTS = 20_000
#: ... and each MILP solve of such a model stops after this many seconds of CPU, keeping the best plan
#: found (every plan HiGHS returns is within the model's rows: bands, wash-sale exposure), with the gap
#: HiGHS had proved said on the plan's notes (planner.py). Without it bench/generate.py's 100,000-lot
#: household spent 49 s of CPU in one root node (stage A's least tax within every band, 3.3% gap when
#: the 300 s wall-clock guard stopped it at load 8) and the run did not finish in 17 minutes of CPU.
#: A budget of CPU, not HiGHS's wall-clock time_limit: other programs sharing the machine do not shrink it.
HUGE_SOLVE_CPU_S = 10.0
#: The LP relaxation that chooses a large model's open orders also minimises the dollars traded at this
#: weight (times the objective's largest coefficient, per household dollar): a tie-break among its optima.
RESTRICTION_TURNOVER_WEIGHT = 1e-6
#: The model aims this far (fraction points) inside each band edge.
BAND_MARGIN = 1e-9
#: Dollar step for finite-difference marginal rates.
RATE_STEP = 1_000.0


#: Models with at most this many columns solve without HiGHS's feasibility-jump heuristic
#: (``mip_heuristic_run_feasibility_jump``): it costs about 6 ms on every MILP, even one presolved to 4
#: columns (7.2 -> 1.2 ms there), and a ribbon click on the sample makes about 57 such solves (click
#: 1.27-1.35 -> 0.99-1.12 s CPU, bench_run.py --click-child, load 8-10, 2026-12-04). Larger models keep
#: it: there it finds first plans, and 1,000 lots measured no change either way.
NO_FEASIBILITY_JUMP_COLUMNS = 3_000
