"""Read-only REST API for published organizations."""
