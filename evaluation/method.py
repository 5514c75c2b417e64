"""The trust score method, version 1: every weight and threshold in one place.

The methodology page renders these numbers, and the SQL in services/scoring.py uses them, so the
published method and the computed scores cannot drift apart.
"""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

METHOD_VERSION = "v1"

# Public ratings (1–5): a Bayesian average pulled toward PRIOR_MEAN with the weight of PRIOR_VOTES
# imagined votes, so a handful of ratings cannot swing a score.
PRIOR_MEAN = Decimal("3.0")
PRIOR_VOTES = 10
# How much each source can weigh at most, before normalising by the weights present.
WEIGHT_PUBLIC = Decimal("0.30")  # × n / (n + PRIOR_VOTES): grows with the number of ratings
WEIGHT_FIELD = Decimal("0.50")  # × ½ ^ (age in years / FIELD_HALF_LIFE_YEARS)
FIELD_HALF_LIFE_YEARS = 2
WEIGHT_SELF = Decimal("0.20")  # capped: self-reported
WEIGHT_MATCHES = Decimal("0.10")  # social influence only; × min(1, matches / MATCHES_FULL)
MATCHES_FULL = 5
# Every score starts from a neutral 50 with this weight, so thin evidence (say, only a glowing
# self-evaluation) cannot produce a top grade; strong evidence soon outweighs it.
WEIGHT_NEUTRAL = Decimal("0.20")
NEUTRAL_SCORE = 50
POINTS_PER_MATCH = 20  # confirmed matches count toward social influence: 5 or more = 100

# Grade bands on the overall score (0–100).
GRADES = [("A", 85), ("B", 70), ("C", 55), ("D", 40), ("E", 0)]

# Confidence from how much evidence there is.
EVIDENCE_POINTS = {
    "self_evaluation": 1,
    "field_recent": 2,  # an approved field evaluation less than three years old
    "ratings_10": 1,
    "ratings_30": 1,  # a second point from 30 ratings on
    "matches": 1,
}
FIELD_RECENT_YEARS = 3
CONFIDENCE = [("high", 4), ("medium", 2), ("low", 0)]
CONFIDENCE_LABELS = {"high": _("High"), "medium": _("Medium"), "low": _("Low")}

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
