"""A percentage setting typed as a bare number that may mean percent points: kept as read, flagged.

README "Percentages": a bare number of 1 or less is a fraction (``0.5`` -> 50%), above 1 it is percent
points (``5`` -> 5%); a Band of 1 or more is points. The rule is kept. But a bare ``0.5`` typed in
Harvest Min Loss % (fe9 finding 9) was meant as half a percent: read as 50%, it harvested no lot at all
and $1,460 of tax was not saved, with no word. So, as for the Targets Band column, a bare fraction that
has a second reading gets a Warning at its cell naming both readings and how to type each.

When a reading is ambiguous: the value read (the fraction) is above the most that is plausible for
that setting (``PLAUSIBLE_MAX``, each with its reason), while the other reading, the same number as
percent points, is at most that. Worked example: Harvest Min Loss % typed ``0.5`` is read as 50%;
50% > 20% (no harvesting rule waits for a lot to lose a fifth of its cost) and 0.5% <= 20%, so:
"Harvest Min Loss %: '0.5' is read as 50% ... it may be meant as 0.5%. It is kept as 50%: if you
meant 0.5%, type 0.5% (with the % sign) ...". ``0.05`` (5%),
text ``"50%"`` and ``5`` (5%) are not flagged: the first is plausible, the other two say which reading
they mean.
"""

from __future__ import annotations

from typing import Any, Optional

from .cells import describe

__all__ = ["PLAUSIBLE_MAX", "ambiguous_percent_message", "implausible_percent_message"]

#: The most each percentage setting plausibly holds (a fraction). Above it, a bare number of 1 or less
#: was more likely meant as percent points. The highest marginal rates: federal ordinary 37% (IRC §1(j)),
#: long-term 20% (IRC §1(h)), NIIT 3.8% (IRC §1411), state and local on gains under 15% (New York State
#: 10.9% + New York City 3.876%; California 13.3% + 1% Mental Health Services Tax).
PLAUSIBLE_MAX: dict[str, float] = {
    "state_tax_rate": 0.15,         # the highest state + local rate on gains is under 15%
    "flat_st_rate": 0.408,          # 37% + 3.8% NIIT: federal only, State Tax Rate is added (fe11 finding 33)
    "flat_lt_rate": 0.238,          # 20% + 3.8% NIIT
    "harvest_min_loss_pct": 0.20,   # no harvesting rule waits for a lot to lose a fifth of its cost
    "default_band": 0.20,           # a band above 20 points never triggers (as for the Targets Band column)
}


def _bare_number(raw: Any) -> Optional[float]:
    """The number typed, when the cell holds a bare number (not text ending in %, not a bool)."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        return float(raw)
    if isinstance(raw, str) and not raw.strip().endswith("%"):
        try:
            return float(raw.strip().replace(",", ""))
        except ValueError:
            return None
    try:  # a numpy scalar
        return float(raw)
    except (TypeError, ValueError):
        return None


def ambiguous_percent_message(field: str, label: str, raw: Any, value: float, *, band: bool = False) -> str:
    """The warning for a setting whose bare number reads as an implausible fraction that could be
    percent points, or ``""``. ``value`` is what the number was read as; ``band`` for Default Band (its
    readings are in points)."""
    most = PLAUSIBLE_MAX.get(field)
    number = _bare_number(raw)
    if most is None or number is None or number <= 0 or abs(value - number) > 1e-12:
        return ""  # not a bare fraction: points already, text with %, or blank
    as_points = number / 100.0
    if not (value > most + 1e-12 and as_points <= most + 1e-12):
        return ""
    unit = " points" if band else "%"
    read, other = f"{value * 100:.4g}{unit}", f"{number:.4g}{unit}"
    return (f"{label}: {describe(raw)} is read as {read} (a bare number of 1 or less is a fraction, README "
            f"\"Percentages\"), above the {most * 100:.4g}{unit} that is plausible here; it may be meant as "
            f"{other}. It is kept as {read}: if you meant {other}, type {number:.4g}% (with the % sign); if "
            f"{read} is meant, ignore this warning.")


def implausible_percent_message(field: str, label: str, raw: Any, value: float, *, band: bool = False) -> str:
    """The warning for a setting read unambiguously (percent points, or text with %) as more than is
    plausible for it, or ``""``. Worked example (fe11 finding 5): State Tax Rate typed ``45`` is 45%, above
    the 15% any state and city levy on gains; a mistyped 4.5 prices every gain and loss at 60% instead of
    19.5%, so it is flagged at its cell (kept as typed: the rate is the user's to set)."""
    most = PLAUSIBLE_MAX.get(field)
    if most is None or value <= most + 1e-12 or ambiguous_percent_message(field, label, raw, value, band=band):
        return ""
    unit = " points" if band else "%"
    return (f"{label}: {describe(raw)} is read as {value * 100:.4g}{unit}, above the {most * 100:.4g}{unit} that is "
            f"plausible here; check it (a misplaced decimal point?). It is kept as typed.")
