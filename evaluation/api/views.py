"""API of the evaluation: one's own ratings, and the list of evaluated organizations."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from orgs.api.permissions import VerifiedForWrites
from orgs.models import Organization, OrganizationKind, Region

from ..forms import SORTS, TRANSPARENCY_MINIMA, FundersFilterForm
from ..method import CONFIDENCE, GRADES
from ..models import Rating
from ..selectors import funders_list, ratings_of
from ..services.ratings import rating_save


class RatingSerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Rating
        fields = ["id", "organization", "public_trust", "financial", "influence", "comment", "from_match", "status",
                  "updated_at"]


class RatingInputSerializer(serializers.Serializer):
    organization = serializers.SlugRelatedField(slug_field="slug", queryset=Organization.objects.all())
    public_trust = serializers.IntegerField()
    financial = serializers.IntegerField()
    influence = serializers.IntegerField()
    comment = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class RatingViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The signed-in user's ratings. POST creates or updates the rating of an organization."""

    serializer_class = RatingSerializer
    # Its write limit is rating_save's, shared with the web page.
    permission_classes = [permissions.IsAuthenticated, VerifiedForWrites]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Rating.objects.none()
        return ratings_of(user=self.request.user)

    @extend_schema(request=RatingInputSerializer, responses={200: RatingSerializer})
    def create(self, request):
        serializer = RatingInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        rating = rating_save(
            user=request.user, organization=data["organization"],
            scores={name: data[name] for name in ("public_trust", "financial", "influence")},
            comment=data.get("comment", ""),
        )
        return Response(RatingSerializer(rating).data, status=status.HTTP_200_OK)


class TrustSerializer(serializers.ModelSerializer):
    overall = serializers.DecimalField(source="trust_score_detail.overall", max_digits=4, decimal_places=1)
    grade = serializers.ChoiceField(source="trust_score_detail.grade", choices=[grade for grade, _floor in GRADES])
    confidence = serializers.ChoiceField(source="trust_score_detail.confidence",
                                         choices=[level for level, _floor in CONFIDENCE])
    public_trust = serializers.DecimalField(source="trust_score_detail.public_trust", max_digits=4, decimal_places=1)
    financial = serializers.DecimalField(source="trust_score_detail.financial", max_digits=4, decimal_places=1)
    influence = serializers.DecimalField(source="trust_score_detail.influence", max_digits=4, decimal_places=1)
    # The transparency index (0–100) and its parts by checklist category (method.TRANSPARENCY_INDICATORS).
    transparency_index = serializers.DecimalField(source="trust_score_detail.transparency_index", max_digits=4,
                                                  decimal_places=1)
    transparency_basic = serializers.DecimalField(source="trust_score_detail.transparency_basic", max_digits=4,
                                                  decimal_places=1)
    transparency_financial = serializers.DecimalField(source="trust_score_detail.transparency_financial",
                                                      max_digits=4, decimal_places=1)
    transparency_projects = serializers.DecimalField(source="trust_score_detail.transparency_projects", max_digits=4,
                                                     decimal_places=1)
    transparency_donors = serializers.DecimalField(source="trust_score_detail.transparency_donors", max_digits=4,
                                                   decimal_places=1)
    province = serializers.CharField(source="province_id")

    class Meta:
        model = Organization
        fields = ["slug", "name", "kind", "province", "overall", "grade", "confidence", "public_trust", "financial",
                  "influence", "transparency_index", "transparency_basic", "transparency_financial",
                  "transparency_projects", "transparency_donors"]


FUNDERS_PARAMETERS = [
    OpenApiParameter("kind", OpenApiTypes.STR, enum=OrganizationKind.values),
    OpenApiParameter("field", OpenApiTypes.STR, description="Issue field key, e.g. environment"),
    OpenApiParameter("province", OpenApiTypes.STR, description="6-digit province code, e.g. 510000"),
    OpenApiParameter("region", OpenApiTypes.STR, enum=Region.values),
    OpenApiParameter("grade", OpenApiTypes.STR, many=True, enum=[grade for grade, _floor in GRADES]),
    OpenApiParameter("confidence", OpenApiTypes.STR, many=True, enum=[level for level, _floor in CONFIDENCE]),
    OpenApiParameter("alumni", OpenApiTypes.BOOL, description="Workshop alumni only"),
    OpenApiParameter("transparency_min", OpenApiTypes.INT, enum=[int(value) for value, _label in TRANSPARENCY_MINIMA
                                                                 if value],
                     description="Transparency index at least this"),
    OpenApiParameter("sort", OpenApiTypes.STR, enum=[value for value, _label in SORTS]),
]


@extend_schema_view(list=extend_schema(parameters=FUNDERS_PARAMETERS))
class TrustViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Evaluated organizations with their trust scores, filtered and sorted like the funders' list."""

    serializer_class = TrustSerializer

    def get_queryset(self):
        form = FundersFilterForm(self.request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        return funders_list(filters=form.cleaned_data)
