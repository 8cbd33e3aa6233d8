"""Form 8949 says what placing the plan changes on a line: a plan purchase that replaces a past loss
sale's open loss shares disallows more of its loss (IRC §1091(a), (d); Treas. Reg. §1.1091-1(c), (e);
fe15 F13d: the sheet showed (g) 100 / (h) -150 with no word that the plan makes it 250 / 0).

Household (tests/test_rebalance_past_wash.py, by hand): 100 BND sold on 2026-05-20 at $50 with a
$6,000 basis: a $1,000 long-term loss, $10 a share. On 2026-06-01 the plan buys 800 BND in the
taxable account, so 100 of its shares replace the 100 loss shares.

* nothing matched before: the line reads (g) blank, (h) -1,000.00; once placed, (f) W, (g) 1,000.00,
  (h) 0.00, and the $1,000 is in the new shares' basis;
* 40 BND bought in the IRA on 2026-05-25 already replaced 40 loss shares ($400, lost for good):
  the line reads (f) W, (g) 400.00, (h) -600.00; the plan's purchase replaces the other 60 ($600):
  once placed (g) 1,000.00, (h) 0.00.
"""

from dataclasses import replace
from datetime import date

from test_rebalance_past_wash import AS_OF, household

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Action, Lot, Transaction
from taxrebal.engine.wash import adjust_lots
from taxrebal.workbook.results.form8949 import form8949_tables


def _bnd_line(h):
    wash = adjust_lots(h)
    plan = plan_rebalance(wash.household, as_of=AS_OF)
    part1, part2 = form8949_tables(wash, 2026, plan)
    headers = [c.header for c in part2.columns]
    (row,) = [dict(zip(headers, r)) for r in part2.rows if r[1] == "100 sh BND"]
    return row, plan, part2


def test_an_open_loss_line_says_what_it_reads_once_the_plan_is_placed():
    row, plan, _ = _bnd_line(household())
    buy = next(t for t in plan.trades if t.symbol == "BND" and t.action is Action.BUY)
    assert (row["(f) Code"], row["(g) Adjustment"], row["(h) Gain or Loss"]) == ("", None, -1_000.0)
    assert (f"if the plan on Trades is placed, $1,000.00 more of this loss is disallowed: step {buy.step} buys BND "
            f"in Taxable, replacing 100 of its loss shares ($1,000.00, added to the new shares' basis, IRC §1091(d)); "
            f"the line then reads (f) W, (g) 1,000.00, (h) 0.00.") in row["Note"]


def test_a_partly_washed_line_adds_the_plan_s_part_to_what_is_already_disallowed():
    h = household(ira_bought=True)
    h = replace(h, lots=tuple(replace(lot, quantity=40, basis=2_000.0) if lot.lot_id == "I1" else lot
                              for lot in h.lots),
                transactions=tuple(replace(t, quantity=40) if t.lot_id == "I1" else t for t in h.transactions))
    assert any(isinstance(lot, Lot) and lot.lot_id == "I1" and lot.quantity == 40 for lot in h.lots)
    assert any(isinstance(t, Transaction) and t.lot_id == "I1" and t.quantity == 40 for t in h.transactions)
    row, _, _ = _bnd_line(h)
    assert (row["(f) Code"], row["(g) Adjustment"], row["(h) Gain or Loss"]) == ("W", 400.0, -600.0)
    assert "$600.00 more of this loss is disallowed" in row["Note"]
    assert "the line then reads (f) W, (g) 1,000.00, (h) 0.00." in row["Note"]


def test_without_the_plan_the_line_has_no_such_note():
    h = household()
    wash = adjust_lots(h)
    _, part2 = form8949_tables(wash, 2026)
    assert not any("if the plan on Trades is placed" in str(r[-1]) for r in part2.rows)
    assert date(2026, 5, 20) in [r[3] for r in part2.rows]
