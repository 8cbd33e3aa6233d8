"""fe8 finding 11: a stock is a "security", not a "fund"; one warning per oversized Sales row."""

from __future__ import annotations

from dataclasses import replace

from taxrebal.engine.ledger import ledger_settings
from taxrebal.engine.rebalance import plan_rebalance
from taxrebal.engine.wash import adjust_lots
from taxrebal.errors import Issue, Severity
from taxrebal.pipeline.lot_selection import _said_by_the_reader
from taxrebal.workbook.template import sample_household


def test_a_loss_sale_note_says_security_whatever_it_sells():
    h = sample_household()
    wash = adjust_lots(h)
    h = replace(wash.household, settings=ledger_settings(wash.household.settings, wash, h.as_of))
    notes = [t.note for t in plan_rebalance(h, as_of=h.as_of).trades if "would wash this loss" in t.note]
    assert notes  # the sample plan harvests losses
    for note in notes:
        assert "or a substantially identical security in any account" in note
        assert "identical fund" not in note


READER = Issue(Severity.WARNING, "Sales", "C2", "Selling 120 VTI but Joint Taxable holds 0; the sale is kept and "
               "Lot Selection lists it under 'Sales not compared' with the shares held. Lower the quantity.")


def test_a_row_the_reader_already_warned_about_gets_no_second_warning():
    again = Issue(Severity.WARNING, "Sales", "A2", "Sale 1 (Sales row 2) was not compared: The household holds 0 "
                  "shares of this security in the chosen account(s); you asked to sell 120.")
    other_row = Issue(Severity.WARNING, "Sales", "A3", "Sale 2 (Sales row 3) was not compared: no price.")
    assert _said_by_the_reader(again, [READER])
    assert not _said_by_the_reader(other_row, [READER])
    assert not _said_by_the_reader(again, [])
