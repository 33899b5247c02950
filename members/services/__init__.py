"""Writes of the members app. Every write is one transaction; the Member row caches what its events say."""

from members.services.development import admission_target_set, awareness_class_set
from members.services.events import (
    member_discipline,
    member_event_correct,
    member_event_record,
    member_exempt,
    member_recognise_official,
    member_record_death,
    member_remove,
    member_transfer,
)
from members.services.records import member_admit, member_update
from members.services.roles import cell_role_assign, key_cadre_set, village_head_set

__all__ = [
    "admission_target_set",
    "awareness_class_set",
    "cell_role_assign",
    "key_cadre_set",
    "member_admit",
    "member_discipline",
    "member_event_correct",
    "member_event_record",
    "member_exempt",
    "member_recognise_official",
    "member_record_death",
    "member_remove",
    "member_transfer",
    "member_update",
    "village_head_set",
]
