"""Setting up contests and rounds; the rules freeze once people have started taking them."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, exists, func
from sqlmodel import Session, select

from backend.attempts.models import Attempt
from backend.audit import service as audit
from backend.contestants.models import Contestant
from backend.contests.models import Contest, ContestScope, ContestUnit, Round, RoundQuota
from backend.errors import Conflict, InvalidInput, NotFound
from backend.questions.models import Difficulty
from backend.results import service as results
from backend.units import service as units
from backend.units.models import Block, Cluster, Unit
from backend.vntext import checked_name, clean, fold, natural_key, same_text_key

MAX_TITLE = 255
MAX_GROUPS = 10
MAX_GROUP_NAME = 120


def get_contest(*, session: Session, contest_id: int, published_only: bool = False) -> Contest:
    contest = session.get(Contest, contest_id)
    if contest is None or (published_only and not contest.is_published):
        raise NotFound("Không tìm thấy cuộc thi này.")
    return contest


def list_contests(*, session: Session, published_only: bool = False) -> list[Contest]:
    query = select(Contest).order_by(Contest.id.desc())
    if published_only:
        query = query.where(Contest.is_published)
    return list(session.exec(query))


def contest_has_attempts(*, session: Session, contest_id: int) -> bool:
    return bool(session.scalar(select(exists().where(Attempt.contest_id == contest_id))))


def round_has_attempts(*, session: Session, round_id: int) -> bool:
    return bool(session.scalar(select(exists().where(Attempt.round_id == round_id))))


def create_contest(
    *, session: Session, title: str, rules_text: str, requires_id_number: bool,
    scope_unit_ids: list[int], actor_id: int | None, now: datetime, is_published: bool = False,
    groups: list[str] = (), one_prize_per_person: bool = False,
) -> Contest:
    """Create a contest and freeze the units taking part as they stand today."""
    contest = Contest(title=_title(title), rules_text=clean_rules(rules_text),
                      requires_id_number=requires_id_number, is_published=is_published,
                      groups=checked_groups(groups), one_prize_per_person=one_prize_per_person,
                      created_by=actor_id, created_at=now, updated_at=now)
    session.add(contest)
    session.flush()
    _freeze_units(session, contest, scope_unit_ids)
    audit.record(session=session, actor_id=actor_id, action="contest.create",
                 target=f"contest:{contest.id}", details={"title": contest.title}, now=now)
    session.commit()
    return contest


def update_contest(
    *, session: Session, contest: Contest, title: str, rules_text: str,
    requires_id_number: bool, is_published: bool, actor_id: int | None, now: datetime,
    override_reason: str = "", groups: list[str] | None = None,
    one_prize_per_person: bool | None = None,
) -> Contest:
    """Change a contest's title, rules text, groups, prize rule or publication (None keeps
    what is set); once anyone has taken it, the rules change only with a stated reason, which
    the audit log keeps. A group someone registered in is never taken away."""
    rules_text = clean_rules(rules_text)
    groups = contest.groups if groups is None else checked_groups(groups)
    if one_prize_per_person is None:
        one_prize_per_person = contest.one_prize_per_person
    changes_rules = (rules_text != contest.rules_text
                     or requires_id_number != contest.requires_id_number
                     or groups != contest.groups
                     or one_prize_per_person != contest.one_prize_per_person)
    if changes_rules:
        _require_reason_if_taken(session, contest.id, None, override_reason)
    if groups != contest.groups:
        _keep_groups_in_use(session, contest.id, groups)
    before = {"title": contest.title, "rules_text": contest.rules_text,
              "requires_id_number": contest.requires_id_number,
              "is_published": contest.is_published, "groups": contest.groups,
              "one_prize_per_person": contest.one_prize_per_person}
    contest.title, contest.rules_text = _title(title), rules_text
    contest.requires_id_number, contest.is_published = requires_id_number, is_published
    contest.groups, contest.one_prize_per_person = groups, one_prize_per_person
    contest.updated_at = now
    audit.record(session=session, actor_id=actor_id, action="contest.update",
                 target=f"contest:{contest.id}",
                 details={"before": before, "reason": clean(override_reason)}, now=now)
    session.commit()
    return contest


def checked_groups(names: list[str]) -> list[str]:
    """Contestant groups ("bảng") as stored: named, each once, at most MAX_GROUPS; blank
    lines are dropped."""
    groups, seen = [], set()
    for raw in names:
        if not clean(raw):
            continue
        name = checked_name(raw, field="Tên bảng", max_length=MAX_GROUP_NAME)
        if same_text_key(name) in seen:
            raise InvalidInput(f"Bảng “{name}” được nêu hai lần.", code="invalid_groups")
        seen.add(same_text_key(name))
        groups.append(name)
    if len(groups) > MAX_GROUPS:
        raise InvalidInput(f"Một cuộc thi chia tối đa {MAX_GROUPS} bảng (đang nêu "
                           f"{len(groups)}).", code="invalid_groups")
    return groups


def _keep_groups_in_use(session: Session, contest_id: int, groups: list[str]) -> None:
    """Every registered contestant stays in a group of the contest (or, without groups, in
    none), and every group a prize table names stays."""
    allowed = set(groups) or {""}
    registered = session.execute(
        select(Contestant.group_name, func.count()).where(Contestant.contest_id == contest_id)
        .group_by(Contestant.group_name)).all()
    lost = [f"{count} thí sinh đã đăng ký vào bảng “{name}”" if name else
            f"{count} thí sinh đã đăng ký khi cuộc thi chưa chia bảng"
            for name, count in registered if name not in allowed]
    lost += [f"cơ cấu giải thưởng có giải dành cho bảng “{name}”" for name in sorted(
        results.groups_in_prizes(session=session, contest_id=contest_id) - set(groups))]
    if lost:
        raise Conflict("Không đổi được danh sách bảng vì " + "; ".join(lost) + ". Hãy giữ "
                       "nguyên các bảng này (có thể thêm bảng mới); muốn bỏ bảng khỏi cơ cấu "
                       "giải, hãy sửa cơ cấu giải trong trang Kết quả trước.",
                       code="groups_in_use")


def refresh_units(
    *, session: Session, contest: Contest, scope_unit_ids: list[int], actor_id: int | None,
    now: datetime,
) -> int:
    """Re-freeze the participating units from today's tree; only before anyone has started."""
    if contest_has_attempts(session=session, contest_id=contest.id):
        raise Conflict("Cuộc thi đã có lượt thi nên danh sách đơn vị được giữ nguyên như lúc "
                       "bắt đầu; không thể cập nhật.")
    session.execute(delete(ContestUnit).where(ContestUnit.contest_id == contest.id))
    session.execute(delete(ContestScope).where(ContestScope.contest_id == contest.id))
    count = _freeze_units(session, contest, scope_unit_ids)
    audit.record(session=session, actor_id=actor_id, action="contest.units",
                 target=f"contest:{contest.id}", details={"units": count}, now=now)
    session.commit()
    return count


def _freeze_units(session: Session, contest: Contest, scope_unit_ids: list[int]) -> int:
    roots = [units.get_unit(session=session, unit_id=uid) for uid in dict.fromkeys(scope_unit_ids)]
    if any(not root.is_active for root in roots):
        raise InvalidInput("Chỉ chọn được đơn vị đang hoạt động.")
    chosen = {}
    for root in roots or [None]:
        for unit in units.list_units(session=session, within=root):
            chosen[unit.id] = unit
    if not chosen:
        raise InvalidInput("Chưa có đơn vị nào để tham gia cuộc thi; hãy nhập cây đơn vị trước.")
    for root in roots:
        session.add(ContestScope(contest_id=contest.id, unit_id=root.id))
    block_names = {b.id: b.name for b in session.exec(select(Block))}
    cluster_names = {c.id: c.name for c in session.exec(select(Cluster))}
    session.add_all(
        ContestUnit(contest_id=contest.id, unit_id=u.id, parent_unit_id=u.parent_id, code=u.code,
                    name=u.name, block_id=u.block_id, block_name=block_names.get(u.block_id, ""),
                    cluster_name=cluster_names.get(u.cluster_id, ""),
                    headcount=u.headcount, path=u.path, depth=u.depth,
                    search_text=u.search_text)
        for u in chosen.values()
    )
    session.flush()
    return len(chosen)


def contest_units(*, session: Session, contest_id: int, query: str = "",
                  limit: int | None = None) -> list[ContestUnit]:
    """The units taking part, as frozen; `query` matches names ignoring diacritics."""
    statement = select(ContestUnit).where(ContestUnit.contest_id == contest_id)
    for word in fold(query).split()[:8]:
        statement = statement.where(ContestUnit.search_text.contains(word, autoescape=True))
    found = sorted(session.exec(statement), key=lambda u: (u.depth, natural_key(u.name)))
    return found[:limit] if limit else found


def contest_unit(*, session: Session, contest_id: int, unit_id: int) -> ContestUnit | None:
    return session.exec(select(ContestUnit).where(
        ContestUnit.contest_id == contest_id, ContestUnit.unit_id == unit_id)).first()


def scope_units(*, session: Session, contest_id: int) -> list[Unit]:
    ids = session.exec(select(ContestScope.unit_id).where(ContestScope.contest_id == contest_id))
    return [session.get(Unit, uid) for uid in ids]


@dataclass
class RoundRules:
    """What an organiser sets for a round; times are UTC."""

    name: str
    opens_at: datetime
    closes_at: datetime
    question_count: int
    time_limit_seconds: int
    max_attempts: int | None
    prediction_prompt: str | None
    quotas: list[tuple[str, str, int]]  # (topic or "", difficulty value or "", count)


def rounds_of(*, session: Session, contest_id: int) -> list[Round]:
    return list(session.exec(select(Round).where(Round.contest_id == contest_id)
                             .order_by(Round.number)))


def get_round(*, session: Session, round_id: int, contest_id: int | None = None) -> Round:
    found = session.get(Round, round_id)
    if found is None or (contest_id is not None and found.contest_id != contest_id):
        raise NotFound("Không tìm thấy tuần thi này.")
    return found


def quotas_of(*, session: Session, round_id: int) -> list[RoundQuota]:
    return list(session.exec(select(RoundQuota).where(RoundQuota.round_id == round_id)
                             .order_by(RoundQuota.id)))


def add_round(*, session: Session, contest: Contest, rules: RoundRules, actor_id: int | None,
              now: datetime) -> Round:
    """Add the next round to a contest."""
    _check_rules(rules)
    number = (session.scalar(select(func.max(Round.number))
                             .where(Round.contest_id == contest.id)) or 0) + 1
    new = Round(contest_id=contest.id, number=number, created_at=now, updated_at=now,
                **_round_fields(rules))
    session.add(new)
    session.flush()
    _replace_quotas(session, new.id, rules.quotas)
    audit.record(session=session, actor_id=actor_id, action="round.create",
                 target=f"round:{new.id}", details=_describe(new, rules.quotas), now=now)
    session.commit()
    return new


def update_round(*, session: Session, round_: Round, rules: RoundRules, actor_id: int | None,
                 now: datetime, override_reason: str = "") -> Round:
    """Change a round's rules. Once it has attempts this needs a stated reason, and the change
    with its reason is kept in the audit log."""
    _check_rules(rules)
    _require_reason_if_taken(session, round_.contest_id, round_.id, override_reason)
    before = _describe(round_, [(q.topic, q.difficulty, q.count)
                                for q in quotas_of(session=session, round_id=round_.id)])
    for key, value in _round_fields(rules).items():
        setattr(round_, key, value)
    round_.rules_version += 1
    round_.updated_at = now
    _replace_quotas(session, round_.id, rules.quotas)
    audit.record(session=session, actor_id=actor_id, action="round.update",
                 target=f"round:{round_.id}",
                 details={"before": before, "after": _describe(round_, rules.quotas),
                          "reason": clean(override_reason)}, now=now)
    session.commit()
    return round_


def _require_reason_if_taken(session: Session, contest_id: int, round_id: int | None,
                             reason: str) -> None:
    taken = (round_has_attempts(session=session, round_id=round_id) if round_id
             else contest_has_attempts(session=session, contest_id=contest_id))
    if taken and len(clean(reason)) < 10:
        raise Conflict("Đã có người thi nên thể lệ không được đổi tùy tiện. Nếu thật sự cần đổi, "
                       "hãy ghi rõ lý do (ít nhất 10 ký tự); thay đổi và lý do sẽ được lưu vết.",
                       code="rules_locked")


def _round_fields(rules: RoundRules) -> dict:
    return {"name": clean(rules.name), "opens_at": rules.opens_at, "closes_at": rules.closes_at,
            "question_count": rules.question_count,
            "time_limit_seconds": rules.time_limit_seconds, "max_attempts": rules.max_attempts,
            "prediction_prompt": clean(rules.prediction_prompt) or None}


def _replace_quotas(session: Session, round_id: int, quotas: list[tuple[str, str, int]]) -> None:
    session.execute(delete(RoundQuota).where(RoundQuota.round_id == round_id))
    session.add_all(RoundQuota(round_id=round_id, topic=clean(topic), difficulty=difficulty,
                               count=count) for topic, difficulty, count in quotas)
    session.flush()


def _describe(round_: Round, quotas) -> dict:
    return {"name": round_.name, "opens_at": round_.opens_at.isoformat(),
            "closes_at": round_.closes_at.isoformat(), "question_count": round_.question_count,
            "time_limit_seconds": round_.time_limit_seconds, "max_attempts": round_.max_attempts,
            "prediction_prompt": round_.prediction_prompt,
            "quotas": [list(q) for q in quotas]}


def _check_rules(rules: RoundRules) -> None:
    checked_name(rules.name, field="Tên tuần thi", max_length=200)
    if rules.closes_at <= rules.opens_at:
        raise InvalidInput("Thời điểm đóng phải sau thời điểm mở.")
    check_quotas(rules.question_count, rules.quotas)
    if not 30 <= rules.time_limit_seconds <= 86_400:
        raise InvalidInput("Thời gian làm bài phải từ 30 giây đến 24 giờ.")
    if rules.max_attempts is not None and rules.max_attempts < 1:
        raise InvalidInput("Số lượt thi tối đa phải từ 1 trở lên (để trống là không giới hạn).")


def check_quotas(question_count: int, quotas: list[tuple[str, str, int]]) -> None:
    """A paper's shape: 1 to 100 questions, and quotas (topic or "", difficulty or "", count)
    that name each stratum once and add up to the question count."""
    if not 1 <= question_count <= 100:
        raise InvalidInput("Số câu hỏi mỗi đề phải từ 1 đến 100.")
    seen = set()
    for topic, difficulty, count in quotas:
        if difficulty and difficulty not in {d.value for d in Difficulty}:
            raise InvalidInput(f"Mức độ “{difficulty}” không hợp lệ.")
        if count < 1:
            raise InvalidInput("Số câu của mỗi cơ cấu phải từ 1 trở lên.")
        key = (fold(topic), difficulty)
        if key in seen:
            raise InvalidInput("Cơ cấu đề bị lặp chủ đề và mức độ.")
        seen.add(key)
    if quotas and sum(q[2] for q in quotas) != question_count:
        raise InvalidInput(f"Tổng số câu theo cơ cấu đề ({sum(q[2] for q in quotas)}) phải bằng "
                           f"số câu hỏi mỗi đề ({question_count}).")


def clean_rules(text: str) -> str:
    """Rules text keeps its line breaks; each line is cleaned."""
    return "\n".join(clean(line) for line in (text or "").replace("\r\n", "\n").split("\n")).strip()


def _title(title: str) -> str:
    return checked_name(title, field="Tên cuộc thi", max_length=MAX_TITLE)


def chosen_scope(*, session: Session, codes: list[str], unit_ids: list[int]) -> list[int]:
    """The subtrees an organiser picked by unit code or from the tree, as unit ids; unknown
    codes are refused by name, and picking nothing is refused too."""
    wanted = [clean(code).upper() for code in codes if clean(code)]
    found = units.find_by_codes(session=session, codes=set(wanted))
    missing = [code for code in dict.fromkeys(wanted) if code not in found]
    if missing:
        raise InvalidInput("Không có đơn vị mang mã " + ", ".join(f"“{c}”" for c in missing)
                           + " trong cây đơn vị; hãy kiểm tra lại mã.")
    ids = list(dict.fromkeys([*unit_ids, *(found[code].id for code in wanted)]))
    if not ids:
        raise InvalidInput("Hãy chọn ít nhất một đơn vị tham gia, hoặc chọn toàn bộ cây đơn vị.")
    return ids
