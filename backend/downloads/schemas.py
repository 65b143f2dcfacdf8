"""Result spreadsheets over JSON."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from backend.downloads.models import ExportFile, ExportKind, ExportState
from backend.results.models import ResultState


class ExportIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: ExportKind = Field(description="results: kết quả; prizes: danh sách đoạt giải; "
                                         "attempts: toàn bộ lượt thi (kiểm tra)")
    masked: bool | None = Field(default=None, description=(
        "Che số điện thoại và ngày sinh; bỏ trống: che, trừ khi tài khoản được xem dữ liệu "
        "cá nhân"))


class ExportOut(BaseModel):
    id: int
    contest_id: int
    board_id: int
    board_version: int
    board_state: ResultState
    kind: ExportKind
    kind_label: str
    masked: bool
    scope_unit_id: int | None
    state: ExportState
    state_label: str
    rows_done: int
    rows_total: int
    percent: int
    file_name: str
    size: int
    sha256: str
    error: str
    requested_at: datetime
    finished_at: datetime | None
    status_url: str
    download_url: str | None


def percent(export: ExportFile) -> int:
    if export.state is ExportState.DONE:
        return 100
    return min(99, export.rows_done * 100 // export.rows_total) if export.rows_total else 0


def export_out(export: ExportFile) -> ExportOut:
    url = f"/api/v1/manage/exports/{export.id}"
    return ExportOut(
        **export.model_dump(include={"id", "contest_id", "board_id", "board_version",
                                     "board_state", "kind",
                                     "masked", "scope_unit_id", "state", "rows_done",
                                     "rows_total", "file_name", "size", "sha256", "error",
                                     "requested_at", "finished_at"}),
        kind_label=export.kind.label, state_label=export.state.label,
        percent=percent(export), status_url=url,
        download_url=f"{url}/file" if export.state is ExportState.DONE else None)
