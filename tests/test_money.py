from taxrebal.engine.money import cents


def test_cents_rounds_half_away_from_zero_as_written():
    assert cents(2.675) == 2.68
    assert cents(-2.675) == -2.68
    assert cents(0.005) == 0.01
    assert cents(1234.564) == 1234.56
