"""Personal data as staff see it: the quick path for mobile numbers writes them exactly as
phonenumbers does."""

import random

import phonenumbers
import pytest

from backend.personaldata import display_phone, mask_phone


def library(e164: str) -> str:
    return phonenumbers.format_number(phonenumbers.parse(e164, "VN"),
                                      phonenumbers.PhoneNumberFormat.NATIONAL)


@pytest.mark.parametrize("prefix", [f"{a}{b}" for a in "35789" for b in "0123456789"])
def test_mobile_numbers_are_shown_and_masked_as_phonenumbers_writes_them(prefix):
    rng = random.Random(prefix)
    for _ in range(50):
        e164 = f"+84{prefix}{rng.randrange(10**7):07d}"
        shown = library(e164)

        assert display_phone(e164) == shown
        assert mask_phone(e164) == f"{shown.replace(' ', '')[:3]}****{shown[-3:]}"
        assert display_phone("0" + e164[3:]) == shown


@pytest.mark.parametrize("e164", ["+842838221234", "+84236123456", "+841900123456"])
def test_other_numbers_go_through_phonenumbers(e164):
    assert display_phone(e164) == library(e164)
    assert mask_phone(e164) == f"{library(e164).replace(' ', '')[:3]}****{library(e164)[-3:]}"
