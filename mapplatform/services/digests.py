"""Area digests: what is new in the places people follow, found set-based and sent once.

A run first gathers the window's new needs, offers and newly published organizations once, into a
temporary table with a spatial index. It then takes the subscriptions of one frequency that are
due (looked at until before the period's cutoff) in batches. For each batch, one INSERT … SELECT
matches every subscription of the batch against those items (division codes by a hash join, boxes
by the items' spatial index) and records each pair as a DigestEntry; the unique constraints on
(subscription, item) make a second run, a retry or an overlap add nothing. The same transaction
moves the batch's `checked_until` to the cutoff and gathers each subscription's new entries into
one Digest. After the commit each digest's email is queued (common.transactions.on_commit_delay);
the worker sends it once by the digest's key (common.emails.email_send_once).

Where a post lies: its province is stored; its city and county are its organization's, and for a
person's own offer (no organization) the nearest county seat in its province, as divisions carry
no polygons below the province.
"""

import datetime

from django.conf import settings
from django.db import connection, transaction
from django.db.models import CharField, Exists, OuterRef, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone, translation

from common.emails import email_send_once, render_email, site_url
from common.models import SentEmail
from common.transactions import on_commit_delay
from orgs.models import OrganizationStatus

from ..models import AreaSubscription, Digest, DigestEntry, DigestFrequency, PostKind
from ..models.posts import ACTIVE_STATUSES
from .subscriptions import unsubscribe_token

BATCH_SIZE = 1000  # subscriptions per transaction
MAX_BATCHES_PER_RUN = 200  # a run stops after this many; the task queues itself for the rest
SHOWN_PER_EMAIL = 30  # items listed in one email; the rest are counted, with a link to the map
REQUEUE_AFTER = datetime.timedelta(minutes=15)  # an unsent digest older than this is queued again
REQUEUE_WITHIN = datetime.timedelta(days=3)
# By name: the tasks module imports this one.
SEND_TASK = "mapplatform.tasks.send_area_digest"


def period_cutoff(frequency, now=None):
    """The end of the period a run reports: today's midnight (Asia/Shanghai) for daily digests,
    this Monday's for weekly ones. A retried run on the same day gets the same cutoff."""
    local = timezone.localtime(now or timezone.now())
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    if frequency == DigestFrequency.WEEKLY:
        midnight -= datetime.timedelta(days=midnight.weekday())
    return midnight


# The new items of the window (since, cutoff]: open posts and newly published organizations, each
# with the places it lies in and its issue fields. Made once per run into a temporary table with a
# spatial index (the run's connection only), which every batch joins.
ITEMS_TABLE = "digest_items"
ITEMS_SQL = f"""
CREATE TEMPORARY TABLE {ITEMS_TABLE} AS
    SELECT p.id AS post_id, NULL::bigint AS organization_id, p.kind AS kind, p.resource_type,
           p.location, p.created_at AS new_at, p.province_id,
           COALESCE(o.city_id, near.city_id) AS city_id, COALESCE(o.county_id, near.county_id) AS county_id,
           ARRAY(SELECT pf.issuefield_id FROM mapplatform_resourcepost_issue_fields pf
                 WHERE pf.resourcepost_id = p.id) AS fields
    FROM mapplatform_resourcepost p
    LEFT JOIN orgs_organization o ON o.id = p.organization_id
    LEFT JOIN LATERAL (
        SELECT d.code AS county_id, CASE WHEN d.parent_id <> p.province_id THEN d.parent_id END AS city_id
        FROM orgs_division d
        WHERE p.organization_id IS NULL AND d.level = 'county' AND left(d.code, 2) = left(p.province_id, 2)
        ORDER BY d.centroid <-> p.location LIMIT 1
    ) near ON TRUE
    WHERE p.created_at > %(since)s AND p.created_at <= %(cutoff)s
      AND p.status = ANY(%(active)s) AND p.hidden_reason = '' AND p.expires_on >= %(today)s
      AND (p.organization_id IS NULL OR o.status = %(published)s)
  UNION ALL
    SELECT NULL, o.id, 'org', '', o.location, first.new_at, o.province_id, o.city_id, o.county_id,
           ARRAY(SELECT f.issuefield_id FROM orgs_organization_issue_fields f WHERE f.organization_id = o.id)
    FROM orgs_organization o
    CROSS JOIN LATERAL (
        SELECT COALESCE(
            (SELECT min(h.history_date) FROM orgs_historicalorganization h
             WHERE h.id = o.id AND h.status = %(published)s), o.created_at) AS new_at
    ) first
    WHERE o.status = %(published)s
      AND (o.created_at > %(since)s AND o.created_at <= %(cutoff)s
           OR o.id IN (SELECT h.id FROM orgs_historicalorganization h
                       WHERE h.history_date > %(since)s AND h.history_date <= %(cutoff)s
                         AND h.status = %(published)s))
      AND first.new_at > %(since)s AND first.new_at <= %(cutoff)s
"""

# The batch's subscriptions against the items: division codes by a hash join on the item's three
# places, boxes by the items' spatial index; then the narrowing, and each (subscription, item) once.
MATCH_SQL = f"""
WITH subs AS MATERIALIZED (
    SELECT s.id, s.division_id, s.box, s.checked_until, s.needs, s.offers, s.organizations, s.resource_types,
           ARRAY(SELECT sf.issuefield_id FROM mapplatform_areasubscription_issue_fields sf
                 WHERE sf.areasubscription_id = s.id) AS wanted
    FROM mapplatform_areasubscription s WHERE s.id = ANY(%(ids)s)
),
placed AS (
    SELECT i.*, place.code FROM pg_temp.{ITEMS_TABLE} i
    CROSS JOIN LATERAL unnest(ARRAY[i.province_id, i.city_id, i.county_id]) AS place(code)
    WHERE place.code IS NOT NULL
),
matched AS (
    SELECT s.*, i.post_id, i.organization_id, i.kind, i.resource_type, i.new_at, i.fields
    FROM subs s JOIN placed i ON i.code = s.division_id
  UNION ALL
    SELECT s.*, i.post_id, i.organization_id, i.kind, i.resource_type, i.new_at, i.fields
    FROM subs s JOIN pg_temp.{ITEMS_TABLE} i ON ST_Intersects(s.box, i.location)
    WHERE s.box IS NOT NULL
)
INSERT INTO mapplatform_digestentry (subscription_id, post_id, organization_id, created_at)
SELECT m.id, m.post_id, m.organization_id, now()
FROM matched m
WHERE m.new_at > m.checked_until
  AND CASE m.kind WHEN %(need)s THEN m.needs WHEN %(offer)s THEN m.offers ELSE m.organizations END
  AND (m.kind = 'org' OR cardinality(m.resource_types) = 0 OR m.resource_type = ANY(m.resource_types))
  AND (cardinality(m.wanted) = 0 OR m.wanted && m.fields)
ON CONFLICT DO NOTHING
"""

# Each subscription of the batch with unassigned entries gets one digest holding them.
DIGESTS_SQL = """
WITH made AS (
    INSERT INTO mapplatform_digest (subscription_id, created_at)
    SELECT DISTINCT e.subscription_id, now() FROM mapplatform_digestentry e
    WHERE e.digest_id IS NULL AND e.subscription_id = ANY(%(ids)s)
    RETURNING id, subscription_id
)
UPDATE mapplatform_digestentry e SET digest_id = made.id FROM made
WHERE e.subscription_id = made.subscription_id AND e.digest_id IS NULL
RETURNING made.id
"""


def items_prepare(*, since, cutoff):
    """Gather the window's new items into the connection's temporary table (see ITEMS_SQL)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{ITEMS_TABLE}")
        cursor.execute(ITEMS_SQL, {
            "since": since, "cutoff": cutoff, "today": timezone.localdate(cutoff),
            "active": [str(status) for status in ACTIVE_STATUSES], "published": str(OrganizationStatus.PUBLISHED),
        })
        cursor.execute(f"CREATE INDEX ON pg_temp.{ITEMS_TABLE} USING gist (location)")
        cursor.execute(f"ANALYZE pg_temp.{ITEMS_TABLE}")


def items_drop():
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{ITEMS_TABLE}")


def _due(frequency, cutoff):
    return AreaSubscription.objects.filter(frequency=frequency, checked_until__lt=cutoff)


def digest_batch(*, frequency, cutoff, batch_size=BATCH_SIZE, items_ready=False):
    """One batch: find, record and gather new items for up to `batch_size` due subscriptions.
    Returns (subscriptions done, digest ids made); (0, []) when none is due. `items_ready`: the
    run already gathered the items of a window that covers every due subscription's."""
    with transaction.atomic():
        ids = list(
            _due(frequency, cutoff).select_for_update(skip_locked=True)
            .order_by("frequency", "checked_until", "id")
            .values_list("id", flat=True)[:batch_size]
        )
        if not ids:
            return 0, []
        if not items_ready:
            since = AreaSubscription.objects.filter(pk__in=ids).order_by("checked_until").values_list(
                "checked_until", flat=True).first()
            items_prepare(since=since, cutoff=cutoff)
        with connection.cursor() as cursor:
            cursor.execute(MATCH_SQL, {"ids": ids, "need": str(PostKind.NEED), "offer": str(PostKind.OFFER)})
            AreaSubscription.objects.filter(pk__in=ids).update(checked_until=cutoff)
            cursor.execute(DIGESTS_SQL, {"ids": ids})
            digest_ids = sorted({row[0] for row in cursor.fetchall()})
        for digest_id in digest_ids:
            on_commit_delay(SEND_TASK, digest_id)
    return len(ids), digest_ids


def digests_run(*, frequency, cutoff=None, max_batches=MAX_BATCHES_PER_RUN, batch_size=BATCH_SIZE):
    """A run for one frequency: the window's items gathered once, then batches until none is due or
    `max_batches` were done. Returns {"subscriptions": n, "digests": n, "more": bool} (more: due
    subscriptions remain, for the task to queue itself again)."""
    cutoff = cutoff or period_cutoff(frequency)
    digests_requeue_unsent()
    since = _due(frequency, cutoff).order_by("checked_until").values_list("checked_until", flat=True).first()
    if since is None:
        return {"subscriptions": 0, "digests": 0, "more": False}
    subscriptions = digests = 0
    items_prepare(since=since, cutoff=cutoff)
    try:
        for _batch in range(max_batches):
            done, made = digest_batch(frequency=frequency, cutoff=cutoff, batch_size=batch_size, items_ready=True)
            if not done:
                return {"subscriptions": subscriptions, "digests": digests, "more": False}
            subscriptions += done
            digests += len(made)
    finally:
        items_drop()
    return {"subscriptions": subscriptions, "digests": digests, "more": _due(frequency, cutoff).exists()}


def digests_requeue_unsent(*, now=None, limit=1000):
    """Queue again the digests whose email was never sent (the process died between the commit and
    the queueing, say). Sending is by key, so a digest already queued is not sent twice."""
    now = now or timezone.now()
    sent = SentEmail.objects.filter(
        key=Concat(Value("area-digest:"), Cast(OuterRef("pk"), CharField())), sent_at__isnull=False
    )
    ids = list(
        Digest.objects.filter(created_at__lt=now - REQUEUE_AFTER, created_at__gt=now - REQUEUE_WITHIN)
        .exclude(Exists(sent)).order_by("id").values_list("id", flat=True)[:limit]
    )
    for digest_id in ids:
        on_commit_delay(SEND_TASK, digest_id)
    return len(ids)


def _entries(digest):
    return (
        DigestEntry.objects.filter(digest=digest)
        .select_related("post__organization", "post__author", "organization__province", "organization__county")
        .order_by("organization_id", "-post__created_at", "-id")
    )


def digest_email(digest):
    """(subject, body, headers) of a digest's email, in the site's language."""
    subscription = digest.subscription
    entries = list(_entries(digest)[:SHOWN_PER_EMAIL])
    total = DigestEntry.objects.filter(digest=digest).count()
    with translation.override(settings.LANGUAGE_CODE):
        token = unsubscribe_token(subscription)
        unsubscribe_url = site_url(reverse("mapplatform:unsubscribe", kwargs={"token": token}))
        context = {
            "subscription": subscription,
            "place": subscription.place_name,
            "posts": [(entry.post, site_url(entry.post.get_absolute_url())) for entry in entries if entry.post_id],
            "organizations": [(entry.organization, site_url(entry.organization.get_absolute_url()))
                              for entry in entries if entry.organization_id],
            "total": total,
            "more": total - len(entries),
            "map_url": site_url(reverse("mapplatform:map")),
            "manage_url": site_url(reverse("mapplatform:subscriptions")),
            "unsubscribe_url": unsubscribe_url,
        }
        subject, body = render_email("mapplatform/email/area_digest", context)
    headers = {"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return subject, body, headers


def digest_send(*, digest_id):
    """Send one digest's email once (by its key). Returns 1 if sent now, 0 otherwise (already sent,
    or the subscription was deleted since)."""
    digest = Digest.objects.select_related("subscription__user", "subscription__division").filter(pk=digest_id).first()
    if digest is None or not digest.subscription.user.is_active:
        return 0
    subject, body, headers = digest_email(digest)
    return int(email_send_once(key=digest.email_key, to=digest.subscription.user.email, subject=subject,
                               body=body, headers=headers))

