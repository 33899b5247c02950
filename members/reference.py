"""Reference data of the members app: Vietnam's 54 recognised ethnic groups with the statistics office's codes."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from members.models import Ethnicity

ETHNICITIES_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "ethnicities.json"


def _rows() -> list[tuple[str, str]]:
    with ETHNICITIES_FIXTURE.open(encoding="utf-8") as handle:
        data = json.load(handle)
    return [(row["fields"]["code"], row["fields"]["name"]) for row in data]


@transaction.atomic
def load_ethnicities() -> int:
    """Create or rename the 54 groups by code (idempotent); returns how many were created."""
    rows = _rows()
    existing = {e.code: e for e in Ethnicity.objects.filter(code__in=[code for code, _name in rows])}
    created = 0
    for code, name in rows:
        current = existing.get(code)
        if current is None:
            Ethnicity.objects.create(code=code, name=name)
            created += 1
        elif current.name != name:
            current.name = name
            current.save(update_fields=["name"])
    return created
