"""A sale's Lot Sales rows add up to its Trades Amount to the cent (fe13 F15).

Rule (README "Result sheets": every Total is the sum of the cents above it; a trade's Amount is its
shares x price in cents, half a cent up; a lot's Gain is its Proceeds minus its Basis as shown): the
sale's proceeds and basis are split across its lots by the largest remainder (engine/sale_cents.py),
and the Realized ST / LT, Est. Tax and Lot Selection's chosen row are sums of those rows.

Hand-worked household (As Of 2026-12-01, single, $100,000 wages, no state tax: long-term gains at
15%). Taxable holds IXUS at $72.00 in four lots bought 2020-01-02 at $60.00 a share: A 0.9793 shares
($58.758), B 4.1596 ($249.576), C 1.9245 ($115.47), D 5.3295 ($319.77); the targets sell every share
(12.3929) and buy BND.

* Amount: 12.3929 x 72 = 892.2888 -> $892.29.
* Exact proceeds 70.5096, 299.4912, 138.5640, 383.7240; each rounded alone 70.51 + 299.49 + 138.56
  + 383.72 = 892.28, a cent short (what Lot Sales showed). Cut down to cents: 892.27, two cents
  missing; remainders .96, .12, .40, .40 of a cent: A gets one, C (tied with D, listed first) the
  other: 70.51, 299.49, 138.57, 383.72 = 892.29.
* Basis 58.758 + 249.576 + 115.47 + 319.77 = 743.574 -> $743.57; cut down 58.75 + 249.57 + 115.47 +
  319.77 = 743.56, the missing cent to A (.8): 58.76, 249.57, 115.47, 319.77.
* Gains 11.75, 49.92, 23.10, 63.95 = 148.72 = 892.29 - 743.57, long-term; tax 148.72 x 15% = 22.308
  -> $22.31.
"""

from __future__ import annotations

from datetime import date

import pytest

from taxrebal.engine.money import cents
from taxrebal.engine.plan import Action
from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, Household, Lot, Security, Settings, Target
from taxrebal.engine.sale_cents import split_in_cents
from taxrebal.engine.tax import TaxProfile
from taxrebal.workbook.results.lot_selection import lot_selection_tables, plan_sale_requests, plan_step_bases

AS_OF = date(2026, 12, 1)
BOUGHT = date(2020, 1, 2)
LOTS = (("A", 0.9793), ("B", 4.1596), ("C", 1.9245), ("D", 5.3295))
PROCEEDS = [70.51, 299.49, 138.57, 383.72]  # by hand, above
BASIS = [58.76, 249.57, 115.47, 319.77]
GAINS = [11.75, 49.92, 23.10, 63.95]


def household() -> Household:
    return Household(
        accounts=(Account("Tax", "Taxable"),),
        securities=(Security("IXUS", "Intl", 72.0), Security("BND", "Bonds", 50.0)),
        lots=tuple(Lot(name, "Tax", "IXUS", BOUGHT, q, round(q * 60.0, 6)) for name, q in LOTS),
        targets=(Target("Intl", 0.0, band=0.0), Target("Bonds", 1.0, band=0.0)),
        settings=Settings(as_of=AS_OF, ordinary_income=100_000.0, state_tax_rate=0.0, min_trade=0.0))


def test_the_split_by_hand():
    split = split_in_cents([70.5096, 299.4912, 138.5640, 383.7240], [58.758, 249.576, 115.47, 319.77], 892.29)
    assert split == [(p, b, g) for p, b, g in zip(PROCEEDS, BASIS, GAINS)]


def test_a_cent_over_is_taken_from_the_smallest_remainder():
    # two lots of 1.0005 shares at $10: 10.005 each, rounded alone 10.01 + 10.01 = 20.02; the Amount
    # 2.001 x 10 = 20.01: cut down 10.00 + 10.00, one cent missing, remainders tied: the first lot gets it
    assert split_in_cents([10.005, 10.005], [0.0, 0.0], 20.01) == [(10.01, 0.0, 10.01), (10.0, 0.0, 10.0)]


def test_the_plans_lot_sales_add_up_to_the_trades_amount():
    plan = plan_rebalance(household(), as_of=AS_OF)
    (sell,) = [t for t in plan.trades if t.action is Action.SELL]
    assert sell.quantity == pytest.approx(12.3929) and sell.amount == pytest.approx(892.2888)
    rows = sorted(plan.lot_sales, key=lambda s: s.lot_id)
    assert [s.lot_id for s in rows] == ["A", "B", "C", "D"]
    shown = [s.in_cents() for s in rows]
    assert [r[0] for r in shown] == PROCEEDS
    assert [r[1] for r in shown] == BASIS
    assert [r[2] for r in shown] == GAINS and [r[4] for r in shown] == GAINS
    assert round(sum(PROCEEDS), 2) == 892.29
    assert (sell.realized_st, sell.realized_lt) == (0.0, 148.72)
    assert sell.est_tax == 22.31
    assert "long-term gain $148.72" in sell.note
    assert cents(plan.tax_total) == 22.31


def test_lot_selection_shows_the_same_cents():
    h = household()
    plan = plan_rebalance(h, as_of=AS_OF)
    requests, labels = plan_sale_requests(plan, h)
    bases = plan_step_bases(plan, h, TaxProfile.from_settings(h.settings))
    tables, issues = lot_selection_tables(h, requests, as_of=AS_OF, labels=labels, bases=bases)
    assert not issues
    comparison = next(t for t in tables if ": sell " in t.title)
    headers = [c.header for c in comparison.columns]
    chosen = next(dict(zip(headers, r)) for r in comparison.rows if str(r[-1]).startswith("Chosen"))
    assert (chosen["Proceeds"], chosen["Basis"], chosen["LT Gain"], chosen["Est. Tax"]) == (892.29, 743.57, 148.72,
                                                                                          22.31)
    lots = next(t for t in tables if "lots sold by" in t.title)
    headers = [c.header for c in lots.columns]
    body = [dict(zip(headers, r)) for r in lots.rows]
    assert [r["Proceeds"] for r in body[:-1]] == PROCEEDS and [r["Gain"] for r in body[:-1]] == GAINS
    assert (body[-1]["Lot ID"], body[-1]["Proceeds"], body[-1]["Basis"], body[-1]["Gain"]) == ("Total", 892.29,
                                                                                              743.57, 148.72)
