"""In development a missing page looks as it will in production, unless DEBUG_404 asks otherwise."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/no-such-page/", "/en/no-such-page/", "/orgs/no-such-organization/"])
def test_debug_shows_the_sites_own_404_page(client, settings, path):
    settings.DEBUG, settings.DEBUG_404 = True, False
    response = client.get(path)
    assert response.status_code == 404
    body = response.content.decode()
    assert 'class="site-header"' in body  # the site's layout
    assert "URLconf" not in body and "NOARCHIVE" not in body


@pytest.mark.django_db
def test_debug_404_brings_the_debug_page_back(client, settings):
    settings.DEBUG, settings.DEBUG_404 = True, True
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "URLconf" in response.content.decode()


@pytest.mark.django_db
def test_the_api_still_answers_404_in_json(client, settings):
    settings.DEBUG, settings.DEBUG_404 = True, False
    response = client.get("/api/organizations/no-such-organization/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
