"""Resource posts (needs and offers), matching, suggestions, flags and map data."""
