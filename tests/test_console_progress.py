"""Progress of a long run on the command line: a status line on a terminal, occasional lines in a log."""

import io

from taxrebal.cli.output import progress_printer


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_quick_run_writes_nothing_to_a_log():
    log, clock = io.StringIO(), Clock()
    progress = progress_printer(log, clock=clock, every=5.0)
    for n, step in enumerate(["Reading the workbook", "Wash Sales", "Allocation", "Writing Issues and Run Info"]):
        clock.now += 0.5
        progress(n, 4, step)
    assert log.getvalue() == ""


def test_a_long_step_shows_in_the_log_with_the_time_it_took():
    log, clock = io.StringIO(), Clock()
    progress = progress_printer(log, clock=clock, every=5.0)
    progress(0, 8, "Reading the workbook")
    clock.now += 2
    progress(5, 8, "Rebalance")  # 2 s in: nothing yet
    clock.now += 50
    progress(6, 8, "Orders")  # after a 50-second step
    clock.now += 1
    progress(7, 8, "Writing Issues and Run Info")  # within 5 s of the last line: nothing
    clock.now += 70
    progress(8, 8, "Done")
    assert log.getvalue().splitlines() == [
        "taxrebal: 0:52 [6/8] Orders; Rebalance took 50 s",
        "taxrebal: 2:03 [8/8] Done; Writing Issues and Run Info took 70 s",
    ]


def test_a_terminal_gets_one_status_line_rewritten_in_place():
    term = Terminal()
    progress = progress_printer(term)
    progress(1, 2, "Allocation")
    progress(2, 2, "Done")
    assert term.getvalue().count("\r") == 2 and term.getvalue().endswith("\n")
    assert "[1/2] Allocation" in term.getvalue()
