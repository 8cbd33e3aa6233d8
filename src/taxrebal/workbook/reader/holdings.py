"""What the household holds: Accounts, Securities, Targets and Lots.

Each sheet is read into engine records; a problem is an Issue on its cell saying the fix. What
changes the tax or the allocation (an account's type, a held lot's quantity, date or basis) stops the
run with an error and is never guessed; an unusable Securities row is left out with a warning and
each lot of it is then an error. Worked example: a Lots row 7 with Account "Joint", Symbol "vti",
Acquired 45000, Quantity "10", Cost Basis "$2,000.00" becomes
``Lot(lot_id="Lots!7", account="Joint", symbol="VTI", acquired=date(2023, 3, 15), quantity=10.0,
basis=2000.0)``; with Account "Jiont" it is the error ``Lots!B7: Account 'Jiont' is not on the
Accounts sheet ...``.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import replace
from datetime import date
from typing import Any, Callable, Optional, Sequence

from ...engine.lots import format_shares
from ...engine.money import cents
from ...engine.records import (
    ACCOUNT_TYPES,
    Account,
    Lot,
    Security,
    SourceRef,
    Target,
    TaxTreatment,
    looks_like_mutual_fund,
)
from .. import rules, schema
from ..cells import (
    INHERITED,
    column_letter,
    describe,
)
from .checks import warn_basis_per_share
from .tables import ERROR, INFO, WARNING, Context, Issues, Table, build_table, cell_problem, warn_unreadable

# ---------------------------------------------------------------------------------- accounts

def read_accounts(sheet: str, raw: Any, ctx: Context) -> Optional[list[Account]]:
    t = build_table(sheet, schema.ACCOUNTS, raw, ctx.issues)
    if t is None:
        return None
    out: list[Account] = []
    by_name: dict[str, Account] = {}
    row_of: dict[str, int] = {}  # casefold name -> its row
    ctx.accounts_sheet = sheet
    ctx.contribution_column = t.col("contribution") if t.has("contribution") else -1
    ctx.owner_column = t.col("owner") if t.has("owner") else -1
    ok = True
    for i in t.live:
        row = t.row(i)
        problems = [(k, t.error(k, i)) for k in ("account", "type", "owner", "cash", "contribution") if t.error(k, i)]
        name = t.get("account", i) or ""
        for k, _ in problems:
            if k == "type":
                # Not "a taxable lot needs its date" on every lot of it: its lots wait for its type.
                consequence = ("The Type decides how the account is taxed, so it is never guessed and this stops "
                               f"the run; the lots of {describe(name) if name else 'this account'} are checked "
                               "(a taxable account's lots need Acquired and Cost Basis) once it is fixed.")
            else:
                consequence = ("Every lot hangs off its account, so this stops the run; the Lots sheet is checked "
                               "against Accounts once it is fixed.")
            ctx.issues.add(ERROR, sheet, cell_problem(t, k, i, consequence), row, t.col(k), "Accounts")
        typ = t.get("type", i)
        if name and typ in ACCOUNT_TYPES and not t.error("account", i) and not t.error("type", i):
            # known even when another cell of the row stops the run: its lots are checked as it says
            key = name.casefold()
            known = ACCOUNT_TYPES[typ] is TaxTreatment.TAXABLE
            ctx.account_taxable[key] = known if ctx.account_taxable.get(key, known) == known else None
        if not name and not t.error("account", i):
            ctx.issues.add(ERROR, sheet, "Account name is blank; type a unique name (it is used on the Lots sheet) "
                           "or delete the row.", row, t.col("account"), "Accounts")
            problems.append(("account", "blank"))
        if typ is None and not t.error("type", i):
            ctx.issues.add(ERROR, sheet, f"Type is blank for account {describe(name)}; type one of: "
                           f"{', '.join(ACCOUNT_TYPES)}.", row, t.col("type"), "Accounts")
            problems.append(("type", "blank"))
        if problems:
            ok = False
            continue
        key = name.casefold()
        if key in by_name:
            ctx.issues.add(ERROR, sheet, f"Account {describe(name)} is listed twice (rows {row_of[key]} and "
                           f"{row}); give each account a unique name.", row, t.col("account"), "Accounts")
            ok = False
            continue
        acct = Account(name=name, type=typ, owner=t.get("owner", i) or "", cash=t.get("cash", i) or 0.0,
                       contribution=t.get("contribution", i) or 0.0, source=SourceRef(sheet, row))
        if acct.cash < 0 and not _negative_cash_read(ctx, sheet, t, row, acct):
            ok = False
            continue
        by_name[key] = acct
        row_of[key] = row
        out.append(acct)
    if not out and ok:
        ctx.issues.add(ERROR, sheet, "The Accounts sheet lists no account; add one row per account.",
                       spec_name="Accounts")
        ok = False
    ctx.accounts = by_name if ok else None
    return out if ok else None


def _negative_cash_read(ctx: Context, sheet: str, t: Table, row: int, acct: Account) -> bool:
    """A negative Cash (fe11 finding 32): in a taxable account a margin debit the plan pays from its sales
    (kept, with a warning saying so); in an IRA, 401(k), Roth or HSA, which cannot borrow, a typo that
    would make the plan sell to cover it (an error). False when the account cannot be read."""
    if acct.is_taxable:
        ctx.issues.add(WARNING, sheet, f"Cash {acct.cash:,.2f} is negative: read as a margin debit of "
                       f"{acct.name}, which the plan pays from this account's sales before it buys anything. If it "
                       "is a typo, type the cash held (0 for none).", row, t.col("cash"), "Accounts")
        return True
    ctx.issues.add(ERROR, sheet, f"Cash {acct.cash:,.2f} is negative, but {acct.name} is a {acct.type} account, "
                   "which cannot borrow; type the cash it holds (0 for none). A negative balance would make the "
                   "plan sell to cover it, so this stops the run.", row, t.col("cash"), "Accounts")
    return False


# -------------------------------------------------------------------------------- securities

def read_securities(sheet: str, raw: Any, ctx: Context) -> Optional[list[Security]]:
    t = build_table(sheet, schema.SECURITIES, raw, ctx.issues)
    if t is None:
        return None
    ctx.class_columns["Securities"] = t.col("asset_class")
    out: list[Security] = []
    by_symbol: dict[str, Security] = {}
    row_of_symbol: dict[str, int] = {}
    groups: dict[str, str] = {}
    ok = True
    dropped = _LEFT_OUT
    for i in t.live:
        row = t.row(i)
        first_issue = len(ctx.issues)
        bad = warn_unreadable(t, ("symbol", "asset_class", "price", "identical_group"), i, sheet,
                               dropped.strip(), ctx.issues, "Securities")
        if t.error("name", i):  # the optional Name decides no figure: the row is kept, the name left blank
            ctx.issues.add(WARNING, sheet, cell_problem(t, "name", i, "The name is left blank (it decides no "
                           "figure); the security is used as its other cells say."), row, t.col("name"),
                           "Securities")
        symbol = t.get("symbol", i) or ""
        asset_class = t.get("asset_class", i) or ""
        price = t.get("price", i)
        if not symbol and not t.error("symbol", i):
            ctx.issues.add(WARNING, sheet, "Symbol is blank; type the ticker or delete the row." + dropped,
                           row, t.col("symbol"), "Securities")
            bad = True
        if not asset_class and not t.error("asset_class", i):
            ctx.issues.add(WARNING, sheet, f"Asset Class is blank for {describe(symbol)}; type its class as named "
                           "on the Targets sheet." + dropped, row, t.col("asset_class"), "Securities")
            bad = True
        if not t.error("price", i) and (price is None or price <= 0):
            what = "blank" if price is None else f"{describe(price)}, not above 0"
            ctx.issues.add(WARNING, sheet, f"Price of {describe(symbol)} is {what}; type the current price per "
                           "share." + dropped, row, t.col("price"), "Securities")
            bad = True
        if bad:
            if symbol and symbol not in ctx.dropped_symbols:
                ctx.dropped_symbols[symbol] = row
                ctx.dropped_issues[symbol] = (first_issue, len(ctx.issues))
            continue
        if symbol in by_symbol:
            ctx.issues.add(ERROR, sheet, f"Symbol {symbol} is listed twice (rows {row_of_symbol[symbol]} and "
                           f"{row}); keep one row per security.", row, t.col("symbol"), "Securities")
            ok = False
            continue
        drip = t.get("drip", i)
        if t.error("drip", i):
            ctx.issues.add(WARNING, sheet, cell_problem(t, "drip", i, "Read as N (no automatic reinvestment)."),
                           row, t.col("drip"), "Securities")
            drip = False
        group = t.get("identical_group", i) or ""
        if group:
            group = groups.setdefault(group.casefold(), group)
        security_type = t.get("security_type", i)
        if t.error("security_type", i):
            # Whole Shares must not turn a fund order into whole shares, nor a stock order into fractions
            # without saying so: the row is kept and the symbol decides, named in the warning
            guess = "a mutual fund" if looks_like_mutual_fund(symbol) else "traded on an exchange"
            ctx.issues.add(WARNING, sheet, cell_problem(
                t, "security_type", i, f"Read as blank: {symbol} is taken as {guess} from its symbol (five "
                "letters ending in X is a mutual fund). Type Stock, ETF or Mutual Fund."),
                row, t.col("security_type"), "Securities")
            security_type = None
        sec = Security(symbol=symbol, asset_class=asset_class, price=price,
                       name="" if t.error("name", i) else (t.get("name", i) or ""),
                       identical_group=group, replacements=t.get("replacement", i) or (), drip=bool(drip),
                       source=SourceRef(sheet, row), security_type=security_type)
        by_symbol[symbol] = sec
        row_of_symbol[symbol] = row
        out.append(sec)
    # Replacements: must be listed and not substantially identical to the security (IRC §1091(a)).
    checked: list[Security] = []
    for sec in out:
        row = row_of_symbol[sec.symbol]
        i = row - t.first_row
        if t.error("replacement", i):
            ctx.issues.add(WARNING, sheet, cell_problem(t, "replacement", i, "No replacement is used."),
                           row, t.col("replacement"), "Securities")
        keep = []
        for rep in sec.replacements:
            other = by_symbol.get(rep)
            if other is None and rep in ctx.dropped_symbols:
                ctx.issues.add(WARNING, sheet, f"Replacement {rep} of {sec.symbol} is on the Securities sheet "
                               f"(row {ctx.dropped_symbols[rep]}), but that row was left out (see the issue on that "
                               "row: its price or asset class could not be used); it is not used until that row is "
                               "fixed.",
                               row, t.col("replacement"), "Securities")
            elif other is None:
                ctx.issues.add(WARNING, sheet, f"Replacement {rep} of {sec.symbol} is not on the Securities sheet "
                               "(its price and class are needed); add a row for it. It is not used.",
                               row, t.col("replacement"), "Securities")
            elif other.identity == sec.identity:
                ctx.issues.add(WARNING, sheet, f"Replacement {rep} is substantially identical to {sec.symbol} "
                               "(same symbol or Identical Group), so buying it would be a wash sale (IRC §1091); "
                               "choose a similar but not identical fund. It is not used.",
                               row, t.col("replacement"), "Securities")
            else:
                keep.append(rep)
        if tuple(keep) != sec.replacements:
            sec = replace(sec, replacements=tuple(keep))
            by_symbol[sec.symbol] = sec
        checked.append(sec)
    ctx.securities = by_symbol if ok else None
    return checked if ok else None


# ---------------------------------------------------------------------------------- targets

#: A band above this many points is almost surely a typo (0.5 meant as half a point reads as 50 points).
MISTYPED_BAND_ABOVE = 0.20


def _band_looks_mistyped(band: float, weight: float) -> bool:
    """A band wider than its own target, or above 20 points, is kept (the user may mean it) but flagged:
    such a band never triggers, so it switches rebalancing off for the class. Example: REIT target 2%,
    Band typed ``0.5`` -> read as a fraction, 50 points > 2 points -> flagged."""
    return band > MISTYPED_BAND_ABOVE + 1e-12 or (weight > 0.0 and band > weight + 1e-12)


def _mistyped_band_message(t: Table, i: int, cls: str, band: float, weight: float) -> str:
    why = (f"wider than its own {weight * 100:.4g}% target" if weight > 0.0 and band > weight + 1e-12
           else f"above {MISTYPED_BAND_ABOVE * 100:.0f} points")
    return (f"Band of {describe(cls)} is {t.typed('band', i)}, read as {band * 100:.4g} points ({why}): the "
            f"class stays inside it at almost any weight, so it is in effect never rebalanced. A bare number "
            f"under 1 is a fraction (see Percentages); for half a point type 0.5% (or 0.005). If "
            f"{band * 100:.4g} points is meant, ignore this warning.")

def read_targets(sheet: str, raw: Any, ctx: Context) -> Optional[list[Target]]:
    t = build_table(sheet, schema.TARGETS, raw, ctx.issues)
    if t is None:
        return None
    ctx.class_columns["Targets"] = t.col("asset_class")
    out: list[Target] = []
    rows_by_class: dict[str, int] = {}
    ok = True
    for i in t.live:
        row = t.row(i)
        fatal = False
        for k in ("asset_class", "target"):
            if t.error(k, i):
                ctx.issues.add(ERROR, sheet, cell_problem(t, k, i, "Targets must all be read to check they sum to "
                               "100%."), row, t.col(k), "Targets")
                fatal = True
        cls = t.get("asset_class", i) or ""
        weight = t.get("target", i)
        if not cls and not t.error("asset_class", i):
            ctx.issues.add(ERROR, sheet, "Asset Class is blank; type the class name (as on the Securities sheet) or "
                           "delete the row.", row, t.col("asset_class"), "Targets")
            fatal = True
        if weight is None and not t.error("target", i):
            ctx.issues.add(ERROR, sheet, f"Target is blank for {describe(cls)}; type its weight (0% to drop the "
                           "class).", row, t.col("target"), "Targets")
            fatal = True
        elif weight is not None and not 0.0 <= weight <= 1.0 + 1e-12:
            ctx.issues.add(ERROR, sheet, f"Target of {describe(cls)} reads as {weight:.2%}; type a weight from 0% "
                           "to 100% (60, 60% and 0.6 all mean 60%).", row, t.col("target"), "Targets")
            fatal = True
        if fatal:
            ok = False
            continue
        if cls.casefold() in rows_by_class:
            ctx.issues.add(ERROR, sheet, f"Asset class {describe(cls)} has two rows ({rows_by_class[cls.casefold()]} "
                           f"and {row}); merge them into one.", row, t.col("asset_class"), "Targets")
            ok = False
            continue
        rows_by_class[cls.casefold()] = row
        band = t.get("band", i)
        if t.error("band", i):
            ctx.issues.add(WARNING, sheet, cell_problem(t, "band", i, "The Default Band is used."),
                           row, t.col("band"), "Targets")
            band = None
        elif band is not None and not 0.0 <= band < 1.0:
            ctx.issues.add(WARNING, sheet, f"Band of {describe(cls)} reads as {band:.2%}, outside 0-100 points; type "
                           "a band such as 5 (points) or 5%. The Default Band is used.",
                           row, t.col("band"), "Targets")
            band = None
        elif band is not None and _band_looks_mistyped(band, weight):
            ctx.issues.add(WARNING, sheet, _mistyped_band_message(t, i, cls, band, weight),
                           row, t.col("band"), "Targets")
        location = t.get("location", i)
        if t.error("location", i):
            ctx.issues.add(WARNING, sheet, cell_problem(t, "location", i, "No preferred location is used."),
                           row, t.col("location"), "Targets")
            location = None
        out.append(Target(asset_class=cls, target=weight, band=band, location=location, source=SourceRef(sheet, row)))
    if ok and not out:
        ctx.issues.add(ERROR, sheet, "The Targets sheet lists no asset class; add one row per class with its "
                       "target weight.", spec_name="Targets")
        ok = False
    if ok:
        total = math.fsum(x.target for x in out)
        if abs(total - 1.0) > 1e-4 + 1e-12:
            ones = [f"{column_letter(t.col('target'))}{x.source.row}" for x in out if x.target == 1.0 and x.source]
            hint = (f" A bare 1 reads as 100% (a number of 1 or less is a fraction, see Percentages): if "
                    f"{', '.join(ones)} meant 1%, type 1%." if ones and len(out) > 1 else "")
            rows = [x.source.row for x in out if x.source]
            ctx.issues.add(ERROR, sheet, f"Targets add up to {total * 100:.4g}%, not 100% (off by "
                           f"{(total - 1.0) * 100:+.4g} points); change the Target column so it totals 100%.{hint}",
                           min(rows), t.col("target"), "Targets", last_row=max(rows))
            ok = False
    ctx.class_names = {x.asset_class.casefold(): x.asset_class for x in out}
    return out if ok else None


# -------------------------------------------------------------------------------------- lots

def _no_error(key: str, i: int) -> None:
    return None


def read_lots(sheet: str, raw: Any, ctx: Context) -> Optional[list[Lot]]:
    any_taxable = ctx.accounts is not None and any(a.is_taxable for a in ctx.accounts.values())
    required = ["account", "symbol", "quantity"] + (["acquired"] if any_taxable else [])
    t = build_table(sheet, schema.LOTS, raw, ctx.issues, required=required)
    if t is None:
        return None
    if any_taxable and not (t.has("cost_basis") or t.has("unit_cost")):
        ctx.issues.add(ERROR, sheet, "The Lots sheet has neither a Cost Basis nor a Unit Cost column, and taxable "
                       "accounts need a basis to compute gains. Add a 'Cost Basis' (total) or 'Unit Cost' column.",
                       t.first_row - 1, -1, "Lots")
        return None
    ctx.filled_rows["Lots"] = (t.first_row, len(t.live))
    ctx.column_letters["Lots"] = {k: column_letter(c) for k, c in t.cols.items()}
    add, accounts, securities, as_of = ctx.issues.add, ctx.accounts, ctx.securities, ctx.as_of
    n = len(t.values["account"])
    blank = [None] * n
    v_id = t.values.get("lot_id") or blank
    v_acct, v_sym, v_qty = t.values["account"], t.values["symbol"], t.values["quantity"]
    v_acq = t.values.get("acquired") or blank
    v_basis = t.values.get("cost_basis") or blank
    v_unit = t.values.get("unit_cost") or blank
    v_wash = t.values.get("wash_adjusted") or blank
    c_id, c_acct, c_sym, c_acq, c_qty = (t.col(k) for k in ("lot_id", "account", "symbol", "acquired", "quantity"))
    c_basis = t.col("cost_basis") if t.has("cost_basis") else t.col("unit_cost")
    prefix = schema.GENERATED_LOT_PREFIX.casefold()
    first_row, bad_rows = t.first_row, t.bad_rows
    account_of: dict[str, Optional[Account]] = {}
    out: list[Lot] = []
    ids: dict[str, int] = {}
    ok = True
    held_dropped: dict[str, list[int]] = {}  # symbol whose Securities row was left out -> Lots rows
    # one object per distinct symbol and Acquired date, shared by the lots (the reader gives each cell its
    # own: 100,000 lots held about 8 MiB of copies through the run, bench_memory.py); values unchanged
    same_symbol: dict[str, str] = {}
    same_day: dict[date, date] = {}
    for i in t.live:
        row = first_row + i
        row_is_bad = i in bad_rows
        err = t.error if row_is_bad else _no_error
        # --- identity and references: errors, because the holding must be counted
        if row_is_bad:
            for k in ("lot_id", "account", "symbol"):
                if err(k, i):
                    add(ERROR, sheet, cell_problem(t, k, i, "The lot cannot be placed, so this stops the run."),
                        row, t.col(k), "Lots")
                    ok = False
        lot_id = v_id[i]
        if not lot_id:
            lot_id = schema.generated_lot_id(row)
        elif lot_id[:5].casefold() == prefix:
            add(ERROR, sheet, f"Lot ID {describe(lot_id)} uses the prefix 'Lots!' reserved for generated ids; rename "
                "it (or clear it to let taxrebal number the lot).", row, c_id, "Lots")
            ok = False
            continue
        if lot_id in ids:
            add(ERROR, sheet, f"Lot ID {describe(lot_id)} is used twice (rows {ids[lot_id]} and {row}); give each lot "
                "its own id.", row, c_id, "Lots")
            ok = False
            continue
        ids[lot_id] = row
        name = v_acct[i] or ""
        account = None
        if accounts is not None:
            if name in account_of:
                account = account_of[name]
            else:
                account = account_of[name] = accounts.get(name.casefold())
            if account is None and not err("account", i):
                add(ERROR, sheet, (f"Account {describe(name)} is not on the Accounts sheet "
                                   f"({_nearest_account(name, ctx)}accounts: {ctx.account_list()}); correct the "
                                   "name or add the account. A lot cannot be left out silently.") if name else
                    "Account is blank; type the account that holds this lot (as named on the Accounts sheet).",
                    row, c_acct, "Lots")
                ok = False
        symbol = v_sym[i] or ""
        if symbol.__class__ is str:
            symbol = same_symbol.setdefault(symbol, symbol)
        dropped = False
        if securities is not None and symbol not in securities and not err("symbol", i):
            if symbol and symbol in ctx.dropped_symbols:
                # One error, on the Securities row (the root cause), instead of one per lot: below.
                held_dropped.setdefault(symbol, []).append(row)
                dropped = True
            elif not symbol:
                add(ERROR, sheet, "Symbol is blank; type the ticker of this lot (as on the Securities sheet).", row,
                    c_sym, "Lots")
            else:
                add(ERROR, sheet, f"Symbol {t.typed('symbol', i)} is not on the Securities sheet; add it with its "
                    "asset class and price, or correct the symbol. A lot cannot be left out silently.", row, c_sym,
                    "Lots")
            ok = False
        # An account whose row could not be read (its own row, or the Accounts sheet, has an error that
        # stops the run) is still taxable or not as its Type cell says, when that cell was read: its lots
        # are checked as that Type says (fe15 F10: a Taxable account's bad Acquired was "ignored (the
        # account is tax-advantaged)"). Only an account of unknown Type defers the taxable-only
        # requirements (Acquired, Cost Basis) and says so, so one typo on Accounts is one error, not one
        # more per IRA lot.
        taxable: Optional[bool]
        if account is not None:
            taxable = account.is_taxable
        elif accounts is None:
            taxable = ctx.account_taxable.get(name.casefold())
        else:
            taxable = None  # not on Accounts: its own error above
        qty, acquired, basis = v_qty[i], v_acq[i], v_basis[i]
        if acquired.__class__ is date:
            acquired = same_day.setdefault(acquired, acquired)
        if dropped:  # fe17 F13: its own cells are still checked, so one pass reports every problem
            _lot_values(ctx.issues, t, i, row, err, taxable, as_of, qty, acquired, basis, v_unit[i], v_wash[i],
                        (c_qty, c_acq, c_basis), ctx.as_of_name,
                        "Accounts" if accounts is None else "the lot's Account")
            continue
        if (not row_is_bad and qty is not None and qty > 0 and acquired.__class__ is date and basis is not None
                and basis >= 0 and v_unit[i] is None and (as_of is None or acquired <= as_of)):
            # the common, fully valid row: nothing to check further
            out.append(Lot(lot_id, account.name if account is not None else name, symbol, acquired, qty, basis,
                           False, bool(v_wash[i]), 0.0, None, SourceRef(sheet, row)))
            continue
        before = len(ctx.issues)
        lot = _lot_values(ctx.issues, t, i, row, err, taxable, as_of, v_qty[i], v_acq[i], v_basis[i], v_unit[i],
                          v_wash[i],
                          (c_qty, c_acq, c_basis), ctx.as_of_name,
                          "Accounts" if accounts is None else "the lot's Account")
        if lot is None:
            if ctx.issues.errors_since(before):
                ctx.unread_holdings.add((account.name if account is not None else name, symbol))
            continue
        qty, acquired, inherited, basis, wash = lot
        out.append(Lot(lot_id, account.name if account is not None else name, symbol, acquired, qty, basis,
                       inherited, wash, 0.0, None, SourceRef(sheet, row)))
    ctx.lots = {x.lot_id: x for x in out}
    ctx.lot_rows = dict(ids)  # every Lot ID on the sheet, read or left out: Sales names the row, not "no lot"
    for symbol, rows in held_dropped.items():
        ctx.held_dropped.add(symbol)
        start, end = ctx.dropped_issues.get(symbol, (0, 0))
        n = len(rows)
        ctx.issues.escalate(start, end, _LEFT_OUT.strip(),
                            f"{n} lot{'s' if n != 1 else ''} on {sheet} hold{'s' if n == 1 else ''} {symbol} "
                            f"({_rows(rows)}): a held security must be valued, so this stops the run (their other "
                            "cells are checked now; the lots are counted once this row is fixed).")
    if accounts is None and t.live:
        ctx.issues.add(INFO, sheet, "The lots are not checked yet against the Accounts sheet, which has "
                       "errors: that each lot's account is on it, and, for the lots of an account whose Type could "
                       "not be read, Acquired and Cost Basis (a taxable account's lots need them); fix them and "
                       "check again.",
                       t.first_row - 1, -1, "Lots")
    _warn_typed_beside_imported(t, out, ctx)
    _warn_repeated_rows(t, out, v_id, ctx)
    if t.has("cost_basis") and not t.has("unit_cost"):
        warn_basis_per_share(t.sheet, t.col("cost_basis"), out, ctx)
    ok = _values_plausible(t, out, ctx, c_qty) and ok
    return out if ok else None


def _nearest_account(name: str, ctx: Context) -> str:
    """'did you mean 'Brokerage'? ' for a Lots Account close to one on Accounts, as Transactions and Menus
    say (fe21 finding 10), else ''."""
    names = [a.name for a in (ctx.accounts or {}).values()]
    near = difflib.get_close_matches(name.casefold(), [n.casefold() for n in names], n=1, cutoff=0.6)
    return next((f"did you mean {describe(n)}? " for n in names if near and n.casefold() == near[0]), "")


def _values_plausible(t: Table, lots: list[Lot], ctx: Context, c_qty: int) -> bool:
    """False, with an error at the Quantity cell, for each lot worth more than any amount may be (schema
    MAX_AMOUNT, $1 trillion) at its security's price: each cell is within its own limit (a trillion shares,
    $10 million a share), but a lot of 500,000,000,000 VOO at $600 ($3e14, a fuzzed sample's typo for 1.118)
    made the rebalancing model's solves run for more than ten minutes."""
    if ctx.securities is None:
        return True
    ok = True
    for lot in lots:
        sec = ctx.securities.get(lot.symbol)
        if sec is None or lot.source is None or lot.quantity * sec.price <= schema.MAX_AMOUNT:
            continue
        ctx.issues.add(ERROR, t.sheet, f"Quantity {format_shares(lot.quantity)} of {lot.symbol} at its price on "
                       f"Securities (${cents(sec.price):,.2f}) is worth ${lot.quantity * sec.price:,.0f}, implausibly "
                       f"large (more than ${schema.MAX_AMOUNT:,.0f}, the most any amount may be); check the number.",
                       lot.source.row, c_qty, "Lots")
        ok = False
    return ok


def _warn_repeated_rows(t: Table, lots: list[Lot], ids: Sequence[Any], ctx: Context) -> None:
    """A warning at the Account cell of a typed Lots row with no Lot ID that repeats an earlier such row
    (same account, symbol, Acquired, Quantity, Cost Basis, Wash Adjusted): a row pasted twice doubles the
    holding, its value and its basis, and changes the plan without a word (fe21 finding 1: 200 VTI at
    $150 pasted twice read as 400, $120,000). A repeated Lot ID is already an error; two rows without one
    may be two equal purchases, so both are kept. Imported rows (Source) are the broker's lot list."""
    sources = t.values.get("source")
    first: dict[tuple[object, ...], int] = {}
    for lot in lots:
        if lot.source is None:
            continue
        i = lot.source.row - t.first_row
        if ids[i] or (sources is not None and sources[i]):
            continue
        key = (lot.account.casefold(), lot.symbol, lot.acquired, lot.inherited, lot.quantity, lot.basis,
               lot.wash_adjusted)
        if key not in first:
            first[key] = lot.source.row
            continue
        ctx.issues.add(WARNING, t.sheet, f"This row repeats row {first[key]} ({format_shares(lot.quantity)} "
                       f"{lot.symbol} in {lot.account}, same Acquired and Cost Basis, no Lot ID); both are "
                       "counted. If it was pasted twice, delete it: it doubles the holding, its value and its "
                       "basis. If they are two purchases, give each a Lot ID.", lot.source.row, t.col("account"),
                       "Lots")


def _warn_typed_beside_imported(t: Table, lots: list[Lot], ctx: Context) -> None:
    """A warning when an account's lots of one symbol are partly typed by hand (Source blank) and
    partly written by ``taxrebal import`` (Source names the broker file): if the broker file lists
    the shares typed, they are counted twice. Not an error: they may be other shares, and only the
    user knows. Example: row 17 typed VTI in Roth IRA and rows 27-28 imported from positions.csv
    give one warning at Lots!C17 naming both."""
    sources = t.values.get("source")
    if sources is None:
        return
    typed: dict[tuple[str, str], list[int]] = {}
    imported: dict[tuple[str, str], list[int]] = {}
    files: dict[tuple[str, str], dict[str, None]] = {}
    for lot in lots:
        if lot.source is None:
            continue
        key = (lot.account, lot.symbol)
        source = sources[lot.source.row - t.first_row]
        if source:
            imported.setdefault(key, []).append(lot.source.row)
            files.setdefault(key, {}).setdefault(str(source), None)
        else:
            typed.setdefault(key, []).append(lot.source.row)
    for key, rows in typed.items():
        if key not in imported:
            continue
        account, symbol = key
        ctx.issues.add(WARNING, t.sheet, typed_beside_imported_message(
            account, symbol, rows, imported[key], tuple(files[key])), rows[0], t.col("symbol"), "Lots")


def typed_beside_imported_message(account: str, symbol: str, typed_rows: Sequence[int], imported_rows: Sequence[int],
                                  files: Sequence[str]) -> str:
    """The one wording of the typed-beside-imported warning (the reader's and ``taxrebal import``'s)."""
    return (f"{symbol} in {account}: {_rows(typed_rows)} typed by hand and {_rows(imported_rows)} imported"
            f"{' (Source: ' + ', '.join(files) + ')' if files else ''}. If the broker file lists the shares you typed, "
            f"{symbol} is counted twice: delete your typed row(s) (a later import replaces only the imported "
            "ones). If they are other shares, keep them.")


def _rows(rows: Sequence[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:6]) + (" ..." if len(rows) > 6 else "")
    return f"row {shown}" if len(rows) == 1 else f"rows {shown}"


#: What a Securities row's warning says when the row is left out; when lots hold the security the
#: warning becomes the one error about them (they are not reported one by one).
_LEFT_OUT = " The security is left out (it is needed only if lots hold it: then this stops the run)."

_STOPS = "A lot that is held cannot be left out (it changes the allocation and the tax), so this stops the run."


def _lot_values(issues: Issues, t: Table, i: int, row: int, err: Callable[[str, int], Optional[str]],
                taxable: Optional[bool], as_of: Optional[date], qty: Any, acquired: Any, basis: Any, unit: Any,
                wash: Any, cols: tuple[int, int, int], as_of_name: str = "As Of", pending: str = "Accounts",
                ) -> Optional[tuple[float, Optional[date], bool, Optional[float], bool]]:
    """Quantity, acquired, inherited, basis and wash flag of a lot row; ``None`` when the lot is left
    out. A cell that cannot be read, or is blank where the tax needs it, is an error (the lot is held:
    leaving it out would change the allocation and the tax), and so is an Acquired date after As Of (a
    held lot was bought by then: the date or As Of is mistyped); a lot of 0 shares holds nothing and is
    left out with a warning. ``taxable`` None: the account's Type is not known (``pending`` must be
    fixed first), so a taxable-only problem is a warning that says it is not checked until then."""
    sheet = t.sheet
    ignored = ("Ignored (the account is tax-advantaged)." if taxable is False else
               f"Not checked until {pending} is fixed: a lot in a taxable account needs it (that stops the run), "
               "a tax-advantaged account's lot does not.")
    c_qty, c_acq, c_basis = cols
    if qty is None or qty <= 0 or err("quantity", i):
        severity = ERROR
        if err("quantity", i):
            msg = cell_problem(t, "quantity", i, _STOPS)
        elif qty is None:
            msg = f"Quantity is blank; type the number of shares. {_STOPS}"
        elif qty < 0:
            msg = (f"Quantity {describe(qty)} is negative: short positions are out of scope (IRC §1233 is not "
                   "modelled); type the shares held, or leave short positions off.")
        else:
            severity, msg = WARNING, "Quantity is 0, so the lot holds nothing; it is left out (delete the row)."
        issues.add(severity, sheet, msg, row, c_qty, "Lots")
        return None
    inherited = False
    if acquired is INHERITED:
        acquired, inherited = None, True
    if err("acquired", i):
        if taxable or rules.OUT_OF_SCOPE in (err("acquired", i) or ""):
            issues.add(ERROR, sheet, cell_problem(t, "acquired", i, "A taxable lot needs its date for the holding "
                       "period; this stops the run."), row, c_acq, "Lots")
            return None
        issues.add(WARNING, sheet, cell_problem(t, "acquired", i, ignored), row, c_acq, "Lots")
        acquired = None
    elif acquired is None and not inherited and taxable:
        issues.add(ERROR, sheet, "Acquired is blank; a lot in a taxable account needs its acquisition date (or "
                   f"'Inherited') for the holding period. {_STOPS}", row, c_acq, "Lots")
        return None
    if acquired is not None and as_of is not None and acquired > as_of:
        issues.add(ERROR, sheet, f"Acquired {acquired.isoformat()} is after {as_of_name} {as_of.isoformat()}: a lot "
                   "on the Lots sheet is one you hold, bought on or before the date of your prices. Correct the date "
                   f"(a mistyped year?) or {as_of_name}, or delete the row if you do not hold the lot yet. {_STOPS}",
                   row, c_acq, "Lots")
        return None
    basis_key = "cost_basis" if err("cost_basis", i) else ("unit_cost" if err("unit_cost", i) else "")
    if basis_key:
        if taxable:
            issues.add(ERROR, sheet, cell_problem(t, basis_key, i, f"A taxable lot needs its basis. {_STOPS}"),
                       row, t.col(basis_key), "Lots")
            return None
        issues.add(WARNING, sheet, cell_problem(t, basis_key, i, ignored), row, t.col(basis_key), "Lots")
        basis = None
    elif unit is not None:
        implied = unit * qty
        if basis is None:
            basis = implied
        elif abs(implied - basis) > max(1.0, 0.01 * abs(basis)):
            issues.add(WARNING, sheet, f"Cost Basis {basis:,.2f} disagrees with Unit Cost x Quantity ({implied:,.2f}); "
                       "Cost Basis is used. Correct one of them.", row, c_basis, "Lots")
    if basis is None and taxable and not basis_key:
        issues.add(ERROR, sheet, "Cost Basis is blank; a lot in a taxable account needs its total cost basis (or "
                   f"Unit Cost) to compute gains. {_STOPS}", row, c_basis, "Lots")
        return None
    if basis is not None and basis < 0:
        if taxable:
            issues.add(ERROR, sheet, f"Cost Basis {basis:,.2f} is negative; type the total paid. {_STOPS}",
                       row, c_basis, "Lots")
            return None
        if taxable is None:
            issues.add(WARNING, sheet, f"Cost Basis {basis:,.2f} is negative. {ignored}", row, c_basis, "Lots")
        basis = None
    if err("wash_adjusted", i):
        if taxable:  # it decides whether a washed loss is added to this basis again (IRC §1091(d))
            issues.add(ERROR, sheet, cell_problem(
                t, "wash_adjusted", i, "Wash Adjusted says whether your broker already added a washed loss to "
                "this lot's Cost Basis (IRC §1091(d)); read either way it changes the basis, so type Y or N. "
                + _STOPS), row, t.col("wash_adjusted"), "Lots")
            return None
        issues.add(WARNING, sheet, cell_problem(t, "wash_adjusted", i, "Read as N (the account is tax-advantaged: "
                   "no basis)." if taxable is False else ignored), row, t.col("wash_adjusted"), "Lots")
        wash = False
    return qty, acquired, inherited, basis, bool(wash)
