"""Synthetic but realistic data at the scale of China's NGO sector (up to 1,000,000 organizations).

Rows are made from their index with a seeded generator (random.Random(seed * 1_000_003 + index)),
so two runs give the same data and an interrupted run resumes where it stopped: each phase counts
the bench rows already there and continues from that index; a batch is one transaction.

Rows go in with COPY (ids reserved from the table's sequence first, so many-to-many rows need no
read-back), and memory stays flat: a batch is built, written and dropped; the only lists kept are
the ids of organizations and users (8 bytes each in an array). Columns a row does not set take the
model field's default, so new fields with defaults need no change here.
"""

import datetime
import json
import random
from array import array
from contextlib import contextmanager
from decimal import Decimal
from functools import lru_cache

from django.contrib.auth import get_user_model
from django.contrib.gis.geos import GEOSGeometry
from django.db import connection, models, transaction
from django.utils import timezone

from evaluation.models import Disclosure, DisclosureKind, DisclosureStatus, Rating
from mapplatform.models import ResourcePost
from orgs.models import Division, IssueField, Organization
from orgs.search import name_pinyin, normalize
from surveys.models import Answer, Choice, Question, Response, Section, Survey

from .words import Vocabulary

PREFIX = "bench"
BATCH = 5000
RATING_BATCH = 50_000
# From this many rows to load, a table's non-unique indexes are dropped first and built once at the
# end (building a GIN index in one pass is many times faster than updating it row by row).
DEFER_INDEXES_FROM = 20_000
KINDS = ["ngo"] * 7 + ["foundation", "csr", "government", "academic"]
POST_TITLES = ["需要电脑", "招募志愿者", "寻求资助", "需要场地", "提供物资", "技术支持", "项目合作", "需要图书", "招募讲师",
               "提供培训", "寻求媒体传播", "提供场地"]
RESOURCE_TYPES = ["goods", "volunteers", "funding", "venue", "skills", "media", "collaboration"]


def row_random(seed, index):
    return random.Random(seed * 1_000_003 + index)


def org_slug(index):
    return f"{PREFIX}-{index:07d}"


def reserve_ids(model, count):
    """`count` fresh primary keys from the table's own sequence (so later inserts never collide)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                       [model._meta.db_table, count])
        return [row[0] for row in cursor.fetchall()]


def copy_rows(model, rows):
    """COPY rows (dicts by attname) into the model's table; missing columns get the field default."""
    fields = [field for field in model._meta.concrete_fields if not getattr(field, "generated", False)]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    now = timezone.now()
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"

    def convert(field, item):
        if isinstance(item, GEOSGeometry):
            return item.ewkt
        if isinstance(field, models.JSONField):
            return json.dumps(item)
        return item

    # A column's default is worked out once per batch, not once per row (millions of rows);
    # a callable default (a fresh value per row) is still called per row.
    fixed = {}
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            fixed[field.attname] = now
        elif not callable(getattr(field, "default", None)):
            fixed[field.attname] = convert(field, field.get_default())
    plan = [(field.attname, field, fixed.get(field.attname, _PER_ROW), isinstance(field, (models.JSONField,))
             or isinstance(getattr(field, "geom_type", None), str)) for field in fields]

    def values(row):
        out = []
        for attname, field, default, needs_conversion in plan:
            if attname in row:
                item = row[attname]
                out.append(convert(field, item) if needs_conversion or isinstance(item, GEOSGeometry) else item)
            elif default is _PER_ROW:
                out.append(convert(field, field.get_default()))
            else:
                out.append(default)
        return out

    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(values(row))


_PER_ROW = object()


@contextmanager
def indexes_deferred(*model_tables, defer=True):
    """Load the tables without their non-unique indexes, then build each index once. The
    definitions are saved in a table before the indexes are dropped, so an interrupted run builds
    them when it passes here again (the unique indexes, primary keys included, always stay)."""
    tables = [getattr(item, "_meta", None) and item._meta.db_table or item for item in model_tables]
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_deferred_index "
                       "(name text PRIMARY KEY, tablename text NOT NULL, definition text NOT NULL)")
        if defer:
            with transaction.atomic():
                cursor.execute(
                    "INSERT INTO bench_deferred_index (name, tablename, definition) "
                    "SELECT ci.relname, t.relname, pg_get_indexdef(ci.oid) FROM pg_index x "
                    "JOIN pg_class ci ON ci.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
                    "WHERE t.relname = ANY(%s) AND NOT x.indisunique AND NOT x.indisprimary "
                    "ON CONFLICT (name) DO NOTHING RETURNING name", [tables])
                for (name,) in cursor.fetchall():
                    cursor.execute(f"DROP INDEX IF EXISTS {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '256MB'")
        cursor.execute("SELECT name, definition FROM bench_deferred_index WHERE tablename = ANY(%s) ORDER BY name",
                       [tables])
        for name, definition in cursor.fetchall():
            with transaction.atomic():
                cursor.execute(definition.replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", 1))
                cursor.execute("DELETE FROM bench_deferred_index WHERE name = %s", [name])
        cursor.execute("RESET maintenance_work_mem")


@lru_cache(maxsize=200_000)
def _part_search(part):
    """A name part normalised and in pinyin. Names are made of a few thousand parts (places, words,
    suffixes): each is converted once, where pypinyin takes ~0.5 ms per whole name."""
    return (normalize(part), *name_pinyin(part))


@lru_cache(maxsize=20_000)
def _normalize_once(text):
    return normalize(text)


class Generator:
    def __init__(self, *, seed, progress):
        self.seed = seed
        self.progress = progress
        divisions = {code: (name, level, parent) for code, name, level, parent in
                     Division.objects.values_list("code", "name", "level", "parent_id")}
        english = dict(Division.objects.values_list("code", "name_en"))
        self.counties = list(Division.objects.filter(level="county").order_by("code").values_list(
            "code", "centroid", "parent_id"))
        self.province_of = {code: code[:2] + "0000" for code, _point, _parent in self.counties}
        places, self.place_search = [], []
        for code, _point, parent in self.counties:
            province = divisions[self.province_of[code]][0]
            city = divisions[parent][0] if parent and parent != self.province_of[code] else ""
            places.append((province, city, divisions[code][0]))
            # What the search columns hold of the place (orgs.services.search: names of its
            # province, city and county, Chinese and English), normalised.
            codes = [self.province_of[code], parent if city else None, code]
            self.place_search.append([_normalize_once(text) for division in codes if division
                                      for text in (divisions[division][0], english[division]) if text])
        self.vocabulary = Vocabulary(seed=seed, places=places)
        self.fields = list(IssueField.objects.order_by("position", "pk").values_list("pk", "slug"))
        self.field_search = {pk: [_normalize_once(text) for text in names if text] for pk, *names in
                             IssueField.objects.values_list("pk", "name_zh", "name_en")}
        self.field_order = {pk: position for position, (pk, _slug) in enumerate(self.fields)}

    def _batches(self, name, start, total, make, size=BATCH):
        for offset in range(start, total, size):
            end = min(total, offset + size)
            with transaction.atomic():
                make(offset, end)
            self.progress(name, end, total)

    # --- users ---
    def users(self, total):
        User = get_user_model()
        start = User.objects.filter(email__startswith=f"{PREFIX}-").count()

        def make(offset, end):
            ids = reserve_ids(User, end - offset)
            copy_rows(User, (
                {"id": pk, "email": f"{PREFIX}-{index:07d}@example.org", "password": "!",
                 "display_name": f"用户{index}"}
                for pk, index in zip(ids, range(offset, end))
            ))

        self._batches("users", start, total, make, size=RATING_BATCH)

    # --- organizations ---
    def organization(self, index, *, details=True):
        """Everything about organization `index` that does not need the database (without
        `details`: only what its posts need, the same values)."""
        rng = row_random(self.seed, index)
        county = rng.randrange(len(self.counties))
        code, centroid, parent = self.counties[county]
        fields = rng.sample(self.fields, rng.randint(1, 3))
        slugs = [slug for _pk, slug in fields]
        org = {
            "kind": rng.choice(KINDS), "county": code, "city": parent if parent != self.province_of[code] else None,
            "province": self.province_of[code],
            "x": centroid.x + rng.uniform(-0.15, 0.15), "y": centroid.y + rng.uniform(-0.15, 0.15),
            "fields": [pk for pk, _slug in fields],
        }
        if details:
            parts = self.vocabulary.name_parts(rng, county_index=county, field_slugs=slugs)
            org.update({
                "name": "".join(parts), "name_parts": parts, "county_index": county,
                "description": self.vocabulary.description(rng, field_slugs=slugs),
                "staff": rng.randint(0, 30), "volunteers": rng.randint(0, 500),
            })
        return org

    def search_columns(self, org):
        """The organization's search columns as orgs.services.search would write them (names,
        places and issue fields normalised; pinyin of the name), from converted parts."""
        converted = [_part_search(part) for part in org["name_parts"]]
        shared = list(self.place_search[org["county_index"]])
        for pk in sorted(org["fields"], key=self.field_order.__getitem__):
            shared += self.field_search[pk]
        return {
            "search_text": " | ".join(["".join(text for text, _p, _i in converted), *shared]),
            "name_pinyin": "".join(pinyin for _t, pinyin, _i in converted),
            "name_initials": "".join(initials for _t, _p, initials in converted),
        }

    def organizations(self, total):
        start = Organization.objects.filter(slug__startswith=f"{PREFIX}-").count()
        through = Organization.issue_fields.through

        def make(offset, end):
            ids = reserve_ids(Organization, end - offset)
            rows, field_rows = [], []
            for pk, index in zip(ids, range(offset, end)):
                org = self.organization(index)
                rows.append({
                    "id": pk, "slug": org_slug(index), "name": org["name"], "kind": org["kind"], "status": "published",
                    "description": org["description"], "province_id": org["province"], "county_id": org["county"],
                    "city_id": org["city"], "location": GEOSGeometry(f"SRID=4326;POINT({org['x']} {org['y']})"),
                    "staff_full_time": org["staff"], "volunteers": org["volunteers"], **self.search_columns(org),
                    "registration_status": self.REGISTRATIONS[pk % len(self.REGISTRATIONS)],
                })
                field_rows += [{"organization_id": pk, "issuefield_id": field} for field in org["fields"]]
            copy_rows(Organization, rows)
            field_ids = reserve_ids(through, len(field_rows))
            copy_rows(through, ({**row, "id": pk} for pk, row in zip(field_ids, field_rows)))

        with indexes_deferred(Organization, through, defer=total - start >= DEFER_INDEXES_FROM):
            self._batches("organizations", start, total, make)

    def _org_ids(self):
        return array("q", Organization.objects.filter(slug__startswith=f"{PREFIX}-").order_by("slug").values_list(
            "pk", flat=True).iterator(chunk_size=50_000))

    # --- posts ---
    def posts(self, total):
        start = ResourcePost.objects.filter(title__startswith=f"[{PREFIX}]").count()
        organizations = self._org_ids()
        if not organizations:
            return
        today = timezone.localdate()
        through = ResourcePost.issue_fields.through
        org_kind = "org_kind" in {field.attname for field in ResourcePost._meta.concrete_fields}

        def make(offset, end):
            ids = reserve_ids(ResourcePost, end - offset)
            rows, field_rows = [], []
            for pk, index in zip(ids, range(offset, end)):
                rng = row_random(self.seed + 1, index)
                owner = rng.randrange(len(organizations))
                org = self.organization(owner, details=False)
                row = {
                    "id": pk, "kind": rng.choice(["need", "offer"]), "resource_type": rng.choice(RESOURCE_TYPES),
                    "title": f"[{PREFIX}] {rng.choice(POST_TITLES)} {index}", "organization_id": organizations[owner],
                    "location": GEOSGeometry(f"SRID=4326;POINT({org['x']} {org['y']})"), "province_id": org["province"],
                    "expires_on": today + datetime.timedelta(days=rng.randint(10, 300)), "status": "open",
                }
                if org_kind:
                    row["org_kind"] = org["kind"]  # denormalised for the map's filter
                rows.append(row)
                field_rows += [{"resourcepost_id": pk, "issuefield_id": field}
                               for field in org["fields"][:rng.randint(1, len(org["fields"]))]]
            copy_rows(ResourcePost, rows)
            field_ids = reserve_ids(through, len(field_rows))
            copy_rows(through, ({**row, "id": pk} for pk, row in zip(field_ids, field_rows)))

        with indexes_deferred(ResourcePost, through, defer=total - start >= DEFER_INDEXES_FROM):
            self._batches("posts", start, total, make)

    # --- ratings ---
    def ratings(self, total):
        User = get_user_model()
        users = array("q", User.objects.filter(email__startswith=f"{PREFIX}-").order_by("email").values_list(
            "pk", flat=True).iterator(chunk_size=50_000))
        organizations = self._org_ids()
        if not users or not organizations:
            return
        total = min(total, len(users) * len(organizations))
        start = Rating.objects.filter(user__email__startswith=f"{PREFIX}-").count()
        rated = timezone.now() - datetime.timedelta(days=30)  # a month old: the burst check sees a history

        def make(offset, end):
            rows = []
            # One generator per batch (batches start at multiples of RATING_BATCH, also on resume):
            # seeding one per row cost more than the rest of the row.
            rng = row_random(self.seed + 2, offset)
            for index in range(offset, end):
                # Rating `index` is the k-th of user u; k * a prime (coprime with any count of
                # organizations below it) gives each user distinct organizations.
                user, k = index % len(users), index // len(users)
                organization = organizations[(user * 7919 + k * 104_729) % len(organizations)]
                base = 2 + (organization % 3)
                rows.append({
                    "user_id": users[user], "organization_id": organization,
                    "public_trust": max(1, min(5, base + rng.randint(-1, 1))),
                    "financial": max(1, min(5, base + rng.randint(-1, 1))),
                    "influence": max(1, min(5, base + rng.randint(-1, 1))),
                    "created_at": rated, "updated_at": rated,
                })
            ids = reserve_ids(Rating, len(rows))
            copy_rows(Rating, ({**row, "id": pk} for pk, row in zip(ids, rows)))

        with indexes_deferred(Rating, defer=total - start >= DEFER_INDEXES_FROM * 10):
            self._batches("ratings", start, total, make, size=RATING_BATCH)

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
        organizations = self._org_ids()
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

    # --- disclosures (the transparency index) ---
    # Registration types in a realistic mix (id % 20): most grassroots groups registered as social
    # service organizations, a share unregistered or affiliated, some associations and foundations.
    REGISTRATIONS = (["social_service"] * 8 + ["unregistered"] * 4 + ["social_group"] * 3 + ["affiliated"] * 2
                     + ["foundation", "business", "social_organization"])
    DISCLOSURE_KINDS = ([DisclosureKind.ANNUAL_REPORT] * 25 + [DisclosureKind.FINANCE_SUMMARY] * 20
                        + [DisclosureKind.PROJECT] * 25 + [DisclosureKind.AUDITED_ACCOUNTS] * 8
                        + [DisclosureKind.GOVERNANCE] * 8 + [DisclosureKind.DONORS] * 6
                        + [DisclosureKind.CHARTER] * 4 + [DisclosureKind.REGISTRATION_CERTIFICATE] * 4)
    UNDATED = {DisclosureKind.CHARTER, DisclosureKind.REGISTRATION_CERTIFICATE}

    def registrations(self):
        """Registration types from the id, for organizations generated before the COPY wrote them
        (idempotent; rows already right are not written: an UPDATE of every row rewrote all the
        table's indexes and took minutes at 1,000,000)."""
        cases = " ".join(f"WHEN {n} THEN '{status}'" for n, status in enumerate(self.REGISTRATIONS))
        target = f"CASE id %% {len(self.REGISTRATIONS)} {cases} END"
        where = f"WHERE slug LIKE %s AND registration_status <> {target}"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM orgs_organization {where}", [f"{PREFIX}-%"])
            stale = cursor.fetchone()[0]
        if stale:
            with indexes_deferred(Organization, defer=stale >= DEFER_INDEXES_FROM), connection.cursor() as cursor:
                cursor.execute(f"UPDATE orgs_organization SET registration_status = {target} {where}", [f"{PREFIX}-%"])

    def disclosures(self, total):
        """Disclosures skewed toward some organizations (many disclose nothing, a few a lot), over
        the last six years; most verified, some pending, rejected or hidden."""
        start = Disclosure.objects.filter(title__startswith=f"[{PREFIX}]").count()
        organizations = self._org_ids()
        if not organizations:
            return
        this_year = timezone.localdate().year

        def make(offset, end):
            rows = []
            for index in range(offset, end):
                rng = row_random(self.seed + 4, index)
                organization = organizations[int(len(organizations) * rng.random() ** 2)]
                kind = rng.choice(self.DISCLOSURE_KINDS)
                year = None if kind in self.UNDATED else this_year - rng.choice([0, 1, 1, 1, 2, 2, 3, 4, 5])
                roll = rng.random()
                status = (DisclosureStatus.VERIFIED if roll < 0.8 else DisclosureStatus.PENDING if roll < 0.94
                          else DisclosureStatus.REJECTED)
                published = datetime.date(year or this_year - 3, 1, 1) + datetime.timedelta(days=rng.randint(90, 360))
                rows.append({
                    "organization_id": organization, "kind": kind, "year": year,
                    "title": f"[{PREFIX}] {kind} {year or ''}", "published_on": min(published, timezone.localdate()),
                    "status": status, "rejection_reason": "不清晰" if status == DisclosureStatus.REJECTED else "",
                    "is_hidden": status == DisclosureStatus.VERIFIED and rng.random() < 0.03,
                    "reviewed_at": None if status == DisclosureStatus.PENDING else timezone.now(),
                })
            ids = reserve_ids(Disclosure, len(rows))
            copy_rows(Disclosure, ({**row, "id": pk} for pk, row in zip(ids, rows)))

        self._batches("disclosures", start, total, make)

    def analyze(self):
        with connection.cursor() as cursor:
            # What autovacuum does in production, done before measuring: a previous run's import
            # and digests leave dead rows and pending entries in the search's GIN indexes, which
            # every search then scans (the slowest class's p95: 63 ms before, 52 ms after).
            if not connection.in_atomic_block:  # VACUUM cannot run in a transaction (a test's)
                cursor.execute("VACUUM (ANALYZE) orgs_organization")
            cursor.execute("ANALYZE")
