"""The rebalancer's result sheets: **Trades**, **Lot Sales**, **Tax-Drift Frontier**, **Contributions
Only** and **Dividends** (plus the Allocation sheet's after columns and summary through
:func:`taxrebal.workbook.results.allocation.write_allocation`).

* **Trades**: one row per order in the order to place it (Step; in each account sells before buys):
  Step, Account, Symbol, Action, Quantity, Price, Amount, Realized ST, Realized LT, Est. Tax, Reason,
  Note; then a Total row. Notes under the table give the plan's status and what to know (wash-sale
  windows, lots left to turn long-term, the budget).
* **Lot Sales**: the lots each taxable sell relieves (the specific identification to give the broker):
  Step, Account, Symbol, Lot ID, Acquired, Quantity, Proceeds, Adjusted Basis, Gain, Term, Wash
  Disallowed, Reported Gain (Form 8949 (h): per step and term it is Trades' Realized ST / LT),
  Wash-Sale Status; then a Total row.
* **Tax-Drift Frontier**: Largest Drift, Least Tax, Realized ST, Realized LT, Turnover, Note, and a
  line chart of least tax against the largest drift allowed.
* **Contributions Only**: the months needed and, per account and fund, the money to send.
* **Dividends**: holdings with dividend reinvestment in overweight classes and where to route the cash.

Worked example (the 60/40 household drifted to 70/30 with a big enough IRA): Trades shows
``1, IRA, VTI, Sell, 100, 100.00, 10,000.00, 0, 0, 0, Tax-advantaged`` and
``2, IRA, BND, Buy, 200, 50.00, 10,000.00, 0, 0, 0, Tax-advantaged``; Lot Sales is empty (no taxable
sell), the frontier's 0-point level costs $0.00.

Money is rounded to cents here, at the edge; quantities keep full precision. A total or a figure made
of parts is the sum of its parts' cents, so every column adds up to its Total to the cent and one
figure on two sheets is one computation: a taxable sell's Realized ST / LT is the sum of its Lot
Sales rows' Reported Gain (by term), the Total row and the Allocation summary's Realized gains add up
the Trades rows, the Orders sheet's cash per account and the Allocation summary's "Cash left" add up
the Amount cells (:func:`plan_cents`). Text copied from the input (symbols, account names, lot IDs)
is written as text by every ResultBook: never a formula.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Iterable, Optional, Sequence

from ...engine.allocation import CASH_CLASS, allocation, class_values_after_orders
from ...engine.frontier import ContributionsPlan, DividendAdvice, FrontierPoint
from ...engine.idle_cash import cash_left_in_cents
from ...engine.money import cents, parts_in_cents, signed_points
from ...engine.plan import LotSale, Plan, WaitedSale
from ...engine.records import Action, Household
from ...engine.wash_dates import dated_sale_window, window_words
from ..cells import acquired_cell
from ..interface import Chart, Column, Kind, ResultBook, Table
from . import CONTRIBUTIONS_SHEET, DIVIDENDS_SHEET, FRONTIER_SHEET, LOT_SALES_SHEET, TRADES_SHEET
from .allocation import fraction, write_allocation

__all__ = [
    "TRADES_SHEET",
    "LOT_SALES_SHEET",
    "FRONTIER_SHEET",
    "CONTRIBUTIONS_SHEET",
    "DIVIDENDS_SHEET",
    "trades_table",
    "waits_table",
    "lot_sales_table",
    "frontier_table",
    "contributions_table",
    "dividends_table",
    "plan_summary",
    "write_trades",
    "write_lot_sales",
    "write_frontier",
    "write_contributions_only",
    "write_dividends",
    "write_rebalance",
]


_TRADE_COLUMNS = (
    Column("Step", Kind.INTEGER, note="Order to place the trades: in each account the sells come first."),
    Column("Account", Kind.TEXT),
    Column("Symbol", Kind.TEXT),
    Column("Action", Kind.TEXT),
    Column("Quantity", Kind.NUMBER, note="Shares."),
    Column("Price", Kind.MONEY, note="The Securities sheet price the plan was made with."),
    Column("Amount", Kind.MONEY, note="Quantity x Price."),
    Column("Realized ST", Kind.MONEY, note="Short-term gain (negative = loss) of the lots this sell relieves."),
    Column("Realized LT", Kind.MONEY, note="Long-term gain (negative = loss)."),
    Column("Est. Tax", Kind.MONEY, note="This trade's exact marginal federal + state tax in step order: tax "
                                        "with steps 1 to this one minus tax with the steps before it, on top of "
                                        "this year's realized gains. The column adds up to the Total."),
    Column("Reason", Kind.TEXT, note="Contribution, Cash, Tax-advantaged, Harvest, Replacement, "
                                     "Taxable sale (sells) or Sale proceeds (buys)."),
    Column("Note", Kind.TEXT),
)


def _sum_cents(values: Iterable[float]) -> float:
    return round(sum(values), 2) + 0.0  # + 0.0: never -0


def lot_sale_cents(s: LotSale) -> tuple[float, float, float, float, float]:
    """(proceeds, adjusted basis, gain, wash disallowed, reported gain) of a lot sale in cents, each
    row adding up: gain = proceeds - basis, reported = gain + disallowed (Form 8949 (d) - (e) + (g)):
    :meth:`LotSale.in_cents`, the figures the plan's notes use."""
    return s.in_cents()


def trade_realized_cents(plan: Plan) -> dict[int, tuple[float, float]]:
    """Step -> (Realized ST, Realized LT) in cents: for a sell with lot sales the sum of its Lot Sales
    rows' Reported Gain by term (the figures Form 8949 takes), else the trade's own figures."""
    by_step: dict[int, list[LotSale]] = {}
    for s in plan.lot_sales:
        by_step.setdefault(s.step, []).append(s)
    out = {}
    for t in plan.trades:
        sales = by_step.get(t.step)
        if sales:
            out[t.step] = (_sum_cents(lot_sale_cents(s)[4] for s in sales if not s.long_term),
                           _sum_cents(lot_sale_cents(s)[4] for s in sales if s.long_term))
        else:
            out[t.step] = (cents(t.realized_st), cents(t.realized_lt))
    return out


def plan_cents(plan: Plan) -> tuple[float, float, float]:
    """(amount traded, realized ST, realized LT) of the plan in cents: the sums of the Trades rows."""
    realized = trade_realized_cents(plan)
    return (_sum_cents(cents(t.amount) for t in plan.trades), _sum_cents(st for st, _ in realized.values()),
            _sum_cents(lt for _, lt in realized.values()))


def trades_table(plan: Plan) -> Table:
    rows: list[tuple[Any, ...]] = []
    realized = trade_realized_cents(plan)
    for t in plan.trades:
        st, lt = realized[t.step]
        rows.append((t.step, t.account, t.symbol, t.action.value, t.quantity, cents(t.price), cents(t.amount),
                     st, lt, cents(t.est_tax), t.reason.value, t.note))
    traded, total_st, total_lt = plan_cents(plan)
    rows.append((None, "Total", "", "", None, None, traded, total_st, total_lt, cents(plan.tax_total), "",
                 "Exact extra tax of the whole plan (federal + state)."))
    notes = (f"Status: {plan.status.value}.",) + tuple(plan.notes)
    if not plan.trades:
        notes = ("No trades: " + (plan.notes[0] if plan.notes else "the household needs none."),) + notes
    return Table(_TRADE_COLUMNS, tuple(rows), title="Trades to place", notes=notes, total_rows=1)


_WAIT_COLUMNS = (
    Column("Account", Kind.TEXT),
    Column("Symbol", Kind.TEXT),
    Column("Lot ID", Kind.TEXT, note="Sell this lot (specific identification) on or after the date."),
    Column("Action", Kind.TEXT, note="The first day the sale's loss is safe from recent purchases: 31 days after "
                                     "the last one (IRC §1091(a)), still this tax year."),
    Column("Quantity", Kind.NUMBER, note="Shares."),
    Column("Price", Kind.MONEY, note="Today's price (the figures assume it)."),
    Column("Amount", Kind.MONEY, note="Quantity x Price."),
    Column("Realized ST", Kind.MONEY, note="The whole loss, short-term if the lot is held one year or less on "
                                           "the date."),
    Column("Realized LT", Kind.MONEY),
    Column("Est. Tax", Kind.MONEY, note="Tax with the plan's trades and this sale minus tax with the plan's trades "
                                        "(not in the Trades total)."),
    Column("Keeps", Kind.MONEY, note="The loss that selling now would lose for good to a purchase in an IRA, "
                                     "401(k), Roth or HSA (Rev. Rul. 2008-5)."),
    Column("Note", Kind.TEXT),
)


def _this_year(est_tax: float, better_than_now: float) -> str:
    """What a dated loss sale changes in this year's tax, in words that stay true at $0.00 (fe9's chen-Y:
    BND T9's loss only adds carryforward, so "$0.00 less tax on top of the plan, $0.00 more than selling
    it now" read as if waiting bought nothing; the kept loss's later value follows in the note)."""
    less, more = cents(-est_tax) + 0.0, cents(better_than_now) + 0.0
    if not less and not more:
        return "this year's tax is unchanged (on top of the plan, and against selling it now)"
    on_top = f"${cents(less):,.2f} less tax on top of the plan" if less else "no less tax on top of the plan"
    vs_now = f"${cents(more):,.2f} more than selling it now" if more else "the same this year as selling it now"
    return f"{on_top}, {vs_now}"


def _buy_window(w: WaitedSale, as_of: Optional[date]) -> str:
    """When buying its identity washes a dated sale: "from now until 30 days after the sale", or the window
    itself when it opens after ``as_of`` (IRC §1091(a): 30 days before or after; audit20 F0)."""
    span = dated_sale_window(w.sell_on, as_of)
    return window_words(*span) if span else "from now until 30 days after the sale"


def _later_note(w: WaitedSale, as_of: Optional[date] = None) -> str:
    """The note of a loss lot the plan cannot sell today unwashed (engine/rebalance/later_harvest.py).
    E.g. bench seed 6: "Wait until 2026-12-28: harvests $36,576.00 of loss this year. Sold now, RE2
    bought in Brokerage in this plan, My 401(k) on 2026-11-11 would wash it (IRC §1091(a)); ...". A lot
    held for later (hold_for_later.py) that no purchase washes says why it waits instead (until 2026-12-05:
    "Sold now, IA bought in  would wash it", tests/test_hold_for_later_past_wash_day.py)."""
    day = w.sell_on.isoformat()
    loss = -(w.realized_st + w.realized_lt)
    less = cents(-w.est_tax) + 0.0
    # no purchase washes a lot held for later (hold_for_later.py): the fund that would refill its class
    # today is one sold at a loss within 30 days, whose purchase washes that loss
    why = (f"Sold now, {w.identity} bought in {', '.join(w.washing)} would wash it (IRC §1091(a): acquired within "
           f"30 days before the sale); sold on or after {day} and by December 31 (same tax year) none does: "
           if w.washing else
           f"Sold now, the fund refilling {w.asset_class} today would be one sold at a loss within the last 30 "
           f"days, whose purchase washes that loss (IRC §1091(a)); sold on {day} (same tax year) none is: ")
    return (f"Wait until {day}: harvests ${cents(loss):,.2f} of loss this year. " + why
            + (f"${cents(less):,.2f} less tax on top of the plan" if less else "this year's tax is unchanged")
            + f", at today's price. The bands do not need this sale now. That day buy {w.replacement} (not "
            f"substantially identical, and no loss sale of it within 30 days) to stay in {w.asset_class}. Buying "
            f"{w.identity} or a substantially identical security in any account {_buy_window(w, as_of)} would wash "
            f"the loss (IRC §1091)" + ("; turn its dividend reinvestment off." if w.drip else "."))


def _kept_later(w: WaitedSale) -> str:
    """What the kept loss is worth beyond this year's tax: only the part that carries forward (what
    this year's return uses is in "more than selling it now" already; fe12 F-n). E.g. fe15's h9 (single,
    15% on long-term gains, 24% ordinary band, no state tax): "; the $250.00 kept carries forward (IRC
    §1212(b)): worth about $37.50 of tax later if it offsets a long-term gain (15.0%), or $60.00 if it
    offsets ordinary income, up to $3,000 a year, IRC §1211(b) (24.0%)" (engine/carryforward_worth.py)."""
    carried = cents(w.kept_carried)
    if w.kept_rates is None or carried <= 0:
        return ""
    what = (f"the ${cents(carried):,.2f} kept carries forward" if carried >= cents(w.kept) else
            f"${cents(carried):,.2f} of the ${cents(w.kept):,.2f} kept carries forward")
    return f"; {what} (IRC §1212(b)): {w.kept_rates.words(w.kept_carried)}"


def waits_table(plan: Plan, as_of: Optional[date] = None) -> Table:
    """The loss sales the plan dates instead of making now (engine/rebalance/window_wait.py): not steps
    of the plan, not in its totals. E.g. fe7 chen4: Joint Taxable, VEA, T-05, "Wait until 2026-12-21",
    300, 52.00, 15,600.00, -1,800.00, 0.00, -446.40, 600.00."""
    rows = []
    for w in plan.waits:
        day = w.sell_on.isoformat()
        then = (f" That day buy {w.replacement} (not substantially identical) to stay in {w.asset_class}."
                if w.replacement else f" That day no fund of {w.asset_class} the account may buy is clean: each "
                                      f"is the same fund or Identical Group as a loss sale within 30 days of it "
                                      f"(IRC §1091(a)); hold the proceeds as cash until one is.")
        later = _kept_later(w)
        if w.later:  # engine/rebalance/later_harvest.py: not sold today at all
            rows.append((w.account, w.symbol, w.lot_id, f"Wait until {day}", w.quantity, cents(w.price),
                         cents(w.amount), cents(w.realized_st), cents(w.realized_lt), cents(w.est_tax),
                         0.0, _later_note(w, as_of)))
            continue
        mates = sorted(o.lot_id for o in plan.waits if o.identity == w.identity and o is not w)
        washes = (f"Sold now, {w.identity} bought in {', '.join(w.washing)} would wash ${cents(w.kept):,.2f} of it "
                  f"for good (Rev. Rul. 2008-5)" if cents(w.kept) > 0 or not mates else
                  f"It waits with lot {', '.join(mates)} of {w.identity}: sold now without it, {w.identity} bought in "
                  f"{', '.join(w.washing)} would wash its loss for good instead (Rev. Rul. 2008-5)")
        note = (f"Wait until {day}: keeps ${cents(w.kept):,.2f} of loss. {washes}"
                + (f", and {w.identity} bought in {', '.join(w.deferring)} ${cents(w.deferred):,.2f} more, not lost "
                   f"but added to those shares' basis (IRC §1091(d))" if w.deferring else "") + "; "
                f"sold on or after {day} and by December 31 (same tax year), the whole loss counts: "
                f"{_this_year(w.est_tax, w.better_than_now)}, at today's price{later}. The bands do not need "
                f"this sale now.{then} Buying "
                f"{w.identity} or a substantially identical security in any account {_buy_window(w, as_of)} would "
                f"wash the loss (IRC §1091)"
                + ("; turn its dividend reinvestment off." if w.drip else "."))
        rows.append((w.account, w.symbol, w.lot_id, f"Wait until {day}", w.quantity, cents(w.price),
                     cents(w.amount), cents(w.realized_st), cents(w.realized_lt), cents(w.est_tax),
                     cents(w.kept), note))
    return Table(_WAIT_COLUMNS, tuple(rows), title="Sales to wait for (not steps of the plan, not in its totals)",
                 notes=("A loss sale the plan could make now is dated instead when selling it now loses part of "
                        "the loss for good and the date is still this tax year: the same allocation, more tax "
                        "saved (taxrebal's reading). A loss lot the plan cannot sell now without a wash (its fund "
                        "bought in the last 30 days, or by the plan) is listed too when the day its window clears "
                        "is this tax year and its loss lowers this year's tax. The price may move before then.",))


_LOT_COLUMNS = (
    Column("Step", Kind.INTEGER, note="The Trades step this lot belongs to."),
    Column("Account", Kind.TEXT),
    Column("Symbol", Kind.TEXT),
    Column("Lot ID", Kind.TEXT, note="Give these lots to the broker (specific identification)."),
    Column("Adjusted Acquired", Kind.DATE, note="The date the holding period counts from: the purchase date, "
           "or after a wash sale the earlier date tacked on from the sold shares (IRC §1223(3)), as on Wash "
           "Sales; Inherited for an inherited lot (long-term, IRC §1223(9)). Lot Selection's Acquired is the "
           "purchase date."),
    Column("Quantity", Kind.NUMBER),
    Column("Proceeds", Kind.MONEY),
    Column("Adjusted Basis", Kind.MONEY, note="Cost plus any disallowed wash-sale loss (IRC §1091(d))."),
    Column("Gain", Kind.MONEY, note="Proceeds minus adjusted basis; negative = loss."),
    Column("Term", Kind.TEXT, note="Long when held more than one year (IRC §1222)."),
    Column("Wash Disallowed", Kind.MONEY, note="Part of the loss a wash sale disallows (Form 8949 column (g), "
           "code W; IRC §1091(a))."),
    Column("Reported Gain", Kind.MONEY, note="Gain + Wash Disallowed: what counts for tax (Form 8949 column (h)); "
           "per step and term it adds up to the Trades sheet's Realized ST / LT."),
    Column("Wash-Sale Status", Kind.TEXT),
)


def lot_sales_table(plan: Plan) -> Table:
    rows: list[tuple[Any, ...]] = [
        (s.step, s.account, s.symbol, s.lot_id, acquired_cell(s.acquired, s.inherited), s.quantity,
         *lot_sale_cents(s)[:3],
         "Long" if s.long_term else "Short", *lot_sale_cents(s)[3:], s.wash_status) for s in plan.lot_sales]
    rows.append((None, "Total", "", "", None, None, *(_sum_cents(r[i] for r in rows) for i in (6, 7, 8)), "",
                 _sum_cents(r[10] for r in rows), _sum_cents(r[11] for r in rows), ""))
    notes = () if plan.lot_sales else ("The plan sells nothing in a taxable account.",)
    return Table(_LOT_COLUMNS, tuple(rows), title="Lots relieved by the plan's taxable sells", notes=notes,
                 total_rows=1)


def after_in_cents(plan: Plan, household: Household) -> dict[str, float]:
    """Each asset class's value after the plan, in cents, as the sheets add it up: its value now (the
    Allocation sheet's Value cell) plus the Amount cells of the plan's buys in the class less those of
    its sells, and Cash as the accounts' Cash left (:func:`cash_left_in_cents`, Orders' figure). So
    the After Value column adds up to its Total, the Total after equals the Total now (the plan only
    moves money between classes) and After Value of Cash is the Summary's Cash left added up.
    Example: US Stocks $332,737.00 now, sells of $12,400.00 and $33,000.00 -> $287,337.00 after."""
    classes = household.security_map()
    out = class_values_after_orders(household, (
        (t.asset_class or (classes[t.symbol].asset_class if t.symbol in classes else ""),
         1 if t.action is not Action.SELL else -1, t.amount) for t in plan.trades))
    # a money-market fund of the class Cash is a holding of it, beside the accounts' uninvested cash
    # (fe11 finding 34: its $5,000 had dropped out of the After column)
    funds = round(out.get(CASH_CLASS, 0.0) - cents(sum(a.cash + a.contribution for a in household.accounts)), 2)
    out[CASH_CLASS] = round(funds + sum(c for _, c in cash_left_in_cents(plan, household)), 2) + 0.0
    return out


def plan_summary(plan: Plan, household: Household | None = None) -> list[tuple[Any, ...]]:
    """The Allocation sheet's Summary rows for a plan (with ``household``: the cash left in cents, as
    the Orders sheet adds it up)."""
    # Federal + State add up to the Total to the cent (largest remainder, engine/money.py)
    exact = (float(getattr(plan.tax, "federal", plan.tax_total)), float(getattr(plan.tax, "state", 0.0)))
    federal, state = parts_in_cents(list(exact), plan.tax_total)

    def moved(shown: float, alone: float) -> str:
        """The Detail of a part whose cent went to the other (fe10: Federal -331.51 shown, -331.5048 exact)."""
        if abs(shown - cents(alone)) < 0.005:
            return ""
        return (f"{alone:,.4f} exactly; rounded with the other part so that Federal + State is the Total "
                "to the cent (largest remainder)")
    rows: list[tuple[Any, ...]] = [
        ("Plan status", plan.status.value),
        ("Total extra tax (federal + state)", cents(plan.tax_total)),
        ("Federal", federal, None, moved(federal, exact[0])),
        ("State", state, None, moved(state, exact[1])),
        ("Realized short-term gain", plan_cents(plan)[1]),
        ("Realized long-term gain", plan_cents(plan)[2]),
        ("Largest drift before", plan.max_drift_before, Kind.PERCENT),
        ("Largest drift after", plan.max_drift_after, Kind.PERCENT),
        ("Amount traded", plan_cents(plan)[0]),
    ]
    if plan.cost_to_remove_drift is not None:
        rows.append(("Tax to reach every band (budget ignored)", plan.cost_to_remove_drift))
    for account, cash in (cash_left_in_cents(plan, household) if household is not None else plan.cash_left):
        rows.append((f"Cash left in {account}", cash))
    return rows


_FRONTIER_COLUMNS = (
    Column("Largest Drift", Kind.PERCENT, note="Every class within this many points of its target."),
    Column("Least Tax", Kind.MONEY, note="The least extra tax of a plan that gets there (negative = harvested "
                                         "losses save tax)."),
    Column("Extra vs Current", Kind.MONEY, note="Least Tax minus the least tax at the current largest drift "
                                                "(harvesting alone): what the drift reduction itself costs."),
    Column("Realized ST", Kind.MONEY),
    Column("Realized LT", Kind.MONEY),
    Column("Amount Traded", Kind.MONEY),
    Column("Note", Kind.TEXT),
)


def outside_after(plan: Plan, household: Household) -> tuple[str, ...]:
    """The classes the plan leaves outside their band, as Allocation's After Status reads them (the same
    computation: :func:`after_in_cents`, :func:`~taxrebal.engine.allocation.allocation`), each with its
    drift and band: ``"US Stocks +10.00 points (band 5)"``. Empty when the plan reaches every band."""
    after = allocation(household, after_in_cents(plan, household))
    return tuple(f"{a.asset_class} {signed_points(a.drift)} points (band {a.band * 100:g})"
                 for a in after if a.banded and a.outside_band)


def _rows_note(outside: Optional[Sequence[str]]) -> str:
    """The note on what a row is and which row is the plan, its claim about the bands true for this plan
    (fe8: "keeps each class within its own band" was said of a plan a Tax Budget left outside one).
    ``outside``: :func:`outside_after`; None when there is no plan (none reaches every band)."""
    head = "A row caps the largest drift of every class at its level and trades no more than that needs. "
    if outside is None:
        return head + "No plan reaches every band here (Issues says why): no row is the plan and none is shown."
    if not outside:
        bands = "the plan keeps each class within its own band and goes on toward target where that adds no tax."
    else:
        bands = ("this plan does not reach every band: it leaves " + "; ".join(outside) + " outside (Allocation's "
                 "After Status; Trades' status and notes say which limit binds).")
    # a withdrawal the sales must pay is traded even at the current drift (fe19 F6: h6's row, $600.00)
    return (head + "With no loss whose sale lowers the tax and no withdrawal to pay from sales, the current largest "
            "drift's row is doing nothing ($0 of tax, nothing traded). The row at the plan's largest drift, when "
            "the plan costs no more than that row's least tax (the current drift's row: less, or the same trading "
            "no more), is the plan itself "
            "(note 'The plan on Trades': its tax, gains and Amount Traded are the Trades totals); " + bands
            + " Otherwise the plan is shown below, at its own largest drift.")


def frontier_table(points: Sequence[FrontierPoint], setting_note: str = "",
                   outside: Optional[Sequence[str]] = ()) -> list[Table]:
    """The least-tax rows, and (when the plan is none of them) the plan on Trades in a table of its own,
    with the same columns: its Extra vs Current is against the same current row. ``setting_note``:
    what Allow Short-Term Gains = N costs at the plan's bands (engine/short_term_cost.py), when it
    binds: every Least Tax here is under that setting. ``outside``: the classes the plan leaves outside
    their band (:func:`outside_after`; None: no plan), so that the note's claim about the bands is true
    for the plan: "keeps each class within its own band" only when it does."""
    rows: list[tuple[Any, ...]] = []
    base = next((p.tax for p in points if p.is_current and p.reachable and not p.is_plan), None)

    def row(p: FrontierPoint) -> tuple[Any, ...]:
        if p.reachable:
            assert p.tax is not None, p  # a reachable level has a plan, so a tax
            note = "; ".join(n for n in ("Current largest drift" if p.is_current else "", p.note) if n)
            extra = cents(cents(p.tax) - cents(base)) if base is not None else None  # of the cents shown
            return (p.level, cents(p.tax), extra, cents(p.realized_st), cents(p.realized_lt),
                    cents(p.turnover), note)
        return (p.level, None, None, None, None, None,
                "Not reachable (menus, cash, whole shares, short-term gains or wash-sale limits)")

    for p in sorted((p for p in points if not p.is_plan), key=lambda p: p.level):
        rows.append(row(p))
    tables = [Table(_FRONTIER_COLUMNS, tuple(rows), title="Least tax for each largest drift",
                    notes=("Each row is the least tax of a plan within the row's largest drift under the "
                           "rebalancer's rules (the tax is exact); a row whose Note names another plan that fits "
                           "within the row's drift and costs less tax, or the same tax trading less, shows that "
                           "plan. Which rows need no solve of their own is the next note.",
                           _rows_note(outside))
                    + ((f"Every Least Tax here is under Allow Short-Term Gains = N. {setting_note}",)
                       if setting_note else ()))]
    plan_rows = tuple(row(p) for p in points if p.is_plan)
    if plan_rows:
        tables.append(Table(_FRONTIER_COLUMNS, plan_rows, title="The plan on Trades",
                            notes=("Its tax, gains and Amount Traded are the Trades totals; Largest Drift is "
                                   "Allocation's largest drift after the plan.",)))
    return tables


def contributions_table(result: ContributionsPlan) -> list[Table]:
    head = Table((Column("Item", Kind.TEXT), Column("Value", Kind.NUMBER), Column("Detail", Kind.TEXT)),
                 (("Months of contributions", result.months, result.note),
                  ("Contributions per month", cents(result.monthly_total),
                   "Accounts Contribution: the money to invest now, assumed to arrive again every month")),
                 title="Back within bands with new money only")
    cols = (Column("Account", Kind.TEXT), Column("Symbol", Kind.TEXT), Column("Asset Class", Kind.TEXT),
            Column("Total", Kind.MONEY, note="Dollars over all the months: From Cash Now + months x Per Month."),
            Column("From Cash Now", Kind.MONEY, note="Paid once, now, from cash already in the account."),
            Column("Per Month", Kind.MONEY, note="Paid each month from the account's Contribution; the column "
                   "adds up to at most the contributions per month."),
            Column("Note", Kind.TEXT, note="An amount below Min Trade or one share (Whole Shares = Y) is no order: "
                   "when to buy instead."))
    rows = [(b.account, b.symbol, b.asset_class, cents(b.total), cents(b.now), cents(b.monthly), b.note)
            for b in result.buys]
    return [head, Table(cols, tuple(rows), title="Where to send the contributions")]


def dividends_table(advice: Sequence[DividendAdvice], after_plan: bool = False) -> Table:
    """``after_plan``: every figure is after the rebalancing plan (Value what it leaves, Class Drift
    Allocation's After Drift), and the headers say so; otherwise today's."""
    when = " After Plan" if after_plan else ""
    cols = (Column("Account", Kind.TEXT), Column("Symbol", Kind.TEXT), Column("Asset Class", Kind.TEXT),
            Column("Value" + when, Kind.MONEY,
                   note=("What the plan leaves in the position (shares after its sells x price)." if after_plan
                         else "The position today (shares x price).")),
            Column("Class Drift" + when, Kind.PERCENT,
                   note=("The class's drift after the plan: Allocation's After Drift." if after_plan
                         else "The class's drift today: Allocation's Drift.")),
            Column("Route To", Kind.TEXT), Column("Advice", Kind.TEXT))

    rows = [(a.account, a.symbol, a.asset_class, cents(a.value),
             fraction(a.class_drift) if after_plan else a.class_drift, a.route_to, a.advice) for a in advice]
    basis = ("Every figure is after the rebalancing plan on Trades: the dividends are paid into the household "
             "the plan leaves." if after_plan else "Every figure is today's (no rebalancing plan).")
    notes = (basis,) if rows else (
        "No holding with dividend reinvestment is in a class over target"
        + (" after the plan" if after_plan else "") + ", nor in a fund the plan sells at a loss.",)
    return Table(cols, tuple(rows), title="Dividend reinvestment to switch off", notes=notes)


def write_trades(book: ResultBook, plan: Plan, as_of: Optional[date] = None) -> None:
    book.write_sheet(TRADES_SHEET, [trades_table(plan)] + ([waits_table(plan, as_of)] if plan.waits else []))


def write_lot_sales(book: ResultBook, plan: Plan) -> None:
    book.write_sheet(LOT_SALES_SHEET, [lot_sales_table(plan)])


def write_frontier(book: ResultBook, points: Sequence[FrontierPoint], setting_note: str = "",
                   outside: Optional[Sequence[str]] = None) -> None:
    """``outside``: :func:`outside_after` of the plan on Trades; None when there is no plan."""
    chart = Chart("Least tax to reach each largest drift", 0, "Largest Drift", ("Least Tax",), kind="line",
                  y_title="Tax ($)", x_title="Largest drift allowed")
    book.write_sheet(FRONTIER_SHEET, frontier_table(points, setting_note, outside), [chart])


def write_contributions_only(book: ResultBook, result: ContributionsPlan) -> None:
    book.write_sheet(CONTRIBUTIONS_SHEET, contributions_table(result))


def write_dividends(book: ResultBook, advice: Sequence[DividendAdvice], after_plan: bool = False) -> None:
    book.write_sheet(DIVIDENDS_SHEET, [dividends_table(advice, after_plan)])


def write_rebalance(book: ResultBook, household: Household, plan: Plan,
                    frontier: Optional[Sequence[FrontierPoint]] = None,
                    contributions: Optional[ContributionsPlan] = None,
                    dividends: Optional[Sequence[DividendAdvice]] = None,
                    frontier_setting_note: str = "", as_of: Optional[date] = None) -> None:
    """Every sheet of the rebalancer: Allocation (before/after + summary), Trades, Lot Sales and, when
    given, Tax-Drift Frontier (with ``frontier_setting_note``, :func:`frontier_table`), Contributions
    Only and Dividends."""
    after = after_in_cents(plan, household) if plan.after else plan.after
    write_allocation(book, household, after=after, summary=plan_summary(plan, household))
    write_trades(book, plan, as_of if as_of is not None else household.settings.as_of)
    write_lot_sales(book, plan)
    if frontier is not None:
        write_frontier(book, frontier, frontier_setting_note, outside_after(plan, household))
    if contributions is not None:
        write_contributions_only(book, contributions)
    if dividends is not None:
        write_dividends(book, dividends, after_plan=bool(plan.after))
