"""Harvest's "The candidates' own rows add up to $X" is the sum of the cents the rows show (audit18 F8;
README: every total is the sum of the cents above it). Worked by hand below."""

from types import SimpleNamespace

from taxrebal.workbook.results.harvest import holdings_table


def test_the_candidates_own_rows_add_up_to_their_cents():
    # three lots each saving 10.004 alone: each row shows 10.00, so the rows add up to 30.00
    # (the unrounded 30.012 would say $30.01)
    candidates = [SimpleNamespace(tax_saved=10.004) for _ in range(3)]
    together = SimpleNamespace(lots=3, shares=30.0, loss=150.0, tax_saved=33.0, carryforward_created=0.0)
    holding = SimpleNamespace(account="Brokerage", symbol="AAA", lots=3, shares=30.0, loss=150.0,
                              tax_saved=33.0, carryforward_created=0.0)
    scan = SimpleNamespace(holdings=[holding], together=together, candidates=candidates,
                           capital_loss_limit=3_000.0)
    table = holdings_table(scan)  # type: ignore[arg-type]
    (note,) = [n for n in table.notes if "own rows add up to" in n]
    assert "own rows add up to $30.00 " in note
