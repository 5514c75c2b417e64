from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from orgs.models import IssueField, Organization

from ..models import Match, PostKind, ResourcePost, ResourceType

LOCATION_SCHEMA = {
    "type": "object",
    "properties": {"lon": {"type": "number"}, "lat": {"type": "number"}},
    "description": "WGS-84 longitude and latitude.",
}


class PostSerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)  # personal posts
    organization_name = serializers.CharField(source="organization.name", read_only=True, default="")
    province = serializers.CharField(source="province_id", read_only=True)
    issue_fields = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    location = serializers.SerializerMethodField()

    class Meta:
        model = ResourcePost
        fields = ["id", "kind", "resource_type", "title", "description", "quantity", "unit", "organization",
                  "organization_name", "province", "issue_fields", "location", "expires_on", "status", "created_at"]

    @extend_schema_field(LOCATION_SCHEMA)
    def get_location(self, post):
        return {"lon": round(post.location.x, 6), "lat": round(post.location.y, 6)}


class PostInputSerializer(serializers.Serializer):
    """What a client sends to create or change a post; rules are checked by the service."""

    kind = serializers.ChoiceField(choices=PostKind.choices)
    resource_type = serializers.ChoiceField(choices=ResourceType.choices)
    title = serializers.CharField(max_length=150)
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    quantity = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    unit = serializers.CharField(required=False, allow_blank=True, max_length=30)
    organization = serializers.SlugRelatedField(slug_field="slug", queryset=Organization.objects.all(),
                                                required=False, allow_null=True)
    lon = serializers.FloatField(required=False, min_value=-180, max_value=180)
    lat = serializers.FloatField(required=False, min_value=-90, max_value=90)
    expires_on = serializers.DateField()
    issue_fields = serializers.SlugRelatedField(slug_field="slug", queryset=IssueField.objects.all(), many=True,
                                                required=False)

    def validate(self, attrs):
        if ("lon" in attrs) != ("lat" in attrs):
            raise serializers.ValidationError(_("Give both lon and lat, or neither."))
        return attrs


class SuggestionReasonsSerializer(serializers.Serializer):
    same_type = serializers.BooleanField()
    shared_fields = serializers.IntegerField()
    km = serializers.IntegerField()
    age_days = serializers.IntegerField()


class SuggestedMatchSerializer(serializers.Serializer):
    """One suggestion for a post: the candidate of the other kind, its score (0–100) and why."""

    score = serializers.FloatField()
    reasons = SuggestionReasonsSerializer()
    post = PostSerializer()


class MatchSerializer(serializers.ModelSerializer):
    need = PostSerializer(read_only=True)
    offer = PostSerializer(read_only=True)

    class Meta:
        model = Match
        fields = ["id", "need", "offer", "status", "message", "created_at", "need_confirmed_at",
                  "offer_confirmed_at", "decided_at"]


class MatchInputSerializer(serializers.Serializer):
    need = serializers.PrimaryKeyRelatedField(queryset=ResourcePost.objects.all())
    offer = serializers.PrimaryKeyRelatedField(queryset=ResourcePost.objects.all())
    message = serializers.CharField(required=False, allow_blank=True, max_length=500)
