"""Numbers as Vietnamese readers write them: 1.234.567, thousands grouped by dots."""


def grouped(value: int) -> str:
    return f"{value:,}".replace(",", ".")
