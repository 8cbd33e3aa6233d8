"""Input checks the rebalancer needs: every lot's security and account known, taxable lots with a
basis and a date, targets adding up to 100%, prices above 0.

Example: a taxable lot without Cost Basis raises InputError naming its sheet and row.
"""

from __future__ import annotations

import math

from ...errors import InputError, Issue, Severity
from .attributes import ModelAttributes


class InputsMixin(ModelAttributes):
    def _check_inputs(self) -> None:
        issues: list[Issue] = []
        accounts = self.household.account_map()
        for lot in self.household.lots:
            sheet, row = (lot.source.sheet, lot.source.row) if lot.source else ("Lots", 0)
            where = f"row {row}" if row else f"lot {lot.lot_id}"
            if lot.symbol not in self.secs:
                issues.append(Issue(Severity.ERROR, sheet, f"A{row}" if row else "",
                                    f"Lot {lot.lot_id} ({where}) holds {lot.symbol}, which is not on the "
                                    f"Securities sheet: add it there with its asset class and price."))
                continue
            if lot.account not in accounts:
                issues.append(Issue(Severity.ERROR, sheet, f"A{row}" if row else "",
                                    f"Lot {lot.lot_id} ({where}) is in account {lot.account!r}, which is not "
                                    f"on the Accounts sheet: add the account or fix the name."))
                continue
            if accounts[lot.account].is_taxable and lot.quantity > 0:
                if lot.basis is None:
                    issues.append(Issue(Severity.ERROR, sheet, f"A{row}" if row else "",
                                        f"Lot {lot.lot_id} ({where}) in taxable account {lot.account} has no "
                                        f"cost basis: enter the Cost Basis from the broker's statement."))
                if lot.holding_start is None and not lot.inherited:
                    issues.append(Issue(Severity.ERROR, sheet, f"A{row}" if row else "",
                                        f"Lot {lot.lot_id} ({where}) in taxable account {lot.account} has no "
                                        f"acquisition date: enter it, or 'Inherited'."))
        targets = self.household.targets
        if not targets:
            issues.append(Issue(Severity.ERROR, "Targets", "",
                                "The Targets sheet has no asset class: enter each class's target weight "
                                "(they add up to 100%) to rebalance."))
        elif abs(sum(t.target for t in targets) - 1.0) > 1e-3:
            total = sum(t.target for t in targets)
            issues.append(Issue(Severity.ERROR, "Targets", "B",
                                f"The targets add up to {total * 100:.2f}%: make them add up to 100%."))
        for s in self.household.securities:
            if not (s.price > 0) or not math.isfinite(s.price):
                issues.append(Issue(Severity.ERROR, "Securities", "",
                                    f"{s.symbol} has price {s.price}: enter its current price (more than 0)."))
        if issues:
            raise InputError("The rebalancer cannot use this household: " + issues[0].message, tuple(issues))
