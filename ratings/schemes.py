"""Which scheme and which levels apply to a subject in a year (schemes are data, cached per request)."""

from __future__ import annotations

from functools import lru_cache

from django.db.models import Q

from organizations.text import loose
from ratings.models import Level, Rule, Scheme

ORGANIZATION = Scheme.Applies.ORGANIZATION
MEMBER = Scheme.Applies.MEMBER


def scheme_for(applies_to: str, year: int) -> Scheme | None:
    """The scheme in force for organizations or members in `year`, with its levels prefetched."""
    return (
        Scheme.objects.filter(applies_to=applies_to, first_year__lte=year)
        .filter(Q(last_year__isnull=True) | Q(last_year__gte=year))
        .prefetch_related("levels", "rules")
        .order_by("-first_year")
        .first()
    )


class SchemeBook:
    """Every scheme loaded once, for resolving many rows of many years without a query per row."""

    def __init__(self) -> None:
        self._schemes = list(Scheme.objects.prefetch_related("levels", "rules").order_by("first_year"))
        self.levels_by_id: dict[int, Level] = {}
        for scheme in self._schemes:
            for level in scheme.levels.all():
                level.scheme = scheme  # reuse the loaded scheme instead of a query per level
                self.levels_by_id[level.pk] = level

    @lru_cache(maxsize=None)  # noqa: B019 - the book lives for one request or one import
    def scheme(self, applies_to: str, year: int) -> Scheme | None:
        found = None
        for scheme in self._schemes:
            if scheme.applies_to == applies_to and scheme.first_year <= year and (
                scheme.last_year is None or scheme.last_year >= year
            ):
                found = scheme
        return found

    @lru_cache(maxsize=None)  # noqa: B019 - the book lives for one request or one import
    def levels(self, applies_to: str, year: int) -> tuple[Level, ...]:
        scheme = self.scheme(applies_to, year)
        return tuple(sorted(scheme.levels.all(), key=lambda lv: lv.tier)) if scheme else ()

    @lru_cache(maxsize=None)  # noqa: B019
    def rule(self, applies_to: str, year: int, kind: str) -> Rule | None:
        """The first rule of a kind of the scheme in force (for loaders that ask once per row)."""
        scheme = self.scheme(applies_to, year)
        return next((rule for rule in scheme.rules.all() if rule.kind == kind), None) if scheme else None

    def level_by_tier(self, applies_to: str, year: int, tier: int) -> Level | None:
        return next((lv for lv in self.levels(applies_to, year) if lv.tier == tier), None)

    def match_label(self, applies_to: str, year: int, text: str) -> list[Level]:
        """Levels whose Vietnamese or English label equals `text`, ignoring case, diacritics and punctuation
        ("trong sach vung manh" is "Trong sạch, vững mạnh"); more than one match means ambiguous."""
        wanted = loose(text)
        levels = self.levels(applies_to, year)
        exact = [lv for lv in levels if lv.label_vi.strip() == text.strip()]
        if exact:
            return exact
        return [lv for lv in levels if wanted in (loose(lv.label_vi), loose(lv.label_en))]

    def level_for_score(self, applies_to: str, year: int, score, *, exceeded_share=None) -> Level | None:
        """The best level whose minimum the score reaches (schemes with a 100-point score), passing over level 1
        when the share of tasks done above the requirement is recorded and below the scheme's rule (366-QĐ/TW)."""
        scheme = self.scheme(applies_to, year)
        rule = next((r for r in scheme.rules.all() if r.kind == Rule.Kind.EXCEEDED_TASKS and r.confirmed), None) \
            if scheme else None
        for level in self.levels(applies_to, year):
            if level.tier == 1 and rule is not None and rule.value is not None and exceeded_share is not None \
                    and exceeded_share < rule.value:
                continue
            if level.min_score is not None and score >= level.min_score:
                return level
        return None


def schemes_by_period() -> list[Scheme]:
    """Every scheme, oldest first (organizations before members in a year), with its levels and rules."""
    return list(Scheme.objects.prefetch_related("levels", "rules").order_by("first_year", "-applies_to", "code"))
