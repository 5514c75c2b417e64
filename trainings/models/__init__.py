"""Models of the trainings app: workshops and hackathons, applications, attendance, alumni."""

from .applications import (
    APPLICATION_TRANSITIONS,
    Application,
    ApplicationStatus,
    Attendance,
    Position,
    SpeakerInvitation,
)
from .certificates import Certificate
from .events import Event, EventKind, EventStatus, Instructor, Session
from .hackathons import Challenge, ChallengeOrigin, HackathonRegistration, Team, TeamMember
from .makers import MakerProfile
from .villages import (
    OUTCOME_STAGES,
    STAGE_ORDER,
    STAGE_TRANSITIONS,
    CoDesignProject,
    ParticipantRole,
    ProjectNeed,
    ProjectOutcome,
    ProjectParticipant,
    Stage,
    StageChange,
    Village,
    VillagePhoto,
    VillageStatus,
)

__all__ = [
    "OUTCOME_STAGES",
    "ProjectOutcome",
    "STAGE_ORDER",
    "STAGE_TRANSITIONS",
    "CoDesignProject",
    "ParticipantRole",
    "ProjectNeed",
    "ProjectParticipant",
    "Stage",
    "StageChange",
    "Village",
    "VillagePhoto",
    "VillageStatus",
    "APPLICATION_TRANSITIONS",
    "Application",
    "ApplicationStatus",
    "Attendance",
    "Certificate",
    "Challenge",
    "ChallengeOrigin",
    "Event",
    "EventKind",
    "EventStatus",
    "HackathonRegistration",
    "Instructor",
    "MakerProfile",
    "Position",
    "Session",
    "SpeakerInvitation",
    "Team",
    "TeamMember",
]
