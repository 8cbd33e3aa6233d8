"""Buy options no plan needs: within one account and asset class, a fractional buy that another,
cheaper-to-prefer fund of the class can always take over is left out of the model, exactly.

Why: every (account, security) the menus allow is a buy column with its own Min Trade binary. The
10,000-lot household of ``bench/generate.py`` (20 accounts, 500 securities) had 8,198 buy columns of
22,849 and 8,198 of its 9,728 binaries; the 100,000-lot one 8,195 of 76,030. Yet in the model every
dollar bought of a class in an account is the same dollar: the cash row of the account, the class's
value, the dollars traded (turnover, the frontier's turnover cap) and the Min Trade row (amount in
dollars, a bound of the account's capacity in dollars) read a buy only through its dollars. What
tells two funds of one class apart is

* the preference steps per dollar (candidates.py: location, which depends only on the account and
  the class, then the replacement rank, "blocks a harvest" and the fixed fund order), each a
  non-negative cost in the stages' objectives;
* the wash-sale rows: a buy of an identity the plan may sell at a loss (the "sell at a loss or buy"
  binary of wash_exposure.py) or with loss sales of the last 30 days still open (past_wash.py);
  these only ever make a buy costlier or forbid it;
* Whole Shares (the price decides the share count);
* the one-side rule (orders.py): an account never buys a security it sells.

So call a buy option a *dominator* of its (account, class) when it trades in fractional shares, its
identity has no loss lot the model may sell and no open past loss sale, and the account holds no
sellable shares of it. Take the dominator with the least preference key (location, weight). Any
plan that buys another fractional option of that (account, class) with a key at least as large can
buy the same dollars of the dominator instead: every row still holds (the dominator's wash and
one-side rows are empty, the other option's only loosen), no objective rises (its key is no
larger), and the Min Trade binary of the dominator's order is satisfied by at least the dollars
moved. Hence the optimum of every stage is unchanged when those options are left out, and so is the
plan whenever the optimum is unique (ties are broken by the fund order, a distinct step per fund).
Options with a smaller key than the dominator (a better-ranked replacement that is also a loss
identity, say), Whole-Share options and the dominator itself stay.

Worked example: a Taxable account may buy the mutual funds VTI, ITOT and SCHB (US Stocks, fund order
0, 1, 2) and holds a VTI lot at a loss and nothing else of the class. Their preference weights are
VTI 0.001 (it blocks that harvest) + 0, ITOT 0.000001 and SCHB 0.000002 steps per dollar. VTI may be
harvested, so it is no dominator; ITOT is the best dominator, and VTI and SCHB are left out: a plan
buying $5,000 of SCHB is matched by one buying $5,000 of ITOT with the same tax, drift and turnover
and a smaller preference cost, and one buying VTI also frees VTI's harvest. Had the account held an
ITOT lot at a gain (ITOT sellable there), SCHB would be the dominator and ITOT (0.000001 < 0.000002)
would stay beside it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from .data import _BuyOption

#: False keeps every buy option (tests compare the two models; nothing else turns it off)
ENABLED = True


def undominated_buys(buys: list[_BuyOption], *, loss_identities: Collection[str], past_loss_identities: Collection[str],
                     sellable: Iterable[tuple[str, str]], whole_share_symbols: Collection[str]) -> list[_BuyOption]:
    """``buys`` without the options a dominator of their (account, class) takes over (module
    docstring), in their order. ``loss_identities``: identities with a loss lot the model may sell;
    ``past_loss_identities``: identities with loss sales of the last 30 days still open;
    ``sellable``: (account, symbol) the model may sell (taxable lots, tax-advantaged positions)."""
    if not ENABLED:
        return buys
    held = set(sellable)

    def dominator(b: _BuyOption) -> bool:
        return (b.symbol not in whole_share_symbols and b.identity not in loss_identities
                and b.identity not in past_loss_identities and (b.account, b.symbol) not in held)

    best: dict[tuple[str, str], _BuyOption] = {}
    for b in buys:
        if dominator(b):
            key = (b.account, b.asset_class)
            cur = best.get(key)
            if cur is None or _key(b) < _key(cur):
                best[key] = b
    return [b for b in buys if _kept(b, best, whole_share_symbols)]


def _key(b: _BuyOption) -> tuple[float, float, str]:
    return (b.location, b.weight, b.symbol)


def _kept(b: _BuyOption, best: Mapping[tuple[str, str], _BuyOption], whole_share_symbols: Collection[str]) -> bool:
    d = best.get((b.account, b.asset_class))
    if d is None or b is d or b.symbol in whole_share_symbols:
        return True
    return _key(b) < _key(d)
