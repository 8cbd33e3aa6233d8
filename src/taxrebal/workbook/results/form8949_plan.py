"""What placing the rebalancing plan changes on the Form 8949 sheet (fe15 F13d).

Rule (IRC §1091(a), (d); Treas. Reg. §1.1091-1(c), (e); Pub 550 "Wash Sales"; Rev. Rul. 2008-5): a
purchase within 30 days after a loss sale replaces that sale's loss shares not yet matched to an
earlier purchase, and their loss is disallowed: (f) W, (g) grows by it, (h) rises by it. Bought in a
taxable account the loss moves into the new shares' basis (deferred); bought in an IRA, 401(k), Roth
or HSA it is lost for good. The Form 8949 sheet lists the sales as Transactions stand; a plan purchase
that replaces open loss shares of a listed sale (engine/rebalance/past_wash.py, which prices it on
Trades) changes that line once placed, and the line's Note says how, from the same figures.

Worked example (fe15 h1): 25 SCHB sold on 2026-11-10 at a $10 loss a share ($250); 10 SCHB bought
since replaced 10 of them: the line reads (g) 100.00, (h) -150.00. The plan's step 5 buys SCHB in the
taxable account and its shares replace the other 15: $150.00 more is disallowed, so once the plan is
placed the line reads (f) W, (g) 250.00, (h) 0.00, and the $150 is in the new shares' basis.

A sale of an earlier year (a December loss, a January purchase) is not on this year's sheet: a sheet
note names it and the year whose Form 8949 it is on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ...engine.money import cents
from ...engine.plan import PastLossPart
from ...engine.wash_records import RealizedSale

__all__ = ["plan_line_notes", "plan_sheet_notes"]


def _parts(plan: Any) -> dict[RealizedSale, list[tuple[Any, PastLossPart]]]:
    per_sale: dict[RealizedSale, list[tuple[Any, PastLossPart]]] = {}
    for t in sorted(plan.trades, key=lambda t: t.step):
        for part in getattr(t, "past_loss_parts", ()):
            per_sale.setdefault(part.sale, []).append((t, part))
    return per_sale


def _buys(items: Sequence[tuple[Any, PastLossPart]]) -> str:
    words = []
    for t, part in items:
        fate = ("lost for good: a tax-advantaged account's purchase, Rev. Rul. 2008-5" if part.lost_for_good
                else "added to the new shares' basis, IRC §1091(d)")
        words.append(f"step {t.step} buys {t.symbol} in {t.account}, replacing {part.shares:g} of its loss shares "
                     f"(${cents(part.disallowed):,.2f}, {fate})")
    return "; ".join(words)


def plan_line_notes(plan: Any) -> dict[RealizedSale, str]:
    """Sale -> the sentence its Form 8949 line's Note adds: what the line reads once the plan's
    purchases that replace its open loss shares are placed."""
    out: dict[RealizedSale, str] = {}
    for sale, items in _parts(plan).items():
        more = cents(sum(p.disallowed for _t, p in items))
        if more <= 0:
            continue
        adjustment = cents(sale.disallowed) if sale.washed else 0.0
        gain = cents(cents(sale.proceeds) - cents(sale.basis) + adjustment)
        out[sale] = (f"if the plan on Trades is placed, ${cents(more):,.2f} more of this loss is disallowed: "
                     f"{_buys(items)}; "
                     f"the line then reads (f) W, (g) {cents(adjustment + more):,.2f}, "
                     f"(h) {cents(gain + more) + 0.0:,.2f}. This line shows the sale as Transactions stand: once "
                     f"the plan is placed, add its trades there and run again")
    return out


def plan_sheet_notes(plan: Any, year: int, listed: Mapping[RealizedSale, str]) -> tuple[str, ...]:
    """Sheet notes for plan purchases that replace loss shares of a sale not on this year's sheet."""
    notes = []
    for sale, items in _parts(plan).items():
        if sale in listed or sale.date.year == year:
            continue
        more = cents(sum(p.disallowed for _t, p in items))
        if more <= 0:
            continue
        notes.append(f"The plan on Trades washes ${cents(more):,.2f} of the loss of {sale.quantity:g} {sale.symbol} "
                     f"sold on "
                     f"{sale.date.isoformat()} in {sale.account}: {_buys(items)}. That sale is on "
                     f"{sale.date.year}'s Form 8949, not on this sheet; once the plan is placed its (g) grows by "
                     f"that amount (amend {sale.date.year}'s return if it is already filed).")
    return tuple(notes)
