"""fe11 finding 24: the Dividends sheet lists a DRIP holding of a fund the plan sells at a loss on a
later date (Trades "Sales to wait for", Plan.waits), as it does one sold today.

Hand-worked (a_okafor's shape): As Of 2026-12-04; the plan dates the sale of VXUS lot A2 (100 sh at
$60, basis $12,000: a $6,000 long-term loss) on 2026-12-21. VXUS has DRIP on in Ada Taxable and Ada
IRA. A reinvested dividend within 30 days before or after 2026-12-21 is a purchase that washes part
of the loss (IRC §1091(a)): DRIP off now, kept off through 2026-12-21 + 30 days = 2027-01-20.
Targets 50/50 with Intl $12,000 and Bonds $12,000 today: neither class is over target, so the dated
sale is the only reason for a row. BND (DRIP on, not sold) gets no row.
"""

from datetime import date

from taxrebal.engine.dividends import dividend_advice
from taxrebal.engine.plan import Plan, PlanStatus, WaitedSale
from taxrebal.engine.records import Account, Household, Lot, Security, Settings, Target

AS_OF = date(2026, 12, 4)


def household() -> Household:
    # Intl $6,000 + $6,000 = $12,000 of $24,000 (50%, target 50%); Bonds $12,000 (50%, target 50%)
    return Household(
        accounts=(Account("Ada Taxable", "Taxable"), Account("Ada IRA", "Traditional IRA")),
        securities=(Security("VXUS", "Intl", 60.0, drip=True), Security("BND", "Bonds", 100.0, drip=True)),
        lots=(Lot("A2", "Ada Taxable", "VXUS", date(2020, 3, 2), 100, 12_000.0),
              Lot("I1", "Ada IRA", "VXUS", None, 100, None),
              Lot("B1", "Ada IRA", "BND", None, 120, None)),
        targets=(Target("Intl", 0.5), Target("Bonds", 0.5)),
        settings=Settings(as_of=AS_OF))


def plan(waits: tuple[WaitedSale, ...]) -> Plan:
    return Plan(trades=(), lot_sales=(), realized_st=0.0, realized_lt=0.0, tax=0.0, before={}, after={},
                max_drift_before=0.0, max_drift_after=0.0, cash_left=(), notes=(), status=PlanStatus.NOT_NEEDED,
                waits=waits)


WAIT = WaitedSale("Ada Taxable", "VXUS", "A2", 100, 60.0, date(2026, 12, 21), 0.0, -6_000.0, 0.0, 0.0, 0.0,
                  asset_class="Intl", identity="VXUS")


def test_a_drip_holding_of_a_fund_the_plan_sells_at_a_loss_later_is_listed():
    rows = dividend_advice(household(), as_of=AS_OF, plan=plan((WAIT,)))
    assert [(r.account, r.symbol) for r in rows] == [("Ada IRA", "VXUS"), ("Ada Taxable", "VXUS")]
    for r in rows:
        assert "the plan sells VXUS at a loss on 2026-12-21 (Trades: Sales to wait for)" in r.advice
        assert "turn it off now and keep it off through 2027-01-20" in r.advice


def test_without_the_dated_sale_nothing_is_listed():
    assert dividend_advice(household(), as_of=AS_OF, plan=plan(())) == ()
