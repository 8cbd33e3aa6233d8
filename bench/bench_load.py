"""Benchmark: load-and-validate a large household beside python-calamine's raw read of the same file.

Target (issue 2): ``load_workbook_file`` within 3x the time calamine takes just to read every sheet,
and under 1 GB peak memory, on the 100,000-lot household of ``bench/generate.py``.

The baseline is python-calamine alone with default settings (``from_path`` + ``to_python`` of every
sheet); ``read_raw_sheets`` (the same read with the garbage collector paused) is shown for reference.
Both wall-clock and CPU (process) time are reported: on a shared machine wall time is noisy, CPU time
is what the code costs. Each measurement is the best of ``--repeat`` runs. Peak memory is the process's
maximum resident set size (``resource.getrusage``), measured in a fresh subprocess per phase so one
phase's peak does not hide the other's.

Usage: ``python bench/bench_load.py [--lots 100000] [--file path.xlsx] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _peak_rss_mb() -> float:
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024.0 if sys.platform != "darwin" else peak / 1024.0 / 1024.0


def _phase(phase: str, path: str) -> dict:
    """Run one phase in this process and report its times and peak RSS (used by the subprocesses)."""
    from taxrebal.workbook.reader import load_workbook_file, read_raw_sheets

    base = _peak_rss_mb()
    w0, c0 = time.perf_counter(), time.process_time()
    if phase == "raw":  # python-calamine alone, default settings: the baseline
        import python_calamine

        book = python_calamine.CalamineWorkbook.from_path(path)
        sheets = {n: book.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in book.sheet_names}
        info = {"cells": sum(len(r) for rows in sheets.values() for r in rows)}
    elif phase == "read_raw_sheets":  # our raw reading step (calamine with the collector paused)
        sheets = read_raw_sheets(path)
        info = {"cells": sum(len(r) for rows in sheets.values() for r in rows)}
    else:
        result = load_workbook_file(path)
        hh = result.household
        info = {"ok": result.ok, "issues": len(result.issues), "lots": len(hh.lots) if hh else 0,
                "transactions": len(hh.transactions) if hh else 0}
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    return {"wall": wall, "cpu": cpu, "peak_rss_mb": _peak_rss_mb(), "base_rss_mb": base, **info}


def _run_phase(phase: str, path: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--phase", phase, "--file", str(path)],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lots", type=int, default=100_000)
    ap.add_argument("--transactions", type=int, default=20_000)
    ap.add_argument("--file", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--phase", choices=("raw", "read_raw_sheets", "load"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.phase:
        print(json.dumps(_phase(args.phase, str(args.file))))
        return 0
    path = args.file
    if path is None or not path.exists():
        sys.path.insert(0, str(HERE))
        from generate import generate_household, write_household_xlsx

        path = path or Path(tempfile.gettempdir()) / f"taxrebal_bench_{args.lots}.xlsx"
        t0 = time.perf_counter()
        write_household_xlsx(generate_household(n_lots=args.lots, n_transactions=args.transactions), path)
        print(f"generated {path} ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t0:.1f}s")
    raws = [_run_phase("raw", path) for _ in range(args.repeat)]
    ours = [_run_phase("read_raw_sheets", path) for _ in range(args.repeat)]
    loads = [_run_phase("load", path) for _ in range(args.repeat)]
    raw_wall, raw_cpu = min(r["wall"] for r in raws), min(r["cpu"] for r in raws)
    load_wall, load_cpu = min(r["wall"] for r in loads), min(r["cpu"] for r in loads)
    peak = max(r["peak_rss_mb"] for r in loads)
    last = loads[-1]
    print(f"file: {path}  lots: {last['lots']}  transactions: {last['transactions']}  ok: {last['ok']}  "
          f"issues: {last['issues']}  cells: {raws[-1]['cells']}")
    print(f"calamine raw read      : wall {raw_wall:6.2f}s   cpu {raw_cpu:6.2f}s   peak RSS "
          f"{max(r['peak_rss_mb'] for r in raws):6.0f} MB")
    print(f"read_raw_sheets        : wall {min(r['wall'] for r in ours):6.2f}s   cpu "
          f"{min(r['cpu'] for r in ours):6.2f}s")
    print(f"load_workbook_file     : wall {load_wall:6.2f}s   cpu {load_cpu:6.2f}s   peak RSS {peak:6.0f} MB")
    print(f"ratio load / raw read  : wall {load_wall / raw_wall:5.2f}x   cpu {load_cpu / raw_cpu:5.2f}x   "
          "(target <= 3x, peak < 1024 MB)")
    return 0 if load_cpu / raw_cpu <= 3.0 and peak < 1024 else 1


if __name__ == "__main__":
    sys.exit(main())
