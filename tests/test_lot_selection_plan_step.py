"""Lot Selection's chosen row for a plan step is the plan's sale: one set of numbers with Trades and
Lot Sales.

Rule: for a taxable sell of the rebalancing plan, the chosen row and its lots table are that step's
Lot Sales: the same lots and shares, their adjusted basis (a loss washed into a lot by an earlier
sale, IRC §1091(d)), their term (the sold shares' holding period tacked on, IRC §1223(3)) and the
loss a wash sale disallows (Reported Gain = proceeds - basis + disallowed). The other methods sell
from the lots the plan's earlier steps left; a method relieving the very same shares shows the same
figures.

Worked by hand (2026, single, $100,000 wages: every dollar of net capital loss here deducts at 22%,
IRC §1211(b); no state tax). Brokerage holds VXUS lot L4, 200 shares bought 2021-06-01 for $14,000,
and lot L5, 3 shares reinvested 2026-11-20 for $192; price $65 on 2026-12-01.

* Step 1 sells L4: loss $1,000; L5's 3 shares bought within 30 days wash 3 x $5 = $15 (IRC §1091(a)),
  so it reports -$985 long-term: tax -985 x 22% = -$216.70.
* Step 2 sells L5: its basis is 192 + 15 = $207 and its holding period includes L4's (long-term), so
  it reports -$12 long-term: tax -12 x 22% = -$2.64. Before the fix Lot Selection showed +$3 short-term
  on a $192 basis, and priced FIFO with L4, which step 1 had already sold.
"""

from __future__ import annotations

from datetime import date

from taxrebal.engine.attribution import attribute_plan
from taxrebal.engine.plan import LotSale, Plan, PlanStatus, Reason, Trade
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Target
from taxrebal.engine.tax import TaxProfile, marginal_tax
from taxrebal.workbook.results.lot_selection import (
    lot_selection_tables,
    plan_sale_requests,
    plan_step_bases,
)

AS_OF = date(2026, 12, 1)
SETTINGS = Settings(as_of=AS_OF, ordinary_income=100_000.0, state_tax_rate=0.0)
L4 = Lot("L4", "Brokerage", "VXUS", date(2021, 6, 1), 200, 14_000.0)
L5 = Lot("L5", "Brokerage", "VXUS", date(2026, 11, 20), 3, 192.0)


def household(*lots: Lot, price: float = 65.0, symbol: str = "VXUS") -> Household:
    return Household(accounts=(Account("Brokerage", "Taxable"),), securities=(Security(symbol, "Intl", price),),
                     lots=lots, targets=(Target("Intl", 1.0),), settings=SETTINGS)


def plan_of(h: Household, *steps: tuple[int, tuple[LotSale, ...]]) -> Plan:
    trades, sales = [], []
    for step, lot_sales in steps:
        st = sum(s.reported_gain for s in lot_sales if not s.long_term)
        lt = sum(s.reported_gain for s in lot_sales if s.long_term)
        first = lot_sales[0]
        trades.append(Trade(step, first.account, first.symbol, Action.SELL, sum(s.quantity for s in lot_sales),
                            first.proceeds / first.quantity, sum(s.proceeds for s in lot_sales), st, lt,
                            reason=Reason.TAXABLE_SALE, asset_class="Intl"))
        sales.extend(lot_sales)
    st = sum(t.realized_st for t in trades)
    lt = sum(t.realized_lt for t in trades)
    profile = TaxProfile.from_settings(h.settings)
    plan = Plan(tuple(trades), tuple(sales), st, lt, marginal_tax(profile, st, lt), {}, {}, 0.0, 0.0, (), (),
                PlanStatus.WITHIN_BANDS)
    return attribute_plan(plan, profile)


def sheet(h: Household, plan: Plan):
    requests, labels = plan_sale_requests(plan, h)
    bases = plan_step_bases(plan, h, TaxProfile.from_settings(h.settings))
    tables, issues = lot_selection_tables(h, requests, as_of=AS_OF, labels=labels, bases=bases)
    assert not issues
    return tables


def rows_by_method(table) -> dict[str, dict[str, object]]:
    headers = [c.header for c in table.columns]
    return {r[0]: dict(zip(headers, r)) for r in table.rows}


def test_a_lot_carrying_a_loss_washed_by_an_earlier_step_is_shown_as_lot_sales_shows_it():
    h = household(L4, L5)
    step1 = LotSale(1, "Brokerage", "VXUS", "L4", L4.acquired, 200, 13_000.0, 14_000.0, -1_000.0, True,
                    "Wash sale: $15.00 of this loss is disallowed", disallowed=15.0)
    step2 = LotSale(2, "Brokerage", "VXUS", "L5", date(2021, 5, 21), 3, 195.0, 207.0, -12.0, True,
                    "Basis includes $15.00 of the loss washed by this plan's earlier sale of VXUS")
    plan = plan_of(h, (1, (step1,)), (2, (step2,)))
    assert [t.est_tax for t in plan.trades] == [-216.70, -2.64]  # by hand, above

    tables = sheet(h, plan)
    first, second = (t for t in tables if t.title.startswith("Sale") and ": sell " in t.title)
    chosen1 = rows_by_method(first)["Specific ID"]
    assert (chosen1["Basis"], chosen1["ST Gain"], chosen1["LT Gain"], chosen1["Est. Tax"]) == (14_000.0, 0.0, -985.0,
                                                                                              -216.70)
    rows = rows_by_method(second)
    chosen = rows["Specific ID"]
    assert chosen["Note"] == "Chosen"
    assert (chosen["Basis"], chosen["ST Gain"], chosen["LT Gain"], chosen["Est. Tax"]) == (207.0, 0.0, -12.0, -2.64)
    # L4 is gone after step 1: every method can only sell L5's three shares, one sale, one set of figures
    for method in ("FIFO", "LIFO", "HIFO", "MinTax", "TaxOptimal"):
        assert (rows[method]["Basis"], rows[method]["LT Gain"], rows[method]["Est. Tax"]) == (207.0, -12.0, -2.64)
    lots = next(t for t in tables if t.title.endswith("lots sold by Specific ID") and "step 2" in t.title)
    headers = [c.header for c in lots.columns]
    l5 = dict(zip(headers, lots.rows[0]))
    assert (l5["Lot ID"], l5["Basis"], l5["Gain"], l5["Term"]) == ("L5", 207.0, -12.0, "Long")
    assert l5["Acquired"] == date(2026, 11, 20)  # the purchase date; the note names the tacked holding period
    assert any("Basis includes $15.00" in n for n in second.notes)
    # step 1's wash sale is the plan's own (Lot Sales), said once, where it is
    lots1 = next(t for t in tables if t.title.endswith("lots sold by Specific ID") and "step 1" in t.title)
    assert any("disallows $15.00 of it (Lot Sales, Wash Disallowed)" in n for n in lots1.notes), lots1.notes


def test_a_loss_washed_inside_the_same_step_is_reported_once():
    # L3: 10 VTI bought 2026-11-15 for $3,100; X: 2 VTI bought 2026-11-30 for $600; sold at $301.
    # L3 loses $90 ($9/share); X's 2 shares wash 2 x $9 = $18, which moves into X's basis ($618),
    # and selling X in the same step realizes it: -90 + 18 - 16 = -$88 short-term, on a $3,718 basis.
    l3 = Lot("L3", "Brokerage", "VTI", date(2026, 11, 15), 10, 3_100.0)
    x = Lot("X", "Brokerage", "VTI", date(2026, 11, 30), 2, 600.0)
    h = household(l3, x, price=301.0, symbol="VTI")
    sales = (LotSale(1, "Brokerage", "VTI", "L3", l3.acquired, 10, 3_010.0, 3_100.0, -90.0, False, "Wash sale",
                     disallowed=18.0),
             LotSale(1, "Brokerage", "VTI", "X", x.acquired, 2, 602.0, 618.0, -16.0, False,
                     "Basis includes $18.00 of the loss washed"))
    plan = plan_of(h, (1, sales))
    assert plan.trades[0].est_tax == -19.36  # -88 x 22%
    tables = sheet(h, plan)
    chosen = rows_by_method(tables[0])["Specific ID"]
    assert (chosen["Basis"], chosen["ST Gain"], chosen["Est. Tax"]) == (3_718.0, -88.0, -19.36)
    lots = tables[1]
    assert lots.rows[-1][4] == 3_718.0 and lots.rows[-1][5] == -106.0  # Total: basis, proceeds - basis


def test_a_step_keeps_the_earlier_sales_of_its_own_identity_only():
    # Step 1 sells IVV lot A, step 2 BND lot B, step 3 VOO lot C. IVV and VOO are one Identical Group
    # (substantially identical, IRC §1091): step 3's methods may not sell A's shares again, and A's
    # shares are not there to wash its loss; B (another identity) cannot matter to it. Step 2 is the
    # first BND sale: nothing of its identity was sold before it.
    lot_a = Lot("A", "Brokerage", "IVV", date(2020, 1, 2), 10, 5_000.0)
    lot_b = Lot("B", "Brokerage", "BND", date(2020, 1, 2), 20, 1_600.0)
    lot_c = Lot("C", "Brokerage", "VOO", date(2020, 1, 2), 4, 1_800.0)
    h = Household(accounts=(Account("Brokerage", "Taxable"),),
                  securities=(Security("IVV", "US", 600.0, identical_group="SP500"), Security("BND", "Bonds", 72.0),
                              Security("VOO", "US", 550.0, identical_group="SP500")),
                  lots=(lot_a, lot_b, lot_c), targets=(Target("US", 0.6), Target("Bonds", 0.4)), settings=SETTINGS)
    plan = plan_of(h,
                   (1, (LotSale(1, "Brokerage", "IVV", "A", lot_a.acquired, 10, 6_000.0, 5_000.0, 1_000.0, True, ""),)),
                   (2, (LotSale(2, "Brokerage", "BND", "B", lot_b.acquired, 20, 1_440.0, 1_600.0, -160.0, True, ""),)),
                   (3, (LotSale(3, "Brokerage", "VOO", "C", lot_c.acquired, 4, 2_200.0, 1_800.0, 400.0, True, ""),)))
    bases = plan_step_bases(plan, h, TaxProfile.from_settings(h.settings))
    assert [(b.step, dict(b.sold_before)) for b in bases] == [
        (1, {}), (2, {}), (3, {("Brokerage", "A"): 10.0})]
