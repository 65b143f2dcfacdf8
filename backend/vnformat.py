"""Numbers as Vietnamese readers write them: 1.234.567, thousands grouped by dots."""


def grouped(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def decimal(value: float | None, places: int = 2) -> str:
    """0.3333 -> "0,33": a decimal comma; "—" for a figure that could not be computed."""
    if value is None:
        return "—"
    text = f"{value:,.{places}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def percent(share: float | None, places: int = 1) -> str:
    """0.8333 -> "83,3%"."""
    return "—" if share is None else decimal(share * 100, places) + "%"
