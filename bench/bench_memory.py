"""Peak memory and CPU of each step of ``taxrebal run`` at 100,000 lots, one step per fresh process.

Target (issue 13): a 100,000-lot ``taxrebal run`` under 400 MiB peak resident memory. The whole run
includes the Rebalance step, whose solves take many minutes at this size, so each other part is
measured on its own: ``taxrebal run BOOK -o OUT --only STEP`` for ``validate`` (reading, checking,
Issues, Run Info, saving), ``allocation``, ``wash_sales``, ``harvest`` and ``lot_selection``, each in
a fresh process (interpreter start, imports, reading, the step, writing the result sheets, the atomic
save). ``orders`` needs the rebalancing plan (``--only orders`` runs Rebalance first), so it is
measured only with ``--rebalance-seconds``.

The household is ``bench/generate.py``'s (seed 20250630; transactions one per five lots, as
``bench_run.py``). The anchor, measured in the same run on the same file, is a fresh Python process
that only reads every sheet with python-calamine (the least any reader of the file holds at once).

Printed per step: wall and CPU seconds, peak resident memory (``ru_maxrss`` of the child from
``os.wait4``), its ratio to the 400 MiB target and to the anchor's peak. ``--stages`` adds, per step,
a child running the same command in-process that prints the resident memory and its high-water mark
at each stage (reading, each step, writing Issues and Run Info, saving): where the peak is reached.
``--rebalance-seconds S`` also starts ``--only rebalance`` and samples its high-water mark for S
seconds, then stops it: a lower bound on the Rebalance step's peak (printed as ">= X MiB").
``--solves N`` runs ``--only rebalance`` in a child that prints, for each of its first N HiGHS solves
of a model above 15,000 columns, the model's size, the resident memory when it is passed to HiGHS and
the high-water mark within the solve (reset before it through ``/proc/self/clear_refs``): which solves
set the peak, and how much of it is the memory held between solves.

Exit status 0 when every measured peak is under the target, 1 otherwise.

Last measured 2026-12-04, ``python bench/bench_memory.py --rebalance-seconds 200`` (100,000 lots,
20,000 transactions, load average 8-9 on 2 cores; peak MiB / CPU s; main f550f48 -> now): validate
147 / 3.1 -> 121 / 2.7, allocation 147 / 3.5 -> 121 / 3.0, wash_sales 151 / 3.8 -> 125 / 3.8, harvest
179 / 5.3 -> 153 / 5.2, lot_selection 151 / 4.2 -> 124 / 3.4: every step under target. Rebalance: >= 661
MiB after 200 s (57 s CPU), stopped; over target. In its fourth HiGHS solve (a 70,620-column MILP) the
high-water mark at 42 CPU seconds was 775 MiB with glibc's default thresholds and 665 MiB with the
command line's (``taxrebal/cli/allocator.py``); tracemalloc sees about 110 MiB of Python and numpy
allocations there, the rest is HiGHS's own. ``--steps validate --rebalance-seconds 420``: Rebalance >= 723
MiB after 7 minutes (131 s CPU); 932 MiB after 7 minutes on main f550f48.

Usage: ``python bench/bench_memory.py [--lots 100000] [--steps validate harvest ...] [--stages]
[--rebalance-seconds 0] [--keep DIR]``.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_run import ANCHOR_CODE, _child, make_household  # noqa: E402  (the same household and anchor)

PEAK_TARGET_MIB = 400.0
STEPS = ("validate", "allocation", "wash_sales", "harvest", "lot_selection")


def _status_mib(pid: int | str = "self") -> dict[str, float]:
    """VmRSS and VmHWM (resident now, high-water mark) of a process, in MiB (Linux /proc)."""
    out = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    out[line[:5]] = int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return out


# --- the stages child: the same command in-process, resident memory at each stage ----------------


def stages_child(book: str, out: str, step: str) -> None:
    """Run ``taxrebal run BOOK -o OUT --only STEP`` here, noting CPU seconds, resident memory and its
    high-water mark at each stage. Prints one JSON line."""
    import taxrebal.workbook.saving as saving
    from taxrebal import cli, pipeline

    marks: list[tuple[str, float, float, float]] = []

    def mark(label: str) -> None:
        m = _status_mib()
        marks.append((label, time.process_time(), m.get("VmRSS", 0.0), m.get("VmHWM", 0.0)))

    for name, label in (("open_result_book", "opening for writing"), ("save_atomic", "saving")):
        original = getattr(saving, name)

        def wrapper(*a, _original=original, _label=label, **k):
            mark(_label)
            try:
                return _original(*a, **k)
            finally:
                mark("after " + _label)

        setattr(saving, name, wrapper)
    original_run = pipeline.run_book

    def run_book(*a, **k):
        k["progress"] = lambda done, total, message: mark(message)
        return original_run(*a, **k)

    pipeline.run_book = run_book
    mark("start (imports)")
    code = cli.main(["run", book, "-o", out, "--only", step])
    mark("end")
    print(json.dumps({"code": code, "marks": marks}))


# --- the Rebalance step, sampled for a while ------------------------------------------------------


def sample_rebalance(book: Path, out: Path, seconds: float) -> dict:
    """Start ``--only rebalance``; sample the child's high-water mark every 0.5 s for ``seconds``;
    stop it. Returns the largest mark seen and whether the run ended by itself."""
    env = dict(os.environ)
    env.setdefault("PYTHONPATH", str(HERE.parent / "src"))
    proc = subprocess.Popen([sys.executable, "-m", "taxrebal", "run", str(book), "-o", str(out), "--only",
                             "rebalance"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t0 = time.perf_counter()
    hwm = 0.0
    finished = False
    while time.perf_counter() - t0 < seconds:
        hwm = max(hwm, _status_mib(proc.pid).get("VmHWM", 0.0))
        if proc.poll() is not None:
            finished = True
            break
        time.sleep(0.5)
    if not finished:
        proc.send_signal(signal.SIGTERM)
    _, _, usage = os.wait4(proc.pid, 0)
    peak = max(hwm, usage.ru_maxrss / 1024.0)
    return {"peak_mib": peak, "finished": finished, "wall": time.perf_counter() - t0,
            "cpu": usage.ru_utime + usage.ru_stime}


# --- the solves child: each large HiGHS solve's memory ------------------------------------------


def solves_child(book: str, out: str, limit: int) -> None:
    """Run ``taxrebal run BOOK -o OUT --only rebalance`` here; print one line per HiGHS solve of a
    model above 15,000 columns (resident MiB once HiGHS holds the model, high-water MiB within the
    solve, CPU s) and stop after ``limit`` of them."""
    import taxrebal.engine.rebalance.interruptible as interruptible
    from taxrebal import cli

    seen = [0]
    original = interruptible.run
    report = os.dup(1)  # this process's stdout as it is now (a solve may point descriptor 1 elsewhere)

    def run(h, columns, *args, **kwargs):
        if columns <= 15_000:
            return original(h, columns, *args, **kwargs)
        held = _status_mib().get("VmRSS", 0.0)
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")  # the high-water mark starts again from here
        began = time.process_time()
        try:
            return original(h, columns, *args, **kwargs)
        finally:
            seen[0] += 1
            info = h.getInfo()
            os.write(report, (f"  solve {seen[0]:3d}: {columns:,} columns, {h.getNumRow():,} rows, "
                         f"{info.mip_node_count if info.mip_node_count >= 0 else 0:,} nodes; held {held:4.0f} MiB, "
                         f"high-water {_status_mib().get('VmHWM', 0.0):4.0f} MiB, "
                         f"{time.process_time() - began:5.1f} s CPU\n").encode())
            if seen[0] >= limit:
                os._exit(0)

    interruptible.run = run
    cli.main(["run", book, "-o", out, "--only", "rebalance"])


# --- the report -----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lots", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=20250630)
    ap.add_argument("--steps", nargs="+", default=list(STEPS), choices=STEPS)
    ap.add_argument("--repeat", type=int, default=1, help="runs per step (best CPU, largest peak)")
    ap.add_argument("--stages", action="store_true", help="resident memory at each stage of each step")
    ap.add_argument("--rebalance-seconds", type=float, default=0.0, metavar="S",
                    help="also sample --only rebalance for S seconds (a lower bound on its peak)")
    ap.add_argument("--solves", type=int, default=0, metavar="N",
                    help="also print the memory of --only rebalance's first N large HiGHS solves")
    ap.add_argument("--keep", type=Path, help="folder for the generated household (reused when present)")
    ap.add_argument("--solves-child", nargs=3, metavar=("BOOK", "OUT", "N"), help=argparse.SUPPRESS)
    ap.add_argument("--stages-child", nargs=3, metavar=("BOOK", "OUT", "STEP"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.stages_child:
        stages_child(*args.stages_child)
        return 0
    if args.solves_child:
        solves_child(args.solves_child[0], args.solves_child[1], int(args.solves_child[2]))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        book = make_household(args.lots, folder, args.seed)
        out = folder / f"memory_out_{args.lots}.xlsx"
        anchor = _child([sys.executable, "-c", ANCHOR_CODE, str(book)])
        print(f"{args.lots:,} lots ({book.stat().st_size / 1e6:.1f} MB); anchor (python-calamine reads every "
              f"sheet): {anchor['cpu']:.2f}s CPU, peak {anchor['peak_mib']:.0f} MiB", flush=True)
        print(f"\n{'step':<14} {'wall':>7} {'cpu':>7} {'peak MiB':>9} {'/target':>8} {'/anchor':>8}  "
              f"target < {PEAK_TARGET_MIB:.0f} MiB")
        ok = True
        staged = []
        for step in args.steps:
            runs = [_child([sys.executable, "-m", "taxrebal", "run", str(book), "-o", str(out), "--only", step])
                    for _ in range(args.repeat)]
            for r in runs:
                if r["code"] not in (0, 1):
                    raise SystemExit(f"taxrebal run --only {step} failed ({r['code']}):\n{r['stderr'][-2000:]}")
            wall, cpu = min(r["wall"] for r in runs), min(r["cpu"] for r in runs)
            peak = max(r["peak_mib"] for r in runs)
            met = peak < PEAK_TARGET_MIB
            ok &= met
            print(f"{step:<14} {wall:>6.2f}s {cpu:>6.2f}s {peak:>9.0f} {peak / PEAK_TARGET_MIB:>7.2f}x "
                  f"{peak / anchor['peak_mib']:>7.2f}x  {'met' if met else 'MISSED'}", flush=True)
            if args.stages:
                c = _child([sys.executable, __file__, "--stages-child", str(book), str(out), step])
                try:
                    staged.append((step, json.loads(c["stdout"].strip().splitlines()[-1])["marks"]))
                except (ValueError, IndexError, KeyError):
                    print(c["stderr"][-2000:])
        if args.rebalance_seconds > 0:
            r = sample_rebalance(book, out, args.rebalance_seconds)
            met = r["peak_mib"] < PEAK_TARGET_MIB
            ok &= met
            shown = f"{r['peak_mib']:>9.0f}" if r["finished"] else f"{'>=' + format(r['peak_mib'], '.0f'):>9}"
            print(f"{'rebalance':<14} {r['wall']:>6.1f}s {r['cpu']:>6.1f}s {shown} "
                  f"{r['peak_mib'] / PEAK_TARGET_MIB:>7.2f}x {r['peak_mib'] / anchor['peak_mib']:>7.2f}x  "
                  f"{'met' if met and r['finished'] else 'under so far' if met else 'MISSED'}"
                  + ("" if r["finished"] else f" (stopped after {args.rebalance_seconds:.0f} s: a lower bound)"))
        if args.solves > 0:
            print(f"\n--only rebalance, its first {args.solves} HiGHS solves above 15,000 columns:", flush=True)
            c = _child([sys.executable, __file__, "--solves-child", str(book), str(out), str(args.solves)])
            print(c["stdout"].rstrip() or c["stderr"][-2000:])
        for step, marks in staged:
            print(f"\nstages of --only {step} (CPU s at the start of each stage, resident MiB, high-water MiB):")
            for label, cpu, rss, hwm in marks:
                print(f"  {label[:44]:<44} {cpu:7.2f}s {rss:7.0f} {hwm:7.0f}")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
