"""The area digest's benchmark: many subscriptions over the generated data, a day's new needs,
offers and organizations, and one daily digest run measured (time, queries, digests, emails).

The run is split as it is in production: the beat's task (set-based selection in batches, one
transaction each) and the workers' part (render and send each digest once, by its key). Emails go
to Django's dummy backend; the SentEmail rows count them. A second run with the same cutoff (a
retried task) must find nothing to send. Rows of this benchmark start with "bench-digest".
"""

import datetime
import os
import random
import time

from django.contrib.auth import get_user_model
from django.contrib.gis.geos import Point, Polygon
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

from common.models import SentEmail
from mapplatform.models import AreaSubscription, Digest, DigestEntry, ResourcePost
from mapplatform.services import digests as digest_service
from orgs.models import Division, IssueField, Organization

PREFIX = "bench-digest"
RESOURCE_TYPES = ["goods", "volunteers", "funding", "venue", "skills", "media", "collaboration"]


def load():
    return round(os.getloadavg()[0], 2)


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def clean(log=print):
    """Remove the rows of an earlier run (subscriptions cascade to their digests and entries)."""
    User = get_user_model()
    users = User.objects.filter(email__startswith=f"{PREFIX}-")
    AreaSubscription.objects.filter(user__in=users).delete()
    ResourcePost.objects.filter(title__startswith=f"[{PREFIX}]").delete()
    Organization.objects.filter(slug__startswith=f"{PREFIX}-").delete()
    SentEmail.objects.filter(key__startswith="area-digest:").delete()
    log("  cleaned the previous run")


def reset(log=print):
    """Reuse the subscriptions and new items of an earlier run: forget what it sent and look again
    from just before the new items. Returns the sizes, or None when there is nothing to reuse."""
    User = get_user_model()
    subscriptions = AreaSubscription.objects.filter(user__email__startswith=f"{PREFIX}-")
    first = ResourcePost.objects.filter(title__startswith=f"[{PREFIX}]").order_by("created_at").values_list(
        "created_at", flat=True).first()
    if first is None or not subscriptions.exists():
        return None
    Digest.objects.filter(subscription__in=subscriptions).delete()
    DigestEntry.objects.filter(subscription__in=subscriptions).delete()
    SentEmail.objects.filter(key__startswith="area-digest:").delete()
    first_org = Organization.objects.filter(slug__startswith=f"{PREFIX}-").order_by("created_at").values_list(
        "created_at", flat=True).first() or first
    subscriptions.update(checked_until=min(first, first_org) - datetime.timedelta(seconds=1))
    log("  reusing the subscriptions and new items of the previous run")
    return {"subscriptions": subscriptions.count(),
            "users": User.objects.filter(email__startswith=f"{PREFIX}-").count(),
            "new_posts": ResourcePost.objects.filter(title__startswith=f"[{PREFIX}]").count(),
            "new_organizations": Organization.objects.filter(slug__startswith=f"{PREFIX}-").count()}


def prepare(*, subscriptions, per_user, new_posts, new_orgs, seed, log=print):
    """Users, subscriptions looked at until a minute ago, and the new items of the window."""
    rng = random.Random(seed)
    User = get_user_model()
    user_count = max(1, subscriptions // per_user)
    existing = User.objects.filter(email__startswith=f"{PREFIX}-").count()
    User.objects.bulk_create(
        [User(email=f"{PREFIX}-{index:07d}@example.org", password="!", display_name=f"关注者{index}")
         for index in range(existing, user_count)], batch_size=5000)
    user_ids = list(User.objects.filter(email__startswith=f"{PREFIX}-").order_by("id").values_list("id", flat=True))
    counties = list(Division.objects.filter(level="county").values_list("code", "parent_id", "centroid"))
    provinces = list(Division.objects.filter(level="province").values_list("code", flat=True))
    fields = list(IssueField.objects.values_list("pk", flat=True))
    since = timezone.now() - datetime.timedelta(minutes=1)
    through = AreaSubscription.issue_fields.through
    made = 0
    while made < subscriptions:
        batch = []
        for index in range(made, min(subscriptions, made + 5000)):
            code, parent, centroid = rng.choice(counties)
            roll = rng.random()
            place = {}
            if roll < 0.6:
                place["division_id"] = code
            elif roll < 0.8:
                place["division_id"] = parent  # a city, or the province for a municipality's county
            elif roll < 0.9:
                place["division_id"] = rng.choice(provinces)
            else:
                place["box"] = Polygon.from_bbox((centroid.x - 0.3, centroid.y - 0.2, centroid.x + 0.3, centroid.y + 0.2))
            batch.append(AreaSubscription(
                user_id=user_ids[index % len(user_ids)], frequency="daily", checked_until=since,
                resource_types=[rng.choice(RESOURCE_TYPES)] if rng.random() < 0.2 else [],
                offers=rng.random() > 0.1, **place))
        with transaction.atomic():
            created = AreaSubscription.objects.bulk_create(batch)
            through.objects.bulk_create([
                through(areasubscription_id=subscription.pk, issuefield_id=rng.choice(fields))
                for subscription in created if rng.random() < 0.3])
        made += len(batch)
        log(f"  subscriptions {made:>9,}/{subscriptions:,}")
    organizations = list(Organization.objects.filter(status="published", county__isnull=False).exclude(
        slug__startswith=f"{PREFIX}-").order_by("?").values_list("id", "kind", "location", "province_id")[:new_posts])
    today = timezone.localdate()
    posts = ResourcePost.objects.bulk_create([
        ResourcePost(kind=rng.choice(["need", "offer"]), resource_type=rng.choice(RESOURCE_TYPES),
                     title=f"[{PREFIX}] 新需求 {index}", organization_id=org_id, org_kind=kind, location=location,
                     province_id=province, expires_on=today + datetime.timedelta(days=30))
        for index, (org_id, kind, location, province) in enumerate(organizations)], batch_size=5000)
    ResourcePost.issue_fields.through.objects.bulk_create([
        ResourcePost.issue_fields.through(resourcepost_id=post.pk, issuefield_id=rng.choice(fields)) for post in posts])
    new = []
    for index in range(new_orgs):
        code, parent, centroid = rng.choice(counties)
        new.append(Organization(
            kind="ngo", name=f"新机构{index}", slug=f"{PREFIX}-{index:06d}", status="published",
            province_id=code[:2] + "0000", city_id=parent if parent != code[:2] + "0000" else None, county_id=code,
            location=Point(centroid.x + rng.uniform(-0.1, 0.1), centroid.y + rng.uniform(-0.1, 0.1), srid=4326)))
    Organization.objects.bulk_create(new, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE mapplatform_areasubscription, mapplatform_areasubscription_issue_fields, "
                       "mapplatform_digestentry, mapplatform_resourcepost, orgs_organization")
    log(f"  new in the window: {len(posts):,} posts, {len(new):,} organizations")
    return {"subscriptions": subscriptions, "users": user_count, "new_posts": len(posts), "new_organizations": len(new)}


def measure(*, batch_size, send_sample=None, log=print):
    """One daily run at a cutoff of now: selection (the beat's task), then sending (the workers'),
    then the same run again (a retry). Returns the figures."""
    cutoff = timezone.now()
    queued = []
    original = digest_service.on_commit_delay
    # The digests the run queues for the workers; sent below, as the workers would.
    digest_service.on_commit_delay = lambda task, digest_id: queued.append(digest_id)
    counter = QueryCounter()
    load_before = load()
    try:
        with connection.execute_wrapper(counter):
            started = time.perf_counter()
            result = digest_service.digests_run(frequency="daily", cutoff=cutoff, max_batches=10**6,
                                                batch_size=batch_size)
            select_seconds = time.perf_counter() - started
        select_queries = counter.count
        log(f"  selection: {result['subscriptions']:,} subscriptions, {result['digests']:,} digests "
            f"in {select_seconds:.1f}s, {select_queries:,} queries")
        counter.count = 0
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), \
                connection.execute_wrapper(counter):
            started = time.perf_counter()
            # Workers send in parallel in production; one process here sends a sample (or all).
            sample = queued if send_sample is None else queued[:send_sample]
            sent = sum(digest_service.digest_send(digest_id=digest_id) for digest_id in sample)
            send_seconds = time.perf_counter() - started
        send_queries = counter.count
        log(f"  sending: {sent:,} emails in {send_seconds:.1f}s, {send_queries:,} queries")
        counter.count = 0
        with connection.execute_wrapper(counter):
            started = time.perf_counter()
            again = digest_service.digests_run(frequency="daily", cutoff=cutoff, max_batches=10**6,
                                               batch_size=batch_size)
            again_seconds = time.perf_counter() - started
    finally:
        digest_service.on_commit_delay = original
    return {
        "batch_size": batch_size,
        "subscriptions_looked_at": result["subscriptions"],
        "digests": result["digests"],
        "entries": DigestEntry.objects.filter(digest__in=Digest.objects.filter(pk__in=queued)).count() if queued else 0,
        "select_seconds": round(select_seconds, 2), "select_queries": select_queries,
        "emails_sent": sent, "send_seconds": round(send_seconds, 2), "send_queries": send_queries,
        "ms_per_email": round(1000 * send_seconds / max(sent, 1), 2),
        "all_emails_one_worker_seconds": round(send_seconds / max(sent, 1) * len(queued), 1),
        "repeat_run": {"digests": again["digests"], "seconds": round(again_seconds, 2), "queries": counter.count},
        "sent_email_rows": SentEmail.objects.filter(key__startswith="area-digest:", sent_at__isnull=False).count(),
        "load_average_before": load_before, "load_average_after": load(),
        "cpu_count": os.cpu_count(),
    }


def markdown(report):
    size, figures = report["sizes"], report["figures"]
    lines = [
        f"Digest run over {size['subscriptions']:,} daily subscriptions ({size['users']:,} users); new in the "
        f"window: {size['new_posts']:,} posts, {size['new_organizations']:,} organizations.",
        "",
        "| phase | time | queries | result |",
        "|---|---:|---:|---|",
        f"| selection (beat task, batches of {figures['batch_size']:,}) | {figures['select_seconds']} s | "
        f"{figures['select_queries']:,} | {figures['subscriptions_looked_at']:,} subscriptions, "
        f"{figures['digests']:,} digests, {figures['entries']:,} entries |",
        f"| sending (workers' part, dummy SMTP) | {figures['send_seconds']} s | {figures['send_queries']:,} | "
        f"{figures['emails_sent']:,} emails, {figures['ms_per_email']} ms each; all {figures['digests']:,} on "
        f"one worker ≈ {figures['all_emails_one_worker_seconds']} s |",
        f"| the same run again (a retry) | {figures['repeat_run']['seconds']} s | {figures['repeat_run']['queries']} | "
        f"{figures['repeat_run']['digests']} digests |",
        "",
        f"Load average (1 min) {figures['load_average_before']} before, {figures['load_average_after']} after, "
        f"on {figures['cpu_count']} cores.",
    ]
    return "\n".join(lines)
