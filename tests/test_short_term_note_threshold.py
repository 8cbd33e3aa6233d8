"""A short-term note reports a cost only when it is at least $1.00: a cent between two solves of the same
plan is rounding, not a cost of the setting (planref seed 16 printed "Allow Short-Term Gains = N costs
$0.01" from -$45,633.57 against -$45,633.56)."""

from __future__ import annotations

from taxrebal.engine.plan import Plan, PlanStatus
from taxrebal.engine.resolve_bounds import cannot_beat
from taxrebal.engine.short_term_cost import cheaper_with_same_status


def _plan(tax: float, status: PlanStatus = PlanStatus.WITHIN_BANDS) -> Plan:
    return Plan((), (), 0.0, 0.0, tax, {}, {}, 0.0, 0.0, (), (), status)


def test_one_cent_cheaper_is_no_cost_of_the_setting() -> None:
    assert not cheaper_with_same_status(_plan(-45_633.56), _plan(-45_633.57))


def test_ninety_nine_cents_is_still_rounding_territory() -> None:
    assert not cheaper_with_same_status(_plan(100.00), _plan(99.01))


def test_a_dollar_cheaper_is_reported() -> None:
    assert cheaper_with_same_status(_plan(100.00), _plan(99.00))


def test_another_status_is_never_cheaper() -> None:
    assert not cheaper_with_same_status(_plan(100.00), _plan(10.00, PlanStatus.BUDGET_BINDS))


def test_the_skip_bound_matches_the_threshold() -> None:
    # a plan costing at least $99.50 cannot be $1.00 cheaper than $100.00: no re-solve needed
    assert cannot_beat(99.50, 100.00)
    # one costing at least $99.00 could be exactly $1.00 cheaper: the re-solve must run
    assert not cannot_beat(99.00, 100.00)
