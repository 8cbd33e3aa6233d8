"""``taxrebal orders BOOK [-o DIR] [--layout tickets|ibkr-basket]``: the plan's orders, one CSV per account.

Runs the same pipeline as ``taxrebal run --only rebalance`` in memory (BOOK is not changed), then
writes ``orders-<account>.csv`` for each account with trades into DIR (default: BOOK's folder) and
prints the tickets. See :mod:`taxrebal.workbook.results.orders` for the rules and the layouts.

Exit codes: 0 written; 1 the workbook has errors or no plan could be made (nothing written);
2 -o names a file, not a folder; 3 a file or the -o folder could not be written. A missing -o folder
is created.
"""

from __future__ import annotations

import argparse
from datetime import date, datetime
from pathlib import Path

from taxrebal.engine.money import cents

from ..errors import Severity
from ..exit_codes import ExitCode
from ..workbook.results.order_files import LAYOUTS
from .output import err as _err
from .output import no_such_file
from .output import out as _out

__all__ = ["add_parser", "cmd_orders"]


def cmd_orders(args: argparse.Namespace) -> int:
    # imported when this command runs: `taxrebal --help` and the other commands load none of it
    from ..pipeline import file_loader, run_book
    from ..workbook.memory_book import MemoryBook
    from ..workbook.reader import read_raw_sheets
    from ..workbook.results import RESULT_SHEETS
    from ..workbook.results.order_files import (
        BASKET_LOTS,
        basket_left_out,
        basket_lot_lines,
        left_out_line,
        write_order_files,
    )
    from ..workbook.results.orders import FRACTIONAL, RECENT_LOTS, SETTLES, advice_text, sequence_table

    book = Path(args.book)
    if no_such_file(book):
        return ExitCode.INPUT
    folder = Path(args.output) if args.output else (book.parent if str(book.parent) else Path("."))
    if args.output and folder.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".csv"):
        _err(f"-o names the folder for the CSV files, not a file: '{folder}'; choose a folder, e.g. -o orders")
        return ExitCode.USAGE
    if folder.exists() and not folder.is_dir():
        _err(f"'{folder}' is not a folder; choose a folder for the CSV files with -o")
        return ExitCode.SAVE
    try:
        names = list(read_raw_sheets(book))
    except Exception:  # noqa: BLE001 - the loader below reports why, as an Issue
        names = []
    # results are computed in memory: only the input sheets matter (an earlier run's result sheets in
    # the file are not rewritten, so they need not be recognised as taxrebal's own here)
    results = {n.casefold() for n in RESULT_SHEETS}
    memory = MemoryBook([n for n in names if n.casefold() not in results])
    now = datetime.now().astimezone()
    outcome = run_book(memory, file_loader(book), command="rebalance", run_time=now, default_as_of=now.date(),
                       source_name=str(book))
    tickets = outcome.results.orders
    errors = [i for i in outcome.issues if i.severity is Severity.ERROR]
    if tickets is None or errors:
        _err(f"no orders: {book} has errors or no plan could be made; run `taxrebal run {book}` and see Issues.")
        for i in errors[:15]:
            _err(f"  {i.location + ': ' if i.sheet else ''}{i.message}")
        return ExitCode.INPUT
    if not tickets:
        _out("The plan has no trades: nothing to order.")
        return ExitCode.OK
    try:
        folder.mkdir(parents=True, exist_ok=True)  # -o may name a new folder: made only when there is a plan
        files = write_order_files(tickets, folder, args.layout)
    except OSError as err:
        _err(f"could not write the order files in '{folder}': {err.strerror or err}")
        return ExitCode.SAVE
    as_of = outcome.as_of or date.today()
    _out(f"Orders for {book} as of {as_of.isoformat()} ({len(tickets)} ticket(s)):")
    sequence = sequence_table(tickets)
    if sequence is not None:
        _out("Across accounts: place in this order (wait until the FIRST has filled):")
        for (line,) in sequence.rows:
            _out(f"  {line}")
    basket = args.layout == "ibkr-basket"
    for t in tickets:
        what = f"${cents(t.amount):,.2f}" if t.order_type == "Dollars" else f"{t.quantity:,.6g} sh"
        if t.order_type == "All shares":
            what = f"all {t.quantity:,.6g} sh"
        _out(f"  {t.account} #{t.order} (step {t.step}): {t.action.value} {what} {t.symbol}"
             + (f" | {t.across_accounts}" if t.across_accounts else "")
             + (f" | {_lots(t.lot_text, basket)}" if t.lots else "")
             + (f" | {_lots(t.note, basket)}" if t.note else ""))
    for key in (FRACTIONAL, SETTLES, RECENT_LOTS):
        if any(key in t.advice for t in tickets):
            _out(f"  {advice_text(key, tickets)}")
    for p, wait in files:
        _out(f"Wrote {p}" + (f": {wait}" if wait else ""))
    if basket:
        lines = basket_lot_lines(tickets)
        if lines:
            _out(BASKET_LOTS)
            for line in lines:
                _out(f"  {line}")
        for t in basket_left_out(tickets):
            _out(left_out_line(t))
    return ExitCode.OK


def _lots(text: str, basket: bool) -> str:
    """A ticket's lots as the console names them: a basket cannot choose lots, so they are the lots to match
    in IBKR's Tax Optimizer after the fill (``BASKET_LOTS``), not a "Specific lots" choice on the order."""
    if not basket:
        return text
    return text.replace("Specific lots: ", "lots to match in Tax Optimizer: ", 1).replace(
        "choose Specific lots (not the broker's default)", "match them in Tax Optimizer after the fill (see below)")


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "orders", help="write the plan's orders, one CSV per account (BOOK is not changed)",
        description="Make the rebalancing plan of BOOK (as taxrebal run does) and write its orders as one CSV "
                    "per account: tickets in the order to place them, each taxable sell with the specific lots "
                    "to choose (open date, shares, cost per share). BOOK is not changed; `taxrebal run` writes "
                    "the same orders on the Orders sheet.")
    p.add_argument("book", metavar="BOOK", help="the household workbook (.xlsx or .xlsm)")
    p.add_argument("-o", "--output", metavar="DIR", help="folder for the CSV files (default: BOOK's folder)")
    p.add_argument("--layout", choices=LAYOUTS, default="tickets",
                   help="tickets (a checklist with lots, default) or ibkr-basket (Interactive Brokers BasketTrader)")
    p.set_defaults(func=cmd_orders)
