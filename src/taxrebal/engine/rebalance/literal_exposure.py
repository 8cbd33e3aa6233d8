"""What the plan's default reading of the wash-sale rule puts at stake (fe7 finding 12).

With Sold Recent Shares Wash = N (the default), the plan sells shares bought in the last 30 days
*before* the loss sales they would wash, on taxrebal's reading that shares no longer held cannot wash
(engine/wash.py, reading 4; the regulations are silent). IRC §1091(a) says "has acquired": read
literally, those shares wash the loss even though they are sold first. The Trades note of each such
sale says how much: the wash engine's disallowed loss on the plan's loss sales of that identity with
the recent shares still held at the loss sale (sold after it), counted by whose shares replace the loss
shares (each step's own: fe10 finding 4, where the 401(k)'s 4.1 shares and the HSA's 2 were each said
to wash the $305 they wash together), less what they wash as planned, and of it the part a tax-advantaged
purchase would take for good (Rev. Rul. 2008-5). Advice, not a change
of plan: Settings Sold Recent Shares Wash = Y plans without the reading.

Worked example (fe7 chen, 2026-12-01): the plan sells Wei's IRA lot W-02 (100 VEA bought 2026-11-20)
at step 1, then T-05 (300 VEA bought at $58, $52 now: $1,800 of loss) in Joint Taxable at step 6.
Read literally, W-02's 100 shares replace 100 of T-05's loss shares: 100 x $6 = $600 disallowed, lost
for good in the IRA; as planned, none. Step 1's note: "$600.00 of VEA's loss, lost for good".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ..money import cents
from .reported import AdvantagedSells, Outcome, Sells, wash_outcome

if TYPE_CHECKING:
    from .model import RebalanceModel

__all__ = ["literal_exposure", "exposure_note"]


def literal_exposure(model: RebalanceModel, sells: Sells, adv_sells: AdvantagedSells, same_order: set[int],
                     lot_steps: Mapping[int, int], adv_steps: Mapping[tuple[str, str], int], outcome: Outcome,
                     first_lots: Sequence[int], first_positions: Sequence[tuple[str, str]],
                     ) -> dict[Replacement, tuple[float, float]]:
    """Each group of recent shares the plan sells first -> (loss they would wash, of it lost for good)
    if the literal reading held: the same sales, those moved after every loss sale, and the wash
    engine's matches whose replacement shares are theirs, less what they wash as planned. Keys: ``("lot",
    account, Lot ID)`` for a taxable lot (``first_lots``: ids of its lot objects) and ``("position",
    account, symbol)`` for a tax-advantaged sell (``first_positions``)."""
    last = 1 + max([*lot_steps.values(), *adv_steps.values(), 0])
    late_lots = {k: (last if k in first_lots else v) for k, v in lot_steps.items()}
    late_adv = {k: (last if k in first_positions else v) for k, v in adv_steps.items()}
    literal = wash_outcome(model, sells, adv_sells, same_order, late_lots, late_adv, literal=True)
    if literal is None:
        return {}
    keys: set[Replacement] = {("position", a, sym) for a, sym in first_positions}
    keys |= {("lot", sl.lot.account, sl.lot.lot_id) for pieces in sells.values() for sl, _q in pieces
             if id(sl.lot) in first_lots}
    washed = _by_replacement(literal, keys)
    planned = _by_replacement(outcome, keys)
    out = {}
    for key, (more, lost) in washed.items():
        was = planned.get(key, (0.0, 0.0))
        if more - was[0] > 0.005:
            out[key] = (more - was[0], max(0.0, lost - was[1]))
    return out


#: whose shares wash: ("lot", account, Lot ID) or ("position", account, symbol)
Replacement = tuple[str, str, str]


def _by_replacement(outcome: Outcome, keys: set[Replacement]) -> dict[Replacement, tuple[float, float]]:
    """The loss the wash engine's matches in ``outcome`` disallow, summed by replacement shares (of
    ``keys`` only): (disallowed, of it lost for good)."""
    out: dict[Replacement, tuple[float, float]] = {}
    for sold in outcome.values():
        for m in sold.matches:
            for key in (("lot", m.replacement_account, str(m.replacement_lot)),
                        ("position", m.replacement_account, m.replacement_symbol)):
                if key in keys:
                    d, lost = out.get(key, (0.0, 0.0))
                    out[key] = (d + m.disallowed, lost + (m.disallowed if m.permanent else 0.0))
                    break
    return out


def exposure_note(identity: str, disallowed: float, lost: float) -> str:
    """The sentence for what one step's recent shares would wash (module docstring)."""
    if lost >= disallowed - 0.005:
        fate = ", lost for good (Rev. Rul. 2008-5)"
    elif lost > 0.005:
        fate = f", ${cents(lost):,.2f} of it lost for good (Rev. Rul. 2008-5)"
    else:
        fate = " (the shares whose basis would take it in are sold first)"
    return (f" At stake on this reading: if the IRS reads IRC §1091(a) literally ('has acquired'), these shares "
            f"wash ${cents(disallowed):,.2f} of {identity}'s loss in this plan anyway{fate}; Sold Recent Shares "
            f"Wash = Y plans without the reading.")
