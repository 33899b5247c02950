"""Load the clearly labelled synthetic demo set and the demo accounts (idempotent)."""

import os
import secrets
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from members import demo as members_demo
from organizations import demo as organizations_demo
from organizations.models import UserScope
from partyquality import country
from ratings import demo as ratings_demo
from reports import demo as reports_demo

DEMO_ACCOUNTS = [
    # username, role, the provincial committee whose subtree they work in
    ("admin", "admin", None),
    ("staff", UserScope.Role.STAFF, "nghe_an"),
    ("staff-caobang", UserScope.Role.STAFF, "cao_bang"),
    ("approver", UserScope.Role.APPROVER, "nghe_an"),
    ("analyst", UserScope.Role.ANALYST, None),
]


class Command(BaseCommand):
    help = "Load the synthetic demo organizations, members, ratings, the synthetic country and the demo accounts."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--country-members", type=int, default=country.Scale.members,
                            help="members of the synthetic country in all 34 provinces (default 50,000; 0: none)")
        parser.add_argument("--communes-per-province", type=int, default=None,
                            help="communes of each province in the synthetic country (default: all)")

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        nation = None
        with transaction.atomic():
            demo, created = organizations_demo.load()
            if created:
                members_demo.load(demo)
                ratings_demo.load(demo)
            if options["country_members"] > 0:
                nation = country.load(country.Scale(members=options["country_members"],
                                                    communes_per_province=options["communes_per_province"]))
            reports_demo.load(demo)
            password, new_accounts = self._ensure_accounts(demo)
        if created:
            self.stdout.write(self.style.SUCCESS("Demo data loaded (synthetic, labelled DEMO)."))
        else:
            self.stdout.write("Demo data already present; left as it is.")
        if nation:
            self.stdout.write(self.style.SUCCESS(
                f"Synthetic country loaded (GL-…, “giả lập”): {nation.provinces} provinces, {nation.gpos} GPOs, "
                f"{nation.cells} cells, {nation.members} members, {nation.events} member events, {nation.ratings} "
                f"ratings, {nation.years[0]}–{nation.years[-1]}."))
        self.stdout.write(f"load_demo took {time.monotonic() - started:.1f} s.")
        if new_accounts and password:
            self.stdout.write(
                self.style.WARNING(
                    f"Demo accounts {', '.join(new_accounts)} created with password: {password}\n"
                    "(shown once; set DEMO_PASSWORD to choose it)"
                )
            )

    def _ensure_accounts(self, demo) -> tuple[str | None, list[str]]:
        User = get_user_model()
        chosen = os.environ.get("DEMO_PASSWORD")
        generated = secrets.token_urlsafe(9)
        new_accounts = []
        for username, role, province_key in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(username=username)
            if created or chosen:
                user.set_password(chosen or generated)
            if created:
                new_accounts.append(username)
            user.is_staff = user.is_superuser = role == "admin"
            user.save()
            if role != "admin":
                UserScope.objects.update_or_create(
                    user=user,
                    defaults={"role": role, "organization": demo.provincial.get(province_key)},
                )
        return (None if chosen else generated), new_accounts
