"""The household that many wash-sale and harvest tests start from, built in one place.

An old VTI lot under water in a taxable account, and an IRA holding VTI and bonds, 60/40:

* Taxable: lot L, 100 VTI bought 2015-01-05 for $13,000 ($130 a share); VTI is $100 now, so
  selling L realizes a $3,000 long-term loss ($30 a share). SCHB ($50) is its listed replacement,
  similar but not substantially identical.
* IRA (Traditional, $1,000 cash): lot I1, 500 VTI; lot I2, 800 BND ($50).
* Targets: US Stocks 60%, Bonds 40% (the household is inside its bands: harvesting is the only
  reason to trade). Settings: As Of 2026-06-01, single, $100,000 ordinary income (the next dollar
  of long-term loss saves 22% against ordinary income, IRC §1211(b)), Min Trade $0.

A test names only what it adds: a recent purchase that can wash the loss (a Buy on Transactions,
a recent lot), another account, proposed trades. Example: ``loss_household(transactions=(
Transaction(RECENT, "IRA", "VTI", Action.BUY, 10, 100.0),))`` is the IRA buying 10 VTI ten days
before the sale: selling L alone would wash 10 x $30 = $300 of the loss, lost for good (IRC §1091(a),
Rev. Rul. 2008-5).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from taxrebal.engine.records import Account, Household, Lot, ProposedTrade, Security, Settings, Target, Transaction

AS_OF = date(2026, 6, 1)
LONG_AGO = date(2015, 1, 5)  # lot L's purchase: long-term on AS_OF
RECENT = date(2026, 5, 22)  # ten days before AS_OF: inside the 30-day window


def loss_settings(**overrides: Any) -> Settings:
    """As Of 2026-06-01, single, $100,000 ordinary income, Min Trade $0; ``overrides`` replace any."""
    return replace(Settings(as_of=AS_OF, ordinary_income=100_000.0, min_trade=0.0), **overrides)


def loss_securities(*, drip: bool = False) -> tuple[Security, ...]:
    """VTI ($100, replacement SCHB; ``drip``: dividends reinvested), SCHB ($50), BND ($50)."""
    return (Security("VTI", "US Stocks", 100.0, replacements=("SCHB",), drip=drip),
            Security("SCHB", "US Stocks", 50.0), Security("BND", "Bonds", 50.0))


def loss_household(*, taxable: str = "Taxable", loss_lot_id: str = "L", loss_acquired: date = LONG_AGO,
                   recent_lots: Sequence[Lot] = (), ira_vti: Lot | None = None, ira_cash: float = 1_000.0,
                   more_accounts: Sequence[Account] = (), transactions: Sequence[Transaction] = (),
                   proposed_trades: Sequence[ProposedTrade] = (), securities: Sequence[Security] | None = None,
                   settings: Settings | None = None) -> Household:
    """The household of the module docstring. ``taxable``: the taxable account's name;
    ``loss_lot_id`` / ``loss_acquired``: lot L's id and purchase date; ``recent_lots``: lots listed
    after L (recent purchases); ``ira_vti``: the IRA's VTI lot instead of I1 (500 shares, undated);
    ``more_accounts``: accounts after the IRA; ``securities`` / ``settings``: instead of
    :func:`loss_securities` / :func:`loss_settings`."""
    return Household(
        accounts=(Account(taxable, "Taxable"), Account("IRA", "Traditional IRA", cash=ira_cash)) + tuple(more_accounts),
        securities=loss_securities() if securities is None else tuple(securities),
        lots=(Lot(loss_lot_id, taxable, "VTI", loss_acquired, 100, 13_000.0),) + tuple(recent_lots)
        + (Lot("I1", "IRA", "VTI", None, 500, None) if ira_vti is None else ira_vti,
           Lot("I2", "IRA", "BND", None, 800, None)),
        transactions=tuple(transactions),
        targets=(Target("US Stocks", 0.60), Target("Bonds", 0.40)),
        proposed_trades=tuple(proposed_trades),
        settings=loss_settings() if settings is None else settings)
