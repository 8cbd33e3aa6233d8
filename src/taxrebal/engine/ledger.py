"""One tax ledger per run: the year's realized short- and long-term gains every tax figure starts from.

Every tax figure taxrebal shows (Trades, Lot Sales, Lot Selection, Harvest, the Allocation summary,
the Tax-Drift Frontier, TAXCOST) is a marginal tax on top of *what is already realized this year*.
That figure comes from one place, this module, so two sheets can never start from two different
years:

1. **This year's sells on Transactions.** The wash-sale engine (:mod:`taxrebal.engine.wash`) turns
   each Sell row of a taxable account into Form 8949 lines: proceeds minus adjusted basis, plus the
   loss it found disallowed (column (g), code W; IRC §1091(a), Pub 550 "Wash Sales"), short- or
   long-term by the (possibly tacked) holding period (IRC §1222, §1223(3)). Only sales in the tax
   year and on or before the as-of date count.
2. **Settings Realized ST YTD / Realized LT YTD**, when filled in, are the user's figure for the
   whole year so far (usually the broker's, which may include sales no longer on Transactions).
   They always mean the figure *before* the wash-sale disallowances taxrebal finds (brokers do not
   match purchases in other accounts or of other funds of an Identical Group), except a
   disallowance the broker already applied (the replacement lot is marked Wash Adjusted = Y):

   * Settings blank -> the computed figure of step 1 is used (an Info row says so);
   * Settings equal to the figure *your broker reports* (fe13 F7): a broker must report a wash sale
     whose replacement is the same security bought in the same account (IRC §6045(g)(2)(B)(ii);
     Treas. Reg. §1.6045-1(d)(6)(iii)), so its realized figure has those disallowances applied and
     no others. When Settings equal this year's sells with exactly those applied (and not the sells
     before any), only the rest (other accounts, other funds of an Identical Group) is added, with an
     Info row naming both parts;
   * Settings equal to the computed figure *after* the disallowances (and not to the figure before
     them) -> the user typed the adjusted figure: the adjustments are in it already, so it is used
     as typed (never added twice), with a Warning naming the figure before them to type;
   * otherwise -> Settings + the disallowed losses taxrebal found that the broker did not apply:
     an Info row when that equals the computed figure (within $1) and something was added, else a
     Warning naming both figures and the one used.

   The Issues rows name the Settings cell of the figure when the reader knows it.

Each character (ST, LT) is reconciled on its own.

Worked example (the sample household, 2026): this year's sells on Transactions are a March VTI gain
($2,150, short-term), April VTI gains ($12,400, long-term), and the two loss sales IVV (short-term,
loss $1,800.00, of which $342.81 disallowed) and VXUS (long-term, loss $1,680.00, of which $840.00
disallowed). Settings hold the broker's figures, ST 350.00 and LT 10,720.00 (= 2,150 - 1,800 and
12,400 - 1,680: no cross-account wash sales). The ledger uses ST 350.00 + 342.81 = **692.81** and LT
10,720.00 + 840.00 = **11,560.00**, equal to the computed figures, with an Info row for each. Had
Settings said ST 692.81 with the same Transactions (692.81 = the figure after the adjustments, not
the 350.00 before them), 692.81 would be used as typed, not 692.81 + 342.81 = 1,035.62, with a
Warning saying to type 350.00, the figure before them.

The broker's figure (fe13 F7): 100 VEA sold at a $1,000 short-term loss, 40 of the loss shares
replaced in the same account (R1), 30 in a Roth (R2) and 30 in the same account again (R3). The
broker applies R1 and R3: -1,000 + 400 + 300 = -300 on its realized page. Settings ST -300.00 is
read as that figure: only the $300 lost to the Roth is added, 0.00 is used (not -300 + 1,000 = 700).

With Settings blank and a June sale on Transactions that lost $5,000 short-term, the ledger's ST is
-5,000: the $3,000 allowance of IRC §1211(b) is used already, so a harvest in November saves $0 of
tax this year (all of it is carried forward, IRC §1212(b)).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Mapping, Optional

from ..errors import Issue, Severity
from .money import cents
from .records import Settings
from .wash import RealizedSale, WashResult

__all__ = ["TaxLedger", "CharacterLine", "build_ledger", "ledger_settings", "AGREE_WITHIN"]

#: Two year-to-date figures closer than this (dollars) are the same figure (a broker rounds lines).
AGREE_WITHIN = 1.0


@dataclass(frozen=True)
class CharacterLine:
    """One character (short- or long-term) of the ledger. ``settings`` is None when blank."""

    term: str  # "short-term" or "long-term"
    settings: Optional[float]
    sales_gain: float  # this year's sells on Transactions, proceeds - basis (before wash sales)
    disallowed: float  # of which disallowed as wash sales (added back, Form 8949 column (g))
    broker_disallowed: float  # part of ``disallowed`` the broker already applied (Wash Adjusted = Y)
    sales: int  # how many Form 8949 lines of this character
    used: float  # the figure every tax computation starts from
    source: str  # "settings", "transactions", "settings + wash adjustments"

    @property
    def computed(self) -> float:
        """This year's sells on Transactions after the wash-sale adjustments."""
        return cents(self.sales_gain + self.disallowed)


@dataclass(frozen=True)
class TaxLedger:
    """The year's realized gains: ``realized_st`` / ``realized_lt`` (negative = losses)."""

    year: int
    st: CharacterLine
    lt: CharacterLine
    issues: tuple[Issue, ...] = ()

    @property
    def realized_st(self) -> float:
        return self.st.used

    @property
    def realized_lt(self) -> float:
        return self.lt.used

    def apply(self, settings: Settings) -> Settings:
        """``settings`` with the ledger's figures as Realized ST/LT YTD (marked as reconciled)."""
        return replace(settings, realized_st_ytd=self.realized_st, realized_lt_ytd=self.realized_lt,
                       realized_ytd_reconciled=True)


def _money(x: float) -> str:
    return f"-${cents(-x):,.2f}" if x < -0.004 else f"${cents(x):,.2f}"


def _line(term: str, label: str, given: Optional[float], sales: list[RealizedSale],
          broker: dict[int, float], cell: str = "",
          same_account: Optional[dict[int, float]] = None) -> tuple[CharacterLine, Optional[Issue]]:
    # the Form 8949 lines' cents added up (each sale's proceeds, basis and disallowed loss are in cents,
    # engine/wash.py), so the figures below are the form's totals (audit18 F6)
    gain = cents(sum(s.gain for s in sales))
    disallowed = cents(sum(s.disallowed for s in sales))
    by_broker = sum(broker.get(id(s), 0.0) for s in sales)
    reported = sum((same_account or {}).get(id(s), 0.0) for s in sales)  # a broker applies these too
    computed = cents(gain + disallowed)
    n = len(sales)
    what = f"{n} sell{'s' if n != 1 else ''} on Transactions this year"
    verb = "comes" if n == 1 else "come"
    if given is None:
        line = CharacterLine(term, None, gain, disallowed, by_broker, n, computed, "transactions")
        if n == 0:
            return line, None
        washed = (f" (proceeds - basis {_money(gain)}, plus {_money(disallowed)} of loss disallowed as wash "
                  f"sales)" if disallowed > 0.004 else "")
        return line, Issue(Severity.INFO, "Settings", "",
                           f"{label} is blank, so the {term} gain already realized this year is computed from "
                           f"the {what}: {_money(computed)}{washed}. Every tax figure starts from it.")
    unapplied = disallowed - by_broker if n else 0.0
    if (n and reported > 0.004 and abs(given - (gain + by_broker + reported)) <= AGREE_WITHIN
            and abs(given - (gain + by_broker)) > AGREE_WITHIN):
        # the broker's own figure: its same-account, same-fund wash sales are in it already
        rest = unapplied - reported
        used = given + rest
        line = CharacterLine(term, given, gain, disallowed, by_broker + reported, n, used,
                             "settings + wash adjustments" if rest > 0.004 else "settings")
        added = (f"; the wash-sale engine found {_money(rest)} more of their loss disallowed that a broker does "
                 f"not see (a purchase in another account or of another fund of an Identical Group: Wash Sales "
                 f"sheet), so {_money(used)} is used" if rest > 0.004 else ", so it is used as typed")
        return line, Issue(
            Severity.INFO, "Settings", cell,
            f"{label} on Settings ({_money(given)}) is the {what} as a broker reports them: proceeds - basis "
            f"{_money(gain)}, with the {_money(reported)} of loss washed by purchases of the same fund in the "
            f"same account already applied (a broker reports those, IRC §6045(g)(2)(B)(ii)){added}.")
    # The figure *after* the adjustments (Settings = this year's sells with the disallowed losses
    # added back, while the sells alone before them would differ): the adjustments are in it already,
    # so it is used as typed; adding them again would count them twice.
    typed_after = (n > 0 and unapplied > 0.004 and abs(given - computed) <= AGREE_WITHIN
                   and abs(given - (gain + by_broker)) > AGREE_WITHIN)
    used = given if typed_after else given + unapplied
    line = CharacterLine(term, given, gain, disallowed, by_broker, n, used,
                         "settings" if typed_after or unapplied <= 0.004 else "settings + wash adjustments")
    if typed_after:
        return line, Issue(
            Severity.WARNING, "Settings", cell,
            f"{label} on Settings is {_money(given)}, which is the {what} after the wash-sale adjustments "
            f"(proceeds - basis {_money(gain)}, plus {_money(unapplied)} of loss the wash-sale engine found "
            f"disallowed). The adjustments are in it already, so {_money(given)} is used as typed (they are not "
            f"added twice). {label} means the figure before them: type {_money(given - unapplied)} "
            + (f"(or {_money(gain + by_broker + reported)}, your broker's figure: the wash sales within one account "
               f"and one fund applied, which a broker reports)" if reported > 0.004 else "(your broker's figure)")
            + f", or clear {label} to have it computed from Transactions.")
    if n == 0 or abs(used - computed) <= AGREE_WITHIN:
        if unapplied <= 0.004:
            return line, None
        return line, Issue(Severity.INFO, "Settings", cell,
                           f"{label} on Settings ({_money(given)}) equals the {what} before wash sales; the "
                           f"wash-sale engine found {_money(unapplied)} of their loss disallowed (Wash Sales "
                           f"sheet), so {_money(used)} is used.")
    if unapplied > 0.004:
        how = (f"{_money(given)} + {_money(unapplied)} of loss the wash-sale engine found disallowed "
               f"(Wash Sales sheet) = {_money(used)} is used")
    else:
        how = f"{_money(given)} is used"
    return line, Issue(
        Severity.WARNING, "Settings", cell,
        f"{label} on Settings is {_money(given)}, but the {what} {verb} to {_money(computed)} "
        f"(proceeds - basis {_money(gain)}, wash-sale disallowed {_money(disallowed)}). {how}, reading "
        f"Settings as every sale of the year before the wash-sale adjustments. If Transactions list every "
        f"sale of the year, clear {label} (the computed {_money(computed)} is then used) or correct it.")


def build_ledger(settings: Settings, wash: Optional[WashResult], as_of: date,
                 cells: Optional[Mapping[str, str]] = None) -> TaxLedger:
    """The run's ledger from Settings and the wash-sale result (``None``: no Transactions known, as
    in a cell function). ``cells`` maps a Settings field (``realized_st_ytd``) to the cell its value
    was read from (``B11``), for the Issues rows. See the module docstring for the rule and a worked
    example."""
    cells = cells or {}
    year = settings.tax_year if settings.tax_year is not None else as_of.year
    if settings.realized_ytd_reconciled:
        typed_st = float(settings.realized_st_ytd or 0.0)
        typed_lt = float(settings.realized_lt_ytd or 0.0)
        return TaxLedger(year, CharacterLine("short-term", typed_st, 0.0, 0.0, 0.0, 0, typed_st, "settings"),
                         CharacterLine("long-term", typed_lt, 0.0, 0.0, 0.0, 0, typed_lt, "settings"))
    sales = [s for s in (wash.sales if wash is not None else ()) if s.date.year == year and s.date <= as_of]
    broker: dict[int, float] = {}
    same_account: dict[int, float] = {}  # same fund, same account, not marked: what a broker also applies
    if wash is not None:
        keyed = {(s.date, s.account, s.symbol, s.lot_id, s.quantity): s for s in sales}
        for m in wash.matches:
            s = keyed.get((m.sale_date, m.account, m.symbol, m.lot_id, m.quantity))
            if s is None:
                continue
            if m.broker_adjusted:
                broker[id(s)] = broker.get(id(s), 0.0) + m.disallowed
            elif m.replacement_account == m.account and m.replacement_symbol == m.symbol and not m.permanent:
                same_account[id(s)] = same_account.get(id(s), 0.0) + m.disallowed
    short = [s for s in sales if not s.long_term]
    long_ = [s for s in sales if s.long_term]
    st, st_issue = _line("short-term", "Realized ST YTD", settings.realized_st_ytd, short, broker,
                         cells.get("realized_st_ytd", ""), same_account)
    lt, lt_issue = _line("long-term", "Realized LT YTD", settings.realized_lt_ytd, long_, broker,
                         cells.get("realized_lt_ytd", ""), same_account)
    issues = tuple(i for i in (st_issue, lt_issue) if i is not None)
    return TaxLedger(year, st, lt, issues)


def ledger_settings(settings: Settings, wash: Optional[WashResult], as_of: date) -> Settings:
    """Shorthand: ``build_ledger(...).apply(settings)``, the Settings every tax figure is computed from."""
    return build_ledger(settings, wash, as_of).apply(settings)
