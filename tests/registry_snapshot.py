"""The whole registry file as data, to check that a refused command changed nothing."""

import sqlite3
from pathlib import Path
from typing import Any


def snapshot(db_path: Path | str) -> dict[str, list[tuple[Any, ...]]]:
    """Every table of the SQLite file (and the schema), rows sorted: equal means unchanged."""
    con = sqlite3.connect(db_path)
    try:
        schema = con.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
        ).fetchall()
        tables = [row[1] for row in schema if row[0] == "table"]
        dump: dict[str, list[tuple[Any, ...]]] = {"sqlite_master": schema}
        for table in tables:
            rows = con.execute(f'SELECT * FROM "{table}"').fetchall()
            dump[table] = sorted(rows, key=repr)
        return dump
    finally:
        con.close()
