"""An independent reference for the rebalancer's plan quality (see bench/bench_plan_quality.py).

Nothing in this package imports the rebalancer, the frontier, the naive plan or the product's tax
engine: it reads households through the public records (:mod:`taxrebal.engine.records`) and prices
and optimises with its own formulation of the rules. Modules:

* :mod:`planref.tax_rules` - federal (brackets, 0/15/20 stacking, §1211 limit, NIIT) + flat state tax
  on the year's (ST, LT) result, with its own dated parameters.
* :mod:`planref.tax_milp` - the same tax as exact mixed-integer rows (for the optimum).
* :mod:`planref.wash_check` - §1091 wash-sale matching of a plan's steps and its true (ST, LT).
* :mod:`planref.optimum` - the best achievable wash-safe plan over all lots (HiGHS MILP).
* :mod:`planref.naive` - a spreadsheet rebalance (overweight FIFO, buy underweight).
* :mod:`planref.households` - seeded households with recent purchases, DRIP and big realized gains.
"""
