"""Check-in by the camera, in a real browser. The participant opens their applications page on
their phone; the trainer's phone films that QR code (Chromium's fake camera plays a video made from
a screenshot of it) and the check-in page reads it with the vendored jsQR: headless Chromium on
Linux has no BarcodeDetector, so this is the path iPhones and Firefox take. Nobody types."""

from io import BytesIO

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.conftest import CHROMIUM_ARGS
from tests.journeys.helpers import log_in
from tests.orgs.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.trainings.factories import RunningWorkshopFactory
from trainings.models import Application, Attendance

PHONE = {"width": 390, "height": 844}


def film_of(screenshot, path):
    """A one-frame YUV4MPEG2 video (Chromium's fake camera plays it in a loop) of a picture on a
    white background, as a phone screen held up to a camera."""
    frame = Image.new("RGB", (640, 480), "white")
    with Image.open(BytesIO(screenshot)) as picture:
        picture = picture.convert("RGB")
        picture.thumbnail((440, 440))
        frame.paste(picture, ((640 - picture.width) // 2, (480 - picture.height) // 2))
    luma, blue, red = frame.convert("YCbCr").split()
    half = (320, 240)  # 4:2:0: one colour sample per 2 × 2 pixels
    with open(path, "wb") as film:
        film.write(b"YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\nFRAME\n")
        film.write(luma.tobytes() + blue.resize(half).tobytes() + red.resize(half).tobytes())


@pytest.mark.browser
def test_the_trainers_phone_reads_the_participants_qr_code_with_the_camera(live_server, playwright, tmp_path):
    event = RunningWorkshopFactory(slug="camera-day", title_zh="摄像头签到培训", title_en="Camera check-in workshop")
    organization = OrganizationFactory(name="川西乡村图书馆")
    member = MembershipFactory(organization=organization).user
    application = Application.objects.create(event=event, organization=organization, applicant=member, position="coo",
                                             job_title="负责人", motivation="x", internet_use="y", status="accepted")
    trainer = UserFactory(groups=["trainers"], is_staff=True)
    film = tmp_path / "qr.y4m"
    # The camera opens the film when the scan starts, so it can be written after the launch.
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=[
        *CHROMIUM_ARGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={film}",
    ])
    try:
        participant = browser.new_context(viewport=PHONE).new_page()
        log_in(participant, live_server, member, "/en/trainings/applications/")
        film_of(participant.locator(f"#checkin-{application.pk} svg").screenshot(), film)

        trainer_page = browser.new_context(viewport=PHONE, permissions=["camera"]).new_page()
        log_in(trainer_page, live_server, trainer, f"/en/trainings/{event.slug}/check-in/")
        assert trainer_page.evaluate("'BarcodeDetector' in window") is False  # so jsQR reads the code
        expect(trainer_page.locator("#checkin-count")).to_have_text("Checked in today: 0 of 1")
        trainer_page.get_by_role("button", name="Scan with the camera").click()
        expect(trainer_page.locator("#checkin-result")).to_contain_text("川西乡村图书馆 is checked in for today.")
        expect(trainer_page.locator("#checkin-count")).to_have_text("Checked in today: 1 of 1")
        assert Attendance.objects.filter(application=application).count() == 1
    finally:
        browser.close()
