"""Writing the personal-data access log: who viewed, exported or imported members' records, when, and what."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from members.models import PersonalDataAccess
from organizations.access import can_see_citizen_ids

Action = PersonalDataAccess.Action


def record(user, action: str, what: str, *, records: int | None = None) -> None:
    """One entry; `user` None is the command line."""
    PersonalDataAccess.objects.create(user=user if getattr(user, "pk", None) else None, action=action,
                                      what=what[:300], records=records, full_citizen_ids=can_see_citizen_ids(user))


def record_page(request: HttpRequest, response: HttpResponse) -> None:
    """A page of members' records that was shown (not a refusal, a redirect or a picker's JSON)."""
    if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
        record(request.user, Action.VIEW, request.get_full_path())
