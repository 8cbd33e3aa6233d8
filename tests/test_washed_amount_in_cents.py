"""A washed amount is rounded by the one money rule (half a cent up, engine/money.py) on every sheet, and
the parts of a loss add up to it to the cent (fe17 F10).

Hand-worked (fe17's h1): Joint (taxable) holds BND lot B1, 300 shares bought 2022-01-10 for $25,500, now
$72: a $3,900.00 loss, $13.00 a share; DRIP bought 3.125 BND on 2026-12-01 (lot B2, $225). Sold today, B1
meets those 3.125 shares (IRC §1091(a)): 3.125 x $13.00 = $40.625 disallowed, $40.63 in cents (half up),
deferred into B2's basis (§1091(d)); the loss that counts is $3,900.00 - $40.63 = $3,859.37, so that
3,859.37 + 40.63 = 3,900.00. Python's own "%.2f" gives 40.62 (half to even), which Trades said.
"""

from datetime import date

import pytest

from taxrebal.engine.harvest import harvest_candidates
from taxrebal.engine.rebalance.explain import _washed_note
from taxrebal.engine.rebalance.literal_exposure import exposure_note
from taxrebal.engine.records import (
    Account,
    Action,
    FilingStatus,
    Household,
    Lot,
    Security,
    Settings,
    Target,
    Transaction,
)
from taxrebal.engine.tax import TaxProfile

AS_OF = date(2026, 12, 4)
WASHED = 3.125 * 13.0  # 40.625


def test_the_trades_notes_round_the_washed_amount_half_a_cent_up():
    assert "wash $40.63 of AGGB's loss" in exposure_note("AGGB", WASHED, 0.0)
    assert "Wash sale: $40.63 of this loss is disallowed" in _washed_note("AGGB", 30, WASHED, 0.0)


def test_the_harvest_note_and_columns_add_up_to_the_loss():
    settings = Settings(as_of=AS_OF, filing_status=FilingStatus.MARRIED_JOINT, ordinary_income=260_000.0,
                        realized_st_ytd=0.0, realized_lt_ytd=0.0, realized_ytd_reconciled=True)
    h = Household(
        accounts=(Account("Joint", "Taxable"),),
        securities=(Security("BND", "Bonds", 72.0), Security("VTI", "US", 300.0)),
        lots=(Lot("B1", "Joint", "BND", date(2022, 1, 10), 300, 25_500.0),
              Lot("B2", "Joint", "BND", date(2026, 12, 1), 3.125, 225.0),
              Lot("V1", "Joint", "VTI", date(2020, 1, 2), 100, 10_000.0)),
        transactions=(Transaction(date(2026, 12, 1), "Joint", "BND", Action.REINVEST, 3.125, 72.0, lot_id="B2"),),
        targets=(Target("US", 0.6, 0.05), Target("Bonds", 0.4, 0.05)),
        settings=settings)
    scan = harvest_candidates(h, AS_OF, TaxProfile.from_settings(h.settings))
    (b1,) = [c for c in scan.candidates if c.lot_id == "B1"]
    assert "only $3,859.37 of the $3,900.00 loss counts: $40.63 deferred into the new shares' basis" in b1.note
    assert b1.harvestable_loss == pytest.approx(3_859.37, abs=1e-9)
    (bnd,) = [x for x in scan.holdings if x.symbol == "BND"]
    assert bnd.loss == pytest.approx(3_859.37, abs=1e-9)
