"""Models of the members app: people and their events, member development, roles."""

from members.models.access_log import PersonalDataAccess
from members.models.development import AdmissionTarget, AwarenessClass
from members.models.people import Ethnicity, Member, MemberEvent
from members.models.roles import CellRole, KeyCadre, VillageHead

__all__ = [
    "AdmissionTarget",
    "AwarenessClass",
    "CellRole",
    "Ethnicity",
    "KeyCadre",
    "Member",
    "MemberEvent",
    "PersonalDataAccess",
    "VillageHead",
]
