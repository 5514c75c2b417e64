import datetime

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from evaluation.models import Disclosure
from tests.orgs.factories import OrganizationFactory

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"

FINANCE = {"total_income": 1_200_000, "donation_income": 800_000, "government_purchase_income": 300_000,
           "programme_expense": 900_000, "administrative_expense": 150_000, "fundraising_expense": 50_000}


def pdf(name="report.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class DisclosureFactory(factory.django.DjangoModelFactory):
    """A pending income and expenditure summary for 2025, unless told otherwise."""

    class Meta:
        model = Disclosure

    organization = factory.SubFactory(OrganizationFactory)
    kind = "finance_summary"
    year = 2025
    title = factory.Sequence(lambda n: f"2025年度收支摘要{n}")
    details = factory.LazyFunction(lambda: dict(FINANCE))
    published_on = datetime.date(2026, 3, 1)
    status = "pending"
