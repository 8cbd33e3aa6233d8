"""fe19 F5: a sell ticket calls a lot "adjusted for a wash sale" only when a wash sale adjusted it.

tests/fe19_households.py h6: the plan sells 166.4999 of lot X1's 200 VXUS (bought 2020-01-02 for $10,000:
$50.00 a share). No transaction at all is on the workbook, so nothing was ever disallowed (IRC §1091(a))
and nothing was added to X1's basis (§1091(d)): the ticket shows $50.00/sh and no wash-sale text. It said
"(adjusted for a wash sale: basis $50.00/sh)": the relieved basis of a fractional count, 166.4999 x $50 =
$8,324.995, in cents $8,325.00, is $50.00003 a share, which was read as an adjustment.
"""

from fe19_households import AS_OF, h6

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Action
from taxrebal.workbook.results.orders import build_tickets, lot_table


def test_an_unadjusted_lot_sold_in_a_fractional_count_says_no_wash_sale():
    h = h6()
    tickets = build_tickets(plan_rebalance(h, as_of=AS_OF), h, AS_OF)
    (vxus,) = [t for t in tickets if t.symbol == "VXUS" and t.action is Action.SELL]
    assert vxus.quantity != int(vxus.quantity)  # a fractional count, the case at hand
    assert "@ $50.00/sh (X1)" in vxus.lot_text
    assert "wash" not in vxus.lot_text
    for row in lot_table(tuple(tickets)).rows:
        assert not row[8]  # Wash Sale Adjustment column blank for every lot
