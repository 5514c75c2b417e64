"""Bad input on the profile editor: a clear message, a 4xx-free form page, nothing saved."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from orgs.models import Organization

from .factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner_client(client):
    organization = OrganizationFactory(name="原来的名字", description="原来的介绍")
    user = UserFactory()
    MembershipFactory(user=user, organization=organization, role="owner")
    client.force_login(user)
    return client, organization


def form_data(organization, **overrides):
    data = {
        "kind": organization.kind,
        "name": organization.name,
        "name_en": organization.name_en,
        "slug": organization.slug,
        "description": organization.description,
        "registration_status": organization.registration_status,
        "staff_full_time": 1,
        "staff_part_time": 0,
        "volunteers": 0,
        "province": organization.province_id,
        "city": organization.city_id or "",
        "county": organization.county_id or "",
        "longitude": "104.080000",
        "latitude": "30.650000",
    }
    data.update(overrides)
    return data


def png_bytes(size=(10, 10), image_format="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, format=image_format)
    return buffer.getvalue()


def post_edit(client, organization, **overrides):
    url = f"/en/orgs/{organization.slug}/edit/"
    return client.post(url, form_data(organization, **overrides))


def assert_nothing_saved(organization):
    fresh = Organization.objects.get(pk=organization.pk)
    assert fresh.name == "原来的名字"
    assert fresh.description == "原来的介绍"
    assert fresh.history.count() == organization.history.count()


def test_valid_edit_is_saved_with_history(owner_client):
    client, organization = owner_client
    versions = organization.history.count()
    response = post_edit(client, organization, description="新的介绍")
    assert response.status_code == 302
    fresh = Organization.objects.get(pk=organization.pk)
    assert fresh.description == "新的介绍"
    assert (round(fresh.location.x, 6), round(fresh.location.y, 6)) == (104.08, 30.65)
    assert fresh.history.count() == versions + 1
    assert fresh.history.first().history_user.email == response.wsgi_request.user.email


@pytest.mark.parametrize(
    "longitude, latitude, message",
    [
        ("200", "30", "less than or equal to 180"),
        ("104", "-95", "greater than or equal to -90"),
        ("abc", "30", "Enter a number"),
        ("104.08", "", "Give both longitude and latitude"),
    ],
)
def test_invalid_coordinates_are_refused(owner_client, longitude, latitude, message):
    client, organization = owner_client
    response = post_edit(client, organization, longitude=longitude, latitude=latitude, description="x")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert_nothing_saved(organization)


def test_point_outside_the_province_is_refused(owner_client):
    client, organization = owner_client
    # 北京 is not in 四川.
    response = post_edit(client, organization, longitude="116.40", latitude="39.90", description="x")
    assert response.status_code == 200
    assert "outside" in response.content.decode()
    assert_nothing_saved(organization)


def test_city_of_another_province_is_refused(owner_client):
    client, organization = owner_client
    response = post_edit(client, organization, city="530100", county="", description="x")  # 昆明
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert_nothing_saved(organization)


def test_model_refuses_a_county_of_another_city():
    from django.core.exceptions import ValidationError

    organization = OrganizationFactory.build(county=None, location=None)
    organization.county_id = "530102"  # 昆明五华区 under 成都
    with pytest.raises(ValidationError) as error:
        organization.clean()
    assert "county" in error.value.message_dict


@pytest.mark.parametrize("field", ["name", "description", "service_area", "address", "wechat"])
def test_html_and_scripts_are_refused(owner_client, field):
    client, organization = owner_client
    response = post_edit(client, organization, **{field: "<script>alert(1)</script>公益"})
    assert response.status_code == 200
    assert "HTML tags and scripts are not allowed" in response.content.decode()
    assert "<script>alert(1)" not in response.content.decode()
    assert_nothing_saved(organization)


def test_plain_less_than_sign_is_fine(owner_client):
    client, organization = owner_client
    response = post_edit(client, organization, description="服务年龄 < 18 岁的儿童")
    assert response.status_code == 302


def test_duplicate_slug_is_refused(owner_client):
    client, organization = owner_client
    OrganizationFactory(slug="taken")
    response = post_edit(client, organization, slug="taken", description="x")
    assert response.status_code == 200
    assert "already taken" in response.content.decode()
    assert_nothing_saved(organization)


def test_oversize_logo_is_refused(owner_client, settings):
    client, organization = owner_client
    settings.LOGO_MAX_BYTES = 1024
    big = SimpleUploadedFile("big.png", png_bytes((600, 600)) + b"\0" * 2048, "image/png")
    data = form_data(organization, description="x")
    data["logo"] = big
    response = client.post(f"/en/orgs/{organization.slug}/edit/", data)
    assert response.status_code == 200
    assert "too large" in response.content.decode()
    assert_nothing_saved(organization)


@pytest.mark.parametrize(
    "name, content, content_type",
    [
        ("logo.png", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "image/png"),
        ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "image/svg+xml"),
        ("logo.png", b"%PDF-1.4 not an image", "image/png"),
    ],
)
def test_non_image_logo_is_refused(owner_client, name, content, content_type):
    client, organization = owner_client
    data = form_data(organization, description="x")
    data["logo"] = SimpleUploadedFile(name, content, content_type)
    response = client.post(f"/en/orgs/{organization.slug}/edit/", data)
    assert response.status_code == 200
    assert "image" in response.content.decode()
    assert_nothing_saved(organization)


def test_bmp_logo_is_refused_by_content_even_with_png_name(owner_client):
    client, organization = owner_client
    data = form_data(organization, description="x")
    data["logo"] = SimpleUploadedFile("logo.png", png_bytes(image_format="BMP"), "image/png")
    response = client.post(f"/en/orgs/{organization.slug}/edit/", data)
    assert response.status_code == 200
    assert "PNG, JPEG, GIF or WebP" in response.content.decode()


def test_valid_logo_is_stored(owner_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client, organization = owner_client
    data = form_data(organization)
    data["logo"] = SimpleUploadedFile("logo.png", png_bytes(), "image/png")
    response = client.post(f"/en/orgs/{organization.slug}/edit/", data)
    assert response.status_code == 302
    assert Organization.objects.get(pk=organization.pk).logo.name.startswith("logos/")


def test_errors_are_translated_into_chinese(owner_client):
    client, organization = owner_client
    response = client.post(
        f"/orgs/{organization.slug}/edit/", form_data(organization, name="<b>x</b>")
    )
    assert response.status_code == 200
    assert "不允许" in response.content.decode()


def test_empty_coordinates_default_to_the_county_seat(owner_client):
    client, organization = owner_client
    response = post_edit(client, organization, longitude="", latitude="", county="510105")
    assert response.status_code == 302
    fresh = Organization.objects.select_related("county").get(pk=organization.pk)
    assert fresh.county_id == "510105"
    assert fresh.location.equals_exact(fresh.county.centroid, 1e-9)


def test_stranger_cannot_edit(client):
    organization = OrganizationFactory()
    client.force_login(UserFactory())
    response = client.post(f"/en/orgs/{organization.slug}/edit/", form_data(organization, name="改名"))
    assert response.status_code == 403
    assert Organization.objects.get(pk=organization.pk).name == organization.name
