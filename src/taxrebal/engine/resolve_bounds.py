"""When a re-solve of the plan cannot lower its tax: lower bounds on the true tax of any plan.

Two notes re-solve the whole plan once more (engine/short_term_cost.py with Allow Short-Term Gains =
Y, engine/short_term_wait.py with the unsold short-term lots counted long-term) and speak only when
the re-solved plan costs at least a cent less. Each re-solve is as dear as the plan itself (at 1,000
lots about 10 CPU seconds of HiGHS between them), so it is skipped when a bound shows that no plan
it could return is a cent cheaper. The bounds rest on one property of the tax: with the year's other
income fixed, more realized gain (short- or long-term) never lowers it (:func:`taxrebal.engine.tax.
marginal_tax`: brackets, §1(h) rates, NIIT and a flat state rate only add tax as a gain grows; a loss
saves tax at most down to the §1211(b) limit of $3,000). That holds in both Tax Modes: with Flat
rates each character's net gain is taxed at its own rate and a net loss's deduction, whatever its
character, at the short-term rate (it comes off ordinary income, IRC §1211(b); tax.py), so no gain
lowers the tax there either. So a plan's tax is at least the tax of the least gains it could realize:

* **short-term**: every taxable lot with a short-term loss sold, nothing else (a short-term gain
  only adds);
* **long-term**: every taxable lot with a long-term loss sold, and also every short-term loss of an
  identity with a taxable purchase in the wash-sale window before As Of: a loss washed into such a
  lot moves into its basis with the loss lot's holding period (IRC §1091(d), §1223(3)) and a later
  step may realize it long-term (rebalance/candidates.py, chains). Losses washed into an IRA are
  lost (Rev. Rul. 2008-5), and a purchase that washes a loss sold before As Of only adds gain.

:func:`least_tax` is the tax at those gains: no plan, however solved, costs less this year. Worked
example (the generated 1,000-lot household of ``bench/bench_run.py``): $16,083 of short-term and
$132,264 of long-term losses against $13,800.98 of gains realized so far: every plan that harvests past the
$3,000 limit has the same tax, -$3,610.84, which is the plan's own; neither re-solve can beat it.

:func:`setting_least_tax` bounds the plans Allow Short-Term Gains = N forbids: those realize more
net short-term gain than the room the setting leaves (rebalance/short_term.py: ``P <= max(0, -B)``),
so their tax is at least the tax at that room and the least long-term gain. Worked example (the
sample household: Realized ST YTD $692.81, so the room is $0; $7,100 of long-term losses, no recent
taxable purchase): a forbidden plan costs at least the tax of $0 short-term and -$7,100 long-term,
-$1,689.80, more than the plan's -$2,070.78: the setting costs nothing there, and no re-solve runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

from .holding import is_long_term
from .money import cents
from .rebalance.short_term import short_term_room
from .records import Household
from .tax import TaxProfile, marginal_tax
from .wash import window_days


def least_gains(household: Household, as_of: date) -> tuple[float, float]:
    """(short-term, long-term): the least gains any plan of ``household`` (wash-adjusted) can report
    on ``as_of`` (module docstring): the taxable lots' short-term losses; their long-term losses plus
    the short-term losses of identities with a taxable purchase in the wash-sale window."""
    accounts = household.account_map()
    prices = {s.symbol: s.price for s in household.securities}
    identity = {s.symbol: s.identity for s in household.securities}
    first = as_of - timedelta(days=window_days(as_of.year))
    recent = {identity.get(lot.symbol, lot.symbol) for lot in household.lots
              if lot.quantity > 0 and lot.acquired is not None and first <= lot.acquired <= as_of
              and lot.account in accounts and accounts[lot.account].is_taxable}
    st = lt = 0.0
    for lot in household.lots:
        acct = accounts.get(lot.account)
        unit = lot.unit_cost
        if acct is None or not acct.is_taxable or lot.quantity <= 0 or unit is None or lot.symbol not in prices:
            continue
        loss = min(0.0, (prices[lot.symbol] - unit) * lot.quantity)
        if is_long_term(lot.holding_start, as_of, lot.inherited):
            lt += loss
        else:
            st += loss
            if identity.get(lot.symbol, lot.symbol) in recent:
                lt += loss  # may be realized long-term through a recent lot it washes into
    return st, lt


#: dollars of loss, short- and long-term: past any household's gains and the $3,000 limit
UNLIMITED_LOSS = 1e12


def least_tax_of_any_gains(tax_of: Callable[[float, float], float]) -> float:
    """The least tax any realized gains can give this year (``tax_of(st, lt)``): the $3,000 (MFS $1,500)
    a net capital loss deducts (IRC §1211(b)) and no more. The tax never falls as gains of either
    character grow (module docstring; in Flat mode too, the deduction being priced at the short-term
    rate whatever its character), so an unlimited loss of both characters gives it. Example: Flat 10%
    short-term, 20% long-term, no state tax: 3,000 x 10% = -$300."""
    return tax_of(-UNLIMITED_LOSS, -UNLIMITED_LOSS)


def _tax(household: Household, as_of: date, st: float, lt: float) -> float:
    """No plan realizing at least ``st`` and ``lt`` pays less than this: the true tax there (the
    rebalancer's, rebalance/stages.py), since more gain never lowers the tax (module docstring)."""
    settings = household.settings
    if settings.as_of is None:
        settings = replace(settings, as_of=as_of)
    return marginal_tax(TaxProfile.from_settings(settings), st, lt).total


def least_tax(household: Household, as_of: date) -> float:
    """No plan of ``household`` costs less tax this year than this (module docstring)."""
    st, lt = least_gains(household, as_of)
    return _tax(household, as_of, st, lt)


def setting_least_tax(household: Household, as_of: date) -> float:
    """No plan that Allow Short-Term Gains = N forbids costs less tax than this: it realizes more net
    short-term gain than the setting's room (rebalance/short_term.py), with the least long-term gain."""
    return _tax(household, as_of, short_term_room(household.settings), least_gains(household, as_of)[1])


#: The least difference a short-term note reports (taxrebal's choice): two solves of the same plan can
#: differ by a cent or two of rounding (planref seed 16: -$45,633.57 against -$45,633.56), which is
#: solver noise, not a cost of the setting.
NOTE_MIN_DIFFERENCE = 1.00


def cannot_beat(bound: float, tax: float) -> bool:
    """Whether a plan costing at least ``bound`` can never be cheaper than ``tax`` by the least difference
    the notes report (short_term_cost.cheaper_with_same_status: the re-solved tax at most ``tax`` -
    NOTE_MIN_DIFFERENCE, $1.00)."""
    return cents(bound) > cents(tax) - NOTE_MIN_DIFFERENCE + 0.005
