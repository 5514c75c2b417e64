"""Pages of the orgs app, split by topic."""
