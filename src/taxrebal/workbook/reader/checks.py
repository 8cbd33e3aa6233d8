"""Checks across sheets: the workbook's sheet names and the asset classes of Securities and Targets.

Sheet names match ignoring case, spaces and punctuation (``proposed_trades`` is Proposed Trades); a
missing required sheet is an error listing the sheets found. Each security's Asset Class takes the
Targets spelling ("us stocks" becomes "US Stocks"); a held class with no target, or a target class no
security belongs to, is a warning on the row concerned.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...engine.allocation import CASH_CLASS
from ...engine.records import (
    Lot,
    Security,
    Target,
)
from .. import schema
from ..cells import (
    describe,
    normalize_key,
)
from .tables import ERROR, WARNING, Context, Issues

# --------------------------------------------------------------------------- cross-sheet checks

def check_classes(securities: list[Security], targets: list[Target], lots: list[Lot], ctx: Context,
                  sheet_names: Mapping[str, str]) -> list[Security]:
    """Put each security's class in the Targets spelling; warn about held classes without a target
    and targets with nothing to buy."""
    names = ctx.class_names
    out = []
    for sec in securities:
        canonical = names.get(sec.asset_class.casefold())
        if canonical is not None and canonical != sec.asset_class:
            sec = Security(symbol=sec.symbol, asset_class=canonical, price=sec.price, name=sec.name,
                           identical_group=sec.identical_group, replacements=sec.replacements, drip=sec.drip,
                           source=sec.source)
        out.append(sec)
    held = {lot.symbol for lot in lots}
    warned: set[str] = set()
    for sec in out:
        if sec.symbol in held and sec.asset_class.casefold() not in names and sec.asset_class.casefold() not in warned:
            warned.add(sec.asset_class.casefold())
            ctx.issues.add(WARNING, sheet_names["Securities"], f"Asset class {describe(sec.asset_class)} (of "
                           f"{sec.symbol}, held) has no row on the Targets sheet, so its target is 0% and the "
                           "rebalancer will sell it down. Add the class to Targets, or correct the name.",
                           sec.source.row if sec.source else 0, ctx.class_columns.get("Securities", -1),
                           "Securities")
    buyable = {sec.asset_class.casefold() for sec in out}
    for tgt in targets:
        key = tgt.asset_class.casefold()
        if tgt.target > 0 and key not in buyable and key != CASH_CLASS.casefold():
            ctx.issues.add(WARNING, sheet_names["Targets"], f"Asset class {describe(tgt.asset_class)} has a target "
                           f"of {tgt.target:.2%} but no security on the Securities sheet is in it, so nothing can "
                           "be bought for it. Add a security of that class or correct the name.",
                           tgt.source.row if tgt.source else 0, ctx.class_columns.get("Targets", -1), "Targets")
    return out


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
