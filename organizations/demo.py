"""The synthetic demo organizations (labelled DEMO): communes of Nghệ An and Cao Bằng, their committees and cells."""

from dataclasses import dataclass, field

from organizations.models import AdministrativeUnit, PartyOrganization


@dataclass
class DemoOrganizations:
    provincial: dict[str, PartyOrganization] = field(default_factory=dict)  # "nghe_an", "cao_bang"
    grassroots: list[PartyOrganization] = field(default_factory=list)
    constituents: list[PartyOrganization] = field(default_factory=list)
    cells: list[PartyOrganization] = field(default_factory=list)
    villages: list[AdministrativeUnit] = field(default_factory=list)


def load() -> tuple[DemoOrganizations, bool]:
    """Build the demo organizations once; returns them and whether they were created now."""
    raise NotImplementedError("written next")
