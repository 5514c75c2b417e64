"""The account pages speak the platform's Chinese: 邮箱 (not 电子邮件 or Email) and 你 (not 您),
and the language menu names each language in itself."""

import re

import pytest

from .factories import UserFactory

pytestmark = pytest.mark.django_db

ACCOUNT_PAGES = ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]


def visible_text(html):
    return re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S))


@pytest.mark.parametrize("path", ACCOUNT_PAGES)
def test_account_pages_say_youxiang_and_ni(client, path):
    text = visible_text(client.get(path).content.decode())
    assert "邮箱" in text
    for word in ("电子邮件", "您", "Email", "E-mail"):
        assert word not in text, f"{word} on {path}"


def test_signed_in_email_page_too(client):
    client.force_login(UserFactory())
    text = visible_text(client.get("/accounts/email/").content.decode())
    assert "邮箱" in text and "您" not in text and "电子邮件" not in text


def test_the_language_menu_names_english_in_english(client):
    page = client.get("/").content.decode()
    assert re.search(r'<option value="en"[^>]*>English</option>', page)
    assert re.search(r'<option value="zh-hans"[^>]*>简体中文</option>', page)
