"""Database router: dashboard reads go to a read replica when one is configured.

The reports app only reads (aggregates over ratings, returns and members) and can bear a replica's lag of a few
seconds; everything else, and every write, stays on the primary ("default") so a user sees what they just saved.
Settings install this router only when DATABASE_REPLICA_URL is set (see settings.py, "Hardening").
"""

from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model

REPLICA_ALIAS = "replica"
REPLICA_APPS = frozenset({"reports"})


class ReplicaRouter:
    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        if model._meta.app_label not in REPLICA_APPS or REPLICA_ALIAS not in settings.DATABASES:
            return DEFAULT_DB_ALIAS
        # Inside a write transaction (a service recomputing summaries) reads must see that transaction's own rows.
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return REPLICA_ALIAS

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        # Both aliases hold the same data (the replica is a copy of the primary).
        return True

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        # Migrations run on the primary only; the replica receives them through replication.
        return db == DEFAULT_DB_ALIAS
