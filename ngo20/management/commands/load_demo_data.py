"""Load the demo data set of every app (idempotent) and print the demo logins."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from evaluation.demo import demo_evaluation_load
from mapplatform.demo import demo_posts_load
from orgs.demo import DEMO_USERS, demo_data_load
from surveys.demo import demo_surveys_load
from surveys.models import Response
from surveys.services.summary import organization_summary_refresh
from trainings.demo import demo_trainings_load


class Command(BaseCommand):
    help = "Create demo users, organizations and surveys for local use. Safe to re-run; refuses in production."

    def add_arguments(self, parser):
        parser.add_argument("--logins-only", action="store_true", help="Only print the demo logins.")
        parser.add_argument("--force", action="store_true", help="Allow with DEBUG off (staging).")

    def handle(self, *args, logins_only=False, force=False, **options):
        password = settings.DEMO_PASSWORD
        if not logins_only:
            if not settings.DEBUG and not force:
                raise CommandError("Demo data is for development (DEBUG=true); use --force on staging.")
            counts = demo_data_load(password=password)
            self.stdout.write(
                self.style.SUCCESS(
                    f"demo: {counts['users']} users, {counts['organizations']} organizations "
                    f"({counts['organizations_created']} new)"
                )
            )
            surveys = demo_surveys_load()
            for organization_id in Response.objects.filter(show_on_profile=True).values_list("organization_id", flat=True).distinct():
                organization_summary_refresh(organization_id=organization_id)
            self.stdout.write(self.style.SUCCESS(f"demo: {surveys['surveys']} surveys, {surveys['responses']} responses"))
            posts = demo_posts_load()
            self.stdout.write(self.style.SUCCESS(f"demo: {posts['posts']} needs and offers on the map"))
            trainings = demo_trainings_load()
            self.stdout.write(self.style.SUCCESS(f"demo: {trainings['events']} workshops and hackathons"))
            trust = demo_evaluation_load(password=password)
            self.stdout.write(self.style.SUCCESS(f"demo: {trust['scored']} organizations with a trust score"))
        self.stdout.write(f"Demo logins (password for all: {password}):")
        for email, _name, _group, _superuser, role in DEMO_USERS:
            self.stdout.write(f"  {email:<28} {role}")
