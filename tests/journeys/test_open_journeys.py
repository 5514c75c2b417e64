"""Issue 15 journeys in a real browser.

1. A partner's page (on another origin) embeds the map with its filter; on a phone, in a WeChat-like
   browser, the map renders inside the frame, shows the filtered need, and its link opens the full
   page in a new tab.
2. An NGO member adds photos to a need and sees them on the post page and in the map popup.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO

import pytest
from django.contrib.gis.geos import Point
from PIL import Image
from playwright.sync_api import expect

from tests.journeys.helpers import log_in
from tests.mapplatform.factories import PostFactory
from tests.orgs.factories import MembershipFactory, OrganizationFactory, UserFactory

CHENGDU_VIEW = "#13/30.66/104.08"
POINTS = ".leaflet-overlay-pane path.leaflet-interactive"
NEED_POINT = POINTS + '[fill="#b3261e"]'
WECHAT_PHONE = {
    "viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2,
    "user_agent": "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
                  "Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 "
                  "MicroMessenger/8.0.47.2560(0x28002F35) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN",
}


@pytest.fixture
def partner_site():
    """A partner's own web server on another origin, serving one page; `set(html)` changes it."""
    pages = {"html": ""}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            body = pages["html"].encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield type("Partner", (), {"url": f"http://127.0.0.1:{server.server_port}/",
                               "set": staticmethod(lambda html: pages.update(html=html))})
    server.shutdown()
    server.server_close()


@pytest.mark.browser
def test_a_partner_page_embeds_the_filtered_map_on_a_phone(live_server, browser, partner_site):
    river = OrganizationFactory(name="成都河流守护者", location=Point(104.078, 30.659, srid=4326))
    PostFactory(organization=river, title="需要过冬棉被", resource_type="goods", location=Point(104.072, 30.652, srid=4326))
    PostFactory(organization=river, title="需要巡河志愿者", resource_type="volunteers",
                location=Point(104.09, 30.665, srid=4326))
    src = f"{live_server.url}/embed/map/?province=510000&resource_type=goods{CHENGDU_VIEW}"
    partner_site.set(f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>伙伴机构</title></head>
<body style="margin:8px"><h1>我们的伙伴地图</h1>
<iframe src="{src}" title="公益资源地图" width="100%" height="480" style="border:0"></iframe></body></html>""")

    context = browser.new_context(**WECHAT_PHONE)
    try:
        page = context.new_page()
        page.goto(partner_site.url)
        frame = page.frame_locator("iframe")
        expect(frame.locator("#resource-map")).to_have_attribute("data-loaded", "true")
        # The map fills the frame on a 390-pixel-wide phone, without the site's header.
        box = page.locator("iframe").bounding_box()
        assert box["width"] <= 390 and box["height"] == 480
        map_box = frame.locator("#resource-map").bounding_box()
        assert map_box["width"] >= 350 and map_box["height"] >= 300
        expect(frame.locator(".site-header")).to_have_count(0)
        expect(frame.locator(".leaflet-overlay-pane path").first).to_be_visible()  # the offline base map
        # The partner's filter (goods): one need shown, not the volunteers' one.
        expect(frame.locator(NEED_POINT)).to_have_count(1)
        frame.locator(NEED_POINT).dispatch_event("click")
        popup = frame.locator(".leaflet-popup-content")
        expect(popup).to_contain_text("需要过冬棉被")
        expect(popup.locator("form")).to_have_count(0)  # no report button inside a partner's page
        # The link opens the full post page in a new tab; the partner's page stays.
        with context.expect_page() as opened:
            popup.get_by_role("link", name="需要过冬棉被").click()
        full = opened.value
        full.wait_for_load_state()
        assert full.url.startswith(f"{live_server.url}/posts/")
        expect(full.locator(".site-header")).to_be_visible()
        assert page.url == partner_site.url
    finally:
        context.close()


def _photo_file(tmp_path, name, color):
    out = BytesIO()
    image = Image.new("RGB", (1200, 900), color)
    exif = Image.Exif()
    exif.get_ifd(0x8825)[2] = (30.0, 39.0, 0.0)  # a GPS latitude, to be stripped
    image.save(out, format="JPEG", exif=exif)
    path = tmp_path / name
    path.write_bytes(out.getvalue())
    return str(path)


@pytest.mark.browser
def test_a_member_adds_photos_to_a_need_and_sees_them_in_the_map_popup(live_server, browser, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SERVE_MEDIA = True
    organization = OrganizationFactory(name="蓉城助学社", location=Point(104.088, 30.664, srid=4326))
    need = PostFactory(organization=organization, title="需要课桌椅", location=Point(104.075, 30.655, srid=4326))
    member = UserFactory()
    MembershipFactory(user=member, organization=organization)

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        log_in(page, live_server, member, f"/en/posts/{need.pk}/")
        page.get_by_role("link", name="Add or remove photos").click()
        page.locator("input[type=file][name=photos]").set_input_files(
            [_photo_file(tmp_path, "classroom.jpg", (180, 120, 60)), _photo_file(tmp_path, "desks.jpg", (60, 120, 180))])
        page.get_by_role("button", name="Add the photos").click()
        page.wait_for_url(f"{live_server.url}/en/posts/{need.pk}/")
        expect(page.locator(".messages")).to_contain_text("Photos added: 2.")
        photos = page.locator(".post-photos img")
        expect(photos).to_have_count(2)
        assert page.evaluate("() => [...document.querySelectorAll('.post-photos img')].every(i => i.naturalWidth > 0)")

        page.goto(f"{live_server.url}/en/map/{CHENGDU_VIEW}")
        expect(page.locator("#resource-map")).to_have_attribute("data-loaded", "true")
        page.locator(NEED_POINT).dispatch_event("click")
        popup = page.locator(".leaflet-popup-content")
        expect(popup).to_contain_text("需要课桌椅")
        thumbnail = popup.locator("img.popup-photo")
        expect(thumbnail).to_be_visible()
        page.wait_for_function("() => document.querySelector('img.popup-photo').naturalWidth > 0")
        assert "/media/posts/" in thumbnail.get_attribute("src")
    finally:
        context.close()
