"""The state of one run, typed: what the steps share (:class:`RunResults`), what each step is given
(:class:`Context`) and what the caller gets back (:class:`RunOutcome`).

Each field of :class:`RunResults` is filled by one step and read by the later ones; a field stays
at its default when its step did not run. Example: after ``taxrebal run --only harvest`` the
wash-sale step (which harvest requires) has set ``results.wash`` and ``results.ledger``, the harvest
step ``results.harvest``; ``results.plan`` is None because the rebalance step did not run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Callable, Optional

from ..engine.records import Household
from ..errors import Issue, IssueCounts
from ..exit_codes import ExitCode
from ..workbook.interface import ResultBook

if TYPE_CHECKING:
    from ..engine.harvest import HarvestScan
    from ..engine.ledger import TaxLedger
    from ..engine.plan import Plan
    from ..engine.pretrade import TradeWarning
    from ..engine.wash import WashResult
    from ..workbook.results.orders import OrderTicket

__all__ = ["RunResults", "Context", "RunOutcome"]


@dataclass
class RunResults:
    """What the steps of one run computed (each field written by the step named beside it)."""

    wash: Optional[WashResult] = None  # wash_sales: the wash-sale pass (adjusted lots, realized sales)
    trade_warnings: tuple[TradeWarning, ...] = ()  # wash_sales: the check of the Proposed Trades sheet
    ledger: Optional[TaxLedger] = None  # wash_sales: the run's one tax ledger (realized ST/LT)
    harvest: Optional[HarvestScan] = None  # harvest
    plan: Optional[Plan] = None  # rebalance
    rebalance_warnings: tuple[TradeWarning, ...] = ()  # rebalance: the pre-trade check of the plan
    orders: Optional[tuple[OrderTicket, ...]] = None  # orders
    summary: list[str] = field(default_factory=list)  # every step: lines the command line prints
    removed_results: tuple[str, ...] = ()  # an earlier run's result sheets removed (input errors, or not recomputed)


@dataclass
class Context:
    """Mutable state of one run (not a record). Steps read ``household`` and may replace it (the
    wash-sale step replaces the lots with wash-adjusted lots), write sheets through ``book``, append
    :class:`Issue` rows to ``issues`` and share what they computed in ``results``."""

    household: Household
    book: ResultBook
    issues: list[Issue]
    run_time: datetime
    source_name: str
    digest: str
    results: RunResults = field(default_factory=RunResults)
    command: str = "all"
    #: Settings field -> the cell holding its value ("B11"), from the load: messages name the cell.
    setting_cells: dict[str, str] = field(default_factory=dict)
    #: sheet spec name -> column key -> its letter, from the load ("Proposed Trades" -> "quantity" -> "E")
    column_letters: dict[str, dict[str, str]] = field(default_factory=dict)
    #: What the step is doing now, for a long step (the run's progress line shows
    #: ``Rebalance: Tax-Drift Frontier, level 2 of 6``); run_book sets it for each step.
    progress: Callable[[str], None] = field(default=lambda _message: None)

    @property
    def as_of(self) -> date:
        return self.household.as_of

    def summary(self, line: str) -> None:
        """Add one line to the run summary printed by the command line."""
        self.results.summary.append(line)


@dataclass(frozen=True)
class RunOutcome(IssueCounts):
    """What a run did. ``ok`` is False when any ERROR issue was reported (input or step)."""

    issues: tuple[Issue, ...]
    loaded: bool  # the household could be read and validated
    steps_run: tuple[str, ...]  # steps that completed without an error
    steps_failed: tuple[str, ...]
    summary: tuple[str, ...]
    household: Optional[Household] = None
    results: RunResults = field(default_factory=RunResults)
    as_of: Optional[date] = None
    as_of_from_run_date: bool = False
    as_of_forced: bool = False  # --as-of was used instead of Settings As Of
    as_of_replaced: Any = None  # Settings As Of's own value, when --as-of replaced it
    defaults_used: tuple[str, ...] = ()  # Settings fields that change the tax, left blank: default used

    @property
    def exit_code(self) -> ExitCode:
        """``OK`` (0) when everything ran clean, ``INTERNAL`` (70) when a step hit a bug in taxrebal (its
        Issues row says so; the other steps' sheets are still written), else ``INPUT`` (1) when the
        input (or a step) reported an error (fe13 F14: a bug had exited 1, "fix your workbook")."""
        if any(i.internal for i in self.issues):
            return ExitCode.INTERNAL
        return ExitCode.OK if self.ok else ExitCode.INPUT
