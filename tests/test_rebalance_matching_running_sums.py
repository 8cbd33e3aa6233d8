"""The wash-sale matching-order rows as running sums give the model of the prefix rows: the same optimum
(engine/rebalance/matching_order.py).

Rule (IRC §1091(a); Treas. Reg. §1.1091-1(c)): when fewer replacement shares were acquired than loss
shares sold, the replacement shares match the loss shares sold in the order those were acquired; a
loss washed by a purchase in an IRA is lost for good (Rev. Rul. 2008-5).

Hand-worked household (As Of 2026-12-01, Tax Mode Flat: 20% on short- and long-term gains alike,
$10,000 of long-term gain realized this year, so a dollar of loss saves 20 cents, and a dollar lost
for good is charged at the same 20%), $10,000:

    Tax  L1  10 VTI bought 2019-03-01 for $1,200 ($20 a share loss at $100 today)
    Tax  L2  10 VTI bought 2020-03-02 for $1,100 ($10 a share loss)
    Tax  L3  10 VTI bought 2021-03-01 for $1,050 ($5 a share loss)
    Tax  B1  65 BND bought 2020-03-02 for $6,500 (no gain)
    IRA  I1   5 VTI bought 2026-11-25 for $500 (a purchase 6 days ago)

Targets US Stocks 15%, Bonds 85%, bands 0; Tax may buy BND only, the IRA VTI only (so it cannot sell
its 5 shares first: it could not buy bonds with the cash). So 20 VTI ($2,000) are sold from Tax and
20 BND bought. Whichever 20 are sold, the IRA's 5 shares wash 5 of them, the first acquired
(L1's when L1 is sold), lost for good. Tax and charge, -0.2 x (loss sold) + 0.4 x (loss washed):

* L1 + L2: loss $300, washed 5 of L1 = $100: -60 + 40 = -$20 (tax -$40.00, $100 lost for good);
* L1 + L3: $250, $100 washed: -$10; L2 + L3: $150, 5 of L2 = $50 washed: -$10.
The plan sells L1 and L2: tax -$40.00, $100 disallowed. (Washing the cheapest shares sold instead,
5 of L2, would make L1 + L2 -60 + 20 = -$40: the order rows are what forbid it.)

Then the same optimum with the rows as prefixes and as running sums (RUNNING_SUMS_FROM 2 or never)
on that household and on variants with more loss lots, a recent taxable loss lot (whose own kept
shares do not wash its sale) and a recent taxable lot at a gain, at several targets: each stage's
least tax within the bands, and whole plans.
"""

from __future__ import annotations

from datetime import date

import pytest

from taxrebal.engine.rebalance import RebalanceModel, SolveOptions, matching_order, plan_rebalance
from taxrebal.engine.rebalance.lp import _Lp
from taxrebal.engine.rebalance.matching_order import add_matching_rows
from taxrebal.engine.records import Account, Household, Lot, Security, Settings, Target, TaxMode

AS_OF = date(2026, 12, 1)


def household(us_target: float = 0.15, *, ira_shares: float = 5.0, more: bool = False,
              recent_loss: bool = False, recent_gain: bool = False) -> Household:
    lots = [Lot("L1", "Tax", "VTI", date(2019, 3, 1), 10, 1_200.0),
            Lot("L2", "Tax", "VTI", date(2020, 3, 2), 10, 1_100.0),
            Lot("L3", "Tax", "VTI", date(2021, 3, 1), 10, 1_050.0)]
    if more:
        lots += [Lot("L4", "Tax", "VTI", date(2018, 6, 1), 8, 880.0),
                 Lot("L5", "Tax", "VTI", date(2022, 6, 1), 12, 1_320.0),
                 Lot("L6", "Tax", "VTI", date(2023, 6, 1), 6, 612.0)]
    if recent_loss:
        lots.append(Lot("R1", "Tax", "VTI", date(2026, 11, 15), 8, 848.0))  # $6 a share short-term loss
    if recent_gain:
        lots.append(Lot("R2", "Tax", "VTI", date(2026, 11, 20), 4, 380.0))  # $5 a share short-term gain
    us = sum(lot.quantity for lot in lots) * 100.0 + ira_shares * 100.0
    bonds = 10_000.0 - us if us < 9_000 else 6_500.0
    lots += [Lot("B1", "Tax", "BND", date(2020, 3, 2), bonds / 100.0, bonds),
             Lot("I1", "IRA", "VTI", date(2026, 11, 25), ira_shares, ira_shares * 100.0)]
    return Household(
        accounts=(Account("Tax", "Taxable"), Account("IRA", "Traditional IRA")),
        securities=(Security("VTI", "US Stocks", 100.0), Security("BND", "Bonds", 100.0)),
        lots=tuple(lots),
        targets=(Target("US Stocks", us_target, band=0.0), Target("Bonds", 1.0 - us_target, band=0.0)),
        menus={"Tax": frozenset({"BND"}), "IRA": frozenset({"VTI"})},
        settings=Settings(as_of=AS_OF, tax_mode=TaxMode.FLAT, flat_st_rate=0.20, flat_lt_rate=0.20,
                          realized_st_ytd=0.0, realized_lt_ytd=10_000.0, min_trade=0.0, harvest_min_loss=0.0))


VARIANTS = [
    ("hand", household()),
    ("hand, 25%", household(0.25)),
    ("15 IRA shares", household(0.20, ira_shares=15.0)),
    ("six loss lots", household(0.20, more=True)),
    ("six loss lots, recent loss", household(0.15, more=True, recent_loss=True)),
    ("six loss lots, recent loss and gain", household(0.10, more=True, recent_loss=True, recent_gain=True)),
    ("recent loss, 12 IRA shares", household(0.12, ira_shares=12.0, recent_loss=True)),
]


def _least_tax(h: Household) -> float:
    """The least tax (with the loss lost for good charged) of a plan within the bands: one MILP of the model."""
    model = RebalanceModel(h, AS_OF)
    opts = SolveOptions(rates=(0.2, 0.2))
    objective = model._linear_tax(opts.rates)
    x = model.solve(objective, opts, v_cap=0.0)
    assert x is not None
    return sum(c * float(x[j]) for j, c in objective.items())


def _plan(h: Household) -> tuple[float, float, list[tuple[str, float]]]:
    plan = plan_rebalance(h, as_of=AS_OF)
    # to the cent of a share: the plan aims a hair inside the band (0.0001 share of L3)
    sold = sorted((ls.lot_id, round(ls.quantity, 2)) for ls in plan.lot_sales if ls.quantity >= 0.005)
    return round(plan.tax_total, 2), round(sum(ls.disallowed for ls in plan.lot_sales), 2), sold


def test_the_hand_worked_household_washes_the_first_acquired_shares_sold(monkeypatch):
    for start in (2, 10**9):
        monkeypatch.setattr(matching_order, "RUNNING_SUMS_FROM", start)
        tax, disallowed, sold = _plan(household())
        assert (tax, disallowed, sold) == (-40.0, 100.0, [("L1", 10.0), ("L2", 10.0)])
        assert _least_tax(household()) == pytest.approx(-20.0, abs=1e-4)


@pytest.mark.parametrize("name,h", VARIANTS, ids=[v[0] for v in VARIANTS])
def test_running_sums_and_prefix_rows_have_the_same_optimum(monkeypatch, name, h):
    monkeypatch.setattr(matching_order, "RUNNING_SUMS_FROM", 10**9)
    prefix_model = RebalanceModel(h, AS_OF)
    prefix = (_least_tax(h), _plan(h)[:2])
    monkeypatch.setattr(matching_order, "RUNNING_SUMS_FROM", 2)
    running_model = RebalanceModel(h, AS_OF)
    running = (_least_tax(h), _plan(h)[:2])
    assert running[0] == pytest.approx(prefix[0], abs=1e-4)
    assert running[1] == prefix[1]
    # the running form is in use: more columns (two per prefix), the same binaries
    assert running_model.lp.n > prefix_model.lp.n
    assert sum(running_model.lp.integ) == sum(prefix_model.lp.integ)


class _Lots:
    """The two fields add_matching_rows reads: sell lots (quantity) and their columns."""

    def __init__(self, quantities: list[float]) -> None:
        self.sell_lots = [type("S", (), {"lot": Lot("L", "Tax", "VTI", AS_OF, q, 0.0)})() for q in quantities]
        self.lot_vars = list(range(len(quantities)))


def test_coefficients_of_the_module_docstring_example(monkeypatch):
    """8 loss lots, one recent column sold first: prefix rows 105 coefficients, running sums 76 and
    14 more columns (counted by hand in matching_order.py's docstring)."""
    counts = {}
    for start in (10**9, 2):
        monkeypatch.setattr(matching_order, "RUNNING_SUMS_FROM", start)
        lp = _Lp()
        for _ in range(8 + 8 + 1):  # x_1..x_8, w_1..w_8, the recent column
            lp.var(0.0, 10.0)
        model = _Lots([10.0] * 8)
        binaries = add_matching_rows(model, lp, list(range(8)), {i: 8 + i for i in range(8)}, {16: 1.0}, 5.0, ())  # type: ignore[arg-type]
        assert [prefix for _b, prefix in binaries] == [list(range(i + 1)) for i in range(7)]
        counts[start] = (len(lp.rows_i), lp.n - 17)
    assert counts[10**9] == (105, 7)
    assert counts[2] == (76, 21)

