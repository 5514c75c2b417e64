"""Each question type's validation, and skip conditions."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from surveys.answers import AnswerValue, parse_answer, visible_question_ids

from .factories import QuestionFactory

pytestmark = pytest.mark.django_db


def parse(question, raw):
    return parse_answer(question, raw, {c.value for c in question.choices.all()})


@pytest.mark.parametrize(
    "kind, options, raw, expected",
    [
        ("single", {"choice_values": ["a", "b"]}, "b", AnswerValue(choices=["b"])),
        ("multiple", {"choice_values": ["a", "b", "c"]}, ["c", "a", "c"], AnswerValue(choices=["c", "a"])),
        ("multiple", {"choice_values": ["a"]}, [], AnswerValue()),
        ("scale", {}, "5", AnswerValue(number=Decimal(5))),
        ("number", {"number_min": 0, "number_max": 100}, "12.5", AnswerValue(number=Decimal("12.5"))),
        ("number", {}, "1,200", AnswerValue(number=Decimal("1200"))),
        ("yes_no", {}, "no", AnswerValue(boolean=False)),
        ("short_text", {}, "  微信公众号 ", AnswerValue(text="微信公众号")),
        ("long_text", {}, "年龄 < 18 岁", AnswerValue(text="年龄 < 18 岁")),
        ("number", {}, "", AnswerValue()),
    ],
)
def test_valid_answers_are_typed(kind, options, raw, expected):
    assert parse(QuestionFactory(type=kind, **options), raw) == expected


@pytest.mark.parametrize(
    "kind, options, raw, message",
    [
        ("single", {"choice_values": ["a", "b"]}, "z", "Choose one of the listed answers"),
        ("multiple", {"choice_values": ["a"]}, ["a", "forged"], "Choose from the listed answers"),
        ("scale", {}, "6", "from 1 to 5"),
        ("scale", {}, "three", "Choose a point on the scale"),
        ("number", {}, "abc", "Enter a number"),
        ("number", {}, "NaN", "Enter a number"),
        ("number", {"number_min": 0}, "-1", "at least 0"),
        ("number", {"number_max": 100}, "101", "at most 100"),
        ("number", {}, "1.234", "two decimal places"),
        ("yes_no", {}, "maybe", "yes or no"),
        ("short_text", {}, "字" * 201, "at most 200 characters"),
        ("long_text", {}, "<script>alert(1)</script>", "HTML"),
    ],
)
def test_invalid_answers_say_what_is_wrong(kind, options, raw, message):
    with pytest.raises(ValidationError, match=message):
        parse(QuestionFactory(type=kind, **options), raw)


def test_skip_conditions_chain():
    first = QuestionFactory(type="yes_no")
    second = QuestionFactory(survey=first.survey, type="single", choice_values=["x", "y"],
                             show_if_question=first, show_if_values=["yes"])
    third = QuestionFactory(survey=first.survey, type="short_text", show_if_question=second, show_if_values=["y"])
    questions = [first, second, third]
    assert visible_question_ids(questions, {}) == {first.pk}
    yes_y = {first.pk: AnswerValue(boolean=True), second.pk: AnswerValue(choices=["y"])}
    assert visible_question_ids(questions, yes_y) == {first.pk, second.pk, third.pk}
    # Answering "no" hides the second question, and so the third, whatever they hold.
    no_y = {first.pk: AnswerValue(boolean=False), second.pk: AnswerValue(choices=["y"])}
    assert visible_question_ids(questions, no_y) == {first.pk}
