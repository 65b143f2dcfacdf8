"""`thidua writing forwarding …` against the test database, and the deadline job as the scheduler
runs it."""

from datetime import timedelta

import pytest
from sqlmodel import select

from backend.audit.models import AuditEntry
from backend.clock import utcnow
from backend.forwarding.models import BatchStatus, ForwardBatch
from backend.writing.models import WritingLevel
from scheduled.registry import registered_jobs
from scheduled.runner import run_job


@pytest.fixture
def set_up_at():
    """A week ago: the unit level has closed and the city level takes forwarding now."""
    return utcnow() - timedelta(days=7)


def test_list_sign_and_reopen_from_the_command_line(thidua, scene):
    scene.score("Q1", [80, 70])
    scene.forward("Q1", scene.ids("Q1", 2), now=utcnow())
    level_id = scene.city.id

    listed = thidua("writing", "forwarding", "list", "--level", level_id)
    signed = thidua("writing", "forwarding", "sign", "--level", level_id, "--unit", "Q1")
    no_reason = thidua("writing", "forwarding", "reopen", "--level", level_id, "--unit", "Q1")
    reopened = thidua("writing", "forwarding", "reopen", "--level", level_id, "--unit", "Q1",
                      "--reason", "Đơn vị xin chọn lại")

    assert listed.exit_code == 0, listed.output
    assert ("  Quận 1 (Q1): Đang chọn bài; 5 bài ở cấp dưới, chỉ tiêu 3 bài, đã chọn 2."
            in listed.stdout.splitlines())
    assert signed.exit_code == 0, signed.output
    assert signed.stdout.strip() == "Đã ký chuyển 2 bài của đơn vị Q1; đợt chuyển bài đã khóa."
    assert no_reason.exit_code == 1
    assert "Hãy ghi lý do mở lại" in no_reason.output
    assert reopened.exit_code == 0, reopened.output
    batch = scene.session.exec(select(ForwardBatch)).one()
    scene.session.refresh(batch)
    assert (batch.status, batch.reopen_reason) == (BatchStatus.DRAFT, "Đơn vị xin chọn lại")


def test_the_deadline_job_closes_the_level_once_and_again_changes_nothing(database, scene,
                                                                          settings):
    job = next(j for j in registered_jobs(settings) if j.name == "close_due_writing_levels")
    scene.session.commit()

    first = run_job(database=database, job=job, holder="lich-1")
    again = run_job(database=database, job=job, holder="lich-1")

    with database.scope(write=False) as fresh:
        closed = {lv.id: lv.closed_at for lv in fresh.exec(select(WritingLevel))}
        logged = fresh.exec(select(AuditEntry.target).where(
            AuditEntry.action == "writing.level_closed")).all()
    assert (first, again) == ([scene.source.id], [])
    assert closed == {scene.source.id: scene.source.closes_at, scene.city.id: None}
    assert logged == [f"writing_level:{scene.source.id}"]
