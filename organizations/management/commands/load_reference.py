"""Load the reference lists (administrative units, then each app's own reference data). Idempotent."""

from django.core.management.base import BaseCommand

from members.reference import load_ethnicities
from organizations.reference import load_administrative_units


class Command(BaseCommand):
    help = "Load the official administrative units before and after 1 July 2025 with their lineage, and the 54 ethnic groups."

    def handle(self, *args, **options) -> None:
        result = load_administrative_units()
        verb = "Loaded" if result.created else "Already loaded"
        self.stdout.write(f"{verb}: {result.provinces} provinces, {result.communes} commune-level units.")
        created = load_ethnicities()
        self.stdout.write(f"Ethnic groups: 54 ({created} new).")
