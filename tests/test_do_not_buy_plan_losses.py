"""After a rebalance, the Do Not Buy list holds the plan's own loss sales too, as Trades states them.

IRC §1091(a): a loss is disallowed when substantially identical shares are bought within 30 days
before or after the sale, in any account (Rev. Rul. 2008-5). A plan placed on its As Of date that sells
a lot at a loss makes a purchase of that identity before As Of + 31 days a wash sale: the same first
day the sell's Trades note gives. The list says it counts the plan "once placed", since the plan's
sales are not made yet.

Hand-worked: As Of 2026-11-20, 30-day window, so the first day you may buy is 2026-12-21.
- Plan step 3 sells VTI lots B (100 sh, reported -$500) and C (28 sh, reported +$504): VTI is listed,
  $500.00 at stake (the loss lot alone: a purchase washes B's loss whatever C gains).
- Plan step 5 sells IVV (Identical Group S&P 500), reported -$1,457.19 (a $42.81 part already washed
  is not at stake): the group is listed with every symbol in it.
- Transactions already sold VXUS at a loss on 2026-11-13 (first day 2026-12-14, $560); the plan sells
  VXUS again at step 7 (reported -$2,871): one row, the later first day 2026-12-21, $3,431 at stake.
"""

from __future__ import annotations

from datetime import date

from taxrebal.engine.plan import LotSale
from taxrebal.engine.records import Account, Household, Lot, Security, Settings
from taxrebal.engine.wash_queries import DoNotBuy, with_plan_losses
from taxrebal.workbook.results.wash_sales import do_not_buy_table

AS_OF = date(2026, 11, 20)


def household() -> Household:
    return Household(
        accounts=(Account("Joint", "Taxable"),),
        securities=(Security("VTI", "US", 330.0), Security("IVV", "US", 675.0, identical_group="S&P 500"),
                    Security("VOO", "US", 620.0, identical_group="S&P 500", drip=True),
                    Security("VXUS", "Intl", 62.0)),
        lots=(Lot("V1", "Joint", "VOO", date(2019, 4, 1), 10, 2_650.0),),
        settings=Settings(as_of=AS_OF),
    )


class PlanStub:
    def __init__(self, *sales: LotSale):
        self.lot_sales = sales
        self.trades = ()  # no purchase washing a loss sold before As Of (rebalance/past_wash.py)


def sale(step: int, symbol: str, lot: str, gain: float, disallowed: float = 0.0) -> LotSale:
    return LotSale(step, "Joint", symbol, lot, date(2025, 1, 2), 10, 1_000.0, 1_000.0 - gain, gain, True, "",
                   disallowed)


VXUS_BEFORE = DoNotBuy("VXUS", ("VXUS",), date(2026, 12, 13), 560.0, "VXUS sold at a loss on 2026-11-13 (Joint)")


def test_a_plan_without_loss_sales_changes_nothing():
    plan = PlanStub(sale(1, "VTI", "A", 2_000.0))
    assert with_plan_losses((VXUS_BEFORE,), household(), plan, AS_OF) == (VXUS_BEFORE,)


def test_each_identity_the_plan_sells_at_a_loss_is_listed_with_the_trades_date():
    plan = PlanStub(sale(3, "VTI", "B", -500.0), sale(3, "VTI", "C", 504.0),
                    sale(5, "IVV", "I", -1_500.0, disallowed=42.81), sale(7, "VXUS", "X", -2_871.0))
    listed = {d.identity: d for d in with_plan_losses((VXUS_BEFORE,), household(), plan, AS_OF)}
    assert set(listed) == {"VTI", "S&P 500", "VXUS"}
    vti = listed["VTI"]
    assert vti.first_day_to_buy == date(2026, 12, 21) and vti.loss_at_stake == 500.0
    assert vti.reason == "VTI (Trades step 3) sold at a loss by the plan, once placed on 2026-11-20"
    sp = listed["S&P 500"]
    assert sp.symbols == ("IVV", "VOO") and round(sp.loss_at_stake, 2) == 1_457.19
    assert sp.drip_symbols == ("VOO",) and "turn DRIP off" in sp.reason  # VOO is held with DRIP on
    vxus = listed["VXUS"]
    assert vxus.first_day_to_buy == date(2026, 12, 21) and vxus.loss_at_stake == 560.0 + 2_871.0
    assert vxus.reason.startswith("VXUS sold at a loss on 2026-11-13") and "Trades step 7" in vxus.reason


def test_the_sheet_says_the_list_counts_the_plan():
    table = do_not_buy_table((VXUS_BEFORE,), AS_OF, plan_included=True)
    assert any("rebalancing plan's own loss sales (Trades), as if placed" in n for n in table.notes)
    before = do_not_buy_table((VXUS_BEFORE,), AS_OF)
    assert any("Once you place the rebalancing plan" in n for n in before.notes)


def test_a_sale_whose_whole_loss_is_already_washed_is_not_listed():
    # PCR (DRIP on, held) sold at a $602.78 loss that purchases in the 30 days before wash in full: Lot Sales
    # reports $0.00 (the wash engine's float remainder, -$0.0015, rounds to $0.00). Every loss share is
    # matched already (Treas. Reg. §1.1091-1(e): a share washes once), so no purchase and no reinvestment
    # after the sale can wash anything more: no row, and no "turn DRIP off" (bench/generate.py seed 5)
    h = household()
    pcr = Security("PCR", "EM", 69.08, drip=True)
    h = Household(accounts=h.accounts, securities=h.securities + (pcr,),
                  lots=h.lots + (Lot("P1", "Joint", "PCR", date(2023, 12, 24), 5, 500.0),), settings=h.settings)
    washed = LotSale(100, "Joint", "PCR", "L41", date(2023, 12, 24), 22, 1_519.76, 2_122.5415, -602.7815, True, "",
                     602.78)
    assert with_plan_losses((), h, PlanStub(washed), AS_OF) == ()
