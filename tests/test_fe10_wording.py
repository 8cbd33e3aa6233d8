"""fe10 finding 11, the cosmetic items: each as a reader sees it.

* Allocation "Largest drift after the plan: Intl Stocks -0.00 points": a drift that rounds to zero is
  0.00 (engine/money.signed_points), everywhere a drift is written with its sign.
* Issues' summary "0 error(s), 2 warning(s), 2" / "note(s)." on two rows: a note's line may run on into
  the empty cells of the next columns (Issues' Message column is 100 wide) up to the note width.
* "'bands' is not a known rebalance to": a wrong Rebalance To is "not a known choice for Rebalance To".
* "Rebalance: No rebalance needed; 7 trade(s)": read as nothing to do; a harvest-only plan says so.
"""

from __future__ import annotations

import pytest

from taxrebal.engine.money import signed_points
from taxrebal.errors import Issue, Severity
from taxrebal.workbook.cells import CellError
from taxrebal.workbook.layout import sheet_layout
from taxrebal.workbook.results.issues import issues_table
from taxrebal.workbook.rules import setting_parser
from taxrebal.workbook.schema.settings import SETTING_SPECS


@pytest.mark.parametrize("fraction, text", [(0.0123, "+1.23"), (-0.0123, "-1.23"), (-0.00004, "0.00"),
                                            (0.00004, "0.00"), (0.0, "0.00"), (-0.00005, "-0.01")])
def test_a_drift_that_rounds_to_zero_has_no_sign(fraction, text):
    assert signed_points(fraction) == text


def test_the_issues_summary_is_one_line():
    issues = [Issue(Severity.WARNING, "Accounts", "A3", "x " * 150), Issue(Severity.WARNING, "Accounts", "A4", "y"),
              Issue(Severity.INFO, "Settings", "", "z"), Issue(Severity.INFO, "Settings", "", "w")]
    ((line,),) = sheet_layout([issues_table(issues)]).note_lines
    assert line[1] == "0 error(s), 2 warning(s), 2 note(s)."


def test_a_wrong_rebalance_to_reads_as_english():
    spec = next(s for s in SETTING_SPECS if s.field == "rebalance_to")
    with pytest.raises(CellError) as err:
        setting_parser(spec)("bands")
    assert str(err.value).startswith("'bands' is not a known choice for Rebalance To; use one of: Target, Band Edge")


def test_a_harvest_only_plan_says_so_in_the_summary():
    # every class within its band (Intl 50%, Bonds 50%, targets 50/50): the plan only harvests VEA's $600
    # loss (100 shares bought at $58, $52 now) into IEFA
    from datetime import date

    from taxrebal.engine.records import Account, Household, Lot, Security, Settings, Target
    from taxrebal.pipeline.rebalance import rebalance_step
    from taxrebal.pipeline.state import RunResults
    from taxrebal.workbook.memory_book import MemoryBook

    as_of = date(2026, 12, 1)
    h = Household(accounts=(Account("Taxable", "Taxable"),),
                  securities=(Security("VEA", "Intl", 52.0, replacements=("IEFA",)), Security("IEFA", "Intl", 80.0),
                              Security("BND", "Bonds", 52.0)),
                  lots=(Lot("T1", "Taxable", "VEA", date(2025, 2, 10), 100, 5_800.0),
                        Lot("T2", "Taxable", "BND", date(2020, 3, 2), 100, 5_000.0)),
                  targets=(Target("Intl", 0.5), Target("Bonds", 0.5)),
                  settings=Settings(as_of=as_of, ordinary_income=80_000.0, min_trade=0.0))

    class Ctx:
        def __init__(self) -> None:
            self.household, self.as_of, self.issues = h, as_of, []
            self.results, self.book = RunResults(), MemoryBook(["Accounts"])

        def summary(self, line):
            self.results.summary.append(line)

        def progress(self, message):
            pass

    ctx = Ctx()
    rebalance_step(ctx)
    (line,) = [x for x in ctx.results.summary if x.startswith("Rebalance: ")]
    assert line.startswith("Rebalance: No rebalance needed; 2 trade(s) of a harvest-only plan (every class is "
                           "within its band), tax saved $")


def test_the_zero_percent_table_title_says_what_its_lots_cost():
    # fe10 H1: $104,046.52 of long-term gains in the 0% room cost $300.00 federal (the losses they use up)
    # and 5% state on 104,046.52 - 34,296.52 of carryforward used = $69,750: $3,487.50; a bare "at 0%" misled
    # (here without the carryforward used: the title that prices it is tests/test_gain_harvest_carryforward_priced.py)
    from taxrebal.engine.harvest import GainHarvest
    from taxrebal.workbook.results.harvest import gains_title

    def g(lots: tuple, federal: float, state: float) -> GainHarvest:
        return GainHarvest(0.0, lots, 0.0, federal, state, 0.0)

    assert gains_title(g((object(),), 300.0, 3_487.5)) == (
        "Gain harvesting at 0% federal: these lots cost $300.00 federal (the losses they use up) and $3,487.50 state")
    assert gains_title(g((object(),), 0.0, 0.0)) == "Gain harvesting at 0% federal"
    assert gains_title(g((), 0.0, 0.0)) == "Gain harvesting at 0% federal"
