"""A small demo data set for trying the platform locally (never for production)."""

import random

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from .models import (
    Division,
    IssueField,
    Membership,
    MembershipRole,
    MembershipStatus,
    Organization,
)
from .rules import ASSESSORS, FUNDERS, MODERATORS, TRAINERS
from .services.search import organization_search_refresh

DEMO_USERS = [
    # email, display name, group, superuser, what the login is for
    ("admin@demo.ngo20.org", "管理员 Admin", None, True, "superuser"),
    ("moderator@demo.ngo20.org", "审核员 Moderator", MODERATORS, False, "moderator"),
    ("trainer@demo.ngo20.org", "培训师 Trainer", TRAINERS, False, "trainer"),
    ("assessor@demo.ngo20.org", "评估员 Assessor", ASSESSORS, False, "assessor"),
    ("funder@demo.ngo20.org", "资助方 Funder", FUNDERS, False, "funder"),
    ("ngo@demo.ngo20.org", "机构负责人 NGO owner", None, False, "owner of two organizations"),
    ("public@demo.ngo20.org", "公众 Public", None, False, "registered user with a pending claim"),
]

# slug, kind, name, English name, county code, fields, description, status
DEMO_ORGANIZATIONS = [
    ("green-kunming", "ngo", "昆明绿色流域协会", "Kunming Green Watershed Association", "530102",
     ["environment", "rural_development"], "在滇池流域开展社区参与式的水环境保护。", "published"),
    ("xian-rural-library", "ngo", "西安乡村图书馆计划", "Xi'an Rural Library Project", "610113",
     ["education", "children_youth"], "为陕西农村小学建设图书角、培训阅读志愿者。", "published"),
    ("hefei-disability-rehab", "ngo", "合肥启明康复服务中心", "Hefei Qiming Rehabilitation Centre", "340104",
     ["disability", "health_medical"], "为残障儿童提供社区康复和家长支持。", "published"),
    ("nanning-women-network", "ngo", "南宁妇女发展网络", "Nanning Women's Development Network", "450103",
     ["women_rights"], "支持进城务工女性的法律援助与技能培训。", "published"),
    ("chengdu-disaster-volunteers", "ngo", "成都社区应急志愿者联盟", "Chengdu Community Emergency Volunteers", "510104",
     ["disaster_management", "volunteer_services"], "培训社区应急志愿者，参与地震灾后重建。", "published"),
    ("guiyang-ict4d", "ngo", "贵阳公益信息技术服务社", "Guiyang ICT for NGOs", "520102",
     ["information_network", "sector_support"], "帮助草根公益组织用好互联网、微博和微信公众号。", "published"),
    ("lanzhou-elderly-care", "ngo", "兰州社区居家养老服务中心", "", "620102",
     ["elderly", "urban_community"], "为社区独居老人提供上门探访和助餐服务。", "published"),
    ("changsha-hiv-care", "ngo", "长沙红丝带关爱小组", "Changsha Red Ribbon Care Group", "430102",
     ["hiv_aids", "health_medical"], "艾滋病预防宣传与感染者同伴支持。", "published"),
    ("hope-foundation-demo", "foundation", "希望之光公益基金会", "Light of Hope Foundation", "110105",
     ["education", "sector_support"], "资助中西部草根组织的能力建设项目。", "published"),
    ("tech-csr-demo", "csr", "云信科技企业社会责任项目", "Yunxin Tech CSR Programme", "440305",
     ["csr", "information_network"], "向公益组织捐赠电脑设备并提供技术志愿者。", "published"),
    ("wuhan-youth-draft", "ngo", "武汉青年公益营", "Wuhan Youth Camp", "420106",
     ["children_youth"], "尚在完善中的机构资料。", "draft"),
]


def _user(email, display_name, group, superuser, password):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        email=email, defaults={"display_name": display_name, "is_staff": bool(group) or superuser}
    )
    if created:
        user.set_password(password)
        user.is_superuser = superuser
        user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


# Provinces of central and western China, where the program works, and a few others.
EXTRA_PROVINCES = ["510000", "530000", "520000", "610000", "620000", "450000", "430000", "420000",
                   "340000", "360000", "410000", "500000", "640000", "630000", "110000", "440000"]
EXTRA_WORDS = ["阳光", "绿源", "春苗", "互助", "微光", "乡土", "彩虹", "益行", "同心", "山水", "晨曦", "蒲公英"]
EXTRA_KINDS = ["ngo"] * 8 + ["foundation", "csr", "academic"]


def _extra_organizations(owner, fields, count):
    """More published organizations spread over the provinces, so survey results have groups."""
    rng = random.Random(2026)
    field_list = list(fields.values())
    created = 0
    for number in range(1, count + 1):
        slug = f"demo-org-{number:03d}"
        if Organization.objects.filter(slug=slug).exists():
            continue
        province = Division.objects.get(code=rng.choice(EXTRA_PROVINCES))
        county = rng.choice(
            list(Division.objects.filter(level="county", code__startswith=province.code[:2]).order_by("code")[:40])
        )
        city = county.parent if county.parent.level == "city" else None
        organization = Organization.objects.create(
            slug=slug,
            kind=rng.choice(EXTRA_KINDS),
            name=f"{county.name}{rng.choice(EXTRA_WORDS)}公益服务中心",
            province=province,
            city=city,
            county=county,
            location=county.centroid,
            status="published",
            created_by=owner,
            contact_email=f"contact+{slug}@demo.ngo20.org",
            staff_full_time=rng.randint(0, 12),
            volunteers=rng.randint(0, 200),
        )
        organization.issue_fields.set(rng.sample(field_list, rng.randint(1, 3)))
        organization_search_refresh(organization=organization)
        created += 1
    return created


@transaction.atomic
def demo_data_load(*, password, extra_organizations=150):
    users = {
        email: _user(email, name, group, superuser, password)
        for email, name, group, superuser, _role in DEMO_USERS
    }
    owner = users["ngo@demo.ngo20.org"]
    fields = {field.slug: field for field in IssueField.objects.all()}
    created = 0
    for slug, kind, name, name_en, county_code, field_slugs, description, status in DEMO_ORGANIZATIONS:
        county = Division.objects.select_related("parent").get(code=county_code)
        province = Division.objects.get(code=county.province_code)
        city = county.parent if county.parent.level == "city" else None
        organization, was_created = Organization.objects.get_or_create(
            slug=slug,
            defaults={
                "kind": kind,
                "name": name,
                "name_en": name_en,
                "description": description,
                "province": province,
                "city": city,
                "county": county,
                "location": county.centroid,
                "status": status,
                "created_by": owner,
                "staff_full_time": 3,
                "volunteers": 20,
            },
        )
        if was_created:
            created += 1
            organization.issue_fields.set([fields[s] for s in field_slugs])
    # The demo NGO owner manages two of them; the public user has a claim waiting.
    for slug in ("guiyang-ict4d", "wuhan-youth-draft"):
        Membership.objects.get_or_create(
            user=owner,
            organization=Organization.objects.get(slug=slug),
            defaults={"role": MembershipRole.OWNER, "status": MembershipStatus.APPROVED},
        )
    Membership.objects.get_or_create(
        user=users["public@demo.ngo20.org"],
        organization=Organization.objects.get(slug="guiyang-ict4d"),
        defaults={"role": MembershipRole.EDITOR, "status": MembershipStatus.PENDING,
                  "message": "我是这里的志愿者协调人。"},
    )
    created += _extra_organizations(owner, fields, extra_organizations)
    demo_slugs = [row[0] for row in DEMO_ORGANIZATIONS]
    return {
        "users": len(users),
        "organizations_created": created,
        "organizations": Organization.objects.filter(slug__in=demo_slugs).count()
        + Organization.objects.filter(slug__startswith="demo-org-").count(),
    }
