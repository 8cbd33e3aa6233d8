"""A buy's note names the money that pays for it in the cents Trades shows: the parts add up to its
Amount to the cent (one set of numbers).

fe6 hh1 step 8, by hand: 2.5455 VTI at $330 = $840.015, shown as Amount $840.02 (half up). It is paid
from the account's sales; the note used to say "$840.01" (the float 840.01499..., rounded down).
"""

from taxrebal.engine.plan import Reason, Trade
from taxrebal.engine.reasons import _paid_by, funding
from taxrebal.engine.records import Account, Action, Household


def test_paid_with_adds_up_to_the_amount_shown():
    h = Household((Account("Brokerage", "Taxable", cash=0.10),), (), ())
    trades = (Trade(5, "Brokerage", "VEA", Action.SELL, 700, 50.0, 35_000.0, reason=Reason.HARVEST),
              Trade(8, "Brokerage", "VTI", Action.BUY, 2.5455, 330.0, 2.5455 * 330.0))
    new, cash, sales, steps = funding(trades, h)[8]
    assert (new, cash, sales, steps) == (0.0, 0.10, 839.92, (5,))
    assert round(new + cash + sales, 2) == 840.02
    assert _paid_by(new, cash, sales, steps) == ("Paid with $0.10 of cash already in the account and $839.92 "
                                                 "from this account's sales (step 5)")


def test_the_fe6_hh1_step_8_note():
    h = Household((Account("Brokerage", "Taxable"),), (), ())
    trades = (Trade(5, "Brokerage", "VEA", Action.SELL, 700, 50.0, 35_000.0),
              Trade(8, "Brokerage", "VTI", Action.BUY, 2.5455, 330.0, 2.5455 * 330.0))
    assert _paid_by(*funding(trades, h)[8]) == "Paid with $840.02 from this account's sales (step 5)"
