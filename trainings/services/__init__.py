"""Writes of the trainings app: applying, deciding, attendance, alumni, hackathons."""
