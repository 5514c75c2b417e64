"""The journey matrix: every kind of user, on a desktop and on a phone, in Chinese and in English.

A journey takes a `visit` (see the `visit` fixture in test_journey_matrix.py): a browser page in
one language and on one device, with the checks every page of every journey must pass:
- on a phone, nothing is wider than the screen (a wide table scrolls inside its own box);
- on a Chinese page, no English word is left (beyond a few names such as NGO, CSV or API);
- on an English page, no Chinese is left except what users wrote (organization names, titles…),
  which the journey declares, the language menu's 简体中文 and the platform's name 中国公益2.0.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.utils import translation
from playwright.sync_api import expect

from tests.orgs.factories import PASSWORD

DEVICES = {
    "desktop": {"viewport": {"width": 1366, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
              "device_scale_factor": 2},
}
LANGUAGES = {"zh-hans": {"prefix": "", "locale": "zh-CN"}, "en": {"prefix": "/en", "locale": "en-US"}}

# Words an editor would leave in English on a Chinese page: names of formats, of the platform and
# of the other language itself.
# Chinese legal terms an English label gives beside its translation ("Foundation (基金会)"), as
# funders and NGO staff meet them on certificates.
CJK_ALLOWED = {"社会团体", "基金会", "工商注册", "挂靠", "慈善组织", "公开募捐资格", "统一社会信用代码"}
LATIN_ALLOWED = {"NGO", "API", "CSV", "XLSX", "PDF", "English", "Email", "WeChat", "QR", "URL", "ICP", "GPS",
                 "OpenStreetMap", "Leaflet", "AMap", "Tianditu", "OSM", "PIPL", "CSR", "Excel", "PNG", "JPEG",
                 "GIF", "WebP", "RSS", "Atom"}
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]{2,}")


@dataclass
class Visit:
    """One journey's browser page, language and device, and the text users wrote on its pages."""

    page: object
    live_server: object
    language: str
    device: str
    user_text: list = field(default_factory=list)

    @property
    def prefix(self):
        return LANGUAGES[self.language]["prefix"]

    @property
    def phone(self):
        return self.device == "phone"

    def url(self, path):
        return f"{self.live_server.url}{self.prefix}{path}"

    def path(self, path):
        return f"{self.prefix}{path}"

    def t(self, message, context=None):
        """`message` as the page shows it in this visit's language."""
        with translation.override(self.language):
            if context:
                return translation.pgettext(context, message)
            return translation.gettext(message)

    def goto(self, path):
        self.page.goto(self.url(path))
        self.check()

    def wait_for_path(self, path):
        wanted = self.path(path)
        self.page.wait_for_url(lambda url: urlsplit(url).path == wanted)

    def written(self, *texts):
        """Declare text users wrote (names, titles): it may be Chinese on an English page."""
        self.user_text.extend(str(text) for text in texts if text)

    def log_in(self, user, next_path):
        """Sign in through the real form and wait until the browser is on `next_path`."""
        self.page.goto(f"{self.url('/accounts/login/')}?next={self.path(next_path)}")
        self.check()
        self.page.locator("input[name=login]").fill(user.email)
        self.page.locator("input[name=password]").fill(PASSWORD)
        self.page.locator("form").filter(has=self.page.locator("input[name=password]")).locator(
            "button[type=submit]").click()
        self.wait_for_path(next_path)
        self.check()

    def check(self):
        """The checks every page passes, whatever the journey."""
        page = self.page
        page.wait_for_load_state("domcontentloaded")
        if self.phone:
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, f"{page.url} is {overflow}px wider than a 390px phone"
        text = page.locator("body").inner_text()
        text = EMAIL.sub(" ", text)
        for written in sorted(self.user_text, key=len, reverse=True):
            text = text.replace(written, " ")
        if self.language == "zh-hans":
            left = sorted({word for word in LATIN_WORD.findall(text) if word not in LATIN_ALLOWED})
            assert not left, f"English left on the Chinese page {page.url}: {left}"
        else:
            left = sorted(set(CJK.findall(text.replace("简体中文", " ").replace("中国公益2.0", " "))) - CJK_ALLOWED)
            assert not left, f"Chinese left on the English page {page.url}: {left}"

    def expect_message(self, message, **params):
        expected = self.t(message) % params if params else self.t(message)
        expect(self.page.locator(".message-success")).to_have_text(expected)
