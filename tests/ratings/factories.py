"""Factories and small builders for the ratings tests."""

import datetime

import factory
from django.db.models import Q

from ratings.models import Level, Rating, ReviewCycle
from tests import factories


def level(applies_to: str, year: int, tier: int) -> Level:
    """The level of the seeded scheme in force (schemes come from the data migration)."""
    return Level.objects.filter(scheme__applies_to=applies_to, scheme__first_year__lte=year).filter(
        Q(scheme__last_year__isnull=True) | Q(scheme__last_year__gte=year)
    ).get(tier=tier)


class OrganizationRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rating

    year = 2024
    organization = factory.SubFactory(factories.CellFactory)
    level = factory.LazyAttribute(lambda o: level("organization", o.year, 2))


class MemberRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rating

    year = 2024
    member = factory.SubFactory(factories.MemberFactory)
    level = factory.LazyAttribute(lambda o: level("member", o.year, 2))


class ReviewCycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewCycle

    year = 2024
    status = ReviewCycle.Status.DRAFT


def commune(province_committee, *, cells: int = 3, members_per_cell: int = 3, constituent_cells: int = 1):
    """A GPO under a provincial committee with direct cells, one constituent committee with cells, and members."""
    gpo = factories.GrassrootsFactory(parent=province_committee)
    constituent = factories.ConstituentFactory(parent=gpo)
    direct = [factories.CellFactory(parent=gpo) for _ in range(cells)]
    nested = [factories.CellFactory(parent=constituent) for _ in range(constituent_cells)]
    members = {
        cell.pk: [factories.MemberFactory(cell=cell, admitted_on=datetime.date(2010, 1, 1)) for _ in range(members_per_cell)]
        for cell in direct + nested
    }
    return gpo, constituent, direct + nested, members
