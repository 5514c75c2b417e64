from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Division, IssueField, Organization


class DivisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Division
        fields = ["code", "name", "name_en", "level", "region"]


class IssueFieldSerializer(serializers.ModelSerializer):
    class Meta:
        model = IssueField
        fields = ["slug", "name_zh", "name_en", "workshop_field"]


class OrganizationSerializer(serializers.ModelSerializer):
    province = DivisionSerializer(read_only=True)
    city = DivisionSerializer(read_only=True, allow_null=True)
    county = DivisionSerializer(read_only=True, allow_null=True)
    issue_fields = IssueFieldSerializer(many=True, read_only=True)
    location = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Organization
        fields = [
            "slug",
            "url",
            "kind",
            "name",
            "name_en",
            "description",
            "issue_fields",
            "registration_status",
            "registration_year",
            "credit_code",
            "charity_recognized",
            "charity_recognized_year",
            "public_fundraising",
            "evaluation_grade",
            "evaluation_year",
            "founded_year",
            "staff_full_time",
            "staff_part_time",
            "volunteers",
            "service_area",
            "contact_email",
            "contact_phone",
            "website",
            "weibo",
            "wechat",
            "address",
            "province",
            "city",
            "county",
            "location",
            "updated_at",
        ]

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {"lon": {"type": "number"}, "lat": {"type": "number"}},
            "description": "WGS-84 longitude and latitude.",
        }
    )
    def get_location(self, organization):
        if organization.location is None:
            return None
        return {"lon": round(organization.location.x, 6), "lat": round(organization.location.y, 6)}

    def get_url(self, organization) -> str:
        request = self.context.get("request")
        path = organization.get_absolute_url()
        return request.build_absolute_uri(path) if request else path
