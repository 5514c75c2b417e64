"""Synthetic but realistic data at the scale of China's NGO sector.

Rows are made from their index with a seeded generator (random.Random(seed * 1_000_003 + index)),
so two runs give the same data and an interrupted run resumes where it stopped: each phase counts
the bench rows already there and continues from that index. Bulk inserts in batches.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.gis.geos import Point
from django.db import connection, transaction
from django.utils import timezone

from evaluation.models import Rating
from mapplatform.models import ResourcePost
from orgs.models import Division, IssueField, Organization
from surveys.models import Answer, Choice, Question, Response, Section, Survey

PREFIX = "bench"
BATCH = 5000
KINDS = ["ngo"] * 7 + ["foundation", "csr", "government", "academic"]
WORDS = ["阳光", "绿源", "春苗", "互助", "微光", "乡土", "彩虹", "益行", "同心", "山水", "晨曦", "蒲公英", "公益", "环保",
         "助学", "关爱", "社区", "志愿", "发展", "服务"]
SUFFIXES = ["公益服务中心", "志愿者协会", "发展促进会", "社会工作服务社", "公益基金会", "环保协会", "助学会"]
POST_TITLES = ["需要电脑", "招募志愿者", "寻求资助", "需要场地", "提供物资", "技术支持", "项目合作"]


def row_random(seed, index):
    return random.Random(seed * 1_000_003 + index)


class Generator:
    def __init__(self, *, seed, progress):
        self.seed = seed
        self.progress = progress
        self.counties = list(Division.objects.filter(level="county").values_list("code", "centroid", "parent_id"))
        self.province_of = {code: code[:2] + "0000" for code, _point, _parent in self.counties}
        self.fields = list(IssueField.objects.values_list("pk", flat=True))

    def _batches(self, name, start, total, make):
        for offset in range(start, total, BATCH):
            end = min(total, offset + BATCH)
            with transaction.atomic():
                make(offset, end)
            self.progress(name, end, total)

    # --- users ---
    def users(self, total):
        User = get_user_model()
        start = User.objects.filter(email__startswith=f"{PREFIX}-").count()

        def make(offset, end):
            User.objects.bulk_create(
                [User(email=f"{PREFIX}-{index:07d}@example.org", password="!", display_name=f"用户{index}")
                 for index in range(offset, end)],
                batch_size=BATCH,
            )

        self._batches("users", start, total, make)

    # --- organizations ---
    def organizations(self, total):
        start = Organization.objects.filter(slug__startswith=f"{PREFIX}-").count()
        through = Organization.issue_fields.through

        def make(offset, end):
            rows, field_rows = [], []
            for index in range(offset, end):
                rng = row_random(self.seed, index)
                code, centroid, parent = self.counties[rng.randrange(len(self.counties))]
                name = f"{rng.choice(WORDS)}{rng.choice(WORDS)}{rng.choice(SUFFIXES)}{index}"
                rows.append(Organization(
                    slug=f"{PREFIX}-{index:06d}", name=name, kind=rng.choice(KINDS), status="published",
                    description=f"{rng.choice(WORDS)}{rng.choice(WORDS)}：{rng.choice(POST_TITLES)}，服务{rng.randint(10, 5000)}人。",
                    province_id=self.province_of[code], county_id=code,
                    city_id=parent if parent != self.province_of[code] else None,
                    location=Point(centroid.x + rng.uniform(-0.15, 0.15), centroid.y + rng.uniform(-0.15, 0.15),
                                   srid=4326),
                    staff_full_time=rng.randint(0, 30), volunteers=rng.randint(0, 500),
                ))
            created = Organization.objects.bulk_create(rows, batch_size=BATCH)
            for organization in created:
                rng = row_random(self.seed, organization.pk)
                for field_id in rng.sample(self.fields, rng.randint(1, 3)):
                    field_rows.append(through(organization_id=organization.pk, issuefield_id=field_id))
            through.objects.bulk_create(field_rows, batch_size=BATCH)

        self._batches("organizations", start, total, make)

    def _org_ids(self):
        return list(Organization.objects.filter(slug__startswith=f"{PREFIX}-").order_by("pk").values_list(
            "pk", "location", "province_id"))

    # --- posts ---
    def posts(self, total):
        start = ResourcePost.objects.filter(title__startswith=f"[{PREFIX}]").count()
        organizations = self._org_ids()
        if not organizations:
            return
        today = timezone.localdate()

        def make(offset, end):
            rows = []
            for index in range(offset, end):
                rng = row_random(self.seed + 1, index)
                organization_id, location, province_id = organizations[rng.randrange(len(organizations))]
                rows.append(ResourcePost(
                    kind=rng.choice(["need", "offer"]),
                    resource_type=rng.choice(["goods", "volunteers", "funding", "venue", "skills", "media",
                                              "collaboration"]),
                    title=f"[{PREFIX}] {rng.choice(POST_TITLES)} {index}", organization_id=organization_id,
                    location=location, province_id=province_id,
                    expires_on=today + datetime.timedelta(days=rng.randint(10, 300)),
                ))
            ResourcePost.objects.bulk_create(rows, batch_size=BATCH)

        self._batches("posts", start, total, make)

    # --- ratings ---
    def ratings(self, total):
        User = get_user_model()
        users = list(User.objects.filter(email__startswith=f"{PREFIX}-").order_by("pk").values_list("pk", flat=True))
        organizations = [row[0] for row in self._org_ids()]
        if not users or not organizations:
            return
        # Resume from the ratings already made (pairs that collided were skipped, so this may
        # redo a few indexes; their duplicates are ignored).
        start = Rating.objects.filter(user__email__startswith=f"{PREFIX}-").count()
        now = timezone.now()

        def make(offset, end):
            rows = []
            for index in range(offset, end):
                rng = row_random(self.seed + 2, index)
                # Pairs spread so one person rates an organization at most once.
                user = users[index % len(users)]
                organization = organizations[(index // len(users) * 7919 + index) % len(organizations)]
                base = 2 + (organization % 3)
                rows.append(Rating(
                    user_id=user, organization_id=organization,
                    public_trust=max(1, min(5, base + rng.randint(-1, 1))),
                    financial=max(1, min(5, base + rng.randint(-1, 1))),
                    influence=max(1, min(5, base + rng.randint(-1, 1))),
                ))
            Rating.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
            # Spread over the last year so the burst check sees a history.
            Rating.objects.filter(created_at__gte=now).update(created_at=now - datetime.timedelta(days=30))

        self._batches("ratings", start, total, make)

    # --- survey responses ---
    def survey(self):
        survey, created = Survey.objects.get_or_create(slug=f"{PREFIX}-internet-use", defaults={
            "kind": "annual", "edition": 2030, "title_zh": "基准测试问卷", "title_en": "Bench survey",
            "opens_on": datetime.date(2030, 1, 1), "closes_on": datetime.date(2030, 12, 31), "status": "closed",
            "results_public": True})
        if created:
            section = Section.objects.create(survey=survey, title_zh="全部")
            for position, (key, kind, values) in enumerate([
                ("computers", "number", []), ("access", "single", ["broadband", "mobile", "shared", "none"]),
                ("uses", "multiple", ["publicity", "volunteers", "fundraising", "reporting", "services"]),
                ("confidence", "scale", []), ("has_wechat", "yes_no", []), ("backup", "single", ["regular", "sometimes", "never"]),
                ("training", "multiple", ["new_media", "fundraising", "data", "design"]), ("followers", "number", []),
            ]):
                question = Question.objects.create(survey=survey, section=section, key=key, type=kind, position=position,
                                                   text_zh=key, text_en=key)
                for index, value in enumerate(values):
                    Choice.objects.create(question=question, value=value, position=index, label_zh=value, label_en=value)
        return survey

    def responses(self, total):
        survey = self.survey()
        start = survey.responses.count()
        organizations = [row[0] for row in self._org_ids()]
        questions = list(survey.questions.prefetch_related("choices").order_by("position"))
        if not organizations:
            return survey
        submitted = timezone.make_aware(datetime.datetime(2030, 6, 1))

        def make(offset, end):
            responses = Response.objects.bulk_create([
                Response(survey=survey, organization_id=organizations[index % len(organizations)],
                         status="submitted", submitted_at=submitted)
                for index in range(offset, min(end, len(organizations)))
            ], batch_size=BATCH)
            answers = []
            for response in responses:
                rng = row_random(self.seed + 3, response.organization_id)
                for question in questions:
                    values = [choice.value for choice in question.choices.all()]
                    answer = Answer(response=response, question=question)
                    if question.type == "number":
                        answer.number = Decimal(rng.randint(0, 50 if question.key == "computers" else 20000))
                    elif question.type == "scale":
                        answer.number = Decimal(rng.randint(1, 5))
                    elif question.type == "yes_no":
                        answer.boolean = rng.random() < 0.6
                    elif question.type == "single":
                        answer.choices = [rng.choice(values)]
                    else:
                        answer.choices = rng.sample(values, rng.randint(1, len(values)))
                    answers.append(answer)
            Answer.objects.bulk_create(answers, batch_size=BATCH)

        self._batches("survey responses", start, min(total, len(organizations)), make)
        return survey

    def analyze(self):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
