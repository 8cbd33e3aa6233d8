"""A Transactions range passed to TAXCOST or LOTPICK: the household the run sees, wash-adjusted once.

Without Transactions a cell function sees only the Lots range, and two figures can differ from the
run's Lot Selection sheet: a recent lot whose shares already replaced those of an earlier loss sale is
counted again as a replacement (Treas. Reg. §1.1091-1(e): a replacement share absorbs one loss sale
only), and a loss that sale disallowed is missing from the replacement's basis (IRC §1091(d)) and
holding period (IRC §1223(3)). Given the Transactions, Accounts and Securities ranges, the cell
prices its sale the way the Lot Selection sheet does, with the same engine calls in the same order:

1. the ranges are read by the sheets' rules (:mod:`taxrebal.excel.convert`; an error names the range,
   its row and column);
2. :func:`taxrebal.engine.wash.adjust_lots` runs over the household (every lot, every transaction),
   as the run's Wash Sales step does: the lots come back with their basis adjustments, tacked holding
   periods and split pieces (``B-04-W1``);
3. the year's realized gains are the run's tax ledger (:func:`taxrebal.engine.ledger.build_ledger`:
   Settings Realized ST/LT YTD reconciled with this year's sells and the losses they had disallowed);
4. the recent purchases the sale keeps are those still free to wash a loss
   (:meth:`taxrebal.engine.pretrade.TradeCheckIndex.kept_recent`), and the sale is compared by
   :func:`taxrebal.engine.lot_selection.compare_request`, whose chosen method is the cell's figure.

Steps 1-2 run once per distinct content: the result is kept with the parsed Lots table under the
other ranges' parsed records (the tuples convert's content-keyed cache hands out for that content), so a
sheet of TAXCOST cells adjusts the household once; step 3 once per Settings and sale date; the index of step 4 once per
sale date.

Worked example (the sample household, 2026-11-20): 150 VXUS bought 2026-11-10 in Maria's IRA (lot
I-04) already replaced 150 of the 300 VXUS sold at a $1,680 loss on 2026-11-13 ($840 disallowed for
good, Rev. Rul. 2008-5). Selling 300 VXUS from Joint Brokerage by LIFO (B-10 110 sh, B-09 190 sh:
$891 short-term and $912 long-term loss) then keeps no replacement: the whole $1,803 is allowed, and
the tax saved is 477.61 with the ledger's LT 11,560.00 (Lot Selection's figure); from the Lots range
alone I-04 would wash 150 x $8.10 of B-10's loss and the cell said 282.25.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any, Optional, Sequence

from taxrebal.engine.records import (
    Account,
    Action,
    Household,
    Lot,
    LotMethod,
    SaleRequest,
    Security,
    Settings,
    Transaction,
)
from taxrebal.errors import ArgumentError

from . import convert as cv
from .lot_range import LotTable
from .sale_checks import unlisted_account

if TYPE_CHECKING:
    from taxrebal.engine.lot_selection import SaleComparison
    from taxrebal.engine.pretrade import TradeCheckIndex
    from taxrebal.engine.tax import TaxProfile
    from taxrebal.engine.wash import WashResult

__all__ = ["WashedHousehold", "washed_household", "compare_sale"]


class WashedHousehold:
    """The household of the ranges after the wash-sale pass, with what each sale date needs kept.

    Not a record: it keeps, per Settings and sale date, the ledger's Settings and the tax profile, and
    per sale date the pre-trade index (a handful of entries; the cells of one sheet share one date)."""

    def __init__(self, wash: "WashResult", unknown_gains: tuple[Transaction, ...] = ()):
        from taxrebal.engine.lots import lots_by_symbol

        self.wash = wash
        self.unknown_gains = unknown_gains  # taxable Sell rows whose gain cannot be computed
        self.household = wash.household
        self.by_symbol = lots_by_symbol(wash.household.lots)
        self.symbols = {s.symbol for s in wash.household.securities}
        self.accounts = {a.name.casefold(): a.name for a in wash.household.accounts}
        self._indexes: dict[date, "TradeCheckIndex"] = {}
        self._settings: dict[tuple[Settings, date], Settings] = {}

    def index(self, sold: date) -> "TradeCheckIndex":
        """The pre-trade look-ups of this household on ``sold`` (its recent purchases)."""
        from taxrebal.engine.pretrade import TradeCheckIndex

        found = self._indexes.get(sold)
        if found is None:
            if len(self._indexes) >= 8:
                self._indexes.pop(next(iter(self._indexes)))
            found = self._indexes[sold] = TradeCheckIndex(self.household, sold, self.wash)
        return found

    def settings(self, settings: Settings, sold: date) -> Settings:
        """``settings`` on ``sold`` with the run's tax ledger applied (Realized ST/LT YTD reconciled
        with this year's sells on Transactions and the losses they had disallowed)."""
        from taxrebal.engine.ledger import ledger_settings

        key = (settings, sold)
        found = self._settings.get(key)
        if found is None:
            if len(self._settings) >= 8:
                self._settings.pop(next(iter(self._settings)))
            found = self._settings[key] = ledger_settings(replace(settings, as_of=sold), self.wash, sold)
        return found


def washed_household(table: LotTable, transactions: Any, accounts: Any, securities: Any) -> WashedHousehold:
    """The wash-adjusted household of the ranges, computed once per distinct content.

    Both other ranges are required, as the run has them: the Accounts range's Type decides whether a
    Sell on Transactions realizes a gain or loss and whether a washed loss goes into a replacement's
    basis or is lost for good (Rev. Rul. 2008-5); the Securities range's Identical Groups decide which
    trades are substantially identical (IRC §1091(a)). Left out, either would change the tax silently
    (in the sample, the IVV loss of 2026-10-28 is washed by FXAIX, of the same group "S&P 500")."""
    txns = cv.transactions_from_range(transactions, "transactions")
    for value, what, why in ((accounts, "accounts", "each account's Type decides whether a sale on Transactions "
                              "is taxed and where a wash sale's loss goes"),
                             (securities, "securities", "its Identical Groups decide which trades are "
                              "substantially identical")):
        if cv.is_blank(cv.scalar(value)):
            raise ArgumentError(f"{what} is missing: with a transactions range pass the "
                                f"{what.capitalize()} range too ({why})")
    accts = cv.accounts_from_range(accounts, "accounts")
    secs = cv.securities_from_range(securities, "securities")
    # The parsed records come from convert's content-keyed cache: the same content gives the very same
    # tuples, so they are the key by identity (hashing 2,000 frozen records on every call would cost more
    # than the rest of the call). The entry holds the tuples themselves, so an id cannot be reused while
    # it is kept; a range parsed again (edited, or dropped from the cache) is a new tuple, computed afresh.
    kept: tuple[Any, ...] = table.memo(("washed", id(txns), id(accts), id(secs)),
                             lambda: (txns, accts, secs, _washed(table, txns, accts, secs)))
    assert kept[0] is txns and kept[1] is accts and kept[2] is secs
    washed: WashedHousehold = kept[3]
    return washed


def _washed(table: LotTable, txns: tuple[Transaction, ...], accts: tuple[Account, ...],
            secs: tuple[Security, ...]) -> WashedHousehold:
    from taxrebal.engine.wash import adjust_lots

    known = {a.name.casefold(): a.name for a in accts}
    lots = []
    for lot in table.lots:  # every lot: a recent purchase of any account can wash the sale (IRC §1091(a))
        name = known.get(lot.account.casefold())
        if name is None:
            raise unlisted_account(table, lot)
        lots.append(lot if name == lot.account else replace(lot, account=name))
    canonical = []
    for tx in txns:
        name = known.get(tx.account.casefold())
        if name is None:
            row = f" row {tx.source.row}" if tx.source is not None else ""
            raise ArgumentError(f"transactions{row}: account {tx.account} is not in the accounts range; add it "
                                "there (a closed account too, with its Type) or correct the row")
        canonical.append(tx if name == tx.account else replace(tx, account=name))
    household = Household(accounts=accts, securities=secs, lots=tuple(lots), transactions=tuple(canonical))
    return WashedHousehold(adjust_lots(household), _unknown_gains(household))


def in_accounts_spelling(txns: Sequence[Transaction], lots: Sequence[Lot], accts: Sequence[Account]
                         ) -> tuple[tuple[Transaction, ...], tuple[Lot, ...]]:
    """``txns`` and ``lots`` with each account named as the accounts range names it when they differ only in
    case, as the run's reader names them (WASHWINDOW: a sale in "my ira" is the IRA's, no loss realized);
    an account the range does not list is kept as typed (WASHWINDOW takes it as taxable)."""
    known = {a.name.casefold(): a.name for a in accts}

    def name(typed: str) -> str:
        return known.get(typed.strip().casefold(), typed)

    return (tuple(tx if name(tx.account) == tx.account else replace(tx, account=name(tx.account)) for tx in txns),
            tuple(lot if name(lot.account) == lot.account else replace(lot, account=name(lot.account))
                  for lot in lots))


def _unknown_gains(household: Household) -> tuple[Transaction, ...]:
    """Taxable Sell rows whose gain cannot be computed: no lot of that Lot ID on the Lots range or a Buy
    row, and no Acquired and Cost Basis on the row (the Transactions sheet's rule,
    :func:`taxrebal.workbook.reader.activity.read_transactions`)."""
    taxable = {a.name: a.is_taxable for a in household.accounts}
    known = {lot.lot_id for lot in household.lots} | {
        tx.lot_id for tx in household.transactions if tx.lot_id and tx.action is not Action.SELL}
    return tuple(tx for tx in household.transactions
                 if tx.action is Action.SELL and taxable.get(tx.account, True)
                 and not (tx.lot_id and tx.lot_id in known)
                 and (tx.basis is None or (tx.acquired is None and not tx.inherited)))


def _no_unknown_gain_this_year(washed: WashedHousehold, settings: Settings, sold: date) -> None:
    """With Realized ST/LT YTD blank the year's gains are computed from this year's sells, so a sell of the
    tax year whose gain cannot be computed would misstate the figure: an error naming its row, as the
    Transactions sheet's reader gives (a warning there when both figures are typed: the gain is in them)."""
    if settings.realized_st_ytd is not None and settings.realized_lt_ytd is not None:
        return
    year = settings.tax_year if settings.tax_year is not None else sold.year
    for tx in washed.unknown_gains:
        if tx.date.year == year and tx.date <= sold:
            row = f" row {tx.source.row}" if tx.source is not None else ""
            raise ArgumentError(
                f"transactions{row}: this Sell of {tx.symbol} names no lot of the lots range or a Buy row and lacks "
                "Acquired and Cost Basis, so its gain or loss cannot be computed; Realized ST/LT YTD in the settings "
                "range are blank, so the year's gains are computed from these sells. Add the Lot ID, or the Acquired "
                "date and Cost Basis of the shares sold (or type both Realized ST YTD and Realized LT YTD)")


def compare_sale(washed: WashedHousehold, settings: Settings, symbol: str, quantity: float, price: float,
                 sold: date, method: LotMethod, lot_ids: tuple[str, ...], account: Optional[str],
                 profile_needed: bool) -> "tuple[SaleComparison, Optional[TaxProfile]]":
    """The Lot Selection sheet's comparison of this sale (``account`` None: every taxable account of the
    Accounts range), on the wash-adjusted lots, with the recent purchases still free to wash its loss
    and the year's gains from the ledger. ``profile_needed`` False (LOTPICK without Settings): no tax
    profile, the lots alone. Returns the comparison and the profile used."""
    from taxrebal.engine.lot_selection import compare_request
    from taxrebal.engine.tax import TaxProfile

    if symbol not in washed.symbols:
        raise ArgumentError(f"securities: {symbol} is not in the securities range; add it (its Identical Group "
                            "decides which trades are substantially identical)")
    if account is not None:
        name = washed.accounts.get(account.casefold())
        if name is None:
            raise ArgumentError(f"account {account} is not in the accounts range; check its spelling")
        account = name
    _no_unknown_gain_this_year(washed, settings, sold)
    here = washed.settings(settings, sold)
    household = replace(washed.household, settings=here)
    profile = TaxProfile.from_settings(here) if profile_needed else None
    request = SaleRequest(account or "", symbol, quantity, price, method, lot_ids)
    recent, purchase_of = washed.index(sold).kept_recent(symbol, request.account)
    comparison = compare_request(household, request, sold, profile, by_symbol=washed.by_symbol,
                                 recent=recent, purchase_of=purchase_of, chosen_only=True)
    return comparison, profile
