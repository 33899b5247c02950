"""factory_boy factories shared by every test module."""

import datetime

import factory
from django.contrib.auth import get_user_model

from members.models import Ethnicity, Member
from organizations.models import AdministrativeUnit, PartyOrganization, UserScope

Kind = AdministrativeUnit.Kind
OrgKind = PartyOrganization.Kind


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit

    code = factory.Sequence(lambda n: f"P{n:03d}")
    name = factory.Sequence(lambda n: f"Tỉnh Thử Nghiệm {n}")
    kind = Kind.TINH
    valid_from = datetime.date(2025, 7, 1)


class CommuneFactory(ProvinceFactory):
    code = factory.Sequence(lambda n: f"C{n:05d}")
    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    kind = Kind.XA
    parent = factory.SubFactory(ProvinceFactory)


class VillageFactory(ProvinceFactory):
    code = factory.Sequence(lambda n: f"V{n:06d}")
    name = factory.Sequence(lambda n: f"Bản {n}")
    kind = Kind.BAN
    parent = factory.SubFactory(CommuneFactory)


class ProvincialCommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyOrganization

    code = factory.Sequence(lambda n: f"DB-T{n:03d}")
    name = factory.LazyAttribute(lambda o: f"Đảng bộ {o.province.name}")
    kind = OrgKind.PROVINCIAL
    province = factory.SubFactory(ProvinceFactory)
    admin_unit = factory.SelfAttribute("province")


class GrassrootsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyOrganization

    code = factory.Sequence(lambda n: f"DB-X{n:05d}")
    name = factory.Sequence(lambda n: f"Đảng bộ xã Thử Nghiệm {n}")
    kind = OrgKind.GRASSROOTS
    sector = PartyOrganization.Sector.COMMUNE
    parent = factory.SubFactory(ProvincialCommitteeFactory)
    province = factory.SelfAttribute("parent.province")
    admin_unit = factory.SubFactory(CommuneFactory, parent=factory.SelfAttribute("..province"))


class ConstituentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyOrganization

    code = factory.Sequence(lambda n: f"DBBP{n:05d}")
    name = factory.Sequence(lambda n: f"Đảng bộ bộ phận {n}")
    kind = OrgKind.CONSTITUENT
    parent = factory.SubFactory(GrassrootsFactory)
    province = factory.SelfAttribute("parent.province")


class CellFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyOrganization

    code = factory.Sequence(lambda n: f"CB{n:06d}")
    name = factory.Sequence(lambda n: f"Chi bộ bản {n}")
    kind = OrgKind.CELL
    sector = PartyOrganization.Sector.VILLAGE
    parent = factory.SubFactory(GrassrootsFactory)
    province = factory.SelfAttribute("parent.province")


class EthnicityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ethnicity
        django_get_or_create = ("code",)

    code = "01"
    name = "Kinh"


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    gender = Member.Gender.MALE
    birth_date = datetime.date(1980, 5, 1)
    ethnicity = factory.SubFactory(EthnicityFactory)
    card_number = factory.Sequence(lambda n: f"{n:08d}")
    cell = factory.SubFactory(CellFactory)
    admitted_on = datetime.date(2010, 3, 1)
    official_on = datetime.date(2011, 3, 1)
    status = Member.Status.OFFICIAL


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("test-pass-123")


class UserScopeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UserScope

    user = factory.SubFactory(UserFactory)
    role = UserScope.Role.STAFF
    organization = factory.SubFactory(ProvincialCommitteeFactory)
