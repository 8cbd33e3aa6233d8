"""An employer plan's buy paid by payroll (fe9 finding 13, fe16 F10): its Orders ticket's note and part.

A 401(k)'s, 403(b)'s or Roth 401(k)'s Contribution arrives by payroll deduction under the
participant's investment election (elective deferrals, IRC §402(g)), not as a deposit to invest: the
part of a buy it pays is directed (set the election), not placed. :mod:`.orders` keeps that part on
the ticket (``OrderTicket.payroll``): the Amount column is what to enter, By Payroll the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from ...engine.money import cents
from ...engine.plan import Trade
from ...engine.records import Action, Household

if TYPE_CHECKING:
    from .orders import OrderTicket

#: Employer plans: their new money arrives by payroll deduction under the participant's investment
#: election (a 401(k)'s elective deferrals, IRC §402(g); 403(b) likewise), not as a deposit to invest.
PAYROLL_PLANS = frozenset({"401(k)", "403(b)", "Roth 401(k)"})
#: The words a payroll buy's note starts its instruction with (:func:`payroll_note`).
PAYROLL_NOTE = "new money by payroll"


def payroll_paid_in_full(trades: Sequence[Trade], household: Household) -> dict[int, float]:
    """Index in ``trades`` -> payroll dollars, for each buy of an employer plan under Min Trade: the
    plan makes such a buy only with the Contribution, which payroll invests under the election whatever
    Min Trade says (engine/rebalance/orders.py), so the Contribution pays it first, in full (the plan's
    buys under Min Trade add up to at most the Contribution; a cent of rounding beyond it is not paid).
    Worked example: Min Trade $500, a 401(k)'s $300 Contribution, buys of $200 FXAIX and $100 FXNAX:
    both are new money by payroll, no order to enter."""
    minimum = household.settings.min_trade
    accounts = household.account_map()
    left: dict[str, float] = {}
    out: dict[int, float] = {}
    for i, t in enumerate(trades):
        acct = accounts.get(t.account)
        if (t.action is not Action.BUY or acct is None or acct.type not in PAYROLL_PLANS
                or acct.contribution <= 0 or t.amount >= minimum - 0.005):
            continue
        paid = min(left.setdefault(t.account, acct.contribution), t.amount)
        if paid > 0.005:
            out[i] = paid
            left[t.account] -= paid
    return out


def payroll_note(ticket: "OrderTicket", payroll: float) -> str:
    """fe9 finding 13: "Buy FXNAX $2,000" in a 401(k) read as a ticket to place, but that money comes
    from payroll; what the participant can do is direct it."""
    if abs(payroll - ticket.amount) < 0.005:  # nothing to enter: this replaces the ticket's "enter $..."
        return (f"{PAYROLL_NOTE} (Contribution on Accounts): set your contribution election to "
                f"{ticket.symbol}; no order to enter")
    rest = cents(ticket.amount - payroll)
    part = (f"${cents(payroll):,.2f} of it is {PAYROLL_NOTE} (Contribution on Accounts): set your contribution "
            f"election "
            f"to {ticket.symbol} for that part")
    if ticket.order_type == "Dollars":  # the dollar order is for the rest: "enter $3,794.99"
        return "; ".join((ticket.note.replace(f"${cents(ticket.amount):,.2f}", f"${cents(rest):,.2f}", 1), part))
    return "; ".join(x for x in (ticket.note, f"{part}; the other ${cents(rest):,.2f} is placed now") if x)
