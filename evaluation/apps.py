from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "evaluation"
    verbose_name = _("Trust evaluation")

    def ready(self):
        # How this app's rows move when two organizations merge (orgs/services/merge.py).
        from . import merging

        merging.register()

        # The surveys app announces a new edition; the evaluation copies its points onto it.
        from surveys.signals import survey_edition_created

        from .services.points import on_survey_edition_created

        survey_edition_created.connect(on_survey_edition_created, dispatch_uid="evaluation_copy_answer_points")
