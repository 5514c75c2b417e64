"""A place's page in the directory: a province, prefecture-level city or county, its
organizations, the divisions under it, and the sections other apps register (orgs/places.py)."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from common.pagination import CappedPaginator

from ..places import place_sections
from ..selectors import division_children, division_with_parents, organizations_in_division

PLACE_PAGE_SIZE = 20


def place(request, code):
    division, parents = division_with_parents(code=code)
    if division is None:
        raise Http404(_("No such province, city or county."))
    page = CappedPaginator(organizations_in_division(division=division), PLACE_PAGE_SIZE).get_page(
        request.GET.get("page"))
    sections = []
    for section in place_sections():
        answer = section.context(division=division, user=request.user)
        if answer is not None:
            sections.append((section.template, answer))
    return render(request, "orgs/place.html", {
        "division": division,
        "parents": parents,
        "children": list(division_children(parent_code=division.code)) if division.level != "county" else [],
        "page": page,
        "sections": sections,
        "query": "",
    })
