"""API views: thin, parsing with forms or serializers and calling selectors and services."""

from django.contrib.gis.geos import Point
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from orgs.api.permissions import VerifiedForWrites
from orgs.models import OrganizationKind, Region

from ..forms import LAYERS, MapFilterForm, MapViewForm
from ..models import Match, PostKind, ResourcePost, ResourceType
from ..selectors import (
    map_features_document,
    map_list,
    matched_cases,
    matches_of_user,
    posts_on_map,
    PROVINCE_METRICS,
    province_layer_document,
)
from ..services.matches import match_decide, match_propose, match_withdraw
from ..services.matching import suggested_matches
from ..services.posts import post_close, post_create, post_update
from .serializers import (
    MatchInputSerializer,
    MatchSerializer,
    PostInputSerializer,
    PostSerializer,
    SuggestedMatchSerializer,
)

MAP_PARAMETERS = [
    OpenApiParameter("bbox", OpenApiTypes.STR, required=True, description="west,south,east,north in WGS-84 degrees"),
    OpenApiParameter("zoom", OpenApiTypes.INT, description="Map zoom 0–20; clusters below 11"),
    OpenApiParameter("layer", OpenApiTypes.STR, enum=[value for value, _label in LAYERS],
                     description="orgs (default) or posts"),
    OpenApiParameter("field", OpenApiTypes.STR, description="Issue field key"),
    OpenApiParameter("org_kind", OpenApiTypes.STR, enum=OrganizationKind.values),
    OpenApiParameter("province", OpenApiTypes.STR, description="6-digit province code"),
    OpenApiParameter("region", OpenApiTypes.STR, enum=Region.values),
    OpenApiParameter("resource_type", OpenApiTypes.STR, enum=ResourceType.values),
    OpenApiParameter("post_kind", OpenApiTypes.STR, enum=PostKind.values, description="need or offer"),
]


def _map_params(request):
    form = MapViewForm(request.query_params)
    if not form.is_valid():
        raise ValidationError(form.errors)
    return form.cleaned_data


class MapFeaturesView(APIView):
    """Clusters (low zoom) or points (high zoom) in the visible box: a bounded GeoJSON document."""

    @extend_schema(parameters=MAP_PARAMETERS, responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        params = _map_params(request)
        document = map_features_document(layer=params["layer"], bbox=params["bbox"], zoom=params["zoom"], filters=params)
        return HttpResponse(document, content_type="application/json")


class MapListView(APIView):
    """The organizations or posts in the visible box, newest first, 20 at a time."""

    @extend_schema(parameters=[*MAP_PARAMETERS, OpenApiParameter("page", OpenApiTypes.INT)],
                   responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        params = _map_params(request)
        queryset = map_list(layer=params["layer"], bbox=params["bbox"], filters=params)
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(queryset, request, view=self)
        rows = [
            {"id": obj.pk, "name": getattr(obj, "name", None) or obj.title, "url": obj.get_absolute_url(),
             "kind": getattr(obj, "kind", ""), "province": obj.province.display_name,
             "lon": round(obj.location.x, 6), "lat": round(obj.location.y, 6)}
            for obj in page
        ]
        return paginator.get_paginated_response(rows)


class ProvinceLayerView(APIView):
    """Province outlines with a count each: organizations (default) or open needs."""

    @extend_schema(parameters=[OpenApiParameter("metric", OpenApiTypes.STR, enum=["orgs", "needs"], description="orgs or needs")],
                   responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        metric = request.query_params.get("metric", "orgs")
        if metric not in PROVINCE_METRICS:
            raise ValidationError({"metric": ["orgs or needs"]})
        english = getattr(request, "LANGUAGE_CODE", "zh-hans").startswith("en")
        return HttpResponse(province_layer_document(metric=metric, english=english), content_type="application/json")


class MatchedCasesView(APIView):
    """Matched cases whose need is in the box, as lines from offer to need."""

    @extend_schema(parameters=MAP_PARAMETERS[:1], responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        params = _map_params(request)
        features = [
            {"type": "Feature",
             "geometry": {"type": "LineString", "coordinates": [[m.offer.location.x, m.offer.location.y],
                                                                [m.need.location.x, m.need.location.y]]},
             "properties": {"id": m.pk, "need": m.need.title, "offer": m.offer.title,
                            "need_url": m.need.get_absolute_url(), "offer_url": m.offer.get_absolute_url()}}
            for m in matched_cases(bbox=params["bbox"])
        ]
        return Response({"type": "FeatureCollection", "features": features})


def _post_input(request, partial=False):
    serializer = PostInputSerializer(data=request.data, partial=partial)
    serializer.is_valid(raise_exception=True)
    data = dict(serializer.validated_data)
    if "lon" in data:
        data["location"] = Point(data.pop("lon"), data.pop("lat"), srid=4326)
    return data


class PostViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Open needs and offers; members create and change their organization's posts."""

    serializer_class = PostSerializer

    def get_permissions(self):
        if self.action in ("list", "retrieve"):
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated(), VerifiedForWrites()]

    def get_queryset(self):
        if self.action == "list":
            form = MapFilterForm(self.request.query_params)
            if not form.is_valid():
                raise ValidationError(form.errors)
            queryset = posts_on_map(filters=form.cleaned_data)
        else:
            queryset = ResourcePost.objects.shown()
        return queryset.select_related("organization").prefetch_related("issue_fields").order_by("-created_at", "-pk")

    @extend_schema(request=PostInputSerializer, responses={201: PostSerializer})
    def create(self, request):
        data = _post_input(request)
        organization = data.pop("organization", None)
        issue_fields = data.pop("issue_fields", ())
        post = post_create(user=request.user, organization=organization, data=data, issue_fields=issue_fields)
        return Response(PostSerializer(post).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PostInputSerializer, responses={200: PostSerializer})
    def partial_update(self, request, pk=None):
        post = self.get_object()
        data = _post_input(request, partial=True)
        data.pop("organization", None)
        issue_fields = data.pop("issue_fields", None)
        post = post_update(post=post, user=request.user, data=data, issue_fields=issue_fields)
        return Response(PostSerializer(post).data)

    @extend_schema(request=None, responses={200: PostSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return Response(PostSerializer(post_close(post=self.get_object(), user=request.user)).data)

    @extend_schema(responses={200: SuggestedMatchSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None)  # at most 10, never paged
    def suggestions(self, request, pk=None):
        """The best-ranked posts of the other kind, with scores and reasons (for the post's owners)."""
        post = self.get_object()
        if not request.user.has_perm("mapplatform.act_for_post", post):
            self.permission_denied(request, message="Only the post's organization sees its suggestions.")
        return Response(SuggestedMatchSerializer(
            [{"score": score, "reasons": reasons, "post": candidate}
             for score, candidate, reasons in suggested_matches(post=post)], many=True).data)


class MatchViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Matches involving the user's organizations or personal posts; propose, accept, decline."""

    serializer_class = MatchSerializer
    permission_classes = [permissions.IsAuthenticated, VerifiedForWrites]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return Match.objects.none()
        return matches_of_user(user=self.request.user).prefetch_related(
            "need__issue_fields", "offer__issue_fields"
        )

    @extend_schema(request=MatchInputSerializer, responses={201: MatchSerializer})
    def create(self, request):
        serializer = MatchInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        match = match_propose(user=request.user, **serializer.validated_data)
        return Response(MatchSerializer(match).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: MatchSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return Response(MatchSerializer(match_decide(match=self.get_object(), user=request.user, accept=True)).data)

    @extend_schema(request=None, responses={200: MatchSerializer})
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return Response(MatchSerializer(match_decide(match=self.get_object(), user=request.user, accept=False)).data)

    @extend_schema(request=None, responses={200: MatchSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return Response(MatchSerializer(match_withdraw(match=self.get_object(), user=request.user)).data)
