"""Web 2.0 training workshops, applications, cohorts, alumni and hackathons."""
