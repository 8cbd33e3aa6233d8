"""An independent reference for the rebalancer's plan quality (see bench/bench_plan_quality.py).

Nothing in this package imports the rebalancer, the frontier, the naive plan or the product's tax
engine: it reads households through the public records (:mod:`taxrebal.engine.records`) and prices
and optimises with its own formulation of the rules. Modules:

* :mod:`planref.tax_rules` - federal (brackets, 0/15/20 stacking, §1211 limit, NIIT) + flat state tax
  on the year's (ST, LT) result, with its own dated parameters.
* :mod:`planref.tax_milp` - the same tax as exact mixed-integer rows (for the optimum).
* :mod:`planref.wash_check` - §1091 wash-sale matching of a plan's steps and its true (ST, LT).
* :mod:`planref.optimum` - the best achievable wash-safe plan over all lots (HiGHS MILP).
* :mod:`planref.waits` - loss sales dated later this tax year, once a wash-sale window has cleared.
* :mod:`planref.naive` - a spreadsheet rebalance (overweight FIFO, buy underweight).
* :mod:`planref.households` - seeded households with recent purchases, DRIP and big realized gains.
* :mod:`planref.plans` - a plan as lot-level steps; its effect on the bands and the contract checks.
* :mod:`planref.milp` - a small exact MILP builder over scipy's HiGHS (max, min, schedules).
* :mod:`planref.product` - the only module that calls the product: ``plan_rebalance`` as the
  pipeline does, its Plan turned into lot-level steps.

Known limits of the reference (each reported by the bench when it matters): the optimum chooses
which sold loss lots pair with which replacement shares across orders (a plan fixes that by its step
order), so its value is a proven lower bound and the bench also prints what its own laid-out plan
achieves; a short-term loss lot held 336-365 days washed into a recent lot turns long-term by
tacking, which the optimum does not model; dividends reinvested after As Of are assumed turned off;
a Taxable lot a past loss washed into is split into its washed piece and the rest (planref.history),
and the optimum lets the rest, still held, wash a loss sale of the piece, which the wash check (one
purchase: not its own replacement) does not: on such a household the optimum's bound can be above
what its own plan achieves, and the bench says so.
"""
