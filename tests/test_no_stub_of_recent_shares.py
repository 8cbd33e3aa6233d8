"""No dust left by rounding (fe9 finding 7; issue 9 point 5; engine/rebalance/rounding.py): a
tax-advantaged sell of a fund's recent shares, made so that no replacement share is held when the
loss sale comes (taxrebal's reading of IRC §1091(a)), sells all of them. The solver's 8.69990 shares
of a 401(k)'s 8.7 bought last week rounded to 4 decimals would sell 8.6999 and keep 0.0001 share,
which still washes 0.0001 share's worth of the loss and set off a warning about "$0.00 lost for good".
And a wash-sale warning whose stake rounds to $0.00 is not written (engine/pretrade.py).
"""

from dataclasses import replace
from datetime import date

import numpy as np

from taxrebal.engine.pretrade import WarningKind, check_trades
from taxrebal.engine.rebalance.model import RebalanceModel
from taxrebal.engine.records import (
    Account,
    Action,
    FilingStatus,
    Household,
    Lot,
    ProposedTrade,
    Security,
    Settings,
    Target,
    Transaction,
)

AS_OF = date(2026, 12, 4)


def _household() -> Household:
    """Joint Taxable holds IVV lot T12 (20 sh, $650 each: a $600 loss at $620); Wei's 401(k) holds
    FXAIX K1 (391.3 sh, 2015) and K2 (8.7 sh bought 2026-11-28), both of the S&P 500 group."""
    return Household(
        accounts=(Account("Joint Taxable", "Taxable"), Account("Wei 401(k)", "401(k)")),
        securities=(Security("IVV", "US Stocks", 620.0, identical_group="S&P 500"),
                    Security("FXAIX", "US Stocks", 230.0, identical_group="S&P 500"),
                    Security("FXNAX", "Bonds", 10.43)),
        lots=(Lot("T12", "Joint Taxable", "IVV", date(2025, 12, 4), 20, 13_000.0),
              Lot("K1", "Wei 401(k)", "FXAIX", date(2015, 1, 5), 391.3, None),
              Lot("K2", "Wei 401(k)", "FXAIX", date(2026, 11, 28), 8.7, 2_001.0),
              Lot("K4", "Wei 401(k)", "FXNAX", date(2015, 1, 5), 3_000, None)),
        transactions=(Transaction(date(2026, 11, 28), "Wei 401(k)", "FXAIX", Action.BUY, 8.7, 230.0,
                                  lot_id="K2"),),
        targets=(Target("US Stocks", 0.75), Target("Bonds", 0.25)),
        settings=Settings(as_of=AS_OF, filing_status=FilingStatus.MARRIED_JOINT, ordinary_income=310_000.0))


def test_a_sell_within_a_thousandth_of_the_recent_shares_sells_all_of_them():
    model = RebalanceModel(_household(), AS_OF)
    (j,) = [j for p, j in zip(model.positions, model.pos_vars) if p.symbol == "FXAIX"]
    x = np.zeros(model.lp.n)
    x[j] = 8.699903  # what HiGHS returned for fe9's chen-rebal
    assert model.rounded(x)[j] == 8.7
    x[j] = 5.25  # a sell that is not the recent shares rounds as before
    assert model.rounded(x)[j] == 5.25


def test_no_warning_for_a_wash_worth_less_than_a_cent():
    """Selling all 20 IVV at $620 ($600 loss, $30 a share) while the 401(k) keeps 0.0001 of its
    recent FXAIX: 0.0001 x $30 = $0.003 at stake, which rounds to $0.00: no warning."""
    h = _household()
    kept = (h.lots[0], h.lots[1], Lot("K2", "Wei 401(k)", "FXAIX", date(2026, 11, 28), 0.0001, 0.023), h.lots[3])
    h = replace(h, lots=kept, transactions=(Transaction(date(2026, 11, 28), "Wei 401(k)", "FXAIX", Action.BUY,
                                                         0.0001, 230.0, lot_id="K2"),))
    sale = ProposedTrade(AS_OF, "Joint Taxable", "IVV", Action.SELL, 20)
    warnings = check_trades(h, [sale], AS_OF)
    assert not [w for w in warnings if w.kind is WarningKind.SALE_WASHED_BY_RECENT_BUY]
