import datetime

import factory
from django.utils import timezone

from surveys.models import Choice, Question, Survey


class SurveyFactory(factory.django.DjangoModelFactory):
    """An open annual survey, running from ten days ago to twenty days ahead."""

    class Meta:
        model = Survey

    kind = "annual"
    slug = factory.Sequence(lambda n: f"survey-{n}")
    edition = 2026
    title_zh = factory.Sequence(lambda n: f"问卷{n}")
    title_en = factory.Sequence(lambda n: f"Survey {n}")
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=20))
    status = "open"


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question
        skip_postgeneration_save = True

    survey = factory.SubFactory(SurveyFactory)
    key = factory.Sequence(lambda n: f"q{n}")
    position = factory.Sequence(lambda n: n)
    type = "short_text"
    text_zh = factory.Sequence(lambda n: f"问题{n}")
    text_en = factory.Sequence(lambda n: f"Question {n}")

    @factory.post_generation
    def choice_values(question, create, extracted, **kwargs):
        for position, value in enumerate(extracted or ()):
            Choice.objects.create(question=question, value=value, position=position, label_zh=f"选项{value}",
                                  label_en=f"Option {value}")


def full_survey(**kwargs):
    """A survey with one question of every type and a skip condition:
    has_site (yes/no) → site_updates (single) only when yes."""
    survey = SurveyFactory(**kwargs)
    q = {}
    q["staff"] = QuestionFactory(survey=survey, key="staff", type="number", number_min=0, number_max=500)
    q["access"] = QuestionFactory(survey=survey, key="access", type="single", choice_values=["broadband", "mobile"])
    q["uses"] = QuestionFactory(survey=survey, key="uses", type="multiple", choice_values=["publicity", "fundraising", "volunteers"])
    q["confidence"] = QuestionFactory(survey=survey, key="confidence", type="scale", scale_min=1, scale_max=5)
    q["has_site"] = QuestionFactory(survey=survey, key="has_site", type="yes_no", in_profile_summary=True)
    q["site_updates"] = QuestionFactory(
        survey=survey, key="site_updates", type="single", choice_values=["weekly", "rarely"],
        show_if_question=q["has_site"], show_if_values=["yes"],
    )
    q["name"] = QuestionFactory(survey=survey, key="name", type="short_text", required=False)
    q["story"] = QuestionFactory(survey=survey, key="story", type="long_text", required=False)
    return survey, q


COMPLETE = {
    "staff": "12",
    "access": "broadband",
    "uses": ["publicity", "volunteers"],
    "confidence": "4",
    "has_site": "yes",
    "site_updates": "weekly",
    "name": "小明",
    "story": "我们用微信招募志愿者。",
}
