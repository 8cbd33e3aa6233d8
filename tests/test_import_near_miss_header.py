"""A broker file missing one of its format's identifying header cells names that header (fe17 F14a).

Schwab's realized gain/loss export is told by six header cells (Symbol, Closed Date, Opened Date,
Quantity, Proceeds Per Share, Cost Basis (CB)). The same file without "Proceeds Per Share" (line 2 is
its header) used to be read as a generic CSV and fail on a column it does have ("a lots file needs a
Cost Basis (or Unit Cost) column"); auto-detected or forced, it now says: line 2, a Schwab realized
gain/loss file, no "Proceeds Per Share" column. A generic CSV with only some of those names (Symbol,
Quantity, Cost Basis) is still generic.
"""

from __future__ import annotations

import pytest

from taxrebal.errors import BrokerFileError
from taxrebal.workbook.importers import parse_text

MISSING = (
    '"Realized Gain/Loss - Lot Details for XXXX-4567 as of 12/31/2026"\n'
    '"Symbol","Name","Closed Date","Opened Date","Quantity","Cost Per Share","Proceeds","Cost Basis (CB)",'
    '"Gain/Loss ($)","Wash Sale?","Disallowed Loss"\n'
    '"QQQ","INVESCO QQQ TRUST","12/10/2026","12/15/2025","50","$500.00","$24,000.00","$25,000.00","-$1,000.00",'
    '"Yes","$600.00"\n'
)


@pytest.mark.parametrize("broker", ["auto", "schwab-realized"])
def test_the_missing_header_is_named_with_its_line(broker):
    with pytest.raises(BrokerFileError) as caught:
        parse_text("realized.csv", MISSING, broker)
    err = caught.value
    assert (err.file, err.line) == ("realized.csv", 2)
    assert "looks like a Schwab realized gain/loss file" in err.problem
    assert 'no "Proceeds Per Share" column' in err.problem


def test_a_generic_csv_with_some_of_the_names_is_still_generic():
    f = parse_text("lots.csv", "Account,Symbol,Quantity,Acquired,Cost Basis\nJoint,QQQ,10,2024-01-02,4000\n")
    assert f.broker == "generic" and len(f.lots) == 1
