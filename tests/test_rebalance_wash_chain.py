"""A chain of wash sales inside the plan: each figure worked by hand from the rule.

IRC §1091(a), (d); Treas. Reg. §1.1091-1(b)-(e); IRC §1223(3); Pub 550 "Wash Sales": a loss sale
matched with substantially identical shares bought within 30 days before or after it is disallowed;
the disallowed loss goes into the replacement shares' basis and their holding period includes the sold
shares' (a replacement held on the sale day counts from the earlier of the two starts: the days both
were held count once, engine/wash.py). The shares of one order are disposed of at the same time, so they count in the
order acquired (Reg. §1.1091-1(b)); shares already sold cannot replace a later loss (the wash
engine's reading 4, ours).

The household (the new user's CH.xlsx): one taxable account, IVV lots A (2026-11-03, 10 sh, $1,100),
B (2026-11-07, 10 sh, $1,050), C (2026-11-09, 10 sh, $1,080); price $100; US target 0%, so the plan
sells all 30 IVV on 2026-12-01 and buys bonds. Single, $100,000 ordinary income, 2026: the next
dollar of short-term loss saves 22% (taxable income $83,900, in the 22% bracket).

By hand:
- A: $1,000 - $1,100 = -$100, replaced by B (bought 2026-11-07, within 30 days): $100 disallowed,
  B's basis $1,050 + $100 = $1,150; B, held on the sale day, counts from the earlier of its 11-07 and
  A's 11-03: 2026-11-03.
- B: $1,000 - $1,150 = -$150, replaced by C: $150 disallowed, C's basis $1,080 + $150 = $1,230,
  C (held on the sale day) from the earlier of its 11-09 and B's 11-03: 2026-11-03.
- C: $1,000 - $1,230 = -$230, no replacement left: reported -$230.
So ST -$230, LT $0, every lot short-term (each held 28 days), tax -$230 x 22% = -$50.60.
"""

from datetime import date

import pytest
from loss_households import AS_OF as LOSS_AS_OF
from loss_households import RECENT, loss_household, loss_settings

from taxrebal.engine.plan import LotSale
from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Target
from taxrebal.engine.wash import adjust_lots
from taxrebal.workbook.results.trades import trade_realized_cents

AS_OF = date(2026, 12, 1)


def chain_household() -> Household:
    return Household(
        accounts=(Account("Tax", "Taxable"), Account("IRA", "Traditional IRA")),
        securities=(Security("IVV", "US", 100.0, identical_group="SP"), Security("AGG", "Bonds", 100.0)),
        lots=(Lot("A", "Tax", "IVV", date(2026, 11, 3), 10, 1_100.0),
              Lot("B", "Tax", "IVV", date(2026, 11, 7), 10, 1_050.0),
              Lot("C", "Tax", "IVV", date(2026, 11, 9), 10, 1_080.0),
              Lot("Z", "IRA", "AGG", date(2020, 1, 1), 50, 4_000.0)),
        targets=(Target("US", 0.0), Target("Bonds", 1.0)),
        settings=Settings(as_of=AS_OF, ordinary_income=100_000.0, min_trade=50.0),  # Single
    )


def the_plan():
    h = chain_household()
    return plan_rebalance(adjust_lots(h).household, as_of=AS_OF)


def by_lot(plan) -> dict[str, LotSale]:
    rows = {s.lot_id: s for s in plan.lot_sales}
    assert len(rows) == len(plan.lot_sales), plan.lot_sales
    return rows


def test_each_lot_carries_the_loss_washed_into_it_and_reports_what_the_rule_says():
    rows = by_lot(the_plan())
    assert set(rows) == {"A", "B", "C"}
    # (basis with the carried-in loss, disallowed, reported gain) worked in the module docstring
    assert (rows["A"].basis, rows["A"].disallowed, rows["A"].reported_gain) == pytest.approx((1_100, 100, 0))
    assert (rows["B"].basis, rows["B"].disallowed, rows["B"].reported_gain) == pytest.approx((1_150, 150, 0))
    assert (rows["C"].basis, rows["C"].disallowed, rows["C"].reported_gain) == pytest.approx((1_230, 0, -230))
    # no lot reports a gain on shares sold below their cost
    assert all(s.reported_gain <= 0.005 for s in rows.values())
    # the washed loss is moved, never created or lost: $3,000 - ($1,100 + $1,050 + $1,080) = -$230
    assert sum(s.reported_gain for s in rows.values()) == pytest.approx(-230.0)


def test_the_holding_period_tacks_on_so_every_lot_of_the_chain_is_short_term():
    # IRC §1223(3): the replacement's holding period includes the sold shares'; each lot was held on
    # the sale day, so it counts from the earliest start of the chain, A's 11-03: 28 days, short-term.
    rows = by_lot(the_plan())
    assert rows["A"].acquired == date(2026, 11, 3)
    assert rows["B"].acquired == date(2026, 11, 3)  # the earlier of B's 11-07 and A's 11-03
    assert rows["C"].acquired == date(2026, 11, 3)  # the earlier of C's 11-09 and B's (tacked) 11-03
    assert not any(s.long_term for s in rows.values())


def test_trades_reports_the_short_term_loss_and_its_tax_with_no_phantom_gain():
    plan = the_plan()
    (sell,) = [t for t in plan.trades if t.action is Action.SELL]
    assert (sell.realized_st, sell.realized_lt) == pytest.approx((-230.0, 0.0))
    assert (plan.realized_st, plan.realized_lt) == pytest.approx((-230.0, 0.0))
    assert plan.tax_total == pytest.approx(-50.60, abs=0.005)  # -230 x 22%
    # the Trades sheet's Realized ST / LT (the sum of Lot Sales rows by term) say the same
    assert trade_realized_cents(plan)[sell.step] == (-230.0, 0.0)
    assert "short-term loss $230.00" in sell.note and "long-term" not in sell.note.split(".")[0]


def test_a_lot_that_carries_a_loss_in_says_so_with_its_tacked_date():
    rows = by_lot(the_plan())
    assert "Basis includes $100.00 of the loss washed" in rows["B"].wash_status
    assert "held from 2026-11-03" in rows["B"].wash_status
    assert "Wash sale: $150.00 of this loss is disallowed" in rows["B"].wash_status
    assert "Basis includes $150.00 of the loss washed" in rows["C"].wash_status


def test_a_recent_lot_sold_after_the_loss_sale_it_replaced_counts_from_the_old_lots_date():
    # Finding 8 (R.xlsx): lot L (100 VTI bought 2015-01-05, $130 a share) is sold at $100 on
    # 2026-06-01; lot N (10 VTI bought 2026-05-22 at $95) replaced 10 of its shares and is sold after
    # it. IRC §1223(3): N's holding period includes L's; N was held on the sale day, so the two periods
    # overlap and N counts from the earlier start, L's 2015-01-05 (fe15 finding 1: not 2026-05-22 less
    # L's 4,165 days = 2014-12-26, before L was bought), long-term; basis $950 + 10 x $30 = $1,250.
    # The Orders ticket names that date beside the lot ("holding from").
    # Here As Of is 2026-12-21 and N was bought 2026-12-11 (ten days before, as RECENT is in June): L
    # sold once N no longer washes it (2027-01-11) would be on next year's return, so the plan cannot
    # hold L for later (hold_for_later.py; in June it would date L and keep N). N counts from 2015-01-05.
    from taxrebal.workbook.results.orders import build_tickets

    december = date(2026, 12, 21)
    h = loss_household(recent_lots=(Lot("N", "Taxable", "VTI", date(2026, 12, 11), 10, 950.0),),
                       settings=loss_settings(as_of=december))
    plan = plan_rebalance(h, as_of=december)
    rows = by_lot(plan)
    assert rows["N"].acquired == date(2015, 1, 5) and rows["N"].long_term
    assert rows["N"].basis == pytest.approx(1_250.0) and rows["N"].reported_gain == pytest.approx(-250.0)
    assert "held from 2015-01-05" in rows["N"].wash_status
    (ticket,) = [t for t in build_tickets(plan, h, december) if any(x.lot_id == "N" for x in t.lots)]
    assert "holding from 01/05/2015" in ticket.lot_text and "$125/sh" in ticket.lot_text.replace(".00", "")


def test_recent_ira_shares_on_the_lots_sheet_sold_first_wash_nothing():
    # Finding 5 (RBIG.xlsx, BND): the plan sells the IRA's recent shares first "so they cannot wash",
    # and the loss sale then reports no wash. Lot L: 100 VTI bought 2015-01-05 at $130, price $100:
    # $3,000 long-term loss. Lot R: 10 VTI bought in the IRA on 2026-05-22, known only from the Lots
    # sheet (no Buy row). Sold first, no replacement share is held when L is sold (the wash engine's
    # reading 4, ours: the regulations are silent on replacements sold before the loss sale), so the
    # whole $3,000 is harvested; kept, 10 x $30 = $300 would be lost for good (Rev. Rul. 2008-5).
    h = loss_household(recent_lots=(Lot("R", "IRA", "VTI", RECENT, 10, 1_000.0),),
                       ira_vti=Lot("I1", "IRA", "VTI", date(2010, 1, 4), 490, None))
    plan = plan_rebalance(adjust_lots(h).household, as_of=LOSS_AS_OF)
    (ira_sell,) = [t for t in plan.trades if t.account == "IRA" and t.action is Action.SELL]
    (sell,) = [t for t in plan.trades if t.account == "Taxable" and t.action is Action.SELL]
    assert ira_sell.step < sell.step and "lot R" in ira_sell.note
    assert sum(s.disallowed for s in plan.lot_sales) == 0.0
    assert sell.realized_lt == pytest.approx(-3_000.0) and plan.realized_lt == pytest.approx(-3_000.0)
