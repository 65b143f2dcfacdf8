"""Vietnamese text: one normal form for storage, one folded form for search and matching."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def clean(value: object) -> str:
    """NFC, invisible characters dropped, runs of white space folded to one, trimmed."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value)).translate(_INVISIBLE)
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
