"""A start records the address it came from, for the rule on many starts from one address."""

from backend.attempts.models import Attempt
from backend.clock import utcnow
from tests.factories import UseCases


def test_starting_an_attempt_records_its_address(session, database, round_, contestant):
    view = UseCases(database).start(who=contestant.who, round_id=round_.id, now=utcnow(),
                                    ip="198.51.100.7")

    assert session.get(Attempt, view.id).started_ip == "198.51.100.7"
