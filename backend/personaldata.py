"""Personal data as staff see it: in full for those given the right, masked for the rest.

Lists and, later, exports of contestants, essay authors and nominees all show a person's phone,
CCCD, email and birth date through these, so that masking is the same everywhere."""

import re
from datetime import date

import phonenumbers

# A Vietnamese mobile number's national digits. phonenumbers takes ~100 µs to parse and
# format one, half a minute over an export of 300,000 contestants; these it writes 4-3-3
# (tests/test_personaldata.py checks every prefix against it), the rest go through it.
_MOBILE = re.compile(r"0[35789][0-9]{8}")


def _mobile_digits(e164: str) -> str | None:
    digits = "0" + e164[3:] if e164.startswith("+84") else e164
    return digits if _MOBILE.fullmatch(digits) else None


def display_phone(e164: str) -> str:
    """+84912345678 as people write it: 0912 345 678."""
    digits = _mobile_digits(e164)
    if digits is not None:
        return f"{digits[:4]} {digits[4:7]} {digits[7:]}"
    number = phonenumbers.parse(e164, "VN")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def mask_phone(e164: str) -> str:
    digits = _mobile_digits(e164) or display_phone(e164).replace(" ", "")
    return f"{digits[:3]}****{digits[-3:]}"


def mask_id_number(value: str | None) -> str:
    return f"{value[:3]}******{value[-3:]}" if value else ""


def mask_email(email: str | None) -> str:
    """The first letter and the domain: "a***@example.vn"."""
    if not email:
        return ""
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}"


def mask_birth_date(born: date) -> str:
    return f"{born.year}-**-**"
