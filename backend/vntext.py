"""Vietnamese text: one normal form for storage, one folded form for search and matching."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
# C0 controls but tab, newline and carriage return; DEL and C1; lone surrogates. PostgreSQL
# refuses NUL, openpyxl refuses most of C0, and no database can encode a lone surrogate.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


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
