"""A class the household holds nothing of before the plan (Cash the plan's sales leave, say) has a Drift of
0.00%, not -0.00%, and a Status, as every other row (audit22: bench/planref seeds 29 and 31, Allocation row 7,
Cash: Value 0.00, Target 0%, Drift -0.0, Status blank; the column note reads "Over / Under when the drift is
larger than the band; Within otherwise").

By hand: IRA holds 10 A at $10 ($100, all of Alpha, target 100%); no cash before the plan. After it, $99.99
in Alpha and $0.01 of cash. Before: Cash's weight 0 - target 0 = drift 0.00%, no band (no Cash row on
Targets), "Within" (shown, never Over; Under only when negative).
"""

import math
from datetime import date

from taxrebal.engine.records import Account, Household, Lot, Security, Settings, Target
from taxrebal.workbook.results.allocation import class_table


def test_a_class_only_after_the_plan_reads_zero_drift_and_within():
    h = Household(accounts=(Account("IRA", "Traditional IRA"),), securities=(Security("A", "Alpha", 10.0),),
                  lots=(Lot("1", "IRA", "A", None, 10, None),), targets=(Target("Alpha", 1.0),),
                  settings=Settings(as_of=date(2026, 6, 1)))
    t = class_table(h, {"Alpha": 99.99, "Cash": 0.01})
    cols = [c.header for c in t.columns]
    (cash,) = [r for r in t.rows if r[0] == "Cash"]
    drift = cash[cols.index("Drift")]
    assert drift == 0.0 and math.copysign(1.0, drift) == 1.0
    assert cash[cols.index("Status")] == "Within"
    assert cash[cols.index("After Status")] == "Within"
