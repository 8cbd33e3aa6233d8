"""Checks across sheets: the workbook's sheet names and the asset classes of Securities and Targets.

Sheet names match ignoring case, spaces and punctuation (``proposed_trades`` is Proposed Trades); a
missing required sheet is an error listing the sheets found. Each security's Asset Class takes the
Targets spelling ("us stocks" becomes "US Stocks"); a target above 0 that no security belongs to is an
error (the plan could not reach it: Targets "Intl Stock" beside Securities "Intl Stocks" is the error
"... did you mean 'Intl Stocks'?"), a held class with no target a warning (sold down to 0%), or an error
when it is close to a Targets class (a typo).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Optional

from taxrebal.engine.money import cents

from ...engine.allocation import CASH_CLASS
from ...engine.records import (
    Account,
    FilingStatus,
    Lot,
    Security,
    Settings,
    Target,
    TaxTreatment,
)
from .. import schema
from ..cells import (
    describe,
    normalize_key,
)
from .tables import ERROR, INFO, WARNING, Context, Issues

# --------------------------------------------------------------------------- cross-sheet checks

def check_classes(securities: list[Security], targets: list[Target], lots: list[Lot], ctx: Context,
                  sheet_names: Mapping[str, str]) -> list[Security]:
    """Put each security's class in the Targets spelling; judge the classes the two sheets disagree on.

    A target above 0 whose class no security is in is an error at its Targets cell: nothing could be
    bought for it, so the plan could not reach the targets the user set (a misspelt "Intl Stock" would
    also leave the held "Intl Stocks" at a target of 0% and sell it down). A held class with no Targets
    row is a warning (README: its target is 0%, so the plan sells it down: a fund being retired), but an
    error when its name is close to a Targets class ("US Stock" beside "US Stocks"): that is a typo, and
    selling the holding down would change the household. Each disagreement is said once, at the cell
    to correct."""
    names = ctx.class_names
    out = []
    for sec in securities:
        canonical = names.get(sec.asset_class.casefold())
        if canonical is not None and canonical != sec.asset_class:
            sec = replace(sec, asset_class=canonical)
        out.append(sec)
    security_classes = {sec.asset_class.casefold(): sec.asset_class for sec in out}
    unbuyable = [tgt for tgt in targets if tgt.target > 0 and tgt.asset_class.casefold() not in security_classes
                 and tgt.asset_class.casefold() != CASH_CLASS.casefold()]
    explained: set[str] = set()  # held classes a Targets error already names as the likely spelling
    for tgt in unbuyable:
        near = _nearest(tgt.asset_class, security_classes)
        if near is not None:
            explained.add(near.casefold())
        hint = f"did you mean {describe(near)}? " if near is not None else ""
        listed = ", ".join(sorted(security_classes.values())) or "none"
        ctx.issues.add(ERROR, sheet_names["Targets"], f"Asset class {describe(tgt.asset_class)} has a target of "
                       f"{tgt.target:.2%} but no security on the Securities sheet is in it ({hint}classes on "
                       f"Securities: {listed}), so the plan could buy nothing for it and could not reach your "
                       "targets. Correct the class name here or on Securities, or add a security of that class to "
                       "Securities.", tgt.source.row if tgt.source else 0, ctx.class_columns.get("Targets", -1),
                       "Targets")
    held = {lot.symbol for lot in lots}
    target_classes = {tgt.asset_class.casefold(): tgt.asset_class for tgt in targets}
    judged: set[str] = set()
    for sec in out:
        key = sec.asset_class.casefold()
        if sec.symbol not in held or key in names or key in judged or key in explained:
            continue
        judged.add(key)
        row = sec.source.row if sec.source else 0
        near = _nearest(sec.asset_class, target_classes)
        if near is not None:
            ctx.issues.add(ERROR, sheet_names["Securities"], f"Asset class {describe(sec.asset_class)} (of "
                           f"{sec.symbol}, held) has no row on the Targets sheet; did you mean {describe(near)}? "
                           "Read as written, its target would be 0% and the plan would sell it down. Correct the "
                           "name here or on Targets (or add a Targets row for it).", row,
                           ctx.class_columns.get("Securities", -1), "Securities")
            continue
        ctx.issues.add(WARNING, sheet_names["Securities"], f"Asset class {describe(sec.asset_class)} (of "
                       f"{sec.symbol}, held) has no row on the Targets sheet, so its target is 0% and the "
                       "rebalancer will sell it down. Add the class to Targets, or correct the name.",
                       row, ctx.class_columns.get("Securities", -1), "Securities")
    return out


def _nearest(name: str, choices: Mapping[str, str]) -> Optional[str]:
    """The spelling in ``choices`` (casefold -> as written) that ``name`` is probably a typo of."""
    match = difflib.get_close_matches(name.casefold(), list(choices), n=1, cutoff=0.75)
    return choices[match[0]] if match else None


# ------------------------------------------------------------------------------------- driver

def match_sheets(sheets: Mapping[str, Any], issues: Issues) -> dict[str, str]:
    """Spec name -> the workbook's sheet name (matched ignoring case, spaces and punctuation)."""
    wanted = {normalize_key(s.name): s.name for s in schema.SHEETS}
    found: dict[str, str] = {}
    for name in sheets:
        try:
            key = normalize_key(name)
        except Exception:
            continue
        spec_name = wanted.get(key)
        if spec_name is None:
            continue
        if spec_name in found:
            issues.add(ERROR, str(name), f"Sheets '{found[spec_name]}' and '{name}' both mean {spec_name}; rename "
                       "or delete one of them.", spec_name=spec_name)
            continue
        found[spec_name] = str(name)
    for spec in schema.SHEETS:
        if spec.required and spec.name not in found:
            present = ", ".join(f"'{n}'" for n in sheets) or "none"
            issues.add(ERROR, spec.name, f"The workbook has no {spec.name} sheet (sheets found: {present}). Add a "
                       f"sheet named {spec.name} with the headers "
                       f"{', '.join(c.header for c in spec.columns if c.required)} in row 1.", spec_name=spec.name)
    return found


def check_withdrawals(accounts: list[Account], securities: list[Security], lots: list[Lot], ctx: Context) -> None:
    """A negative Contribution (a withdrawal) larger than the account's cash plus the value of its
    holdings is an error on its Contribution cell: the money is not there, and a plan built on it
    would show negative cash. Worked example: Kim Roth holds 150 VTI at $330 and 60 VNQ at $90
    ($54,900) and no cash; a Contribution of -70,000 is an error saying at most $54,900.00 can be
    withdrawn.

    A withdrawal that fits, from a tax-deferred account (Traditional, SEP or SIMPLE IRA, 401(k),
    403(b)), is an Info on the same cell: it is taxable income this year (IRC §408(d)(1), §402(a),
    §403(b)(1)) that taxrebal does not add to Settings Ordinary Income (which is documented to include
    it), so every tax figure is right only if Ordinary Income does (fe9 finding 11: Ruth IRA's -6,000
    beside a 0% room of $48,600 that is $42,600 if Ordinary Income leaves it out). Roth and HSA
    withdrawals get none (IRC §408A(d)(1), §223(f)(1))."""
    prices = {s.symbol: s.price for s in securities}
    held: dict[str, float] = {}
    for lot in lots:
        held[lot.account] = held.get(lot.account, 0.0) + lot.quantity * prices.get(lot.symbol, 0.0)
    for acct in accounts:
        if acct.contribution >= 0:
            continue
        value = acct.cash + held.get(acct.name, 0.0)
        row = acct.source.row if acct.source is not None else 0
        if -acct.contribution <= value + 0.005:
            if acct.treatment is TaxTreatment.TAX_DEFERRED:
                typed = ctx.settings_reading.values.get("ordinary_income") if ctx.settings_reading else None
                income = f" ({_money(float(typed))})" if isinstance(typed, (int, float)) else ""
                law = {"401(k)": "IRC §402(a)", "403(b)": "IRC §403(b)(1)"}.get(acct.type, "IRC §408(d)(1)")
                ctx.issues.add(INFO, ctx.accounts_sheet,
                               f"Contribution {_money(acct.contribution)} is a withdrawal from {acct.name} "
                               f"({acct.type}): taxable income this year ({law}), which taxrebal does not add "
                               f"itself. Make sure Ordinary Income on Settings{income} includes it: every tax "
                               "figure (what a sale costs, what a harvest saves, the room for long-term gains at "
                               "0%) starts from Ordinary Income.",
                               row, ctx.contribution_column, "Accounts")
            continue
        ctx.issues.add(ERROR, ctx.accounts_sheet,
                       f"Contribution {_money(acct.contribution)} is a withdrawal larger than {acct.name} holds "
                       f"(cash {_money(acct.cash)} + holdings {_money(held.get(acct.name, 0.0))} at the "
                       f"Securities prices = {_money(value)}). A withdrawal is money taken out of the account, so "
                       f"it cannot exceed what is there: lower it to at most {_money(max(value, 0.0))}, or type a "
                       "positive amount for new money.", row, ctx.contribution_column, "Accounts")


def warn_basis_per_share(sheet: str, col: int, lots: list[Lot], ctx: Context) -> None:
    """A warning at a taxable lot's Cost Basis cell when it looks like the cost of one share: within a
    factor 2 of the price today while the cost per share is under a twentieth of it (fe21 finding 7:
    150 typed for 200 VTI bought at $150 read as $0.75 a share, a $59,850 gain at $300 instead of
    $30,000). Kept as typed: an old lot can have gained that much."""
    for lot in lots:
        sec = ctx.securities.get(lot.symbol) if ctx.securities is not None else None
        account = ctx.accounts.get(lot.account.casefold()) if ctx.accounts is not None else None
        if (sec is None or account is None or not account.is_taxable or lot.basis is None or lot.source is None
                or not sec.price / 2 <= lot.basis <= sec.price * 2 or lot.basis / lot.quantity >= sec.price / 20):
            continue
        shares, basis = f"{lot.quantity:,.6f}".rstrip("0").rstrip("."), _money(lot.basis)
        ctx.issues.add(WARNING, sheet, f"Cost Basis {basis} for {shares} {lot.symbol} is "
                       f"{_money(lot.basis / lot.quantity)} a share, 1/{sec.price * lot.quantity / lot.basis:,.0f} "
                       f"of today's price ({_money(sec.price)}): it looks like the cost of one share. If it is, "
                       f"type the lot's total ({shares} x {basis} = {_money(lot.quantity * lot.basis)}): Cost "
                       f"Basis is what the whole lot cost. If it cost {basis}, ignore this warning.",
                       lot.source.row, col, "Lots")


def check_separate_returns(accounts: list[Account], settings: Optional[Settings], ctx: Context) -> None:
    """Married filing separately with taxable accounts of two owners: a warning at the Owner cells.

    Under MFS each spouse's sales go on that spouse's own return, with its own income, its own
    $1,500 loss limit (IRC §1211(b)(1)) and its own carryforward, but taxrebal prices every sale on the
    one return Settings describes. Worked example (fe12 F-l): Filing Status MFS, "Alex Brokerage"
    owned by Alex and "Sam Brokerage" by Sam: a warning naming both, saying the tax figures are those
    of one return and to run each spouse's taxable accounts in a workbook of their own. A spouse's
    purchase still washes a loss (IRS Pub. 550, "Wash Sales"), so that workbook keeps the other
    spouse's purchases on Transactions. A joint account (one Owner naming both) or blank Owners say
    nothing."""
    if settings is None or settings.filing_status is not FilingStatus.MARRIED_SEPARATE:
        return
    owners: dict[str, list[Account]] = {}
    for acct in accounts:
        if acct.is_taxable and acct.owner.strip():
            owners.setdefault(acct.owner.strip().casefold(), []).append(acct)
    if len(owners) < 2:
        return
    named = "; ".join(f"{accts[0].owner.strip()}: {', '.join(a.name for a in accts)}" for accts in owners.values())
    rows = [a.source.row for accts in owners.values() for a in accts if a.source is not None]
    ctx.issues.add(WARNING, ctx.accounts_sheet,
                   f"Filing Status is Married Filing Separately and taxable accounts belong to {len(owners)} "
                   f"owners ({named}). Each spouse's sales go on that spouse's own return (own income, own "
                   "$1,500 loss limit, IRC §1211(b)(1)), but taxrebal prices every sale on the one return "
                   "Settings describes, so the plan's Est. Tax and the Harvest figures are that return's. Run "
                   "each spouse's taxable accounts in a workbook of their own, with that spouse's Settings, and "
                   "keep the other spouse's purchases on Transactions (a spouse's purchase still washes a loss, "
                   "IRS Pub. 550).", min(rows) if rows else 0, ctx.owner_column, "Accounts",
                   last_row=max(rows) if rows else 0)


def _money(x: float) -> str:
    return f"-${cents(-x):,.2f}" if x < -0.004 else f"${cents(x):,.2f}"
