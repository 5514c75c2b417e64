from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError

from ..forms import DirectoryFilterForm
from ..models import OrganizationKind, OrganizationStatus, Region
from ..selectors import organization_list
from .serializers import OrganizationSerializer

FILTER_PARAMETERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Search text; two Chinese characters are enough."),
    OpenApiParameter("kind", OpenApiTypes.STR, enum=OrganizationKind.values, description="Kind of organization"),
    OpenApiParameter("field", OpenApiTypes.STR, description="Issue field key, e.g. environment"),
    OpenApiParameter("province", OpenApiTypes.STR, description="6-digit province code, e.g. 510000"),
    OpenApiParameter("region", OpenApiTypes.STR, enum=Region.values, description="NBS region"),
]


@extend_schema_view(list=extend_schema(parameters=FILTER_PARAMETERS))
class OrganizationViewSet(viewsets.ReadOnlyModelViewSet):
    """Published organizations. Bad filter values get a 400 that names the parameter."""

    serializer_class = OrganizationSerializer
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        if self.action != "list":
            return organization_list().filter(status=OrganizationStatus.PUBLISHED)
        form = DirectoryFilterForm(self.request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        return organization_list(filters=form.cleaned_data)
