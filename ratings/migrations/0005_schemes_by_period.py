"""Reload the schemes with their sources and rules; the years before 2008 get their own schemes.

Ratings of those years kept under 20-HD/BTCTW (a guideline of 10/10/2008) move to the level of the same tier of the
new schemes: the tier, and so every comparison across years, stays; each move leaves a history row.
"""

from django.db import migrations
from django.utils import timezone

MOVES = (("org-20-hd-2008", "org-before-2008"), ("member-20-hd-2008", "member-before-2008"))
FIRST_YEAR_OF_20_HD = 2008
REASON = "Các năm trước 2008 chuyển sang quy định riêng của giai đoạn đó (cùng mức)."


def _forward(apps, schema_editor):
    from ratings.reference import load_schemes

    load_schemes(apps)
    Level = apps.get_model("ratings", "Level")
    Rating = apps.get_model("ratings", "Rating")
    Scheme = apps.get_model("ratings", "Scheme")
    HistoricalRating = apps.get_model("ratings", "HistoricalRating")
    fields = [f.attname for f in Rating._meta.concrete_fields]
    now = timezone.now()
    for old_code, new_code in MOVES:
        new_levels = {level.tier: level for level in Level.objects.filter(scheme__code=new_code)}
        ratings = list(Rating.objects.filter(level__scheme__code=old_code, year__lt=FIRST_YEAR_OF_20_HD)
                       .select_related("level"))
        if not ratings:
            continue
        for rating in ratings:
            rating.level_id = new_levels[rating.level.tier].pk
            rating.version += 1
        Rating.objects.bulk_update(ratings, ["level", "version"], batch_size=2000)
        HistoricalRating.objects.bulk_create([
            HistoricalRating(**{name: getattr(rating, name) for name in fields}, history_date=now,
                             history_type="~", history_change_reason=REASON)
            for rating in ratings
        ], batch_size=2000)
        if any(rating.is_exemplary for rating in ratings):
            # Kept ratings marked exemplary stay valid: the new scheme keeps the "tiêu biểu" group for them.
            Scheme.objects.filter(code=new_code).update(has_exemplary=True)


class Migration(migrations.Migration):
    dependencies = [("ratings", "0004_rules_sources_exceeded_share")]

    operations = [migrations.RunPython(_forward, migrations.RunPython.noop)]
