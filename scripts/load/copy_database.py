"""Make the load test's database a copy of the benchmark database (CREATE DATABASE … TEMPLATE), unless it exists.

    python scripts/load/copy_database.py SOURCE_URL TARGET_URL [--reset]

The benchmark database is only read. It must hold the finished national data set (`make bench`: synthetic
organizations and rebuilt summaries); PostgreSQL copies a database only while nobody is connected to it, so a
copy is refused with the names of those connected. --reset drops the copy first. The target's name must hold
"load": it is the only database this script ever drops.
"""

from __future__ import annotations

import argparse
import sys
import time

import dj_database_url
import psycopg
from psycopg import sql


def _connect(config: dict, dbname: str) -> psycopg.Connection:
    return psycopg.connect(host=config["HOST"] or "127.0.0.1", port=config["PORT"] or 5432,
                           user=config["USER"] or "postgres", password=config["PASSWORD"] or None,
                           dbname=dbname, autocommit=True)


def _refusal_if_incomplete(config: dict) -> str | None:
    try:
        with _connect(config, config["NAME"]) as source:
            synthetic = source.execute("SELECT count(*) FROM organizations_partyorganization "
                                       "WHERE code LIKE 'SYN-P-%'").fetchone()[0]
            summaries = source.execute("SELECT count(*) FROM reports_provincesummary").fetchone()[0]
    except psycopg.Error as exc:
        return f"cannot read {config['NAME']}: {str(exc).strip()}; run `make bench` first"
    if not synthetic or not summaries:
        return (f"{config['NAME']} does not hold the finished national data set ({synthetic} synthetic provinces, "
                f"{summaries} summary rows): run `make bench` and let it finish")
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source")
    parser.add_argument("target")
    parser.add_argument("--reset", action="store_true", help="drop the copy and make it again")
    arguments = parser.parse_args()
    source, target = dj_database_url.parse(arguments.source), dj_database_url.parse(arguments.target)
    if "load" not in target["NAME"] or target["NAME"] == source["NAME"]:
        print(f"the load test's database must be another database whose name holds 'load', not {target['NAME']}")
        return 2
    with _connect(target, "postgres") as server:
        exists = server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [target["NAME"]]).fetchone()
        if exists and not arguments.reset:
            print(f"{target['NAME']} exists: reused (LOAD_RESET=1 makes it again from {source['NAME']})")
            return 0
        refusal = _refusal_if_incomplete(source)
        if refusal:
            print(refusal)
            return 1
        server.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(target["NAME"])))
        started = time.monotonic()
        try:
            server.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(target["NAME"]), sql.Identifier(source["NAME"])))
        except psycopg.errors.ObjectInUse:
            users = server.execute("SELECT coalesce(nullif(application_name, ''), 'pid ' || pid) FROM pg_stat_activity "
                                   "WHERE datname = %s", [source["NAME"]]).fetchall()
            print(f"{source['NAME']} is in use ({', '.join(u for (u,) in users)}); PostgreSQL copies a database only "
                  "while nobody is connected to it: try again when they are done")
            return 1
        print(f"copied {source['NAME']} to {target['NAME']} in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
