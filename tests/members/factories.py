"""Factories for the members app's own models."""

import datetime

import factory

from members.models import AdmissionTarget, AwarenessClass, CellRole, KeyCadre, VillageHead
from tests.factories import CellFactory, GrassrootsFactory, MemberFactory, VillageFactory


class AwarenessClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwarenessClass

    cell = factory.SubFactory(CellFactory)
    year = 2024
    attendees = 3


class AdmissionTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdmissionTarget

    organization = factory.SubFactory(GrassrootsFactory)
    year = 2024
    minimum = 5
    maximum = 6


class CellRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CellRole

    member = factory.SubFactory(MemberFactory)
    cell = factory.SelfAttribute("member.cell")
    role = CellRole.Role.SECRETARY
    term_start = datetime.date(2020, 10, 1)


class VillageHeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VillageHead

    village = factory.SubFactory(VillageFactory)
    full_name = factory.Sequence(lambda n: f"Lò Văn Trưởng {n}")
    is_party_member = True
    term_start = datetime.date(2022, 1, 1)


class KeyCadreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyCadre

    organization = factory.SubFactory(GrassrootsFactory)
    title = KeyCadre.Title.PARTY_SECRETARY
    full_name = factory.Sequence(lambda n: f"Vi Văn Cán {n}")
    qualification = "university"
    theory_level = "intermediate"
    term_start = datetime.date(2020, 10, 1)
