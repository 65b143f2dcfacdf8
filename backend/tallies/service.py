"""A contest's tally, for a round or the whole contest, at every level of its frozen tree:
what the dashboard, the tally spreadsheet, the reconciliation and the collective prizes all
read, so that they always show the same figures."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session

from backend.audit import service as audit
from backend.contests import service as contests
from backend.contests.models import Contest, ContestUnit, Round
from backend.errors import InvalidInput, NotFound
from backend.results.models import ResultBoard
from backend.tallies import collective, counting, dashboard, reconcile
from backend.tallies.models import CollectiveMode, CollectiveRules, ReportedFigure
from backend.tallies.rollup import Member, Node, Tally, roll_up, subtree
from backend.units.models import Block, Unit
from backend.vntext import clean


@dataclass(frozen=True)
class Period:
    """A round, or (round None) the whole contest."""

    contest: Contest
    round: Round | None
    rounds: list[Round]

    @property
    def name(self) -> str:
        return self.round.name if self.round else "Toàn cuộc thi"


def period_of(*, session: Session, contest_id: int, round_id: int | None) -> Period:
    contest = contests.get_contest(session=session, contest_id=contest_id)
    rounds = contests.rounds_of(session=session, contest_id=contest_id)
    chosen = None
    if round_id is not None:
        chosen = next((r for r in rounds if r.id == round_id), None)
        if chosen is None:
            raise NotFound("Cuộc thi không có tuần thi này.")
    return Period(contest, chosen, rounds)


def members_of(*, session: Session, contest_id: int, within: Unit | None = None
               ) -> list[Member]:
    """The contest's units as frozen (of `within`'s subtree when given), with their blocks'
    order."""
    positions = dict(session.execute(select(Block.id, Block.position)).all())
    query = select(ContestUnit).where(ContestUnit.contest_id == contest_id)
    if within is not None:
        query = query.where(ContestUnit.path.startswith(within.path, autoescape=True))
    return [Member(u.unit_id, u.parent_unit_id, u.code, u.name, u.block_name,
                   positions.get(u.block_id, 10**6), u.cluster_name, u.headcount)
            for u in session.execute(query.order_by(ContestUnit.path)).scalars()]


@dataclass(frozen=True)
class Boards:
    """Where a period's results are read from, found once per use case."""

    rounds: list[counting.Source]  # each round with its finalised board's version, if any
    overall: tuple[int, int] | None  # the overall ranking's version (whole contest only)

    @property
    def finalised(self) -> list[tuple[int, int]]:
        return [s.board for s in self.rounds if s.board] + ([self.overall] if self.overall
                                                            else [])


def boards_of(*, session: Session, period: Period) -> Boards:
    found = {b.round_id: b for b in session.execute(select(ResultBoard).where(
        ResultBoard.contest_id == period.contest.id)).scalars()}
    rounds = [period.round] if period.round else period.rounds
    return Boards([counting.Source(r.id, _version(found.get(r.id))) for r in rounds],
                  _version(found.get(None)) if period.round is None else None)


def contest_tally(*, session: Session, period: Period, within: Unit | None = None,
                  boards: Boards | None = None) -> Tally:
    """The tally of `period` at every level; seen from `within`'s subtree when given."""
    boards = boards or boards_of(session=session, period=period)
    own = counting.own_counts(session=session, contest_id=period.contest.id,
                              sources=boards.rounds,
                              prize_boards=[boards.overall] if boards.overall else [])
    tally = roll_up(members_of(session=session, contest_id=period.contest.id), own)
    if within is None:
        return tally
    if within.id not in tally.nodes:
        raise NotFound("Đơn vị của tài khoản không tham gia cuộc thi này.")
    return subtree(tally, within.id)


def _version(board: ResultBoard | None) -> tuple[int, int] | None:
    return (board.id, board.version) if board is not None and board.version else None


def collective_rules(*, session: Session, contest_id: int) -> CollectiveRules | None:
    return session.get(CollectiveRules, contest_id)


def update_collective_rules(*, session: Session, contest_id: int, mode: str,
                            min_rate: int | None, prizes: list[dict], points: dict[str, int],
                            actor_id: int | None, now: datetime) -> CollectiveRules | None:
    """Set how collective prizes are given; mode "" removes them."""
    contests.get_contest(session=session, contest_id=contest_id)
    rules = session.get(CollectiveRules, contest_id, with_for_update=True)
    before = None if rules is None else rules.model_dump(include={"mode", "min_rate", "prizes",
                                                                  "points"}, mode="json")
    if not mode:
        if rules is not None:
            session.delete(rules)
        rules = None
    else:
        checked = _checked_rules(mode, min_rate, prizes, points)
        if rules is None:
            rules = CollectiveRules(contest_id=contest_id, mode=checked.mode)
            session.add(rules)
        rules.mode, rules.min_rate = checked.mode, checked.min_rate
        rules.prizes = [{"tier": t, "count": c} for t, c in checked.prizes]
        rules.points = dict(checked.points or {})
        rules.updated_by, rules.updated_at = actor_id, now
    audit.record(session=session, actor_id=actor_id, action="tallies.collective_rules",
                 target=f"contest:{contest_id}", now=now, details={
                     "before": before, "after": None if rules is None else rules.model_dump(
                         include={"mode", "min_rate", "prizes", "points"}, mode="json")})
    session.commit()
    return rules


def _checked_rules(mode: str, min_rate: int | None, prizes: list[dict],
                   points: dict[str, int]) -> collective.Rules:
    try:
        chosen = CollectiveMode(mode)
    except ValueError:
        raise InvalidInput("Cách xét giải tập thể không hợp lệ: chọn theo số người tham gia, "
                           "theo tỷ lệ tham gia hoặc theo điểm tổng hợp.") from None
    if min_rate is not None and not 0 <= min_rate <= 100:
        raise InvalidInput("Tỷ lệ tham gia tối thiểu phải từ 0 đến 100 (%).")
    tiers, seen = [], set()
    for prize in prizes:
        tier, count = clean(prize.get("tier", "")), prize.get("count", 0)
        if not tier or len(tier) > 120:
            raise InvalidInput("Mỗi giải tập thể cần một tên (tối đa 120 ký tự).")
        if tier.casefold() in seen:
            raise InvalidInput(f"Giải “{tier}” được nêu hai lần.")
        if not isinstance(count, int) or not 1 <= count <= 100:
            raise InvalidInput(f"Số giải “{tier}” mỗi khối phải từ 1 đến 100.")
        seen.add(tier.casefold())
        tiers.append((tier, count))
    if not tiers:
        raise InvalidInput("Hãy nêu ít nhất một giải tập thể và số lượng mỗi khối.")
    if len(tiers) > 10:
        raise InvalidInput("Tối đa 10 loại giải tập thể.")
    for tier, value in points.items():
        if not isinstance(value, int) or not 0 <= value <= 1000:
            raise InvalidInput(f"Điểm cho “{tier}” phải là số nguyên từ 0 đến 1000.")
    if len(points) > 20:
        raise InvalidInput("Tối đa 20 loại giải cá nhân được tính điểm.")
    return collective.Rules(chosen, min_rate, tuple(tiers),
                            {clean(t): v for t, v in points.items()})


def as_rules(rules: CollectiveRules) -> collective.Rules:
    return collective.Rules(rules.mode, rules.min_rate,
                            tuple((p["tier"], p["count"]) for p in rules.prizes),
                            dict(rules.points))


def collective_ranking(*, session: Session, contest_id: int) -> tuple[collective.Rules,
                                                                        list[collective.Ranked]]:
    """The collective prizes over the whole contest, as its rules give them now."""
    stored = collective_rules(session=session, contest_id=contest_id)
    if stored is None:
        raise NotFound("Cuộc thi này chưa đặt cách xét giải tập thể.")
    rules = as_rules(stored)
    period = period_of(session=session, contest_id=contest_id, round_id=None)
    boards = boards_of(session=session, period=period)
    tally = contest_tally(session=session, period=period, boards=boards)
    tiers = counting.prize_tiers(session=session, boards=boards.finalised) \
        if rules.mode is CollectiveMode.COMPOSITE else {}
    return rules, collective.rank_units(tally, rules, tiers)


def reconciliation(*, session: Session, contest_id: int) -> list[reconcile.Disagreement]:
    """Every place a reported figure disagrees with the count or with its parts."""
    figures = [reconcile.Reported(f.round_no, f.target, f.target_id, f.measure, f.value)
               for f in session.execute(select(ReportedFigure).where(
                   ReportedFigure.contest_id == contest_id)).scalars()]
    if not figures:
        return []
    period = period_of(session=session, contest_id=contest_id, round_id=None)
    by_number = {r.number: r for r in period.rounds}
    tallies = {}
    for number in sorted({f.round_no for f in figures}):
        if number == 0:
            tallies[0] = contest_tally(session=session, period=period)
        elif number in by_number:
            tallies[number] = contest_tally(session=session, period=Period(
                period.contest, by_number[number], period.rounds))
    blocks = dict(session.execute(select(Block.id, Block.name)).all())
    names = {number: r.name for number, r in by_number.items()}
    return reconcile.disagreements(figures, tallies, blocks, names)


@dataclass(frozen=True)
class Dashboard:
    period: Period
    tally: Tally  # as the reader sees it: the whole contest, a subtree, or a unit drilled into
    place: list[Node]  # the units from the reader's top down to the one drilled into
    timeline: dashboard.Timeline
    spread: list[tuple[int, int]]
    top_by_count: list[Node]
    top_by_rate: list[Node]
    # The period's reported figures, by (target, target id, measure value), shown beside
    # the counted ones.
    reported: dict[tuple[str, int, str], int]

    def reported_for(self, target: str, target_id: int | None, measure: str) -> int | None:
        return self.reported.get((target, target_id, measure))

    @property
    def units_taking_part(self) -> int:
        return sum(1 for n in self.tally.top if n.total.participants and not n.synthetic)

    @property
    def units_listed(self) -> int:
        return sum(1 for n in self.tally.top if not n.synthetic)


TOP_UNITS = 10


def dashboard_of(*, session: Session, period: Period, within: Unit | None,
                 unit_id: int | None, zone) -> Dashboard:
    """The dashboard of a period, seen from `within` (None: the whole contest) and drilled
    down to `unit_id` when given (which must lie inside what the reader sees)."""
    boards = boards_of(session=session, period=period)
    tally = contest_tally(session=session, period=period, within=within, boards=boards)
    place: list[Node] = []
    if unit_id is not None:
        node = tally.nodes.get(unit_id)
        if node is None:
            raise NotFound("Không tìm thấy đơn vị này trong phạm vi của bạn.")
        while node is not None and node.unit_id in tally.nodes:
            place.insert(0, node)
            node = node.parent if node is not tally.root else None
        tally = subtree(tally, unit_id)
    whole = within is None and unit_id is None
    units = None if whole else list(tally.nodes)
    sources = boards.rounds
    shown = [n for n in tally.top if not n.synthetic]
    return Dashboard(
        period=period, tally=tally, place=place,
        timeline=dashboard.timeline(session=session, round_ids=[s.round_id for s in sources],
                                    zone=zone, unit_ids=units),
        spread=dashboard.score_spread(session=session, sources=sources, unit_ids=units),
        top_by_count=sorted(shown, key=lambda n: -n.total.participants)[:TOP_UNITS],
        top_by_rate=sorted((n for n in shown if n.total.headcount),
                           key=lambda n: -(n.total.rate or 0))[:TOP_UNITS],
        reported={(f.target.value, f.target_id, f.measure.value): f.value
                  for f in session.execute(select(ReportedFigure).where(
                      ReportedFigure.contest_id == period.contest.id,
                      ReportedFigure.round_no == (period.round.number if period.round
                                                  else 0))).scalars()})
