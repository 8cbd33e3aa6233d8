from taxrebal.engine.money import cents


def test_cents_rounds_half_away_from_zero_as_written():
    assert cents(2.675) == 2.68
    assert cents(-2.675) == -2.68
    assert cents(0.005) == 0.01
    assert cents(1234.564) == 1234.56


def test_a_loss_under_half_a_cent_prints_as_zero_not_minus_zero():
    # fe13 F5: the Harvest note said "federal tax $-0.00"
    assert f"{cents(-0.001):,.2f}" == "0.00"
    assert f"{cents(-1e-12):,.2f}" == "0.00"
    assert f"{cents(-0.0):,.2f}" == "0.00"


def _written_cents(x: float) -> float:
    """The rule itself: the written amount (shortest repr) rounded to hundredths, half away from zero."""
    from decimal import ROUND_HALF_UP, Decimal

    # + 0.0: a written amount has no minus zero ("-0.00" is 0.00)
    return float(Decimal(repr(float(x))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)) + 0.0


def test_cents_is_the_written_rule_on_ties_and_near_ties():
    # every amount written with three decimals, the ties (x.xx5) among them, at several magnitudes:
    # a float one ulp either side of each too (the fast path must leave those to the decimal module
    # or round them the same way)
    import math
    import random

    rng = random.Random(20261204)
    values = []
    for scale in (1, 10, 1_000, 100_000, 10_000_000, 999_999_999):
        for _ in range(3_000):
            thousandths = rng.randrange(0, scale * 1000)
            v = thousandths / 1000.0
            values += [v, -v, math.nextafter(v, math.inf), math.nextafter(v, -math.inf)]
    values += [rng.uniform(-2e9, 2e9) for _ in range(5_000)] + [rng.uniform(-1, 1) for _ in range(5_000)]
    values += [0.0, -0.0, 0.005, -0.005, 0.015, 1.005, 2.675, 1e9, -1e9, 1e15 + 0.5, 5e-324]
    for v in values:
        got, want = cents(v), _written_cents(v)
        assert got == want and math.copysign(1, got) == math.copysign(1, want), (v, got, want)


def test_cents_passes_nan_and_takes_numpy_and_int():
    import math

    import numpy as np

    assert math.isnan(cents(float("nan")))
    assert cents(np.float64(12.345)) == 12.35  # written 12.345: a tie, away from zero
    assert cents(7) == 7.0 and cents(-3) == -3.0
