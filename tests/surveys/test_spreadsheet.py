"""Survey definitions through Excel: export, import back unchanged, and clear row-numbered refusals."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook, load_workbook

from surveys.models import (
    Choice,
    Question,
    QuestionType,
    Section,
    Survey,
    SurveyKind,
    SurveyStatus,
)
from surveys.services.definitions import survey_definition_from_xlsx
from surveys.spreadsheet import (
    CHOICE_COLUMNS,
    MAX_CHOICES,
    MAX_QUESTIONS,
    QUESTION_COLUMNS,
    survey_definition_to_xlsx,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English; the site's default language is Chinese."""
    with translation.override("en"):
        yield


# --- Building test data -------------------------------------------------------------------------


def make_survey(**overrides):
    fields = {
        "kind": SurveyKind.ANNUAL,
        "slug": "internet-use-2025",
        "edition": 2025,
        "title_zh": "2025年互联网使用调查",
        "title_en": "Internet use survey 2025",
        "intro_zh": "感谢参与。\n大约需要十分钟。",
        "intro_en": "Thank you.\nIt takes about ten minutes.",
        "opens_on": datetime.date(2025, 3, 1),
        "closes_on": datetime.date(2025, 4, 30),
        "status": SurveyStatus.OPEN,
        "reminder_offsets": [10, 3, 1],
        "results_public": True,
    }
    fields.update(overrides)
    return Survey.objects.create(**fields)


def add_question(survey, key, question_type, position, section=None, choices=(), **fields):
    fields = {"text_zh": f"问题 {key}", "text_en": f"Question {key}", **fields}
    question = Question.objects.create(
        survey=survey, section=section, key=key, type=question_type, position=position, **fields
    )
    for index, (value, label_zh, label_en) in enumerate(choices):
        Choice.objects.create(question=question, value=value, position=index, label_zh=label_zh, label_en=label_en)
    return question


def make_full_survey():
    """Two sections, every question type, skip conditions on a choice and on a yes/no question."""
    survey = make_survey()
    basics = Section.objects.create(survey=survey, position=0, title_zh="基本情况", title_en="Basics")
    tools = Section.objects.create(survey=survey, position=1, title_zh="工具", title_en="")
    uses = add_question(
        survey, "uses_social_media", QuestionType.SINGLE, 0, basics,
        choices=[("daily", "每天", "Daily"), ("weekly", "每周", "Weekly"), ("never", "从不", "")],
        help_zh="选一项", help_en="Pick one", in_profile_summary=True,
    )
    add_question(
        survey, "platforms", QuestionType.MULTIPLE, 1, basics,
        choices=[("wechat", "微信", "WeChat"), ("weibo", "微博", "Weibo")],
        show_if_question=uses, show_if_values=["daily", "weekly"], required=False,
    )
    add_question(
        survey, "confidence", QuestionType.SCALE, 2, basics, scale_min=0, scale_max=10,
        scale_min_label_zh="完全没有", scale_min_label_en="Not at all",
        scale_max_label_zh="非常有", scale_max_label_en="Very",
    )
    has_website = add_question(survey, "has_website", QuestionType.YES_NO, 3, tools, in_profile_summary=True)
    add_question(
        survey, "website_visits", QuestionType.NUMBER, 4, tools,
        number_min=Decimal("0.00"), number_max=Decimal("1000000.50"),
        show_if_question=has_website, show_if_values=["yes"],
    )
    add_question(survey, "tool_name", QuestionType.SHORT_TEXT, 5, tools, help_zh="年龄 < 18 的志愿者也算")
    add_question(survey, "wishes", QuestionType.LONG_TEXT, 6, None, required=False, text_en="=1+1 is not a formula")
    return survey


SURVEY_FIELDS_COMPARED = [
    "kind", "edition", "title_zh", "title_en", "intro_zh", "intro_en",
    "opens_on", "closes_on", "reminder_offsets", "results_public",
]
QUESTION_FIELDS_COMPARED = [
    f.name for f in Question._meta.concrete_fields if f.name not in {"id", "survey", "section", "show_if_question"}
]


def snapshot(survey):
    """Everything a definition holds, in comparable form (no ids)."""
    questions = []
    for question in survey.questions.order_by("position"):
        row = {name: getattr(question, name) for name in QUESTION_FIELDS_COMPARED}
        row["section"] = (
            (question.section.position, question.section.title_zh, question.section.title_en)
            if question.section
            else None
        )
        row["show_if_question"] = question.show_if_question.key if question.show_if_question else None
        row["choices"] = list(
            question.choices.order_by("position").values_list("value", "position", "label_zh", "label_en")
        )
        questions.append(row)
    return {
        "survey": {name: getattr(survey, name) for name in SURVEY_FIELDS_COMPARED},
        "sections": list(survey.sections.order_by("position").values_list("position", "title_zh", "title_en")),
        "questions": questions,
    }


# A valid hand-made workbook, as rows; tests change one thing each.
SURVEY_ROWS = [
    ["field", "value"],
    ["slug", "feedback-2026"],
    ["kind", "workshop_feedback"],
    ["edition", 2026],
    ["title_zh", "工作坊反馈"],
    ["title_en", "Workshop feedback"],
    ["intro_zh", "请如实填写"],
    ["opens_on", datetime.datetime(2026, 5, 1)],  # a real date cell, as Excel makes it
    ["closes_on", "2026/5/31"],  # typed text, as people in China often write it
    ["reminder_offsets", "7，2"],  # a Chinese comma
    ["results_public", "否"],
]


def question_row(**values):
    return [values.get(column) for column in QUESTION_COLUMNS]


def question_rows():
    return [
        list(QUESTION_COLUMNS),
        question_row(section_zh="总体", section_en="Overall", key="useful", type="single", required="yes",
                     text_zh="有用吗？", text_en="Was it useful?"),
        question_row(section_zh="总体", section_en="Overall", key="why_not", type="long_text", required="no",
                     text_zh="为什么？", show_if_key="useful", show_if_values="no_way, somewhat"),
        question_row(section_zh="细节", key="rating", type="scale", scale_min=1, scale_max=7, text_zh="打分",
                     in_profile_summary="yes"),
        question_row(section_zh="细节", key="again", type="Yes_No", text_zh="还会来吗？", required=True),
        question_row(section_zh="细节", key="hours", type="number", text_zh="几个小时？", number_min=0,
                     number_max="12.5", show_if_key="again", show_if_values="YES"),
    ]


def choice_rows():
    return [
        list(CHOICE_COLUMNS),
        ["useful", "very", "很有用", "Very"],
        ["useful", "somewhat", "有点用", "Somewhat"],
        [None, None, None, None],  # a blank row in the middle is ignored
        ["useful", "no_way", "没用", ""],
    ]


def workbook_bytes(survey=None, questions=None, choices=None, sheets=("survey", "questions", "choices")):
    contents = {
        "survey": SURVEY_ROWS if survey is None else survey,
        "questions": question_rows() if questions is None else questions,
        "choices": choice_rows() if choices is None else choices,
    }
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name in sheets:
        sheet = workbook.create_sheet(name)
        for row in contents[name]:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_question(row_index, **changes):
    rows = question_rows()
    for column, value in changes.items():
        rows[row_index][QUESTION_COLUMNS.index(column)] = value
    return rows


def with_survey_field(name, value):
    return [[field, value if field == name else old] for field, old in SURVEY_ROWS]


def refused(data, slug=None):
    """The import's messages; checks that nothing at all was created."""
    counts = (Survey.objects.count(), Section.objects.count(), Question.objects.count(), Choice.objects.count())
    with pytest.raises(ValidationError) as caught:
        survey_definition_from_xlsx(file=data, slug=slug)
    assert (Survey.objects.count(), Section.objects.count(), Question.objects.count(), Choice.objects.count()) == counts
    return caught.value.messages


def assert_message(messages, *parts):
    assert any(all(part in message for part in parts) for message in messages), messages


# --- Export -------------------------------------------------------------------------------------


def test_export_has_three_sheets_with_bold_frozen_headers():
    survey = make_full_survey()

    workbook = load_workbook(io.BytesIO(survey_definition_to_xlsx(survey=survey)))

    assert workbook.sheetnames == ["survey", "questions", "choices"]
    assert [cell.value for cell in workbook["questions"][1]] == QUESTION_COLUMNS
    assert [cell.value for cell in workbook["choices"][1]] == CHOICE_COLUMNS
    assert [cell.value for cell in workbook["survey"][1]] == ["field", "value"]
    for sheet in workbook:
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1])
        assert sheet.column_dimensions["A"].width >= 10
    fields = {row[0]: row[1] for row in workbook["survey"].iter_rows(min_row=2, values_only=True)}
    assert fields["opens_on"] == "2025-03-01"
    assert fields["reminder_offsets"] == "10, 3, 1"
    assert fields["results_public"] == "yes"
    questions = list(workbook["questions"].iter_rows(min_row=2, values_only=True))
    assert [row[2] for row in questions] == [
        "uses_social_media", "platforms", "confidence", "has_website", "website_visits", "tool_name", "wishes",
    ]
    platforms = dict(zip(QUESTION_COLUMNS, questions[1], strict=True))
    assert platforms["show_if_key"] == "uses_social_media"
    assert platforms["show_if_values"] == "daily, weekly"
    assert platforms["required"] == "no"
    assert platforms["scale_min"] is None  # the default scale is not shown on a choice question
    choices = list(workbook["choices"].iter_rows(min_row=2, values_only=True))
    assert choices[0] == ("uses_social_media", "daily", "每天", "Daily")
    assert len(choices) == 5


def test_export_writes_text_starting_with_equals_as_text_not_formula():
    survey = make_full_survey()

    workbook = load_workbook(io.BytesIO(survey_definition_to_xlsx(survey=survey)))

    wishes = workbook["questions"][8]
    cell = wishes[QUESTION_COLUMNS.index("text_en")]
    assert cell.value == "=1+1 is not a formula"
    assert cell.data_type == "s"


# --- Import: what works -------------------------------------------------------------------------


def test_round_trip_keeps_every_field_of_every_question_choice_and_section():
    original = make_full_survey()
    data = survey_definition_to_xlsx(survey=original)

    copy = survey_definition_from_xlsx(file=data, slug="internet-use-2025-copy")

    copy.refresh_from_db()
    assert copy.pk != original.pk
    assert copy.slug == "internet-use-2025-copy"
    assert copy.status == SurveyStatus.DRAFT
    assert snapshot(copy) == snapshot(original)
    assert copy.sections.count() == 2
    assert copy.questions.get(key="platforms").show_if_question.survey == copy


def test_round_trip_from_an_uploaded_file_keeps_the_sheets_slug_when_it_is_free():
    original = make_full_survey()
    data = survey_definition_to_xlsx(survey=original)
    original.delete()

    copy = survey_definition_from_xlsx(file=SimpleUploadedFile("survey.xlsx", data))

    assert copy.slug == "internet-use-2025"
    assert copy.questions.count() == 7
    assert Choice.objects.filter(question__survey=copy).count() == 5


def test_import_of_a_hand_made_workbook():
    survey = survey_definition_from_xlsx(file=io.BytesIO(workbook_bytes()))

    survey.refresh_from_db()
    assert survey.slug == "feedback-2026"
    assert survey.kind == SurveyKind.WORKSHOP_FEEDBACK
    assert survey.status == SurveyStatus.DRAFT
    assert survey.opens_on == datetime.date(2026, 5, 1)
    assert survey.closes_on == datetime.date(2026, 5, 31)
    assert survey.reminder_offsets == [7, 2]
    assert survey.results_public is False
    assert survey.intro_en == ""
    sections = list(survey.sections.order_by("position"))
    assert [(s.position, s.title_zh, s.title_en) for s in sections] == [(0, "总体", "Overall"), (1, "细节", "")]
    questions = {q.key: q for q in survey.questions.all()}
    assert [q.key for q in survey.questions.order_by("position")] == ["useful", "why_not", "rating", "again", "hours"]
    assert questions["useful"].section == sections[0]
    assert questions["rating"].section == sections[1]
    assert questions["why_not"].required is False
    assert questions["why_not"].show_if_question == questions["useful"]
    assert questions["why_not"].show_if_values == ["no_way", "somewhat"]
    assert questions["again"].type == QuestionType.YES_NO
    assert questions["again"].required is True
    assert questions["hours"].show_if_values == ["yes"]
    assert questions["hours"].number_min == Decimal("0")
    assert questions["hours"].number_max == Decimal("12.50")
    assert (questions["rating"].scale_min, questions["rating"].scale_max) == (1, 7)
    assert questions["rating"].in_profile_summary is True
    assert list(questions["useful"].choices.values_list("value", "position")) == [
        ("very", 0), ("somewhat", 1), ("no_way", 2)
    ]


def test_missing_optional_survey_rows_take_the_defaults():
    rows = [row for row in SURVEY_ROWS if row[0] not in {"reminder_offsets", "results_public", "intro_zh"}]

    survey = survey_definition_from_xlsx(file=workbook_bytes(survey=rows))

    assert survey.reminder_offsets == [14, 7, 2]
    assert survey.results_public is False
    assert survey.intro_zh == ""


def test_questions_without_a_section_title_have_no_section():
    rows = with_question(1, section_zh=None, section_en=None)

    survey = survey_definition_from_xlsx(file=workbook_bytes(questions=rows))

    assert survey.questions.get(key="useful").section is None
    assert survey.sections.count() == 2


# --- Import: unreadable files -------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"this is not a workbook",
        b"key,type\nuseful,single\n",
        b"PK\x03\x04 broken zip",
        b"",
    ],
    ids=["text", "csv", "broken-zip", "empty"],
)
def test_a_file_that_is_not_xlsx_is_refused_clearly(data):
    messages = refused(data)

    assert len(messages) == 1
    assert ".xlsx" in messages[0]


def test_a_zip_that_is_not_a_workbook_is_refused_clearly():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")

    messages = refused(buffer.getvalue())

    assert ".xlsx" in messages[0]


def test_a_file_over_the_size_limit_is_refused_before_it_is_opened(monkeypatch):
    monkeypatch.setattr("surveys.spreadsheet.parsing.MAX_FILE_BYTES", 1000)

    messages = refused(workbook_bytes())

    assert_message(messages, "too large")


def test_an_empty_questions_sheet_lacks_its_header():
    messages = refused(workbook_bytes(questions=[]))

    assert_message(messages, "questions, row 1", "key, type")


def test_a_missing_sheet_is_named():
    messages = refused(workbook_bytes(sheets=("survey", "questions")))

    assert_message(messages, "choices", "missing")


def test_a_missing_header_column_is_named():
    rows = question_rows()
    for row in rows:
        del row[QUESTION_COLUMNS.index("show_if_values")]

    messages = refused(workbook_bytes(questions=rows))

    assert_message(messages, "questions, row 1", "show_if_values")


# --- Import: bad rows ---------------------------------------------------------------------------


def test_an_unknown_question_type_is_named_with_its_row():
    messages = refused(workbook_bytes(questions=with_question(3, type="singel")))

    assert_message(messages, "questions, row 4: type 'singel' is not one of single, multiple")


def test_duplicate_question_keys_are_refused():
    messages = refused(workbook_bytes(questions=with_question(3, key="useful")))

    assert_message(messages, "questions, row 4", "useful", "row 2")


def test_duplicate_choice_values_in_a_question_are_refused():
    choices = choice_rows() + [["useful", "very", "又一个", "Again"]]

    messages = refused(workbook_bytes(choices=choices))

    assert_message(messages, "choices, row 6", "very", "row 2")


def test_choices_for_a_question_without_choices_are_refused():
    choices = choice_rows() + [["rating", "high", "高", "High"]]

    messages = refused(workbook_bytes(choices=choices))

    assert_message(messages, "choices, row 6", "rating", "scale")


def test_a_choice_question_without_choices_is_refused():
    rows = question_rows() + [question_row(key="colour", type="multiple", text_zh="颜色")]

    messages = refused(workbook_bytes(questions=rows))

    assert_message(messages, "questions, row 7", "colour", "no rows in the choices sheet")


def test_choices_of_an_unknown_question_are_refused():
    choices = choice_rows() + [["usefull", "yes", "是", "Yes"]]

    messages = refused(workbook_bytes(choices=choices))

    assert_message(messages, "choices, row 6", "usefull")


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("scale_min", "low", "scale_min 'low' is not a whole number"),
        ("scale_max", 2.5, "scale_max '2.5' is not a whole number"),
        ("number_max", "twelve", "number_max 'twelve' is not a number"),
        ("required", "maybe", "required 'maybe' must be yes or no"),
        ("in_profile_summary", "sometimes", "in_profile_summary 'sometimes' must be yes or no"),
    ],
)
def test_bad_numbers_and_booleans_in_questions_are_named(column, value, expected):
    messages = refused(workbook_bytes(questions=with_question(5, **{column: value})))

    assert_message(messages, f"questions, row 6: {expected}")


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("opens_on", "next spring", "opens_on 'next spring' is not a date"),
        ("closes_on", "2026-02-30", "closes_on '2026-02-30' is not a date"),
        ("edition", "twenty", "edition 'twenty' is not a whole number"),
        ("reminder_offsets", "7, soon", "reminder_offsets '7, soon' must be whole numbers"),
        ("results_public", "perhaps", "results_public 'perhaps' must be yes or no"),
        ("kind", "census", "kind 'census' is not one of annual, self_evaluation, workshop_feedback"),
    ],
)
def test_bad_values_in_the_survey_sheet_are_named(field, value, expected):
    row = [name for name, _value in SURVEY_ROWS].index(field) + 1

    messages = refused(workbook_bytes(survey=with_survey_field(field, value)))

    assert_message(messages, f"survey, row {row}: {expected}")


def test_a_survey_closing_before_it_opens_is_refused():
    messages = refused(workbook_bytes(survey=with_survey_field("closes_on", "2026-04-01")))

    assert_message(messages, "survey, row 9", "closes_on is before opens_on")


def test_a_missing_required_survey_field_is_named():
    rows = [row for row in SURVEY_ROWS if row[0] != "kind"]

    messages = refused(workbook_bytes(survey=rows))

    assert_message(messages, "survey: there is no row for the field kind")


def test_an_unknown_survey_field_is_named():
    rows = SURVEY_ROWS + [["tittle_en", "Typo"]]

    messages = refused(workbook_bytes(survey=rows))

    assert_message(messages, "survey, row 12", "tittle_en")


def test_an_existing_slug_is_refused():
    make_survey(slug="feedback-2026")

    messages = refused(workbook_bytes())

    assert_message(messages, "survey, row 2", "feedback-2026", "already exists")


def test_an_existing_slug_given_as_argument_is_refused():
    make_survey(slug="taken")

    messages = refused(workbook_bytes(), slug="taken")

    assert_message(messages, "taken", "already exists")


def test_a_key_that_is_not_a_slug_is_refused_by_the_model():
    messages = refused(workbook_bytes(questions=with_question(3, key="my rating!")))

    assert_message(messages, "questions, row 4: key:")


def test_a_text_longer_than_the_field_is_refused_by_the_model():
    messages = refused(workbook_bytes(questions=with_question(2, text_zh="长" * 501)))

    assert_message(messages, "questions, row 3: text_zh:", "500")


def test_a_scale_that_does_not_go_up_is_refused():
    messages = refused(workbook_bytes(questions=with_question(3, scale_min=5, scale_max=5)))

    assert_message(messages, "questions, row 4", "scale_max must be larger than scale_min")


def test_a_number_range_upside_down_is_refused():
    messages = refused(workbook_bytes(questions=with_question(5, number_min=10, number_max=1)))

    assert_message(messages, "questions, row 6", "number_max must not be smaller than number_min")


def test_a_condition_on_a_later_question_is_refused():
    rows = with_question(1, show_if_key="rating", show_if_values="1")

    messages = refused(workbook_bytes(questions=rows))

    assert_message(messages, "questions, row 2", "show_if_key 'rating' must be the key of an earlier question")


def test_a_condition_on_an_unknown_question_is_refused():
    messages = refused(workbook_bytes(questions=with_question(2, show_if_key="usefull")))

    assert_message(messages, "questions, row 3", "usefull")


def test_condition_values_must_be_choices_of_the_question():
    messages = refused(workbook_bytes(questions=with_question(2, show_if_values="very, maybe")))

    assert_message(messages, "questions, row 3", "maybe", "useful")


def test_condition_values_of_a_yes_no_question_must_be_yes_or_no():
    messages = refused(workbook_bytes(questions=with_question(5, show_if_values="perhaps")))

    assert_message(messages, "questions, row 6", "perhaps", "yes, no")


def test_a_condition_on_a_text_question_is_refused():
    rows = question_rows() + [
        question_row(key="follow_up", type="short_text", text_zh="补充", show_if_key="why_not", show_if_values="x")
    ]

    messages = refused(workbook_bytes(questions=rows))

    assert_message(messages, "questions, row 7", "why_not", "long_text")


def test_a_condition_without_values_is_refused():
    messages = refused(workbook_bytes(questions=with_question(2, show_if_values=None)))

    assert_message(messages, "questions, row 3", "show_if_values is empty")


def test_every_problem_is_reported_at_once():
    rows = with_question(3, type="singel")
    rows[5][QUESTION_COLUMNS.index("required")] = "maybe"

    messages = refused(workbook_bytes(questions=rows, survey=with_survey_field("edition", "x")))

    assert_message(messages, "questions, row 4")
    assert_message(messages, "questions, row 6")
    assert_message(messages, "survey, row 4")
    assert messages[0].startswith("survey")  # sorted by sheet, then row


# --- Import: size limits ------------------------------------------------------------------------


def test_more_than_the_maximum_number_of_questions_is_refused():
    rows = [QUESTION_COLUMNS] + [
        question_row(key=f"q{i}", type="short_text", text_zh="问题") for i in range(MAX_QUESTIONS + 1)
    ]

    messages = refused(workbook_bytes(questions=rows, choices=[CHOICE_COLUMNS]))

    assert_message(messages, "questions", f"more than {MAX_QUESTIONS} questions")


def test_more_than_the_maximum_number_of_choices_is_refused():
    choices = [CHOICE_COLUMNS] + [["useful", f"v{i}", "选项", ""] for i in range(MAX_CHOICES + 1)]

    messages = refused(workbook_bytes(choices=choices))

    assert_message(messages, "choices", f"more than {MAX_CHOICES} choices")


# --- Import: no markup --------------------------------------------------------------------------


def test_a_script_in_a_question_text_is_refused():
    messages = refused(workbook_bytes(questions=with_question(1, text_en="<script>alert(1)</script>")))

    assert_message(messages, "questions, row 2: text_en:", "HTML")


def test_html_in_a_choice_label_or_section_or_survey_title_is_refused():
    choices = choice_rows()
    choices[1][2] = '<a href="javascript:alert(1)">点</a>'
    rows = with_question(3, section_zh="<b>细节</b>")
    rows[4][QUESTION_COLUMNS.index("section_zh")] = "<b>细节</b>"
    rows[5][QUESTION_COLUMNS.index("section_zh")] = "<b>细节</b>"

    messages = refused(
        workbook_bytes(questions=rows, choices=choices, survey=with_survey_field("title_zh", "<img src=x onerror=1>"))
    )

    assert_message(messages, "choices, row 2: label_zh:", "HTML")
    assert_message(messages, "questions, row 4: section_zh:", "HTML")
    assert_message(messages, "survey, row 5: title_zh:", "HTML")
