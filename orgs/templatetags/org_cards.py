"""Directory cards, each cached until its organization changes (orgs/fragments.py)."""

from django import template
from django.utils.safestring import mark_safe

from ..fragments import organization_fragments
from ..selectors import organizations_for_cards

register = template.Library()


@register.simple_tag
def org_cards(organizations):
    """The cards of these organizations, rendered from orgs/_org_card.html. A page of twenty
    rendered afresh took about a third of a directory search; from the cache, one round trip."""
    organizations = list(organizations)
    # The directory's rows carry only the id and updated_at (SearchPaginator(stubs=True)).
    stubs = any(organization.get_deferred_fields() for organization in organizations)
    fragments = organization_fragments(
        organizations, name="org-card", template_name="orgs/_org_card.html",
        stamp=lambda organization: organization.updated_at,
        read_whole=(lambda ids: organizations_for_cards(ids=ids)) if stubs else None)
    return mark_safe("".join(fragments))
