"""A long results page has a table of contents with an anchor per question; "draft saved" shows
only after something was saved."""

import re

import pytest

from tests.orgs.factories import MembershipFactory, UserFactory

from .factories import full_survey

pytestmark = pytest.mark.django_db


def test_results_page_has_a_table_of_contents_with_an_anchor_per_question(client):
    survey, questions = full_survey(results_public=True)
    body = client.get(f"/en/surveys/{survey.slug}/results/").content.decode()
    toc = body[body.index('id="questions"'):body.index("</nav>", body.index('id="questions"'))]
    links = re.findall(r'href="#(result-[^"]+)"', toc)
    assert len(links) == len(questions) and len(set(links)) == len(links)
    for anchor in links:
        assert f'id="{anchor}"' in body  # every entry leads to its question
    assert body.count('href="#questions"') == len(questions)  # and back


def test_draft_saved_shows_only_after_something_was_saved(client):
    survey, _ = full_survey()
    member = UserFactory()
    organization = MembershipFactory(user=member).organization
    client.force_login(member)
    url = f"/en/surveys/{survey.slug}/{organization.slug}/"
    status = re.compile(r'id="autosave-status"[^>]*>\s*Draft saved on the server at \d\d:\d\d')
    assert not status.search(client.get(url).content.decode())
    client.post(url, {"q-staff": "7", "q-staff-present": "1", "action": "save"})
    assert status.search(client.get(url).content.decode())
