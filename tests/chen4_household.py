"""fe7's "chen4" household, typed once (shared by the wash-window wait tests).

Lot T-05: 300 VEA in Joint Taxable bought 2026-02-10 for $17,400 ($58 a share), VEA now $52: a $1,800
short-term loss. Wei's Traditional IRA bought 100 VEA on 2026-11-20 (lot W-02, a Transactions Buy), so
sold now 100 of T-05's shares wash against W-02 and that $600 is lost for good (Rev. Rul. 2008-5); the
window clears on 2026-12-21 (2026-11-20 + 31 days, IRC §1091(a)), in the same tax year. Bonds (BND at
$72, bought at $70 in 2020) in the IRA (W-01) and the taxable account (T-06), as many shares as a test
asks; IEFA ($80) is the Intl Stocks fund to buy instead. As Of 2026-12-01.

E.g. ``chen4(chen4_settings(), WITHIN_BANDS, ira_bonds=500, taxable_bonds=400)``: Intl Stocks $20,800
(15,600 + 5,200) of $85,600 is 24.30% against a 25% target, Bonds 75.70% against 75%: within the bands.
"""

from __future__ import annotations

from datetime import date
from typing import Mapping, Optional

from taxrebal.engine.records import (
    Account,
    Action,
    FilingStatus,
    Household,
    Lot,
    Security,
    Settings,
    Target,
    Transaction,
)

AS_OF = date(2026, 12, 1)
TAXABLE = "Joint Taxable"
IRA = "Wei Trad IRA"
#: Intl Stocks 25% / Bonds 75%: with ira_bonds=500, taxable_bonds=400 every class is within its band
WITHIN_BANDS = (Target("Intl Stocks", 0.25), Target("Bonds", 0.75))


def chen4_settings() -> Settings:
    """fe7's Chens: MFJ, $310,000 of ordinary income ($6,000 of it investment income), this year's
    realized -$500 short-term and $27,000 long-term, state 6%. Taxable ordinary income 310,000 - 32,200
    = 277,800, so net capital gain sits in the 15% band; MAGI is far above $250,000, so each dollar of
    net investment income pays 3.8% NIIT (IRC §1411). A dollar of loss that offsets the $26,500 net
    gain saves 15% + 3.8% + 6% = 24.8%."""
    return Settings(as_of=AS_OF, filing_status=FilingStatus.MARRIED_JOINT, ordinary_income=310_000.0,
                    investment_income=6_000.0, realized_st_ytd=-500.0, realized_lt_ytd=27_000.0,
                    state_tax_rate=0.06, min_trade=0.0, sold_recent_shares_wash=True)


def chen4(settings: Optional[Settings] = None, targets: tuple[Target, ...] = WITHIN_BANDS, ira_bonds: float = 500,
          taxable_bonds: float = 400, menus: Optional[Mapping[str, frozenset[str]]] = None) -> Household:
    """The household (module docstring) with ``settings`` (default :func:`chen4_settings`), ``targets``,
    ``ira_bonds`` / ``taxable_bonds`` BND shares (0: no such lot) and the accounts' ``menus``."""
    lots = [Lot("T-05", TAXABLE, "VEA", date(2026, 2, 10), 300, 17_400.0),
            Lot("W-02", IRA, "VEA", date(2026, 11, 20), 100, 5_200.0)]
    if ira_bonds:
        lots.append(Lot("W-01", IRA, "BND", date(2020, 3, 2), ira_bonds, ira_bonds * 70.0))
    if taxable_bonds:
        lots.append(Lot("T-06", TAXABLE, "BND", date(2020, 3, 2), taxable_bonds, taxable_bonds * 70.0))
    return Household(
        accounts=(Account(TAXABLE, "Taxable"), Account(IRA, "Traditional IRA")),
        securities=(Security("VEA", "Intl Stocks", 52.0), Security("IEFA", "Intl Stocks", 80.0),
                    Security("BND", "Bonds", 72.0)),
        lots=tuple(lots),
        transactions=(Transaction(date(2026, 11, 20), IRA, "VEA", Action.BUY, 100, 52.0, lot_id="W-02"),),
        targets=targets,
        settings=settings if settings is not None else chen4_settings(),
        menus=dict(menus or {}))
