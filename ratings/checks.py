"""The rules of the schemes, checked on every save and listed on the per-unit, per-year report.

Each rule says which scheme states it. The checks work on plain "states" (what a rating is or will be) so
that the same code serves a grid save, a spreadsheet import and the report page.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from ratings.models import Level

# Regulation 124-QĐ/TW (2023), art. 12: a member disciplined in the year is "not completed" unless the
# member found and remedied the violation; earlier schemes (132-QĐ/TW with 21-HD/BTCTW) know no exception.
DISCIPLINE_REMEDY_FROM_YEAR = 2023
# 132-QĐ/TW with 21-HD/BTCTW (2018 on), 124-QĐ/TW and 366-QĐ/TW: a collective whose member or affiliated
# unit was disciplined in the year cannot be rated excellent.
COLLECTIVE_DISCIPLINE_FROM_YEAR = 2018


@dataclass
class Issue:
    ref: str
    field: str
    message: str
    severity: str = "error"  # "error" blocks the save; "warning" is listed only
    overridable: bool = False  # a recorded reason lifts it (quota, a score-based level lowered, 124's remedy)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


@dataclass
class RatingState:
    """A rating as it is (report) or will be after the save (services)."""

    ref: str
    year: int
    subject: str  # gpo / constituent / cell / member
    subject_id: int
    gpo_id: int
    level: Level | None
    not_reviewed: str = ""
    score: Decimal | None = None
    is_exemplary: bool = False
    override_reason: str = ""
    changed: bool = True
    founded: datetime.date | None = None
    dissolved: datetime.date | None = None
    admitted_on: datetime.date | None = None
    left_on: datetime.date | None = None  # removal or death


@dataclass
class Context:
    """What the rules need from around the ratings, loaded in bulk by the caller."""

    disciplined_members: set[tuple[int, int]] = field(default_factory=set)  # (member_id, year)
    orgs_with_discipline: set[tuple[int, int]] = field(default_factory=set)  # (organization_id, year)
    # (gpo_id, year) -> member_id -> tier, for the members of the GPO not in the batch
    other_member_tiers: dict[tuple[int, int], dict[int, int]] = field(default_factory=lambda: defaultdict(dict))


def check_existence(state: RatingState) -> list[Issue]:
    """A subject can be rated only for a year in which it existed."""
    start, end = datetime.date(state.year, 1, 1), datetime.date(state.year, 12, 31)
    born = state.founded if state.subject != "member" else state.admitted_on
    gone = state.dissolved if state.subject != "member" else state.left_on
    if born and born > end:
        return [Issue(state.ref, "year", _("Năm %(year)s: đối tượng chưa tồn tại (từ %(date)s).")
                      % {"year": state.year, "date": born.strftime("%d/%m/%Y")})]
    if gone and gone < start:
        return [Issue(state.ref, "year", _("Năm %(year)s: đối tượng đã không còn (từ %(date)s).")
                      % {"year": state.year, "date": gone.strftime("%d/%m/%Y")})]
    return []


def check_level(state: RatingState) -> list[Issue]:
    """The level must belong to the scheme of that year and subject; "exemplary" only where the scheme has it."""
    level = state.level
    if level is None:
        return []
    scheme = level.scheme
    applies = "member" if state.subject == "member" else "organization"
    if scheme.applies_to != applies or scheme.first_year > state.year or (
        scheme.last_year is not None and scheme.last_year < state.year
    ):
        return [Issue(state.ref, "level", _("Mức “%(level)s” không thuộc quy định xếp loại năm %(year)s.")
                      % {"level": level.label_vi, "year": state.year})]
    if state.is_exemplary and not (scheme.has_exemplary and level.tier == 1):
        return [Issue(state.ref, "is_exemplary",
                      _("Chỉ tổ chức xếp mức 1 theo quy định có danh hiệu tiêu biểu mới được đánh dấu tiêu biểu."))]
    return []


def check_score(state: RatingState) -> list[Issue]:
    """Score-based schemes (27-HD/BTCTW 2014 for organizations; 366-QĐ/TW from 2025): the level follows the
    thresholds (366: excellent ≥ 90, good 70–<90, completed 50–<70); a condition may lower it, with a reason."""
    level = state.level
    if level is None or state.score is None:
        return []
    if not level.scheme.uses_score:
        return [Issue(state.ref, "score", _("Quy định năm %(year)s không chấm điểm; bỏ trống cột điểm.")
                      % {"year": state.year})]
    by_score = next(
        (lv for lv in sorted(level.scheme.levels.all(), key=lambda lv: lv.tier)
         if lv.min_score is not None and state.score >= lv.min_score),
        None,
    )
    if by_score is None:
        return []
    if level.tier < by_score.tier:
        return [Issue(state.ref, "level", _("%(score)s điểm chỉ đạt mức “%(allowed)s”, không thể xếp “%(level)s”.")
                      % {"score": state.score, "allowed": by_score.label_vi, "level": level.label_vi})]
    if level.tier > by_score.tier and not state.override_reason.strip():
        return [Issue(state.ref, "override_reason",
                      _("%(score)s điểm ứng với mức “%(allowed)s”; xếp thấp hơn cần ghi lý do (điều kiện hạ mức).")
                      % {"score": state.score, "allowed": by_score.label_vi}, overridable=True)]
    return []


def check_member_discipline(state: RatingState, context: Context) -> list[Issue]:
    """132-QĐ/TW, 21-HD/BTCTW and 124-QĐ/TW art. 12: a member disciplined in the year is "not completed"."""
    if state.subject != "member" or state.level is None or state.level.tier == 4:
        return []
    if (state.subject_id, state.year) not in context.disciplined_members:
        return []
    if state.year >= DISCIPLINE_REMEDY_FROM_YEAR and state.override_reason.strip():
        return []  # 124-QĐ/TW: found and remedied by the member, recorded in the reason
    hint = _(" (hoặc ghi lý do: tự phát hiện và khắc phục)") if state.year >= DISCIPLINE_REMEDY_FROM_YEAR else ""
    return [Issue(state.ref, "level", _("Đảng viên bị kỷ luật trong năm %(year)s phải xếp mức 4 “không hoàn thành "
                                        "nhiệm vụ”%(hint)s.") % {"year": state.year, "hint": hint},
                  overridable=state.year >= DISCIPLINE_REMEDY_FROM_YEAR)]


def check_collective_discipline(state: RatingState, context: Context) -> list[Issue]:
    """21-HD/BTCTW, 124-QĐ/TW, 366-QĐ/TW: a collective with a member or affiliate disciplined that year
    cannot be rated excellent."""
    if state.subject == "member" or state.level is None or state.level.tier != 1:
        return []
    if state.year < COLLECTIVE_DISCIPLINE_FROM_YEAR or (state.subject_id, state.year) not in context.orgs_with_discipline:
        return []
    return [Issue(state.ref, "level", _("Tổ chức có đảng viên hoặc tổ chức trực thuộc bị kỷ luật trong năm %(year)s "
                                        "không thể xếp mức 1.") % {"year": state.year})]


def check_quota(states: list[RatingState], context: Context) -> list[Issue]:
    """21-HD/BTCTW (2019), kept per scheme: members rated excellent may not exceed the scheme's percentage
    (20%) of the members rated good, within each GPO. Exceeding it needs a recorded reason on the new ones."""
    groups: dict[tuple[int, int], list[RatingState]] = defaultdict(list)
    for state in states:
        if state.subject == "member" and state.level is not None:
            groups[(state.gpo_id, state.year)].append(state)
    issues: list[Issue] = []
    for key, group in groups.items():
        quota = group[0].level.scheme.excellent_quota_percent
        if quota is None:
            continue
        tiers = dict(context.other_member_tiers.get(key, {}))
        tiers.update({s.subject_id: s.level.tier for s in group})
        excellent = sum(1 for t in tiers.values() if t == 1)
        good = sum(1 for t in tiers.values() if t == 2)
        limit = good * quota / 100
        if excellent <= limit:
            continue
        for state in group:
            if state.changed and state.level.tier == 1 and not state.override_reason.strip():
                issues.append(Issue(
                    state.ref, "override_reason",
                    _("Vượt trần: %(excellent)s đảng viên xuất sắc > %(quota)s%% của %(good)s đảng viên tốt trong tổ "
                      "chức cơ sở đảng (tối đa %(limit)s). Ghi lý do vượt trần để lưu.")
                    % {"excellent": excellent, "quota": format(quota.normalize(), "f"), "good": good,
                       "limit": int(limit)},
                    overridable=True,
                ))
    return issues


# 124-QĐ/TW (2023): members admitted less than 6 months before the review are not reviewed.
NEW_MEMBER_RULE_FROM_YEAR = 2023


def check_new_member(state: RatingState) -> list[Issue]:
    """124-QĐ/TW: a member admitted under 6 months before the year's end is counted as not reviewed (a warning:
    the review date may be later than 31 December)."""
    if state.subject != "member" or state.level is None or state.year < NEW_MEMBER_RULE_FROM_YEAR:
        return []
    if state.admitted_on and state.admitted_on > datetime.date(state.year, 6, 30):
        return [Issue(state.ref, "level", _("Kết nạp ngày %(date)s, chưa đủ 6 tháng: thuộc diện không đánh giá.")
                      % {"date": state.admitted_on.strftime("%d/%m/%Y")}, severity="warning")]
    return []


# 21-HD/BTCTW (2019), kept by 124-QĐ/TW: an organization's level depends on its parts.
PARTS_RULE_FROM_YEAR = 2019


def check_parts(state: RatingState, parts: list[int]) -> list[Issue]:
    """21-HD/BTCTW: "excellent" needs every subordinate unit (for a cell: every member) at "completed" or better
    and at least 80% at "good" or better; "good" needs at least 50% at "good" or better. Listed as a warning on
    the report: the parts may be rated after the whole, and the guideline's conditions are more than counts."""
    if state.subject == "member" or state.level is None or state.year < PARTS_RULE_FROM_YEAR or not parts:
        return []
    good_share = sum(1 for tier in parts if tier <= 2) / len(parts)
    if state.level.tier == 1 and (4 in parts or good_share < 0.8):
        return [Issue(state.ref, "level", _("Xếp mức 1 cần mọi bộ phận (với chi bộ: mọi đảng viên) từ mức 3 trở lên "
                                            "và ít nhất 80%% từ mức 2 trở lên; hiện %(share)s%% ở mức 1–2%(weak)s.")
                      % {"share": round(good_share * 100), "weak": _(", có bộ phận ở mức 4") if 4 in parts else ""},
                      severity="warning")]
    if state.level.tier == 2 and good_share < 0.5:
        return [Issue(state.ref, "level", _("Xếp mức 2 cần ít nhất 50%% bộ phận từ mức 2 trở lên; hiện %(share)s%%.")
                      % {"share": round(good_share * 100)}, severity="warning")]
    return []


# 27-HD/BTCTW (2014, organizations reviewed 2014–2017): an organization is "yếu kém" when more than 1/3 of its
# subordinate organizations are weak; a cell, when more than 1/2 of its members did not complete their tasks.
WEAK_PARTS_YEARS = (2014, 2017)


def check_weak_parts(state: RatingState, parts: list[int], *, members: bool) -> list[Issue]:
    """27-HD/BTCTW: too many weak parts make the whole weak. A warning on the report, like check_parts: the
    parts may be rated after the whole (and the thresholds are read from the guideline as quoted in domain.md)."""
    first, last = WEAK_PARTS_YEARS
    if state.subject == "member" or state.level is None or state.level.tier == 4 or not parts:
        return []
    if not first <= state.year <= last:
        return []
    weak = sum(1 for tier in parts if tier == 4)
    limit = 1 / 2 if members else 1 / 3
    if weak / len(parts) <= limit:
        return []
    return [Issue(state.ref, "level", _("%(weak)s/%(n)s %(what)s ở mức 4 (quá %(limit)s): theo 27-HD/BTCTW phải xếp "
                                        "“yếu kém”.")
                  % {"weak": weak, "n": len(parts), "limit": "1/2" if members else "1/3",
                     "what": _("đảng viên") if members else _("tổ chức trực thuộc")}, severity="warning")]


def run(states: list[RatingState], context: Context) -> list[Issue]:
    issues: list[Issue] = []
    for state in states:
        found = check_existence(state) or check_level(state)
        if not found:
            found = (check_score(state) + check_member_discipline(state, context)
                     + check_collective_discipline(state, context) + check_new_member(state))
        issues.extend(found)
    issues.extend(check_quota(states, context))
    return issues
