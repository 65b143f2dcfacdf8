"""Collective prizes ("giải tập thể"): the units directly under the contest ranked within
their block by the contest's rule, the tiers given in rank order. Units equal on every key
share a rank openly, and a tier reaching a tie goes to all of it.

Pure: the tally and the rules in, the ranked units out."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from backend.tallies.models import CollectiveMode
from backend.tallies.rollup import Node, Tally
from backend.vnformat import decimal
from backend.vntext import natural_key

CHAINS = {
    CollectiveMode.PARTICIPANTS: ("participants", "rate", "attempts"),
    CollectiveMode.RATE: ("rate", "participants", "attempts"),
    CollectiveMode.COMPOSITE: ("composite", "rate", "participants"),
}
KEY_WORDS = {
    "participants": "nhiều người tham gia hơn",
    "rate": "tỷ lệ tham gia cao hơn",
    "attempts": "nhiều lượt thi hơn",
    "composite": "điểm tổng hợp cao hơn",
}


@dataclass(frozen=True)
class Rules:
    mode: CollectiveMode
    min_rate: int | None = None  # percent
    prizes: tuple[tuple[str, int], ...] = ()  # (tier, count) in prize order, per block
    points: Mapping[str, int] | None = None  # per individual prize tier, composite mode


@dataclass(frozen=True)
class Ranked:
    node: Node
    block: str
    rank: int | None  # None: did not qualify
    tied: bool
    composite: float  # rate in percent plus prize points (composite mode)
    points: int
    prize: str = ""
    reason: str = ""  # why it did not qualify


def described(rules: Rules) -> str:
    """The ranking chain in words, as the pages and the file write it."""
    keys = "; bằng nhau thì ".join(KEY_WORDS[k] for k in CHAINS[rules.mode])
    text = f"Xếp hạng trong từng khối: {keys} xếp trên; bằng nhau ở mọi tiêu chí thì đồng hạng."
    if rules.mode is CollectiveMode.COMPOSITE:
        text += (" Điểm tổng hợp = tỷ lệ tham gia (%) + điểm các giải cá nhân đã đạt ("
                 + ", ".join(f"{tier}: {value}" for tier, value in (rules.points or {}).items())
                 + ").")
    if rules.min_rate is not None:
        text += f" Chỉ xét đơn vị có tỷ lệ tham gia từ {rules.min_rate}% trở lên."
    return text


def rank_units(tally: Tally, rules: Rules, prize_tiers: Mapping[int, Mapping[str, int]]
               ) -> list[Ranked]:
    """Each block's top-level units in ranking order, qualified first. `prize_tiers` holds,
    per unit id, the individual prizes its people won by tier (for the composite mode)."""
    found = []
    for block in tally.blocks:
        rows = [_row(node, block.name, rules, prize_tiers) for node in block.units
                if not node.synthetic]
        qualified = sorted((r for r in rows if not r.reason),
                           key=lambda r: (_key(r, rules), natural_key(r.node.name)))
        found += _placed(qualified, rules)
        found += sorted((r for r in rows if r.reason), key=lambda r: natural_key(r.node.name))
    return found


def _row(node: Node, block: str, rules: Rules, tiers: Mapping) -> Ranked:
    counts = node.total
    rate = (counts.rate or 0) * 100
    points = sum((rules.points or {}).get(tier, 0) * count
                 for tier, count in tiers.get(node.unit_id, {}).items())
    reason = ""
    if counts.participants == 0:
        reason = "Không có người tham gia."
    elif not counts.headcount and rules.mode is not CollectiveMode.PARTICIPANTS:
        reason = "Chưa có số lượng thành viên để tính tỷ lệ tham gia."
    elif rules.min_rate is not None and rate < rules.min_rate:
        reason = f"Tỷ lệ tham gia {decimal(rate)}% dưới mức tối thiểu {rules.min_rate}%."
    return Ranked(node, block, None, False, round(rate + points, 6), points, reason=reason)


def _key(row: Ranked, rules: Rules) -> tuple:
    counts = row.node.total
    values = {"participants": counts.participants, "rate": counts.rate or 0,
              "attempts": counts.attempts, "composite": row.composite}
    return tuple(-values[k] for k in CHAINS[rules.mode])


def places(keys: Sequence[tuple], prizes: Sequence[tuple[str, int]]
           ) -> list[tuple[int, bool, str]]:
    """(rank, tied, prize) for each of `keys`, already sorted best first: equal keys share
    the rank of the first of them, and the prize of that rank; `prizes` are (tier, how many)
    in prize order."""
    tiers = [tier for tier, count in prizes for _ in range(count)]
    found: list[tuple[int, bool, str]] = []
    for i, key in enumerate(keys):
        rank = i + 1 if i == 0 or key != keys[i - 1] else found[-1][0]
        tied = (i > 0 and key == keys[i - 1]) or (i + 1 < len(keys) and key == keys[i + 1])
        # A tie takes the tier of its first place: all of it shares that prize.
        found.append((rank, tied, tiers[rank - 1] if rank - 1 < len(tiers) else ""))
    return found


def _placed(rows: list[Ranked], rules: Rules) -> list[Ranked]:
    return [Ranked(row.node, row.block, rank, tied, row.composite, row.points, prize=prize)
            for row, (rank, tied, prize) in zip(
                rows, places([_key(r, rules) for r in rows], rules.prizes), strict=True)]
