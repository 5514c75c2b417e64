from tests.evaluation.private_files import private_files  # noqa: F401  (a fixture)
