"""Reading essay texts in the background: words counted, a file that takes too long marked
failed without holding anyone up, and nothing done twice."""

import hashlib
import io
import time

import pytest
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject
from sqlmodel import Session, select

from backend import leases
from backend.blobs.service import put_blob
from backend.clock import utcnow
from backend.contestants.models import Gender
from backend.essays.extraction import ExtractionRun, extract_pending_texts
from backend.essays.models import Essay, EssayAuthor, EssayFormat, EssayVersion, TextState
from backend.writing.models import WritingCompetition
from scheduled.registry import registered_jobs
from scheduled.runner import run_job
from tests.factories import small_tree
from tests.uploads.builders import docx_bytes, odt_bytes

ESSAY = "Thanh niên thi đua học tập, lao động — vì Tổ quốc!"  # 11 words


class Essays:
    """Essays with file versions, written straight to the tables: the submissions service
    is not what these tests are about."""

    def __init__(self, session: Session, settings):
        self.session, self.settings = session, settings
        unit = small_tree(session)["Q1"]
        self.competition = WritingCompetition(title="Tuổi trẻ và Bác Hồ")
        session.add(self.competition)
        session.flush()
        self.author = EssayAuthor(competition_id=self.competition.id, full_name="Nguyễn Văn An",
                                  name_key="nguyen van an", birth_year=1990, gender=Gender.MALE,
                                  unit_id=unit.id, phone="+84912345678")
        session.add(self.author)
        session.flush()
        self.unit_id = unit.id

    def essay(self, title: str, *files: tuple[EssayFormat, bytes]) -> Essay:
        essay = Essay(competition_id=self.competition.id, author_id=self.author.id,
                      unit_id=self.unit_id, title=title, title_key=title.lower(),
                      format=files[-1][0], version_count=len(files))
        self.session.add(essay)
        self.session.flush()
        for number, (kind, data) in enumerate(files, start=1):
            digest = hashlib.sha256(data).hexdigest()
            put_blob(session=self.session, content=data, sha256=digest, size=len(data),
                     settings=self.settings)
            self.session.add(EssayVersion(essay_id=essay.id, number=number, format=kind,
                                          sha256=digest, size=len(data)))
        self.session.commit()
        return essay


@pytest.fixture
def essays(session, settings) -> Essays:
    return Essays(session, settings)


def long_pdf(pages: int = 400) -> bytes:
    """A valid PDF of many pages of text: reading it all takes far longer than 0,01 s."""
    writer = PdfWriter()
    font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica")}))
    line = "Bai du thi ve phong trao thi dua yeu nuoc cua thanh nien thanh pho"
    for _ in range(pages):
        page = writer.add_blank_page(595, 842)
        page[NameObject("/Resources")] = DictionaryObject({
            NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
        stream = DecodedStreamObject()
        stream.set_data("".join(f"BT /F1 10 Tf 40 {800 - 14 * i} Td ({line}) Tj ET\n"
                                for i in range(50)).encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def versions_of(session: Session, essay: Essay) -> list[EssayVersion]:
    session.expire_all()
    return list(session.exec(select(EssayVersion).where(EssayVersion.essay_id == essay.id)
                             .order_by(EssayVersion.number)))


def test_a_pending_docx_gets_its_text_and_word_count(database, session, essays):
    essay = essays.essay("Bài một", (EssayFormat.DOCX, docx_bytes(ESSAY)))

    run = extract_pending_texts(database=database)

    [version] = versions_of(session, essay)
    assert run == ExtractionRun(done=1, failed=0)
    assert (version.text_state, version.text, version.word_count, version.text_error) == (
        TextState.DONE, ESSAY, 11, "")
    assert session.get(Essay, essay.id).word_count == 11


def test_the_essay_counts_the_words_of_its_current_version(database, session, essays):
    essay = essays.essay("Bài hai", (EssayFormat.DOCX, docx_bytes("Bản đầu ngắn")),
                         (EssayFormat.DOCX, docx_bytes(ESSAY)))

    run = extract_pending_texts(database=database)

    assert run.done == 2
    assert [v.word_count for v in versions_of(session, essay)] == [3, 11]
    assert session.get(Essay, essay.id).word_count == 11


def test_a_file_that_takes_too_long_fails_with_the_reason_and_holds_no_one_up(
        database, session, essays):
    slow = essays.essay("Bài dài", (EssayFormat.PDF, long_pdf()))
    after = essays.essay("Bài sau", (EssayFormat.DOCX, docx_bytes(ESSAY)))

    started = time.monotonic()
    run = extract_pending_texts(database=database, time_limit_s=0.01)
    elapsed = time.monotonic() - started

    [failed] = versions_of(session, slow)
    assert failed.text_state is TextState.FAILED
    assert failed.text_error.startswith("Không đọc được chữ trong tệp sau 0,01 giây: tệp có "
                                        "thể bị hỏng hoặc quá phức tạp.")
    assert failed.word_count is None
    assert session.get(Essay, slow.id).word_count is None
    assert run.failed >= 1
    assert elapsed < 30  # two child starts at most, never the whole PDF read
    # The next file is read by a fresh child (unless 0,01 s was too short for it as well).
    [next_version] = versions_of(session, after)
    assert next_version.text_state in (TextState.DONE, TextState.FAILED)


def test_a_broken_file_fails_and_says_so(database, session, essays):
    essay = essays.essay("Bài hỏng", (EssayFormat.PDF, b"%PDF-1.7\nkhong phai pdf"))

    run = extract_pending_texts(database=database)

    [version] = versions_of(session, essay)
    assert run == ExtractionRun(done=0, failed=1)
    assert version.text_state is TextState.FAILED
    assert version.text_error.startswith("Không đọc được chữ trong tệp")


def test_a_second_run_finds_nothing_to_do(database, session, essays):
    essay = essays.essay("Bài ba", (EssayFormat.DOCX, docx_bytes(ESSAY)))
    extract_pending_texts(database=database)

    again = extract_pending_texts(database=database)

    assert again == ExtractionRun(done=0, failed=0)
    assert [v.text for v in versions_of(session, essay)] == [ESSAY]


def test_the_command_reads_waiting_texts_and_says_how_many(thidua, session, essays):
    essays.essay("Bài bốn", (EssayFormat.DOCX, docx_bytes(ESSAY)))
    essays.essay("Bài năm", (EssayFormat.PDF, b"%PDF-1.7\nkhong phai pdf"))

    result = thidua("essays", "extract-text", "--time-limit", 20)

    assert result.exit_code == 0, result.output
    assert result.output == "Đã đọc xong 1 bản bài dự thi; 1 bản không đọc được.\n"


def test_the_scheduled_job_reads_waiting_texts_under_its_lease(database, session, settings,
                                                                essays):
    essay = essays.essay("Bài sáu", (EssayFormat.ODT, odt_bytes(ESSAY)))
    job = next(j for j in registered_jobs(settings) if j.name == "extract_essay_texts")
    leases.acquire(database=database, name=job.name, holder="khac", seconds=600, now=utcnow())

    assert run_job(database=database, job=job, holder="toi") is None
    leases.release(database=database, name=job.name, holder="khac", now=utcnow())
    assert run_job(database=database, job=job, holder="toi") == ExtractionRun(done=1)
    session.expire_all()
    assert session.get(Essay, essay.id).word_count == 11
