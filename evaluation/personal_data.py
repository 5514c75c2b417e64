"""What the trust evaluation holds about a person: ratings and comments, reports on ratings, field
visits recorded as an assessor, shortlists (registered with common.personal_data)."""

from django.db.models import Q
from django.utils.translation import gettext as _

from common.personal_data import register

from .models import (
    AssessorAssignment,
    Disclosure,
    FieldEvaluation,
    FieldEvaluationStatus,
    Rating,
    RatingFlag,
    Shortlist,
)
from .services.recompute import schedule_recompute

EXPORT_LIMIT = 5000


def _iso(value):
    return value.isoformat() if value else None


def export_ratings(user):
    return [
        {"organization": rating.organization.slug, "public_trust": rating.public_trust,
         "financial": rating.financial, "influence": rating.influence, "comment": rating.comment,
         "from_match": rating.from_match, "status": rating.status, "rated": _iso(rating.created_at),
         "updated": _iso(rating.updated_at)}
        for rating in Rating.objects.filter(user=user).select_related("organization").order_by("-pk")[:EXPORT_LIMIT]
    ]


def export_rating_reports(user):
    return [
        {"rating": flag.rating_id, "reason": flag.reason, "resolved": flag.resolved, "created": _iso(flag.created_at)}
        for flag in RatingFlag.objects.filter(flagged_by=user).order_by("-pk")[:EXPORT_LIMIT]
    ]


def export_field_visits(user):
    return [
        {"organization": visit.organization.slug, "visit_date": _iso(visit.visit_date),
         "public_trust": visit.score_public_trust, "financial": visit.score_financial,
         "influence": visit.score_influence, "evidence": visit.evidence, "recommendation": visit.recommendation,
         "status": visit.status}
        for visit in FieldEvaluation.objects.filter(assessor=user).select_related("organization").order_by("-pk")[
            :EXPORT_LIMIT]
    ]


def export_shortlist(user):
    return [
        {"organization": row.organization.slug, "note": row.note, "added": _iso(row.created_at)}
        for row in Shortlist.objects.filter(user=user).select_related("organization").order_by("-pk")[:EXPORT_LIMIT]
    ]


def erase_ratings(user):
    """Ratings are the person's opinions: deleted, and their organizations' scores recomputed. The
    rating history keeps its rows (what the score was built from) without naming the author."""
    ratings = Rating.objects.filter(user=user)
    organization_ids = set(ratings.values_list("organization_id", flat=True))
    count = ratings.count()
    ratings.delete()
    Rating.history.filter(Q(user_id=user.pk) | Q(history_user=user)).update(user_id=None, history_user=None)
    for organization_id in organization_ids:
        schedule_recompute(organization_id)
    RatingFlag.objects.filter(flagged_by=user, resolved=False).delete()
    RatingFlag.objects.filter(flagged_by=user).update(flagged_by=None)
    return [_("Ratings and comments deleted: %(count)d.") % {"count": count}] if count else []


def erase_field_visits(user):
    """An approved visit is the organization's evaluation record: it stays, by "a former assessor".
    Visits not approved yet are deleted (they never counted), and so are the assignments."""
    visits = FieldEvaluation.objects.filter(assessor=user)
    unapproved = visits.exclude(status=FieldEvaluationStatus.APPROVED)
    deleted = unapproved.count()
    unapproved.delete()
    kept = visits.update(assessor=None)
    AssessorAssignment.objects.filter(assessor=user).delete()
    lines = []
    if kept:
        lines.append(_('Approved field visits kept, attributed to "a former assessor": %(count)d.') % {"count": kept})
    if deleted:
        lines.append(_("Field visits not yet approved deleted: %(count)d.") % {"count": deleted})
    return lines


def erase_shortlist(user):
    count = Shortlist.objects.filter(user=user).delete()[1].get(Shortlist._meta.label, 0)
    return [_("Shortlisted organizations deleted: %(count)d.") % {"count": count}] if count else []


def export_disclosures(user):
    """Items the person published for an organization (as its member)."""
    return [
        {"organization": item.organization.slug, "kind": item.kind, "year": item.year, "title": item.title,
         "published_on": _iso(item.published_on), "status": item.status, "created": _iso(item.created_at)}
        for item in Disclosure.objects.filter(created_by=user).select_related("organization").order_by("-pk")[
            :EXPORT_LIMIT]
    ]


def erase_disclosures(user):
    """A disclosure is the organization's public record, not the person's: it stays, without naming
    who uploaded or reviewed it (in its history too)."""
    count = Disclosure.objects.filter(created_by=user).update(created_by=None)
    Disclosure.objects.filter(reviewed_by=user).update(reviewed_by=None)
    Disclosure.history.filter(created_by_id=user.pk).update(created_by_id=None)
    Disclosure.history.filter(reviewed_by_id=user.pk).update(reviewed_by_id=None)
    Disclosure.history.filter(history_user=user).update(history_user=None)
    if not count:
        return []
    return [_("Disclosures you published kept for their organizations, without your name: %(count)d.")
            % {"count": count}]


register(name="disclosures", export=export_disclosures, erase=erase_disclosures, order=10)
register(name="ratings", export=export_ratings, erase=erase_ratings, order=10)
register(name="rating_reports", export=export_rating_reports, order=10)
register(name="field_visits", export=export_field_visits, erase=erase_field_visits, order=10)
register(name="shortlist", export=export_shortlist, erase=erase_shortlist, order=10)
