"""Allow Short-Term Gains = N: the plan never raises the year's net short-term capital gain.

What the setting protects against is a short-term gain taxed at ordinary rates. Under the netting
of IRC §1222 a short-term gain is taxed as such only through the year's *net short-term capital
gain* (§1222(5): short-term gains less short-term losses, the short-term loss carried in from last
year counting as a short-term loss, §1212(b)(1)(A)). A short-term gain that the year's short-term
losses absorb is not taxed at ordinary rates: it only shrinks the net short-term loss, which would
otherwise have reduced the net long-term gain taxed at the §1(h) rates.

So taxrebal's reading of the setting (ours; the Code has no such rule) is:

    net short-term gain of the year after the plan  <=  net short-term gain before it
    max(0, B + P)  <=  max(0, B),   that is   P <= max(0, -B)

where ``B`` is Realized ST YTD (as reconciled by the run's tax ledger, wash-sale disallowances
included) less the ST Loss Carryforward, and ``P`` the plan's short-term gains less its short-term
losses (a loss washed by the plan counts as not realized). Every short-term lot stays a candidate;
one linear row caps ``P``. With Allow Short-Term Gains = Y there is no row: the tax alone decides.

Worked example (the sample household, Joint Brokerage VTI, under the old per-lot rule): the plan
sold VTI to rebalance with $1,928.95 of short-term losses (lots B-03, B-04, B-07, B-10) and Realized
ST YTD +$350, so ``B = 350`` and the plan may add short-term gains up to its own short-term losses.
The last two VTI shares could come from lot B-05 (bought 2026-06-15 at $312: a $36 short-term gain,
absorbed) or lot B-02 (bought 2015 at $98: a $464 long-term gain taxed at 15% + 3.8% + 5% state). The
per-lot rule (never sell a short-term gain lot) sold B-02: $101.86 more tax on that step (Lot
Selection, TaxOptimal row). With the cap the plan sells shares of B-05 instead and keeps the year's
net short-term result a loss.
"""

from __future__ import annotations

import math

from ..records import Settings
from .attributes import ModelAttributes
from .lp import _Lp


def short_term_room(settings: Settings) -> float:
    """The most net short-term gain a plan may realize under Allow Short-Term Gains = N: the year's
    net short-term loss so far (0 when the year has a net short-term gain already).

    >>> short_term_room(Settings(realized_st_ytd=-1_000.0))
    1000.0
    >>> short_term_room(Settings(realized_st_ytd=350.0))
    0.0
    >>> short_term_room(Settings(realized_st_ytd=200.0, st_loss_carryforward=500.0))
    300.0
    """
    before = float(settings.realized_st_ytd or 0.0) - abs(settings.st_loss_carryforward)
    return max(0.0, -before)


class ShortTermMixin(ModelAttributes):
    def _short_term_rows(self, lp: _Lp) -> None:
        """The row ``sum of short-term gains and losses sold <= room`` (module docstring). Uses the
        model's short-term tax terms (``tax_st``: lot gains per share, washed shares added back)."""
        self.short_term_cap: float | None = None
        if self.settings.allow_short_term_gains or not self.st_gain_lots:
            return
        self.short_term_cap = short_term_room(self.settings)
        lp.row(dict(self.tax_st), -math.inf, self.short_term_cap)
