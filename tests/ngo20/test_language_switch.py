"""The language menu keeps the visitor on the same page, in the other language, either way."""

import pytest

from tests.orgs.factories import OrganizationFactory


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cookie", "next_url", "language", "expected"),
    [
        # From an English page to Chinese: the cookie still says English while the switch runs.
        ("en", "/en/map/?field=environment", "zh-hans", "/map/?field=environment"),
        (None, "/en/trainings/", "zh-hans", "/trainings/"),
        # From a Chinese page to English, whatever the cookie said before.
        ("zh-hans", "/surveys/", "en", "/en/surveys/"),
        ("en", "/surveys/", "en", "/en/surveys/"),
        # Staying in the same language keeps the page.
        ("en", "/en/map/", "en", "/en/map/"),
    ],
)
def test_switching_language_keeps_the_page(client, settings, cookie, next_url, language, expected):
    if cookie:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie
    response = client.post("/i18n/setlang/", {"language": language, "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == expected
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == language


@pytest.mark.django_db
def test_switching_language_on_an_organization_page_keeps_the_organization(client, settings):
    organization = OrganizationFactory(slug="chengdu-river-keepers")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": f"/en/orgs/{organization.slug}/"})
    assert response["Location"] == f"/orgs/{organization.slug}/"
    follow = client.get(response["Location"])
    assert follow.status_code == 200
    assert follow.headers["Content-Language"] == "zh-hans"


@pytest.mark.django_db
def test_an_outside_next_address_is_not_followed(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://example.com/en/map/"})
    assert "example.com" not in response.get("Location", "")
