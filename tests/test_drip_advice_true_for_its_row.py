"""DRIP advice is true for its row (audit18 F10).

1. Trades' "Turn off dividend reinvestment for ..." names only funds some account holds, as the Do Not
   Buy list's DRIP column does: g7 named LWY (group G06, DRIP = Y), held by no account. Here VOO
   shares VTI's Identical Group "SP" and has DRIP = Y but no lot: the plan harvests VTI lot L ($3,000
   loss, tests/loss_households.py), so the note names VTI (held, DRIP on) and not VOO.
2. A loss the plan's own washes take in full leaves nothing a reinvested dividend could wash (each
   loss share is matched once, Treas. Reg. §1.1091-1(e)): g3's NUKV, four loss lots washed in full
   (Reported Gain 0.00), had Dividends rows saying a dividend "would wash part of it". Here: 100 VTI
   sold at $100 from a $130 basis, $3,000 of loss, all $3,000 disallowed (reported gain 0.00): the
   IRA's VTI (DRIP on, US Stocks at its 60% target: not over) gets no row; with $1,000 of it
   disallowed (reported -$2,000.00) it does, and so does the Taxable VTI the plan sells whole.
"""

from __future__ import annotations

from datetime import date

from loss_households import AS_OF, loss_household

from taxrebal.engine.dividends import dividend_advice
from taxrebal.engine.plan import LotSale, Plan, PlanStatus, Trade
from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.records import Action, Security


def _securities(voo_drip: bool = True) -> tuple[Security, ...]:
    return (Security("VTI", "US Stocks", 100.0, identical_group="SP", replacements=("SCHB",), drip=True),
            Security("VOO", "US Stocks", 100.0, identical_group="SP", drip=voo_drip),
            Security("SCHB", "US Stocks", 50.0), Security("BND", "Bonds", 50.0))


def test_the_trades_drip_note_names_only_funds_an_account_holds():
    plan = plan_rebalance(loss_household(securities=_securities()), as_of=AS_OF)
    (note,) = [n for n in plan.notes if n.startswith("Turn off dividend reinvestment for ")]
    assert note.startswith("Turn off dividend reinvestment for VTI in every account")
    assert "VOO" not in note


def _plan(disallowed: float) -> Plan:
    sale = LotSale(1, "Taxable", "VTI", "L", date(2015, 1, 5), 100, 10_000.0, 13_000.0, -3_000.0, True, "",
                   disallowed=disallowed)
    sell = Trade(1, "Taxable", "VTI", Action.SELL, 100, 100.0, 10_000.0, realized_lt=-3_000.0 + disallowed)
    # after the plan: US Stocks 50,000 (IRA VTI) + 10,000 reinvested = 60,000 of 100,000: at its 60% target
    after = {"US Stocks": 60_000.0, "Bonds": 40_000.0, "Cash": 0.0}
    return Plan((sell,), (sale,), 0.0, -3_000.0 + disallowed, None, after, after, 0.0, 0.0, (), (),
                PlanStatus.WITHIN_BANDS)


def test_a_loss_washed_in_full_gets_no_dividend_wash_advice():
    h = loss_household(securities=_securities())
    assert dividend_advice(h, as_of=AS_OF, plan=_plan(3_000.0)) == ()


def test_a_loss_washed_in_part_still_gets_it():
    h = loss_household(securities=_securities())
    rows = dividend_advice(h, as_of=AS_OF, plan=_plan(1_000.0))
    # the IRA's VTI, and the Taxable VTI the plan sells whole at a loss (Value $0, fe10 finding 9)
    assert [(r.account, r.symbol, r.value) for r in rows] == [("IRA", "VTI", 50_000.0), ("Taxable", "VTI", 0.0)]
    assert all("would wash part of it (IRC §1091)" in r.advice for r in rows)


def test_no_issues_warning_that_a_dividend_would_wash_a_loss_already_washed_in_full():
    # g3's NUKV: once the Trades note no longer names it, the pre-trade warning "a reinvestment within 30
    # days would wash part of the $756.70 loss" reached Issues; with the whole loss washed it is not true
    from types import SimpleNamespace

    from taxrebal.engine.pretrade import WarningKind
    from taxrebal.pipeline.rebalance import _stated_by_plan

    warning = SimpleNamespace(kind=WarningKind.SALE_WASHED_BY_DRIP, related="VTI held with DRIP on (IRA)",
                              trade=SimpleNamespace(account="Taxable", symbol="VTI", action=Action.SELL))
    assert _stated_by_plan(_plan(3_000.0), warning)  # nothing left to wash: not an issue
    assert not _stated_by_plan(_plan(1_000.0), warning)  # $2,000 left, and no plan note names VTI
