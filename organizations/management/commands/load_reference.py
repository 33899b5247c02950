"""Load the reference lists (administrative units, then each app's own reference data). Idempotent."""

from django.core.management.base import BaseCommand

from organizations.reference import load_administrative_units


class Command(BaseCommand):
    help = "Load the official administrative units before and after 1 July 2025, with their lineage."

    def handle(self, *args, **options) -> None:
        result = load_administrative_units()
        verb = "Loaded" if result.created else "Already loaded"
        self.stdout.write(f"{verb}: {result.provinces} provinces, {result.communes} commune-level units.")
