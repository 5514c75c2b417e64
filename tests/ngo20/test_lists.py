"""Lists are joined with the language's separator: 、 in Chinese, ", " in English."""

import pytest
from django.template import Context, Template
from django.utils import translation

from common.lists import join_list
from tests.trainings.factories import WorkshopFactory


def test_join_list_follows_the_active_language():
    with translation.override("zh-hans"):
        assert join_list(["环境保护", "教育助学"]) == "环境保护、教育助学"
        assert Template("{% load lists %}{{ items|join_list }}").render(Context({"items": ["甲", "乙"]})) == "甲、乙"
    with translation.override("en"):
        assert join_list(["Environment", "Education"]) == "Environment, Education"
        assert Template("{% load lists %}a{% list_separator %}b").render(Context()) == "a, b"


@pytest.mark.django_db
def test_workshop_page_lists_regions_with_the_page_language_separator(client):
    event = WorkshopFactory(eligible_regions=["central", "west"], eligible_fields=["environment", "education"])
    english = client.get(f"/en/trainings/{event.slug}/").content.decode()
    assert "Central, West" in english and "、" not in english.split("<main")[1].split("</main>")[0].replace(
        event.title_zh, "")
    chinese = client.get(f"/trainings/{event.slug}/").content.decode()
    assert "中部、西部" in chinese
