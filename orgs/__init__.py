"""Organizations, membership, reference data (divisions, regions, issue fields) and accounts glue."""
