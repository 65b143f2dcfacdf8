"""Collective prizes of a writing competition ("giải tập thể"): the units under the city ranked
within their block by the competition's rule (most essays, highest participation relative to
headcount, most prize-winners), ties sharing a place as in the contests'
(`tallies.collective.places`); the rule kept as typed columns, changes audit-logged."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from backend.audit import service as audit
from backend.errors import InvalidInput, NotFound
from backend.tallies.collective import places
from backend.tallies.rollup import Node, Tally
from backend.vnformat import grouped, percent
from backend.vntext import natural_key
from backend.writing import service as writing
from backend.writing import tally as tallies
from backend.writing.counting import WritingCounts
from backend.writing.models import CollectiveMode, WritingCollectiveRules, WritingMeasure

PRIZE = "Giải tập thể"
CHAINS = {
    CollectiveMode.MOST_ESSAYS: ("received", "rate", "winners"),
    CollectiveMode.PARTICIPATION_RATE: ("rate", "received", "winners"),
    CollectiveMode.MOST_WINNERS: ("winners", "received", "rate"),
}
KEY_WORDS = {"received": "nhiều bài dự thi hơn", "rate": "tỷ lệ tham gia cao hơn",
             "winners": "nhiều bài đạt giải hơn"}


@dataclass(frozen=True)
class Rules:
    mode: CollectiveMode
    per_block: int = 1
    minimum_essays: int = 0
    count_reported: bool = False


@dataclass(frozen=True)
class Ranked:
    node: Node[WritingCounts]
    block: str
    rank: int | None  # None: not ranked (the reason says why)
    tied: bool
    received: int
    rate: float | None  # participation, 0..1
    winners: int
    prize: str = ""
    reason: str = ""

    @property
    def achievement(self) -> str:
        """What the unit achieved, as the prize list writes it."""
        rate = "chưa có số thành viên" if self.rate is None else percent(self.rate)
        return (f"{grouped(self.received)} bài dự thi; tỷ lệ tham gia {rate}; "
                f"{grouped(self.winners)} bài đạt giải")


def described(rules: Rules) -> str:
    """The ranking chain in words, as the page and the file write it."""
    keys = "; bằng nhau thì ".join(KEY_WORDS[k] for k in CHAINS[rules.mode])
    text = (f"{rules.mode.label}, xếp trong từng khối: {keys} xếp trên; bằng nhau ở mọi tiêu "
            f"chí thì đồng hạng và cùng nhận giải. Mỗi khối {rules.per_block} giải tập thể.")
    if rules.count_reported:
        text += (" Tỷ lệ tham gia = (số bài nhận + số người dự thi ở cơ sở đơn vị báo cáo) ÷ "
                 "số thành viên.")
    else:
        text += " Tỷ lệ tham gia = số bài nhận ÷ số thành viên."
    if rules.minimum_essays:
        text += f" Chỉ xét đơn vị có từ {grouped(rules.minimum_essays)} bài trở lên."
    return text


def rank_units(tally: Tally[WritingCounts], rules: Rules, reports: tallies.Reports,
               last_level: int) -> list[Ranked]:
    """Each block's units in ranking order, those not ranked after them. Winners are the
    essays with a prize at the last level (`last_level`, its position)."""
    found = []
    for block in tally.blocks:
        rows = [_row(n, block.name, rules, reports, last_level) for n in block.units
                if not n.synthetic]
        ranked = sorted((r for r in rows if not r.reason),
                        key=lambda r: (_key(r, rules), natural_key(r.node.name)))
        found += [Ranked(r.node, r.block, rank, tied, r.received, r.rate, r.winners, prize)
                  for r, (rank, tied, prize) in zip(ranked, places(
                      [_key(r, rules) for r in ranked], ((PRIZE, rules.per_block),)),
                      strict=True)]
        found += sorted((r for r in rows if r.reason), key=lambda r: natural_key(r.node.name))
    return found


def _row(node: Node[WritingCounts], block: str, rules: Rules, reports: tallies.Reports,
         last_level: int) -> Ranked:
    counts = node.total
    extra = (reports.of_node(node, WritingMeasure.GRASSROOTS_CONTESTANTS) or 0) \
        if rules.count_reported else 0
    rate = counts.rate(extra)
    reason = ""
    if not counts.received:
        reason = "Không có bài dự thi."
    elif counts.received < rules.minimum_essays:
        reason = (f"Có {grouped(counts.received)} bài, dưới mức tối thiểu "
                  f"{grouped(rules.minimum_essays)} bài.")
    elif rate is None and rules.mode is CollectiveMode.PARTICIPATION_RATE:
        reason = "Chưa có số lượng thành viên để tính tỷ lệ tham gia."
    return Ranked(node, block, None, False, counts.received, rate,
                  counts.level(last_level).winners, reason=reason)


def _key(row: Ranked, rules: Rules) -> tuple:
    values = {"received": row.received, "rate": row.rate or 0, "winners": row.winners}
    return tuple(-values[k] for k in CHAINS[rules.mode])


def rules_of(*, session: Session, competition_id: int) -> Rules | None:
    stored = session.get(WritingCollectiveRules, competition_id)
    return None if stored is None else Rules(stored.mode, stored.per_block,
                                             stored.minimum_essays, stored.count_reported)


def set_rules(*, session: Session, competition_id: int, mode: str, per_block: int,
              minimum_essays: int, count_reported: bool, actor_id: int | None,
              now: datetime) -> Rules | None:
    """Set how collective prizes are given; mode "" removes them. Audit-logged."""
    writing.get_competition(session=session, competition_id=competition_id)
    before = rules_of(session=session, competition_id=competition_id)
    stored = session.get(WritingCollectiveRules, competition_id, with_for_update=True)
    if not mode:
        if stored is not None:
            session.delete(stored)
    else:
        try:
            chosen = CollectiveMode(mode)
        except ValueError:
            raise InvalidInput("Cách xét giải tập thể không hợp lệ: chọn nhiều bài nhất "
                               "(most_essays), tỷ lệ tham gia cao nhất (participation_rate) "
                               "hoặc nhiều bài đạt giải nhất (most_winners).") from None
        if not 1 <= per_block <= 100:
            raise InvalidInput("Số giải tập thể mỗi khối phải từ 1 đến 100.")
        if not 0 <= minimum_essays <= 100_000:
            raise InvalidInput("Số bài tối thiểu phải từ 0 đến 100.000.")
        if stored is None:
            stored = WritingCollectiveRules(competition_id=competition_id, mode=chosen)
            session.add(stored)
        stored.mode, stored.per_block = chosen, per_block
        stored.minimum_essays, stored.count_reported = minimum_essays, count_reported
        stored.updated_by, stored.updated_at = actor_id, now
    after = None if not mode else Rules(stored.mode, per_block, minimum_essays, count_reported)
    audit.record(session=session, actor_id=actor_id, action="writing.collective_rules",
                 target=f"writing_competition:{competition_id}", now=now,
                 details={"before": _plain(before), "after": _plain(after)})
    session.commit()
    return after


def _plain(rules: Rules | None) -> dict | None:
    return None if rules is None else {"mode": rules.mode.value, "per_block": rules.per_block,
                                       "minimum_essays": rules.minimum_essays,
                                       "count_reported": rules.count_reported}


def ranking(*, session: Session, competition_id: int) -> tuple[Rules, list[Ranked]]:
    """The collective prizes as the competition's rules give them now (404 without rules)."""
    rules = rules_of(session=session, competition_id=competition_id)
    if rules is None:
        raise NotFound("Cuộc thi viết này chưa đặt cách xét giải tập thể.")
    view = tallies.overview(session=session, competition_id=competition_id)
    last = max((lv.position for lv in view.levels), default=1)
    return rules, rank_units(view.whole, rules, view.reports, last)
