"""Leaderboards over JSON: a contest's published results for anyone, one object per
contestant as the public page shows them, and every finalised board with all its columns for
staff who view results (unit officers: their subtree; phone masked unless permitted)."""

from fastapi import APIRouter

from backend.contests.deps import PublishedContest
from backend.deps import PageNumber, SessionDep, SettingsDep
from backend.policy import may_see_personal_data
from backend.results import published, queries
from backend.results.board_deps import (
    GroupName,
    PerPage,
    PublicBoard,
    ResultsViewer,
    Search,
    ViewedBoard,
)
from backend.results.schemas import (
    AnswerKeyOut,
    BoardOut,
    EntryOut,
    GroupOut,
    KeyOptionOut,
    KeyQuestionOut,
    LeaderboardOut,
    StaffEntryOut,
    StaffLeaderboardOut,
)
from backend.units import service as units

router = APIRouter(prefix="/api/v1", tags=["Kết quả"])


def board_out(view: published.BoardView, zone) -> BoardOut:
    b = view.board
    return BoardOut(
        id=b.id, round_id=b.round_id, name=view.name, state=b.state.value,
        state_text=view.state_text(zone), published_at=b.published_at,
        complaints_until=b.complaints_until, official_at=b.official_at, ranked=b.ranked,
        actual_value=b.actual_value if view.round else None,
        prediction_target=b.prediction_target.value, actual_value_text=view.actual_text,
        tie_breaks=b.tie_breaks, tie_break_text=view.chain)


def _page(view, found: queries.LeaderboardPage, zone) -> dict:
    return {"board": board_out(view, zone), "group": found.group, "q": found.query,
            "groups": [GroupOut(name=g.name, count=g.count) for g in found.groups],
            "page": found.page, "per_page": found.per_page, "pages": found.pages,
            "total": found.total, "more": found.more}


def _public(e) -> dict:
    return {"rank": e.rank, "tied": e.tied, "full_name": e.full_name, "unit": e.unit_name,
            "group": e.group_name, "score": e.score, "max_score": e.max_score,
            "prediction": e.prediction, "duration_ms": e.duration_ms,
            "submitted_at": e.submitted_at, "prize": e.prize}


def _staff(e, phone: str) -> StaffEntryOut:
    return StaffEntryOut(**_public(e), position=e.position, block=e.block_name,
                         distance=e.distance, started_at=e.started_at, rounds=e.rounds,
                         attempt_id=e.attempt_id, contestant_id=e.contestant_id,
                         unit_id=e.unit_id, phone=phone, prize_excluded=e.prize_excluded)


@router.get("/contests/{contest_id}/results")
def list_results(contest: PublishedContest, session: SessionDep,
                 settings: SettingsDep) -> list[BoardOut]:
    """The contest's published results: each round's, then the overall ranking."""
    return [board_out(view, settings.zone)
            for view in published.boards_in(session=session, contest_id=contest.id)]


@router.get("/contests/{contest_id}/results/{board_id}")
def leaderboard(view: PublicBoard, session: SessionDep, settings: SettingsDep,
                group: GroupName = "", q: Search = "", page: PageNumber = 1,
                per_page: PerPage = 50) -> LeaderboardOut:
    """One page of a published leaderboard in ranking order; `q` finds names or units
    ignoring diacritics ("nguyen van"), `group` names the contestant group ("bảng")."""
    found = queries.leaderboard(session=session, board=view.board, group=group, page=page,
                                per_page=per_page, query=q)
    return LeaderboardOut(**_page(view, found, settings.zone),
                          items=[EntryOut(**_public(e)) for e in found.rows])


@router.get("/contests/{contest_id}/results/{board_id}/answer-key")
def answer_key(view: PublicBoard, session: SessionDep, settings: SettingsDep) -> AnswerKeyOut:
    """A published round's answer key: the questions its papers showed, in bank order, each
    option marked correct or not, voided questions said so."""
    return AnswerKeyOut(board=board_out(view, settings.zone), questions=[
        KeyQuestionOut(number=k.question.number, text=k.question.text,
                       voided=k.question.voided, voided_text=k.voided_text,
                       options=[KeyOptionOut(letter=o.letter, text=o.text,
                                             correct=o.is_correct) for o in k.options])
        for k in published.answer_key(session=session, board=view.board)])


@router.get("/manage/contests/{contest_id}/results/{board_id}", tags=["Quản lý kết quả"])
def staff_leaderboard(view: ViewedBoard, user: ResultsViewer, session: SessionDep,
                      settings: SettingsDep, group: GroupName = "", q: Search = "",
                      page: PageNumber = 1, per_page: PerPage = 50) -> StaffLeaderboardOut:
    """A finalised leaderboard with every column; unit officers see their subtree only, and
    the phone is masked unless the account may see personal data."""
    within = units.scope_of(session=session, user=user)
    found = queries.leaderboard(session=session, board=view.board, group=group, page=page,
                                per_page=per_page, query=q, within=within)
    reveal = may_see_personal_data(user)
    phones = queries.phones(session=session, rows=found.rows, reveal=reveal)
    return StaffLeaderboardOut(
        **_page(view, found, settings.zone), personal_data_masked=not reveal,
        within_unit_id=within.id if within else None,
        items=[_staff(e, phones.get(e.contestant_id, "")) for e in found.rows])
