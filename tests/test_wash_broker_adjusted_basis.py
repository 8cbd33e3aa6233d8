"""Wash Sales' Adjusted Basis of a broker-adjusted replacement lot is the lot's basis as held, the
figure Lot Selection and Lot Sales use (fe11 finding 10).

Rule (IRC §1091(d); Pub 550 "Wash Sales"): the disallowed loss is added to the replacement shares'
basis. A lot marked Wash Adjusted = Y already holds that adjustment in its Cost Basis (the broker's
figure), so taxrebal does not add it again (README "Broker-adjusted lots"); its adjusted basis is its
Cost Basis, not the price its Buy row paid.

Hand-worked (fe11's h_brokeradj): 50 VTI sold 2026-11-10 at $290 with a basis of $16,000 (a $1,500 loss,
$30 a share); 30 VTI bought 2026-11-20 at $295 (Buy row, Lot ID W1) wash 30 x $30 = $900. The broker
already added it: Lots W1 Cost Basis 30 x $295 + $900 = $9,750, Wash Adjusted = Y. The match adds $0
(Basis Adjustment 0) and the matched shares' Adjusted Basis is $9,750 (was shown as $8,850, the price
paid). Typed unadjusted (Cost Basis $8,850, Wash Adjusted = N) the same row reads $900 and $9,750.
"""

from __future__ import annotations

from datetime import date

import pytest

from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Transaction
from taxrebal.engine.wash import adjust_lots


def household(basis: float, adjusted: bool) -> Household:
    return Household(
        accounts=(Account("Tax", "Taxable"),),
        securities=(Security("VTI", "Stocks", 300.0),),
        lots=(Lot("W1", "Tax", "VTI", date(2026, 11, 20), 30, basis, wash_adjusted=adjusted),),
        transactions=(Transaction(date(2026, 11, 10), "Tax", "VTI", Action.SELL, 50, 290.0,
                                  acquired=date(2026, 2, 2), basis=16_000.0),
                      Transaction(date(2026, 11, 20), "Tax", "VTI", Action.BUY, 30, 295.0, lot_id="W1")),
        settings=Settings(as_of=date(2026, 12, 4)))


@pytest.mark.parametrize("basis, adjusted, added", [(9_750.0, True, 0.0), (8_850.0, False, 900.0)],
                         ids=["broker-adjusted", "unadjusted"])
def test_the_matched_shares_adjusted_basis_is_9750_either_way(basis, adjusted, added):
    result = adjust_lots(household(basis, adjusted))
    (m,) = result.matches
    assert m.disallowed == pytest.approx(900.0) and m.broker_adjusted is adjusted
    assert m.basis_adjustment == pytest.approx(added)
    assert m.adjusted_basis == pytest.approx(9_750.0)
    (w1,) = result.household.lots
    assert w1.adjusted_basis == pytest.approx(9_750.0)  # what Lot Selection and Lot Sales use
