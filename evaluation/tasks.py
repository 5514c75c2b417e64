"""Celery tasks of the evaluation: recomputing trust scores (thin wrappers, safe to repeat)."""

from smtplib import SMTPException

from celery import shared_task

from orgs.services.pagecache import organization_page_changed, organization_pages_all_changed

from .selectors import organizations_changed_since_scored, sector_figures_cached
from .services.disclosure_notifications import disclosure_review_notify
from .services.scoring import organization_recompute, scores_recompute_all


@shared_task
def recompute_organization(organization_id):
    result = organization_recompute(organization_id=organization_id)
    organization_page_changed(organization_id)  # the page explains the score
    return result


@shared_task
def recompute_changed():
    """Every minute (beat): recompute organizations whose evidence changed since their score."""
    changed = organizations_changed_since_scored()
    for organization_id in changed:
        organization_recompute(organization_id=organization_id)
    organization_page_changed(*changed)
    return len(changed)


@shared_task
def recompute_all():
    """Nightly (beat): every organization in one set-based statement, locked against overlap; the
    rating summaries are rebuilt first, repairing any rating written around the services."""
    result = scores_recompute_all(refresh_summaries=True)
    organization_pages_all_changed()
    sector_figures_cached(refresh=True)  # the public figures page reads them from the cache
    return result


@shared_task(autoretry_for=(SMTPException, ConnectionError), retry_backoff=True, max_retries=5)
def notify_disclosure_review(disclosure_id, reviewed_at):
    """Tell the member how their disclosure was reviewed (once per review)."""
    return disclosure_review_notify(disclosure_id=disclosure_id, reviewed_at=reviewed_at)
