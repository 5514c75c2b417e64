"""A feedback questionnaire for a workshop, built with the surveys app."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from surveys.models import Choice, Question, Survey, SurveyKind, SurveyStatus

FEEDBACK_QUESTIONS = [
    ("overall", "scale", "总体来说，你对这次培训满意吗？", "Overall, how satisfied are you with the workshop?"),
    ("useful_sessions", "long_text", "哪些课程或案例对你最有用？", "Which sessions or case studies were most useful?"),
    ("will_apply", "yes_no", "你会把学到的方法用到机构工作中吗？", "Will you use what you learned in your organization?"),
    ("next_topics", "multiple", "下次培训你希望学什么？", "What would you like to learn next time?"),
    ("suggestions", "long_text", "对培训有什么建议？", "Any suggestions for the workshop?"),
]
NEXT_TOPICS = [("new_media", "新媒体运营", "Running new media"), ("fundraising", "网络筹款", "Online fundraising"),
               ("data", "数据管理", "Managing data"), ("video", "视频制作", "Making videos")]


@transaction.atomic
def feedback_survey_create(*, event, user):
    """Create (once) the workshop's feedback questionnaire, open for two weeks after it ends."""
    if not user.has_perm("trainings.decide_application"):
        raise PermissionDenied(_("Only trainers create feedback questionnaires."))
    if event.feedback_survey_id:
        return event.feedback_survey
    survey = Survey.objects.create(
        kind=SurveyKind.WORKSHOP_FEEDBACK, slug=f"feedback-{event.slug}"[:80], edition=event.starts_on.year,
        title_zh=f"{event.title_zh} 培训反馈", title_en=f"Feedback: {event.title_en or event.title_zh}",
        opens_on=event.starts_on, closes_on=event.ends_on + datetime.timedelta(days=14),
        status=SurveyStatus.OPEN, reminder_offsets=[],
    )
    for position, (key, kind, text_zh, text_en) in enumerate(FEEDBACK_QUESTIONS):
        question = Question.objects.create(survey=survey, key=key, position=position, type=kind, text_zh=text_zh,
                                           text_en=text_en, required=kind in ("scale", "yes_no"))
        if kind == "multiple":
            Choice.objects.bulk_create(Choice(question=question, value=value, position=index, label_zh=zh, label_en=en)
                                       for index, (value, zh, en) in enumerate(NEXT_TOPICS))
    event.feedback_survey = survey
    event.save(update_fields=["feedback_survey"])
    return survey
