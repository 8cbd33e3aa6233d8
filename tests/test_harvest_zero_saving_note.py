"""A harvest that saves $0.00 this year says why, and what its loss is worth instead (fe9 item 1).

Rule: a capital loss offsets this year's capital gains first (IRC §1222), then up to $3,000 of ordinary
income (IRC §1211(b)); the rest carries forward to later years (IRC §1212(b)). So a row of $0.00 has one
of two reasons, each said with its dollars: the loss offsets gains taxed at 0% (used up, nothing
carried), or the year's net capital loss is already past $3,000 (carried forward, worth about the loss x
the household's long-term rate on gains when it offsets a later gain, or x its ordinary rate when, with
no gains, it comes off up to $3,000 a year of ordinary income: both said, fe15 F3). Figures worked by
hand (2026, single, standard deduction $16,100, 0% long-term bracket up to $49,450 of taxable income,
15% above; ordinary bands 12% from $12,400, 22% from $50,400 (§1(j)); no state tax; NIIT starts at
$200,000 of MAGI, not reached). Both rates are this year's return without capital gains or losses:
$100,000 of wages is $83,900 taxable, 15% on a long-term gain and 22% on ordinary income, so $2,000
carried is worth $300.00 or $440.00.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from taxrebal.engine.harvest import harvest_candidates
from taxrebal.engine.plan import LotSale, Plan, PlanStatus, Reason, Trade
from taxrebal.engine.records import Account, Action, FilingStatus, Household, Lot, Security, Settings, Target
from taxrebal.engine.tax import TaxProfile
from taxrebal.workbook.results.harvest import candidate_notes_table

AS_OF = date(2026, 12, 4)


def household(income: float, st_ytd: float = 0.0, lt_ytd: float = 0.0, lots=None) -> Household:
    return Household(
        accounts=(Account("Taxable", "Taxable"),),
        securities=(Security("VXUS", "Intl", 50.0, replacements=("IXUS",)), Security("IXUS", "Intl", 70.0),
                    Security("BND", "Bonds", 50.0, replacements=("AGG",)), Security("AGG", "Bonds", 100.0)),
        lots=lots or (Lot("Y", "Taxable", "BND", date(2020, 1, 6), 100, 7_000.0),),  # a $2,000 long-term loss
        targets=(Target("Intl", 0.5), Target("Bonds", 0.5)),
        settings=Settings(as_of=AS_OF, filing_status=FilingStatus.SINGLE, ordinary_income=income, min_trade=0.0,
                          realized_st_ytd=st_ytd, realized_lt_ytd=lt_ytd))


def notes(h: Household, plan: Plan | None = None) -> dict[str, str]:
    scan = harvest_candidates(h, AS_OF, TaxProfile.from_settings(h.settings))
    table = candidate_notes_table(scan, plan, h, AS_OF)  # Notes on the candidates: Account, Symbol, Lot ID, Note
    return {row[2]: row[-1] for row in table.rows}


def test_past_the_3000_limit_the_loss_carries_forward_and_its_worth_is_said():
    """$100,000 of wages and a $5,000 short-term loss already this year: the year's net capital loss
    already takes $3,000 off ordinary income, so Y's $2,000 saves nothing now and carries forward. Taxable
    income $100,000 - $16,100 - $3,000 = $80,900 puts a later long-term gain at 15%: 2,000 x 15% = $300."""
    (note,) = notes(household(100_000.0, st_ytd=-5_000.0)).values()
    assert note == ("Sold alone today it saves $0.00 this year: $2,000.00 of loss carries forward to 2027 and later "
                    "years (IRC §1212(b)), this year's net capital loss being already past the $3,000.00 that may "
                    "come off ordinary income (IRC §1211(b)); it is worth about $300.00 of tax later if it offsets a "
                    "long-term gain (15.0%), or $440.00 if it offsets ordinary income, up to $3,000 a year, "
                    "IRC §1211(b) (22.0%)")


def test_against_gains_taxed_at_zero_the_loss_is_used_up_and_nothing_carries():
    """$20,000 of wages (taxable $3,900) and $5,000 of long-term gain this year, all in the 0% bracket:
    Y's $2,000 loss offsets $2,000 of that gain, which was taxed at 0%: nothing saved, nothing carried."""
    (note,) = notes(household(20_000.0, lt_ytd=5_000.0)).values()
    assert note == ("Sold alone today it saves $0.00 this year: $2,000.00 of its loss offsets gains or income taxed "
                    "at 0% this year, so it is used up with no tax saved (IRC §1222; only a loss left after "
                    "netting carries forward, IRC §1212(b))")


def test_a_row_that_saves_tax_gets_no_such_note():
    """$100,000 of wages, nothing realized: the $2,000 comes off ordinary income at 22% ($440)."""
    assert notes(household(100_000.0)) == {}  # and no other note: no row in Notes on the candidates


def test_a_plan_step_past_the_limit_says_so_on_the_lots_it_sells():
    """The plan sells X (200 VXUS, basis $15,000, worth $10,000: -$5,000 long-term) at step 1, which takes
    $3,000 off ordinary income at 22% (Est. Tax -$660.00) and carries $2,000; step 2 sells Y (-$2,000),
    Est. Tax $0.00: all of it carries forward, worth 2,000 x 15% = $300.00 later. Sold alone Y would save
    $440.00, so only the plan's figure gets the note."""
    lots = (Lot("X", "Taxable", "VXUS", date(2020, 1, 6), 200, 15_000.0),
            Lot("Y", "Taxable", "BND", date(2020, 1, 6), 100, 7_000.0))
    h = household(100_000.0, lots=lots)
    trades = (Trade(1, "Taxable", "VXUS", Action.SELL, 200, 50.0, 10_000.0, realized_lt=-5_000.0,
                    est_tax=-660.0, reason=Reason.HARVEST),
              Trade(2, "Taxable", "BND", Action.SELL, 100, 50.0, 5_000.0, realized_lt=-2_000.0, est_tax=0.0,
                    reason=Reason.HARVEST))
    sales = (LotSale(1, "Taxable", "VXUS", "X", date(2020, 1, 6), 200, 10_000.0, 15_000.0, -5_000.0, True,
                     "Clear"),
             LotSale(2, "Taxable", "BND", "Y", date(2020, 1, 6), 100, 5_000.0, 7_000.0, -2_000.0, True, "Clear"))
    plan = Plan(trades, sales, -660.0, 0.0, -7_000.0, {}, {}, 0.0, 0.0, (), (), PlanStatus.WITHIN_BANDS)
    by_lot = notes(h, plan)
    assert "saves $0.00" not in by_lot["X"]
    assert by_lot["Y"] == ("In the plan, Trades step 2 sells this lot; Trades step 2 saves $0.00 this year: "
                          "$2,000.00 of loss carries forward to 2027 and later years (IRC §1212(b)), this "
                          "year's net capital loss being already past the $3,000.00 that may come off "
                          "ordinary income (IRC §1211(b)); it is worth about $300.00 of tax later if it "
                          "offsets a long-term gain (15.0%), or $440.00 if it offsets ordinary income, up to "
                          "$3,000 a year, IRC §1211(b) (22.0%)")


def test_a_dated_sale_of_no_tax_this_year_says_so_in_words_not_minus_zero():
    """fe9 chen-Y: the plan dates Y's sale to 2026-12-11 (a recent IRA purchase would take $750 of it for
    good now); its Est. Tax on Sales to wait for is $0.00 (-0.0 in the engine). The row said "saves
    $-0.00 then"; it says "this year's tax is unchanged", as the Trades note does."""
    from taxrebal.engine.plan import WaitedSale

    h = household(100_000.0, st_ytd=-5_000.0)
    wait = WaitedSale("Taxable", "BND", "Y", 100, 50.0, date(2026, 12, 11), 0.0, -2_000.0, 750.0, -0.0, 0.0)
    plan = Plan((), (), 0.0, 0.0, 0.0, {}, {}, 0.0, 0.0, (), (), PlanStatus.WITHIN_BANDS, waits=(wait,))
    (note,) = notes(h, plan).values()
    assert note.endswith("; in the plan: wait until 2026-12-11: keeps $750.00 of loss, this year's tax is unchanged "
                         "(Trades, Sales to wait for)")
    assert "$-0.00" not in note


def test_a_step_whose_other_lots_gains_outweigh_the_loss_says_what_absorbs_the_net_gain():
    """$100,000 of wages and -$5,000 short-term already: the year's net capital loss is past the $3,000
    limit, $2,000 carried. Step 1 sells G (a $1,500 long-term gain) with Y (100 BND bought at $60, now
    $50: a $1,000 loss): net +$500, which only shrinks the carryforward from $2,000 to $1,500 (-5,000 +
    500 = -4,500: $3,000 deducted as before), so its Est. Tax is $0.00."""
    lots = (Lot("G", "Taxable", "VXUS", date(2020, 1, 6), 100, 3_500.0),  # worth $5,000: +$1,500
            Lot("Y", "Taxable", "BND", date(2020, 1, 6), 100, 6_000.0))  # worth $5,000: -$1,000
    h = household(100_000.0, st_ytd=-5_000.0, lots=lots)
    trades = (Trade(1, "Taxable", "VXUS", Action.SELL, 100, 50.0, 5_000.0, realized_lt=500.0, est_tax=0.0,
                    reason=Reason.HARVEST),)
    sales = (LotSale(1, "Taxable", "VXUS", "G", date(2020, 1, 6), 100, 5_000.0, 3_500.0, 1_500.0, True, "Clear"),
             LotSale(1, "Taxable", "BND", "Y", date(2020, 1, 6), 100, 5_000.0, 6_000.0, -1_000.0, True, "Clear"))
    plan = Plan(trades, sales, 0.0, 0.0, 500.0, {}, {}, 0.0, 0.0, (), (), PlanStatus.WITHIN_BANDS)
    note = notes(h, plan)["Y"]
    assert note.endswith("Trades step 1 saves $0.00 this year: with the step's other lots it realizes a net gain "
                         "of $500.00 (the harvested loss offsets part of their gains, IRC §1222), and the loss "
                         "carried forward absorbs it ($500.00 less carries to 2027, IRC §1212(b))")


def test_married_filing_separately_the_limit_said_is_1500():
    """The same $5,000 short-term loss this year, married filing separately: the limit is $1,500 (IRC
    §1211(b)(1)). Taxable income $100,000 - $16,100 - $1,500 = $82,400: a later long-term gain at 15%."""
    h = household(100_000.0, st_ytd=-5_000.0)
    h = replace(h, settings=replace(h.settings, filing_status=FilingStatus.MARRIED_SEPARATE))
    (note,) = notes(h).values()
    assert note == ("Sold alone today it saves $0.00 this year: $2,000.00 of loss carries forward to 2027 and later "
                    "years (IRC §1212(b)), this year's net capital loss being already past the $1,500.00 that may "
                    "come off ordinary income (IRC §1211(b)); it is worth about $300.00 of tax later if it offsets a "
                    "long-term gain (15.0%), or $440.00 if it offsets ordinary income, up to $1,500 a year "
                    "(2 years for this amount), IRC §1211(b) (22.0%)")


def test_taxable_income_already_zero_the_loss_carries_for_that_reason_not_the_limit():
    """$10,000 of wages under the $16,100 standard deduction: taxable income is $0 without the sale.
    Y's $2,000 is under the $3,000 limit, yet none of it comes off ordinary income: the Carryover
    Worksheet's line 1 is 10,000 - 2,000 - 16,100 = -8,100, line 3 = max(0, -8,100 + 2,000) = 0, so
    line 4 = 0 and all $2,000 carries (fe12 F-c: the note had called $2,000 "the limit")."""
    (note,) = notes(household(10_000.0)).values()
    assert note == ("Sold alone today it saves $0.00 this year: $2,000.00 of loss carries forward to 2027 and later "
                    "years (IRC §1212(b)), your taxable income being $0 already without it (your deductions are "
                    "at least your income, so none of it comes off ordinary income: Schedule D's Capital Loss "
                    "Carryover Worksheet, lines 1-4); it is worth nothing at this year's rates (0% on long-term "
                    "gains and on the ordinary income it would offset, up to $3,000 a year, IRC §1211(b)), more "
                    "in a later year taxed higher")
