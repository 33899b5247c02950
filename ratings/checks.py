"""The rules of the schemes, checked on every save and listed on the per-unit, per-year report.

A rule is in force for a year when the year's scheme has a row for it (`Rule`, fixtures/schemes.json); each issue
names the rule's source. A rule whose source is not confirmed only ever warns: a board must be able to record what
it decided. The checks work on plain "states" (what a rating is or will be) so that the same code serves a grid
save, a spreadsheet import and the report page.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from ratings.models import Level, Rule, Scheme

Kind = Rule.Kind


@dataclass
class Issue:
    ref: str
    field: str
    message: str
    severity: str = "error"  # "error" blocks the save; "warning" is listed only
    overridable: bool = False  # a recorded reason lifts it (quota, a score-based level lowered, 124's remedy)
    source: str = ""  # the regulation (and clause) the rule comes from
    confirmed: bool | None = None  # whether that source is confirmed; None: not a rule of a regulation

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def citation(self) -> str:
        """“Căn cứ: …”, and whether the source is confirmed; empty for checks that are not a regulation's rule."""
        if not self.source:
            return ""
        state = _("đã đối chiếu") if self.confirmed else _("chưa khẳng định")
        return _("Căn cứ: %(source)s (%(state)s)") % {"source": self.source, "state": state}

    def __str__(self) -> str:
        return f"{self.message} {self.citation}".strip()


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
    exceeded_share: Decimal | None = None
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
    # (organization_id, year): a member of the organization's leadership (secretary, deputy) was disciplined
    leaders_disciplined: set[tuple[int, int]] = field(default_factory=set)
    # (gpo_id, year) -> member_id -> tier, for the members of the GPO not in the batch
    other_member_tiers: dict[tuple[int, int], dict[int, int]] = field(default_factory=lambda: defaultdict(dict))


def rules_of(scheme: Scheme, kind: str) -> list[Rule]:
    """The scheme's rules of a kind (prefetched with the scheme by SchemeBook)."""
    return [rule for rule in scheme.rules.all() if rule.kind == kind]


def rule_of(scheme: Scheme, kind: str, tier: int | None = None) -> Rule | None:
    return next((rule for rule in rules_of(scheme, kind) if tier is None or rule.tier == tier), None)


def _issue(state: RatingState, field_name: str, message: str, *, rule: Rule | None, scheme: Scheme,
           severity: str = "error", overridable: bool = False) -> Issue:
    """An issue citing its rule; without a confirmed rule behind it, only a warning."""
    confirmed = bool(rule and rule.confirmed)
    if not confirmed:
        severity, overridable = "warning", False
    source = rule.source if rule else scheme.source
    return Issue(state.ref, field_name, message, severity=severity, overridable=overridable, source=source,
                 confirmed=confirmed)


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


def _excellent_barred(state: RatingState, context: Context) -> bool:
    """Whether a recorded fact already rules out level 1 under a confirmed condition of the scheme (366-QĐ/TW)."""
    scheme = state.level.scheme
    exceeded = rule_of(scheme, Kind.EXCEEDED_TASKS)
    if exceeded and exceeded.confirmed and exceeded.value is not None and state.exceeded_share is not None \
            and state.exceeded_share < exceeded.value:
        return True
    leadership = rule_of(scheme, Kind.LEADERSHIP_DISCIPLINE)
    return bool(leadership and leadership.confirmed and state.subject != "member"
                and (state.subject_id, state.year) in context.leaders_disciplined)


def check_score(state: RatingState, context: Context | None = None) -> list[Issue]:
    """Score-based schemes (27-HD/BTCTW for organizations 2014–2017; 366-QĐ/TW from 2025): the level follows the
    thresholds, each a rule with its own source (27-HD's ≥ 90 and ≥ 70 are unconfirmed, so only warn); a condition
    may lower the level, with a reason, unless a recorded fact (366: tasks above the requirement, discipline of the
    leadership) already explains it."""
    level = state.level
    if level is None or state.score is None:
        return []
    scheme = level.scheme
    if not scheme.uses_score:
        return [Issue(state.ref, "score", _("Quy định năm %(year)s không chấm điểm; bỏ trống cột điểm.")
                      % {"year": state.year})]
    levels = sorted(scheme.levels.all(), key=lambda lv: lv.tier)
    if level.min_score is not None and state.score < level.min_score:
        return [_issue(state, "level", _("%(score)s điểm chưa đạt ngưỡng %(min)s điểm của mức “%(level)s”.")
                       % {"score": _number(state.score), "min": _number(level.min_score), "level": level.label_vi},
                       rule=rule_of(scheme, Kind.SCORE_MIN, level.tier), scheme=scheme)]
    reached = [lv for lv in levels if lv.min_score is not None and state.score >= lv.min_score]
    if not reached or level.tier <= reached[0].tier:
        return []
    barred = {1} if _excellent_barred(state, context or Context()) else set()
    expected = next((lv for lv in reached if lv.tier not in barred), None)
    if expected is None or level.tier <= expected.tier or state.override_reason.strip():
        return []
    return [_issue(state, "override_reason",
                   _("%(score)s điểm ứng với mức “%(allowed)s”; xếp thấp hơn cần ghi lý do (điều kiện hạ mức).")
                   % {"score": _number(state.score), "allowed": expected.label_vi},
                   rule=rule_of(scheme, Kind.SCORE_MIN, expected.tier), scheme=scheme, overridable=True)]


def check_exceeded_tasks(state: RatingState) -> list[Issue]:
    """366-QĐ/TW art. 11: level 1 needs at least 30% of the tasks done above the requirement (collectives and
    individuals). A share not recorded is a warning: the board may keep the figure elsewhere."""
    level = state.level
    if level is None or level.tier != 1:
        return []
    rule = rule_of(level.scheme, Kind.EXCEEDED_TASKS)
    if rule is None or rule.value is None:
        return []
    words = {"min": _number(rule.value)}
    if state.exceeded_share is None:
        return [_issue(state, "exceeded_share", _("Mức 1 cần ít nhất %(min)s%% nhiệm vụ hoàn thành vượt yêu cầu; "
                                                  "chưa ghi tỷ lệ này.") % words,
                       rule=rule, scheme=level.scheme, severity="warning")]
    if state.exceeded_share < rule.value:
        return [_issue(state, "exceeded_share", _("Mức 1 cần ít nhất %(min)s%% nhiệm vụ hoàn thành vượt yêu cầu; "
                                                  "ghi nhận %(share)s%%.") % {**words,
                                                                              "share": _number(state.exceeded_share)},
                       rule=rule, scheme=level.scheme)]
    return []


def check_member_discipline(state: RatingState, context: Context) -> list[Issue]:
    """132-QĐ/TW, 21-HD/BTCTW and 124-QĐ/TW art. 12: a member disciplined in the year is "not completed";
    124's exception (found and remedied by the member) is a recorded reason. Before 2018 and under 366 the rule is
    not confirmed, so it warns."""
    if state.subject != "member" or state.level is None or state.level.tier == 4:
        return []
    scheme = state.level.scheme
    rule = rule_of(scheme, Kind.MEMBER_DISCIPLINE)
    if rule is None or (state.subject_id, state.year) not in context.disciplined_members:
        return []
    remedy = rule_of(scheme, Kind.DISCIPLINE_REMEDY)
    if remedy is not None and state.override_reason.strip():
        return []
    hint = _(" (hoặc ghi lý do: tự phát hiện và khắc phục)") if remedy is not None else ""
    return [_issue(state, "level", _("Đảng viên bị kỷ luật trong năm %(year)s phải xếp mức 4 “không hoàn thành "
                                     "nhiệm vụ”%(hint)s.") % {"year": state.year, "hint": hint},
                   rule=rule, scheme=scheme, overridable=remedy is not None)]


def check_collective_discipline(state: RatingState, context: Context) -> list[Issue]:
    """A collective with a member or affiliate disciplined that year rated excellent (132-QĐ/TW, 124-QĐ/TW as
    read so far, not confirmed: a warning)."""
    if state.subject == "member" or state.level is None or state.level.tier != 1:
        return []
    rule = rule_of(state.level.scheme, Kind.COLLECTIVE_DISCIPLINE)
    if rule is None or (state.subject_id, state.year) not in context.orgs_with_discipline:
        return []
    return [_issue(state, "level", _("Tổ chức có đảng viên hoặc tổ chức trực thuộc bị kỷ luật trong năm %(year)s "
                                     "không thể xếp mức 1.") % {"year": state.year},
                   rule=rule, scheme=state.level.scheme)]


def check_leadership_discipline(state: RatingState, context: Context) -> list[Issue]:
    """366-QĐ/TW art. 11: a collective is excellent only if no subordinate unit and no member of its leadership was
    disciplined. The system knows the leadership through cell secretaries and deputies and the GPO's secretary and
    deputies; a disciplined ordinary member does not bar the level."""
    if state.subject == "member" or state.level is None or state.level.tier != 1:
        return []
    rule = rule_of(state.level.scheme, Kind.LEADERSHIP_DISCIPLINE)
    if rule is None or (state.subject_id, state.year) not in context.leaders_disciplined:
        return []
    return [_issue(state, "level", _("Thành viên tập thể lãnh đạo (bí thư, phó bí thư) bị kỷ luật trong năm "
                                     "%(year)s: tổ chức không thể xếp mức 1.") % {"year": state.year},
                   rule=rule, scheme=state.level.scheme)]


def check_weak_discipline(state: RatingState, context: Context) -> list[Issue]:
    """27-HD/BTCTW: corruption, negative conduct or degradation to the point that a member is disciplined makes the
    organization weak. The system knows who was disciplined, not why: a warning asking the board to look."""
    if state.subject == "member" or state.level is None or state.level.tier == 4:
        return []
    rule = rule_of(state.level.scheme, Kind.WEAK_DISCIPLINE)
    if rule is None or (state.subject_id, state.year) not in context.orgs_with_discipline:
        return []
    return [_issue(state, "level", _("Có đảng viên bị kỷ luật trong năm %(year)s: nếu vì tham nhũng, tiêu cực hoặc "
                                     "suy thoái thì tổ chức phải xếp “%(weak)s”.")
                   % {"year": state.year, "weak": _label(state.level.scheme, 4)},
                   rule=rule, scheme=state.level.scheme, severity="warning")]


def check_quota(states: list[RatingState], context: Context) -> list[Issue]:
    """21-HD/BTCTW (2019), kept per scheme: members rated excellent may not exceed the scheme's percentage
    (20%) of the members rated good, within each GPO. Exceeding it needs a recorded reason on the new ones where
    the rule is confirmed; elsewhere (124, 366: not confirmed) it warns."""
    groups: dict[tuple[int, int], list[RatingState]] = defaultdict(list)
    for state in states:
        if state.subject == "member" and state.level is not None:
            groups[(state.gpo_id, state.year)].append(state)
    issues: list[Issue] = []
    for key, group in groups.items():
        scheme = group[0].level.scheme
        quota = scheme.excellent_quota_percent
        if quota is None:
            continue
        rule = rule_of(scheme, Kind.QUOTA)
        tiers = dict(context.other_member_tiers.get(key, {}))
        tiers.update({s.subject_id: s.level.tier for s in group})
        excellent = sum(1 for t in tiers.values() if t == 1)
        good = sum(1 for t in tiers.values() if t == 2)
        limit = good * quota / 100
        if excellent <= limit:
            continue
        for state in group:
            if state.changed and state.level.tier == 1 and not state.override_reason.strip():
                issues.append(_issue(
                    state, "override_reason",
                    _("Vượt trần: %(excellent)s đảng viên xuất sắc > %(quota)s%% của %(good)s đảng viên tốt trong tổ "
                      "chức cơ sở đảng (tối đa %(limit)s). Ghi lý do vượt trần để lưu.")
                    % {"excellent": excellent, "quota": _number(quota), "good": good, "limit": int(limit)},
                    rule=rule, scheme=scheme, overridable=True,
                ))
    return issues


def check_new_member(state: RatingState) -> list[Issue]:
    """124-QĐ/TW: a member admitted under 6 months before the year's end is counted as not reviewed (a warning:
    the review date may be later than 31 December)."""
    if state.subject != "member" or state.level is None:
        return []
    rule = rule_of(state.level.scheme, Kind.NEW_MEMBER)
    if rule is None:
        return []
    if state.admitted_on and state.admitted_on > datetime.date(state.year, 6, 30):
        return [_issue(state, "level", _("Kết nạp ngày %(date)s, chưa đủ 6 tháng: thuộc diện không đánh giá.")
                       % {"date": state.admitted_on.strftime("%d/%m/%Y")},
                       rule=rule, scheme=state.level.scheme, severity="warning")]
    return []


def check_parts(state: RatingState, parts: list[int]) -> list[Issue]:
    """21-HD/BTCTW: "excellent" needs every subordinate unit (for a cell: every member) at "completed" or better
    and at least 80% at "good" or better; "good" needs at least 50% at "good" or better. A warning: the parts may be
    rated after the whole, the guideline's conditions are more than counts, and the shares are not confirmed."""
    if state.subject == "member" or state.level is None or not parts:
        return []
    rule = rule_of(state.level.scheme, Kind.PARTS)
    if rule is None:
        return []
    good_share = sum(1 for tier in parts if tier <= 2) / len(parts)
    if state.level.tier == 1 and (4 in parts or good_share < 0.8):
        return [_issue(state, "level", _("Xếp mức 1 cần mọi bộ phận (với chi bộ: mọi đảng viên) từ mức 3 trở lên và "
                                         "ít nhất 80%% từ mức 2 trở lên; hiện %(share)s%% ở mức 1–2%(weak)s.")
                       % {"share": round(good_share * 100), "weak": _(", có bộ phận ở mức 4") if 4 in parts else ""},
                       rule=rule, scheme=state.level.scheme, severity="warning")]
    if state.level.tier == 2 and good_share < 0.5:
        return [_issue(state, "level", _("Xếp mức 2 cần ít nhất 50%% bộ phận từ mức 2 trở lên; hiện %(share)s%%.")
                       % {"share": round(good_share * 100)}, rule=rule, scheme=state.level.scheme,
                       severity="warning")]
    return []


def check_weak_parts(state: RatingState, parts: list[int], *, members: bool) -> list[Issue]:
    """27-HD/BTCTW: more than 1/3 of the subordinate organizations weak, or for a cell more than 1/2 of its members
    "not completed", make the whole weak. A warning on the report: the parts may be rated after the whole."""
    if state.subject == "member" or state.level is None or state.level.tier == 4 or not parts:
        return []
    rule = rule_of(state.level.scheme, Kind.WEAK_MEMBERS if members else Kind.WEAK_PARTS)
    if rule is None:
        return []
    weak = sum(1 for tier in parts if tier == 4)
    limit = 1 / 2 if members else 1 / 3
    if weak / len(parts) <= limit:
        return []
    return [_issue(state, "level", _("%(weak)s/%(n)s %(what)s ở mức 4 (quá %(limit)s): tổ chức phải xếp "
                                     "“%(label)s”.")
                   % {"weak": weak, "n": len(parts), "limit": "1/2" if members else "1/3",
                      "what": _("đảng viên") if members else _("tổ chức trực thuộc"),
                      "label": _label(state.level.scheme, 4)},
                   rule=rule, scheme=state.level.scheme, severity="warning")]


def run(states: list[RatingState], context: Context) -> list[Issue]:
    issues: list[Issue] = []
    for state in states:
        found = check_existence(state) or check_level(state)
        if not found:
            found = (check_score(state, context) + check_exceeded_tasks(state)
                     + check_member_discipline(state, context) + check_collective_discipline(state, context)
                     + check_leadership_discipline(state, context) + check_weak_discipline(state, context)
                     + check_new_member(state))
        issues.extend(found)
    issues.extend(check_quota(states, context))
    return issues


def _number(value: Decimal) -> str:
    """90, 92.5: without trailing zeros."""
    return format(Decimal(value).normalize(), "f")


def _label(scheme: Scheme, tier: int) -> str:
    return next((lv.label_vi for lv in scheme.levels.all() if lv.tier == tier), str(tier))
