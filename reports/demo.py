"""Synthetic demo data of the reports app (labelled DEMO), built on the demo organizations."""

from organizations.demo import DemoOrganizations


def load(demo: DemoOrganizations) -> None:
    """Create this app's demo rows for the demo organizations (called once, inside a transaction)."""
