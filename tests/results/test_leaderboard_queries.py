"""Reading a leaderboard: pages by position, search by name or unit, a unit officer's subtree,
groups, and only the board's current version."""

import pytest
from sqlalchemy import func, select

from backend.errors import NotFound
from backend.results import queries
from backend.results.models import ResultEntry
from tests.factories import add_finished_attempt
from tests.results.leaderboards import ranked


def names(found) -> list[str]:
    return [e.full_name for e in found.rows]


def test_a_page_is_the_range_of_positions_it_shows(scene):
    people = scene.contestants(7)
    board = ranked(scene, [(p, 5, 100 + n) for n, p in enumerate(people)])

    found = queries.leaderboard(session=scene.session, board=board, page=2, per_page=3)

    assert [e.position for e in found.rows] == [4, 5, 6]
    assert names(found) == [p.full_name for p in people[3:6]]
    assert (found.total, found.pages, found.page, found.more) == (7, 3, 2, False)


def test_a_page_past_the_end_shows_the_last_page(scene):
    people = scene.contestants(5)
    board = ranked(scene, [(p, 5, 100 + n) for n, p in enumerate(people)])

    found = queries.leaderboard(session=scene.session, board=board, page=99, per_page=2)

    assert found.page == 3
    assert [e.position for e in found.rows] == [5]


def test_search_ignores_diacritics_and_case(scene):
    people = scene.contestants(12)  # Nguyễn Văn An, Trần Văn An, … Nguyễn Thị An (n = 10)
    board = ranked(scene, [(p, 3) for p in people])

    found = queries.leaderboard(session=scene.session, board=board, query="NGUYEN van")

    assert names(found) == ["Nguyễn Văn An"]
    assert names(queries.leaderboard(session=scene.session, board=board,
                                     query="nguyễn")) == ["Nguyễn Văn An", "Nguyễn Thị An"]


def test_a_blank_search_lists_everyone(scene):
    people = scene.contestants(3)
    board = ranked(scene, [(p, 3) for p in people])

    found = queries.leaderboard(session=scene.session, board=board, query="   ")

    assert (found.query, found.total, found.more) == ("", 3, False)


def test_search_finds_a_unit_by_its_name(scene):
    people = scene.contestants(6)  # units in turn: Bến Nghé, Bến Thành, Võ Thị Sáu
    board = ranked(scene, [(p, 3) for p in people])

    found = queries.leaderboard(session=scene.session, board=board, query="vo thi sau")

    assert names(found) == [people[2].full_name, people[5].full_name]
    assert {e.unit_name for e in found.rows} == {"Phường Võ Thị Sáu"}


@pytest.mark.parametrize("query", ["%", "_", "nguy_n", "%an", "/"])
def test_like_wildcards_in_a_search_are_taken_literally(scene, query):
    people = scene.contestants(4)
    board = ranked(scene, [(p, 3) for p in people])

    found = queries.leaderboard(session=scene.session, board=board, query=query)

    assert (found.rows, found.total) == ([], 0)


def test_a_search_counts_at_most_the_limit_and_says_there_are_more(scene, monkeypatch):
    people = scene.contestants(6)
    board = ranked(scene, [(p, 6 - n) for n, p in enumerate(people)])
    monkeypatch.setattr(queries, "SEARCH_LIMIT", 4)

    found = queries.leaderboard(session=scene.session, board=board, query="an", per_page=3,
                                page=2)

    assert (found.total, found.more, found.pages) == (4, True, 2)
    assert names(found) == [people[3].full_name]


def test_a_unit_officer_sees_only_entries_of_their_subtree(scene, tree):
    people = scene.contestants(9)  # three in each of Bến Nghé, Bến Thành (Quận 1), Võ Thị Sáu
    board = ranked(scene, [(p, 9 - n) for n, p in enumerate(people)])

    found = queries.leaderboard(session=scene.session, board=board, within=tree["Q1"],
                                per_page=4, page=2)
    everything = queries.leaderboard(session=scene.session, board=board, within=tree["Q1"])

    assert found.total == 6
    assert [e.unit_name for e in everything.rows] == ["Phường Bến Nghé", "Phường Bến Thành"] * 3
    assert [e.rank for e in everything.rows] == [1, 2, 4, 5, 7, 8]
    assert [e.rank for e in found.rows] == [7, 8]
    assert queries.leaderboard(session=scene.session, board=board, within=tree["Q1"],
                               query="vo thi sau").total == 0


def test_groups_come_in_the_contests_order_with_their_counts(scene):
    scene.contest.groups = ["Cán bộ, đảng viên", "Nhân dân"]
    scene.session.commit()
    people = scene.contestants(5, groups=["Nhân dân", "Cán bộ, đảng viên"])
    board = ranked(scene, [(p, 5 - n) for n, p in enumerate(people)])

    first = queries.leaderboard(session=scene.session, board=board)
    chosen = queries.leaderboard(session=scene.session, board=board, group="Nhân dân")

    assert [(g.name, g.count) for g in first.groups] == [("Cán bộ, đảng viên", 2),
                                                        ("Nhân dân", 3)]
    assert first.group == "Cán bộ, đảng viên"
    assert names(first) == [people[1].full_name, people[3].full_name]
    assert [(e.position, e.rank) for e in chosen.rows] == [(1, 1), (2, 2), (3, 3)]
    with pytest.raises(NotFound, match="không có bảng «Thiếu nhi»"):
        queries.leaderboard(session=scene.session, board=board, group="Thiếu nhi")


def test_a_group_the_contest_no_longer_names_is_still_listed(scene):
    people = scene.contestants(3, groups=["Học sinh"])
    board = ranked(scene, [(p, 3) for p in people])

    found = queries.leaderboard(session=scene.session, board=board)

    assert [(g.name, g.count) for g in found.groups] == [("Học sinh", 3)]
    assert found.total == 3


def test_only_the_boards_current_version_is_read(scene):
    a, b = scene.contestants(2)
    board = ranked(scene, [(a, 2), (b, 4)], publish=False)
    add_finished_attempt(scene.session, scene.round, a, score=5, attempt_no=2)
    scene.finalise(board)
    board = scene.session.get(type(board), board.id)

    found = queries.leaderboard(session=scene.session, board=board)

    assert names(found) == [a.full_name, b.full_name]
    assert [e.score for e in found.rows] == [5, 4]
    assert scene.session.scalar(select(func.count()).select_from(ResultEntry)) == 2  # v1 gone
