"""Demo workshops: past ones with cohorts, attendance and alumni; an upcoming one taking
applications; a hackathon with challenges and teams."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from orgs.models import Organization, OrganizationStatus

from .models import (
    Application,
    Attendance,
    Challenge,
    Event,
    HackathonRegistration,
    Instructor,
    Session,
    Team,
    TeamMember,
)

PAST = [
    ("guangzhou-2024", "广州 Web 2.0 公益培训工作坊", "Guangzhou Web 2.0 workshop", "广州", datetime.date(2024, 7, 15)),
    ("kunming-2024", "昆明 Web 2.0 公益培训工作坊", "Kunming Web 2.0 workshop", "昆明", datetime.date(2024, 11, 11)),
    ("xian-2025", "西安 Web 2.0 公益培训工作坊", "Xi'an Web 2.0 workshop", "西安", datetime.date(2025, 5, 19)),
    ("hefei-2025", "合肥 Web 2.0 公益培训工作坊", "Hefei Web 2.0 workshop", "合肥", datetime.date(2025, 10, 20)),
]
SESSIONS = [("社交媒体如何服务公益使命", "壹基金“温暖包”传播案例"), ("微博与微信公众号运营", "“免费午餐”微博筹款案例"),
            ("网络筹款平台实操", "腾讯公益“99公益日”案例"), ("用数据讲好机构故事", "乡村图书馆年度报告案例")]


def _workshop(slug, title_zh, title_en, city, start, status):
    event, created = Event.objects.get_or_create(slug=slug, defaults={
        "title_zh": title_zh, "title_en": title_en, "city": city, "venue": f"{city}某大学培训中心",
        "description_zh": "通过案例教学，帮助中西部草根公益组织负责人用好互联网和社交媒体。",
        "description_en": "Case studies that help leaders of grassroots NGOs in central and western China use the Internet.",
        "starts_on": start, "ends_on": start + datetime.timedelta(days=2),
        "applications_open_on": start - datetime.timedelta(days=60),
        "applications_close_on": start - datetime.timedelta(days=20), "status": status,
    })
    if created:
        university = Instructor.objects.create(event=event, name="李老师", affiliation="中国科学技术大学")
        tech = Instructor.objects.create(event=event, name="王工程师", affiliation="草根技术团队")
        for index, (title, case) in enumerate(SESSIONS):
            starts = timezone.make_aware(datetime.datetime.combine(start + datetime.timedelta(days=index // 2),
                                                                   datetime.time(9 if index % 2 == 0 else 14)))
            Session.objects.create(event=event, title=title, case_study=case, starts_at=starts,
                                   ends_at=starts + datetime.timedelta(hours=3),
                                   instructor=university if index % 2 == 0 else tech)
    return event, created


@transaction.atomic
def demo_trainings_load():
    rng = random.Random(2024)
    eligible = list(
        Organization.objects.filter(status=OrganizationStatus.PUBLISHED, kind__in=["ngo", "foundation"],
                                    province__region__in=["central", "west"])
        .select_related("created_by").order_by("slug")
    )
    for slug, title_zh, title_en, city, start in PAST:
        event, created = _workshop(slug, title_zh, title_en, city, start, "completed")
        if not created:
            continue
        for organization in rng.sample(eligible, min(12, len(eligible))):
            if organization.created_by is None:
                continue
            application, made = Application.objects.get_or_create(
                event=event, organization=organization,
                defaults={"applicant": organization.created_by, "position": "coo", "job_title": "负责人",
                          "motivation": "希望学习用互联网讲好机构的故事。", "internet_use": "有微信公众号，更新不多。",
                          "status": "accepted"},
            )
            if made:
                Attendance.objects.bulk_create(Attendance(application=application, day=day, present=rng.random() < 0.9)
                                               for day in event.days())
    today = timezone.localdate()
    upcoming, created = _workshop("chengdu-upcoming", "成都 Web 2.0 公益培训工作坊", "Chengdu Web 2.0 workshop", "成都",
                                  today + datetime.timedelta(days=45), "published")
    if created:
        upcoming.applications_open_on = today - datetime.timedelta(days=10)
        upcoming.applications_close_on = today + datetime.timedelta(days=20)
        upcoming.save()
    hackathon, created = Event.objects.get_or_create(slug="hackathon-nanning", defaults={
        "kind": "hackathon", "title_zh": "南宁科技向善黑客松", "title_en": "Nanning tech-for-good hackathon",
        "city": "南宁", "starts_on": today + datetime.timedelta(days=30), "ends_on": today + datetime.timedelta(days=31),
        "applications_open_on": today - datetime.timedelta(days=5), "applications_close_on": today + datetime.timedelta(days=25),
        "status": "published", "eligible_regions": [], "eligible_fields": [],
    })
    if created and eligible:
        challenge = Challenge.objects.create(event=hackathon, organization=eligible[0], submitted_by=eligible[0].created_by,
                                             title="志愿者排班小程序", description="我们用表格排班，经常出错，希望有一个简单的小程序。")
        if eligible[0].created_by:
            registration = HackathonRegistration.objects.create(event=hackathon, user=eligible[0].created_by,
                                                                skills="前端开发")
            team = Team.objects.create(challenge=challenge, name="排班侠")
            TeamMember.objects.create(team=team, registration=registration)
    return {"events": Event.objects.count()}
