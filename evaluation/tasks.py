"""Celery tasks of the evaluation: recomputing trust scores (thin wrappers, safe to repeat)."""

from celery import shared_task

from .selectors import organizations_changed_since_scored
from .services.scoring import organization_recompute, scores_recompute_all


@shared_task
def recompute_organization(organization_id):
    return organization_recompute(organization_id=organization_id)


@shared_task
def recompute_changed():
    """Every minute (beat): recompute organizations whose evidence changed since their score."""
    changed = organizations_changed_since_scored()
    for organization_id in changed:
        organization_recompute(organization_id=organization_id)
    return len(changed)


@shared_task
def recompute_all():
    """Nightly (beat): every organization in one set-based statement, locked against overlap; the
    rating summaries are rebuilt first, repairing any rating written around the services."""
    return scores_recompute_all(refresh_summaries=True)
