"""Judges over JSON: their essays by code, one essay's text and rubric, the blind file, and
their scores. Staff bearer token, JUDGE_ESSAYS; another judge's essay is a 404."""

from fastapi import APIRouter, Response

from backend.deps import Id, Now, SessionDep, SettingsDep
from backend.judging import service, views
from backend.judging.deps import GivenEssay, JudgeUser
from backend.judging.schemas import CriterionOut, GivenOut, JudgeEssayOut, ScoreIn, ScoreOut

router = APIRouter(prefix="/api/v1/judging/assignments", tags=["Chấm bài (giám khảo)"])


def given_out(given: views.Given) -> dict:
    return {"assignment_id": given.assignment_id, "level_id": given.level_id,
            "level_name": given.level_name, "competition_title": given.competition_title,
            "code": given.code, "title": given.title, "kind": given.kind.value,
            "kind_label": given.kind.label, "scores_locked": given.locked,
            "latest_total": given.latest.total if given.latest else None}


def score_out(record) -> ScoreOut:
    return ScoreOut(id=record.id, points=record.points, total=record.total,
                    reason=record.reason, recorded_at=record.recorded_at)


def file_url(seen: views.JudgeEssay) -> str | None:
    if seen.file_format is None:
        return None
    return f"{router.prefix}/{seen.given.assignment_id}/file"


@router.get("")
def list_given(user: JudgeUser, session: SessionDep, now: Now) -> list[GivenOut]:
    """The essays given to the signed-in judge, by code, with their latest total."""
    return [GivenOut(**given_out(g)) for g in views.given_to(session=session, user_id=user.id,
                                                             now=now)]


@router.get("/{assignment_id}")
def show(seen: GivenEssay) -> JudgeEssayOut:
    """One essay: its code, title, text, the rubric and the judge's own score history."""
    return JudgeEssayOut(**given_out(seen.given), text=seen.text, file_url=file_url(seen),
                         criteria=[CriterionOut(id=c.id, name=c.name, max_points=c.max_points)
                                   for c in seen.criteria],
                         history=[score_out(r) for r in seen.history])


@router.get("/{assignment_id}/file")
def download(assignment_id: Id, user: JudgeUser, session: SessionDep, settings: SettingsDep,
             now: Now) -> Response:
    """The essay's file with the author's metadata stripped, named by its code."""
    found = views.blind_file(session=session, assignment_id=assignment_id, user_id=user.id,
                             now=now, settings=settings)
    return attachment(found)


def attachment(found: views.BlindFile) -> Response:
    return Response(found.content, media_type=found.media_type, headers={
        "Content-Disposition": f'attachment; filename="{found.filename}"',
        "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})


@router.post("/{assignment_id}/scores", status_code=201)
def score(assignment_id: Id, body: ScoreIn, user: JudgeUser, session: SessionDep,
          now: Now) -> ScoreOut:
    """Score the essay by the rubric (every criterion, half points allowed); a change needs a
    reason and is kept beside the earlier score."""
    outcome = service.record_score(session=session, assignment_id=assignment_id,
                                   judge_user_id=user.id, points=dict(body.points),
                                   reason=body.reason, now=now)
    return score_out(outcome.record)
