"""Blind codes: easy to read aloud, never a character that looks like another, and a code
drawn twice (or already taken at the level) is drawn again."""

import itertools

from backend.judging import codes


def test_codes_use_no_look_alike_characters():
    drawn = codes.new_codes(500, [])

    assert all(codes.is_code(c) for c in drawn)
    assert not set("".join(c[3:] for c in drawn)) & set("01OILSB58ZG")
    assert len(set(drawn)) == 500


def test_a_code_already_taken_or_drawn_twice_is_drawn_again(monkeypatch):
    letters = itertools.cycle("AAAAA" "AAAAA" "CCCCC" "CCCCC" "DDDDD")
    monkeypatch.setattr(codes.secrets, "choice", lambda alphabet: next(letters))

    assert codes.new_codes(2, ["VB-AAAAA"]) == ["VB-CCCCC", "VB-DDDDD"]
