"""The wash-sale matching of loss shares with replacement shares, written once: the wash engine
(:mod:`taxrebal.engine.wash`, the household's history) and the pricing of a lot method with its own
wash sale (:mod:`taxrebal.engine.kept_wash`, a sale not made yet) both match with this.

Rule (Treas. Reg. §1.1091-1(c)-(e); Pub 550 "Wash Sales"): the loss shares of a sale are matched
with replacement shares taken in the order the caller gives them (earliest acquired first, Reg.
§1.1091-1(d)); fewer replacement shares than loss shares wash only that many (Reg. §1.1091-1(c));
a share that washed one loss is disregarded for any other (Reg. §1.1091-1(e)), so a match uses up
the replacement's ``unmatched`` shares. The caller leaves out the replacements that cannot replace
these shares (their own purchase: reading 2 of wash.py).

Worked example: 30 loss shares; replacements A (10 unmatched shares, acquired first) and B (25):
A gives 10, B 20, and B keeps 5 unmatched for a later loss sale.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar

from .money import QTY_EPS

__all__ = ["Replacement", "match_loss_shares"]


class Replacement(Protocol):
    """Shares that can wash a loss: how many of them have not washed one yet."""

    unmatched: float


R = TypeVar("R", bound=Replacement)


def match_loss_shares(need: float, replacements: Iterable[R]) -> list[tuple[R, float]]:
    """(replacement, shares) matched with ``need`` loss shares, in the order of ``replacements``; each
    match lowers that replacement's ``unmatched`` (see the module docstring)."""
    matched: list[tuple[R, float]] = []
    for rep in replacements:
        if need <= QTY_EPS:
            break
        if rep.unmatched <= QTY_EPS:
            continue
        take = min(need, rep.unmatched)
        need -= take
        rep.unmatched -= take
        matched.append((rep, take))
    return matched
