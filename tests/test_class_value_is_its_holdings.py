"""An asset class's Value is the sum of its holdings' values, each holding (an account's shares of one
symbol) valued to the cent: what an advisor adding up a statement's positions finds (README "Result
sheets": money is shown in cents and every total is the sum of the cents above it).

Found on a generated household (``python bench/generate.py --lots 1000``, then ``taxrebal run``): the
Allocation sheet's class Value was the exact sum over the lots rounded once (US Small Cap 971,116.42),
which no addition of holdings' cents gives (971,116.38 lot by lot), and the By account cells had to be
forced by largest remainder to add up to it.

Hand-worked household: X at $33.30 (class Stocks) is held in Brokerage as three lots of 0.05 shares
and in the IRA as one lot of 0.15; Y at $100 (Bonds) is 10 shares in Brokerage.

* Brokerage's X: 0.15 x $33.30 = $4.995 -> **$5.00**; the IRA's X: the same, **$5.00**;
* Stocks: $5.00 + $5.00 = **$10.00** (the exact sum rounded once gives $9.99, lot by lot 3 x $1.67 +
  $5.00 = $10.01: neither is what the holdings add up to);
* Bonds $1,000.00, household $1,010.00; By account: Brokerage $5.00 + $1,000.00 = $1,005.00, IRA $5.00.

A holding sold in full leaves its class at $0.00: the IRA's 30.15 X at $33.30 are worth $1,003.995 ->
**$1,004.00**, and the sell's Amount is the same product as written (the float product
1,003.9949999999999 rounded to $1,003.99 and left $0.01 of X after the plan).

The golden households (tests/golden/) are checked the same way against sums computed here, in
``Decimal`` from the input sheets, with no taxrebal code.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from golden_results import CASES, golden_path

from taxrebal.engine.allocation import allocation
from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, Action, FilingStatus, Household, Lot, Security, Settings, Target
from taxrebal.workbook.results.allocation import account_table, class_table
from taxrebal.workbook.results.trades import after_in_cents


def _household() -> Household:
    return Household(
        accounts=(Account("Brokerage", "Taxable"), Account("IRA", "Traditional IRA")),
        securities=(Security("X", "Stocks", 33.30), Security("Y", "Bonds", 100.0)),
        lots=(Lot("B1", "Brokerage", "X", date(2024, 1, 2), 0.05, 1.0),
              Lot("B2", "Brokerage", "X", date(2024, 2, 2), 0.05, 1.0),
              Lot("B3", "Brokerage", "X", date(2024, 3, 2), 0.05, 1.0),
              Lot("I1", "IRA", "X", None, 0.15, None),
              Lot("B4", "Brokerage", "Y", date(2024, 1, 2), 10, 1_000.0)),
        targets=(Target("Stocks", 0.5), Target("Bonds", 0.5)),
        settings=Settings(as_of=date(2026, 11, 25)))


def test_a_class_is_its_holdings_values_in_cents_added_up():
    h = _household()
    assert {r.asset_class: r.value for r in allocation(h)} == {"Stocks": 10.00, "Bonds": 1_000.00}  # DRIFT's too
    values = {r[0]: r[1] for r in class_table(h).rows}
    assert (values["Stocks"], values["Bonds"], values["Total"]) == (10.00, 1_000.00, 1_010.00)
    by_account = {r[0]: r[2:5] for r in account_table(h).rows}  # Stocks, Bonds, Uninvested Cash
    assert by_account == {"Brokerage": (5.00, 1_000.00, 0.0), "IRA": (5.00, 0.0, 0.0), "Total": (10.00, 1_000.00, 0.0)}


def test_a_holding_sold_in_full_leaves_its_class_at_zero():
    """X (target 0) is 30.15 shares in the IRA, $100.00 of cash: the plan sells them all ($1,004.00)
    and buys Bonds; Stocks after the plan is $0.00 and the household is still worth $1,104.00."""
    h = Household(accounts=(Account("IRA", "Traditional IRA", cash=100.0),),
                  securities=(Security("X", "Stocks", 33.30), Security("Y", "Bonds", 10.0)),
                  lots=(Lot("I1", "IRA", "X", None, 30.15, None),),
                  targets=(Target("Stocks", 0.0), Target("Bonds", 1.0)),
                  settings=Settings(as_of=date(2026, 11, 25), filing_status=FilingStatus.SINGLE,
                                    ordinary_income=50_000))
    assert {r.asset_class: r.value for r in allocation(h)} == {"Stocks": 1_004.00, "Bonds": 0.0, "Cash": 100.0}
    plan = plan_rebalance(h, as_of=date(2026, 11, 25))
    (sell,) = [t for t in plan.trades if t.action is Action.SELL]
    assert (sell.quantity, round(sell.amount, 2)) == (30.15, 1_004.00)
    after = after_in_cents(plan, h)
    assert after["Stocks"] == 0.0 and round(sum(after.values()), 2) == 1_104.00


def _cents(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _records(rows) -> list[dict]:
    head = [str(h).strip() if h is not None else "" for h in rows[0]]
    return [dict(zip(head, r)) for r in rows[1:] if any(v not in (None, "") for v in r)]


@pytest.mark.parametrize("case", [c for c in CASES if golden_path(c).is_file()], ids=lambda c: c.name)
def test_each_golden_class_value_is_its_holdings_added_up(case):
    """Allocation's Value and By account cells against holdings valued here: per (account, symbol),
    the lots' quantities added up and times the price, half a cent up, then added up by class."""
    raw = case.sheets()
    price = {r["Symbol"]: (r["Asset Class"], Decimal(repr(float(r["Price"])))) for r in _records(raw["Securities"])}
    shares: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for lot in _records(raw["Lots"]):
        shares[(lot["Account"], lot["Symbol"])] += Decimal(repr(float(lot["Quantity"])))
    by_class: dict[str, Decimal] = defaultdict(Decimal)
    by_cell: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for (account, symbol), q in shares.items():
        cls, p = price[symbol]
        by_class[cls] += _cents(q * p)
        by_cell[(account, cls)] += _cents(q * p)
    doc = json.loads(golden_path(case).read_text())["sheets"]["Allocation"]
    table = {t["title"]: [dict(zip(t["columns"], r)) for r in t["rows"]] for t in doc if isinstance(t, dict)}
    shown = {r["Asset Class"]: r["Value"] for r in table["Allocation by asset class"]}
    assert {c: shown[c] for c in by_class} == {c: float(v) for c, v in by_class.items()}
    for row in table["By account"][:-1]:
        for cls in by_class:
            assert row[cls] == float(by_cell.get((row["Account"], cls), Decimal(0))), (row["Account"], cls)
