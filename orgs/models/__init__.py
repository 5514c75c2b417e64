"""Models of the orgs app, split by topic."""

from .accounts import User
from .membership import Membership, MembershipRole, MembershipStatus
from .organizations import (
    Organization,
    OrganizationKind,
    OrganizationStatus,
    PendingOrganization,
    RegistrationStatus,
)
from .merging import (
    DuplicateCandidate,
    DuplicateReason,
    DuplicateStatus,
    ImportIssueLevel,
    ImportJob,
    ImportJobStatus,
    ImportRowIssue,
    MergeRecord,
)
from .policies import PolicyConsent, PolicyDocument, PolicyKind
from .trust import TrustSummary
from .reference import (
    Division,
    DivisionLevel,
    IssueField,
    ProvinceBoundary,
    Region,
    WorkshopField,
)

__all__ = [
    "TrustSummary",
    "Division",
    "DuplicateCandidate",
    "DuplicateReason",
    "DuplicateStatus",
    "ImportIssueLevel",
    "ImportJob",
    "ImportJobStatus",
    "ImportRowIssue",
    "MergeRecord",
    "DivisionLevel",
    "IssueField",
    "Membership",
    "MembershipRole",
    "MembershipStatus",
    "Organization",
    "OrganizationKind",
    "OrganizationStatus",
    "PendingOrganization",
    "PolicyConsent",
    "PolicyDocument",
    "PolicyKind",
    "ProvinceBoundary",
    "Region",
    "RegistrationStatus",
    "User",
    "WorkshopField",
]
