"""Reading, checking and showing answers, one question type at a time.

Browsers send text; each question type turns it into a typed value (choices, number, yes/no,
text) or says, in the respondent's language, what is wrong with it.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from common.validators import reject_html

from .models import QuestionType

SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 5000


@dataclass
class AnswerValue:
    choices: list = field(default_factory=list)
    number: Decimal | None = None
    boolean: bool | None = None
    text: str = ""

    @property
    def is_empty(self):
        return not self.choices and self.number is None and self.boolean is None and not self.text

    def as_fields(self):
        return {"choices": self.choices, "number": self.number, "boolean": self.boolean, "text": self.text}

    def match_values(self):
        """The values a skip condition compares with."""
        if self.boolean is not None:
            return {"yes" if self.boolean else "no"}
        if self.number is not None:
            return {plain_number(self.number)}
        return set(self.choices)


def _as_list(raw):
    if raw is None:
        return []
    if isinstance(raw, (list, tuple)):
        return [str(item).strip() for item in raw if str(item).strip()]
    text = str(raw).strip()
    return [text] if text else []


def _as_text(raw):
    values = _as_list(raw)
    return values[0] if values else ""


def plain_number(value):
    """12, 12.5 – never 12.00 or 1.2E+1."""
    value = Decimal(value)
    return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f").rstrip("0")


def _number(text, question):
    try:
        number = Decimal(text.replace(",", "").replace("，", ""))
    except InvalidOperation as exc:
        raise ValidationError(_("Enter a number.")) from exc
    if not number.is_finite():
        raise ValidationError(_("Enter a number."))
    if number != number.quantize(Decimal("0.01")):
        raise ValidationError(_("Use at most two decimal places."))
    if question.number_min is not None and number < question.number_min:
        raise ValidationError(_("Enter a number of at least %(min)s.") % {"min": plain_number(question.number_min)})
    if question.number_max is not None and number > question.number_max:
        raise ValidationError(_("Enter a number of at most %(max)s.") % {"max": plain_number(question.number_max)})
    if abs(number) >= Decimal("1e12"):
        raise ValidationError(_("This number is too large."))
    return number


def parse_answer(question, raw, choice_values):
    """Turn what the browser sent into an AnswerValue, or raise ValidationError saying why."""
    kind = question.type
    if kind == QuestionType.MULTIPLE:
        values = list(dict.fromkeys(_as_list(raw)))
        unknown = [value for value in values if value not in choice_values]
        if unknown:
            raise ValidationError(_("Choose from the listed answers."))
        return AnswerValue(choices=values)
    text = _as_text(raw)
    if not text:
        return AnswerValue()
    if kind == QuestionType.SINGLE:
        if text not in choice_values:
            raise ValidationError(_("Choose one of the listed answers."))
        return AnswerValue(choices=[text])
    if kind == QuestionType.SCALE:
        try:
            point = int(text)
        except ValueError as exc:
            raise ValidationError(_("Choose a point on the scale.")) from exc
        if not question.scale_min <= point <= question.scale_max:
            raise ValidationError(
                _("Choose a point from %(min)s to %(max)s.") % {"min": question.scale_min, "max": question.scale_max}
            )
        return AnswerValue(number=Decimal(point))
    if kind == QuestionType.NUMBER:
        return AnswerValue(number=_number(text, question))
    if kind == QuestionType.YES_NO:
        if text not in ("yes", "no"):
            raise ValidationError(_("Answer yes or no."))
        return AnswerValue(boolean=text == "yes")
    limit = SHORT_TEXT_MAX if kind == QuestionType.SHORT_TEXT else LONG_TEXT_MAX
    if len(text) > limit:
        raise ValidationError(
            _("Write at most %(limit)s characters (you wrote %(count)s).") % {"limit": limit, "count": len(text)}
        )
    reject_html(text)
    return AnswerValue(text=text)


def stored_value(answer):
    """The AnswerValue of a saved Answer row."""
    return AnswerValue(choices=list(answer.choices), number=answer.number, boolean=answer.boolean, text=answer.text)


def form_value(question, value):
    """What to put back into the form field for a stored value."""
    if value is None or value.is_empty:
        return [] if question.type == QuestionType.MULTIPLE else ""
    if question.type == QuestionType.MULTIPLE:
        return value.choices
    if question.type == QuestionType.SINGLE:
        return value.choices[0] if value.choices else ""
    if question.type == QuestionType.YES_NO:
        return "yes" if value.boolean else "no"
    if value.number is not None:
        return plain_number(value.number)
    return value.text


def display_value(question, value, labels):
    """A readable answer, for exports and summaries. `labels` maps choice values to labels."""
    if value is None or value.is_empty:
        return ""
    if question.has_choices:
        return "; ".join(labels.get(choice, choice) for choice in value.choices)
    if question.type == QuestionType.YES_NO:
        return _("Yes") if value.boolean else _("No")
    if value.number is not None:
        return form_value(question, value)
    return value.text


def visible_question_ids(questions, values):
    """Questions shown given the answers so far: a question hidden by its condition hides its own
    dependents too. `questions` in order; `values` maps question id to AnswerValue."""
    visible = set()
    for question in questions:
        condition = question.show_if_question_id
        if condition is None:
            visible.add(question.pk)
            continue
        if condition not in visible:
            continue
        answer = values.get(condition)
        if answer is not None and answer.match_values() & set(question.show_if_values):
            visible.add(question.pk)
    return visible
