"""Models of the trainings app: workshops and hackathons, applications, attendance, alumni."""

from .applications import (
    APPLICATION_TRANSITIONS,
    Application,
    ApplicationStatus,
    Attendance,
    Position,
    SpeakerInvitation,
)
from .events import Event, EventKind, EventStatus, Instructor, Session
from .hackathons import Challenge, ChallengeOrigin, HackathonRegistration, Team, TeamMember

__all__ = [
    "APPLICATION_TRANSITIONS",
    "Application",
    "ApplicationStatus",
    "Attendance",
    "Challenge",
    "ChallengeOrigin",
    "Event",
    "EventKind",
    "EventStatus",
    "HackathonRegistration",
    "Instructor",
    "Position",
    "Session",
    "SpeakerInvitation",
    "Team",
    "TeamMember",
]
