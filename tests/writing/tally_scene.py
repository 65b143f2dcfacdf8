"""A writing competition over the small tree for the tally tests: essays written straight into
the tables in any format, signed forwarding batches into the city level, results and prizes
(what the essays, forwarding and judging services leave behind)."""

from backend.clock import utcnow
from backend.essays.models import Essay, EssayFormat
from backend.forwarding.models import BatchStatus, ForwardBatch, ForwardedEssay
from backend.judging.models import BlindCode, EssayResult
from backend.writing.models import PrizeTier
from tests.factories import make_essay, make_writing_competition


class WritingScene:
    def __init__(self, session, tree, **kwargs):
        self.session, self.tree = session, tree
        self.competition, self.levels = make_writing_competition(session, **kwargs)
        self.first, self.city = self.levels[0], self.levels[-1]
        self.n = 0
        self.tiers: dict[str, PrizeTier] = {}

    def essays(self, code: str, count: int, fmt: str = "online", *, withdrawn: int = 0
               ) -> list[Essay]:
        made = []
        for i in range(count):
            self.n += 1
            essay = make_essay(self.session, self.competition, self.tree[code], n=self.n)
            essay.format = EssayFormat(fmt)
            if i < withdrawn:
                essay.withdrawn_at = utcnow()
            made.append(essay)
        self.session.commit()
        return made

    def forward(self, code: str, essays: list[Essay], *, signed: bool = True, level=None
                ) -> ForwardBatch:
        level = level or self.city
        batch = ForwardBatch(level_id=level.id, unit_id=self.tree[code].id,
                             status=BatchStatus.SIGNED if signed else BatchStatus.DRAFT)
        self.session.add(batch)
        self.session.flush()
        for essay in essays:
            self.session.add(ForwardedEssay(batch_id=batch.id, level_id=level.id,
                                            essay_id=essay.id, source_level_id=self.first.id))
        self.session.commit()
        return batch

    def tier(self, name: str, position: int, count: int = 5) -> PrizeTier:
        if name not in self.tiers:
            self.tiers[name] = PrizeTier(level_id=self.city.id, position=position, name=name,
                                         count=count)
            self.session.add(self.tiers[name])
            self.session.flush()
        return self.tiers[name]

    def result(self, essay: Essay, score: float | None, rank: int | None = None,
               prize: str | None = None, code: str | None = None) -> EssayResult:
        tier = self.tier(prize, len(self.tiers) + 1) if prize else None
        result = EssayResult(level_id=self.city.id, essay_id=essay.id, score=score, rank=rank,
                             prize_tier_id=tier.id if tier else None)
        self.session.add(result)
        self.session.add(BlindCode(level_id=self.city.id, essay_id=essay.id,
                                   code=code or f"P{essay.id:04d}"))
        self.session.commit()
        return result
