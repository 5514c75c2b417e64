"""The trust score method: every weight and threshold in one place, and the earlier versions.

The methodology page renders these numbers, and the SQL in services/scoring.py uses them (as query
parameters), so the published method and the computed scores cannot drift apart. Each score and
each history row records the METHOD_VERSION that made it; VERSIONS keeps what earlier versions
used, so a score computed under one of them can still be read against its own rules.

Version 3 adds a fourth source, the transparency index: a published checklist of disclosures
(TRANSPARENCY_INDICATORS, modelled on the China Foundation Center's FTI categories) scored from the
organization's verified disclosures; it counts toward public trust and financial management.

Version 2 is built so that more positive evidence can only raise a score: every source starts at
the neutral 50 and moves away from it as its evidence accumulates, and the sources are averaged
with fixed weights. (Version 1 weighed each source by how much evidence it had, so a source whose
value sat below the others, such as a first confirmed match worth 20, pulled a dimension down.)
"""

import datetime
from decimal import Decimal

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from dataclasses import dataclass

from orgs.models import OrganizationKind, RegistrationStatus

METHOD_VERSION = "v3"

# Only organizations that can be rated get a score: grassroots NGOs, foundations and CSR
# programs, the ones funders choose between. Government bodies, academic institutions and media
# cannot be rated, and a score built from the other sources alone would be compared with scores
# that include the public's view; they get none.
SCORED_KINDS = (OrganizationKind.NGO, OrganizationKind.FOUNDATION, OrganizationKind.CSR)

# Every source, and a source with no evidence, counts as NEUTRAL_SCORE (0–100).
NEUTRAL_SCORE = 50

# Fixed weights of the sources in each dimension (matches count toward social influence only).
WEIGHT_PUBLIC = Decimal("0.30")
WEIGHT_FIELD = Decimal("0.50")
WEIGHT_SELF = Decimal("0.20")  # capped: self-reported
WEIGHT_MATCHES = Decimal("0.10")
# The transparency index (0–100) as a source of public trust (the whole index) and of financial
# management (its financial part). It counts as NEUTRAL_SCORE + (100 − NEUTRAL_SCORE) × index / 100:
# nothing disclosed is the neutral 50, a full checklist 100, so each verified disclosure can only
# raise a dimension.
WEIGHT_TRANSPARENCY = Decimal("0.30")

# Public ratings (1–5): a Bayesian average pulled toward PRIOR_MEAN with the weight of PRIOR_VOTES
# imagined votes, so a handful of ratings cannot swing a score. A rating's weight halves every
# RATING_HALF_LIFE_YEARS, as field visits' do: an opinion from years ago says less about today.
PRIOR_MEAN = Decimal("3.0")
PRIOR_VOTES = 10
RATING_MIN, RATING_MAX = 1, 5
RATING_HALF_LIFE_YEARS = 2
# Decayed sums are kept relative to this day (see RatingSummary), so ageing needs no rewrite.
DECAY_EPOCH = datetime.date(2020, 1, 1)

# Field evaluations: levels 0–5 (× 20 gives 0–100), averaged by weight; a visit's weight halves
# every FIELD_HALF_LIFE_YEARS. FIELD_PRIOR_VISITS imagined visits at the neutral score keep one
# old visit from counting as much as a fresh one.
FIELD_LEVEL_MAX = 5
FIELD_HALF_LIFE_YEARS = 2
FIELD_PRIOR_VISITS = Decimal("0.25")

# Confirmed matches: each different partner organization (or person) counts once, however many
# matches the pair confirmed. The value is 100 per partner averaged with MATCHES_PRIOR neutral
# imagined partners: 1 partner 58.3, 5 partners 75, 15 partners 87.5.
MATCHES_PRIOR = 5

# Grade bands on the overall score (0–100).
GRADES = [("A", 85), ("B", 70), ("C", 55), ("D", 40), ("E", 0)]

# Confidence from how much evidence there is.
EVIDENCE_POINTS = {
    "self_evaluation": 1,
    "field_recent": 2,  # an approved field evaluation less than FIELD_RECENT_YEARS old
    "ratings_10": 1,  # ratings weighing RATINGS_FEW or more (old ones weigh less)
    "ratings_30": 1,  # a second point from RATINGS_MANY on
    "matches": 1,
}
FIELD_RECENT_YEARS = 3
RATINGS_FEW = 10
RATINGS_MANY = 30
CONFIDENCE = [("high", 4), ("medium", 2), ("low", 0)]
CONFIDENCE_LABELS = {"high": _("High"), "medium": _("Medium"), "low": _("Low")}


def confidence_label(level):
    """The translated label of a confidence level (the code is kept for URLs and the API)."""
    return CONFIDENCE_LABELS.get(level, level)


# Bursts: ratings in the last hour far above the organization's usual hourly rate are held.
BURST_WINDOW_MINUTES = 60
BURST_MIN_RATINGS = 5
BURST_FACTOR = 10
BURST_BASELINE_DAYS = 30

# The field visit rubric: what each level means, for each dimension.
RUBRIC = {
    "public_trust": [
        _("0: no public information about the organization's work"),
        _("1: some information, not kept up to date"),
        _("2: regular public updates on activities"),
        _("3: an annual report published"),
        _("4: annual report and a working complaints channel"),
        _("5: full transparency, independently checked"),
    ],
    "financial": [
        _("0: no bookkeeping"),
        _("1: basic bookkeeping"),
        _("2: separate accounts and receipts kept"),
        _("3: financial statements published"),
        _("4: statements audited"),
        _("5: audited statements and a board that oversees finances"),
    ],
    "influence": [
        _("0: no activity seen"),
        _("1: activities for a few people"),
        _("2: a steady group of beneficiaries"),
        _("3: recognised in its community"),
        _("4: works with government, media or other organizations"),
        _("5: its model is taken up by others"),
    ],
}

# The transparency index: a published checklist of what an organization discloses, modelled on the
# China Foundation Center's Foundation Transparency Index (FTI) categories — basic information,
# financial information, projects, donors. Only verified disclosures that are not hidden count.
# Each indicator names the disclosure kind (evaluation.models.DisclosureKind values), its points
# (all indicators add up to 100), how recent an item must be, how many items it needs, and the
# organizations it applies to (kinds, and registration types where it matters). An organization's
# index is the points it earned as a share of the points that apply to it, so a CSR program is not
# marked down for lacking a charter it cannot have.


class TransparencyCategory:
    BASIC = "basic"
    FINANCIAL = "financial"
    PROJECTS = "projects"
    DONORS = "donors"


TRANSPARENCY_CATEGORIES = {
    TransparencyCategory.BASIC: _("Basic information"),
    TransparencyCategory.FINANCIAL: _("Financial information"),
    TransparencyCategory.PROJECTS: _("Projects"),
    TransparencyCategory.DONORS: _("Donors"),
}

# Registered with civil affairs (民政): they have a charter and file annual reports and audits.
CIVIL_AFFAIRS = (RegistrationStatus.SOCIAL_GROUP, RegistrationStatus.SOCIAL_SERVICE, RegistrationStatus.FOUNDATION,
                 RegistrationStatus.SOCIAL_ORGANIZATION)
# Any registration that comes with a certificate (civil affairs or business registration).
REGISTERED = (*CIVIL_AFFAIRS, RegistrationStatus.BUSINESS)
INDEPENDENT_KINDS = (OrganizationKind.NGO, OrganizationKind.FOUNDATION)  # CSR programs are a company's


@dataclass(frozen=True)
class Indicator:
    """One line of the checklist. `recent_years`: the item's year (or, without one, its publication
    year) must be this year or at most that many years before; None: any year (a charter)."""

    code: str
    category: str
    disclosure_kind: str
    points: Decimal
    label: str
    recent_years: int | None = None
    min_count: int = 1
    kinds: tuple = SCORED_KINDS
    registrations: tuple | None = None  # None: any registration status

    def applies_to(self, *, kind, registration_status):
        return kind in self.kinds and (self.registrations is None or registration_status in self.registrations)


# An item dated last year or the year before counts as recent (this year's too, when it exists).
TRANSPARENCY_RECENT_YEARS = 2

TRANSPARENCY_INDICATORS = (
    Indicator("registration_certificate", TransparencyCategory.BASIC, "registration_certificate", Decimal("4"),
              _("Registration certificate"), kinds=INDEPENDENT_KINDS, registrations=REGISTERED),
    Indicator("charter", TransparencyCategory.BASIC, "charter", Decimal("4"), _("Charter"),
              kinds=INDEPENDENT_KINDS, registrations=CIVIL_AFFAIRS),
    Indicator("governance", TransparencyCategory.BASIC, "governance", Decimal("8"),
              _("Board and governance members, current"), recent_years=TRANSPARENCY_RECENT_YEARS,
              kinds=INDEPENDENT_KINDS),
    Indicator("annual_report", TransparencyCategory.FINANCIAL, "annual_report", Decimal("8"),
              _("Annual work report for last year or the year before"), recent_years=TRANSPARENCY_RECENT_YEARS),
    Indicator("finance_summary", TransparencyCategory.FINANCIAL, "finance_summary", Decimal("10"),
              _("Income and expenditure summary for last year or the year before"),
              recent_years=TRANSPARENCY_RECENT_YEARS),
    Indicator("audited_accounts", TransparencyCategory.FINANCIAL, "audited_accounts", Decimal("10"),
              _("Audited financial statements for last year or the year before"),
              recent_years=TRANSPARENCY_RECENT_YEARS, kinds=INDEPENDENT_KINDS, registrations=CIVIL_AFFAIRS),
    Indicator("project", TransparencyCategory.PROJECTS, "project", Decimal("24"),
              _("A project of the last two years, with budget, period, place, beneficiaries and outcomes"),
              recent_years=TRANSPARENCY_RECENT_YEARS),
    Indicator("projects_3", TransparencyCategory.PROJECTS, "project", Decimal("12"),
              _("Three or more projects of the last two years"), recent_years=TRANSPARENCY_RECENT_YEARS,
              min_count=3),
    Indicator("donors", TransparencyCategory.DONORS, "donors", Decimal("20"),
              _("Major donors of the last two years (those who agreed to be named)"),
              recent_years=TRANSPARENCY_RECENT_YEARS, kinds=INDEPENDENT_KINDS),
)
TRANSPARENCY_POINTS = sum(indicator.points for indicator in TRANSPARENCY_INDICATORS)


def transparency_indicators_for(*, kind, registration_status):
    """The checklist lines that apply to an organization of this kind and registration."""
    return [indicator for indicator in TRANSPARENCY_INDICATORS
            if indicator.applies_to(kind=kind, registration_status=registration_status)]


def transparency_source(index):
    """What an index (0–100) counts as in a dimension: neutral with nothing disclosed, 100 for all."""
    return NEUTRAL_SCORE + (100 - NEUTRAL_SCORE) * Decimal(str(index)) / 100


# Every version of the method, newest first: when it applied, what changed, and its parameters,
# so a score made by an earlier version can be read against the rules that made it. Add a version
# here (and bump METHOD_VERSION) whenever a number above or the formula changes.
VERSIONS = {
    "v3": {
        "from": datetime.date(2026, 12, 15),
        "summary": _(
            "Adds the transparency index as a fourth source: a published checklist of verified disclosures "
            "(basic information, financial information, projects, donors; 100 points) counts toward public "
            "trust (the whole index) and financial management (its financial part). Nothing disclosed counts as "
            "the neutral 50, a full checklist as 100, so each verified disclosure can only raise a score."),
        "parameters": [
            (_("Weights: public ratings, field evaluation, self-evaluation, matches (social influence only)"),
             f"{WEIGHT_PUBLIC} / {WEIGHT_FIELD} / {WEIGHT_SELF} / {WEIGHT_MATCHES}"),
            (_("Weight of the transparency index (public trust and financial management)"), str(WEIGHT_TRANSPARENCY)),
            (_("Transparency index: points per category"),
             # Lazy, so the category names are translated when the page is shown, not at import.
             format_lazy(" / ".join(["{} {}"] * len(TRANSPARENCY_CATEGORIES)), *[
                 part for category, label in TRANSPARENCY_CATEGORIES.items()
                 for part in (label, sum(i.points for i in TRANSPARENCY_INDICATORS if i.category == category))])),
            (_("Transparency index: a dated item counts for this many years after its year"),
             str(TRANSPARENCY_RECENT_YEARS)),
            (_("A source without evidence counts as"), str(NEUTRAL_SCORE)),
            (_("Ratings: imagined votes and their mean"), f"{PRIOR_VOTES} × {PRIOR_MEAN}"),
            (_("Ratings: half-life in years"), str(RATING_HALF_LIFE_YEARS)),
            (_("Field evaluation: half-life in years, imagined neutral visits"),
             f"{FIELD_HALF_LIFE_YEARS}, {FIELD_PRIOR_VISITS}"),
            (_("Matches: imagined neutral partners"), str(MATCHES_PRIOR)),
            (_("Grades"), ", ".join(f"{grade} ≥ {floor}" for grade, floor in GRADES)),
            (_("Confidence: high, medium from evidence points"), "4, 2"),
        ],
    },
    "v2": {
        "from": datetime.date(2026, 12, 1),
        "summary": _(
            "Every source starts at the neutral 50 and moves away from it as its evidence grows; the sources "
            "are averaged with fixed weights, so more positive evidence can only raise a score. Public "
            "ratings lose weight with age like field visits; matches count once per partner; only NGOs, "
            "foundations and CSR programs are scored."),
        "parameters": [
            (_("Weights: public ratings, field evaluation, self-evaluation, matches (social influence only)"),
             "0.30 / 0.50 / 0.20 / 0.10"),
            (_("A source without evidence counts as"), "50"),
            (_("Ratings: imagined votes and their mean"), "10 × 3.0"),
            (_("Ratings: half-life in years"), "2"),
            (_("Field evaluation: half-life in years, imagined neutral visits"), "2, 0.25"),
            (_("Matches: imagined neutral partners"), "5"),
            (_("Grades"), "A ≥ 85, B ≥ 70, C ≥ 55, D ≥ 40, E ≥ 0"),
            (_("Confidence: high, medium from evidence points"), "4, 2"),
        ],
    },
    "v1": {
        "from": datetime.date(2026, 1, 1),
        "summary": _(
            "The sources present were averaged with a neutral 50 of weight 0.20, each weighed by how much "
            "evidence it had; each confirmed match added 20 points to social influence (100 from five). "
            "Ratings did not lose weight with age, and every kind of organization was scored."),
        "parameters": [
            (_("Weights: public ratings, field evaluation, self-evaluation, matches (social influence only)"),
             "0.30 × n ÷ (n + 10) / 0.50 × ½^(age ÷ 2 years) / 0.20 / 0.10 × min(1, matches ÷ 5)"),
            (_("Neutral starting point and its weight"), "50 × 0.20"),
            (_("Ratings: imagined votes and their mean"), "10 × 3.0"),
            (_("Points per confirmed match"), "20"),
            (_("Grades"), "A ≥ 85, B ≥ 70, C ≥ 55, D ≥ 40, E ≥ 0"),
            (_("Confidence: high, medium from evidence points"), "4, 2"),
        ],
    },
}
