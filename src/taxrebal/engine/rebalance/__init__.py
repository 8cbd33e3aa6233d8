"""The household rebalancer: back within the bands (or to target) for the least tax. A package, each
part in its own file (see the map at the end).

Rules, in the order of preference the optimizer works through (it decides how far each goes):

1. **Cash first.** Cash and new contributions are spent on underweight classes; no sale needed.
2. **Tax-advantaged trades** (IRA, 401(k), Roth, HSA) realize no gain or loss (IRC §§401, 408,
   408A, 223), so selling an overweight class there costs nothing.
3. **Harvest losses** in taxable accounts (IRC §165(c)(2), §1211(b)): a lot sold below its adjusted
   basis realizes a loss that offsets gains and up to $3,000 of other income; the class is kept by
   buying a *replacement* that is not substantially identical (a different ``Security.identity``).
4. **Taxable sales** sell the lots with the least tax per dollar (the lots are chosen one by one:
   specific identification, Treas. Reg. §1.1012-1(c); Settings.lot_method FIFO/LIFO/HIFO forces that
   order instead). With Settings.allow_short_term_gains off the plan never raises the year's net
   short-term capital gain (IRC §1222(5)): a short-term gain is sold only where short-term losses
   absorb it, so none is taxed at ordinary rates (short_term.py; our reading of the setting).
   Settings.tax_budget caps the extra tax.
5. **Wash sales** (IRC §1091; Pub 550 "Wash Sales"; Rev. Rul. 2008-5 for IRAs): a loss is
   disallowed when substantially identical stock is bought within 30 days before or after the sale
   in any account of the household. The plan never buys an identity it sells at a loss (a product
   rule; the law forbids no trade); buying one sold at a loss in the last 30 days is priced, not
   refused (past_wash.py: nothing when its loss shares are all matched already). A loss sale that
   meets purchases of the last 30 days is charged, not forbidden (wash_exposure.py): the plan may
   sell the recent shares first, or after the loss sale (a taxable lot then realizes the washed loss
   again, IRC §1091(d), §1223(3)), or let the matched shares wash. **A loss lost for good** (washed
   by an IRA/401(k)/Roth/HSA purchase, Rev. Rul. 2008-5) is charged at its full future value, the
   loss times the long-term marginal rate, on top of this year's tax (taxrebal's reading: a loss
   kept in its lot can be harvested later; a lost one cannot). Example: the plan does not lose $180
   for good to save $3 this year.
6. **Asset location** (tie-break only, never at the cost of tax): a class's Targets.location wins;
   otherwise tax-inefficient classes (bonds, REITs, cash) go to tax-deferred accounts, high-growth
   equity (small cap, emerging markets, growth) to tax-free accounts, broad equity and municipal
   bonds to taxable accounts.
7. **Menus, minimum trade, whole shares, turnover**: an account buys only what its menu lists; no
   order is smaller than Settings.min_trade (there is no exception for residual cash: leftover cash
   stays in the account and is reported); with Settings.whole_shares every order is a whole number
   of shares; a small turnover penalty removes pointless trades. No dust: a sale sells all of a lot
   or leaves at least one share of it, and all of a position or at least one share worth Min Trade
   (dust.py; our reading).

Each account is its own cash silo: money never moves between accounts and no account's cash goes
below zero (cash + contribution + what its own sells raise is what it can spend).

**The optimization** (HiGHS through ``highspy``). Variables: shares sold of every taxable lot
(``gain_i = q_i x (price - unit_cost_i)`` is exact and linear), shares sold of every tax-advantaged
position, shares bought per (account, security), cash left per account, the largest band violation
``v`` and the distance of each class from target. Binaries only for wash-sale exclusivity (an
identity is either sold at a loss or bought, never both), minimum trade sizes, forced lot order
and whole shares. Tax in the model is linear at the household's marginal ST/LT rates
(:func:`taxrebal.engine.tax.marginal_rates`); the plan's reported tax is the *true* tax of its
gains (:func:`taxrebal.engine.tax.marginal_tax`: brackets, netting, the $3,000 limit, NIIT). The
rates are re-estimated once at the plan's own gains and the plan with the lower true tax is kept.
Three stages, lexicographic:

A. minimize ``v`` (0 when every band can be reached within the tax budget);
B. minimize linear tax with ``v <= v*``;
C. with tax <= minimum + $0.01 (+0.0001%): when a band breach is left (a tax budget binds, or no plan
   reaches every band), first the least total breach of each class beyond its own band; then minimize
   distance to target (Rebalance To = Target; at band
   edge only the cash is steered toward target), turnover and the location tie-breaks.

**Exact and restricted solves.** A model with at most 120 integer decisions is solved exactly (MIP
gap 1e-7; tests/test_rebalance_bruteforce.py checks the tax against enumeration); up to 400, the
full MILP runs from the previous stage's plan within 500 branch-and-bound nodes (gap 1e-4). A larger
one is solved on what its LP relaxation trades: orders the relaxation leaves at 0 stay closed, orders it
sizes at or above Settings.min_trade keep that minimum, each wash-sale choice (harvest an identity,
or buy it) is fixed from the relaxation; a tie-break stage also keeps closed the lots of such an
order that neither the relaxation nor its start sells, and keeps its start's wash exposure (which
loss lots the recent shares match, solver.py); if that fails the full MILP runs within a node limit
and the previous stage's plan is the fallback. When stage B's restriction beside its start would
keep more than 20,000 columns open (a 100,000-lot household whose relaxation harvests nearly every
loss lot), it is first solved next to the relaxation: the lots it sells in full or not at all fixed
there, each identity's wash-sale matching decided around where its sold shares reach the recent
ones (near_relaxation.py). That is a heuristic, not a proof: bench/bench_plan_quality.py
measures how close it comes to an independent optimum. The tie-break stages (distance, turnover,
location, fund preferences once the tax is fixed) start from the previous stage's plan and stop at a
node limit, never worse than that start; with Whole Shares they are solved with the tax-free share
counts fractional and then rounded in a small box that always holds a plan (stages.py). Node limits
decide every solve, whatever the model's size; the clock is a 300 s guard, so a plan does not depend
on the machine's load (tests/test_rebalance_solver_limits.py).

**Worked example** (tests/test_rebalance_plans.py): targets 60/40 (5-point bands), $100,000 drifted
to 70/30: Taxable holds $30,000 of stocks (basis $10,000), the IRA $40,000 of stocks and $30,000 of
bonds. Stocks are 10 points over their band centre and 5 past the edge. The plan sells $10,000 of
stocks in the IRA and buys $10,000 of bonds there: realized gain 0, tax $0, drift 0. Selling in
the taxable account instead would realize $6,667 of long-term gain: $1,000 of tax at 15%.

**Map of the package.** ``model.py`` variables and constraints; ``candidates.py`` what may be sold and
bought; ``wash_exposure.py`` the wash-sale rule in the model; ``past_wash.py`` buying back a loss sold
before As Of; ``orders.py`` lot order, minimum trade, whole shares; ``solver.py`` one HiGHS solve;
``near_relaxation.py`` stage B of a very large model next to its relaxation; ``stages.py`` the
lexicographic stages and the tax oracle; ``rounding.py`` cleaning the solver's answer; ``reported.py``
the gains a plan reports (the wash engine's; the tax budget is checked against them); ``assemble.py``
trades and lot sales in order; ``explain.py`` reasons and notes; ``diagnosis.py`` why no plan reaches
the bands; ``location.py`` the asset-location rule; ``harvest_only.py`` a harvest-only plan keeps each
class's value (it reinvests what it harvests); ``short_term.py`` the cap on net short-term gain;
``dust.py`` no sliver of a lot or position left; ``window_wait.py`` a loss sale dated to when its
wash-sale window clears, this tax year, instead of losing part of the loss for good now; ``tuning.py``
weights and tolerances; ``planner.py`` the entry points.
"""

from .data import Solution, SolveOptions
from .location import location_penalty
from .model import RebalanceModel, max_drift
from .planner import HouseholdModels, plan_rebalance, relaxation_bound, shared_model
from .stages import _best_solution, _TaxOracle
from .tuning import (
    EXACT_INTEGER_LIMIT,
    SLIVER_DOLLARS,
)

__all__ = [
    "EXACT_INTEGER_LIMIT",
    "HouseholdModels",
    "SLIVER_DOLLARS",
    "RebalanceModel",
    "Solution",
    "SolveOptions",
    "_TaxOracle",
    "_best_solution",
    "location_penalty",
    "max_drift",
    "plan_rebalance",
    "relaxation_bound",
    "shared_model",
]
