"""Read replicas, against a real streaming replica made by scripts/replica.sh (pg_basebackup of the
local cluster on a second port): public reads go to the replica, a browser that just wrote reads
from the primary, everything else stays on the primary."""

import copy
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from django.utils import timezone

from ngo20.db import PIN_COOKIE, REPLICA, _read_from_replica
from orgs.models import Organization
from orgs.selectors import organization_page_stamp
from tests.orgs.factories import OrganizationFactory, UserFactory

SCRIPT = Path(settings.BASE_DIR) / "scripts" / "replica.sh"
PORT = "5433"


def replica_script(*args):
    done = subprocess.run(["bash", str(SCRIPT), *args, PORT], check=False, capture_output=True, text=True,
                          timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr


def caught_up():
    """Wait (bounded) until the replica has replayed everything the primary has written."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        target = cursor.fetchone()[0]
    deadline = time.monotonic() + 60
    with connections[REPLICA].cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)  # polling the replica's progress, bounded by the deadline
    raise AssertionError("the replica did not catch up within 60 s")


@pytest.fixture
def replica(transactional_db):
    replica_script("start")
    database = copy.deepcopy(connections["default"].settings_dict)
    database.update(HOST="127.0.0.1", PORT=PORT)
    connections.settings[REPLICA] = database  # the same dict as settings.DATABASES
    # Connected here, as the app would at its first read: the test case only allows aliases it
    # knew at set-up to open connections later.
    connections[REPLICA].connect()
    try:
        yield
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]
        connections.settings.pop(REPLICA, None)
        replica_script("stop")


def names_on_map(client):
    response = client.get("/api/map/list/", {"bbox": "73,18,135,54", "layer": "orgs"})
    assert response.status_code == 200
    return {row["name"] for row in response.json()["results"]}


def test_public_reads_use_the_replica_and_a_writer_reads_their_writes(replica):
    organization = OrganizationFactory(name="旧名字协会")
    caught_up()
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone()[0] is True  # really a standby
    replica_script("pause")
    try:
        Organization.objects.filter(pk=organization.pk).update(name="新名字协会", updated_at=timezone.now())
        reader, writer = Client(), Client()
        assert names_on_map(reader) == {"旧名字协会"}  # from the paused replica
        # The profile's page-cache stamp (a statement of its own, not the ORM) is read there too.
        public = _read_from_replica.set(True)
        try:
            assert organization_page_stamp(slug=organization.slug)["updated_at"] == organization.updated_at
        finally:
            _read_from_replica.reset(public)
        assert organization_page_stamp(slug=organization.slug)["updated_at"] > organization.updated_at
        # A write (any POST) pins this browser to the primary for a few seconds.
        response = writer.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
        assert float(response.cookies[PIN_COOKIE].value) > time.time()
        assert names_on_map(writer) == {"新名字协会"}
        assert names_on_map(reader) == {"旧名字协会"}
        # Signed-in pages under /accounts/ and the admin always read the primary.
        staff = UserFactory(is_staff=True, is_superuser=True)
        admin = Client()
        admin.force_login(staff)
        assert "新名字协会" in admin.get(f"/admin/orgs/organization/{organization.pk}/change/").content.decode()
    finally:
        replica_script("resume")
    caught_up()
    assert names_on_map(Client()) == {"新名字协会"}


def test_without_a_replica_everything_reads_the_primary(transactional_db):
    assert REPLICA not in settings.DATABASES
    OrganizationFactory(name="主库协会")
    response = Client().post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert PIN_COOKIE not in response.cookies
    assert names_on_map(Client()) == {"主库协会"}
