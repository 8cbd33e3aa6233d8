"""The plan as orders to place: the **Orders** sheet and one CSV per account (``taxrebal orders``).

The Trades sheet says what the plan does; Orders says how to enter it at a broker, one ticket list
per account in the order to place the tickets:

* **Order**: 1, 2, 3... within the account, in the plan's step order (sells first: a buy is paid
  from the cash the sells raise); every ticket also carries its Trades **Step**.
* **Across accounts** (:mod:`.order_sequence`): where a ticket must fill before another account's
  (recent shares sold before a loss sale they would wash), Orders opens with a table of these waits,
  both tickets say FIRST / WAIT, and the account blocks are listed in an order that keeps them.
* **Sells with specific lots.** A taxable sell lists the lots the plan relieves the way a broker's
  trade ticket asks for them ("Specific lots" / "Choose lots"): **lot open date, quantity, cost per
  share**, plus our Lot ID. Without that instruction the broker applies its default method (often
  FIFO) and the tax differs from the plan (Treas. Reg. §1.1012-1(c): the lots must be identified
  to the broker by the settlement date). The lot is named the way the broker's Choose-lots screen
  shows it: the purchase date and price paid from the Lots sheet. When taxrebal's wash-sale engine
  moved the lot's basis or holding period (IRC §1091(d), §1223(3)), the broker may not have made
  the same match (brokers report wash sales only for identical securities in one account, IRC
  §6045(g)(2)(B)(ii)), so the adjusted figures follow for the investor's records: "09/30/2026
  1.118 sh @ $600.00/sh (B-07) (adjusted for a wash sale: basis $645.00/sh, holding from
  02/02/2026)". A lot marked Wash Adjusted = Y was typed with the broker's adjusted basis already.
  Sells in IRAs, 401(k)s, Roth accounts and HSAs need no lot instruction for tax, and a 401(k)
  record-keeper offers none (the shares of a fund there are one pool). One that must sell shares
  bought in the last 30 days before the plan's loss sale of the same fund (the Trades note says so)
  says what to do and on what reading: sell that many shares; our reading (Sold Recent Shares Wash =
  N) is that the recent shares are the ones sold, so none is held to wash the loss (IRC §1091(a)
  "has acquired"; the regulations are silent); the conservative alternative, the recent shares still
  counted, gives the first day the taxable loss sale is clear of them and of every other recent
  purchase of its Identical Group, in any account (``Trade.conservative``; kim.xlsx: 4.35 FXAIX bought
  in the 401(k) on 2026-11-25, window 30 days: 2026-12-26; fe10 h2: the 401(k)'s 2026-11-20 FXAIX and
  the HSA's 2026-11-25 VOO: 2026-12-26, not 2026-12-21). Its lots are named "Recent shares", for a
  custodian that does offer Specific lots.
* **The plan's own quantities.** Every ticket has the quantity and amount of its Trades row: one
  rounding, the plan's (Settings Whole Shares = Y makes every share of a stock or ETF count whole in
  the optimizer, with the bands, cash and tax checked there; otherwise, and for a mutual fund,
  quantities have at most 4 decimals). Orders never rounds again: a ticket rounded by hand would
  change its lots' gain, the cash the buys below use and the drift, and Trades would no longer
  describe what was placed. A security whose Securities Type is Mutual Fund (when blank, our reading
  of its symbol: five letters ending in X, the NASDAQ fund-symbol convention) is a mutual fund,
  bought by dollar amount; a fractional buy of anything else is a dollar order of the plan's amount
  and a fractional sell a fractional share order, each with a note saying that the broker must trade
  fractions of it, or else to set Whole Shares = Y and run again; a sell of every share an account
  holds is "All shares".
* **Cash per account.** A third table adds each account's tickets up, every account listed (one
  without tickets keeps its cash, so the Total is Allocation's Cash after the plan): cash before, new money, the
  withdrawal (a negative Contribution, taken from the cash first, then from the sells' proceeds: a
  note says how much of each and when it can be requested), the sells, the buys and the cash left, to
  the cent, with a Total row (never below zero: a buy is paid
  only by the account's own cash and sells).
* **Settlement.** Since May 28, 2024 US stock and ETF trades settle T+1 (SEC Rule 15c6-1 as amended
  by Release 34-96930); mutual funds usually settle the next business day too. A buy that needs the
  proceeds of the account's sells (more than its cash and contribution) gets the note: place it after
  the sells fill; the proceeds settle on the next business day; in a cash account, do not sell the new
  shares before that date (selling a purchase paid with unsettled proceeds before they settle is a
  good-faith violation, Regulation T, 12 CFR 220.8). Weekends and NYSE holidays are skipped
  (:mod:`taxrebal.engine.wash_dates`: a trade on 2026-11-25 settles 2026-11-27, after Thanksgiving).

Worked example (sample-like): Joint Brokerage sells 50 VTI at $330 from the 2026-01-05 lot at
$338.50/share and buys 60 BND at $72.50 with $3,200 cash: ticket 1 is ``Sell 50 VTI, specific lot
01/05/2026 50 sh @ $338.50``; ticket 2 ``Buy 60 BND`` needs $4,350, more than the $3,200 cash, so it
says the sale proceeds settle on the next business day after the trade date.

The files ``taxrebal orders`` writes (one CSV per account, or an Interactive Brokers basket) are in
:mod:`.order_files`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Mapping, Optional, Sequence

from ...engine.money import SHARE_DECIMALS, cents
from ...engine.plan import LotSale, Plan, Trade
from ...engine.records import Action, Household, Lot, Security, looks_like_mutual_fund
from ...engine.wash import purchase_id, window_days
from ...engine.wash_dates import FIRST_DAY_TO_BUY, first_trading_day, next_trading_day
from ..interface import Column, Kind, ResultBook, Table
from . import ORDERS_SHEET
from .order_payroll import PAYROLL_NOTE, PAYROLL_PLANS, payroll_note, payroll_paid_in_full
from .order_sequence import CrossAccountWait, account_sequence, cross_account_waits
from .order_settlement import Proceeds, settle_day

__all__ = ["ORDERS_SHEET", "LotInstruction", "OrderTicket", "build_tickets", "next_business_day", "is_mutual_fund",
           "orders_table", "lot_table", "account_cash", "cash_table", "withdrawal_notes", "write_orders",
           "sequence_table", "ticket_waits", "advice_text", "FRACTIONAL", "SETTLES", "RECENT_LOTS", "PAYROLL_NOTE",
           "PAYROLL_PLANS", "EMPLOYER_PLANS", "per_share_text", "COST_DECIMALS"]
_EPS = 1e-6


@dataclass(frozen=True)
class LotInstruction:
    """One lot to pick on a sell ticket: ``open_date`` and ``cost_per_share`` as the broker shows them
    (Lots sheet: purchase date, price paid); ``adjusted_*`` the wash-sale-adjusted figures when they
    differ (None otherwise)."""

    open_date: Optional[date]
    quantity: float
    cost_per_share: Optional[float]  # None: not known (a tax-advantaged lot with no Cost Basis)
    lot_id: str
    adjusted_cost_per_share: Optional[float] = None
    holding_from: Optional[date] = None
    inherited: bool = False  # Lots says Acquired = "Inherited": the broker shows "Inherited", not a date
    piece_of: str = ""  # a washed piece's purchase (A02-W1 of A02: one broker lot, split by the wash engine)

    @property
    def open_text(self) -> str:
        """The lot's open date as the ticket names it: ``11/20/2024``, or ``Inherited``."""
        return "Inherited" if self.inherited and self.open_date is None else _us(self.open_date)

    @property
    def adjustment_text(self) -> str:
        adjusted = self.adjusted_cost_per_share
        parts = ([f"basis ${per_share_text(adjusted)}/sh"] if adjusted is not None else []) \
            + ([f"holding from {_us(self.holding_from)}"] if self.holding_from is not None else [])
        text = f"adjusted for a wash sale: {', '.join(parts)}" if parts else ""
        piece = f"the washed piece of lot {self.piece_of} (one lot at the broker)" if self.piece_of else ""
        return "; ".join(x for x in (piece, text) if x)


@dataclass(frozen=True)
class OrderTicket:
    account: str
    order: int  # 1, 2, ... within the account
    step: int  # the Trades step
    action: Action
    symbol: str
    order_type: str  # "Shares", "All shares" or "Dollars"
    quantity: float  # shares to enter ("All shares": what the account holds)
    amount: float  # estimated dollars (a Dollars order: the amount to enter)
    price: float
    lots: tuple[LotInstruction, ...] = ()
    settles_on: Optional[date] = None  # when the sale proceeds this buy uses settle
    note: str = ""
    #: tickets of other accounts that must fill before this one, and those this one must fill before
    #: (:mod:`.order_sequence`)
    waits_for: tuple[CrossAccountWait, ...] = ()
    goes_before: tuple[CrossAccountWait, ...] = ()
    #: the standard explanations the short note points to (:data:`FRACTIONAL`, :data:`SETTLES`,
    #: :data:`RECENT_LOTS`), said once under the tickets and in full by :attr:`full_note`
    advice: tuple[str, ...] = ()
    #: a mutual fund (Securities Type, else its symbol: records.SecurityType): bought by dollar amount
    mutual_fund: bool = False
    #: :data:`RECENT_LOTS`: the wash-sale window (days, ``wash_sale.window_days`` of As Of's year) of the recent shares
    window_days: int = 0
    #: a sell in a taxable account (its lots are chosen on the ticket); else an IRA, 401(k), Roth or HSA,
    #: whose lots are the recent shares the plan reads as sold (no lot choice there: :data:`RECENT_LOTS`)
    taxable: bool = True
    #: the account's Type on Accounts ("401(k)", "Traditional IRA"...): an employer plan's ticket is placed
    #: on the plan's website (:func:`placing_label`)
    account_type: str = ""
    #: an employer plan's buy: the dollars of it its Contribution pays by payroll (no order: the election)
    payroll: float = 0.0

    @property
    def to_enter(self) -> float:
        """The Amount column (sheet and CSV): the dollars placed now, without the part payroll invests
        (fe16 F10: a Dollars ticket of $5,295 whose note said "enter $3,795.00")."""
        return cents(self.amount - self.payroll) if self.payroll > 0 else self.amount

    @property
    def quantity_to_enter(self) -> float:
        """The Quantity column: a Dollars order's estimate for :attr:`to_enter` (a Shares order's shares), at
        most 4 decimals as every quantity (README; fe17 F4: 99.000199 of a 401(k) FXNAX order)."""
        if self.payroll > 0 and self.order_type == "Dollars" and self.amount > 0:
            return round(self.quantity * self.to_enter / self.amount, SHARE_DECIMALS)
        return self.quantity

    @property
    def sheet_note(self) -> str:
        """The Orders sheet's Note: the order across accounts first, then the ticket's own note."""
        return "; ".join(x for x in (self.across_accounts, self.note) if x)

    @property
    def full_note(self) -> str:
        """The note with every explanation it points to spelled out (a CSV row stands alone)."""
        return " ".join([self.sheet_note + ("." if self.sheet_note else "")]
                        + [advice_text(k, [self]) for k in self.advice]).strip()

    @property
    def across_accounts(self) -> str:
        """The ticket's place in the order across accounts, in words ("" when none matters)."""
        parts = []
        for w in self.waits_for:
            # one bracket: the moved first day and what is at stake, never two brackets in a row
            said = "; ".join(x for x in (
                (f"its {FIRST_DAY_TO_BUY} is then {w.moved_first_day[1].isoformat()}, as Trades says, not "
                 f"{w.moved_first_day[0].isoformat()}{_first_trading(w.moved_first_day[1])}"
                 if w.moved_first_day else ""),
                f"${cents(w.at_risk):,.2f} at stake" if w.at_risk else "") if x)
            parts.append(f"WAIT for {w.first_name} to fill"
                         + (" at the close: place this the next trading day" if w.after_close else "")
                         + (f" ({said})" if said else ""))
        if self.goes_before:
            parts.append("FIRST, before " + ", ".join(w.then_name for w in self.goes_before))
        return "; ".join(parts)

    @property
    def lot_text(self) -> str:
        if not self.lots:
            return ""
        return ("Specific lots: " if self.taxable else "Recent shares (our reading: the ones sold): ") + "; ".join(
            f"{x.open_text} {_qty(x.quantity)} sh"
            + (f" @ ${per_share_text(x.cost_per_share)}/sh" if x.cost_per_share is not None else "") + f" ({x.lot_id})"
            + (f" ({x.adjustment_text})" if x.adjustment_text else "") for x in self.lots)


def _us(d: Optional[date]) -> str:
    return d.strftime("%m/%d/%Y") if d else "(no date)"


#: decimals of a lot's cost per share on Orders and the order files: with four, 3,152 shares x $29.7389 missed the
#: lot's $93,736.90 by 11 cents (audit20 F2); with six (29.738864) the shares times the figure give the lot's cents
#: for any lot under 5,000 shares, and within a cent per 10,000 shares above
COST_DECIMALS = 6


def per_share_text(cost: float) -> str:
    """Cents when the cost is whole cents, else up to six decimals (a basis that does not divide into cents):
    29.738864, 12.3456, 0.125."""
    if abs(cost * 100 - round(cost * 100)) < 1e-6:
        return f"{cost:,.2f}"
    return f"{cost:,.{COST_DECIMALS}f}".rstrip("0")


def _qty(q: float) -> str:
    return f"{q:,.6f}".rstrip("0").rstrip(".")


def _first_trading(day: date) -> str:
    """``"; first trading day 2027-01-04"`` when the NYSE is closed on ``day`` (as :func:`buy_day` says it
    outside parentheses), else ""."""
    opens = first_trading_day(day)
    return "" if opens == day else f"; first trading day {opens.isoformat()}"


def next_business_day(day: date) -> date:
    """The NYSE trading day after ``day`` (T+1; :func:`~taxrebal.engine.wash_dates.next_trading_day`):
    2026-11-25 -> 2026-11-27, Thanksgiving skipped."""
    return next_trading_day(day)


def is_mutual_fund(symbol: str) -> bool:
    """Our reading of the NASDAQ convention when Securities Type is blank: five letters ending in X
    (FXAIX, VTSAX, SPAXX); :attr:`OrderTicket.mutual_fund` is the security's own answer."""
    return looks_like_mutual_fund(symbol)


def _whole(q: float) -> bool:
    return abs(q - round(q)) < _EPS


def build_tickets(plan: Plan, household: Household, as_of: date) -> tuple[OrderTicket, ...]:
    """One ticket per trade of ``plan``, grouped by account in Accounts order, in step order."""
    held: dict[tuple[str, str], float] = {}
    for lot in household.lots:
        held[(lot.account, lot.symbol)] = held.get((lot.account, lot.symbol), 0.0) + lot.quantity
    lot_sales: dict[int, list[LotInstruction]] = {}
    as_held = {(lot.account, lot.lot_id): lot for lot in household.lots}
    for s in plan.lot_sales:
        lot_sales.setdefault(s.step, []).append(_lot_instruction(s, as_held.get((s.account, s.lot_id))))
    order_of = {a.name: i for i, a in enumerate(household.accounts)}
    accounts = {a.name: a for a in household.accounts}
    secs = household.security_map()
    trades = sorted(plan.trades, key=lambda t: (order_of.get(t.account, len(order_of)), t.step))
    window = window_days(as_of.year)
    tickets: list[OrderTicket] = []
    counters: dict[str, int] = {}
    settled: dict[str, float] = {}  # cash on hand before the plan, less what earlier buys used
    #: the account's sells so far, in order: [proceeds not yet used by a buy, the day they settle] (T+1
    #: from the day each sell is placed: a sale that waits a day for a mutual fund to fill settles a day
    #: later, fe13 F10)
    unsettled: dict[str, list[Proceeds]] = {}
    cash_left: dict[str, float] = {}  # the account's cash not yet used by a buy
    payroll_left: dict[str, float] = {}  # an employer plan's new money (Contribution) not yet used by a buy
    small = payroll_paid_in_full(trades, household)
    for i, t in enumerate(trades):
        acct = accounts.get(t.account)
        n = counters[t.account] = counters.get(t.account, 0) + 1
        if t.account not in settled:
            settled[t.account] = (acct.cash + acct.contribution) if acct else 0.0
            unsettled[t.account] = []
            cash_left[t.account] = max(acct.cash, 0.0) if acct else 0.0
            payroll_left[t.account] = max(acct.contribution, 0.0) if acct and acct.type in PAYROLL_PLANS else 0.0
            payroll_left[t.account] -= sum(v for k, v in small.items() if trades[k].account == t.account)
        taxable = bool(acct and acct.is_taxable)
        if t.action is Action.SELL:
            holding = held.get((t.account, t.symbol), 0.0)
            every_share = abs(t.quantity - holding) < _EPS  # sells the recent shares whatever the method
            lots = (lot_sales.get(t.step, ()) if taxable else () if every_share else _recent_first(t, as_held))
            ticket = replace(_sell(t, n, holding, lots, taxable, _mutual_fund(secs, t.symbol), window),
                             account_type=acct.type if acct else "")
            unsettled[t.account].append(Proceeds(ticket.amount, next_business_day(t.sale_day(as_of))))
        else:
            ticket = _buy(t, n, _mutual_fund(secs, t.symbol))
            if i in small:  # under Min Trade: bought only by payroll, no order (engine/rebalance/orders.py)
                payroll = small[i]
            else:
                used_cash = min(cash_left[t.account], ticket.amount)
                cash_left[t.account] -= used_cash
                payroll = min(payroll_left[t.account], ticket.amount - used_cash)
                payroll_left[t.account] -= max(payroll, 0.0)
            if payroll > 0.005:
                ticket = replace(ticket, note=payroll_note(ticket, payroll), payroll=cents(payroll))
            from_cash = min(max(settled[t.account], 0.0), ticket.amount)
            settled[t.account] -= from_cash
            rest = ticket.amount - from_cash
            if rest > 0.005 and any(p.left > 0 for p in unsettled[t.account]):
                ticket = _with_settlement(ticket, settle_day(unsettled[t.account], rest))
        tickets.append(ticket)
    return _in_placing_order(tickets, plan, household, as_of)


def _in_placing_order(tickets: list[OrderTicket], plan: Plan, household: Household,
                      as_of: date) -> tuple[OrderTicket, ...]:
    """Each ticket with the cross-account waits that concern it; the account blocks in an order that
    keeps every wait (an account whose ticket must fill first comes first), or every ticket in Step
    order when accounts wait on each other both ways."""
    waits = cross_account_waits(tickets, plan, household, as_of)
    if not waits:
        return tuple(tickets)
    out = [replace(t, waits_for=tuple(w for w in waits if (w.then_account, w.then_order) == (t.account, t.order)),
                   goes_before=tuple(w for w in waits if (w.first_account, w.first_order) == (t.account, t.order)))
           for t in tickets]
    accounts = list(dict.fromkeys(t.account for t in out))
    sequence = account_sequence(accounts, waits)
    if sequence is None:
        return tuple(sorted(out, key=lambda t: t.step))
    rank = {a: i for i, a in enumerate(sequence)}
    return tuple(sorted(out, key=lambda t: (rank[t.account], t.order)))


def _recent_first(t: Trade, as_held: Mapping[tuple[str, str], Lot]) -> tuple[LotInstruction, ...]:
    """A tax-advantaged sell that must relieve the recently bought shares (``Trade.first_lots``): those
    lots, most recent first, up to the sell's quantity, as the broker's Choose-lots screen shows them.
    A purchase known only from a Transactions row (no Lot ID) is named by its date."""
    out = []
    left = t.quantity
    for lot_id, acquired, shares in getattr(t, "first_lots", ()):
        take = min(left, shares)
        if take <= _EPS:
            break
        left -= take
        lot = as_held.get((t.account, lot_id)) if lot_id else None
        paid = (lot.basis / lot.quantity) if lot is not None and lot.basis is not None and lot.quantity > 0 else None
        out.append(LotInstruction(acquired, take, paid, lot_id or f"bought {_us(acquired)}"))
    return tuple(out)


def _lot_instruction(sale: LotSale, lot: Optional[Lot]) -> LotInstruction:
    """The lot as the broker shows it (purchase date, price paid), with the sale's adjusted figures
    when the wash-sale engine changed them."""
    adjusted = sale.basis / sale.quantity if sale.quantity else 0.0
    inherited = sale.inherited or (lot is not None and lot.inherited)
    if lot is None or lot.basis is None or lot.quantity <= 0:
        return LotInstruction(sale.acquired, sale.quantity, adjusted, sale.lot_id, inherited=inherited)
    paid = lot.basis / lot.quantity
    # adjusted when the relieved basis differs from the price paid by a cent or more: the same $8,324.995
    # figured in two float orders (8324.995 and 8324.994999...) rounds to $8,325.00 and $8,324.99, and
    # was called a wash-sale adjustment of a lot no sale ever washed (fe19 F5)
    unadjusted = abs(sale.basis - paid * sale.quantity) < 0.01 - 1e-9
    return LotInstruction(lot.acquired, sale.quantity, paid, sale.lot_id,
                          None if unadjusted else adjusted,
                          sale.acquired if sale.acquired != lot.acquired else None, lot.inherited,
                          purchase_id(lot) if purchase_id(lot) != lot.lot_id else "")


#: What a ticket's short note points to, said once under the tickets (and in full in each CSV row).
FRACTIONAL, SETTLES, RECENT_LOTS = "fractional", "settles", "recent lots"
_ADVICE = {
    FRACTIONAL: ("Fractional shares ({symbols}): your broker must trade fractions of them; if it does not, set Whole "
                 "Shares = Y on Settings and run again, so that the plan itself is in whole shares (its tax, cash "
                 "and drift checked): rounding a ticket by hand would change them."),
    SETTLES: ("T+1: a buy paid partly from its account's sells is placed after they fill; their proceeds settle "
              "the next trading day (SEC Rule 15c6-1; weekends and NYSE holidays skipped); in a cash "
              "account do not sell the new shares before then (a good-faith violation, Regulation T)."),
    RECENT_LOTS: ("Recent shares in an IRA, 401(k), Roth or HSA ({symbols}): no tax there; sell the number of "
                  "shares on the ticket. A 401(k) record-keeper (and many IRA custodians) has no lot choice: the "
                  "shares of a fund in the account are one pool (lot identification, Treas. Reg. §1.1012-1(c), is "
                  "for taxable sales). Our reading (Settings Sold Recent Shares Wash = N): once the account has "
                  "sold as many shares as it bought in the last {window_days} days, the recent shares are the ones "
                  "sold, none is held when the plan sells the same fund (or one substantially identical) at a loss "
                  "in a taxable account, and they do not wash that loss (IRC §1091(a) says 'has acquired'; the "
                  "regulations are silent). If your custodian offers Specific lots, choose the recent ones (listed "
                  "below). The conservative alternative treats them as still held: then the loss sale washes "
                  "unless it is placed on or after the first day you may sell it given on the ticket (the last "
                  "recent purchase of the fund, or one substantially identical, in any account + {window_days} "
                  "days + 1), or run again with Sold Recent Shares Wash = Y."),
}


def advice_text(key: str, tickets: Sequence[OrderTicket]) -> str:
    """The sentence a ticket's short note points to, for the tickets that carry ``key``."""
    carrying = [t for t in tickets if key in t.advice]
    symbols = ", ".join(dict.fromkeys(t.symbol for t in carrying))
    return _ADVICE[key].format(symbols=symbols, window_days=max((t.window_days for t in carrying), default=0))


def _mutual_fund(secs: Mapping[str, Security], symbol: str) -> bool:
    sec = secs.get(symbol)
    return sec.is_mutual_fund if sec is not None else looks_like_mutual_fund(symbol)


def _sell(t: Trade, n: int, holding: float, sales: Sequence[LotInstruction], taxable: bool,
          mutual_fund: bool, window: int) -> OrderTicket:
    """A sell ticket; ``window`` is the wash-sale window (days) the plan counted recent shares in."""
    lots = tuple(sales)
    notes, advice = [], []
    order_type = "Shares"
    if abs(t.quantity - holding) < _EPS and holding > 0:
        order_type = "All shares"
        notes.append(f"every share held ({_qty(holding)})")
    elif not _whole(t.quantity) and not mutual_fund:
        notes.append(f"{_qty(t.quantity)} sh as on Trades (fractional: see below)")
        advice.append(FRACTIONAL)
    if taxable and not lots:
        notes.append("no lots recorded for this sell: choose Specific lots as on Lot Sales")
    elif taxable:
        notes.append("choose Specific lots (not the broker's default)")
    elif lots:
        recent = sum(x.quantity for x in lots)
        c = t.conservative  # every recent purchase of the identity counted (engine/plan.py ConservativeDate)
        conservative = (f"; conservative: with every purchase of the last {window} days still counted "
                        f"({', '.join(c.purchases)}), the first day you may sell the taxable loss lot is "
                        f"{c.sell_on.isoformat()}" if c is not None else "")
        notes.append(f"sell {_qty(t.quantity)} sh (no lot choice needed): our reading is that they include the "
                     f"{_qty(recent)} sh bought in the last {window} days{conservative} (see below)")
        advice.append(RECENT_LOTS)
    else:
        notes.append("no lot choice needed (no tax here)")
    return OrderTicket(t.account, n, t.step, t.action, t.symbol, order_type, t.quantity, cents(t.amount),
                       t.price, lots, None, "; ".join(notes), advice=tuple(advice), mutual_fund=mutual_fund,
                       window_days=window, taxable=taxable)


def _buy(t: Trade, n: int, mutual_fund: bool) -> OrderTicket:
    amount = cents(t.amount)
    if mutual_fund:
        return OrderTicket(t.account, n, t.step, t.action, t.symbol, "Dollars", t.quantity, amount, t.price, (),
                           None, f"mutual fund: enter ${cents(amount):,.2f}; it buys at the day's closing price",
                           mutual_fund=True)
    if _whole(t.quantity):
        return OrderTicket(t.account, n, t.step, t.action, t.symbol, "Shares", float(round(t.quantity)), amount,
                           t.price)
    return OrderTicket(t.account, n, t.step, t.action, t.symbol, "Dollars", t.quantity, amount, t.price, (),
                       None, f"enter a ${cents(amount):,.2f} dollar order ({_qty(t.quantity)} sh as on Trades; "
                             f"fractional: "
                             f"see below)", advice=(FRACTIONAL,))


def _with_settlement(ticket: OrderTicket, settle: date) -> OrderTicket:
    return replace(ticket, settles_on=settle, advice=ticket.advice + (SETTLES,),
                   note="; ".join(n for n in (ticket.note, f"after the sells above fill (they settle "
                                                            f"{settle.isoformat()}, T+1: see below)") if n))


# --- the sheet -------------------------------------------------------------------------------------

_ORDER_COLUMNS = (
    Column("Account", Kind.TEXT),
    Column("Order", Kind.INTEGER, note="Place the tickets of each account in this order."),
    Column("Step", Kind.INTEGER, note="The plan's step on the Trades sheet."),
    Column("Action", Kind.TEXT),
    Column("Symbol", Kind.TEXT),
    Column("Order Type", Kind.TEXT, note="Shares, All shares (sell the whole position) or Dollars (a dollar-"
                                         "amount order: mutual funds, or fractional shares)."),
    Column("Quantity", Kind.NUMBER, note="Shares to enter (Dollars orders: the estimate)."),
    Column("Amount", Kind.MONEY, note="Estimated at the Securities price (Dollars orders: the amount to enter); "
                                      "without By Payroll."),
    Column("By Payroll", Kind.MONEY, note="An employer plan's buy: the part its Contribution pays by payroll, "
                                          "invested under your contribution election (no order). Amount + By "
                                          "Payroll = the Trades step."),
    Column("Lots", Kind.TEXT, note="For a taxable sell: the lots to pick on the ticket (purchase date, shares, "
                                    "price paid per share, our Lot ID; wash-sale adjustments after it). Details "
                                    "below."),
    Column("Note", Kind.TEXT, note="FIRST: another account's ticket waits for this one to fill; WAIT: this one "
                                   "waits for another account's (the table 'Across accounts: place in this order' "
                                   "says why). Then the ticket's own instructions."),
)

_SEQUENCE_COLUMNS = (  # one column of sentences: it spans the sheet and sets no column's width
    Column("First, then (and why)", Kind.TEXT, note="Place the FIRST ticket and let it fill before you place the "
                                                     "THEN ticket, in another account; the loss at stake is what a "
                                                     "wash sale takes if the two are placed the other way round (the "
                                                     "loss sale's loss shares the plan leaves open, earliest bought "
                                                     "first, as Lot Selection and the wash engine match them)."),
)

_LOT_COLUMNS = (  # Account, Order, Step, Symbol and Quantity in the same columns as the tickets above
    Column("Account", Kind.TEXT),
    Column("Order", Kind.INTEGER),
    Column("Step", Kind.INTEGER),
    Column("Lot ID", Kind.TEXT),
    Column("Symbol", Kind.TEXT),
    Column("Lot Open Date", Kind.DATE, note="The purchase date, as the broker's Choose-lots screen shows it."),
    Column("Quantity", Kind.NUMBER),
    Column("Cost Per Share", Kind.MONEY, note="The price paid per share (Lots Cost Basis / Quantity), as the broker "
                                             "shows it."),
    Column("Wash Sale Adjustment", Kind.TEXT, note="For your records: the basis and holding period taxrebal "
                                                   "uses after a wash sale (IRC §1091(d)); blank when none. A Lot "
                                                   "ID like A02-W1 is the washed piece of lot A02, one broker lot."),
)


def ticket_waits(tickets: Sequence[OrderTicket]) -> list[CrossAccountWait]:
    """Every wait across accounts the tickets carry, in step order of the ticket that waits."""
    return sorted({w for t in tickets for w in t.waits_for}, key=lambda w: (w.then_step, w.first_step))


_waits = ticket_waits


def _describe(t: OrderTicket) -> str:
    what = f"${cents(t.amount):,.2f} of" if t.order_type == "Dollars" else (
        f"all {_qty(t.quantity)}" if t.order_type == "All shares" else _qty(t.quantity))
    return f"{t.account} #{t.order} (step {t.step}): {t.action.value} {what} {t.symbol}"


#: Account Types that are employer plans: their record-keeper takes a sale of a fund on the plan's menu on
#: its website, not a broker's share ticket, and the contribution percentages there buy only future money
EMPLOYER_PLANS = frozenset({"401(k)", "403(b)", "Roth 401(k)"})


def placing_label(t: OrderTicket) -> str:
    """What a FIRST ticket in an IRA, 401(k), Roth or HSA assumes and how it is placed, said on its row of
    the table across accounts ("" for a taxable ticket: its lots are chosen on the ticket). Two things,
    each only where it applies:

    * **Our reading**, when the ticket sells part of the account's shares of the fund (:data:`RECENT_LOTS`):
      the account's shares are one pool with no lot choice, and the row's "sells the shares bought in the
      last 30 days" is Settings Sold Recent Shares Wash = N; the conservative date is on the ticket.
    * **How a 401(k), 403(b) or Roth 401(k) order is placed**: as a sale (an exchange out) of that many
      shares of the fund on the plan's website; changing the contribution percentages sells nothing.

    Worked example (kim.xlsx): "Maria 401(k) #1 is a 401(k): sell 4.35 shares of FXAIX ($326.25) on the
    plan's website (an exchange out of the fund on its menu); changing the contribution percentages sells
    no shares and does not count. Our reading (Settings Sold Recent Shares Wash = N): ...".
    """
    if t.taxable or t.action is not Action.SELL:
        return ""
    out = []
    if t.account_type in EMPLOYER_PLANS:
        what = "every share" if t.order_type == "All shares" else f"{_qty(t.quantity)} shares"
        out.append(f"{t.account} #{t.order} is a {t.account_type}: sell {what} of {t.symbol} "
                   f"(${cents(t.amount):,.2f}) on "
                   f"the plan's website (an exchange out of the fund on its menu, by shares or dollars); changing "
                   f"the contribution percentages sells no shares and does not count.")
    if t.lots:
        recent = sum(x.quantity for x in t.lots)
        out.append(f"Our reading (Settings Sold Recent Shares Wash = N): {t.account} holds its {t.symbol} shares as "
                   f"one pool, with no lot choice; once it has sold {_qty(t.quantity)} shares, the {_qty(recent)} "
                   f"bought in the last {t.window_days} days count as sold. The conservative reading and its date "
                   f"are on the ticket's note.")
    return " ".join(out)


def sequence_table(tickets: Sequence[OrderTicket]) -> Optional[Table]:
    """The waits across accounts (:mod:`.order_sequence`), one row each; None when there is none. A FIRST
    ticket in an IRA, 401(k), Roth or HSA adds what its row assumes and how it is placed
    (:func:`placing_label`)."""
    waits = _waits(tickets)
    if not waits:
        return None
    by_key = {(t.account, t.order): t for t in tickets}
    rows = tuple((f"{i}. FIRST {_describe(by_key[(w.first_account, w.first_order)])}; THEN "
                  f"{_describe(by_key[(w.then_account, w.then_order)])}"
                  + (f". ${cents(w.at_risk):,.2f} of loss at stake" if w.at_risk else "") + f": {w.why}."
                  + "".join(" " + x for x in (placing_label(by_key[(w.first_account, w.first_order)]),) if x),)
                 for i, w in enumerate(waits, 1))
    return Table(_SEQUENCE_COLUMNS, rows, title="Across accounts: place in this order",
                 notes=("Only these tickets depend on a ticket of another account; every other ticket needs only its "
                        "own account's Order.",))


def orders_table(tickets: Sequence[OrderTicket]) -> Table:
    rows = tuple((t.account, t.order, t.step, t.action.value, t.symbol, t.order_type, t.quantity_to_enter,
                  t.to_enter, t.payroll or None, t.lot_text, t.sheet_note) for t in tickets)
    changes = sum(a.account != b.account for a, b in zip(tickets, tickets[1:]))
    if changes >= len({t.account for t in tickets}):  # an account's tickets are not together: Step order
        first = ("Accounts wait on each other both ways: place every ticket in Step order, top to bottom, each in "
                 "its account's window; FIRST and WAIT in the Note column say which must fill first.")
    elif _waits(tickets):
        first = ("Account by account, each account's tickets in its Order; the accounts are listed in an order "
                 "that keeps the waits across accounts (title above, FIRST and WAIT in the Note column, and the "
                 "table below).")
    else:
        first = ("Account by account, each account's tickets in its Order; no ticket depends on another "
                 "account's, so the accounts may be worked in any order.")
    notes: tuple[str, ...] = (first + " Trade date: the plan's as-of date. Brokers apply their default lot method "
                              "(often FIFO) unless you choose the lots on the ticket.",)
    notes += tuple(advice_text(k, tickets) for k in (FRACTIONAL, SETTLES, RECENT_LOTS)
                   if any(k in t.advice for t in tickets))
    if not tickets:
        notes = ("No orders: the plan has no trades.",)
    return Table(_ORDER_COLUMNS, rows, title=_orders_title(tickets), notes=notes)


def _orders_title(tickets: Sequence[OrderTicket]) -> str:
    """"Orders to place", and the waits across accounts when there are some: the first line printed."""
    firsts: dict[str, list[str]] = {}
    for w in _waits(tickets):
        firsts.setdefault(w.first_name, []).append(w.then_name)
    if not firsts:
        return "Orders to place"
    return ("Orders to place. Across accounts: " + "; ".join(f"{first} must fill before {', '.join(then)}"
                                                              for first, then in firsts.items())
            + " (why: table below)")


def lot_table(tickets: Sequence[OrderTicket]) -> Table:
    rows = tuple((t.account, t.order, t.step, x.lot_id, t.symbol,
                  "Inherited" if x.inherited and x.open_date is None else x.open_date, x.quantity,
                  None if x.cost_per_share is None else round(x.cost_per_share, COST_DECIMALS),
                  x.adjustment_text) for t in tickets for x in t.lots)
    return Table(_LOT_COLUMNS, rows, title="Specific lots to choose on the sell tickets",
                 notes=() if rows else ("No taxable sell: no lot to choose.",))


_CASH_COLUMNS = (
    Column("Account", Kind.TEXT),
    Column("Cash Before", Kind.MONEY, note="Cash already in the account (Accounts Cash)."),
    Column("New Money", Kind.MONEY, note="A positive Contribution on Accounts: money paid in now."),
    Column("Withdrawal", Kind.MONEY, note="A negative Contribution on Accounts, as a positive amount (money out, like "
                                          "Buys): taken out now, from the cash and, when that is not enough, the "
                                          "sells' proceeds."),
    Column("Sells", Kind.MONEY, note="The account's sell tickets above, added up."),
    Column("Buys", Kind.MONEY, note="The account's buy tickets above, added up."),
    Column("Cash Left", Kind.MONEY, note="Cash Before + New Money - Withdrawal + Sells - Buys: what stays in the "
                                         "account after the tickets and the withdrawal."),
)


def account_cash(tickets: Sequence[OrderTicket], household: Household
                 ) -> list[tuple[str, float, float, float, float, float, float]]:
    """(account, cash before, new money, withdrawal, sells, buys, cash left) in cents for every account,
    in Accounts order, once any account has a ticket or a withdrawal (none: no rows, nothing moves);
    an account without tickets keeps its cash, so the Total is the household's cash after the plan,
    Allocation's Cash (audit18 F9: g7 left out 401(k) 16 and 403(b) 18, $23,316.37 short). Every figure
    is a sum of cents (the tickets', the Accounts sheet's), so each row adds up to the cent. Money out is
    positive and subtracted, the withdrawal as the buys (fe12 F25: a negative withdrawal beside positive
    buys read as $40,000 out)."""
    out: list[tuple[str, float, float, float, float, float, float]] = []
    if not tickets and all(a.contribution >= 0 for a in household.accounts):
        return out
    for acct in household.accounts:
        mine = [t for t in tickets if t.account == acct.name]
        cash, new = cents(acct.cash), cents(max(acct.contribution, 0.0))
        withdrawal = cents(max(-acct.contribution, 0.0))
        sells = sum(t.amount for t in mine if t.action is Action.SELL)
        buys = sum(t.amount for t in mine if t.action is Action.BUY)
        out.append((acct.name, cash + 0.0, new + 0.0, withdrawal + 0.0, round(sells, 2) + 0.0, round(buys, 2) + 0.0,
                    round(cash + new - withdrawal + sells - buys, 2) + 0.0))  # + 0.0: never -0
    return out


def withdrawal_notes(household: Household, as_of: Optional[date]) -> list[str]:
    """One line per account with a withdrawal: where its money comes from and when it can be taken."""
    out = []
    for acct in household.accounts:
        if acct.contribution >= 0:
            continue
        amount, cash = cents(-acct.contribution), cents(max(acct.cash, 0.0))
        if amount <= cash + 0.005:
            out.append(f"{acct.name}: withdraw ${cents(amount):,.2f} from the cash already in the account "
                       f"(${cents(cash):,.2f}); the tickets do not need it.")
            continue
        when = f" on {next_business_day(as_of).isoformat()} (T+1)" if as_of else " (T+1)"
        out.append(f"{acct.name}: withdraw ${cents(amount):,.2f}: ${cents(cash):,.2f} from the cash already in the "
                   f"account and "
                   f"${cents(amount - cash):,.2f} from the sells' proceeds, so request it after they settle{when}; "
                   f"the buys are paid from the rest.")
    return out


def cash_table(tickets: Sequence[OrderTicket], household: Household, as_of: Optional[date] = None) -> Table:
    rows: list[tuple[Any, ...]] = list(account_cash(tickets, household))
    if rows:
        rows.append(("Total",) + tuple(round(sum(r[i] for r in rows), 2) + 0.0 for i in range(1, 7)))
    notes = (["Money never moves between accounts: each account's buys are paid by its own cash, new money and "
              "sells."] + withdrawal_notes(household, as_of)) if rows else ["No orders: no cash moves."]
    return Table(_CASH_COLUMNS, tuple(rows), title="Cash per account after the tickets", notes=tuple(notes),
                 total_rows=1 if rows else 0)


def write_orders(book: ResultBook, tickets: Sequence[OrderTicket], household: Household | None = None,
                 as_of: Optional[date] = None, later: Optional[Table] = None) -> None:
    """``later``: the plan's dated sales as tickets for their day (orders_later.py), the last table."""
    sequence = sequence_table(tickets)  # right under the tickets, whose title names the waits
    tables = [orders_table(tickets)] + ([sequence] if sequence else []) + [lot_table(tickets)]
    if household is not None:
        tables.append(cash_table(tickets, household, as_of))
    if later is not None:
        tables.append(later)
    book.write_sheet(ORDERS_SHEET, tables)


# --- CSV files -------------------------------------------------------------------------------------
