"""The site's own icon, and API docs that ask nothing from outside the platform."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect


def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file


@pytest.mark.django_db
def test_pages_link_the_icon(client):
    html = client.get("/en/").content.decode()
    assert 'rel="icon"' in html and "favicon.ico" in html


def test_redoc_is_gone(client):
    assert client.get("/api/redoc/").status_code == 404


@pytest.mark.browser
def test_api_docs_load_with_no_outside_request(live_server, page):
    local = urlsplit(live_server.url).netloc
    outside = []
    page.on("request", lambda request: outside.append(request.url)
            if urlsplit(request.url).netloc not in (local, "") and not request.url.startswith("data:") else None)
    page.goto(f"{live_server.url}/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("NGO 2.0 API")
    page.wait_for_load_state("networkidle")
    assert outside == []
