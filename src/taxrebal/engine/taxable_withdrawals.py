"""Withdrawals from tax-deferred accounts: taxable income this year, which taxrebal does not add itself.

A negative Contribution on Accounts is a withdrawal, taken now. From a Traditional IRA, SEP or SIMPLE
IRA it is included in gross income (IRC §408(d)(1)); from a 401(k) or 403(b) likewise (IRC §402(a),
§403(b)(1)). Settings Ordinary Income is documented to include IRA withdrawals, so taxrebal uses it as
typed and never adds a withdrawal to it (adding it would count it twice for a user who followed the
README). But the 0% room for long-term gains (IRC §1(h)(1)(B)) depends on every dollar of ordinary
income, so where that room is shown (Harvest, console) the run says which withdrawals it did not add
and what the room would be had Ordinary Income left them out (fe9 finding 11: a $6,000 Traditional
IRA withdrawal beside a $48,600 room that is $42,600 if the withdrawal is not in Ordinary Income).

Roth IRA / Roth 401(k) qualified distributions (IRC §408A(d)(1), §402A(d)(1)) and HSA distributions for
medical expenses (IRC §223(f)(1)) are not income: they are not listed.

Worked example: Accounts ``Ruth IRA | Traditional IRA | Contribution -6,000`` and ``Ruth Roth | Roth IRA
| -1,000`` -> ``(Withdrawal("Ruth IRA", "Traditional IRA", 6000.0),)``; the note then reads "Ordinary
Income ($40,000.00 on Settings) is used as typed: the $6,000.00 withdrawal from Ruth IRA (Traditional
IRA) is taxable income (IRC §408(d)(1), §402(a)) and taxrebal does not add it. If Ordinary Income
leaves it out, the room is $42,600.00, not $48,600.00: add it to Ordinary Income and run again."
"""

from __future__ import annotations

from dataclasses import dataclass

from taxrebal.engine.money import cents

from .records import Household, TaxTreatment

__all__ = ["Withdrawal", "taxable_withdrawals", "withdrawal_note", "withdrawal_reminder"]


@dataclass(frozen=True)
class Withdrawal:
    account: str
    account_type: str
    amount: float  # positive dollars taken out


def taxable_withdrawals(household: Household) -> tuple[Withdrawal, ...]:
    """The withdrawals (negative Contributions) from tax-deferred accounts, in Accounts order."""
    return tuple(Withdrawal(a.name, a.type, -a.contribution) for a in household.accounts
                 if a.treatment is TaxTreatment.TAX_DEFERRED and a.contribution < -0.005)


def _which(withdrawals: tuple[Withdrawal, ...]) -> str:
    total = sum(w.amount for w in withdrawals)
    if len(withdrawals) == 1:
        w = withdrawals[0]
        return f"the ${cents(total):,.2f} withdrawal from {w.account} ({w.account_type})"
    parts = ", ".join(f"{w.account} ${cents(w.amount):,.2f}" for w in withdrawals)
    return f"the ${cents(total):,.2f} of withdrawals ({parts}; tax-deferred accounts)"


def withdrawal_note(withdrawals: tuple[Withdrawal, ...], ordinary_income: float, room: float,
                    room_if_added: float) -> str:
    """The Harvest sheet's sentence under the 0% room (see the module docstring); ``""`` when none."""
    if not withdrawals:
        return ""
    which = _which(withdrawals)
    verb = "is" if len(withdrawals) == 1 else "are"
    return (f"Ordinary Income (${cents(ordinary_income):,.2f} on Settings) is used as typed: {which} {verb} taxable "
            f"income (IRC §408(d)(1), §402(a)) and taxrebal does not add it. If Ordinary Income leaves it out, "
            f"the room is ${cents(room_if_added):,.2f}, not ${cents(room):,.2f}: add it to Ordinary Income and run "
            f"again")


def withdrawal_reminder(withdrawals: tuple[Withdrawal, ...], room_if_added: float) -> str:
    """The console's short form: ``""`` when none."""
    if not withdrawals:
        return ""
    total = sum(w.amount for w in withdrawals)
    return (f"; if Ordinary Income leaves out the ${cents(total):,.2f} IRA/401(k) withdrawal (taxable income), the "
            f"room is ${cents(room_if_added):,.2f} (see Harvest)")
