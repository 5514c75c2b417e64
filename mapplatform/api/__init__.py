"""REST API of the map: map data, posts and matches."""
