"""Harvest's "By holding" rows and Household total sell their candidates together: recent shares
wash only as many loss shares as they are, once (IRC §1091(a); Treas. Reg. §1.1091-1(b), (e)).

The fe6 household hh1 (2026-12-04), worked by hand:
  VEA at $50. Brokerage B2 500 sh bought 2024-03-01 for $27,500 (loss $2,500, $5/sh, long-term),
  B3 200 sh bought 2026-08-15 for $10,800 (loss $800, $4/sh, short-term). Recent VEA: 20 sh in the
  Roth on 2026-11-04 (30 days before: in the window) and 100 sh in the IRA on 2026-11-20; 10 sh in
  the Roth on 2026-11-03 are 31 days before, out. 120 replacement shares wash the first 120 loss
  shares in the order acquired: B2's, 120 x $5 = $600 lost for good (Rev. Rul. 2008-5).
  Harvestable: LT 380 x $5 = $1,900, ST $800: $2,700.
  BND at $72: B4 400 sh for $31,200 (loss $2,400, $6/sh, LT); 50 BND in the IRA on 2026-11-25 wash
  $300: $2,100. Household: $4,800.
Tax (MFJ 2026, Rev. Proc. 2025-32: standard deduction $32,200, 22% bracket $100,800-$211,400,
15% on LT gains; 5% state; this year ST +$800 (SCHB), LT +$7,000 (VTI); MAGI far below the NIIT
threshold): the $800 ST loss removes the ST gain at 22% + 5% = $216; LT losses remove LT gain at
15% + 5%: VEA 1,900 x 20% = $380 -> $596.00; household 4,000 x 20% = $800 -> $1,016.00.
The rows alone (each lot seeing all 120 shares) add up to 1,900 + 320 + 2,100 = $4,320: not the total.
"""

from datetime import date

from taxrebal.engine.harvest import harvest_candidates
from taxrebal.engine.records import Account, Action, FilingStatus, Household, Lot, Security, Settings, Transaction
from taxrebal.engine.tax import TaxProfile
from taxrebal.engine.wash import adjust_lots

AS_OF = date(2026, 12, 4)


def hh1_scan():
    s = Settings(as_of=AS_OF, filing_status=FilingStatus.MARRIED_JOINT, ordinary_income=180_000.0,
                 state_tax_rate=0.05, realized_st_ytd=800.0, realized_lt_ytd=7_000.0,
                 harvest_min_loss=100.0, harvest_min_loss_pct=0.05)
    accounts = (Account("Brokerage", "Taxable"), Account("Trad IRA", "Traditional IRA"), Account("Roth", "Roth IRA"))
    secs = (Security("VTI", "US", 330.0, replacements=("SCHB",)), Security("SCHB", "US", 25.5),
            Security("VEA", "Intl", 50.0, replacements=("IEFA",)), Security("IEFA", "Intl", 80.0),
            Security("BND", "Bonds", 72.0, replacements=("AGG",)), Security("AGG", "Bonds", 98.0))
    lots = (Lot("B1", "Brokerage", "VTI", date(2018, 5, 1), 300, 45_000.0),
            Lot("B2", "Brokerage", "VEA", date(2024, 3, 1), 500, 27_500.0),
            Lot("B3", "Brokerage", "VEA", date(2026, 8, 15), 200, 10_800.0),
            Lot("B4", "Brokerage", "BND", date(2023, 1, 10), 400, 31_200.0),
            Lot("I3", "Trad IRA", "VEA", date(2026, 11, 20), 100, 5_100.0),
            Lot("I4", "Trad IRA", "BND", date(2026, 11, 25), 50, 3_600.0),
            Lot("R1", "Roth", "VEA", date(2020, 1, 1), 300, None),
            Lot("R2", "Roth", "VEA", date(2026, 11, 4), 20, 1_020.0),
            Lot("R3", "Roth", "VEA", date(2026, 11, 3), 10, 510.0))
    txs = (Transaction(date(2026, 11, 3), "Roth", "VEA", Action.BUY, 10, 51.0, lot_id="R3"),
           Transaction(date(2026, 11, 4), "Roth", "VEA", Action.BUY, 20, 51.0, lot_id="R2"),
           Transaction(date(2026, 11, 20), "Trad IRA", "VEA", Action.BUY, 100, 51.0, lot_id="I3"),
           Transaction(date(2026, 11, 25), "Trad IRA", "BND", Action.BUY, 50, 72.0, lot_id="I4"))
    wash = adjust_lots(Household(accounts, secs, lots, txs, settings=s))
    return harvest_candidates(wash.household, AS_OF, TaxProfile.from_settings(s), wash=wash)


def test_each_lot_alone_sees_all_120_recent_shares():
    rows = {c.lot_id: c for c in hh1_scan().candidates}
    assert {k: (c.washed_shares, round(c.harvestable_loss, 2)) for k, c in rows.items()} == {
        "B2": (120, 1_900.0), "B3": (120, 320.0), "B4": (50, 2_100.0)}


def test_a_holding_sold_together_washes_120_loss_shares_not_240():
    holdings = {(h.account, h.symbol): h for h in hh1_scan().holdings}
    vea = holdings[("Brokerage", "VEA")]
    assert (vea.lots, round(vea.loss, 2), round(vea.tax_saved, 2)) == (2, 2_700.0, 596.0)


def test_household_total_and_the_summary_count_each_replacement_share_once():
    scan = hh1_scan()
    t = scan.together
    assert (round(t.loss, 2), round(t.tax_saved, 2), round(t.carryforward_created, 2)) == (4_800.0, 1_016.0, 0.0)
    assert "$4,800 of harvestable losses" in scan.summary()


def test_two_accounts_losing_on_one_fund_share_the_same_replacement_shares():
    # 10 VEA bought in the IRA on 2026-11-20; Brokerage and Joint each hold 100 VEA bought 2024 at $55
    # ($500 LT loss each). Alone each lot loses 10 x $5 = $50. Together the 10 shares wash one lot's
    # first 10 loss shares only: $1,000 - $50 = $950 harvestable, not $900.
    s = Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=100_000.0,
                 harvest_min_loss=100.0, harvest_min_loss_pct=0.05)
    h = Household((Account("Brokerage", "Taxable"), Account("Joint", "Taxable"), Account("IRA", "Traditional IRA")),
                  (Security("VEA", "Intl", 50.0), Security("IEFA", "Intl", 80.0)),
                  (Lot("A", "Brokerage", "VEA", date(2024, 3, 1), 100, 5_500.0),
                   Lot("J", "Joint", "VEA", date(2024, 3, 2), 100, 5_500.0),
                   Lot("I", "IRA", "VEA", date(2026, 11, 20), 10, 510.0)), settings=s)
    wash = adjust_lots(h)
    scan = harvest_candidates(wash.household, AS_OF, TaxProfile.from_settings(s), wash=wash)
    assert sorted(round(c.harvestable_loss, 2) for c in scan.candidates) == [450.0, 450.0]
    assert round(scan.together.loss, 2) == 950.0


def test_the_summary_says_which_view_each_figure_is_when_the_gains_are_on_top_of_the_plan():
    # fe15 F13g: "$4,800 of harvestable losses" is the harvest-only view (each lot sold alone today), while
    # the 0% gain block after a rebalance is counted on top of the plan: the one line says which is which
    from dataclasses import replace

    scan = hh1_scan()
    gains = replace(scan.gains, room=5_000.0, total_gain=2_000.0)  # as if the plan left $2,000 of 0% gain
    assert scan.summary() == "3 harvest candidates, $4,800 of harvestable losses"
    assert scan.summary(gains) == ("3 harvest candidates, $4,800 of harvestable losses (each sold alone today, "
                                   "without the plan); on top of the plan on Trades, " + gains.headline())
