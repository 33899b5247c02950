"""Reference data of the ratings app: the classification schemes and their rules, read from fixtures/schemes.json."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings

SCHEMES_FILE = Path(settings.BASE_DIR) / "fixtures" / "schemes.json"
SCHEME_FIELDS = ("name", "applies_to", "first_year", "last_year", "regulation", "clause", "confirmed",
                 "confirmation", "uses_score", "has_exemplary", "excellent_quota_percent", "note")
RULE_FIELDS = ("kind", "tier", "value", "statement", "regulation", "clause", "confirmed", "note", "position")
DECIMALS = {"excellent_quota_percent", "value", "min_score"}


def _decimal(value: str | None) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _defaults(entry: dict, names: tuple[str, ...], model) -> dict:
    """The entry's values for the fields the model has: a data migration's model may predate some of them."""
    have = {field.name for field in model._meta.get_fields()}
    values = {}
    for name in names:
        if name not in have:
            continue
        value = entry.get(name, model._meta.get_field(name).get_default())
        values[name] = _decimal(value) if name in DECIMALS else value
    return values


def load_schemes(apps=None) -> int:
    """Create or update every scheme, level and rule of the file (idempotent); returns the number of schemes.

    `apps` is the migration state registry when called from a data migration, else the live models. Nothing is
    removed: ratings point at levels, and rules added in the admin stay.
    """
    if apps is None:
        from ratings.models import Level, Rule, Scheme
    else:
        Scheme = apps.get_model("ratings", "Scheme")
        Level = apps.get_model("ratings", "Level")
        try:
            Rule = apps.get_model("ratings", "Rule")
        except LookupError:  # the migration that loads the schemes first comes before rules existed
            Rule = None
    data = json.loads(SCHEMES_FILE.read_text(encoding="utf-8"))
    for entry in data["schemes"]:
        scheme, _created = Scheme.objects.update_or_create(
            code=entry["code"], defaults=_defaults(entry, SCHEME_FIELDS, Scheme))
        for level in entry["levels"]:
            Level.objects.update_or_create(
                scheme=scheme,
                tier=level["tier"],
                defaults={"label_vi": level["label_vi"], "label_en": level["label_en"],
                          "min_score": _decimal(level["min_score"])},
            )
        if Rule is None:
            continue
        for rule in entry.get("rules", []):
            Rule.objects.update_or_create(scheme=scheme, code=rule["code"],
                                          defaults=_defaults(rule, RULE_FIELDS, Rule))
    return len(data["schemes"])
