"""Every <input type=date> carries an ISO value, the only one a browser keeps, in both languages."""

import datetime
import re

import pytest
from django.utils import timezone

from tests.mapplatform.factories import PostFactory
from tests.orgs.factories import MembershipFactory


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_post_edit_form_renders_the_expiry_date_in_iso(client, prefix):
    post = PostFactory(expires_on=datetime.date(2031, 1, 31))
    member = MembershipFactory(organization=post.organization).user
    client.force_login(member)
    html = client.get(f"{prefix}/posts/{post.pk}/edit/").content.decode()
    date_inputs = re.findall(r"<input[^>]*type=\"date\"[^>]*>", html)
    assert date_inputs, "the expiry date is a date picker"
    for tag in date_inputs:
        assert re.search(r'value="\d{4}-\d{2}-\d{2}"', tag), tag
    assert 'value="2031-01-31"' in date_inputs[0]


@pytest.mark.django_db
def test_post_edited_in_chinese_saves_without_retyping_the_date(client):
    """What the browser sends back unchanged (the ISO value) is accepted."""
    expires_on = timezone.localdate() + datetime.timedelta(days=45)
    post = PostFactory(expires_on=expires_on, title="需要课外读物")
    member = MembershipFactory(organization=post.organization).user
    client.force_login(member)
    response = client.post(f"/posts/{post.pk}/edit/", {
        "kind": post.kind, "resource_type": post.resource_type, "title": "需要课外读物 200 本",
        "description": "", "quantity": "", "unit": "", "expires_on": expires_on.isoformat(),
        "organization": post.organization.slug,
        "longitude": post.location.x, "latitude": post.location.y,
    })
    assert response.status_code == 302, response.context["form"].errors
    post.refresh_from_db()
    assert (post.title, post.expires_on) == ("需要课外读物 200 本", expires_on)
