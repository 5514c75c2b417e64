import pytest

from evaluation.models import Disclosure


@pytest.fixture
def private_files(tmp_path, monkeypatch):
    """Disclosure files land in a temporary folder, not in var/private."""
    storage = Disclosure._meta.get_field("file").storage

    def forget():
        for name in ("base_location", "location"):
            storage.__dict__.pop(name, None)

    forget()
    monkeypatch.setattr(storage, "_location", str(tmp_path / "private"))
    yield tmp_path / "private"
    forget()
