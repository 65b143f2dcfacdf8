"""Setting up a writing competition: its rules and levels, the rubric, prize tiers and the
judges' panel. The rubric is fixed once judging starts (rubric_locked_at)."""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from backend import vntext
from backend.accounts.models import Role, UserAccount
from backend.audit import service as audit
from backend.contests.models import RoundStatus, round_status
from backend.db import is_unique_violation
from backend.errors import Conflict, InvalidInput, NotFound
from backend.judging.models import Assignment
from backend.writing.models import (
    DEFAULT_RUBRIC,
    FORMATS,
    FinalMethod,
    LevelKind,
    PrizeTier,
    QuotaKind,
    RubricCriterion,
    Scoring,
    WritingCompetition,
    WritingJudge,
    WritingLevel,
)

MAX_WORDS = 1_000_000
FORMAT_LABELS = {"docx": "Word (.docx)", "pdf": "PDF", "odt": "OpenDocument (.odt)",
                 "online": "gõ trực tuyến"}


@dataclass(frozen=True)
class LevelSpec:
    kind: LevelKind
    name: str
    opens_at: datetime
    closes_at: datetime
    quota_kind: QuotaKind = QuotaKind.NONE
    quota_value: int = 0
    scoring: Scoring = Scoring.ENTERED


@dataclass(frozen=True)
class Rules:
    """What a competition asks of essays and of its judging."""

    min_words: int = 0
    max_words: int = 0
    formats: tuple[str, ...] = FORMATS
    third_judge_gap: int = 15
    criterion_gap_percent: int = 40
    final_method: FinalMethod = FinalMethod.CLOSEST_PAIR
    exclude_own_block: bool = True
    judge_cap: int = 300
    normalise_judges: bool = False


def get_competition(*, session: Session, competition_id: int) -> WritingCompetition:
    competition = session.get(WritingCompetition, competition_id)
    if competition is None:
        raise NotFound("Không tìm thấy cuộc thi viết này.")
    return competition


def list_competitions(*, session: Session) -> list[WritingCompetition]:
    return list(session.execute(select(WritingCompetition)
                                .order_by(WritingCompetition.id.desc())).scalars())


def levels_of(*, session: Session, competition_id: int) -> list[WritingLevel]:
    return list(session.execute(select(WritingLevel)
                                .where(WritingLevel.competition_id == competition_id)
                                .order_by(WritingLevel.position)).scalars())


def get_level(*, session: Session, level_id: int,
              competition_id: int | None = None) -> WritingLevel:
    """The level, or 404; with `competition_id`, only a level of that competition."""
    level = session.get(WritingLevel, level_id)
    if level is None or competition_id not in (None, level.competition_id):
        raise NotFound("Không tìm thấy cấp thi này.")
    return level


def taking_essays(*, session: Session, now: datetime) -> list[tuple[WritingCompetition,
                                                                    WritingLevel]]:
    """Competitions whose first level takes essays now, with that level: the way in for
    officers and authors from the home page."""
    firsts = session.execute(select(WritingLevel).where(
        WritingLevel.position == 1, WritingLevel.opens_at <= now, WritingLevel.closes_at > now)
        .order_by(WritingLevel.closes_at)).scalars()
    return [(session.get(WritingCompetition, level.competition_id), level) for level in firsts
            if level_status(level, now) is RoundStatus.OPEN]


def level_status(level: WritingLevel, now: datetime) -> RoundStatus:
    """Open within its window unless closed early by an organiser; computed, never stored."""
    if level.closed_at is not None and level.closed_at <= now:
        return RoundStatus.CLOSED
    return round_status(level, now)


def next_level(*, session: Session, level: WritingLevel) -> WritingLevel | None:
    return session.execute(select(WritingLevel).where(
        WritingLevel.competition_id == level.competition_id,
        WritingLevel.position == level.position + 1)).scalar_one_or_none()


def previous_level(*, session: Session, level: WritingLevel) -> WritingLevel | None:
    return session.execute(select(WritingLevel).where(
        WritingLevel.competition_id == level.competition_id,
        WritingLevel.position == level.position - 1)).scalar_one_or_none()


def quota_for(level: WritingLevel, received: int) -> int | None:
    """How many essays a unit that received `received` may forward into `level`; None: no
    limit. A share is rounded up, so a unit with any essay may forward at least one."""
    if level.quota_kind is QuotaKind.FIXED:
        return level.quota_value
    if level.quota_kind is QuotaKind.SHARE:
        return math.ceil(received * level.quota_value / 100)
    return None


def rubric_of(*, session: Session, competition_id: int) -> list[RubricCriterion]:
    return list(session.execute(select(RubricCriterion)
                                .where(RubricCriterion.competition_id == competition_id)
                                .order_by(RubricCriterion.position)).scalars())


def judges_of(*, session: Session, competition_id: int) -> list[WritingJudge]:
    return list(session.execute(select(WritingJudge)
                                .where(WritingJudge.competition_id == competition_id)
                                .order_by(WritingJudge.id)).scalars())


def prize_tiers_of(*, session: Session, level_id: int) -> list[PrizeTier]:
    return list(session.execute(select(PrizeTier).where(PrizeTier.level_id == level_id)
                                .order_by(PrizeTier.block_key, PrizeTier.position)).scalars())


def _checked_rules(rules: Rules) -> Rules:
    if not 0 <= rules.min_words <= MAX_WORDS or not 0 <= rules.max_words <= MAX_WORDS:
        raise InvalidInput(f"Số chữ phải từ 0 đến {MAX_WORDS:,}.".replace(",", "."))
    if rules.max_words and rules.max_words < rules.min_words:
        raise InvalidInput("Số chữ tối đa phải lớn hơn hoặc bằng số chữ tối thiểu.")
    unknown = [f for f in rules.formats if f not in FORMATS]
    if unknown or not rules.formats:
        raise InvalidInput("Hãy chọn ít nhất một hình thức nộp bài: .docx, .pdf, .odt hoặc "
                           "gõ trực tuyến.")
    if not 1 <= rules.third_judge_gap <= 1000:
        raise InvalidInput("Độ chênh điểm để mời giám khảo thứ ba phải từ 1 đến 1.000.")
    if not 1 <= rules.criterion_gap_percent <= 100:
        raise InvalidInput("Độ chênh theo tiêu chí phải từ 1% đến 100%.")
    if not 1 <= rules.judge_cap <= 100_000:
        raise InvalidInput("Số bài tối đa mỗi giám khảo phải từ 1 đến 100.000.")
    return rules


def _checked_levels(levels: Sequence[LevelSpec]) -> list[LevelSpec]:
    if len(levels) < 2:
        raise InvalidInput("Cuộc thi viết cần ít nhất hai cấp (ví dụ: cấp đơn vị và cấp thành "
                           "phố).")
    if levels[-1].kind is not LevelKind.CITY:
        raise InvalidInput("Cấp cuối cùng của cuộc thi phải là cấp thành phố.")
    kinds = [level.kind for level in levels]
    if kinds.count(LevelKind.CITY) > 1 or kinds.count(LevelKind.GRASSROOTS) > 1:
        raise InvalidInput("Mỗi cuộc thi có nhiều nhất một cấp cơ sở và một cấp thành phố.")
    if LevelKind.GRASSROOTS in kinds and kinds[0] is not LevelKind.GRASSROOTS:
        raise InvalidInput("Cấp cơ sở phải là cấp đầu tiên.")
    checked = []
    for number, level in enumerate(levels, start=1):
        name = vntext.checked_name(level.name, field=f"Tên cấp thứ {number}", max_length=200)
        if level.opens_at >= level.closes_at:
            raise InvalidInput(f"{name}: thời điểm kết thúc phải sau thời điểm bắt đầu.")
        if checked and level.closes_at <= checked[-1].closes_at:
            raise InvalidInput(f"{name} phải kết thúc sau {checked[-1].name}.")
        if level.quota_value < 0 or level.quota_value > 100_000 or (
                level.quota_kind is QuotaKind.SHARE and level.quota_value > 100):
            raise InvalidInput(f"{name}: chỉ tiêu chuyển bài phải từ 0 đến 100.000 bài, hoặc "
                               "từ 0% đến 100%.")
        if number == 1 and level.quota_kind is not QuotaKind.NONE:
            raise InvalidInput(f"{name} là cấp nhận bài đầu tiên nên không có chỉ tiêu chuyển "
                               "bài.")
        checked.append(LevelSpec(level.kind, name, level.opens_at, level.closes_at,
                                 level.quota_kind, level.quota_value, level.scoring))
    return checked


def create_competition(*, session: Session, title: str, theme: str = "", rules_text: str = "",
                       rules: Rules = Rules(), levels: Sequence[LevelSpec],
                       actor_id: int | None, now: datetime) -> WritingCompetition:
    """A new competition with its levels and the default rubric."""
    competition = WritingCompetition(
        title=vntext.checked_name(title, field="Tên cuộc thi", max_length=255),
        theme=vntext.clean(theme)[:500], rules_text=vntext.strip_controls(rules_text).strip(),
        created_by=actor_id, created_at=now, **_rule_columns(_checked_rules(rules)))
    session.add(competition)
    session.flush()
    for position, spec in enumerate(_checked_levels(levels), start=1):
        session.add(WritingLevel(
            competition_id=competition.id, position=position, kind=spec.kind, name=spec.name,
            opens_at=spec.opens_at, closes_at=spec.closes_at, quota_kind=spec.quota_kind,
            quota_value=spec.quota_value, scoring=spec.scoring))
    for position, (name, points) in enumerate(DEFAULT_RUBRIC, start=1):
        session.add(RubricCriterion(competition_id=competition.id, position=position,
                                    name=name, max_points=points))
    audit.record(session=session, actor_id=actor_id, action="writing.create",
                 target=f"writing_competition:{competition.id}",
                 details={"title": competition.title, "levels": len(levels)}, now=now)
    session.commit()
    return competition


def _rule_columns(rules: Rules) -> dict:
    return {"min_words": rules.min_words, "max_words": rules.max_words,
            "formats": list(rules.formats), "third_judge_gap": rules.third_judge_gap,
            "criterion_gap_percent": rules.criterion_gap_percent,
            "final_method": rules.final_method, "exclude_own_block": rules.exclude_own_block,
            "judge_cap": rules.judge_cap, "normalise_judges": rules.normalise_judges}


def update_rules(*, session: Session, competition_id: int, rules: Rules,
                 actor_id: int | None, now: datetime) -> WritingCompetition:
    """Change the word limits, formats and judging rules; logged."""
    competition = get_competition(session=session, competition_id=competition_id)
    columns = _rule_columns(_checked_rules(rules))
    before = {name: getattr(competition, name) for name in columns}
    for name, value in columns.items():
        setattr(competition, name, value)
    audit.record(session=session, actor_id=actor_id, action="writing.rules",
                 target=f"writing_competition:{competition_id}",
                 details={"before": {k: str(v) for k, v in before.items()}}, now=now)
    session.commit()
    return competition


def set_rubric(*, session: Session, competition_id: int, criteria: Sequence[tuple[str, int]],
               actor_id: int | None, now: datetime) -> list[RubricCriterion]:
    """Replace the rubric, unless judging has started."""
    competition = get_competition(session=session, competition_id=competition_id)
    if competition.rubric_locked_at is not None:
        raise Conflict("Việc chấm đã bắt đầu nên thang điểm không thể thay đổi nữa.")
    if not 1 <= len(criteria) <= 20:
        raise InvalidInput("Thang điểm cần từ 1 đến 20 tiêu chí.")
    checked = []
    for number, (name, points) in enumerate(criteria, start=1):
        name = vntext.checked_name(name, field=f"Tên tiêu chí thứ {number}", max_length=120)
        if not 1 <= points <= 1000:
            raise InvalidInput(f"Điểm tối đa của tiêu chí “{name}” phải từ 1 đến 1.000.")
        if vntext.same_text_key(name) in {vntext.same_text_key(n) for n, _ in checked}:
            raise InvalidInput(f"Tiêu chí “{name}” bị trùng.")
        checked.append((name, points))
    session.execute(delete(RubricCriterion)
                    .where(RubricCriterion.competition_id == competition_id))
    rows = [RubricCriterion(competition_id=competition_id, position=position, name=name,
                            max_points=points)
            for position, (name, points) in enumerate(checked, start=1)]
    session.add_all(rows)
    audit.record(session=session, actor_id=actor_id, action="writing.rubric",
                 target=f"writing_competition:{competition_id}",
                 details={"criteria": checked}, now=now)
    session.commit()
    return rows


def lock_rubric(*, session: Session, competition: WritingCompetition, now: datetime) -> None:
    """Fix the rubric as judging starts; flushes only (part of the caller's use case)."""
    if competition.rubric_locked_at is None:
        competition.rubric_locked_at = now
        session.flush()


def set_prize_tiers(*, session: Session, level_id: int,
                    tiers: Sequence[tuple[str, int, int | None]], actor_id: int | None,
                    now: datetime) -> list[PrizeTier]:
    """Replace a level's prize tiers: (name, count, block id or None for the whole level), in
    order from the highest prize, per block."""
    level = get_level(session=session, level_id=level_id)
    if level.revealed_at is not None:
        raise Conflict("Đã ráp phách cấp thi này nên cơ cấu giải không thể thay đổi nữa.")
    positions: dict[int, int] = {}
    rows = []
    for name, count, block_id in tiers:
        name = vntext.checked_name(name, field="Tên giải", max_length=120)
        if not 1 <= count <= 100_000:
            raise InvalidInput(f"Số giải “{name}” phải từ 1 đến 100.000.")
        key = block_id or 0
        positions[key] = positions.get(key, 0) + 1
        rows.append(PrizeTier(level_id=level_id, position=positions[key], name=name,
                              count=count, block_id=block_id, block_key=key))
    session.execute(delete(PrizeTier).where(PrizeTier.level_id == level_id))
    session.add_all(rows)
    audit.record(session=session, actor_id=actor_id, action="writing.prizes",
                 target=f"writing_level:{level_id}",
                 details={"tiers": [(r.name, r.count, r.block_id) for r in rows]}, now=now)
    try:
        session.commit()
    except IntegrityError as error:
        session.rollback()
        if is_unique_violation(error):
            raise Conflict("Hai giải trùng vị trí trong cùng một khối.") from None
        raise InvalidInput("Khối được chọn không tồn tại.") from None
    return rows


def add_judge(*, session: Session, competition_id: int, user_id: int, unit_id: int | None,
              block_id: int | None, cap: int | None, actor_id: int | None,
              now: datetime) -> WritingJudge:
    """Put a judge account on the panel with the unit or block they belong to."""
    get_competition(session=session, competition_id=competition_id)
    user = session.get(UserAccount, user_id)
    if user is None or user.role is not Role.JUDGE or not user.is_active:
        raise InvalidInput("Chỉ tài khoản giám khảo đang hoạt động mới được đưa vào hội đồng.")
    if cap is not None and not 1 <= cap <= 100_000:
        raise InvalidInput("Số bài tối đa của giám khảo phải từ 1 đến 100.000.")
    judge = WritingJudge(competition_id=competition_id, user_id=user_id,
                         unit_id=unit_id if unit_id is not None else user.unit_id,
                         block_id=block_id, cap=cap, added_at=now)
    session.add(judge)
    audit.record(session=session, actor_id=actor_id, action="writing.judge_add",
                 target=f"writing_competition:{competition_id}",
                 details={"user_id": user_id}, now=now)
    try:
        session.commit()
    except IntegrityError as error:
        session.rollback()
        if is_unique_violation(error):
            raise Conflict(f"{user.full_name} đã có trong hội đồng giám khảo.") from None
        raise InvalidInput("Đơn vị hoặc khối được chọn không tồn tại.") from None
    return judge


@dataclass
class Setup:
    """Everything an organiser sets for a competition, read at once for its page and API."""

    competition: WritingCompetition
    levels: list[WritingLevel]
    rubric: list[RubricCriterion]
    tiers: dict[int, list[PrizeTier]]  # by level id
    judges: list[tuple[WritingJudge, UserAccount]]


def setup_of(*, session: Session, competition_id: int) -> Setup:
    """The competition's levels, rubric, prize tiers and panel."""
    competition = get_competition(session=session, competition_id=competition_id)
    levels = levels_of(session=session, competition_id=competition_id)
    tiers: dict[int, list[PrizeTier]] = {level.id: [] for level in levels}
    for tier in session.execute(select(PrizeTier).where(PrizeTier.level_id.in_(list(tiers)))
                                .order_by(PrizeTier.block_key, PrizeTier.position)).scalars():
        tiers[tier.level_id].append(tier)
    judges = list(session.execute(
        select(WritingJudge, UserAccount).join(UserAccount, UserAccount.id == WritingJudge.user_id)
        .where(WritingJudge.competition_id == competition_id).order_by(UserAccount.full_name)))
    return Setup(competition, levels,
                 rubric_of(session=session, competition_id=competition_id), tiers,
                 [tuple(row) for row in judges])


def judge_candidates(*, session: Session) -> list[UserAccount]:
    """Active judge accounts, to put on a panel."""
    return list(session.execute(select(UserAccount).where(
        UserAccount.role == Role.JUDGE, UserAccount.is_active).order_by(UserAccount.full_name))
        .scalars())


def remove_judge(*, session: Session, competition_id: int, judge_id: int,
                 actor_id: int | None, now: datetime) -> None:
    """Take a judge off the panel while they have no assignment yet."""
    judge = session.get(WritingJudge, judge_id)
    if judge is None or judge.competition_id != competition_id:
        raise NotFound("Không tìm thấy giám khảo này trong hội đồng.")
    if session.execute(select(Assignment.id).where(Assignment.judge_id == judge_id)
                       .limit(1)).first():
        raise Conflict("Giám khảo đã được giao bài nên không thể rút khỏi hội đồng; hãy giao "
                       "lại các bài của họ cho giám khảo khác.")
    session.delete(judge)
    audit.record(session=session, actor_id=actor_id, action="writing.judge_remove",
                 target=f"writing_competition:{competition_id}",
                 details={"user_id": judge.user_id}, now=now)
    session.commit()


def judge_account(*, session: Session, judge: WritingJudge) -> UserAccount:
    return session.get(UserAccount, judge.user_id)
