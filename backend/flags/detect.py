"""Finding a contest's suspicious attempts on demand, for organisers to review: nothing is
decided here, each flag only names who is involved and why, in Vietnamese.

Each rule reads what it needs in one pass: the database groups where it can (addresses
seen often enough, people registered more than once), attempts are streamed in submission
order through a window of the rule's width, so no rule ever compares all pairs."""

from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, select
from sqlmodel import Session

from backend.attempts.models import Attempt, AttemptState
from backend.clock import utc_to_local
from backend.contestants.models import Contestant
from backend.contests.models import Round
from backend.errors import NotFound
from backend.flags.models import FlagRules
from backend.questions import papers
from backend.questions.models import Question
from backend.units.models import Unit

_A, _P = Attempt.__table__, Contestant.__table__
_FINISHED = _A.c.state.in_([AttemptState.SUBMITTED, AttemptState.EXPIRED])
SHOWN_PER_KIND = 500  # flags of one kind listed at most; the rest are counted
PAIRS_SHOWN = 5  # lines of evidence for one group of near-identical papers


class FlagKind(StrEnum):
    FAST_FULL_MARKS = "fast_full_marks"
    ADDRESS_BURST = "address_burst"
    SIMILAR_ANSWERS = "similar_answers"
    SAME_PERSON = "same_person"

    @property
    def label(self) -> str:
        return {"fast_full_marks": "Điểm tuyệt đối trong thời gian quá ngắn",
                "address_burst": "Nhiều đăng ký hoặc lượt thi từ một địa chỉ IP",
                "similar_answers": "Bài làm gần như giống hệt nhau",
                "same_person": "Một người đăng ký nhiều lần"}[self.value]


@dataclass(frozen=True)
class Person:
    contestant_id: int
    full_name: str
    unit_name: str


@dataclass
class Flag:
    kind: FlagKind
    contestant_ids: list[int]
    attempt_ids: list[int]
    evidence: str
    details: list[str] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)


@dataclass
class Flags:
    by_kind: dict[FlagKind, list[Flag]]
    more: dict[FlagKind, int]  # flags found beyond those listed

    @property
    def count(self) -> int:
        return sum(len(f) for f in self.by_kind.values()) + sum(self.more.values())


def find_flags(*, session: Session, contest_id: int, rules: FlagRules, zone: ZoneInfo,
               round_id: int | None = None) -> Flags:
    """Every suspicious pattern in the contest (or one round of it) under `rules`."""
    if round_id is not None and session.scalar(select(Round.contest_id).where(
            Round.id == round_id)) != contest_id:
        raise NotFound("Không tìm thấy tuần thi này trong cuộc thi.")
    rounds = (select(Round.id).where(Round.contest_id == contest_id) if round_id is None
              else select(Round.id).where(Round.id == round_id))
    found = {
        FlagKind.FAST_FULL_MARKS: _fast_full_marks(session, contest_id, rounds, rules),
        FlagKind.ADDRESS_BURST: _address_bursts(session, contest_id, round_id, rounds, rules,
                                                zone),
        FlagKind.SIMILAR_ANSWERS: _similar_answers(session, rounds, rules),
        FlagKind.SAME_PERSON: _same_person(session, contest_id),
    }
    shown = {kind: flags[:SHOWN_PER_KIND] for kind, flags in found.items()}
    people = _people(session, {c for flags in shown.values() for f in flags
                               for c in f.contestant_ids})
    for flags in shown.values():
        for flag in flags:
            flag.people = [people[c] for c in flag.contestant_ids if c in people]
            flag.details = [line.format_map(_Names(people)) for line in flag.details]
    session.commit()
    return Flags(shown, {kind: len(flags) - len(shown[kind]) for kind, flags in found.items()
                         if len(flags) > len(shown[kind])})


# --- Full marks in too short a time ---------------------------------------------------------

def _fast_full_marks(session: Session, contest_id: int, rounds, rules: FlagRules) -> list[Flag]:
    """Full marks in under `fast_seconds_per_question` a question. The database keeps the
    fast ones; full marks are judged as results judge them (a dropped question no longer
    counts)."""
    per_question_ms = rules.fast_seconds_per_question * 1000
    dropped = set(session.execute(select(Question.id).where(
        Question.contest_id == contest_id, Question.voided == "drop")).scalars())
    rows = session.execute(
        select(_A.c.id, _A.c.contestant_id, _A.c.score, _A.c.question_count, _A.c.duration_ms,
               *([_A.c.paper] if dropped else []))
        .where(_A.c.round_id.in_(rounds), _FINISHED, _A.c.score > 0,
               _A.c.duration_ms < _A.c.question_count * per_question_ms)
        .order_by(_A.c.duration_ms, _A.c.id))
    flags = []
    for row in rows:
        most = papers.most(row.paper, dropped) if dropped else row.question_count
        if row.score < most:
            continue
        limit = row.question_count * rules.fast_seconds_per_question
        flags.append(Flag(FlagKind.FAST_FULL_MARKS, [row.contestant_id], [row.id], (
            f"{row.score}/{most} câu đúng trong {_seconds(row.duration_ms)} (ngưỡng: dưới "
            f"{_span(limit)} cho đề {row.question_count} câu)")))
    return flags


# --- Many registrations or starts from one address ------------------------------------------

def _address_bursts(session: Session, contest_id: int, round_id: int | None, rounds,
                    rules: FlagRules, zone: ZoneInfo) -> list[Flag]:
    """`burst_count` different people registering, or starting attempts, from one address
    within `burst_minutes`. Only addresses with that many people at all are read back."""
    span = timedelta(minutes=rules.burst_minutes)
    registered = [_P.c.contest_id == contest_id, _P.c.registered_ip != ""]
    if round_id is not None:  # registrations while the round was open
        window = session.execute(select(Round.opens_at, Round.closes_at)
                                 .where(Round.id == round_id)).one()
        registered += [_P.c.registered_at >= window.opens_at,
                       _P.c.registered_at < window.closes_at]
    started = [_A.c.round_id.in_(rounds), _A.c.started_ip.is_not(None)]
    flags = []
    for what, ip, at, person, attempt, where in (
            ("lượt đăng ký", _P.c.registered_ip, _P.c.registered_at, _P.c.id, None, registered),
            ("lượt bắt đầu thi", _A.c.started_ip, _A.c.started_at, _A.c.contestant_id, _A.c.id,
             started)):
        busy = (select(ip).where(*where).group_by(ip)
                .having(func.count(person.distinct()) >= rules.burst_count))
        rows = session.execute(select(ip.label("ip"), at.label("at"), person.label("person"),
                                      (attempt if attempt is not None else person).label("ref"))
                               .where(*where, ip.in_(busy)).order_by(ip, at))
        by_address: dict[str, list] = {}
        for row in rows:
            by_address.setdefault(row.ip, []).append(row)
        for address, events in by_address.items():
            for burst in _bursts(events, rules.burst_count, span):
                people = list(dict.fromkeys(e.person for e in burst))
                first, last = burst[0].at, burst[-1].at
                flags.append(Flag(
                    FlagKind.ADDRESS_BURST, people,
                    [e.ref for e in burst] if attempt is not None else [],
                    f"{len(burst)} {what} của {len(people)} người từ {address} trong "
                    f"{_span((last - first).total_seconds())} ({_local(first, zone)} – "
                    f"{_local(last, zone)})"))
    return flags


def _bursts(events: list, count: int, span: timedelta) -> list[list]:
    """The runs of `events` (sorted by time) covered by windows of at most `span` holding
    `count` different people; overlapping windows make one run."""
    runs: list[list[int]] = []
    within: Counter = Counter()
    low = 0
    for high, event in enumerate(events):
        within[event.person] += 1
        while event.at - events[low].at > span:
            within[events[low].person] -= 1
            if not within[events[low].person]:
                del within[events[low].person]
            low += 1
        if len(within) >= count:
            if runs and low <= runs[-1][1]:
                runs[-1][1] = high
            else:
                runs.append([low, high])
    return [events[low:high + 1] for low, high in runs]


# --- Near-identical papers ------------------------------------------------------------------

@dataclass(frozen=True)
class _Paper:
    attempt_id: int
    contestant_id: int
    finished_at: datetime
    duration_ms: int
    answers: dict


def _similar_answers(session: Session, rounds, rules: FlagRules) -> list[Flag]:
    """Two people's papers alike on at least `similar_percent` % of the questions both
    answered (at least `similar_min_shared` of them), handed in at most
    `similar_submit_seconds` apart, their durations at most `similar_duration_seconds`
    apart. Papers are read in submission order and each is compared only with those handed
    in within the window before it; alike pairs sharing a paper or a person make one flag."""
    gap = timedelta(seconds=rules.similar_submit_seconds)
    window: deque[_Paper] = deque()
    pairs: list[tuple[_Paper, _Paper, int, int]] = []
    rows = session.execute(
        select(_A.c.id, _A.c.contestant_id, _A.c.finished_at, _A.c.duration_ms, _A.c.answers)
        .where(_A.c.round_id.in_(rounds), _FINISHED, _A.c.finished_at.is_not(None))
        .order_by(_A.c.finished_at, _A.c.id).execution_options(yield_per=2000))
    for row in rows:
        answered = {q: sorted(a) for q, a in (row.answers or {}).items() if a}
        if len(answered) < rules.similar_min_shared:
            continue
        paper = _Paper(row.id, row.contestant_id, row.finished_at, row.duration_ms or 0,
                       answered)
        while window and paper.finished_at - window[0].finished_at > gap:
            window.popleft()
        for other in window:
            alike = _alike(other, paper, rules)
            if alike:
                pairs.append((other, paper, *alike))
        window.append(paper)
    return [_similar_flag(group) for group in _grouped(pairs)]


def _alike(a: _Paper, b: _Paper, rules: FlagRules) -> tuple[int, int] | None:
    """(same answers, questions both answered) when the two papers count as near-identical."""
    if a.contestant_id == b.contestant_id or \
            abs(a.duration_ms - b.duration_ms) > rules.similar_duration_seconds * 1000:
        return None
    shared = a.answers.keys() & b.answers.keys()
    if len(shared) < rules.similar_min_shared:
        return None
    same = sum(a.answers[q] == b.answers[q] for q in shared)
    return (same, len(shared)) if same * 100 >= rules.similar_percent * len(shared) else None


def _grouped(pairs: list[tuple]) -> list[list[tuple]]:
    """Pairs joined into groups: two pairs with a person in common are one group."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    for a, b, *_ in pairs:
        parent[root(a.contestant_id)] = root(b.contestant_id)
    groups: dict[int, list[tuple]] = {}
    for pair in pairs:
        groups.setdefault(root(pair[0].contestant_id), []).append(pair)
    return list(groups.values())


def _similar_flag(pairs: list[tuple]) -> Flag:
    people = list(dict.fromkeys(c for a, b, *_ in pairs for c in (a.contestant_id,
                                                                    b.contestant_id)))
    attempts = list(dict.fromkeys(i for a, b, *_ in pairs for i in (a.attempt_id,
                                                                     b.attempt_id)))
    best = max(pairs, key=lambda p: (p[2] / p[3], p[3]))
    details = [
        f"{{c{a.contestant_id}}} và {{c{b.contestant_id}}}: giống nhau {same}/{shared} câu cùng "
        f"trả lời, nộp cách nhau {_seconds((b.finished_at - a.finished_at).total_seconds() * 1000)}"
        f", thời gian làm bài {_seconds(a.duration_ms)} và {_seconds(b.duration_ms)}"
        for a, b, same, shared in pairs[:PAIRS_SHOWN]]
    if len(pairs) > PAIRS_SHOWN:
        details.append(f"và {len(pairs) - PAIRS_SHOWN} cặp bài khác")
    return Flag(FlagKind.SIMILAR_ANSWERS, people, attempts, (
        f"{len(attempts)} bài của {len(people)} người gần như giống hệt nhau (cao nhất "
        f"{best[2]}/{best[3]} câu cùng trả lời giống nhau)"), details)


# --- One person registered several times ----------------------------------------------------

def _same_person(session: Session, contest_id: int) -> list[Flag]:
    """Registrations sharing a normalised name and a birth date: the database finds the
    repeated pairs. The birth date itself is personal data and is not shown."""
    repeated = (select(_P.c.name_key, _P.c.birth_date).where(_P.c.contest_id == contest_id)
                .group_by(_P.c.name_key, _P.c.birth_date).having(func.count() >= 2)
                .subquery())
    rows = session.execute(
        select(_P.c.id, _P.c.name_key, _P.c.birth_date, _P.c.full_name, Unit.name.label("unit"))
        .join(repeated, and_(repeated.c.name_key == _P.c.name_key,
                             repeated.c.birth_date == _P.c.birth_date))
        .join(Unit, Unit.id == _P.c.unit_id)
        .where(_P.c.contest_id == contest_id)
        .order_by(_P.c.name_key, _P.c.birth_date, _P.c.id))
    groups: dict[tuple, list] = {}
    for row in rows:
        groups.setdefault((row.name_key, row.birth_date), []).append(row)
    return [Flag(FlagKind.SAME_PERSON, [r.id for r in rows], [], (
        f"{len(rows)} lần đăng ký cùng họ tên «{rows[0].full_name}» và cùng ngày sinh, ở: "
        f"{', '.join(dict.fromkeys(r.unit for r in rows))}")) for rows in groups.values()]


# --- Wording ---------------------------------------------------------------------------------

def _people(session: Session, ids: set[int]) -> dict[int, Person]:
    found: dict[int, Person] = {}
    ordered = sorted(ids)
    for start in range(0, len(ordered), 1000):
        for row in session.execute(
                select(_P.c.id, _P.c.full_name, Unit.name).join(Unit, Unit.id == _P.c.unit_id)
                .where(_P.c.id.in_(ordered[start:start + 1000]))):
            found[row.id] = Person(row.id, row.full_name, row.name)
    return found


class _Names(dict):
    """Fills "{c<contestant id>}" in a line of evidence with the contestant's name."""

    def __init__(self, people: dict[int, Person]):
        super().__init__()
        self.people = people

    def __missing__(self, key: str) -> str:
        person = self.people.get(int(key[1:]))
        return person.full_name if person else f"thí sinh số {key[1:]}"


def _seconds(ms: float) -> str:
    return _span(round(ms / 1000))


def _span(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} giây"
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} phút" + (f" {rest:02d} giây" if rest else "")


def _local(moment: datetime, zone: ZoneInfo) -> str:
    return utc_to_local(moment, zone).strftime("%H:%M:%S %d/%m/%Y")
