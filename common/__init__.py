"""Domain-free pieces shared by every app: charts, exports, validators, email sending, rate limits,
pagination, model fields, coordinate conversion. Imports no project app."""
