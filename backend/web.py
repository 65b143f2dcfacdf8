"""Server-rendered pages: templates, Vietnamese formatting, and the CSRF token every form echoes."""

import unicodedata
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from backend import vnformat
from backend.accounts.tokens import csrf_token, new_token
from backend.clock import utc_to_local
from backend.policy import Permission, has_permission

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
CSRF_COOKIE = "thidua_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"

templates = Jinja2Templates(directory=TEMPLATES_DIR)


def number(value: int | float | None) -> str:
    """1234567 -> "1.234.567", as Vietnamese writes it."""
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        return vnformat.decimal(value)
    return vnformat.grouped(int(value))


def may(user, permission: str) -> bool:
    """`user|may("manage_units")` in a template: what backend.policy grants, decided there."""
    return user is not None and has_permission(user, Permission(permission))


def _local(request_or_zone, moment: datetime | None, pattern: str) -> str:
    if moment is None:
        return ""
    return utc_to_local(moment, request_or_zone).strftime(pattern)


def install_filters(zone) -> None:
    env = templates.env
    env.filters["number"] = number
    env.filters["local_time"] = lambda m: _local(zone, m, "%H:%M:%S %d/%m/%Y")
    env.filters["local_minute"] = lambda m: _local(zone, m, "%H:%M %d/%m/%Y")
    env.filters["local_date"] = lambda m: _local(zone, m, "%d/%m/%Y")
    env.filters["local_input"] = lambda m: _local(zone, m, "%Y-%m-%dT%H:%M")
    env.filters["may"] = may
    env.filters["decimal"] = vnformat.decimal
    env.filters["percent"] = vnformat.percent
    env.globals["zone_name"] = str(zone)


def browser_key(request: Request) -> str:
    """This browser's CSRF key; a new one is issued with the response when it has none."""
    key = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "new_csrf_key", None)
    if not key:
        key = request.state.new_csrf_key = new_token()
    return key


def expected_csrf(request: Request) -> str:
    secret = request.app.state.settings.secret_key.get_secret_value()
    return csrf_token(secret, browser_key(request))


def set_browser_cookies(request: Request, response) -> None:
    key = getattr(request.state, "new_csrf_key", None)
    if key:
        response.set_cookie(CSRF_COOKIE, key, httponly=True, samesite="lax",
                            secure=request.url.scheme == "https", path="/")


def render(request: Request, template: str, context: dict | None = None, *,
           status_code: int = 200) -> HTMLResponse:
    page = {
        "request": request,
        "user": getattr(request.state, "user", None),
        "contestant": getattr(request.state, "contestant", None),
        "csrf_token": expected_csrf(request),
        **(context or {}),
    }
    response = templates.TemplateResponse(request, template, page, status_code=status_code)
    set_browser_cookies(request, response)
    return response


def redirect(url: str, request: Request | None = None) -> RedirectResponse:
    response = RedirectResponse(url, status_code=303)
    if request is not None:
        set_browser_cookies(request, response)
    return response


def rotate_browser_key(request: Request) -> None:
    """At sign-in and sign-out the CSRF key changes, so old form tokens stop working."""
    request.state.new_csrf_key = new_token()


def _without_marks(name: str) -> str:
    """"Bài dự thi" -> "Bai du thi", for clients that read only the ASCII name."""
    decomposed = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def file_attachment(content: bytes, *, filename: str, media_type: str) -> Response:
    """An uploaded file, only ever as a download: never shown in the browser, never sniffed
    (X-Content-Type-Options: nosniff comes with every response, security.SecurityHeaders),
    named in ASCII for old clients and in full UTF-8 for the others."""
    fallback = "".join(ch if ch.isascii() and (ch.isalnum() or ch in " ._-") else "_"
                       for ch in _without_marks(filename))
    return Response(content, media_type=media_type, headers={
        "Content-Disposition": f"attachment; filename=\"{fallback}\"; "
                               f"filename*=UTF-8''{quote(filename, safe='')}",
        "Cache-Control": "private, no-store"})
