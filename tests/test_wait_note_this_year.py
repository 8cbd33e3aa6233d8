"""A dated loss sale's note says what it changes in this year's tax in words that stay true at $0.00
(fe9's chen-Y: BND lot T9's $750 only adds carryforward this year; "$0.00 less tax on top of the plan,
$0.00 more than selling it now" read as if waiting bought nothing)."""

from taxrebal.workbook.results.trades import _this_year


def test_nothing_changes_this_year_is_said_once() -> None:
    assert _this_year(0.0, 0.0) == "this year's tax is unchanged (on top of the plan, and against selling it now)"


def test_a_saving_on_top_of_the_plan_is_given_in_dollars() -> None:
    # fe7 chen4: the dated VEA sale saves $446.40 on top of the plan, $148.80 more than selling now
    assert _this_year(-446.40, 148.80) == "$446.40 less tax on top of the plan, $148.80 more than selling it now"


def test_a_zero_comparison_is_named_not_printed_as_zero_dollars() -> None:
    assert _this_year(-679.43, 0.0) == "$679.43 less tax on top of the plan, the same this year as selling it now"
    assert _this_year(-0.001, 12.5) == "no less tax on top of the plan, $12.50 more than selling it now"
