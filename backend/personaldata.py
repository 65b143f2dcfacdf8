"""Personal data as staff see it: in full for those given the right, masked for the rest.

Lists and, later, exports of contestants, essay authors and nominees all show a person's phone,
CCCD, email and birth date through these, so that masking is the same everywhere."""

from datetime import date

import phonenumbers


def display_phone(e164: str) -> str:
    """+84912345678 as people write it: 0912 345 678."""
    number = phonenumbers.parse(e164, "VN")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def mask_phone(e164: str) -> str:
    digits = display_phone(e164).replace(" ", "")
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
