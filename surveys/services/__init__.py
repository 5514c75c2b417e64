"""Writes of the surveys app: answering, inviting, reminding, copying editions."""
