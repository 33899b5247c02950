"""The one permission point: who may see and change what, scoped to a subtree of party organizations.

Every view, export and import asks here. Objects outside a user's scope answer 404, so a guessed URL
does not even reveal that another province's record exists.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404

from jobs.models import Job
from organizations.models import PartyOrganization, UserScope
from organizations.selectors import subtree_sql

AnyUser = User | AnonymousUser


def role_of(user: AnyUser) -> str | None:
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return "admin"
    scope = getattr(user, "scope", None)
    return scope.role if scope else None


def subtree_filter(root_id: int, prefix: str = "") -> Q:
    """Q matching an organization (through `prefix`) that is `root_id` or lies below it."""
    return Q(**{f"{prefix}pk__in": RawSQL(subtree_sql(1) + "SELECT id FROM subtree", [int(root_id)])})


def organizations_for(user: AnyUser) -> QuerySet[PartyOrganization]:
    """The organizations whose records the user may read in detail (all for admins and analysts)."""
    role = role_of(user)
    if role in ("admin", UserScope.Role.ANALYST):
        return PartyOrganization.objects.all()
    if role in (UserScope.Role.STAFF, UserScope.Role.APPROVER):
        return PartyOrganization.objects.filter(subtree_filter(user.scope.organization_id))
    return PartyOrganization.objects.none()


def writable_organizations_for(user: AnyUser) -> QuerySet[PartyOrganization]:
    """The organizations whose members, ratings and returns the user may change."""
    role = role_of(user)
    if role == "admin":
        return PartyOrganization.objects.all()
    if role in (UserScope.Role.STAFF, UserScope.Role.APPROVER):
        return PartyOrganization.objects.filter(subtree_filter(user.scope.organization_id))
    return PartyOrganization.objects.none()


def in_scope_filter(user: AnyUser, prefix: str) -> Q:
    """A Q over another model's organization path (e.g. "cell__") that keeps rows in the user's write scope."""
    role = role_of(user)
    if role == "admin":
        return Q()
    if role in (UserScope.Role.STAFF, UserScope.Role.APPROVER):
        # One subquery of the scope's organization ids: joining the parent chain from a large table (5 million
        # members) is several times slower on PostgreSQL than filtering on a small id set.
        in_scope = PartyOrganization.objects.filter(subtree_filter(user.scope.organization_id)).values("pk")
        return Q(**{f"{prefix.removesuffix('__') or 'pk'}__in": in_scope})
    return Q(pk__in=[])


def can_see_personal_data(user: AnyUser) -> bool:
    """Members' records are personal data (Decree 13/2023/ND-CP): only admins, staff and approvers in scope."""
    return role_of(user) in ("admin", UserScope.Role.STAFF, UserScope.Role.APPROVER)


def can_see_citizen_ids(user: AnyUser | None) -> bool:
    """Citizen ID numbers in full: the command line (None), admins, and users granted the permission; everyone
    else who may read members' records sees them masked."""
    if user is None:
        return True
    return can_see_personal_data(user) and user.has_perm("members.view_citizen_id")


def can_write(user: AnyUser, organization: PartyOrganization) -> bool:
    return writable_organizations_for(user).filter(pk=organization.pk).exists()


def can_approve(user: AnyUser, organization: PartyOrganization) -> bool:
    role = role_of(user)
    if role == "admin":
        return True
    return role == UserScope.Role.APPROVER and can_write(user, organization)


def approvable_organizations_for(user: AnyUser) -> QuerySet[PartyOrganization]:
    """The organizations whose years the user may approve: all for admins, the scope's subtree for approvers."""
    role = role_of(user)
    if role == "admin":
        return PartyOrganization.objects.all()
    if role == UserScope.Role.APPROVER:
        return PartyOrganization.objects.filter(subtree_filter(user.scope.organization_id))
    return PartyOrganization.objects.none()


def require_approver(user: AnyUser) -> None:
    """Pages for approvers only (the approval queue): 403 for everyone else."""
    if role_of(user) not in ("admin", UserScope.Role.APPROVER):
        raise PermissionDenied


def organization_for_user_or_404(user: AnyUser, pk: int) -> PartyOrganization:
    try:
        return organizations_for(user).select_related("parent", "province", "admin_unit").get(pk=pk)
    except PartyOrganization.DoesNotExist as exc:
        raise Http404 from exc


def writable_organization_or_404(user: AnyUser, pk: int) -> PartyOrganization:
    """For write views: 404 outside the scope, 403 for a read-only role inside it."""
    organization = organization_for_user_or_404(user, pk)
    if not can_write(user, organization):
        if role_of(user) == UserScope.Role.ANALYST:
            raise Http404
        raise PermissionDenied
    return organization


def require_writer(user: AnyUser) -> None:
    """For pages that write somewhere in the user's scope (imports): 403 for read-only roles."""
    if not writable_organizations_for(user).exists():
        raise PermissionDenied


def require_personal_data_access(user: AnyUser) -> None:
    if not can_see_personal_data(user):
        raise PermissionDenied


def job_for_user_or_404(user: AnyUser, pk) -> Job:
    """A background job is seen by whoever started it, and by admins; anyone else gets 404 (the page names a file
    and a scope, and the id must not tell that the job exists)."""
    jobs = Job.objects.select_related("user")
    if role_of(user) != "admin":
        jobs = jobs.filter(user_id=user.pk) if user.is_authenticated else jobs.none()
    try:
        return jobs.get(pk=pk)
    except Job.DoesNotExist as exc:
        raise Http404 from exc


def can_rebuild_summaries(user: AnyUser) -> bool:
    """Rebuilding every summary table is an operator's act: admins and approvers."""
    return role_of(user) in ("admin", UserScope.Role.APPROVER)
