"""Showing personal data in templates as the user may see it."""

from django import template

from members.citizen_ids import shown_to

register = template.Library()


@register.filter
def citizen_id_for(value: str | None, user) -> str:
    """{{ member.citizen_id|citizen_id_for:request.user }}: in full with the permission, masked otherwise."""
    return shown_to(user, value) or "—"
