"""Writes that matter in the orgs app, one function each; views, admin, API and tasks call these."""
