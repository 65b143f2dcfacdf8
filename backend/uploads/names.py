"""The name an uploaded file is kept under: only ever shown, and used to name its download."""

from pathlib import PureWindowsPath

from backend import vntext


def stored_name(filename: str, *, fallback: str) -> str:
    """The name as the person's computer had it, without any folder, control characters or
    marks that reorder the text ("\\u202egpj.exe" would read as "exe.jpg"); `fallback` when
    nothing is left. The bytes themselves are stored under their hash."""
    cleaned = "".join(ch for ch in vntext.clean(filename) if ch not in vntext.DIRECTION_MARKS)
    name = PureWindowsPath(cleaned.replace("/", "\\")).name.strip()
    return name[-255:] if name else fallback
