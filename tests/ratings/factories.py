"""Factories and small builders for the ratings tests."""

import datetime

import factory
from django.db.models import Q

from ratings import placement
from ratings.models import Level, Rating, ReviewCycle, SummaryReturn
from tests import factories


def level(applies_to: str, year: int, tier: int) -> Level:
    """The level of the seeded scheme in force (schemes come from the data migration)."""
    return Level.objects.filter(scheme__applies_to=applies_to, scheme__first_year__lte=year).filter(
        Q(scheme__last_year__isnull=True) | Q(scheme__last_year__gte=year)
    ).get(tier=tier)


def place(*, year: int, organization=None, member=None) -> dict:
    """Where the engine would record a rating written now (its GPO, province, unit, a member's cell)."""
    if organization is not None:
        return placement.organizations_placed([organization.pk])[organization.pk].fields()
    return placement.members_placed([(member.pk, year)])[(member.pk, year)].fields()


class _PlacedRating(factory.django.DjangoModelFactory):
    """A rating written straight to the table (no rules), placed as the engine would place it."""

    class Meta:
        model = Rating
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        if "gpo" not in kwargs and "gpo_id" not in kwargs:
            kwargs.update(place(year=kwargs["year"], organization=kwargs.get("organization"),
                                member=kwargs.get("member")))
        return super()._create(model_class, *args, **kwargs)


class OrganizationRatingFactory(_PlacedRating):
    class Meta:
        model = Rating

    year = 2024
    organization = factory.SubFactory(factories.CellFactory)
    level = factory.LazyAttribute(lambda o: level("organization", o.year, 2))


class MemberRatingFactory(_PlacedRating):
    class Meta:
        model = Rating

    year = 2024
    member = factory.SubFactory(factories.MemberFactory)
    level = factory.LazyAttribute(lambda o: level("member", o.year, 2))


class SummaryReturnFactory(factory.django.DjangoModelFactory):
    """A return written straight to the table, placed where its organization is."""

    class Meta:
        model = SummaryReturn

    year = 2024
    subject = "gpo"
    province = factory.LazyAttribute(lambda o: o.reporting_organization.province)
    admin_unit = factory.LazyAttribute(lambda o: o.reporting_organization.admin_unit)


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
