"""Self-evaluation, field evaluations, public ratings, the trust score and the funders' list."""
