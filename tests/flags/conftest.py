import pytest

from tests.results.conftest import Results


class Flagged(Results):
    """A closed round of a published contest, and the calls a flags test makes."""

    def __init__(self, database, session, tree):
        super().__init__(database, session, tree)
        # Kept plain: reading an expired row would hold SQLite's one writer in this session.
        self.contest_id = self.contest.id

    def flags(self, round_=None, **rules):
        from backend.flags import detect
        from backend.flags import service as flags

        found = flags.rules_of(session=self.session, contest_id=self.contest.id)
        for name, value in rules.items():
            setattr(found, name, value)
        self.session.expunge(found) if found in self.session else None
        with self.database.scope(write=False) as read:
            return detect.find_flags(session=read, contest_id=self.contest.id, rules=found,
                                     zone=self.database.settings.zone,
                                     round_id=round_.id if round_ else None)

    def exclude(self, contestant, reason="Thi hộ, đã xác minh", **kwargs):
        from backend.flags import service as flags

        return self._call(flags.exclude_from_prizes, contestant, reason, **kwargs)

    def lift(self, contestant, reason="Đã xác minh lại, không vi phạm", **kwargs):
        from backend.flags import service as flags

        return self._call(flags.lift_exclusion, contestant, reason, **kwargs)

    def _call(self, use_case, contestant, reason, *, actor_id=None, now=None):
        from backend.clock import utcnow

        contest_id, contestant_id = self.contest.id, contestant.id  # read before letting go
        self.session.commit()  # SQLite has one writer: let go of it
        with self.database.scope(write=False) as read, self.database.scope() as write:
            outcome = use_case(read=read, write=write, contest_id=contest_id,
                               contestant_id=contestant_id, reason=reason, actor_id=actor_id,
                               now=now or utcnow())
        self.session.expire_all()
        return outcome


@pytest.fixture
def scene(database, session, tree):
    return Flagged(database, session, tree)
