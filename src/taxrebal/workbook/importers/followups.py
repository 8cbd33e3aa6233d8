"""Warnings an import owes the user for what a broker file states but the workbook cannot hold (fe16).

* A Sell whose loss the broker disallowed as a wash sale (Schwab ``Disallowed Loss``, Fidelity ``Wash
  Sale Loss Disallowed``): Transactions has no cell for a broker's disallowed amount, so taxrebal
  counts the whole loss in Realized YTD and Form 8949 (no code W) unless the replacement purchase is
  on the workbook for its own wash-sale check to find. Worked example: QQQ sold for $10,000, basis
  $11,000, $400 disallowed: the 1099-B reports code W, +$400 in column (g), (h) -$600 (Form 8949
  instructions; Pub 550 "Wash Sales"), while taxrebal alone counts -$1,000.
* A wash-adjusted lot (Acquired = the broker's adjusted date) whose real purchase is recent: Lots has
  one date per lot, so the wash-sale check of a later loss sale cannot see that purchase.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Optional, Sequence

from taxrebal.engine.money import cents

from ...engine.holding import is_long_term
from ...engine.wash import window_days
from ...errors import Issue, Severity
from .records import ImportedLot, ImportedTrade

__all__ = ["broker_name", "disallowed_loss_warning", "recent_purchase_warning", "rechecked_disallowed_warning",
           "rechecked_broker_washes"]

_BROKERS = {"schwab": "Schwab", "fidelity": "Fidelity", "ibkr": "Interactive Brokers", "vanguard": "Vanguard"}


def broker_name(broker: str) -> str:
    """``schwab-realized`` -> ``Schwab``; a format without a broker -> ``the broker``."""
    return _BROKERS.get(broker.split("-")[0], "the broker")


def _money(value: float) -> str:
    return f"-${cents(-value):,.2f}" if value < 0 else f"${cents(value):,.2f}"


def disallowed_loss_warning(t: ImportedTrade, account: str, broker: str, sheet: str, cell: str) -> Issue:
    """The Sell row ``sheet!cell`` of ``t`` carries a broker-disallowed loss the workbook cannot count."""
    loss = t.quantity * t.price - t.cost_basis if t.cost_basis is not None else None
    end = t.date + timedelta(days=window_days(t.date.year))
    start = t.date - timedelta(days=window_days(t.date.year))
    term = ("LT" if is_long_term(t.acquired, t.date) else "ST") if t.acquired is not None else "ST or LT"
    counted = (f" ({_money(loss)} here, {_money(loss + t.disallowed)} once the disallowed part is left out)"
               if loss is not None else "")
    return Issue(Severity.WARNING, sheet, cell, (
        f"{broker} reports {_money(t.disallowed)} of the loss on this sale ({t.quantity:g} sh {t.symbol} sold "
        f"{t.date.isoformat()}, {account}) as disallowed by a wash sale, but a Transactions row has no cell for a "
        f"broker's disallowed amount: taxrebal counts the whole loss{counted} in Realized {term} YTD (added up from "
        f"Transactions when Settings leaves it blank) and the plan's tax, and Form 8949 shows no code W and no "
        f"{_money(t.disallowed)} adjustment. Add the purchase that washed it (a Buy of {t.symbol} or a "
        f"substantially identical security, any account, from "
        f"{start.isoformat()} through {end.isoformat()}) to Transactions, and to Lots if still held: taxrebal "
        f"then finds the wash sale itself (IRC §1091(a)). If you cannot, type Settings Realized {term} YTD "
        f"yourself (with this sale at its allowed amount) and file this sale with code W and "
        f"+{_money(t.disallowed)} in column (g), as on your Form 1099-B."))


def recent_purchase_warning(lot: ImportedLot, account: str, broker: str, sheet: str, cell: str,
                            as_of: Optional[date], on_transactions: bool) -> Optional[Issue]:
    """The wash-adjusted lot at ``sheet!cell`` was really bought on ``lot.bought``; ``None`` once the
    purchase's window is over at ``as_of`` (the workbook's As Of, when set)."""
    if lot.bought is None or lot.acquired is None or lot.bought == lot.acquired:
        return None
    end = lot.bought + timedelta(days=window_days(lot.bought.year))
    if as_of is not None and as_of > end:
        return None
    first = end + timedelta(days=1)
    price = f" at ${cents(lot.bought_price):,.2f}/share" if lot.bought_price is not None else ""
    whose = broker + ("'" if broker.endswith("s") else "'s")
    head = (f"{lot.symbol} lot of {lot.quantity:g} sh in {account} is wash-adjusted: Acquired "
            f"{lot.acquired.isoformat()} is {whose} adjusted date, but the shares were bought on "
            f"{lot.bought.isoformat()}{price}. ")
    if on_transactions:
        return Issue(Severity.WARNING, sheet, cell, head + (
            f"Its Buy row on Transactions is counted as a purchase of its own, apart from this lot, unless both "
            f"rows have the same Lot ID: without it a loss sale of this very lot before {first.isoformat()} would "
            f"be shown washed by it, which it is not (no share replaces itself, IRC §1091(a)). Type one Lot ID in "
            f"this lot's Lot ID cell and on that Buy row: it is then this lot's own purchase (the lot keeps its "
            f"Acquired for its holding period); other loss sales of {lot.symbol} are checked against it either way."))
    return Issue(Severity.WARNING, sheet, cell, head + (
        f"Lots holds one date per lot and the purchase is not on Transactions, so taxrebal's wash-sale check "
        f"cannot see it: a loss sale of {lot.symbol} or a substantially identical security in any account "
        f"through {end.isoformat()} can be washed by it (up to {lot.quantity:g} shares, IRC §1091(a)) while "
        f"Trades, Harvest and Lot Selection say nothing. Wait until {first.isoformat()} for such a sale, or add "
        f"the purchase to Transactions (Date {lot.bought.isoformat()}, Account {account}, Symbol {lot.symbol}, "
        f"Action Buy, Quantity {lot.quantity:g}{', Price ' + format(lot.bought_price, ',.2f') if price else ''}, "
        f"Lot ID the same as this lot's, typed in both): it is then this lot's own purchase, so other loss sales "
        f"are checked against it and a sale of this very lot is not (the lot keeps its Acquired for its holding "
        f"period)."))


def rechecked_disallowed_warning(first: Issue, t: ImportedTrade, account: str, broker: str, found: float,
                                 lost: float) -> Issue:
    """The broker-disallowed warning ``first`` made true for what the saved workbook holds (fe17 F6):
    ``found`` is the loss taxrebal's own wash-sale check disallows on that Sell row with the lots and
    trades the workbook now holds (this import's included), ``lost`` the part of it lost for good to
    purchases in tax-advantaged accounts. Worked example (fe17 h2): Schwab reports $600.00 disallowed;
    the same import wrote the 12-20 replacement lot and a Roth bought 10 QQQ on 12-22: taxrebal finds
    $800.00 ($200.00 of it lost for good, Rev. Rul. 2008-5), more than a broker, which sees only its own
    account, reports: the run uses $800.00 (code W, +$800.00 in column (g))."""
    if found <= 0.005:
        return first
    term = ("LT" if is_long_term(t.acquired, t.date) else "ST") if t.acquired is not None else "ST or LT"
    head = (f"{broker} reports {_money(t.disallowed)} of the loss on this sale ({t.quantity:g} sh {t.symbol} sold "
            f"{t.date.isoformat()}, {account}) as disallowed by a wash sale; with the lots and trades the workbook "
            f"now holds (this import's included), taxrebal's own wash-sale check finds {_money(found)} of it "
            f"disallowed" + (f" ({_money(lost)} lost for good to purchases in tax-advantaged accounts, Rev. Rul. "
                             f"2008-5)" if lost > 0.005 else "") + ". ")
    if found >= t.disallowed - 0.005:
        more = (f" That is more than {broker}'s figure: a broker sees only purchases in its own account, so Form "
                f"8949 needs taxrebal's {_money(found)} in column (g), not the 1099-B's {_money(t.disallowed)}."
                if found > t.disallowed + 0.005 else "")
        return Issue(Severity.WARNING if more else Severity.INFO, first.sheet, first.cell, head + (
            f"Realized {term} YTD (when added up from Transactions), the plan's tax and Form 8949 (code W, "
            f"+{_money(found)} in column (g)) use {_money(found)}; `taxrebal run` lists the matches on the Wash "
            f"Sales sheet.{more}"))
    rest = t.disallowed - found
    return Issue(Severity.WARNING, first.sheet, first.cell, head + (
        f"The other {_money(rest)} {broker} disallows comes from a purchase the workbook does not hold: taxrebal "
        f"counts it as allowed. Add that purchase (a Buy of {t.symbol} or a substantially identical security, any "
        f"account, within 30 days of {t.date.isoformat()}) to Transactions, and to Lots if still held; if you "
        f"cannot, file this sale with code W and +{_money(t.disallowed)} in column (g), as on your Form 1099-B, "
        f"and type Settings Realized {term} YTD yourself."))


def rechecked_broker_washes(loaded: Any, broker_washes: Sequence[tuple[int, ImportedTrade, str, str]],
                            follow_up: Sequence[Issue]) -> list[Issue]:
    """``follow_up`` with each broker-disallowed warning (``broker_washes``: its index, trade, account and
    broker, ImportPlan.broker_washes) made true for the workbook as the import left it (``loaded``: that
    workbook read and validated, a reader LoadResult): taxrebal's own wash-sale check of its lots and trades
    (engine/wash.py), summed per Sell row (:func:`rechecked_disallowed_warning`). One computation for
    ``taxrebal import`` (the saved file) and the ribbon's Import (the open workbook). A workbook that stops
    on an error keeps the warnings as written (``check`` says which error)."""
    # imported when an import wrote a broker-disallowed Sell: the other imports load no wash engine
    from ...engine.wash import adjust_lots

    out = list(follow_up)
    if loaded.household is None or not broker_washes:
        return out
    found: dict[tuple[str, int], tuple[float, float]] = {}
    for sale in adjust_lots(loaded.household).sales:
        if sale.source is not None:
            key = (sale.source.sheet, sale.source.row)
            was = found.get(key, (0.0, 0.0))
            found[key] = (was[0] + sale.disallowed, was[1] + sale.permanent_disallowed)
    for i, trade, account, broker in broker_washes:
        first = out[i]
        row = int("".join(ch for ch in first.cell if ch.isdigit()) or 0)
        disallowed, lost = found.get((first.sheet, row), (0.0, 0.0))
        out[i] = rechecked_disallowed_warning(first, trade, account, broker, disallowed, lost)
    return out
