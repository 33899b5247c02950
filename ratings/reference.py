"""Reference data of the ratings app: the classification schemes, read from fixtures/schemes.json."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings

SCHEMES_FILE = Path(settings.BASE_DIR) / "fixtures" / "schemes.json"


def _decimal(value: str | None) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def load_schemes(apps=None) -> int:
    """Create or update every scheme and level of the file (idempotent); returns the number of schemes.

    `apps` is the migration state registry when called from a data migration, else the live models.
    """
    if apps is None:
        from ratings.models import Level, Scheme
    else:
        Scheme = apps.get_model("ratings", "Scheme")
        Level = apps.get_model("ratings", "Level")
    data = json.loads(SCHEMES_FILE.read_text(encoding="utf-8"))
    for entry in data["schemes"]:
        scheme, _created = Scheme.objects.update_or_create(
            code=entry["code"],
            defaults={
                "name": entry["name"],
                "applies_to": entry["applies_to"],
                "first_year": entry["first_year"],
                "last_year": entry["last_year"],
                "regulation": entry["regulation"],
                "uses_score": entry["uses_score"],
                "has_exemplary": entry["has_exemplary"],
                "excellent_quota_percent": _decimal(entry["excellent_quota_percent"]),
                "note": entry.get("note", ""),
            },
        )
        for level in entry["levels"]:
            Level.objects.update_or_create(
                scheme=scheme,
                tier=level["tier"],
                defaults={
                    "label_vi": level["label_vi"],
                    "label_en": level["label_en"],
                    "min_score": _decimal(level["min_score"]),
                },
            )
    return len(data["schemes"])
