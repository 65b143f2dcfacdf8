"""Vietnamese text: one normal form for storage, one folded form for search and matching,
and the rule every name obeys."""

import re
import unicodedata

from backend.errors import InvalidInput

_SPACES = re.compile(r"\s+")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
# C0 controls but tab, newline and carriage return; DEL and C1; lone surrogates. PostgreSQL
# refuses NUL, openpyxl refuses most of C0, and no database can encode a lone surrogate.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# Invisible marks that reorder the text around them: "\u202egpj.exe" shows as "exe.jpg".
DIRECTION_MARKS = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e"
                            "\u2066\u2067\u2068\u2069")


def strip_controls(text: str) -> str:
    """The text without control characters; tabs and line breaks are kept."""
    return _CONTROLS.sub("", text)


def has_controls(text: str) -> bool:
    return _CONTROLS.search(text) is not None


def clean(value: object) -> str:
    """NFC, control and invisible characters dropped, runs of white space folded to one,
    trimmed."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", strip_controls(str(value))).translate(_INVISIBLE)
    return _SPACES.sub(" ", text).strip()


def name_problem(name: str, *, field: str, max_length: int) -> str | None:
    """Why a cleaned name cannot be stored, said of `field` ("Tên đơn vị"), or None."""
    if not name:
        return f"{field} không được để trống."
    if len(name) > max_length:
        return f"{field} dài quá {max_length} ký tự."
    mark = next((ch for ch in name if ch in DIRECTION_MARKS), None)
    if mark is not None:
        return (f"{field} chứa ký tự ẩn đổi hướng chữ (U+{ord(mark):04X}), có thể làm tên hiển "
                f"thị khác với thực tế. Hãy gõ lại {field[:1].lower()}{field[1:]} thay vì sao "
                "chép từ nơi khác.")
    return None


def checked_name(raw: object, *, field: str, max_length: int) -> str:
    """A name of anything (unit, block, person, contest, round) as it is stored: cleaned,
    present, not too long, and free of marks that would make it read as something else."""
    name = clean(raw)
    problem = name_problem(name, field=field, max_length=max_length)
    if problem:
        raise InvalidInput(problem, code="invalid_name")
    return name


def checked_reason(raw: object, *, missing: str, max_length: int = 2000) -> str:
    """The reason a decision is recorded with: cleaned, present (else `missing`, which says
    what the reason is for), not too long."""
    text = clean(raw)
    if not text:
        raise InvalidInput(missing)
    if len(text) > max_length:
        raise InvalidInput(f"Lý do dài quá {max_length} ký tự.")
    return text


def fold(value: object) -> str:
    """Lower case without diacritics ("Thủ Đức" -> "thu duc"), for search and header matching."""
    text = unicodedata.normalize("NFD", clean(value).casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.replace("đ", "d")


def same_text_key(value: object) -> str:
    """Key under which two texts count as the same: case and spacing ignored, diacritics kept."""
    return clean(value).casefold()


_NAME_PUNCTUATION = set(" -'.")


def is_latin_name(value: str) -> bool:
    """True when a person's name uses only Latin letters (Vietnamese included) and spacing.

    Refuses look-alike letters from other scripts, digits and symbols, which is how one
    person registers twice under names that read the same.
    """
    if not value:
        return False
    for ch in unicodedata.normalize("NFD", value):
        if ch in _NAME_PUNCTUATION or unicodedata.combining(ch):
            continue
        if not (ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN")):
            return False
    return True


_NUMBER = re.compile(r"(\d+)")


def natural_key(value: object) -> tuple:
    """Sort key that orders "Quận 3" before "Quận 10" and ignores case and diacritics."""
    parts = _NUMBER.split(fold(value))
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in parts if part)
