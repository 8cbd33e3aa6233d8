"""Lot relief, scenario by scenario (beancount-style: lots, a sale, what is relieved, what remains).

Every expected figure is worked by hand in the comments from the rules, never taken from the code:
IRS Pub 550 "Identifying the shares sold" (FIFO unless the shares are identified), Pub 550 "Basis"
(a part of a lot takes its share of the basis), IRC §1222 (more than a year is long-term, counted
from the day after acquisition), IRC §1091(d)/§1223(3) (a wash sale raises the replacement's basis
and tacks on the holding period), IRC §1223(9) (inherited property is long-term).
"""

from datetime import date

import pytest

from taxrebal.engine.lots import candidate_lots, order_lots, relieve
from taxrebal.engine.records import Account, Household, Lot, LotMethod, Security
from taxrebal.errors import LotSelectionError, OversellError

SOLD = date(2026, 11, 25)
PRICE = 50.0

# The module docstring's example. Price $50.
#   A  2020-01-10  100 sh  basis 3,000  ($30/sh)  gain +$20/sh  long
#   B  2026-03-02  100 sh  basis 6,000  ($60/sh)  loss -$10/sh  short
#   C  2025-12-01  100 sh  basis 4,500  ($45/sh)  gain +$5/sh   short; long from 2026-12-02 (7 days)
A = Lot("A", "Brokerage", "VTI", date(2020, 1, 10), 100, 3000.0)
B = Lot("B", "Brokerage", "VTI", date(2026, 3, 2), 100, 6000.0)
C = Lot("C", "Brokerage", "VTI", date(2025, 12, 1), 100, 4500.0)
LOTS = (A, B, C)


def relieved(relief):
    """(lot id, quantity, basis) of each piece, in relief order."""
    return [(p.lot_id, pytest.approx(p.quantity), pytest.approx(p.basis)) for p in relief.pieces]


def left(relief):
    return {lot.lot_id: (pytest.approx(lot.quantity), pytest.approx(lot.basis)) for lot in relief.remaining}


def test_fifo_sells_the_oldest_shares_first():
    # Oldest A (2020) all 100, then C (2025-12-01) 50 of 100: basis 50/100 x 4,500 = 2,250.
    r = relieve(LOTS, 150, PRICE, SOLD, LotMethod.FIFO)
    assert relieved(r) == [("A", 100, 3000), ("C", 50, 2250)]
    # gains: A 5,000 - 3,000 = 2,000 long; C 2,500 - 2,250 = 250 short
    assert r.lt_gain == pytest.approx(2000) and r.st_gain == pytest.approx(250)
    assert r.proceeds == pytest.approx(7500) and r.basis == pytest.approx(5250)
    assert left(r) == {"B": (100, 6000), "C": (50, 2250)}


def test_lifo_sells_the_newest_shares_first():
    # Newest B (2026-03-02) 100: 5,000 - 6,000 = -1,000 short; then C 50: +250 short.
    r = relieve(LOTS, 150, PRICE, SOLD, LotMethod.LIFO)
    assert relieved(r) == [("B", 100, 6000), ("C", 50, 2250)]
    assert r.st_gain == pytest.approx(-750) and r.lt_gain == pytest.approx(0)
    assert left(r) == {"A": (100, 3000), "C": (50, 2250)}


def test_hifo_sells_the_highest_cost_per_share_first():
    # $60 (B) > $45 (C) > $30 (A)
    r = relieve(LOTS, 150, PRICE, SOLD, LotMethod.HIFO)
    assert relieved(r) == [("B", 100, 6000), ("C", 50, 2250)]


def test_mintax_takes_short_losses_then_long_gains_before_short_gains():
    # ST loss B 100 (-1,000) first; no LT loss, no zero-gain lots; then the LT gain A 50 (+1,000,
    # basis 1,500) before the ST gain C.
    r = relieve(LOTS, 150, PRICE, SOLD, LotMethod.MIN_TAX)
    assert relieved(r) == [("B", 100, 6000), ("A", 50, 1500)]
    assert r.st_gain == pytest.approx(-1000) and r.lt_gain == pytest.approx(1000)
    assert left(r) == {"A": (50, 1500), "C": (100, 4500)}


def test_mintax_full_category_order():
    # One lot per category, price $10, sold 2026-11-25 (long when acquired on/before 2025-11-24).
    lots = (
        Lot("STG-big", "T", "X", date(2026, 6, 1), 1, 2.0),   # ST gain +8
        Lot("STG", "T", "X", date(2026, 6, 1), 1, 9.0),       # ST gain +1
        Lot("LTG-big", "T", "X", date(2020, 6, 1), 1, 1.0),   # LT gain +9
        Lot("LTG", "T", "X", date(2020, 6, 1), 1, 8.0),       # LT gain +2
        Lot("ZL", "T", "X", date(2020, 6, 1), 1, 10.0),       # zero, long
        Lot("ZS", "T", "X", date(2026, 6, 1), 1, 10.0),       # zero, short
        Lot("LTL", "T", "X", date(2020, 6, 1), 1, 12.0),      # LT loss -2
        Lot("LTL-deep", "T", "X", date(2020, 6, 1), 1, 15.0), # LT loss -5
        Lot("STL", "T", "X", date(2026, 6, 1), 1, 11.0),      # ST loss -1
        Lot("STL-deep", "T", "X", date(2026, 6, 1), 1, 14.0), # ST loss -4
    )
    order = [lot.lot_id for lot in order_lots(lots, 10.0, SOLD, LotMethod.MIN_TAX)]
    assert order == ["STL-deep", "STL", "LTL-deep", "LTL", "ZS", "ZL", "LTG", "LTG-big", "STG", "STG-big"]


def test_specific_id_sells_the_named_lots_in_the_order_given():
    # C all 100 (basis 4,500, ST gain 500), then A 50 (basis 1,500, LT gain 1,000).
    r = relieve(LOTS, 150, PRICE, SOLD, LotMethod.SPECIFIC, lot_ids=("C", "A"))
    assert relieved(r) == [("C", 100, 4500), ("A", 50, 1500)]
    assert r.method is LotMethod.SPECIFIC
    assert r.st_gain == pytest.approx(500) and r.lt_gain == pytest.approx(1000)


def test_without_identification_fifo_applies_pub550():
    # Pub 550 "Identifying the shares sold": if the shares are not adequately identified, the
    # shares sold are those acquired first.
    r = relieve(LOTS, 150, PRICE, SOLD, LotMethod.SPECIFIC)
    assert r.method is LotMethod.FIFO
    assert relieved(r) == [("A", 100, 3000), ("C", 50, 2250)]


def test_unknown_lot_id_is_a_clear_error():
    with pytest.raises(LotSelectionError, match=r"'Z9' is not a lot of VTI in Brokerage.*A, B, C"):
        relieve(LOTS, 10, PRICE, SOLD, LotMethod.SPECIFIC, lot_ids=("Z9",))


def test_named_lots_short_of_the_quantity_is_an_oversell():
    with pytest.raises(OversellError, match=r"named lots \(C\) hold 100 shares"):
        relieve(LOTS, 150, PRICE, SOLD, LotMethod.SPECIFIC, lot_ids=("C",))


def test_selling_more_than_held_names_holding_account_and_fix():
    lots = (Lot("L1", "Brokerage", "VTI", date(2024, 1, 2), 12.5, 2500.0),)
    with pytest.raises(OversellError) as err:
        relieve(lots, 20, 250.0, SOLD, LotMethod.FIFO)
    assert "holds 12.5 shares of VTI in Brokerage; you asked to sell 20" in str(err.value)
    assert "Sell at most 12.5" in str(err.value)


def test_partial_lot_basis_and_wash_adjustment_are_pro_rata():
    # 3 shares, cost 100, wash adjustment 30 (adjusted basis 130). Sell 1 share at $50:
    # basis 130/3 = 43.3333, gain 6.6667. Left: 2 shares, cost 66.6667, adjustment 20.
    lot = Lot("W", "T", "X", date(2026, 8, 1), 3, 100.0, wash_adjustment=30.0)
    r = relieve((lot,), 1, 50.0, SOLD, LotMethod.FIFO)
    (p,) = r.pieces
    assert p.basis == pytest.approx(130 / 3) and p.gain == pytest.approx(50 - 130 / 3)
    (rest,) = r.remaining
    assert rest.quantity == pytest.approx(2) and rest.basis == pytest.approx(200 / 3)
    assert rest.wash_adjustment == pytest.approx(20) and rest.adjusted_basis == pytest.approx(260 / 3)


def test_wash_adjusted_holding_start_decides_the_term():
    # Bought 2026-10-01 but a wash sale tacked on a holding period starting 2025-06-01
    # (IRC §1223(3)): long-term on 2026-11-25. Basis 1,000 + disallowed 200 = 1,200; proceeds
    # 10 x $150 = 1,500; LT gain 300.
    lot = Lot("R", "T", "X", date(2026, 10, 1), 10, 1000.0, wash_adjustment=200.0,
              adjusted_acquired=date(2025, 6, 1))
    r = relieve((lot,), 10, 150.0, SOLD, LotMethod.FIFO)
    assert r.lt_gain == pytest.approx(300) and r.st_gain == pytest.approx(0)
    assert r.pieces[0].holding_start == date(2025, 6, 1)


def test_one_year_to_the_day_is_still_short_term():
    # Acquired 2025-11-25, sold 2026-11-25: not more than one year (Pub 550) -> short, 1 day to go.
    lot = Lot("Y", "T", "X", date(2025, 11, 25), 1, 10.0)
    (p,) = relieve((lot,), 1, 20.0, SOLD, LotMethod.FIFO).pieces
    assert not p.long_term and p.days_to_long_term == 1 and p.long_term_date == date(2026, 11, 26)


def test_inherited_shares_are_long_term_whatever_the_dates():
    lot = Lot("I", "T", "X", date(2026, 11, 1), 5, 100.0, inherited=True)
    (p,) = relieve((lot,), 5, 30.0, SOLD, LotMethod.FIFO).pieces
    assert p.long_term and p.days_to_long_term == 0 and p.gain == pytest.approx(50)


def test_lots_without_basis_realize_nothing():
    # An IRA lot has no basis: a sale there is not a taxable event.
    lot = Lot("I1", "IRA", "X", None, 10, None)
    r = relieve((lot,), 4, 25.0, SOLD, LotMethod.HIFO)
    (p,) = r.pieces
    assert p.no_tax and p.gain == 0 and r.st_gain == 0 and r.lt_gain == 0
    assert r.proceeds == pytest.approx(100) and r.remaining[0].quantity == pytest.approx(6)


def test_fractional_shares():
    lots = (Lot("F1", "T", "X", date(2020, 1, 1), 0.333333, 10.0),
            Lot("F2", "T", "X", date(2021, 1, 1), 1.5, 60.0))
    r = relieve(lots, 1.0, 40.0, SOLD, LotMethod.FIFO)
    # F1 all 0.333333 (basis 10), F2 0.666667 of 1.5 -> basis 60 x 0.666667/1.5 = 26.66668
    assert relieved(r) == [("F1", 0.333333, 10.0), ("F2", 0.666667, 26.66668)]
    assert r.proceeds == pytest.approx(40.0)


def test_ties_break_by_holding_start_then_natural_lot_id():
    same = date(2024, 5, 1)
    lots = (Lot("L10", "T", "X", same, 1, 10.0), Lot("L2", "T", "X", same, 1, 10.0),
            Lot("L1", "T", "X", date(2024, 6, 1), 1, 10.0))
    assert [lot.lot_id for lot in order_lots(lots, 20.0, SOLD, LotMethod.HIFO)] == ["L2", "L10", "L1"]
    assert [lot.lot_id for lot in order_lots(lots, 20.0, SOLD, LotMethod.FIFO)] == ["L2", "L10", "L1"]
    assert [lot.lot_id for lot in order_lots(lots, 20.0, SOLD, LotMethod.LIFO)] == ["L1", "L2", "L10"]


def test_tax_optimal_without_profile_is_a_clear_error():
    with pytest.raises(LotSelectionError, match="needs the tax profile"):
        relieve(LOTS, 10, PRICE, SOLD, LotMethod.TAX_OPTIMAL)


def test_lot_acquired_after_the_sale_date_is_refused():
    lot = Lot("N", "T", "X", date(2026, 12, 1), 1, 10.0)
    with pytest.raises(LotSelectionError, match="after the sale date 2026-11-25"):
        relieve((lot,), 1, 10.0, SOLD, LotMethod.FIFO)


def test_candidate_lots_are_taxable_accounts_unless_an_account_is_named():
    hh = Household(
        accounts=(Account("Brokerage", "Taxable"), Account("Joint", "Taxable"), Account("IRA", "Traditional IRA")),
        securities=(Security("VTI", "US Stocks", 250.0),),
        lots=(Lot("1", "Brokerage", "VTI", date(2024, 1, 1), 1, 1.0),
              Lot("2", "IRA", "VTI", None, 1, None),
              Lot("3", "Joint", "VTI", date(2024, 1, 1), 1, 1.0),
              Lot("4", "Joint", "BND", date(2024, 1, 1), 1, 1.0)),
    )
    assert [lot.lot_id for lot in candidate_lots(hh, "VTI")] == ["1", "3"]
    assert [lot.lot_id for lot in candidate_lots(hh, "VTI", "IRA")] == ["2"]
    assert candidate_lots(hh, "XYZ") == ()


def test_pub550_wash_sale_replacement_shares_carry_the_disallowed_loss():
    # Pub 550 "Wash Sales", example 1: bought 100 shares for $1,000, sold them for $750 and within
    # 30 days bought 100 shares for $800. The $250 loss is disallowed and added to the new shares'
    # basis: $1,050; their holding period includes the old shares' (IRC §1223(3)).
    # Say the old shares were bought 2025-01-06 and the new ones 2026-02-02; selling the new
    # shares for $1,200 on 2026-11-25 realizes 1,200 - 1,050 = $150, long-term (tacked start).
    new = Lot("N1", "Brokerage", "XYZ", date(2026, 2, 2), 100, 800.0, wash_adjustment=250.0,
              adjusted_acquired=date(2025, 1, 6))
    r = relieve((new,), 100, 12.0, SOLD, LotMethod.FIFO)
    (p,) = r.pieces
    assert p.basis == pytest.approx(1050.0) and p.gain == pytest.approx(150.0)
    assert p.long_term and r.lt_gain == pytest.approx(150.0)
    # Half of them: basis 525, gain 600 - 525 = 75; the rest keeps 400 + 125 = 525.
    half = relieve((new,), 50, 12.0, SOLD, LotMethod.FIFO)
    assert half.pieces[0].gain == pytest.approx(75.0)
    assert half.remaining[0].adjusted_basis == pytest.approx(525.0)
    assert half.remaining[0].wash_adjustment == pytest.approx(125.0)


def test_undated_taxable_lot_error_names_the_lots_row():
    from taxrebal.engine.records import SourceRef

    lot = Lot("U1", "Brokerage", "VTI", None, 5, 500.0, source=SourceRef("Lots", 7))
    with pytest.raises(LotSelectionError, match=r"Lot U1 \(VTI in Brokerage, Lots row 7\) has a cost basis but no "
                                                r"acquisition date.*Enter the Acquired date"):
        relieve((lot,), 1, 10.0, SOLD, LotMethod.FIFO)


def test_lots_of_several_symbols_are_refused():
    other = Lot("X1", "Brokerage", "BND", date(2020, 1, 1), 1, 10.0)
    with pytest.raises(LotSelectionError, match="one security.*BND, VTI"):
        relieve((A, other), 1, 50.0, SOLD, LotMethod.FIFO)


def test_hifo_ranks_by_adjusted_cost_including_wash_adjustments():
    # P: 10 sh cost $400 ($40/sh). Q: 10 sh cost $350 + $100 disallowed loss = $450 ($45/sh).
    # HIFO sells Q first although its purchase price was lower; selling 15 at $42:
    #   Q 10 sh: basis 450, proceeds 420, loss -30 (long: tacked start 2024-01-02)
    #   P  5 sh: basis 200, proceeds 210, gain +10 (short: bought 2026-06-01)
    p = Lot("P", "Brokerage", "ABC", date(2026, 6, 1), 10, 400.0)
    q = Lot("Q", "Brokerage", "ABC", date(2026, 9, 1), 10, 350.0, wash_adjustment=100.0,
            adjusted_acquired=date(2024, 1, 2))
    r = relieve((p, q), 15, 42.0, SOLD, LotMethod.HIFO)
    assert relieved(r) == [("Q", 10, 450), ("P", 5, 200)]
    assert r.lt_gain == pytest.approx(-30) and r.st_gain == pytest.approx(10)


def test_fifo_across_taxable_accounts_of_the_household():
    # Without an account, a sale may use the symbol's lots in every taxable account; FIFO then
    # takes the oldest wherever it is: J1 (2019, Joint) before B1 (2021, Brokerage).
    hh = Household(
        accounts=(Account("Brokerage", "Taxable"), Account("Joint", "Taxable"), Account("IRA", "Roth IRA")),
        securities=(Security("VTI", "US Stocks", 250.0),),
        lots=(Lot("B1", "Brokerage", "VTI", date(2021, 5, 3), 10, 2000.0),
              Lot("J1", "Joint", "VTI", date(2019, 2, 4), 10, 1500.0),
              Lot("R1", "IRA", "VTI", date(2018, 1, 2), 10, 1000.0)),
    )
    r = relieve(candidate_lots(hh, "VTI"), 15, 250.0, SOLD, LotMethod.FIFO)
    # J1 all: 2,500 - 1,500 = 1,000; B1 5 of 10: 1,250 - 1,000 = 250 (both long)
    assert [(p.lot_id, p.account) for p in r.pieces] == [("J1", "Joint"), ("B1", "Brokerage")]
    assert r.lt_gain == pytest.approx(1250)
    with pytest.raises(OversellError, match="in accounts Brokerage, Joint; you asked to sell 25"):
        relieve(candidate_lots(hh, "VTI"), 25, 250.0, SOLD, LotMethod.FIFO)
