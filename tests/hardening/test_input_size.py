"""Denial of service and hostile input: NUL bytes, oversized text, profile edit limits, and
optional fields a page needs for its links."""

import base64
import json

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from common.fields import BoundedTextField
from orgs.models import Organization
from orgs.services.organizations import organization_update
from tests.mapplatform.factories import PostFactory
from tests.orgs.factories import (
    PASSWORD,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)
from tests.orgs.test_profile_inputs import form_data

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"common", "orgs", "surveys", "mapplatform", "trainings", "evaluation"}


@pytest.fixture
def owner(client):
    organization = OrganizationFactory(name="原来的名字", description="原来的介绍")
    user = MembershipFactory(organization=organization, role="owner").user
    client.force_login(user)
    return client, organization, user


# --- NUL bytes: each vector gets a 400 or 404, never a 500 -----------------------------------

@pytest.mark.parametrize("path", ["/orgs/a%00b/", "/en/orgs/a%00b/edit/", "/api/organizations/a%00b/",
                                  "/trust/rate/a%00/"])
def test_nul_in_the_path_is_a_404(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", ["/orgs/?q=a%00b", "/api/organizations/?q=%00", "/api/map/features/?bbox=1%00",
                                  "/?next=%00", "/api/posts/?province=51%000000"])
def test_nul_in_a_query_parameter_is_a_400(client, path):
    assert client.get(path).status_code == 400


def test_the_api_refuses_a_nul_in_json_as_its_schema_says(client):
    """schemathesis found an HTML 400 where the API documents JSON (a NUL in a parameter's name)."""
    response = client.get("/api/organizations/?q%00=x")
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert "NUL" in response.json()["detail"]
    assert client.get("/api/posts/%00/").json() == {"detail": "Not found."}


def test_nul_in_a_form_field_is_a_400(client):
    response = client.post("/accounts/login/", {"login": "a\x00@example.org", "password": "x"})
    assert response.status_code == 400


def test_nul_in_a_form_field_name_is_a_400(client):
    response = client.post("/accounts/login/", {"log\x00in": "a@example.org", "password": "x"})
    assert response.status_code == 400


def test_nul_in_a_json_field_is_a_400_and_nothing_saved(owner):
    client, organization, _user = owner
    body = {"kind": "need", "resource_type": "goods", "title": "书\u0000本", "organization": organization.slug,
            "expires_on": "2099-01-01"}
    response = client.post("/api/posts/", json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert not organization.resource_posts.exists()


def test_nul_deep_in_a_json_document_is_a_400(owner):
    client, _organization, _user = owner
    response = client.post("/api/matches/", json.dumps({"need": 1, "offer": 2, "x": [{"y": "\u0000"}]}),
                           content_type="application/json")
    assert response.status_code == 400


def test_nul_in_an_http_basic_user_name_is_a_400(client):
    credentials = base64.b64encode(b"user\x00@example.org:secret").decode()
    response = client.get("/api/matches/", HTTP_AUTHORIZATION=f"Basic {credentials}")
    assert response.status_code == 400


def test_requests_without_nul_pass_the_guard(client):
    OrganizationFactory(name="成都绿色家园")
    assert client.get("/api/organizations/?q=成都").status_code == 200
    assert client.get("/orgs/?q=成都").status_code == 200


# --- Maximum length on every free-text field --------------------------------------------------

def test_every_text_field_of_the_project_has_a_maximum_that_full_clean_enforces():
    unbounded = []
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS or model.__name__.startswith("Historical"):
            continue  # history copies its model's fields; their writes are the model's
        for field in model._meta.get_fields():
            if not getattr(field, "editable", True):
                continue  # computed by the services from bounded fields (search text, pinyin)
            if isinstance(field, models.TextField) and not isinstance(field, BoundedTextField):
                unbounded.append(f"{model.__name__}.{field.name}")
            elif isinstance(field, models.CharField) and not field.max_length:
                unbounded.append(f"{model.__name__}.{field.name}")
    assert unbounded == []


def test_a_huge_description_is_refused_by_the_service_with_a_message(owner):
    _client, organization, user = owner
    with pytest.raises(ValidationError) as error:
        organization_update(organization=organization, user=user, data={"description": "公" * 60000})
    assert "description" in error.value.message_dict
    assert Organization.objects.get(pk=organization.pk).description == "原来的介绍"


def test_a_huge_description_is_refused_by_the_profile_form_in_chinese(owner):
    client, organization, _user = owner
    response = client.post(f"/orgs/{organization.slug}/edit/", form_data(organization, description="公" * 60000))
    assert response.status_code == 200
    assert "不超过 5000 字符" in response.content.decode()
    assert Organization.objects.get(pk=organization.pk).description == "原来的介绍"


def test_a_huge_post_description_is_a_400_from_the_api(owner):
    client, organization, _user = owner
    body = {"kind": "need", "resource_type": "goods", "title": "书", "description": "公" * 6000,
            "organization": organization.slug, "expires_on": "2099-01-01"}
    response = client.post("/api/posts/", json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert "description" in response.json()


# --- Profile edits are rate limited -----------------------------------------------------------

def test_profile_edits_are_rate_limited_with_a_429_page(owner, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "organization_update": "2/h"}
    client, organization, _user = owner
    for number in range(2):
        response = client.post(f"/orgs/{organization.slug}/edit/", form_data(organization, description=f"第{number}版"))
        assert response.status_code == 302
    response = client.post(f"/orgs/{organization.slug}/edit/", form_data(organization, description="第三版"))
    assert response.status_code == 429
    assert Organization.objects.get(pk=organization.pk).description == "第1版"


# --- Clearing an optional field that a page needs for a link ----------------------------------

def test_clearing_the_profile_address_keeps_the_current_one(owner):
    client, organization, _user = owner
    response = client.post(f"/orgs/{organization.slug}/edit/", form_data(organization, slug=""))
    assert response.status_code == 302
    assert Organization.objects.get(pk=organization.pk).slug == organization.slug
    assert client.get(response["Location"]).status_code == 200


def test_a_rejected_edit_with_a_cleared_address_shows_the_form_not_a_500(owner):
    client, organization, _user = owner
    response = client.post(f"/orgs/{organization.slug}/edit/",
                           form_data(organization, slug="", name="", website="not a url"))
    assert response.status_code == 200
    assert f'href="/orgs/{organization.slug}/"' in response.content.decode()


def test_clearing_the_website_and_optional_contacts_keeps_the_profile_rendering(owner):
    client, organization, _user = owner
    Organization.objects.filter(pk=organization.pk).update(website="https://example.org", weibo="abc")
    response = client.post(f"/orgs/{organization.slug}/edit/",
                           form_data(organization, website="", weibo="", wechat="", name_en="", contact_email=""))
    assert response.status_code == 302
    assert client.get(f"/orgs/{organization.slug}/").status_code == 200
    assert client.get(f"/en/orgs/{organization.slug}/").status_code == 200


def test_a_rejected_post_edit_keeps_the_page_links(owner):
    client, organization, _user = owner
    post = PostFactory(organization=organization)
    response = client.post(f"/en/posts/{post.pk}/edit/", {"title": "", "kind": "need", "resource_type": "goods"})
    assert response.status_code == 200
    assert f'href="/en/posts/{post.pk}/"' in response.content.decode()


def test_basic_auth_is_not_accepted_by_the_api(client):
    user = UserFactory()
    credentials = base64.b64encode(f"{user.email}:{PASSWORD}".encode()).decode()
    response = client.get("/api/matches/", HTTP_AUTHORIZATION=f"Basic {credentials}")
    assert response.status_code in (401, 403)


def test_every_free_text_form_field_has_a_maximum():
    import importlib
    import inspect

    from django import forms

    unbounded = []
    for app in sorted(PROJECT_APPS) + ["ngo20"]:
        for module_name in (f"{app}.forms", f"{app}.views.account"):
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError:
                continue
            for name, form in inspect.getmembers(module, inspect.isclass):
                if not issubclass(form, forms.BaseForm) or form.__module__ != module.__name__:
                    continue
                for field_name, field in form.base_fields.items():
                    if isinstance(field, forms.CharField) and not field.max_length:
                        unbounded.append(f"{name}.{field_name}")
    assert unbounded == []
