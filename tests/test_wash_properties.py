"""Properties of the wash-sale engine over random households (Hypothesis).

Whatever the history: a disallowed loss reappears exactly as basis adjustments of the replacement
shares (still held, or already sold and carried into that sale's basis), except when the
replacement is in a tax-advantaged account (Rev. Rul. 2008-5); disallowed never exceeds the loss;
each replacement share is used once; every match lies inside the 61-day window (IRC §1091(a)).
"""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from taxrebal.engine.records import Account, Action, Household, Lot, Security, Settings, Transaction
from taxrebal.engine.wash import adjust_lots

START = date(2026, 1, 1)
ACCOUNTS = (Account("Brokerage", "Taxable"), Account("Joint", "Taxable"), Account("IRA", "Roth IRA"))
SECURITIES = (Security("VOO", "US", 10.0, identical_group="SP500"),
              Security("IVV", "US", 10.0, identical_group="SP500"),
              Security("VTI", "US", 10.0))

event = st.tuples(
    st.integers(0, 150),                       # day
    st.sampled_from(["buy", "sell", "drip"]),
    st.sampled_from(["Brokerage", "Joint", "IRA"]),
    st.sampled_from(["VOO", "IVV", "VTI"]),
    st.integers(1, 60),                        # shares
    st.integers(500, 1500),                    # price in cents x 10^-2 -> $5.00..$15.00
    st.integers(0, 10),                        # which held lot a sale takes
)


def build(events, old_lots):
    """A consistent history: buys make lots, sells relieve held lots. Returns the household and each
    lot's (account, unit cost, quantity acquired)."""
    held: dict[str, list] = {}  # lot_id -> [account, symbol, acquired, unit, remaining]
    unit_of: dict[str, float] = {}
    acquired_qty: dict[str, float] = {}
    txs = []
    for i, (qty, unit, account, symbol) in enumerate(old_lots):
        lid = f"OLD{i}"
        held[lid] = [account, symbol, date(2024, 6, 1), unit, float(qty)]
        unit_of[lid] = unit
        acquired_qty[lid] = float(qty)
    for n, (day, kind, account, symbol, qty, cents_price, pick) in enumerate(sorted(events, key=lambda e: e[0])):
        when = START + timedelta(days=day)
        price = cents_price / 100.0
        if kind in ("buy", "drip"):
            lid = f"L{n}"
            action = Action.BUY if kind == "buy" else Action.REINVEST
            txs.append(Transaction(when, account, symbol, action, float(qty), price, lot_id=lid))
            held[lid] = [account, symbol, when, price, float(qty)]
            unit_of[lid] = price
            acquired_qty[lid] = float(qty)
        else:
            choices = [lid for lid, h in held.items() if h[0] == account and h[4] > 0]
            if not choices:
                continue
            lid = choices[pick % len(choices)]
            h = held[lid]
            q = min(float(qty), h[4])
            h[4] -= q
            txs.append(Transaction(when, account, h[1], Action.SELL, q, price, lot_id=lid,
                                   acquired=h[2], basis=h[3] * q))
    lots = tuple(Lot(lid, h[0], h[1], h[2], h[4], h[3] * h[4]) for lid, h in held.items() if h[4] > 0)
    hh = Household(ACCOUNTS, SECURITIES, lots, tuple(txs), settings=Settings(as_of=START + timedelta(days=151)))
    return hh, unit_of, acquired_qty


old_lot = st.tuples(st.integers(1, 80), st.integers(8, 14).map(float), st.sampled_from(["Brokerage", "Joint"]),
                    st.sampled_from(["VOO", "IVV", "VTI"]))


@settings(max_examples=100, deadline=None)
@given(st.lists(event, min_size=1, max_size=40), st.lists(old_lot, max_size=4))
def test_disallowed_losses_are_conserved_in_replacement_basis(events, old_lots):
    hh, unit_of, acquired_qty = build(events, old_lots)
    result = adjust_lots(hh)
    taxable = {a.name: a.is_taxable for a in ACCOUNTS}

    # Matches and sales agree, and nothing more than the loss is disallowed.
    assert abs(sum(m.disallowed for m in result.matches) - sum(s.disallowed for s in result.sales)) < 1e-6
    for s in result.sales:
        assert s.disallowed <= s.loss + 1e-6
    assert sum(s.disallowed for s in result.sales) <= sum(s.loss for s in result.sales) + 1e-6

    # Each replacement share used once; window and self-exclusion respected; permanence by account.
    used: dict[str, float] = {}
    for m in result.matches:
        used[m.replacement_lot] = used.get(m.replacement_lot, 0.0) + m.shares
        assert abs((m.replacement_date - m.sale_date).days) <= 30
        assert m.replacement_lot != m.lot_id
        assert m.permanent == (not taxable[m.replacement_account])
        assert m.disallowed > 0
    for lid, shares in used.items():
        assert shares <= acquired_qty[lid] + 1e-9

    # Conservation: deferred (non-permanent) disallowed = adjustments on open lots + adjustments
    # already carried into later sales' basis (basis beyond the shares' cost).
    deferred = sum(m.disallowed for m in result.matches if not m.permanent)
    on_open_lots = sum(lot.wash_adjustment for lot in result.household.lots)
    carried = sum(s.basis - unit_of[s.lot_id] * s.quantity for s in result.sales)
    assert abs(deferred - (on_open_lots + carried)) < 1e-6

    # Open shares are unchanged in number, and no lot outside a taxable account is adjusted.
    assert abs(sum(lot.quantity for lot in result.household.lots) - sum(lot.quantity for lot in hh.lots)) < 1e-6
    for lot in result.household.lots:
        if not taxable[lot.account]:
            assert lot.wash_adjustment == 0.0

    # Running the engine on its own output changes nothing (idempotent).
    again = adjust_lots(result.household)
    def matched(ms):
        return [(m.sale_date, m.lot_id, m.replacement_lot, round(m.shares, 6), round(m.disallowed, 6),
                 m.adjusted_acquired) for m in ms]

    assert matched(again.matches) == matched(result.matches)

    def described(lots):
        return [(lot.lot_id, lot.account, lot.symbol, lot.acquired, lot.adjusted_acquired, round(lot.quantity, 6),
                 round(lot.basis, 6), round(lot.wash_adjustment, 6)) for lot in lots]

    assert described(again.household.lots) == described(result.household.lots)
