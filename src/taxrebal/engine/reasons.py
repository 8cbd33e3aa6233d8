"""Every buy's reason and note, true for its row: checked against the whole plan, not guessed.

A buy's reason is written once the plan is complete, from facts of that plan:

* **Who pays.** In each account, money is spent in this order (the order the rebalancer's cash
  rows model): new money (Accounts Contribution), then cash already in the account, then the
  proceeds of this account's own sells, which come first in step order. In a 401(k), 403(b) or Roth
  401(k) the sales come before the cash: their proceeds end invested and the typed Cash stays (README
  "Employer plans"), so the note names every sale Orders' cash table counts and never calls the cash
  that stays a payer (audit18 F7: g7's Roth 401(k) 17 buys $33,796.40 of LPN with steps 81-83's
  $33,796.40, and its $2,576.39 stays). A withdrawal (a negative
  Contribution) is paid before any buy: from the cash already there, then from the first sales'
  proceeds, so a buy is never said to be paid by cash the withdrawal takes (Brokerage with $2,000
  cash and a $5,000 withdrawal: the cash and $3,000 of step 1's proceeds go to the withdrawal, and
  its buys are paid from the rest of the sales). The note names each source
  with its dollars, and the Reason is the largest one: Contribution, Cash, or (proceeds of a sale)
  Tax-advantaged inside an IRA/401(k)/Roth/HSA, Sale proceeds in a taxable account (never "Taxable
  sale" or "Harvest": those say why a sell is made, and a buy is neither). "Invests cash
  already in the account" is never said of a buy the same day's sale pays for.
* **Why this class.** "Underweight" only when the class is below its target before the plan;
  otherwise the note says how far over target it is and which of the plan's sells make room.
* **Replacements.** Whether two funds are substantially identical (IRC §1091(a); Pub 550 "Wash
  Sales") is a judgement the IRS has not reduced to a list. taxrebal reads it from the Securities
  sheet's Identical Group, so the note says that it is the user's reading, and, when the sold fund
  has no Identical Group at all, that nothing on the sheet speaks to it.

A sell's reason is **Harvest** only when at least one lot it relieves is a loss the Harvest sheet
would list: the whole lot's loss at least Harvest Min Loss dollars and Harvest Min Loss % of its
adjusted basis (the rule of :mod:`taxrebal.engine.harvest`), or, in a rebalance, a loss of at least
Harvest Min Loss dollars whatever its percentage (the rebalancer harvests those too, README strategy
3; the Harvest sheet stays the harvest-only view, so the note says why the lot is not there: fe10
finding 5, VEA lot A3, $450.00 = 4.92% of its basis, in an underweight class whose proceeds buy IEFA,
had been called "sold to rebalance, not as a harvest"). A sale whose losses are all smaller is a
**Taxable sale**, and the note names each small loss, the thresholds it misses and, when the plan's
facts say it, why it is sold: to rebalance (its class over target before the plan, in a rebalance)
or as recent shares sold before the loss sales they could wash; a Harvest row that also sells a
small loss says so. Worked example (the sample, thresholds $250 and
2%): VTI lot B-03, 100 shares at $330 with basis $33,500, loses $500 = 1.49% of its basis: below 2%,
so it is not on the Harvest sheet; lot B-04 loses $510 = 2.51%: a harvest. A step selling both is
Harvest, and its note says B-03 is not on the Harvest sheet and why, and that the plan sells it
too (to rebalance, when its class is over target) with its loss counted the same (in a rebalance
every loss of at least Harvest Min Loss dollars is a candidate, whatever its percentage: the note
never calls it "not a harvest", which would contradict the row's Reason).

Worked example (the sample's Traditional IRA): cash $850, no contribution; it sells $14,880 of VOO
(step 1) and buys $15,222.40 of SCHP: "Paid with $850.00 of cash already in the account and
$14,372.40 from this account's sales (step 1)" -> Reason Tax-advantaged (the largest source), not
"Invests cash already in the account".
"""

from __future__ import annotations

from dataclasses import replace
from typing import Collection, Sequence

from .money import cents, signed_points
from .plan import LotSale, Plan, Reason, Trade
from .records import PAYROLL_PLAN_TYPES, Action, Household, Settings

__all__ = ["account_article", "explain_buys", "explain_sells", "funding", "harvest_worthy"]

_CENT = 0.005


def account_article(account_type: str) -> str:
    """'an' before an account type read with a vowel sound (an HSA, an IRA), else 'a' (a 401(k), a Roth
    IRA, a Traditional IRA)."""
    return "an" if account_type[:1] in "AEIOUH" and account_type[:2] != "Ho" else "a"


def funding(trades: Sequence[Trade], household: Household) -> dict[int, tuple[float, float, float, tuple[int, ...]]]:
    """Buy step -> (new money, cash already there, sale proceeds, the sell steps that paid).

    Counted in whole cents of the amounts Trades shows (each trade's Amount in cents), so the parts a
    note names add up to the buy's Amount to the cent (fe6 hh1 step 8: Amount $840.02 = 2.5455 x $330
    = $840.015 rounded; its note said "$840.01 from this account's sales", the unrounded figure)."""
    def c(x: float) -> int:
        return int(round(cents(x) * 100))

    accounts = household.account_map()
    # a withdrawal (negative Contribution) takes the cash first, then the first sales' proceeds
    left: dict[str, list[int]] = {a.name: [c(max(0.0, a.contribution)), c(max(0.0, a.cash + min(0.0, a.contribution)))]
                                  for a in household.accounts}
    owed = {a.name: c(max(0.0, -(max(0.0, a.cash) + min(0.0, a.contribution)))) for a in household.accounts}
    proceeds: dict[str, list[list[int]]] = {}  # account -> [[cents left, step]] in step order
    out: dict[int, tuple[float, float, float, tuple[int, ...]]] = {}
    for t in sorted(trades, key=lambda t: t.step):
        if t.account not in accounts:
            continue
        amount = c(t.amount)
        if t.action is Action.SELL:
            to_withdrawal = min(owed[t.account], amount)
            owed[t.account] -= to_withdrawal
            proceeds.setdefault(t.account, []).append([amount - to_withdrawal, t.step])
            continue
        need = amount
        pots = left[t.account]
        new = min(need, pots[0])
        pots[0] -= new
        need -= new
        # an employer plan's sales are exchanges within its menu and its typed Cash stays (README
        # "Employer plans"; Orders: Cash Left = Cash Before when the sales pay): sales before cash
        cash_last = accounts[t.account].type in PAYROLL_PLAN_TYPES
        cash = 0 if cash_last else min(need, pots[1])
        pots[1] -= cash
        need -= cash
        sales, steps = 0, list[int]()
        for pot in proceeds.get(t.account, ()):
            if need <= 0:
                break
            take = min(need, pot[0])
            if take > 0:
                pot[0] -= take
                need -= take
                sales += take
                steps.append(pot[1])
        if cash_last:
            cash = min(need, pots[1])
            pots[1] -= cash
            need -= cash
        if need > 0:  # the plan never spends money it does not have; if rounding did, say sales
            sales += need
        out[t.step] = (new / 100, cash / 100, sales / 100, tuple(steps))
    return out


def _money(x: float) -> str:
    return f"${cents(x):,.2f}"


def _paid_by(new: float, cash: float, sales: float, steps: tuple[int, ...]) -> str:
    parts = []
    if new > _CENT:
        parts.append(f"{_money(new)} of new money")
    if cash > _CENT:
        parts.append(f"{_money(cash)} of cash already in the account")
    if sales > _CENT:
        which = (f" (step{'s' if len(steps) > 1 else ''} {', '.join(str(s) for s in steps)})" if steps else "")
        parts.append(f"{_money(sales)} from this account's sales{which}")
    if not parts:
        return ""
    return "Paid with " + (" and ".join(parts) if len(parts) <= 2 else ", ".join(parts[:-1]) + " and " + parts[-1])


def _class_words(cls: str, plan: Plan, household: Household, trades: Sequence[Trade], step: int) -> str:
    targets = {t.asset_class: t.target for t in household.targets}
    total = sum(plan.before.values()) or 1.0
    if cls not in targets:
        return f"{cls} has no target"
    drift = plan.before.get(cls, 0.0) / total - targets[cls]
    if drift < -0.00005:
        return f"{cls} is underweight ({-drift * 100:.2f} points under target before the plan)"
    sells = [t.step for t in trades if t.action is Action.SELL and t.asset_class == cls and t.step != step]
    after_total = sum(plan.after.values()) or 1.0
    after = plan.after.get(cls, 0.0) / after_total - targets[cls]
    text = f"{cls} is {drift * 100:.2f} points over target before the plan"
    if sells:
        text += (f"; the plan's sells of {cls} (step{'s' if len(sells) > 1 else ''} "
                 f"{', '.join(str(s) for s in sells)}) make room")
    return text + f" and it ends {signed_points(after)} points from target"


def _identity_words(bought: str, sold: Sequence[str], household: Household) -> str:
    secs = household.security_map()
    out = []
    for s in sold:
        sec = secs.get(s)
        if sec is None:
            continue
        if sec.identical_group:
            out.append(f"{bought} is outside {s}'s Identical Group '{sec.identical_group}' on Securities, so "
                       f"taxrebal treats them as not substantially identical (your reading of the two funds)")
        else:
            out.append(f"{s} has no Identical Group on Securities, so taxrebal treats {bought} as not "
                       f"substantially identical to it: that is your reading, not a ruling (IRC §1091(a))")
    return "; ".join(out)


def harvest_worthy(sale: LotSale, lot_quantity: float, settings: Settings) -> bool:
    """True when the lot a plan's sale relieves is at a loss the Harvest sheet lists: the whole lot's
    loss (``lot_quantity`` shares) at least Harvest Min Loss dollars and Harvest Min Loss % of its
    adjusted basis."""
    if sale.gain > -_CENT or sale.quantity <= 0 or sale.basis <= 0:
        return False
    lot_loss = -sale.gain / sale.quantity * max(lot_quantity, sale.quantity)
    return (lot_loss >= settings.harvest_min_loss - _CENT
            and -sale.gain / sale.basis >= settings.harvest_min_loss_pct - 1e-12)


def _percent(x: float, threshold: float) -> str:
    """``x`` (a fraction) as a percentage with 2 decimals, more when 2 would print the threshold itself
    (4.999% is below 5%, and must not read "5.00% ... below 5.00%")."""
    for places in (2, 4, 6):
        text = f"{x * 100:.{places}f}%"
        if text != f"{threshold * 100:.{places}f}%":
            return text
    return f"{x * 100:.6f}%"


def _small_loss_words(sale: LotSale, lot_quantity: float, settings: Settings) -> str:
    """One small loss and the threshold(s) it really misses, each comparison true as written: the
    thresholds are inclusive ("at least"), so a $100.00 loss is never called below $100.00. Example:
    "L3 ($100.00 loss, 3.23% of its basis: below Harvest Min Loss % of 5.00%)"."""
    loss = -sale.gain / sale.quantity * max(lot_quantity, sale.quantity)
    pct = -sale.gain / sale.basis
    misses = []
    # the percentage a reader gets from the sale's own cents on Lot Sales (Gain over Adjusted Basis: audit20 F3,
    # $2.76 over $18.63 is 14.81%, where the unrounded figures gave 14.84%); the thresholds are weighed as the
    # plan weighed them, on the unrounded figures
    shown = cents(-sale.gain) / cents(sale.basis) if cents(sale.basis) > 0 else pct
    if loss < settings.harvest_min_loss - _CENT:
        misses.append(f"below Harvest Min Loss of {_money(settings.harvest_min_loss)}")
    if pct < settings.harvest_min_loss_pct - 1e-12:
        misses.append(f"below Harvest Min Loss % of {settings.harvest_min_loss_pct * 100:.2f}%")
    return (f"{sale.lot_id} ({_money(loss)} loss, {_percent(shown, settings.harvest_min_loss_pct)} of its basis: "
            f"{' and '.join(misses)})")


def _why_small(sale: LotSale, lot_quantity: float, plan: Plan, household: Household, rebalancing: bool,
               cleared: Collection[tuple[str, str]]) -> str:
    """Why the plan sells a loss lot the Harvest sheet does not list (fe10 finding 5: "Sold to rebalance"
    was said of lots in an underweight class whose proceeds bought the same class), by the rebalancer's
    own rule for which loss lots it may sell (engine/rebalance/candidates.py, ``_may_sell_loss``):

    * ``"clear"``: recent shares sold before the loss sale of their fund (or one substantially
      identical) so that they cannot wash it (``cleared``: (account, Lot ID));
    * ``"rebalance"``: its class is over target before the plan, in a rebalance;
    * ``"harvest"``: in a rebalance, a loss of at least Harvest Min Loss dollars is harvested whatever its
      percentage (Harvest Min Loss % applies when every class is within its band, as on the Harvest sheet);
    * ``""``: none of these (e.g. a harvest-only plan): the note names the thresholds, no reason."""
    if (sale.account, sale.lot_id) in cleared:
        return "clear"
    targets = {t.asset_class: t.target for t in household.targets}
    cls = next((sec.asset_class for sec in household.securities if sec.symbol == sale.symbol), "")
    total = sum(plan.before.values()) or 1.0
    if rebalancing and cls in targets and plan.before.get(cls, 0.0) / total - targets[cls] > 0.00005:
        return "rebalance"
    lot_loss = -sale.gain / sale.quantity * max(lot_quantity, sale.quantity) if sale.quantity > 0 else 0.0
    if rebalancing and lot_loss >= household.settings.harvest_min_loss - _CENT:
        return "harvest"
    return ""


def explain_sells(plan: Plan, household: Household, rebalancing: bool = False,
                  cleared: Collection[tuple[str, str]] = ()) -> Plan:
    """``plan`` with each taxable sell's Reason true for its lots: Harvest only when one of them is a
    loss worth harvesting by the Harvest settings, or, in a rebalance (``rebalancing``), a loss of at
    least Harvest Min Loss dollars (module docstring); small losses are named with why they are sold
    (:func:`_why_small`; ``cleared``: the recent lots sold to clear the way for a loss sale)."""
    s = household.settings
    held = {(lot.account, lot.lot_id): lot.quantity for lot in household.lots}
    by_step: dict[int, list[LotSale]] = {}
    for sale in plan.lot_sales:
        by_step.setdefault(sale.step, []).append(sale)
    out = []
    for t in plan.trades:
        sales = by_step.get(t.step, [])
        if t.action is not Action.SELL or t.reason is not Reason.HARVEST or not sales:
            out.append(t)
            continue
        whole = {id(x): held.get((x.account, x.lot_id), x.quantity) for x in sales}
        small = [x for x in sales if x.gain < -_CENT and not harvest_worthy(x, whole[id(x)], s)]
        if not small:
            out.append(t)
            continue
        why = {id(x): _why_small(x, whole[id(x)], plan, household, rebalancing, cleared) for x in small}
        named = [_small_loss_words(x, whole[id(x)], s) for x in small]
        one = len(named) == 1
        which = ("lot " + named[0]) if one else ("lots " + ", ".join(named[:-1]) + " and " + named[-1])
        it, is_ = ("it", "is") if one else ("them", "are")
        kinds = set(why.values())
        rule = (f"in a rebalance every loss of at least Harvest Min Loss ({_money(s.harvest_min_loss)}) is "
                f"harvested, whatever its percentage; the Harvest sheet, a harvest-only view, lists a lot only "
                f"when it passes Harvest Min Loss % too")
        if any(harvest_worthy(x, whole[id(x)], s) for x in sales) or "harvest" in kinds:
            lead = f"{which[0].upper()}{which[1:]} {is_} not on the Harvest sheet"
            if kinds == {"harvest"}:
                text = f"{lead}: a harvest all the same ({rule})."
            elif kinds == {"rebalance"}:
                text = f"{lead}; the plan sells {it} to rebalance ({t.asset_class} is over target), and " \
                       f"{'its loss counts' if one else 'their losses count'} the same."
            elif kinds == {"clear"}:
                text = f"{lead}; the plan sells {it} as recent shares, before the loss sales they could wash."
            else:
                text = f"{lead}; the plan sells {it} too, and {'its loss counts' if one else 'their losses count'} " \
                       f"the same."
            out.append(replace(t, note=f"{t.note} {text}"))
            continue
        below = f"{which}, so {'it is' if one else 'they are'} not on the Harvest sheet"
        if kinds == {"rebalance"}:
            lead = f"Sold to rebalance ({t.asset_class} is over target before the plan), not as a harvest"
        elif kinds == {"clear"}:
            lead = "Sold as recent shares before the loss sales they could wash (above), not as a harvest"
        else:
            lead = "Not a harvest by the Harvest sheet's thresholds"
        out.append(replace(t, reason=Reason.TAXABLE_SALE, note=f"{t.note} {lead}: {below}."))
    return replace(plan, trades=tuple(out))


#: how a buy's note starts the sentence on a loss sold before As Of that the buy washes (the
#: rebalancer's past_wash.py writes it; :func:`explain_buys` keeps it when it rewrites the note)
PAST_WASH_LEAD = " A wash sale, priced:"


def explain_buys(plan: Plan, household: Household, rebalancing: bool = False,
                 cleared: Collection[tuple[str, str]] = ()) -> Plan:
    """``plan`` with every sell's Reason checked (:func:`explain_sells`, with ``rebalancing`` and
    ``cleared``) and every buy's Reason and Note rewritten from the plan's own facts (module docstring)."""
    plan = explain_sells(plan, household, rebalancing, cleared)
    accounts = household.account_map()
    secs = household.security_map()
    paid = funding(plan.trades, household)
    harvested: dict[tuple[str, str], list[str]] = {}  # (account, class) -> symbols harvested there
    for t in plan.trades:
        if t.action is Action.SELL and t.reason is Reason.HARVEST:
            harvested.setdefault((t.account, t.asset_class), []).append(t.symbol)
    out = []
    for t in plan.trades:
        if t.action is not Action.BUY or t.step not in paid or t.account not in accounts:
            out.append(t)
            continue
        new, cash, sales, steps = paid[t.step]
        acct = accounts[t.account]
        source = max((new, 0), (cash, 1), (sales, 2))[1]
        reason = {0: Reason.CONTRIBUTION, 1: Reason.CASH,
                  2: Reason.SALE_PROCEEDS if acct.is_taxable else Reason.TAX_ADVANTAGED}[source]
        cls = t.asset_class or (secs[t.symbol].asset_class if t.symbol in secs else "")
        sold = harvested.get((t.account, cls), [])
        if t.reason is Reason.REPLACEMENT and sold:
            reason = Reason.REPLACEMENT
            lead = (f"Keeps {cls} invested after harvesting {', '.join(sorted(sold))}; "
                    f"{_identity_words(t.symbol, sorted(sold), household)}.")
        else:
            washes = abs(t.realized_st) + abs(t.realized_lt) > 0.005  # a loss sold before As Of (past_wash.py)
            where = "" if acct.is_taxable else (f" inside {account_article(acct.type)} {acct.type}"
                                                + ("" if washes else " (no tax)"))
            lead = f"Buys {cls}{where}: {_class_words(cls, plan, household, plan.trades, t.step)}."
        pay = _paid_by(new, cash, sales, steps)
        wash = t.note[t.note.index(PAST_WASH_LEAD):] if PAST_WASH_LEAD in t.note else ""
        where_else = _location_words(t, cls, plan, household)
        out.append(replace(t, reason=reason, note=lead + (f" {pay}." if pay else "") + where_else + wash))
    return replace(plan, trades=tuple(out))


def _location_words(t: Trade, cls: str, plan: Plan, household: Household) -> str:
    """A buy outside the account type Targets' Location names for its class says why (fe12 F8): the
    plan's order is the least tax, then the least distance and trading, then Location (engine/rebalance/
    stages.py, stage E), so Location moves a purchase only between plans that trade the same. When
    every account of that type spends all its cash and sales on the class already (cash left under a
    share of what it buys, no buy of another class), the note says so: more of the class there means
    selling another class there and buying it here. Example (the sample): Bonds' Location is
    Tax-deferred; Maria Traditional IRA and Maria 401(k) put all their money into Bonds (steps 10, 12),
    so Joint Brokerage's IUSB buy says so."""
    target = next((x for x in household.targets if x.asset_class == cls), None)
    accounts = household.account_map()
    acct = accounts.get(t.account)
    if target is None or target.location is None or acct is None or acct.treatment is target.location:
        return ""
    kind = target.location.value.lower()
    homes = [a for a in household.accounts if a.treatment is target.location]
    lead = f" Targets' Location puts {cls} in {kind} accounts"
    if not homes:
        return f"{lead}, and the household has none."
    secs = household.security_map()
    left = dict(plan.cash_left)
    buys = {a.name: [x for x in plan.trades if x.action is Action.BUY and x.account == a.name] for a in homes}

    def full(name: str) -> bool:
        mine = buys[name]
        cheapest = min((x.price for x in mine), default=1.0)
        return (all((x.asset_class or secs[x.symbol].asset_class) == cls for x in mine if x.symbol in secs)
                and left.get(name, 0.0) < max(cheapest, 1.0))

    rule = "taxrebal trades the least first; Location decides between plans that trade the same"
    if all(full(a.name) for a in homes):
        busy = [a.name for a in homes if buys[a.name]]
        idle = [a.name for a in homes if not buys[a.name]]
        parts = []
        if busy:
            steps = sorted(x.step for name in busy for x in buys[name])
            one = len(busy) == 1
            parts.append(f"{', '.join(busy)} {'spends' if one else 'spend'} all {'its' if one else 'their'} cash "
                         f"and sales on {cls} already (step{'s' if len(steps) > 1 else ''} "
                         f"{', '.join(str(n) for n in steps)})")
        if idle:
            parts.append(f"{', '.join(idle)} {'has' if len(idle) == 1 else 'have'} no cash to invest")
        return (f"{lead}: {'; '.join(parts)}, so more {cls} there would mean selling another class there and "
                f"buying it here: more trading for the same tax ({rule}).")
    return (f"{lead}; a plan buying it there instead would be further from target or trade more for the same "
            f"tax ({rule}).")
