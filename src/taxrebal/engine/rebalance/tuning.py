"""The rebalancer's tuning constants: tie-break weights, tolerances, solver limits."""

from __future__ import annotations

#: IRC §1091(a): the window is 30 days before and 30 days after the sale (the dated parameter
#: ``wash_sale.window_days`` via :func:`taxrebal.engine.wash.window_days`; 30 when not tabulated).
WASH_WINDOW_DAYS = 30
#: Turnover penalty per dollar traded (stage C): small against any tax rate, large against noise.
TURNOVER_WEIGHT = 1e-4
#: a lot piece, tax-free sell or buy worth less than this is dropped from a fractional-share plan
SLIVER_DOLLARS = 1.0
#: Location tie-break per dollar bought per step away from the preferred location.
LOCATION_WEIGHT = 0.2 * TURNOVER_WEIGHT
#: Replacement preference tie-break per dollar per rank in Security.replacements.
REPLACEMENT_WEIGHT = 0.01 * TURNOVER_WEIGHT
#: Stage C may spend this much more (linear) tax than the stage-B minimum: $0.01 + 0.0001%.
TAX_TOLERANCE_ABS = 0.01
TAX_TOLERANCE_REL = 1e-6
#: Band violation tolerance (fraction points) carried from stage A to later stages.
BAND_TOLERANCE = 1e-7
#: Above this many integer variables the MILP is solved on the orders its LP relaxation trades.
EXACT_INTEGER_LIMIT = 120
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
#: Relative MIP gap of the restricted solve of a large model, and the full MILP's time limit after it.
LARGE_MODEL_GAP = 1e-5
FALLBACK_TIME_LIMIT = 5.0
#: The model aims this far (fraction points) inside each band edge.
BAND_MARGIN = 1e-9
#: Dollar step for finite-difference marginal rates.
RATE_STEP = 1_000.0
