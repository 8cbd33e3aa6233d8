"""Rebalance To = Band Edge says what it does on Trades, as Target does (fe12 F6: under Band Edge the
Trades sheet had no 'Rebalance To = ...' paragraph, and README's only words were "Target or Band Edge").

The rule (engine/rebalance/stages.py tie_break_stages, stage C): under Band Edge the tie-break weighs
the dollars traded plus 0.75 x the distance to target (idle cash counted), so a sell and buy inside a
tax-advantaged account ($2 traded to move two classes $1 nearer target: 2 > 0.75 x 2) stops at the band
edge, while cash, contributions and sale proceeds ($1 traded, $1 nearer, and cash no longer idle) are
still invested toward target.

Household (hand-made): Taxable holds 50 VTI at $100 ($5,000) and $1,000 of cash; a Roth 401(k) holds 400
FXNAX at $10 ($4,000) and gets a $500 contribution; targets US Stocks 50%, Bonds 40%, Cash 10% (band 2
points). Cash is $1,500 of $10,500 before the plan (14.3%, over its 12% edge): the plan rebalances.
"""

from datetime import date

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import (
    Account,
    Household,
    Lot,
    RebalanceTo,
    Security,
    SecurityType,
    Settings,
    Target,
)

AS_OF = date(2026, 6, 1)
FUND = SecurityType.MUTUAL_FUND


def _household(rebalance_to: RebalanceTo) -> Household:
    return Household(
        accounts=(Account("Taxable", "Taxable", cash=1_000.0), Account("Roth401", "Roth 401(k)", contribution=500.0)),
        securities=(Security("VTI", "US Stocks", 100.0), Security("FXNAX", "Bonds", 10.0, security_type=FUND),
                    Security("FXAIX", "US Stocks", 100.0, security_type=FUND)),
        lots=(Lot("T1", "Taxable", "VTI", date(2015, 3, 2), 50, 3_000.0),
              Lot("R1", "Roth401", "FXNAX", None, 400, None)),
        targets=(Target("US Stocks", 0.50), Target("Bonds", 0.40), Target("Cash", 0.10, band=0.02)),
        settings=Settings(as_of=AS_OF, min_trade=50.0, ordinary_income=100_000.0, rebalance_to=rebalance_to),
        menus={"Roth401": frozenset({"FXNAX", "FXAIX"})})


def test_band_edge_says_what_it_does_on_trades_as_target_does():
    notes = plan_rebalance(_household(RebalanceTo.BAND_EDGE), as_of=AS_OF).notes
    (said,) = [n for n in notes if n.startswith("Rebalance To = ")]
    assert said == ("Rebalance To = Band Edge: sells and buys inside tax-advantaged accounts stop where every class "
                    "is within its band; cash, contributions and the proceeds of taxable sales (harvests included) "
                    "are still invested toward target, so the plan can end nearer target than the band edge. "
                    "Taxable sales stop where every class is within its band. The Tax-Drift Frontier sheet shows "
                    "what reaching target would cost.")
    target = plan_rebalance(_household(RebalanceTo.TARGET), as_of=AS_OF).notes
    assert [n for n in target if n.startswith("Rebalance To = ")][0].startswith("Rebalance To = Target: ")
