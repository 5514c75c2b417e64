"""Questionnaire engine: surveys, invitations, responses, reminders and results."""
