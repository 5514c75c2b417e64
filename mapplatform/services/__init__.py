"""Writes of the map: posts, matches, suggestions, flags and moderation."""
