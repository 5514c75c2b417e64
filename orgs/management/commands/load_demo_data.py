"""Load the demo data set (idempotent) and print the demo logins."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from orgs.services.demo import DEMO_USERS, demo_data_load


class Command(BaseCommand):
    help = "Create demo users and organizations for local use. Safe to re-run; refuses in production."

    def add_arguments(self, parser):
        parser.add_argument("--logins-only", action="store_true", help="Only print the demo logins.")
        parser.add_argument("--force", action="store_true", help="Allow with DEBUG off (staging).")

    def handle(self, *args, logins_only=False, force=False, **options):
        password = getattr(settings, "DEMO_PASSWORD", "ngo20-demo-2026")
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
        self.stdout.write("Demo logins (password for all: %s):" % password)
        for email, _name, _group, _superuser, role in DEMO_USERS:
            self.stdout.write(f"  {email:<28} {role}")
