"""Accounts and a work plan for the national load test (`make load`), on a copy of the synthetic national data.

Every commune GPO gets a staff account scoped to it, every province a provincial staff account and an approver,
and there are analysts. Each province's first GPOs are set apart so that people never work on the same rows at
once, as in real life: two for the approver's submit → approve → reopen, two for the provincial staff's imports
(their members get card numbers, which the synthetic data lacks and an import needs); the others are entered
through the grids by their own commune staff. The plan (who works where) is written as JSON for the locust users.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.db.models import Max, Min, Value
from django.db.models.functions import Cast, Concat

from members.models import Member
from organizations.models import PartyOrganization, UserScope
from ratings.models import Rating

from .generate_national import SYNTHETIC_PREFIX

Kind = PartyOrganization.Kind
REVIEW_GPOS, IMPORT_GPOS = 2, 2
CARD_PREFIX = "TAI-"  # card numbers given to the import GPOs' members ("tải": load)


class Command(BaseCommand):
    help = "Create the load test's accounts (every commune and province) and write the plan of who works where."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--password", required=True, help="password of every account created or updated")
        parser.add_argument("--out", required=True, help="JSON file to write the plan to")
        parser.add_argument("--analysts", type=int, default=40)

    def handle(self, *args, password: str, out: str, analysts: int, **options) -> None:
        provinces = list(PartyOrganization.objects.filter(kind=Kind.PROVINCIAL, code__startswith=f"{SYNTHETIC_PREFIX}P-")
                         .order_by("pk").values("pk", "province_id"))
        if not provinces:
            raise CommandError("No synthetic national data here (SYN-…): run `make bench` or generate_national first.")
        # Min and max over the year index; then one synthetic rating of the last year, found through the same index.
        years = Rating.objects.aggregate(first=Min("year"), last=Max("year"))
        if not Rating.objects.filter(year=years["last"], gpo__code__startswith=f"{SYNTHETIC_PREFIX}G-").exists():
            raise CommandError("The synthetic data has no ratings: generate_national did not finish.")
        gpos = defaultdict(list)
        for pk, parent in (PartyOrganization.objects.filter(kind=Kind.GRASSROOTS, code__startswith=f"{SYNTHETIC_PREFIX}G-")
                           .order_by("pk").values_list("pk", "parent_id")):
            gpos[parent].append(pk)
        with transaction.atomic():
            plan = self._plan(provinces, gpos, years["last"], analysts)
            plan["first_year"] = years["first"]
            self._accounts(plan, make_password(password))
            self._cards(plan)
        Path(out).write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
        self.stdout.write(f"load personas: {len(plan['communes'])} commune staff, {len(plan['provinces'])} provincial "
                          f"staff and approvers, {len(plan['analysts'])} analysts; years {years['first']}–{years['last']}; plan in {out}")

    def _plan(self, provinces: list[dict], gpos: dict[int, list[int]], year: int, analysts: int) -> dict:
        cells = defaultdict(list)
        for pk, parent in (PartyOrganization.objects.filter(kind=Kind.CELL, code__startswith=f"{SYNTHETIC_PREFIX}C-")
                           .order_by("pk").values_list("pk", "parent_id")):
            cells[parent].append(pk)
        plan = {"year": year, "provinces": [], "communes": [],
                "analysts": [f"phantich-{n}" for n in range(1, analysts + 1)]}
        for province in provinces:
            own = gpos.get(province["pk"], [])
            review, imports = own[:REVIEW_GPOS], own[REVIEW_GPOS:REVIEW_GPOS + IMPORT_GPOS]
            plan["provinces"].append({
                "committee": province["pk"], "unit": province["province_id"],
                "staff": f"tinh-{province['pk']}", "approver": f"duyet-{province['pk']}",
                "review_gpos": review, "import_gpos": imports,
            })
            plan["communes"] += [{"user": f"xa-{gpo}", "gpo": gpo, "province": province["pk"], "cells": cells[gpo]}
                                 for gpo in own[REVIEW_GPOS + IMPORT_GPOS:]]
        return plan

    def _accounts(self, plan: dict, password_hash: str) -> None:
        """Create or update every account with one password hash (hashing thousands of times would take minutes)."""
        Role = UserScope.Role
        wanted = {name: (Role.ANALYST, None) for name in plan["analysts"]}
        for province in plan["provinces"]:
            wanted[province["staff"]] = (Role.STAFF, province["committee"])
            wanted[province["approver"]] = (Role.APPROVER, province["committee"])
        for commune in plan["communes"]:
            wanted[commune["user"]] = (Role.STAFF, commune["gpo"])
        User = get_user_model()
        User.objects.bulk_create([User(username=name, password=password_hash) for name in wanted],
                                 ignore_conflicts=True, batch_size=2000)
        User.objects.filter(username__in=wanted).update(password=password_hash, is_active=True)
        users = dict(User.objects.filter(username__in=wanted).values_list("username", "pk"))
        UserScope.objects.bulk_create(
            [UserScope(user_id=users[name], role=role, organization_id=org) for name, (role, org) in wanted.items()],
            update_conflicts=True, unique_fields=["user"], update_fields=["role", "organization"], batch_size=2000,
        )
        # A previous run's failed logins must not lock an account out (django-axes).
        AccessAttempt.objects.filter(username__in=wanted).delete()

    def _cards(self, plan: dict) -> None:
        """Card numbers for the import GPOs' members, and the cards with their cells in the plan."""
        for province in plan["provinces"]:
            members = Member.objects.filter(cell__parent_id__in=province["import_gpos"])
            members.filter(card_number__isnull=True).update(
                card_number=Concat(Value(CARD_PREFIX), Cast("pk", models.CharField())))
            province["import_cards"] = {
                str(gpo): list(members.filter(cell__parent_id=gpo).order_by("cell_id", "pk")
                               .values_list("card_number", flat=True))
                for gpo in province["import_gpos"]
            }
