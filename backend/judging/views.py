"""What a judge sees: their assignments by code, an essay's title, text and blind file, the
rubric and their own scores. Never the author, unit, block, phone or original file name: every
read here selects only those columns, so that nothing else can reach a judge's page."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session

from backend.blobs import service as blobs
from backend.config import Settings
from backend.errors import NotFound
from backend.essays.models import Essay, EssayFormat
from backend.judging import queries
from backend.judging.assignment import Criterion
from backend.judging.models import Assignment, AssignmentKind, BlindCode, ScoreRecord
from backend.writing import service as writing
from backend.writing.models import WritingCompetition, WritingJudge, WritingLevel

MEDIA_TYPES = {
    EssayFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    EssayFormat.PDF: "application/pdf",
    EssayFormat.ODT: "application/vnd.oasis.opendocument.text",
}


@dataclass(frozen=True)
class Given:
    """One essay given to the judge, as their list shows it."""

    assignment_id: int
    level_id: int
    level_name: str
    competition_title: str
    code: str
    title: str
    kind: AssignmentKind
    locked: bool
    latest: ScoreRecord | None


@dataclass(frozen=True)
class JudgeEssay:
    given: Given
    text: str
    file_format: EssayFormat | None  # None: no blind file to download (typed online)
    criteria: list[Criterion]
    history: list[ScoreRecord]


def _given_query(user_id: int):
    return (select(Assignment.id, Assignment.level_id, Assignment.kind, BlindCode.code,
                   Essay.title, WritingLevel.name, WritingLevel.scores_locked_at,
                   WritingCompetition.title.label("competition_title"))
            .join(WritingJudge, WritingJudge.id == Assignment.judge_id)
            .join(BlindCode, (BlindCode.level_id == Assignment.level_id)
                  & (BlindCode.essay_id == Assignment.essay_id))
            .join(Essay, Essay.id == Assignment.essay_id)
            .join(WritingLevel, WritingLevel.id == Assignment.level_id)
            .join(WritingCompetition, WritingCompetition.id == WritingLevel.competition_id)
            .where(WritingJudge.user_id == user_id, Assignment.revoked_at.is_(None),
                   Essay.withdrawn_at.is_(None)))


def _given(rows, now: datetime, session: Session) -> list[Given]:
    latest = queries.latest_scores(session=session, assignment_ids=[r.id for r in rows])
    return [Given(r.id, r.level_id, r.name, r.competition_title, r.code, r.title, r.kind,
                  r.scores_locked_at is not None and r.scores_locked_at <= now,
                  latest.get(r.id)) for r in rows]


def given_to(*, session: Session, user_id: int, now: datetime) -> list[Given]:
    """The judge's essays, level by level, by code."""
    rows = session.execute(_given_query(user_id).order_by(
        WritingLevel.competition_id.desc(), WritingLevel.position, BlindCode.code)).all()
    return _given(rows, now, session)


def judge_essay(*, session: Session, assignment_id: int, user_id: int,
                now: datetime) -> JudgeEssay:
    """One essay given to the judge; anyone else's is "not found", so it does not show that
    the essay or the assignment exists."""
    rows = session.execute(_given_query(user_id).where(Assignment.id == assignment_id)).all()
    if not rows:
        raise NotFound("Không tìm thấy bài được giao này; có thể bài đã được giao cho giám "
                       "khảo khác.")
    given = _given(rows, now, session)[0]
    essay_id = session.scalar(select(Assignment.essay_id).where(Assignment.id == assignment_id))
    version = queries.current_version(session=session, essay_id=essay_id)
    competition_id = session.scalar(select(WritingLevel.competition_id)
                                    .where(WritingLevel.id == given.level_id))
    return JudgeEssay(
        given=given, text=version.text if version else "",
        file_format=version.format if version and version.blind_sha256 else None,
        criteria=[Criterion(c.id, c.name, c.max_points)
                  for c in writing.rubric_of(session=session, competition_id=competition_id)],
        history=queries.score_history(session=session, assignment_id=assignment_id))


@dataclass(frozen=True)
class BlindFile:
    filename: str  # the code and the format's extension, never the uploaded name
    media_type: str
    content: bytes


def blind_file(*, session: Session, assignment_id: int, user_id: int, now: datetime,
               settings: Settings) -> BlindFile:
    """The essay's file with its author metadata stripped, named by its code."""
    seen = judge_essay(session=session, assignment_id=assignment_id, user_id=user_id, now=now)
    essay_id = session.scalar(select(Assignment.essay_id).where(Assignment.id == assignment_id))
    version = queries.current_version(session=session, essay_id=essay_id)
    if seen.file_format is None or version is None or not version.blind_sha256:
        raise NotFound(f"Bài {seen.given.code} không có tệp để tải về; hãy đọc bài ngay trên "
                       "trang chấm.")
    return BlindFile(f"{seen.given.code}.{version.format.value}", MEDIA_TYPES[version.format],
                     blobs.read_blob(session=session, sha256=version.blind_sha256,
                                     settings=settings))
