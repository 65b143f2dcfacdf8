"""Blind codes ("mã phách"): random, short, easy to read aloud and to copy by hand."""

import secrets
from collections.abc import Iterable

# No 0/O, 1/I/L, 5/S, 8/B, 2/Z nor 6/G: nothing a judge or a clerk could misread.
ALPHABET = "234679ACDEFHJKMNPQRTUVWXY"
PREFIX = "VB-"
LENGTH = 5  # 25**5 = 9.8 million codes: a level of thousands collides rarely, and is retried


def new_code() -> str:
    return PREFIX + "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def new_codes(count: int, taken: Iterable[str]) -> list[str]:
    """`count` fresh codes, none of them in `taken` nor repeated."""
    seen = set(taken)
    codes = []
    while len(codes) < count:
        code = new_code()
        if code not in seen:  # a collision is drawn again
            seen.add(code)
            codes.append(code)
    return codes


def is_code(text: str) -> bool:
    return (len(text) == len(PREFIX) + LENGTH and text.startswith(PREFIX)
            and all(c in ALPHABET for c in text[len(PREFIX):]))
