"""The **Harvest** sheet: tax-loss harvesting candidates, per-holding totals and 0% gain harvesting.

Tables (rules and worked examples in :mod:`taxrebal.engine.harvest`):

1. "Loss harvesting candidates", ranked by tax saved this year: Account, Symbol, Lot ID, Acquired,
   Quantity, Basis (adjusted for wash sales), Value, Loss, Loss %, Term, Tax Saved This Year,
   Carryforward Created, Plan Step, Saved in the Plan, Replacement, Wash-Sale Status. E.g. a
   $2,000 loss against $5,000 of long-term gains at 15% shows Tax Saved This Year 300.00,
   Carryforward Created 0.00. Tax Saved This Year and Wash-Sale Status are a harvest-only view (the
   lot sold alone today, without the plan); when the rebalancing plan sells the lot, Plan Step and
   Saved in the Plan are its Trades step and that step's Est. Tax with the sign turned: one
   computation, the plan's. E.g. a lot 50 of whose 400 shares recent IRA purchases would wash shows
   the harvest-only saving on the allowed part, while the plan, which sells those IRA shares first,
   saves more on the whole loss; the lot's note says which.
2. "Notes on the candidates" (Account, Symbol, Lot ID, Note): each candidate's note in a table of its
   own, so that the candidates' rows stay one line tall on screen and on paper; a row that saves $0.00
   this year says why and what its loss is worth instead (:mod:`.harvest_zero`).
3. "By holding": each account and symbol with all its candidates sold together: the benefit is
   computed jointly (netting and the $3,000 limit apply to the total, and recent purchases wash each
   loss share once, Treas. Reg. §1.1091-1(b): :mod:`taxrebal.engine.harvest_together`; so it is not
   the sum of rows),
   then a "Household total" row: every candidate harvested together, priced exactly on the whole
   return (the figure to compare with the rows' sum, which counts the $3,000 allowance once per lot).
4. "Gain harvesting at 0% federal" (its title adds what the lots still cost, state tax and the
   federal tax of the losses they use up): the long-term lots (or parts) that fit in this year's zero-federal-tax
   room, with the room, the state tax they would still cost and any loss carryforward they use up;
   after a rebalance, on top of the plan (the lots it leaves, its realized gains and losses added to
   the year's: :mod:`.harvest_gains_after_plan`), with the harvest-only room named beside it.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Optional

from ...engine.carryforward_worth import CarryforwardRates
from ...engine.harvest import GainHarvest, HarvestCandidate, HarvestScan
from ...engine.money import cents
from ...engine.plan import Plan
from ...engine.records import Action, Household
from ...engine.tax import TaxProfile
from ...engine.wash_dates import first_trading_day
from ..cells import acquired_cell
from ..interface import Column, Kind, ResultBook, Table
from . import HARVEST_SHEET
from .harvest_gains_after_plan import gains_after_plan
from .harvest_replacement import PlanLookups, plan_buys_blocked, replacement_cell
from .harvest_zero import loss_this_year, zero_saving_note
from .trades import plan_cents

__all__ = ["HARVEST_SHEET", "candidates_table", "candidate_notes_table", "holdings_table", "gains_table",
           "shown_gains", "write_harvest"]


_CANDIDATE_COLUMNS = (
    Column("Account", Kind.TEXT),
    Column("Symbol", Kind.TEXT),
    Column("Lot ID", Kind.TEXT),
    Column("Acquired", Kind.DATE, note="Purchase date (the holding period may start earlier after a wash sale), or "
           "Inherited (long-term, IRC §1223(9))."),
    Column("Quantity", Kind.NUMBER),
    Column("Basis", Kind.MONEY, note="Adjusted basis: cost plus wash-sale adjustments (IRC §1091(d))."),
    Column("Value", Kind.MONEY, note="Quantity x price."),
    Column("Loss", Kind.MONEY, note="Basis minus value."),
    Column("Loss %", Kind.PERCENT, note="Loss over basis."),
    Column("Term", Kind.TEXT, note="Short or Long if sold today."),
    Column("Tax Saved This Year", Kind.MONEY,
           note="Harvest-only view: this lot sold alone today, without the rebalancing plan. Federal + state tax "
                "this year without the sale minus with it (after netting with this year's gains and the $3,000 "
                "limit, $1,500 married filing separately; washed shares left out)."),
    Column("Carryforward Created", Kind.MONEY, note="Loss carried to next year by this sale (IRC §1212(b))."),
    Column("Plan Step", Kind.INTEGER, note="The Trades step that sells this lot in the rebalancing plan (blank: "
                                           "the plan does not sell it)."),
    Column("Saved in the Plan", Kind.MONEY,
           note="The tax that Trades step saves: its Est. Tax with the sign turned, the same figure (the step's "
                "exact marginal tax on top of the plan's earlier steps, all the lots it sells, after the plan's "
                "own wash-sale matching)."),
    Column("Replacement", Kind.TEXT,
           note="Buy this to stay invested: not substantially identical, not on the Do Not Buy list, allowed "
                "in the account. Where the plan sells the lot: the plan's own purchase in the same asset class "
                "(its Trades step). A listed replacement that the plan sells at a loss says so: buying it "
                "would wash that sale (IRC §1091(a))."),
    Column("Wash-Sale Status", Kind.TEXT),
)

_NOTE_COLUMNS = (
    Column("Account", Kind.TEXT),
    Column("Symbol", Kind.TEXT),
    Column("Lot ID", Kind.TEXT),
    Column("Note", Kind.TEXT),
)


def _in_plan(c: HarvestCandidate, plan: Optional[Plan],
             lookups: Optional[PlanLookups] = None) -> tuple[Optional[int], Optional[float], str]:
    """(plan step, tax that step saves, what the plan does with the lot's wash-sale exposure) for a
    candidate the plan sells; (None, None, "") otherwise. The figures are the plan's own: the step's
    Est. Tax on Trades and the disallowed loss of its Lot Sales rows. ``lookups``: the plan's, when
    the caller has them."""
    if plan is None:
        return None, None, ""
    if lookups is None:
        lookups = PlanLookups(plan, {}, {})
    sales = lookups.sales.get((c.account, c.lot_id), [])
    waits = lookups.waits.get((c.account, c.lot_id), [])
    if waits and not sales:  # dated, not sold now (engine/rebalance/window_wait.py, later_harvest.py)
        return None, None, "in the plan: " + "; ".join(_dated(w, len(waits) > 1) for w in waits) + \
            " (Trades, Sales to wait for)"
    if not sales:
        return None, None, ""
    step = sales[0].step
    trade = lookups.trade_of.get(step)
    if trade is None:
        return None, None, ""
    sold = sum(s.quantity for s in sales)
    disallowed = sum(s.disallowed for s in sales)
    others = len(lookups.step_lots[step] - {c.lot_id})
    words = [f"in the plan, Trades step {step} sells "
             + ("this lot" if sold >= c.quantity - 1e-9 else f"{sold:g} of its {c.quantity:g} shares")
             + (f" with {others} other lot{'s' if others > 1 else ''} (Saved in the Plan is the whole step's)"
                if others else "")]
    if disallowed > 0.005:
        lost = any("lost for good" in s.wash_status for s in sales if s.disallowed > 0.005)
        words.append(f"${cents(disallowed):,.2f} of its loss washed"
                     + (", lost for good (Rev. Rul. 2008-5)" if lost else "") + " (Lot Sales)")
    elif c.washed_shares > 1e-9:
        words.append("none of its loss washed in the plan (Lot Sales, Wash-Sale Status, says why)")
    return step, cents(-trade.est_tax) + 0.0, "; ".join(words)  # + 0.0: no -0.00 for a step of no tax


def _zero_notes(scan: HarvestScan, plan: Optional[Plan], household: Optional[Household]
                ) -> dict[Any, str]:
    """Why a row's harvest saves $0.00 this year and what its loss is worth instead
    (:mod:`.harvest_zero`): keyed (account, lot id) for the harvest-only figure (the lot's harvestable
    loss alone, on this year's gains), and by Trades step for Saved in the Plan (the step's realized
    gains on top of the plan's earlier steps, as its Est. Tax)."""
    if household is None:
        return {}
    profile = TaxProfile.from_settings(household.settings)
    rates = CarryforwardRates.of(profile)
    out: dict[Any, str] = {}
    for c in scan.candidates:
        if cents(c.tax_saved) == 0.0 and cents(c.harvestable_loss) > 0.0:
            loss = -c.harvestable_loss
            w = loss_this_year(profile, 0.0 if c.long_term else loss, loss if c.long_term else 0.0, rates=rates)
            out[(c.account, c.lot_id)] = zero_saving_note(w, "Sold alone today it")
    if plan is None:
        return out
    candidates = {(c.account, c.lot_id) for c in scan.candidates}
    harvested = {s.step for s in plan.lot_sales if (s.account, s.lot_id) in candidates}
    first_step: dict[tuple[str, str], int] = {}  # (account, lot ID) -> the first Lot Sales step selling it
    for s in plan.lot_sales:
        first_step.setdefault((s.account, s.lot_id), s.step)
    st = lt = 0.0
    for t in sorted(plan.trades, key=lambda t: t.step):
        if t.step in harvested and cents(t.est_tax) == 0.0 and cents(t.realized_st + t.realized_lt) != 0.0:
            w = loss_this_year(profile, t.realized_st, t.realized_lt, st, lt, rates=rates)
            out[t.step] = zero_saving_note(w, f"Trades step {t.step}")
        st += t.realized_st
        lt += t.realized_lt
    # the same words twice on a row (the lot alone, and its step that sells only it) are said once
    for c in scan.candidates:
        alone = out.get((c.account, c.lot_id), "")
        step = first_step.get((c.account, c.lot_id))
        if alone and step is not None and out.get(step, "").split(": ", 1)[-1] == alone.split(": ", 1)[-1]:
            out[(c.account, c.lot_id)] = ""
    return out


def _candidate_rows(scan: HarvestScan, plan: Optional[Plan], household: Optional[Household],
                    as_of: Optional[date]) -> list[tuple[tuple[Any, ...], str]]:
    """Each candidate's row of the candidates table and its note (one computation for both tables)."""
    out = []
    securities = household.securities if household is not None else ()
    identities = {s.symbol: s.identity for s in securities}
    classes = {s.symbol: s.asset_class for s in securities}
    zero = _zero_notes(scan, plan, household)
    lookups = None if plan is None else PlanLookups(plan, identities, classes)  # once for every row
    advantaged = {a.name for a in household.accounts if not a.is_taxable} if household is not None else set()
    for c in scan.candidates:
        step, saved, words = _in_plan(c, plan, lookups)
        replacement = replacement_cell(c, plan, step is not None, identities, classes, as_of,
                                       scan.wash_window_days, lookups)
        anyway = (plan_buys_blocked(c, lookups, identities, advantaged)
                  if lookups is not None and c.blocked_replacements else "")
        after_plan = _plan_buys_wash(c, plan, step is not None or bool(words), identities, as_of,
                                     scan.wash_window_days)
        note = "; ".join(n for n in (c.note, anyway, after_plan, zero.get((c.account, c.lot_id), ""), words,
                                     zero.get(step, "") if step is not None else "", _tacked(c)) if n)
        note = note[:1].upper() + note[1:]
        out.append(((c.account, c.symbol, c.lot_id, acquired_cell(c.acquired, c.inherited), c.quantity,
                     cents(c.basis), cents(c.value),
                     cents(c.loss), c.loss_pct, c.term, cents(c.tax_saved), cents(c.carryforward_created),
                     step, saved, replacement, c.wash_status), note))
    return out


def _dated(wait: Any, part: bool) -> str:
    """One dated sale of a lot in words; ``part``: the lot has two (so each names its shares)."""
    kept = ("no purchase of its fund (this plan's included) washes it then" if wait.later else
            f"keeps ${cents(wait.kept):,.2f} of loss" if cents(wait.kept) > 0.0 else
            "waits with the fund's other lot sold then")
    saves = cents(-wait.est_tax) + 0.0  # + 0.0: no -0.00
    then = f"saves ${cents(saves):,.2f} then" if saves else "this year's tax is unchanged"
    shares = f" ({wait.quantity:,.4f} shares)".replace(".0000 shares", " shares") if part else ""
    return f"wait until {wait.sell_on.isoformat()}{shares}: {kept}, {then}"


def _plan_buys_wash(c: HarvestCandidate, plan: Optional[Plan], sold_by_plan: bool, identities: dict[str, str],
                    as_of: Optional[date], window: int) -> str:
    """For a lot the plan does not sell: the plan's own purchases today of its fund or a substantially
    identical one, which wash its loss for 30 days (IRC §1091(a)) whatever the harvest-only figures
    say, and the first day to sell it once they are placed. fe14 F5: Harvest said "first day you may
    sell to harvest all of it: 2026-12-21" (the harvest-only view) while the plan's own FXAIX buys of
    2026-12-01 wash IVV's loss until 2026-12-31: the first trading day after, 2027-01-04."""
    if plan is None or as_of is None or sold_by_plan:
        return ""
    ident = identities.get(c.symbol, c.symbol)
    buys = sorted((t for t in plan.trades if t.action is Action.BUY and identities.get(t.symbol, t.symbol) == ident),
                  key=lambda t: t.step)
    if not buys:
        return ""
    steps = ", ".join(str(t.step) for t in buys)
    funds = ", ".join(sorted({t.symbol for t in buys}))
    last = as_of + timedelta(days=window)
    first = first_trading_day(last + timedelta(days=1))
    return (f"the plan on Trades buys {funds} today (step{'s' if len(buys) > 1 else ''} {steps}), the same fund or "
            f"Identical Group: once placed, a sale of this lot from today through {last.isoformat()} is washed by "
            f"those shares (IRC §1091(a)); the first day to sell it to harvest all of it after the plan: "
            f"{first.isoformat()}")


def _tacked(c: Any) -> str:
    """Why a recent purchase shows as long-term (fe11 finding 20): its holding period counts from the shares
    whose loss it washed, as Lot Selection and Lot Sales say. E.g. R2 bought 2026-11-20, counting from
    2025-01-30 through two wash sales: Term Long, Basis $1,070 (= $920 paid + $150 washed)."""
    acquired, start = getattr(c, "acquired", None), getattr(c, "holding_start", None)
    if acquired is None or start is None or start == acquired:
        return ""
    return (f"bought {acquired.isoformat()} (Acquired), but its holding period counts from {start.isoformat()}, "
            f"tacked on from the shares whose loss it washed (IRC §1223(3)): Term follows that date, and Basis "
            f"includes the washed loss (IRC §1091(d))")


def candidates_table(scan: HarvestScan, plan: Optional[Plan] = None, household: Optional[Household] = None,
                     as_of: Optional[date] = None, gains: Optional[GainHarvest] = None) -> Table:
    """The candidates, one row a lot; their notes are the next table (:func:`candidate_notes_table`)."""
    pairs = _candidate_rows(scan, plan, household, as_of)
    rows = [row for row, _note in pairs]
    highlight = tuple(i for i, c in enumerate(scan.candidates) if c.wash_status != "Clear")
    notes = [scan.summary(gains) + "."] if rows else ["No taxable lot has a loss above the Settings minimums "
                                                  "(Harvest Min Loss and Harvest Min Loss %)."]
    if rows:
        notes.append("Tax Saved This Year and Wash-Sale Status are a harvest-only view: each lot sold alone today, "
                     "without the rebalancing plan. Where the plan sells the lot, Plan Step and Saved in the Plan "
                     "give its Trades step and the tax that step saves (its Est. Tax): the plan's figure, after "
                     "its other sales and its own wash-sale matching (it may sell recent purchases first).")
    if scan.together is not None and len(rows) > 1:
        notes.append(f"Tax Saved This Year is each lot sold alone; all {len(rows)} together save "
                     f"${cents(scan.together.tax_saved):,.2f} this year (Household total below).")
    if any(note for _row, note in pairs):
        notes.append("Each lot's note (what its wash-sale exposure costs, what the plan does with it, why a row "
                     "saves $0.00 this year) is in Notes on the candidates, below.")
    notes.append("Sell the lot and buy the replacement the same day; the first day you may buy the sold fund "
                 f"(or a substantially identical one) back, in any account, is the sale date + "
                 f"{scan.wash_window_days + 1} days (wash-sale rule, IRC §1091).")
    return Table(_CANDIDATE_COLUMNS, tuple(rows), title="Loss harvesting candidates", notes=tuple(notes),
                 highlight=highlight)


def candidate_notes_table(scan: HarvestScan, plan: Optional[Plan] = None, household: Optional[Household] = None,
                          as_of: Optional[date] = None) -> Table:
    """The candidates' notes, one row a lot that has one (Account, Symbol, Lot ID, Note), right under
    the candidates: a table of their own, so that the candidates' rows stay one line tall on screen
    and on paper (a Note column beside 16 others wrapped a 700-character note into 40 lines of a
    narrow column, or, printed on a page of its own across, left the first page's rows as tall and
    empty: fe9's Harvest). Their Note spans the sheet's columns to its right and wraps there."""
    rows = tuple((row[0], row[1], row[2], note) for row, note in _candidate_rows(scan, plan, household, as_of)
                 if note)
    return Table(_NOTE_COLUMNS, rows, title="Notes on the candidates")


_HOLDING_COLUMNS = (
    Column("Account", Kind.TEXT),
    Column("Symbol", Kind.TEXT),
    Column("Lots", Kind.INTEGER),
    Column("Shares", Kind.NUMBER),
    Column("Harvestable Loss", Kind.MONEY, note="Loss a sale today would realize (washed shares left out)."),
    Column("Tax Saved This Year", Kind.MONEY,
           note="All the holding's candidates sold together, computed on the whole return."),
    Column("Carryforward Created", Kind.MONEY),
)


def holdings_table(scan: HarvestScan) -> Table:
    rows = [(h.account, h.symbol, h.lots, h.shares, cents(h.loss), cents(h.tax_saved),
             cents(h.carryforward_created)) for h in scan.holdings]
    t = scan.together
    notes = ["Benefits are computed for the holding as a whole, so they are not the sum of the lots' rows: "
             f"losses net against gains first and only ${scan.capital_loss_limit:,.0f} more reduces other income (IRC "
             "§1211(b)); and "
             "recent purchases wash only as many of the lots' loss shares as they are, earliest-bought loss "
             "shares first, while each row alone counts them against that lot (IRC §1091(a); Treas. Reg. "
             "§1.1091-1(b))."]
    if t is not None:
        rows.append(("Household total", "every candidate above", t.lots, t.shares, cents(t.loss),
                     cents(t.tax_saved), cents(t.carryforward_created)))
        alone = cents(sum(cents(c.tax_saved) for c in scan.candidates))  # the rows' cents (audit18 F8)
        notes.append(f"Household total: harvesting all {t.lots} candidates together saves "
                     f"${cents(t.tax_saved):,.2f} of tax this year and carries ${cents(t.carryforward_created):,.2f} "
                     f"forward (one wash-sale matching and one tax computation on the whole return). The "
                     f"candidates' own rows add up to ${cents(alone):,.2f} because each assumes that lot is the "
                     f"only one sold.")
        by_holding = sum(cents(h.loss) for h in scan.holdings)
        if abs(cents(t.loss) - by_holding) >= 0.005:
            notes.append(f"Its Harvestable Loss ${cents(t.loss):,.2f} is not the holdings' ${cents(by_holding):,.2f} "
                         f"either: the same recent purchases are counted against each holding of that fund "
                         f"alone, but sold together they wash only as many loss shares as they are, once "
                         f"(Treas. Reg. §1.1091-1(b), (e)).")
    return Table(_HOLDING_COLUMNS, tuple(rows), title="By holding (all candidates of a holding sold together)",
                 notes=tuple(notes), total_rows=1 if t is not None else 0)


_GAIN_COLUMNS = (
    Column("Account", Kind.TEXT),
    Column("Symbol", Kind.TEXT),
    Column("Lot ID", Kind.TEXT),
    Column("Acquired", Kind.DATE),
    Column("Shares to Sell", Kind.NUMBER),
    Column("Lot Shares", Kind.NUMBER),
    Column("Basis", Kind.MONEY),
    Column("Value", Kind.MONEY),
    Column("Gain", Kind.MONEY),
)


def _signed(x: float) -> str:
    """Dollars to the cent with the sign in front: "-$2,700.00"."""
    c = cents(x)
    return f"-${cents(-c):,.2f}" if c < 0 else f"${cents(c):,.2f}"


def shown_gains(scan: HarvestScan, plan: Optional[Plan] = None, household: Optional[Household] = None,
                as_of: Optional[date] = None) -> GainHarvest:
    """The 0% gain harvest the sheet shows: on top of the ``plan`` when there is one
    (:mod:`.harvest_gains_after_plan`), else the harvest-only scan's. The console's line is its headline
    too (``HarvestScan.summary(gains)``), so the two never differ."""
    if plan is not None and household is not None and as_of is not None:
        return gains_after_plan(household, plan, as_of, scan.do_not_buy)
    return scan.gains


def gains_title(g: GainHarvest) -> str:
    """The 0% table's title, with what its lots cost when that is not $0.00 (fe10 finding 11: "Gain
    harvesting at 0%" over $104,046.52 of gains costing $300.00 federal and $3,487.50 state): "Gain
    harvesting at 0% federal: these lots cost $300.00 federal (losses used up) and $3,487.50 state"."""
    fed, state = cents(g.federal_tax), cents(g.state_tax)
    spent = g.carryforward_words() if g.lots else ""
    if not g.lots and g.room_uses_carryforward:  # fe19 F7: the room is carryforward, not the 0% bracket
        return "Gain harvesting: no federal tax this year, but such gains use up loss carryforward"
    if not g.lots or (fed + state < 0.005 and not spent):
        return "Gain harvesting at 0% federal"
    parts = [f"${cents(fed):,.2f} federal (the losses they use up)"] if fed >= 0.005 else []
    parts += [f"${cents(state):,.2f} state"] if state >= 0.005 else []
    if spent:  # not "at 0%": they cost the carryforward they use up (fe11 F2)
        cost = f"{' and '.join(parts)} this year, and " if parts else "no tax this year, but "
        return f"Gain harvesting: these lots cost {cost}use up {spent}"
    return "Gain harvesting at 0% federal: these lots cost " + " and ".join(parts)


#: IRC §86(b): a capital gain raises provisional income, so with Social Security benefits a gain taxed at 0% can
#: make up to $0.85 of benefits taxable per dollar, at ordinary rates (fe15 F7); taxrebal does not recompute them
SOCIAL_SECURITY_NOTE = ("Social Security: if you receive benefits, these gains raise your provisional income (IRC "
                        "§86), so up to $0.85 of benefits per dollar of gain can become taxable at your ordinary "
                        "rate, which taxrebal does not compute: 0% here is the capital gain's own rate. Ordinary "
                        "Income should hold the taxable part of your benefits as figured without these gains")


def gains_table(scan: HarvestScan, plan: Optional[Plan] = None, household: Optional[Household] = None,
                as_of: Optional[date] = None, gains: Optional[GainHarvest] = None) -> Table:
    """The 0% gain harvest; with the rebalancing ``plan`` (and its ``household`` and ``as_of``), on top of
    the plan (:mod:`.harvest_gains_after_plan`: the room and the plan's harvested losses as one
    computation), the harvest-only room named beside it. ``gains``: :func:`shown_gains`, when computed
    already."""
    if gains is None:
        gains = shown_gains(scan, plan, household, as_of)
    on_plan = gains if plan is not None and household is not None and as_of is not None else None
    g = on_plan or scan.gains
    after_plan = plan is not None and on_plan is not None
    rows: list[tuple[Any, ...]] = [
        (lot.account, lot.symbol, lot.lot_id, acquired_cell(lot.acquired, lot.inherited), lot.quantity,
         lot.lot_quantity, cents(lot.basis),
         cents(lot.value), cents(lot.gain)) for lot in g.lots]
    if rows:
        rows.append(("Total", "", "", None, None, None, cents(sum(lot.basis for lot in g.lots)),
                     cents(sum(lot.value for lot in g.lots)), cents(g.total_gain)))
    # gains the loss carryforward absorbs are not taxed at 0%: they cost no federal tax this year (fe11 F2)
    free = ("with no federal tax" if cents(g.carryforward_used) > 0.0 or g.room_uses_carryforward
            else "at 0% federal tax")
    room = f"Room for long-term gains {free} this year: ${cents(g.room):,.2f}"
    if plan is not None and on_plan is not None:
        _traded, st, lt = plan_cents(plan)
        room = (f"Room for long-term gains {free} this year, on top of the plan on Trades (its realized "
                f"ST {_signed(st)} and LT {_signed(lt)}, the Trades totals, added to the year's): "
                f"${cents(g.room):,.2f}")
    if g.loss_offset > 0.005:
        room += (f" (the first ${cents(g.loss_offset):,.2f} offsets this year's capital losses"
                 + (", the plan's harvested losses included" if after_plan else "") + "; the other "
                 f"${cents(g.room) - cents(g.loss_offset):,.2f} is net capital gain taxed at 0%)")
    if after_plan and abs(cents(g.room) - cents(scan.gains.room)) < 0.005:
        room += ", as before the plan"
    elif after_plan:
        room += (f". Before the plan (the harvest-only view of the tables above) it is ${cents(scan.gains.room):,.2f}: "
                 "the plan's gains and losses are netted first (IRC §1222), so a gain it realizes takes room and a "
                 "loss it harvests makes room, gains it offsets costing no tax this year but using the loss up (its "
                 "saving against ordinary income, IRC §1211(b), or its carryforward: the notes below say which)")
    notes = [room + "."]
    if rows:
        notes.append(f"Selling these realizes ${cents(g.total_gain):,.2f} of long-term gain: federal tax "
                     f"${cents(g.federal_tax):,.2f}, state tax ${cents(g.state_tax):,.2f}. {g.buy_back_note()}.")
        notes.append(SOCIAL_SECURITY_NOTE)
    if g.note:
        notes.append(g.note + ".")
    if g.withdrawal_note:
        notes.append(g.withdrawal_note + ".")
    return Table(_GAIN_COLUMNS, tuple(rows), title=gains_title(g), notes=tuple(notes),
                 total_rows=1 if rows else 0)


def write_harvest(book: ResultBook, scan: HarvestScan, plan: Optional[Plan] = None,
                  household: Optional[Household] = None, as_of: Optional[date] = None,
                  gains: Optional[GainHarvest] = None) -> None:
    """Write (or replace) the Harvest sheet; with the rebalancing ``plan``, each candidate it sells
    shows its Trades step and the tax that step saves beside the harvest-only figure, and its
    Replacement agrees with the plan (:mod:`.harvest_replacement`)."""
    if gains is None:
        gains = shown_gains(scan, plan, household, as_of)
    tables = [candidates_table(scan, plan, household, as_of, gains)]
    notes = candidate_notes_table(scan, plan, household, as_of)
    if notes.rows:
        tables.append(notes)
    tables += [holdings_table(scan), gains_table(scan, plan, household, as_of, gains)]
    book.write_sheet(HARVEST_SHEET, tables)

