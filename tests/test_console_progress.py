"""Progress of a long run on the command line: a status line on a terminal, occasional lines in a log."""

import io

from taxrebal.cli.output import heartbeat, progress_printer


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


def test_a_message_too_soon_to_print_is_printed_when_its_step_runs_long():
    # Contributions Only printed at 0:06, "the plan" 2 s later went unsaid, and the log showed
    # Contributions Only for the 17 minutes the plan took (the 100,000-lot household, 2026-12-04)
    log, clock = io.StringIO(), Clock()
    progress = progress_printer(log, clock=clock, every=5.0)
    progress(0, 8, "Reading the workbook")
    clock.now += 6
    progress(3, 8, "Rebalance: Contributions Only")
    clock.now += 2
    progress(3, 8, "Rebalance: the plan")
    clock.now += 4
    progress.beat()  # 4 s into the plan: quick so far
    clock.now += 1
    progress.beat()
    assert log.getvalue().splitlines() == [
        "taxrebal: 0:06 [3/8] Rebalance: Contributions Only; Reading the workbook took 6 s",
        "taxrebal: 0:13 [3/8] Rebalance: the plan; running for 0:05",
    ]


def test_a_long_step_says_it_is_still_running_at_most_every_30_seconds():
    log, clock = io.StringIO(), Clock()
    progress = progress_printer(log, clock=clock, every=5.0)
    clock.now += 6
    progress(3, 8, "Rebalance: the plan")  # printed: 6 s since the start
    for _ in range(125):  # two minutes and five seconds of beats, one a second
        clock.now += 1
        progress.beat()
    lines = log.getvalue().splitlines()
    assert lines == [
        "taxrebal: 0:06 [3/8] Rebalance: the plan",
        "taxrebal: 0:36 [3/8] Rebalance: the plan; running for 0:30",
        "taxrebal: 1:06 [3/8] Rebalance: the plan; running for 1:00",
        "taxrebal: 1:36 [3/8] Rebalance: the plan; running for 1:30",
        "taxrebal: 2:06 [3/8] Rebalance: the plan; running for 2:00",
    ]


def test_a_terminal_status_line_shows_how_long_the_step_has_run():
    term, clock = Terminal(), Clock()
    progress = progress_printer(term, clock=clock, every=5.0)
    progress(3, 8, "Rebalance: the plan")
    clock.now += 3
    progress.beat()  # quick so far: the line stays as it is
    assert term.getvalue().count("\r") == 1
    clock.now += 150
    progress.beat()
    assert term.getvalue().endswith("2:33")
    progress(4, 8, "Lot Selection")  # its line is padded over the running time
    assert term.getvalue().endswith("[4/8] Lot Selection" + " " * (40 - len("Lot Selection")) + " " * 9)


def test_the_heartbeat_thread_beats_while_the_block_runs_and_stops_after():
    beats = []

    class Printer:
        def beat(self):
            beats.append(1)

    import threading
    done = threading.Event()
    with heartbeat(Printer(), every=0.01):
        for _ in range(1000):  # up to 10 s on a loaded machine
            if len(beats) >= 2:
                break
            done.wait(0.01)
    after = len(beats)
    assert after >= 2
    done.wait(0.05)
    assert len(beats) == after
