"""Tax-loss and 0% gain harvesting. Tax figures are worked by hand from the 2026 IRS figures
(Rev. Proc. 2025-32: single standard deduction $16,100; 22% bracket from $50,400; 0% long-term rate
up to $49,450 of taxable income) and IRC §1211(b) ($3,000 loss limit), never from the engine."""

from datetime import date

import pytest

from taxrebal.engine.harvest import harvest_candidates
from taxrebal.engine.records import Account, Action, FilingStatus, Household, Lot, Security, Settings, Transaction
from taxrebal.engine.tax import TaxProfile

AS_OF = date(2026, 11, 25)
ACCOUNTS = (Account("Brokerage", "Taxable"), Account("Roth", "Roth IRA"), Account("Joint", "Taxable"))


def settings(**kw):
    base = dict(as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=100_000.0,
                realized_lt_ytd=5_000.0)
    base.update(kw)
    return Settings(**base)


def securities(**drip):
    return (Security("VXUS", "Intl", 80.0, replacements=("IXUS", "VEU"), drip=drip.get("VXUS", False)),
            Security("IXUS", "Intl", 60.0, replacements=("VXUS",)),
            Security("VEU", "Intl", 55.0),
            Security("VOO", "US", 500.0, identical_group="SP500", replacements=("IVV", "VTI")),
            Security("IVV", "US", 500.0, identical_group="SP500"),
            Security("VTI", "US", 250.0))


def scan(lots, txs=(), menus=None, secs=None, **kw):
    s = settings(**kw)
    h = Household(ACCOUNTS, secs or securities(), tuple(lots), tuple(txs), settings=s, menus=menus or {})
    return harvest_candidates(h, AS_OF, TaxProfile.from_settings(s))


def test_small_loss_offsets_this_years_gain_at_15_percent():
    # $10,000 basis worth $8,000 (100 x $80): $2,000 loss nets against $5,000 LT gain -> 2,000 x 15%.
    result = scan([Lot("L1", "Brokerage", "VXUS", date(2025, 1, 10), 100, 10_000.0)])
    (c,) = result.candidates
    assert c.loss == pytest.approx(2_000.0) and c.loss_pct == pytest.approx(0.20)
    assert c.tax_saved == pytest.approx(300.0)
    assert c.carryforward_created == pytest.approx(0.0)
    assert c.term == "Long" and c.replacement == "IXUS" and c.wash_status == "Clear"


def test_large_loss_uses_the_3000_limit_and_carries_the_rest():
    # $12,000 loss: offsets the $5,000 gain (saves $750), then $3,000 of ordinary income at 22%
    # (taxable 83,900 -> 80,900, all inside the 22% bracket): $660. Carryforward 12,000-5,000-3,000.
    result = scan([Lot("L1", "Brokerage", "VXUS", date(2026, 5, 10), 250, 32_000.0)])
    (c,) = result.candidates
    assert c.loss == pytest.approx(12_000.0) and c.term == "Short"
    assert c.tax_saved == pytest.approx(1_410.0)
    assert c.carryforward_created == pytest.approx(4_000.0)


def test_holding_benefit_is_joint_not_a_sum():
    # Two $4,000 LT losses. Alone: net LT 1,000 -> saves 4,000 x 15% = $600 each (sum $1,200).
    # Together: net -3,000 -> saves the $750 on the gain plus 3,000 x 22% = $660 -> $1,410.
    lots = [Lot("A", "Brokerage", "VXUS", date(2024, 1, 10), 100, 12_000.0),
            Lot("B", "Brokerage", "VXUS", date(2024, 2, 10), 100, 12_000.0)]
    result = scan(lots)
    assert [c.tax_saved for c in result.candidates] == pytest.approx([600.0, 600.0])
    (h,) = result.holdings
    assert h.loss == pytest.approx(8_000.0) and h.shares == pytest.approx(200)
    assert h.tax_saved == pytest.approx(1_410.0)


@pytest.mark.parametrize("basis, included", [
    (8_099.0, False),   # $99 loss: below the $100 minimum
    (8_100.0, True),    # $100 loss: meets the dollar minimum (percent minimum set to 0 here)
])
def test_minimum_loss_dollars(basis, included):
    result = scan([Lot("L1", "Brokerage", "VXUS", date(2025, 1, 10), 100, basis)], harvest_min_loss_pct=0.0)
    assert bool(result.candidates) is included


def test_minimum_loss_percent():
    # $400 loss on $8,400 is 4.8% < 5%: not a candidate; at 4.5% minimum it is.
    lot = Lot("L1", "Brokerage", "VXUS", date(2025, 1, 10), 100, 8_400.0)
    assert not scan([lot]).candidates
    assert scan([lot], harvest_min_loss_pct=0.045).candidates


def test_ira_lots_and_gains_are_not_candidates():
    lots = [Lot("R", "Roth", "VXUS", date(2025, 1, 10), 100, None),
            Lot("G", "Brokerage", "VXUS", date(2025, 1, 10), 100, 5_000.0)]
    assert not scan(lots).candidates


def test_recent_purchase_in_the_ira_blocks_the_harvest():
    lots = [Lot("L1", "Brokerage", "VXUS", date(2025, 1, 10), 100, 10_000.0),
            Lot("R", "Roth", "VXUS", date(2026, 11, 10), 100, None)]
    (c,) = scan(lots).candidates
    assert c.wash_status == "Blocked; first day you may sell 2026-12-11"  # 2026-11-10 + 31 days
    assert c.tax_saved == 0.0 and c.harvestable_loss == 0.0


def test_recent_purchase_of_fewer_shares_is_partial():
    # 40 recent shares wash 40 of 100 shares: only 60 x $20 = $1,200 of loss counts -> 1,200 x 15%.
    lots = [Lot("L1", "Brokerage", "VXUS", date(2025, 1, 10), 100, 10_000.0),
            Lot("N", "Joint", "VXUS", date(2026, 11, 1), 40, 3_300.0)]
    cands = {c.lot_id: c for c in scan(lots).candidates}
    c = cands["L1"]
    assert c.wash_status == "Partial: 40 of 100 shares would be washed by recent purchases"
    assert c.harvestable_loss == pytest.approx(1_200.0)
    assert c.tax_saved == pytest.approx(180.0)
    # The recent lot itself ($3,300 basis, worth $3,200: $100 and 3%) is below 5%: not listed.
    assert "N" not in cands


def test_replacement_skips_do_not_buy_and_menu():
    # IXUS was sold at a loss 10 days ago: buying it would wash that loss -> next choice VEU.
    txs = [Transaction(date(2026, 11, 15), "Brokerage", "IXUS", Action.SELL, 10, 60.0, lot_id="X",
                       acquired=date(2025, 1, 2), basis=700.0)]
    lots = [Lot("L1", "Brokerage", "VXUS", date(2025, 1, 10), 100, 10_000.0)]
    (c,) = scan(lots, txs).candidates
    assert c.replacement == "VEU"
    (c,) = scan(lots, txs, menus={"Brokerage": frozenset({"VXUS", "IXUS"})}).candidates
    assert c.replacement == "" and "buying IXUS today would wash a loss" in c.note and "menu" in c.note


def test_identical_group_member_is_never_the_replacement():
    lots = [Lot("L1", "Brokerage", "VOO", date(2025, 1, 10), 10, 6_000.0)]
    (c,) = scan(lots).candidates
    assert c.replacement == "VTI"


def test_drip_on_is_noted():
    lots = [Lot("L1", "Brokerage", "VXUS", date(2025, 1, 10), 100, 10_000.0)]
    (c,) = scan(lots, secs=securities(VXUS=True)).candidates
    assert "DRIP" in c.note


def test_ranked_by_tax_saved():
    lots = [Lot("SMALL", "Brokerage", "VXUS", date(2025, 1, 10), 100, 9_000.0),
            Lot("BIG", "Brokerage", "VOO", date(2025, 1, 10), 10, 8_000.0)]
    assert [c.lot_id for c in scan(lots).candidates] == ["BIG", "SMALL"]


# --- 0% gain harvesting: single, ordinary income $40,000 -> taxable 23,900; room 49,450 - 23,900.

def test_gain_harvest_fills_the_zero_percent_room():
    lots = [Lot("A", "Brokerage", "VXUS", date(2020, 1, 2), 100, 2_000.0),  # 8,000 value, 6,000 gain
            Lot("C", "Brokerage", "VOO", date(2020, 1, 2), 30, 3_000.0),    # 15,000 value, 12,000 gain
            Lot("B", "Brokerage", "VTI", date(2020, 1, 2), 100, 10_000.0),  # 25,000 value, 15,000 gain
            Lot("S", "Brokerage", "VTI", date(2026, 6, 1), 100, 1_000.0),   # short-term: never
            Lot("R", "Roth", "VTI", date(2020, 1, 2), 100, None)]
    g = scan(lots, ordinary_income=40_000.0, realized_lt_ytd=0.0, state_tax_rate=0.05).gains
    assert g.room == pytest.approx(25_550.0, abs=0.01)
    # Most gain per dollar first: C (0.8), A (0.75) -> 18,000; then 7,550 of B's $150/share gain:
    # 50.3333... shares, 50.3333 on an order (4 decimals, rounded down: fe12 F-o), $7,549.995 of gain
    assert [(x.lot_id, round(x.quantity, 6)) for x in g.lots] == [("C", 30), ("A", 100), ("B", 50.3333)]
    assert g.total_gain == pytest.approx(25_550.0, abs=0.01)
    assert g.federal_tax == pytest.approx(0.0, abs=0.01)
    assert g.state_tax == pytest.approx(1_277.50, abs=0.01)


def test_gain_harvest_whole_shares():
    lots = [Lot("B", "Brokerage", "VTI", date(2020, 1, 2), 200, 20_000.0)]
    g = scan(lots, ordinary_income=40_000.0, realized_lt_ytd=0.0, whole_shares=True).gains
    assert [x.quantity for x in g.lots] == [170]  # floor(25,550 / 150) = 170 shares, 25,500 gain
    assert g.total_gain == pytest.approx(25_500.0)


def test_no_gain_room_for_a_high_earner():
    lots = [Lot("B", "Brokerage", "VTI", date(2020, 1, 2), 100, 10_000.0)]
    g = scan(lots, ordinary_income=300_000.0).gains
    assert g.room == 0.0 and not g.lots


def test_each_lot_benefit_equals_the_tax_engine_for_that_lot_alone():
    # Many lots whose losses straddle every kink (gain netting at $5,000, the $3,000 limit at $8,000,
    # bracket edges): the benefit shown must be the engine's own with-minus-without for that lot.
    from taxrebal.engine.tax import compute_tax

    lots = [Lot(f"L{i}", "Brokerage", "VXUS", date(2025 if i % 2 else 2026, 1, 10), 100, 8_000.0 + 137.0 * i)
            for i in range(1, 120)]
    s = settings(ordinary_income=60_000.0)
    result = scan(lots, ordinary_income=60_000.0, harvest_min_loss_pct=0.0)
    profile = TaxProfile.from_settings(s)
    before = compute_tax(profile)
    assert len(result.candidates) == 119
    for c in result.candidates:
        after = compute_tax(profile, 0.0 if c.long_term else -c.loss, -c.loss if c.long_term else 0.0)
        assert c.tax_saved == pytest.approx(before.total - after.total, abs=1e-6)
        carried = (after.st_carryforward_out + after.lt_carryforward_out
                   - before.st_carryforward_out - before.lt_carryforward_out)
        assert c.carryforward_created == pytest.approx(carried, abs=1e-6)


def test_flat_mode_gains_are_free_only_up_to_this_years_realized_losses():
    # Flat 15% on long-term gains; $4,000 of short-term losses realized this year absorb the first
    # $4,000 of gain at no federal tax (and they would otherwise deduct only $3,000 this year, so the
    # engine says: free up to the $1,000 that the $3,000 limit leaves unused).
    from taxrebal.engine.records import TaxMode

    lots = [Lot("B", "Brokerage", "VTI", date(2020, 1, 2), 100, 10_000.0)]
    g = scan(lots, ordinary_income=300_000.0, realized_lt_ytd=0.0, realized_st_ytd=-4_000.0,
             tax_mode=TaxMode.FLAT, flat_st_rate=0.35, flat_lt_rate=0.15).gains
    assert g.room == pytest.approx(1_000.0, abs=0.01)
    assert g.federal_tax == pytest.approx(0.0, abs=0.01)


def test_scan_of_an_adjusted_household_without_the_wash_result_is_the_same():
    from taxrebal.engine.wash import adjust_lots

    txs = [Transaction(date(2026, 11, 1), "Brokerage", "VXUS", Action.SELL, 10, 80.0, lot_id="S",
                       acquired=date(2025, 1, 2), basis=900.0)]
    lots = [Lot("N", "Brokerage", "VXUS", date(2026, 11, 5), 40, 3_600.0),  # 10 of them washed (+$100)
            Lot("L1", "Brokerage", "VXUS", date(2025, 1, 10), 100, 10_000.0)]
    s = settings()
    h = Household(ACCOUNTS, securities(), tuple(lots), tuple(txs), settings=s)
    profile = TaxProfile.from_settings(s)
    wash = adjust_lots(h)
    with_result = harvest_candidates(wash.household, AS_OF, profile, wash=wash)
    from_adjusted = harvest_candidates(wash.household, AS_OF, profile)
    from_original = harvest_candidates(h, AS_OF, profile)
    assert with_result.candidates == from_adjusted.candidates == from_original.candidates
    # N-W1 (10 washed shares, basis 900 + 100) is worth 800: a $200 loss, 20%. The other 30 shares of
    # the same purchase (lot N) are not its replacements: Clear.
    (nw1,) = [c for c in with_result.candidates if c.lot_id == "N-W1"]
    assert nw1.loss == pytest.approx(200.0) and nw1.wash_status == "Clear"
