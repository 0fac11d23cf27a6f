"""Back up and restore the whole database: pg_dump and pg_restore on PostgreSQL, SQLite's online backup API on SQLite.

A backup is one file, consistent at one moment (pg_dump's snapshot; SQLite's backup copies pages under a read lock),
taken while the application runs. Encrypted columns stay encrypted in it: restoring needs the same OMKEER_DATA_KEYS.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class BackupError(Exception):
    pass


def _pg_command(tool: str) -> tuple[list[str], dict[str, str]]:
    if shutil.which(tool) is None:
        raise BackupError(f"{tool} is not installed (Debian: apt-get install postgresql-client)")
    db = connection.settings_dict
    args = [tool, "--no-owner", "--no-privileges", "--dbname", db["NAME"]]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    env = os.environ | ({"PGPASSWORD": db["PASSWORD"]} if db.get("PASSWORD") else {})
    return args, env


def _run(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603 - fixed tool
    if result.returncode != 0:
        raise BackupError(f"{args[0]} failed: {result.stderr.strip() or result.returncode}")


def row_counts() -> dict[str, int]:
    """Rows per table of the application's database (what a round trip must keep)."""
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - introspected
            counts[table] = cursor.fetchone()[0]
    return counts


def backup(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")  # a backup that stopped half-way never looks like one
    if connection.vendor == "postgresql":
        args, env = _pg_command("pg_dump")
        _run([*args, "--format", "custom", "--file", str(partial)], env)
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(partial)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    else:
        raise BackupError(f"backups of {connection.vendor} are not supported")
    partial.replace(path)


def restore(path: Path) -> None:
    """Replace every table with the backup's. The file must be a backup of this kind of database."""
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    with path.open("rb") as file:
        head = file.read(len(SQLITE_MAGIC))
    if connection.vendor == "postgresql":
        if not head.startswith(PG_MAGIC):
            raise BackupError(f"{path}: not a PostgreSQL backup (pg_dump --format custom)")
        args, env = _pg_command("pg_restore")
        connection.close()
        _run([*args, "--clean", "--if-exists", "--single-transaction", "--exit-on-error", str(path)], env)
    elif connection.vendor == "sqlite":
        if head != SQLITE_MAGIC:
            raise BackupError(f"{path}: not an SQLite backup")
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            connection.ensure_connection()
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        raise BackupError(f"backups of {connection.vendor} are not supported")
