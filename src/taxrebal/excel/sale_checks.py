"""TAXCOST / LOTPICK: is the sale one the lots range can make? (fe16 F5)

A sale inside an IRA, Roth IRA or HSA realizes no gain this year (IRC §§408(e), 408A, 223(e)), so
TAXCOST prices it at 0.00, but only a sale the account can make: its lots of the symbol must hold the
shares (and the lots a Specific ID names must be among them). Otherwise the cell returns the same
``#TAXREBAL!`` text as for a taxable account (README "Cell functions": a bad argument returns a
readable error), not a 0.00 that reads as "no tax" for a sale in the wrong account.

Only the symbol's own rows and the Symbol cells are read (what :func:`.symbol_check.lots_for_symbol`
checked), so the "no lots" text names the accounts holding that symbol, or the symbols held.
"""

from __future__ import annotations

from typing import Any, Optional

from taxrebal.errors import ArgumentError

from . import convert as cv
from .lot_range import LotTable

_DUST = 1e-9


def unlisted_account(table: LotTable, lot: Any) -> ArgumentError:
    """A lot whose account the accounts range does not list, named at its Account cell."""
    return ArgumentError(f"{table.where(lot, 'account')}: account {lot.account} (lot {lot.lot_id}) is not in the "
                         "accounts range; add it there or correct the lot")


def no_lots(symbol: str, account: Optional[str], table: LotTable) -> ArgumentError:
    """No lot of ``symbol`` (in ``account``): say where the symbol is held, so a misspelt or wrong
    account reads as such, or which symbols are held when none of it is."""
    held_in = sorted({lot.account for lot in table.of(symbol)})
    if account and held_in:
        return ArgumentError(f"no lots of {symbol} in account {account} in the lots range; {symbol} is held in "
                             f"{', '.join(held_in)}: check the account argument (its spelling, or the account "
                             "the sale is from)")
    held = ", ".join(sorted(table.symbols)) or "none"
    return ArgumentError(f"no lots of {symbol} in the lots range, in any account (symbols held: {held}); check the "
                         "symbol")


def check_held(table: LotTable, symbol: str, account: Optional[str], accounts: Any) -> None:
    """The "no lots" error when the lots range holds no ``symbol`` (in ``account``): with the transactions
    range the engine's text said "holds 0 shares of this security in the chosen account(s)". An account
    missing from the accounts range is left to that range's own error (its spelling)."""
    if account and not cv.is_blank(cv.scalar(accounts)) and account.casefold() not in {
            a.name.casefold() for a in cv.accounts_from_range(accounts)}:
        return
    if not table.of(symbol, account):
        raise no_lots(symbol, account, table)


def check_untaxed_sale(table: LotTable, symbol: str, quantity: float, account: str, lot_ids: tuple[str, ...]) -> None:
    """Raise the cell's error when ``account`` (a tax-advantaged one) cannot sell ``quantity`` of ``symbol``."""
    # imported here: engine.lots loads numpy, which `import taxrebal.excel.udfs` must not (tests/test_udfs_import.py)
    from taxrebal.engine.lots import format_shares

    lots = table.of(symbol, account)
    if not lots:
        raise no_lots(symbol, account, table)
    if lot_ids:
        ids = {lot.lot_id: lot for lot in reversed(lots)}  # the first lot of an ID, as engine/lots.py
        named = list(dict.fromkeys(str(i).strip() for i in lot_ids))
        missing = [i for i in named if i not in ids]
        if missing:
            raise ArgumentError(f"method: Lot ID {missing[0]!r} is not a lot of {symbol} in {account} in the lots "
                                f"range (its lots: {', '.join(lot.lot_id for lot in lots)})")
        lots = tuple(ids[i] for i in named)
    held = sum(lot.quantity for lot in lots)
    if quantity > held + _DUST * max(1.0, held):
        what = f"The named lots ({', '.join(lot.lot_id for lot in lots)})" if lot_ids else account
        raise ArgumentError(f"{what} hold{'' if lot_ids else 's'} {format_shares(held)} shares of {symbol}; you "
                            f"asked to sell {format_shares(quantity)}. Sell at most {format_shares(held)} shares, "
                            "or add the missing lots to the lots range.")
