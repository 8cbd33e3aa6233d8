"""The Trades note "shares with short-term gains were not sold" speaks of the shares the plan really
leaves, as the plan leaves them (fe15 finding F8; engine/rebalance/explain.py).

fe15's h4 household, As Of 2026-12-04, worked by hand: Brokerage (taxable) holds VXUS at $62 in two
lots: X1, 400 shares bought 2023-03-01 for $28,000 ($70 each: a $3,200 long-term loss), and X2, 2
shares reinvested 2026-11-28 for $122 ($61 each: a $2 short-term gain). Allow Short-Term Gains is
off (the default).

* Sold Recent Shares Wash = N: the plan sells all 402 shares. X1's loss sale meets X2, bought 6 days
  before it: 2 of X1's 400 shares are washed (Treas. Reg. §1.1091-1(c)), 2 x $8 = $16 disallowed and
  added to X2's basis ($122 + $16 = $138, IRC §1091(d)), X2 then held from X1's start (IRC §1223(3)):
  X2's own sale is a long-term loss of $124 - $138 = -$14, and no short-term gain share is left. No
  note may say any "were not sold".
* Sold Recent Shares Wash = Y: X1's sale is dated after X2's 30 days instead, X2 is kept, its $2 gain
  is still short-term, and it turns long-term the day after its first anniversary: 2026-11-28 + 1 year
  = 2027-11-28, so from 2027-11-29 (IRC §1222, §1223; Pub 550 "Holding Period"). The note is true then.
"""

from dataclasses import replace
from datetime import date

from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import (
    Account,
    Action,
    FilingStatus,
    Household,
    Lot,
    Security,
    SecurityType,
    Settings,
    Target,
    Transaction,
)

AS_OF = date(2026, 12, 4)
NOTE = "Brokerage VXUS: shares with short-term gains were not sold"


def h4(sold_recent_shares_wash: bool = False) -> Household:
    etf, fund = SecurityType.ETF, SecurityType.MUTUAL_FUND
    return Household(
        accounts=(Account("Brokerage", "Taxable", "Jo & Al", cash=2_000.0),
                  Account("Al HSA", "HSA", "Al", contribution=300.0),
                  Account("Jo 401k", "401(k)", "Jo", contribution=1_000.0)),
        securities=(Security("VTI", "US Stocks", 300.0, replacements=("SCHB",), security_type=etf),
                    Security("SCHB", "US Stocks", 25.0, replacements=("VTI",), security_type=etf),
                    Security("FXAIX", "US Stocks", 230.0, security_type=fund),
                    Security("VXUS", "Intl Stocks", 62.0, replacements=("IXUS",), drip=True, security_type=etf),
                    Security("IXUS", "Intl Stocks", 74.0, replacements=("VXUS",), security_type=etf),
                    Security("FXNAX", "Bonds", 10.4, security_type=fund),
                    Security("BND", "Bonds", 72.0, replacements=("AGG",), security_type=etf),
                    Security("AGG", "Bonds", 98.0, replacements=("BND",), security_type=etf)),
        lots=(Lot("X1", "Brokerage", "VXUS", date(2023, 3, 1), 400, 28_000.0),
              Lot("X2", "Brokerage", "VXUS", date(2026, 11, 28), 2, 122.0),
              Lot("V1", "Brokerage", "VTI", date(2015, 3, 2), 100, 10_000.0),
              Lot("H1", "Al HSA", "VXUS", date(2026, 11, 20), 10, None),
              Lot("H2", "Al HSA", "BND", date(2020, 1, 2), 100, None),
              Lot("K1", "Jo 401k", "FXAIX", date(2019, 1, 2), 100, None),
              Lot("K2", "Jo 401k", "FXNAX", date(2019, 1, 2), 1_000, None)),
        transactions=(Transaction(date(2026, 11, 20), "Al HSA", "VXUS", Action.BUY, 10, 63.0, lot_id="H1"),
                      Transaction(date(2026, 11, 28), "Brokerage", "VXUS", Action.REINVEST, 2, 61.0,
                                  lot_id="X2")),
        targets=(Target("US Stocks", 0.45, band=0.05), Target("Intl Stocks", 0.25, band=0.05),
                 Target("Bonds", 0.30, band=0.05)),
        menus={"Jo 401k": frozenset({"FXAIX", "FXNAX"})},
        settings=Settings(as_of=AS_OF, filing_status=FilingStatus.MARRIED_JOINT, ordinary_income=200_000.0,
                          qualified_dividends=3_000.0, realized_st_ytd=0.0, realized_lt_ytd=2_000.0,
                          state_tax_rate=0.04, min_trade=50.0,
                          sold_recent_shares_wash=sold_recent_shares_wash))


def test_no_unsold_note_when_the_plan_sells_every_short_term_gain_share():
    plan = plan_rebalance(h4(), as_of=AS_OF)
    sold = {s.lot_id: s for s in plan.lot_sales}
    # the premise, by hand: all 402 shares sold; X2 sold after X1's wash, a $14 long-term loss
    assert (sold["X1"].quantity, sold["X2"].quantity) == (400, 2)
    assert round(sold["X2"].proceeds - sold["X2"].basis, 2) == 124.0 - 138.0
    assert not any(NOTE in n or "short-term gains were not sold" in n for n in plan.notes), plan.notes


def test_the_note_stays_when_the_plan_keeps_the_short_term_gain_shares():
    plan = plan_rebalance(h4(sold_recent_shares_wash=True), as_of=AS_OF)
    assert "X2" not in {s.lot_id for s in plan.lot_sales}  # kept: the note is about them
    notes = [n for n in plan.notes if n.startswith(NOTE)]
    assert len(notes) == 1 and "they turn long-term from 2027-11-29" in notes[0], plan.notes


def test_a_lot_sold_in_two_pieces_is_counted_whole():
    # X2 of 12 shares (reinvested 2026-11-28 for $732, $61 each): the plan sells the 2 that take X1's
    # washed $16 (basis $138, proceeds $124: -$14 long-term) and the other 10 as themselves (basis $610,
    # proceeds $620: +$10 short-term). 2 + 10 = 12: nothing left, so no "not sold" note.
    h = h4()
    h = replace(h, lots=tuple(replace(lot, quantity=12, basis=732.0) if lot.lot_id == "X2" else lot
                              for lot in h.lots))
    plan = plan_rebalance(h, as_of=AS_OF)
    x2 = sorted((s.quantity, s.basis, s.long_term) for s in plan.lot_sales if s.lot_id == "X2")
    assert x2 == [(2.0, 138.0, True), (10.0, 610.0, False)]
    assert not any("short-term gains were not sold" in n for n in plan.notes), plan.notes
