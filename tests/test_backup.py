"""make backup / make restore: a backup restores into a fresh database with every table's row count
and every media file identical, and the restore exits 0; a damaged backup is refused."""

import hashlib
import os
import secrets
import subprocess
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from evaluation.models import Rating
from tests.mapplatform.factories import PostFactory
from tests.orgs.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(settings.BASE_DIR)


def url_of(name):
    config = connection.settings_dict
    return (f"postgis://{quote(config['USER'])}:{quote(config['PASSWORD'])}@{config['HOST'] or '127.0.0.1'}:"
            f"{config['PORT'] or 5432}/{name}")


def connect(name):
    config = connection.settings_dict
    return psycopg.connect(dbname=name, user=config["USER"], password=config["PASSWORD"],
                           host=config["HOST"] or "127.0.0.1", port=config["PORT"] or 5432, autocommit=True)


def counts(name):
    with connect(name) as conn:
        tables = [row[0] for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}


def files(root):
    return {path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in Path(root).rglob("*") if path.is_file()}


def run(script, *args, media_root, database=None):
    """The script as a deployer runs it: MEDIA_ROOT set, PRIVATE_MEDIA_ROOT beside it (the default)."""
    env = {**os.environ, "MEDIA_ROOT": str(media_root), "DATABASE_URL": url_of(database or connection.settings_dict["NAME"])}
    env.pop("PRIVATE_MEDIA_ROOT", None)
    return subprocess.run(["bash", str(ROOT / "scripts" / script), *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def fresh_database():
    """A new, empty database made by the application's role (it has CREATEDB; PostGIS comes from template1)."""
    name = f"{connection.settings_dict['NAME']}_restore_{secrets.token_hex(4)}"
    with connect("postgres") as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connect("postgres") as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restores_into_a_fresh_database_with_every_row_and_file_and_a_damaged_one_is_refused(tmp_path, fresh_database):
    organization = OrganizationFactory(name="备份测试机构")
    PostFactory(organization=organization)
    Rating.objects.create(user=UserFactory(), organization=organization, public_trust=5, financial=4, influence=3,
                          comment="好")
    media = tmp_path / "site" / "media"
    (media / "logos").mkdir(parents=True)
    (media / "logos" / "logo.png").write_bytes(b"\x89PNG fake logo")
    (media / "evaluations" / "2026").mkdir(parents=True)
    (media / "evaluations" / "2026" / "走访.pdf").write_bytes(b"%PDF-1.4 " + secrets.token_bytes(5000))
    private = tmp_path / "site" / "private"  # pending disclosures: beside the media, never served
    (private / "disclosures").mkdir(parents=True)
    (private / "disclosures" / "年度工作报告.pdf").write_bytes(b"%PDF-1.4 " + secrets.token_bytes(3000))

    backup = run("backup.sh", tmp_path / "backups", media_root=media)
    assert backup.returncode == 0, backup.stderr
    (folder,) = (tmp_path / "backups").iterdir()
    assert {path.name for path in folder.iterdir()} == {"database.dump", "media.tar", "private.tar", "manifest.json"}

    restored_media = tmp_path / "restored" / "media"
    restore = run("restore.sh", folder, "--database-url", url_of(fresh_database), media_root=restored_media)
    assert restore.returncode == 0, restore.stderr + restore.stdout
    source = counts(connection.settings_dict["NAME"])
    assert source["orgs_organization"] >= 1 and source["evaluation_rating"] == 1
    assert counts(fresh_database) == source
    assert files(restored_media) == files(media)
    assert files(tmp_path / "restored" / "private") == files(private) and files(private)
    with connect(fresh_database) as conn:
        assert conn.execute("SELECT name FROM orgs_organization WHERE name = '备份测试机构'").fetchone()
        assert conn.execute("SELECT PostGIS_Version()").fetchone()  # a working PostGIS database

    # Restoring over a database that has data needs --clean; the check still passes afterwards.
    again = run("restore.sh", folder, "--database-url", url_of(fresh_database), media_root=restored_media)
    assert again.returncode != 0 and "not empty" in again.stderr
    clean = run("restore.sh", folder, "--database-url", url_of(fresh_database), "--clean", media_root=restored_media)
    assert clean.returncode == 0, clean.stderr
    assert counts(fresh_database) == source


    # A damaged backup is refused before anything is restored.
    with open(folder / "database.dump", "ab") as dump:
        dump.write(b"tampered")
    damaged = run("restore.sh", folder, "--database-url", url_of(fresh_database), "--clean",
                  media_root=tmp_path / "elsewhere")
    assert damaged.returncode != 0 and "checksum" in damaged.stderr
    assert not (tmp_path / "elsewhere").exists()
