"""Create the PostgreSQL database named in a URL if it is missing; fail with a clear message if no server answers.

Usage: python scripts/ensure_database.py postgres://postgres@127.0.0.1:5432/partyquality_ci
"""

import sys

import dj_database_url
import psycopg
from psycopg import sql


def main(url: str) -> int:
    config = dj_database_url.parse(url)
    if "postgresql" not in config["ENGINE"]:
        return 0
    params = {
        "host": config.get("HOST") or "127.0.0.1",
        "port": config.get("PORT") or 5432,
        "user": config.get("USER") or "postgres",
        "password": config.get("PASSWORD") or None,
        "dbname": "postgres",
        "connect_timeout": 5,
    }
    try:
        with psycopg.connect(**params, autocommit=True) as connection:
            exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone()
            if not exists:
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
                print(f"created database {config['NAME']}")
    except psycopg.OperationalError as error:
        print(
            f"PostgreSQL does not answer at {params['host']}:{params['port']} as {params['user']}: {error}".strip(),
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
