"""Broken rules, raised by services and answered as a 4xx page or JSON by the app."""

from dataclasses import dataclass

from backend.vnformat import grouped


class DomainError(Exception):
    """A rule was broken; `message` is Vietnamese and tells the person what to do."""

    status_code = 400
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None, extra: dict | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.extra = extra or {}


class InvalidInput(DomainError):
    status_code = 422
    code = "invalid_input"


class NotFound(DomainError):
    status_code = 404
    code = "not_found"


class Forbidden(DomainError):
    status_code = 403
    code = "forbidden"


class NotSignedIn(DomainError):
    status_code = 401
    code = "not_signed_in"


class Conflict(DomainError):
    status_code = 409
    code = "conflict"


class TooLarge(DomainError):
    status_code = 413
    code = "too_large"


class Unavailable(DomainError):
    """The database could not finish the work now; nothing of it was kept."""

    status_code = 503
    code = "unavailable"


class Throttled(DomainError):
    status_code = 429
    code = "throttled"

    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message, extra={"retry_after": retry_after})
        self.retry_after = retry_after


@dataclass(frozen=True)
class CellProblem:
    """One thing wrong in an uploaded sheet, located so a person can find and fix it."""

    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def where(self) -> str:
        parts = []
        if self.sheet:
            parts.append(f"trang tính “{self.sheet}”")
        if self.row:
            parts.append(f"dòng {self.row}")
        if self.column:
            parts.append(f"cột “{self.column}”")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        return f"{where[:1].upper()}{where[1:]}: {self.message}" if where else self.message

    def as_dict(self) -> dict:
        return {"sheet": self.sheet, "row": self.row, "column": self.column,
                "message": self.message, "text": str(self)}


class ImportRejected(InvalidInput):
    """A file was refused whole; nothing from it was stored. Only the first problems are
    listed, and a count of the rest: a hostile file must not become a huge answer."""

    code = "import_rejected"
    shown = 200

    def __init__(self, problems: list[CellProblem], *, filename: str = ""):
        self.total = len(problems)
        self.problems = list(problems[:self.shown])
        if self.total > self.shown:
            self.problems.append(CellProblem(
                message=f"… và {grouped(self.total - self.shown)} lỗi khác."))
        name = f"Tệp “{filename}”" if filename else "Tệp"
        super().__init__(
            f"{name} có {grouped(self.total)} lỗi, chưa có dòng nào được lưu. "
            "Hãy sửa các lỗi dưới đây rồi tải lên lại.",
            extra={"problems": [p.as_dict() for p in self.problems],
                   "problem_count": self.total},
        )
