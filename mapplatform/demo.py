"""Demo needs, offers and matched cases, so the map looks alive after `make run`."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from orgs.models import Organization, OrganizationStatus

from .models import Match, MatchStatus, PostKind, PostStatus, ResourcePost

NEEDS = [
    ("goods", "需要二手电脑 {n} 台", "用于乡村学校的电脑教室", "台"),
    ("volunteers", "招募周末支教志愿者 {n} 名", "每周六上午，为留守儿童辅导功课", "人"),
    ("funding", "寻求社区项目资助", "为社区老人助餐点筹集一年运营经费", "元"),
    ("skills", "需要志愿者帮忙做公众号", "每月排版两篇文章，帮助我们讲好故事", ""),
    ("venue", "需要周末活动场地", "可容纳 30 人的培训教室", ""),
    ("media", "寻求媒体报道", "希望记者关注河流保护行动", ""),
]
OFFERS = [
    ("goods", "捐赠办公电脑 {n} 台", "八成新台式机，可自提", "台"),
    ("funding", "小额资助：社区发展项目", "每个项目最高 5 万元，面向中西部草根组织", "元"),
    ("skills", "技术志愿者：帮公益组织建网站", "周末远程协助", ""),
    ("volunteers", "大学生志愿者团队可参与活动", "20 人，寒暑假时间充裕", "人"),
    ("collaboration", "寻找合作伙伴开展环境教育", "提供课程包与培训", ""),
    ("media", "免费拍摄公益宣传片", "为三家机构各拍一部短片", ""),
]


@transaction.atomic
def demo_posts_load():
    """Two or three posts per demo organization and a few matched cases. Idempotent."""
    if ResourcePost.objects.filter(title__startswith="【示例】").exists():
        return {"posts": ResourcePost.objects.filter(title__startswith="【示例】").count(), "created": 0}
    rng = random.Random(2027)
    today = timezone.localdate()
    organizations = list(
        Organization.objects.filter(status=OrganizationStatus.PUBLISHED, location__isnull=False)
        .prefetch_related("issue_fields").order_by("slug")
    )
    created = []
    for organization in organizations:
        templates = NEEDS if organization.kind == "ngo" else OFFERS
        kind = PostKind.NEED if organization.kind == "ngo" else PostKind.OFFER
        for resource_type, title, description, unit in rng.sample(templates, rng.randint(1, 3)):
            amount = rng.choice([2, 5, 10, 20])
            post = ResourcePost.objects.create(
                kind=kind,
                resource_type=resource_type,
                title="【示例】" + title.format(n=amount),
                description=description,
                quantity=amount if unit else None,
                unit=unit,
                organization=organization,
                author=organization.created_by,
                location=organization.location,
                province_id=organization.province_id,
                expires_on=today + datetime.timedelta(days=rng.randint(20, 120)),
            )
            post.issue_fields.set(organization.issue_fields.all())
            created.append(post)
    needs = [post for post in created if post.kind == PostKind.NEED]
    offers = [post for post in created if post.kind == PostKind.OFFER]
    now = timezone.now()
    for need in rng.sample(needs, min(8, len(needs))):
        # Two independent sides: another organization (the database insists).
        others = [o for o in offers if o.organization_id != need.organization_id]
        if not others:
            continue
        offer = rng.choice([o for o in others if o.resource_type == need.resource_type] or others)
        if Match.objects.filter(need=need, offer=offer).exists():
            continue
        Match.objects.create(need=need, offer=offer, status=MatchStatus.ACCEPTED, proposed_by=offer.author,
                             need_confirmed_at=now, offer_confirmed_at=now, decided_at=now,
                             need_confirmed_by=need.author, decided_by=need.author,
                             # The demo's one author cannot confirm both sides (match_two_confirmers).
                             offer_confirmed_by=offer.author if offer.author_id != need.author_id else None)
        ResourcePost.objects.filter(pk__in=[need.pk, offer.pk]).update(status=PostStatus.MATCHED)
    return {"posts": len(created), "created": len(created)}
