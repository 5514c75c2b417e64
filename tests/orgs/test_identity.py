"""Chinese NGO identity data: the unified social credit code, registration types, charity and
evaluation status, mainland phone numbers; on the profile, its editor, the API and the funders' list."""

import pytest
from django.core.exceptions import ValidationError

from common import credit_codes
from common.phones import InvalidPhone, normalize_phone
from orgs.models import Organization

from .factories import MembershipFactory, OrganizationFactory, UserFactory
from .test_profile_inputs import form_data

pytestmark = pytest.mark.django_db

# Real-format codes (check characters computed by hand from GB 32100-2015's weights), for bodies
# in 成都市锦江区 (510104), 成都市 (510100), the national level and 北京市朝阳区 (110105).
SOCIAL_SERVICE_JINJIANG = "52510104MJ0001234Y"  # 民办非企业单位 registered by the county
SOCIAL_GROUP_CHENGDU = "51510100MJ2345678F"  # 社会团体 registered by the city
FOUNDATION_NATIONAL = "53100000500012345U"  # 基金会 registered by the ministry
BUSINESS_JINJIANG = "91510104MA61XY012K"  # a company
SOCIAL_SERVICE_BEIJING = "52110105MJ0001234J"
PUBLISHED_SAMPLE = "91350100M000100Y43"  # the sample printed in many explanations of the standard


def test_weights_and_alphabet_are_those_of_the_standard():
    assert credit_codes.WEIGHTS == [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    assert credit_codes.ALPHABET == "0123456789ABCDEFGHJKLMNPQRTUWXY"


@pytest.mark.parametrize("code", [SOCIAL_SERVICE_JINJIANG, SOCIAL_GROUP_CHENGDU, FOUNDATION_NATIONAL,
                                  BUSINESS_JINJIANG, SOCIAL_SERVICE_BEIJING, PUBLISHED_SAMPLE])
def test_valid_codes_pass_the_check_character(code):
    assert credit_codes.is_well_formed(code)


@pytest.mark.parametrize("code", [
    "52510104MJ0001234X",  # wrong check character
    "52510104MJ000123Y",  # 17 characters
    "52510104MJ0001234YY",  # 19
    "52510104MJ00O1234Y",  # O is not in the alphabet
    "525101A4MJ0001234Y",  # a letter among the division digits
])
def test_invalid_codes_are_refused(code):
    assert not credit_codes.is_well_formed(code)


def make(**fields):
    organization = OrganizationFactory.build(**fields)
    organization.full_clean(exclude=["slug"])
    return organization


def test_code_is_normalised_and_a_wrong_check_character_is_refused_with_a_message():
    organization = make(credit_code="52510104mj0001234y ", registration_status="social_service")
    assert organization.credit_code == SOCIAL_SERVICE_JINJIANG
    with pytest.raises(ValidationError) as error:
        make(credit_code="52510104MJ0001234X", registration_status="social_service")
    assert "check it against the registration certificate" in str(error.value.message_dict["credit_code"])


@pytest.mark.parametrize("registration, code, ok", [
    ("social_service", SOCIAL_SERVICE_JINJIANG, True),
    ("social_group", SOCIAL_GROUP_CHENGDU, True),
    ("foundation", FOUNDATION_NATIONAL, True),
    ("social_organization", FOUNDATION_NATIONAL, True),
    ("business", BUSINESS_JINJIANG, True),
    ("affiliated", BUSINESS_JINJIANG, True),
    ("social_group", SOCIAL_SERVICE_JINJIANG, False),  # civil affairs, but another kind of body
    ("foundation", BUSINESS_JINJIANG, False),  # not registered with civil affairs
    ("business", SOCIAL_SERVICE_JINJIANG, False),
    ("unregistered", SOCIAL_SERVICE_JINJIANG, False),
])
def test_registration_authority_digit_matches_the_registration_type(registration, code, ok):
    if ok:
        make(credit_code=code, registration_status=registration)
    else:
        with pytest.raises(ValidationError) as error:
            make(credit_code=code, registration_status=registration)
        assert "credit_code" in error.value.message_dict


def test_a_code_from_another_division_is_a_warning_not_a_refusal():
    assert make(credit_code=SOCIAL_SERVICE_JINJIANG, registration_status="social_service").credit_code_warning == ""
    assert make(credit_code=SOCIAL_GROUP_CHENGDU, registration_status="social_group").credit_code_warning == ""
    assert make(credit_code=FOUNDATION_NATIONAL, registration_status="foundation").credit_code_warning == ""
    elsewhere = make(credit_code=SOCIAL_SERVICE_BEIJING, registration_status="social_service")
    assert "110105" in elsewhere.credit_code_warning


def test_credit_code_is_unique_when_present_and_optional():
    OrganizationFactory(credit_code=SOCIAL_SERVICE_JINJIANG, registration_status="social_service")
    OrganizationFactory(credit_code="")
    OrganizationFactory(credit_code="")  # many without a code
    with pytest.raises(ValidationError) as error:
        make(credit_code=SOCIAL_SERVICE_JINJIANG, registration_status="social_service")
    assert "already has this unified social credit code" in str(error.value)


def test_charity_and_evaluation_rules():
    make(charity_recognized=True, charity_recognized_year=2018, public_fundraising=True,
         evaluation_grade="4A", evaluation_year=2021)
    for fields, key in [
        ({"public_fundraising": True}, "public_fundraising"),
        ({"charity_recognized_year": 2018}, "charity_recognized_year"),
        ({"charity_recognized": True, "charity_recognized_year": 2010}, "charity_recognized_year"),
        ({"evaluation_grade": "5A"}, "evaluation_year"),
        ({"evaluation_year": 2020}, "evaluation_grade"),
        ({"evaluation_grade": "6A", "evaluation_year": 2020}, "evaluation_grade"),
    ]:
        with pytest.raises(ValidationError) as error:
            make(**fields)
        assert key in error.value.message_dict, fields


@pytest.mark.parametrize("typed, stored", [
    ("13800138000", "+86 13800138000"),
    ("+86 138-0013-8000", "+86 13800138000"),
    ("0086 138 0013 8000", "+86 13800138000"),
    ("１３８００１３８０００", "+86 13800138000"),
    ("010-65529988", "010-65529988"),
    ("(0755) 8888 8888", "0755-88888888"),
    ("+86 10 6552 9988", "010-65529988"),
    ("028-8666 6666 转 123", "028-86666666-123"),
    ("400-123-4567", "400-123-4567"),
])
def test_phone_numbers_are_normalised(typed, stored):
    assert normalize_phone(typed) == stored
    assert make(contact_phone=typed).contact_phone == stored


@pytest.mark.parametrize("typed, message", [
    ("1380013800", "11 digits"),
    ("23800138000", "area code"),
    ("6552 9988", "area code"),
    ("+1 212 555 0100", "mainland China phone number"),
    ("call me", "mainland China phone number"),
])
def test_bad_phone_numbers_get_a_clear_message(typed, message):
    with pytest.raises(ValidationError) as error:
        make(contact_phone=typed)
    assert message in str(error.value.message_dict["contact_phone"])
    with pytest.raises(InvalidPhone):
        normalize_phone(typed)


@pytest.fixture
def owner_client(client):
    organization = OrganizationFactory(name="锦江社工服务中心", registration_status="social_service")
    user = UserFactory()
    MembershipFactory(user=user, organization=organization, role="owner")
    client.force_login(user)
    return client, organization


def test_editor_saves_identity_data_and_the_profile_shows_it(owner_client):
    client, organization = owner_client
    response = client.post(f"/orgs/{organization.slug}/edit/", form_data(
        organization, credit_code=SOCIAL_SERVICE_JINJIANG.lower(), charity_recognized="on",
        charity_recognized_year=2019, public_fundraising="on", evaluation_grade="5A", evaluation_year=2022,
        contact_phone="028 8666 6666",
    ))
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.credit_code == SOCIAL_SERVICE_JINJIANG
    assert organization.contact_phone == "028-86666666"
    page = client.get(f"/orgs/{organization.slug}/").content.decode()
    assert SOCIAL_SERVICE_JINJIANG in page and "5A" in page and "028-86666666" in page
    api = client.get(f"/api/organizations/{organization.slug}/").json()
    assert api["credit_code"] == SOCIAL_SERVICE_JINJIANG and api["public_fundraising"] is True


def test_editor_refuses_a_wrong_check_character_and_saves_nothing(owner_client):
    client, organization = owner_client
    response = client.post(f"/en/orgs/{organization.slug}/edit/", form_data(
        organization, credit_code="52510104MJ0001234X"))
    assert response.status_code == 200
    assert "does not match the others" in response.content.decode()
    assert Organization.objects.get(pk=organization.pk).credit_code == ""


def test_editor_warns_about_a_code_from_another_division(owner_client):
    client, organization = owner_client
    response = client.post(f"/en/orgs/{organization.slug}/edit/", form_data(
        organization, credit_code=SOCIAL_SERVICE_BEIJING), follow=True)
    assert Organization.objects.get(pk=organization.pk).credit_code == SOCIAL_SERVICE_BEIJING
    assert "110105" in response.content.decode()
