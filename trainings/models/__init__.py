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
from .hackathons import Challenge, HackathonRegistration, Team, TeamMember

__all__ = [
    "APPLICATION_TRANSITIONS",
    "Application",
    "ApplicationStatus",
    "Attendance",
    "Certificate",
    "Challenge",
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
