"""Photos on needs and offers: stored without EXIF/GPS, refused when not a photo or too large,
at most POST_PHOTOS_MAX, hidden by moderators (kept, with history), shown on the page and the map."""

from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from mapplatform.models import PostPhoto
from mapplatform.services.photos import post_photo_remove, post_photo_set_hidden, post_photos_add
from tests.mapplatform.factories import PostFactory
from tests.orgs.factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
BOX = {"bbox": "103.9,30.5,104.3,30.8", "zoom": 13, "layer": "posts"}


def jpeg_with_gps(name="village.jpg", size=(2400, 1600)):
    image = Image.new("RGB", size, (30, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2], gps[3], gps[4] = "N", (31.0, 50.0, 0.0), "E", (117.0, 17.0, 0.0)
    out = BytesIO()
    image.save(out, format="JPEG", exif=exif, quality=80)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SERVE_MEDIA = True


@pytest.fixture
def member():
    return UserFactory()


@pytest.fixture
def post(member):
    post = PostFactory(title="需要帐篷")
    MembershipFactory(user=member, organization=post.organization)
    return post


@pytest.fixture
def moderator():
    return UserFactory(groups=["moderators"])


def test_a_stored_photo_has_no_exif_gps_and_is_resized(post, member, settings):
    original = jpeg_with_gps()
    with Image.open(BytesIO(original.read())) as check:
        assert check.getexif().get_ifd(GPS_IFD)  # the upload really carries a position
    original.seek(0)
    [photo] = post_photos_add(post=post, user=member, uploads=[original])
    for field, long_side in ((photo.image, settings.PHOTO_DISPLAY_PX), (photo.thumbnail, settings.PHOTO_THUMB_PX)):
        with default_storage.open(field.name, "rb") as stored, Image.open(stored) as image:
            assert not image.getexif()
            assert "exif" not in image.info
            assert max(image.size) == long_side
    assert photo.uploaded_by == member and photo.history.count() == 1


def test_not_an_image_is_refused_with_a_translated_message_and_nothing_is_saved(post, member, client):
    client.login(email=member.email, password=PASSWORD)
    fake = SimpleUploadedFile("photo.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg")
    response = client.post(f"/posts/{post.pk}/photos/", {"photos": [jpeg_with_gps(), fake]})
    assert response.status_code == 400
    assert "photo.jpg: 照片必须是 JPEG、PNG、WebP 或 GIF 图片。" in response.content.decode()
    assert not PostPhoto.objects.exists()


def test_a_too_large_photo_is_refused_in_english_too(post, member, client, settings):
    settings.PHOTO_MAX_BYTES = 1024
    client.login(email=member.email, password=PASSWORD)
    response = client.post(f"/en/posts/{post.pk}/photos/", {"photos": [jpeg_with_gps("big.jpg")]})
    assert response.status_code == 400
    assert "big.jpg: The photo is too large" in response.content.decode()
    assert not PostPhoto.objects.exists()


def test_the_service_refuses_a_non_image_and_leaves_no_file(post, member, tmp_path):
    with pytest.raises(ValidationError) as error:
        post_photos_add(post=post, user=member, uploads=[jpeg_with_gps(), SimpleUploadedFile("x.png", b"GIF89a-nope")])
    assert "x.png" in " ".join(error.value.messages)
    assert not PostPhoto.objects.exists()
    assert not [path for path in tmp_path.rglob("*") if path.is_file()]


def test_at_most_the_configured_number_of_photos(post, member, settings):
    settings.POST_PHOTOS_MAX = 2
    post_photos_add(post=post, user=member, uploads=[jpeg_with_gps("1.jpg")])
    with pytest.raises(ValidationError) as error:
        post_photos_add(post=post, user=member, uploads=[jpeg_with_gps("2.jpg"), jpeg_with_gps("3.jpg")])
    assert "at most 2 photos" in " ".join(error.value.messages)
    assert PostPhoto.objects.count() == 1


def test_only_the_posts_organization_adds_photos(post):
    with pytest.raises(PermissionDenied):
        post_photos_add(post=post, user=UserFactory(), uploads=[jpeg_with_gps()])
    with pytest.raises(PermissionDenied):
        post_photos_add(post=post, user=UserFactory(verified=False), uploads=[jpeg_with_gps()])


def test_photos_are_shown_on_the_post_page_and_in_the_map_popup(post, member, client):
    [photo] = post_photos_add(post=post, user=member, uploads=[jpeg_with_gps()])
    page = client.get(f"/posts/{post.pk}/").content.decode()
    assert photo.thumbnail.url in page and photo.image.url in page
    features = client.get("/api/map/features/", BOX).json()["features"]
    [feature] = [f for f in features if f["properties"]["id"] == post.pk]
    assert feature["properties"]["photo"] == photo.thumbnail.url
    served = client.get(photo.thumbnail.url)
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"


def test_a_hidden_photo_is_not_shown_but_kept_with_its_history(post, member, moderator, client):
    first, second = post_photos_add(post=post, user=member, uploads=[jpeg_with_gps("a.jpg"), jpeg_with_gps("b.jpg")])
    with pytest.raises(PermissionDenied):
        post_photo_set_hidden(photo=first, user=member, hidden=True, reason="mine")
    with pytest.raises(ValidationError):
        post_photo_set_hidden(photo=first, user=moderator, hidden=True, reason="")
    post_photo_set_hidden(photo=first, user=moderator, hidden=True, reason="含有个人信息")
    page = client.get(f"/posts/{post.pk}/").content.decode()
    assert first.thumbnail.url not in page and second.thumbnail.url in page
    features = client.get("/api/map/features/", BOX).json()["features"]
    assert [f["properties"]["photo"] for f in features if f["properties"]["id"] == post.pk] == [second.thumbnail.url]
    first.refresh_from_db()
    assert first.hidden_by == moderator and default_storage.exists(first.image.name)  # hidden, not deleted
    assert [h.hidden_reason for h in first.history.order_by("history_date")] == ["", "含有个人信息"]
    with pytest.raises(ValidationError):
        post_photo_remove(photo=first, user=member)  # the owner cannot make a hidden photo vanish
    post_photo_set_hidden(photo=first, user=moderator, hidden=False)
    assert first.thumbnail.url in client.get(f"/posts/{post.pk}/").content.decode()


def test_moderators_hide_photos_from_the_admin(post, member, moderator, client):
    moderator.is_staff = True
    moderator.save()
    [photo] = post_photos_add(post=post, user=member, uploads=[jpeg_with_gps()])
    client.login(email=moderator.email, password=PASSWORD)
    response = client.post("/en/admin/mapplatform/postphoto/", {
        "action": "hide_photos", "_selected_action": [photo.pk], "apply": "1", "note": "不合适"})
    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.hidden_reason == "不合适" and photo.hidden_by == moderator


def test_the_owner_removes_a_photo_and_its_files_go(post, member, django_capture_on_commit_callbacks):
    [photo] = post_photos_add(post=post, user=member, uploads=[jpeg_with_gps()])
    with django_capture_on_commit_callbacks(execute=True):
        post_photo_remove(photo=photo, user=member)
    assert not PostPhoto.objects.exists() and not default_storage.exists(photo.image.name)
    assert photo.history.count() == 2  # added, removed


def test_a_person_deleting_their_data_takes_their_own_photos_and_leaves_the_organizations(post, member):
    from common.personal_data import erase_all, export_all

    personal = PostFactory(organization=None, author=member, kind="offer", location=post.location,
                           province_id="510000")
    [mine] = post_photos_add(post=personal, user=member, uploads=[jpeg_with_gps("mine.jpg")])
    [theirs] = post_photos_add(post=post, user=member, uploads=[jpeg_with_gps("theirs.jpg")])
    assert {item["post"] for item in export_all(member)["post_photos"]} == {personal.pk, post.pk}
    erase_all(member)
    assert not PostPhoto.objects.filter(pk=mine.pk).exists() and not default_storage.exists(mine.image.name)
    theirs.refresh_from_db()
    assert theirs.uploaded_by is None and default_storage.exists(theirs.image.name)
    assert not theirs.history.filter(history_user=member).exists()


def test_thumbnails_on_the_map_cost_no_query_per_point(member, client, django_assert_max_num_queries):
    organization = PostFactory().organization
    MembershipFactory(user=member, organization=organization)
    for number in range(6):
        post_photos_add(post=PostFactory(organization=organization, title=f"需要{number}"), user=member,
                        uploads=[jpeg_with_gps(f"{number}.jpg", size=(300, 200))])
    client.get("/api/map/features/", BOX)  # warm the reference-data caches
    with django_assert_max_num_queries(4):
        features = client.get("/api/map/features/", BOX).json()["features"]
    assert sum(1 for feature in features if feature["properties"].get("photo")) == 6
