"""Backups that restore: a PostgreSQL custom-format dump plus the uploaded files, in one
timestamped folder with a manifest (row count of every table, every file with its size and
sha256). `restore` loads such a folder into a database and checks it against the manifest.

Two file trees are archived: the public media (MEDIA_ROOT, media.tar) and the private uploads
that wait for a check (pending disclosures, private.tar) when they are on disk. On S3-compatible
storage the bucket's own versioning and replication are the backup (docs/deploy.md).

scripts/backup.sh and scripts/restore.sh (make backup / make restore) call the management commands
`backup` and `restore`, which call these functions.
"""

import datetime
import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

import environ
import psycopg
from psycopg import sql
from django.conf import settings
from django.db import connections

MANIFEST = "manifest.json"
DUMP = "database.dump"
FORMAT_VERSION = 2  # 2 adds private.tar; a version 1 backup (media only) still restores
FILE_TREES = ("media", "private")


def file_roots(media_root=None, private_root=None):
    """{tree name: folder} of the uploaded files this site keeps on disk."""
    roots = {"media": Path(media_root or settings.MEDIA_ROOT)}
    private = settings.STORAGES.get("private", {})
    if private_root:
        roots["private"] = Path(private_root)
    elif private.get("BACKEND") == "django.core.files.storage.FileSystemStorage":
        roots["private"] = Path(private["OPTIONS"]["location"])
    return roots


class BackupError(Exception):
    """A backup or restore that must not be trusted; the message says why."""


def connection_params(database_url=None):
    """{NAME, USER, PASSWORD, HOST, PORT} of `database_url`, or of the site's own database."""
    if database_url:
        config = environ.Env.db_url_config(database_url)
    else:
        config = connections["default"].settings_dict
    return {key: config.get(key) or "" for key in ("NAME", "USER", "PASSWORD", "HOST", "PORT")}


def _pg_env(params):
    env = dict(os.environ)
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if params[key]:
            env[variable] = str(params[key])
    env["PGDATABASE"] = params["NAME"]
    return env


def _connect(params):
    return psycopg.connect(
        dbname=params["NAME"], user=params["USER"] or None, password=params["PASSWORD"] or None,
        host=params["HOST"] or None, port=params["PORT"] or None, autocommit=True,
    )


def table_counts(params):
    """Exact row count of every ordinary table in the public schema, by name."""
    with _connect(params) as conn:
        tables = [row[0] for row in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")]
        return {
            table: conn.execute(f'SELECT count(*) FROM public."{table}"').fetchone()[0]  # names from pg_tables
            for table in tables
        }


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def media_files(root):
    """[{path, size, sha256}] of every file under `root`, sorted by path."""
    root = Path(root)
    if not root.is_dir():
        return []
    rows = []
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
        rows.append({"path": path.relative_to(root).as_posix(), "size": path.stat().st_size, "sha256": _sha256(path)})
    return rows


def backup_create(*, destination, database_url=None, media_root=None, private_root=None, log=print):
    """Write a new backup folder under `destination`; returns its path."""
    params = connection_params(database_url)
    roots = file_roots(media_root, private_root)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    folder = Path(destination) / f"ngo20-{stamp}"
    suffix = 1
    while folder.exists():
        suffix += 1
        folder = Path(destination) / f"ngo20-{stamp}-{suffix}"
    partial = folder.with_name(folder.name + ".partial")
    partial.mkdir(parents=True)
    try:
        log(f"Dumping database {params['NAME']} …")
        # spatial_ref_sys belongs to the PostGIS extension, which the new database gets from template1.
        result = subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                                 "--exclude-table-data=public.spatial_ref_sys", "--file", str(partial / DUMP)],
                                env=_pg_env(params), capture_output=True, text=True)
        if result.returncode:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        # Counted after the dump: a backup of a live site may differ from it by the writes made meanwhile;
        # the check after a restore compares with the dump's own counts (see restore below).
        counts = table_counts(params)
        manifest = {
            "format": FORMAT_VERSION,
            "created": datetime.datetime.now(datetime.UTC).isoformat(),
            "database": params["NAME"],
            "tables": counts,
            "files": {DUMP: _sha256(partial / DUMP)},
        }
        for tree, root in roots.items():
            log(f"Archiving {tree} files from {root} …")
            files = media_files(root)
            with tarfile.open(partial / f"{tree}.tar", "w") as archive:
                for row in files:
                    archive.add(root / row["path"], arcname=row["path"], recursive=False)
            manifest[tree] = files
            manifest["files"][f"{tree}.tar"] = _sha256(partial / f"{tree}.tar")
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
        partial.rename(folder)  # only a complete backup gets its final name
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    stored = ", ".join(f"{len(manifest[tree])} {tree} files" for tree in roots)
    log(f"Backup written to {folder} ({len(counts)} tables, {stored}).")
    return folder


def read_manifest(folder):
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"No readable {MANIFEST} in {folder}: {error}") from error
    for name, digest in manifest.get("files", {}).items():
        if not (folder / name).is_file() or _sha256(folder / name) != digest:
            raise BackupError(f"{name} is missing or does not match the manifest's checksum.")
    return manifest


def _user_tables(params):
    with _connect(params) as conn:
        return [row[0] for row in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'spatial_ref_sys'")]


def compare(manifest, params, roots):
    """Differences between the manifest and a database plus its file folders, as readable lines."""
    problems = []
    counts = table_counts(params)
    for table, expected in sorted(manifest["tables"].items()):
        found = counts.get(table)
        if found != expected:
            problems.append(f"table {table}: {found} rows, the backup has {expected}")
    for table in sorted(set(counts) - set(manifest["tables"])):
        problems.append(f"table {table} is not in the backup")
    for tree in FILE_TREES:
        if tree not in manifest:
            continue
        found = {row["path"]: row for row in media_files(roots[tree])}
        for row in manifest[tree]:
            other = found.get(row["path"])
            if other is None:
                problems.append(f"{tree} {row['path']} is missing")
            elif (other["size"], other["sha256"]) != (row["size"], row["sha256"]):
                problems.append(f"{tree} {row['path']} differs from the backup")
    return problems


def _drop_partitioned_tables(params):
    """Before a --clean restore: pg_restore drops a partition's key before the partition, and
    PostgreSQL refuses (the key belongs to the partitioned table's); dropping each partitioned
    table first, its partitions with it, lets the dump create them afresh. Only the map pyramid is
    partitioned (derived data). This runs before pg_restore's own transaction: if the restore then
    fails, the pyramid's table is missing until a restore succeeds (running it again does)."""
    with _connect(params) as conn, conn.transaction():
        names = [row[0] for row in conn.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind = 'p' AND n.nspname = 'public'")]
        for name in names:
            conn.execute(sql.SQL("DROP TABLE IF EXISTS {} CASCADE").format(sql.Identifier("public", name)))


def _restorable(line, *, keep_extensions):
    """Entries of pg_restore's list to run: never PostGIS's own table data; with --clean, not the
    extensions either (a database that has them keeps them: dropping one needs its owner)."""
    if "TABLE DATA" in line and " spatial_ref_sys " in line:
        return False
    return keep_extensions or " EXTENSION " not in line


def backup_restore(*, folder, database_url=None, media_root=None, private_root=None, clean=False, log=print):
    """Load a backup folder into a database (an empty one, or any with clean=True) and its files
    into `media_root` (and the private folder); then check every table's row count and every file.
    Raises BackupError."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    params = connection_params(database_url)
    roots = file_roots(media_root, private_root)
    missing = [tree for tree in FILE_TREES if tree in manifest and tree not in roots]
    if missing:
        raise BackupError(f"The backup has {', '.join(missing)} files but this site keeps none on disk "
                          "(PRIVATE_MEDIA_ROOT / MEDIA_STORAGE); restore them on a site that does.")
    if _user_tables(params) and not clean:
        raise BackupError(f"Database {params['NAME']} is not empty; restore into a new database, or pass --clean "
                          "to replace its contents.")
    log(f"Restoring the database into {params['NAME']} …")
    # --no-comments: COMMENT ON EXTENSION needs the extension owner (a superuser); comments hold no data.
    command = ["pg_restore", "--no-owner", "--no-privileges", "--no-comments", "--exit-on-error", "--single-transaction",
               "--dbname", params["NAME"]]
    if clean:
        command += ["--clean", "--if-exists"]
    # The table of contents without the PostGIS extension's own table data (older dumps may hold it).
    listing = subprocess.run(["pg_restore", "--list", str(folder / DUMP)], capture_output=True, text=True)
    if listing.returncode:
        raise BackupError(f"pg_restore cannot read the dump: {listing.stderr.strip()}")
    contents = Path(tempfile.mkstemp(prefix="ngo20-restore-", suffix=".list")[1])
    try:
        contents.write_text("\n".join(line for line in listing.stdout.splitlines()
                                       if _restorable(line, keep_extensions=not clean)) + "\n")
        if clean:  # only once the dump is known to be readable
            _drop_partitioned_tables(params)
        result = subprocess.run([*command, "--use-list", str(contents), str(folder / DUMP)], env=_pg_env(params),
                                capture_output=True, text=True)
    finally:
        contents.unlink(missing_ok=True)
    if result.returncode:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
    for tree in FILE_TREES:
        if tree not in manifest:
            continue
        log(f"Restoring {tree} files into {roots[tree]} …")
        roots[tree].mkdir(parents=True, exist_ok=True)
        with tarfile.open(folder / f"{tree}.tar") as archive:
            archive.extractall(roots[tree], filter="data")  # no absolute paths, links or devices
    problems = compare(manifest, params, roots)
    if problems:
        raise BackupError("The restored data does not match the backup:\n" + "\n".join(problems))
    restored = ", ".join(f"{len(manifest[tree])} {tree} files" for tree in FILE_TREES if tree in manifest)
    log(f"Restored and checked: {len(manifest['tables'])} tables, {restored}.")
    return manifest
