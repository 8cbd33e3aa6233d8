"""Lot Selection's "vs Best" is the cents of a row's Est. Tax minus the cents of the least (audit20 F1).

By hand: FIFO's tax is $100.004, shown $100.00; HIFO's -$50.004, shown -$50.00 (the least). The sheet
must show 100.00 - (-50.00) = $150.00; subtracting first and rounding after gave $150.01 (150.008), a cent
off its own row (s_senior: 9,021.77 - (-302.76) = 9,324.53 shown as 9,324.52).
"""

from __future__ import annotations

from datetime import date

import pytest

from taxrebal.engine.lot_selection import MethodOutcome, SaleComparison
from taxrebal.engine.records import LotMethod


def test_vs_best_is_the_difference_of_the_cents_shown():
    fifo = MethodOutcome(LotMethod.FIFO, None, 100.004)
    hifo = MethodOutcome(LotMethod.HIFO, None, -50.004)
    c = SaleComparison("VTI", "Taxable", 10, 100.0, date(2026, 11, 20), LotMethod.FIFO, (fifo, hifo))
    assert c.vs_best(fifo) == pytest.approx(150.00, abs=1e-9)
    assert c.vs_best(hifo) == pytest.approx(0.0, abs=1e-9)
