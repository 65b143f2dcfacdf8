"""Request guards every route shares: CSRF on unsafe requests, body size, response headers."""

import re
from collections.abc import Sequence

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.accounts.tokens import csrf_matches
from backend.deps import AUTHOR_COOKIE, CONTESTANT_COOKIE, SAFE_METHODS, STAFF_COOKIE, bearer_token
from backend.errors import Forbidden, TooLarge
from backend.web import CSRF_COOKIE, CSRF_FIELD, CSRF_HEADER, expected_csrf

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


async def csrf_protect(request: Request) -> None:
    """Unsafe requests that ride on a browser's cookies must echo this browser's CSRF token.

    Bearer-token clients carry no ambient credentials, and anonymous API calls set none, so
    neither can be forged from another site.
    """
    if request.method in SAFE_METHODS or bearer_token(request):
        return
    has_cookie_identity = any(name in request.cookies
                              for name in (STAFF_COOKIE, CONTESTANT_COOKIE, AUTHOR_COOKIE))
    if request.url.path.startswith("/api/") and not has_cookie_identity:
        return
    given = request.headers.get(CSRF_HEADER)
    if not given and request.headers.get("content-type", "").startswith(FORM_TYPES):
        given = (await request.form()).get(CSRF_FIELD)
    if CSRF_COOKIE not in request.cookies or not csrf_matches(expected_csrf(request), given):
        raise Forbidden(
            "Biểu mẫu đã hết hạn hoặc thiếu mã bảo vệ (CSRF). Hãy tải lại trang rồi gửi lại.",
            code="csrf",
        )


class BodyLimit:
    """Refuse request bodies over the limit before anything parses them (413)."""

    def __init__(self, app: ASGIApp, *, max_body: int, max_upload: int,
                 larger: Sequence[tuple[re.Pattern, int, str]] = ()):
        self.app, self.max_body, self.max_upload = app, max_body, max_upload
        # (path pattern, limit, message): uploads that may be larger (essay files), each
        # allowed on its own routes only.
        self.larger = tuple(larger)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        is_upload = headers.get(b"content-type", b"").startswith(b"multipart/form-data")
        limit = self.max_upload if is_upload else self.max_body
        declared = headers.get(b"content-length", b"")
        message = (f"Dữ liệu gửi lên quá lớn (tối đa {limit // 1024:,} KB).").replace(",", ".")
        if is_upload:
            limit, message = next(((cap, text) for pattern, cap, text in self.larger
                                   if pattern.fullmatch(scope["path"])), (limit, message))
        if declared.isdigit() and int(declared) > limit:
            await _refuse(scope, send, message)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            event = await receive()
            if event["type"] == "http.request":
                received += len(event.get("body", b""))
                if received > limit:
                    raise TooLarge(message)
            return event

        await self.app(scope, counted, send)


async def _refuse(scope: Scope, send: Send, message: str) -> None:
    if scope["path"].startswith("/api/"):
        response = JSONResponse({"detail": message, "code": "too_large"}, status_code=413)
    else:
        response = HTMLResponse(f"<!doctype html><html lang=vi><meta charset=utf-8>"
                                f"<title>Quá lớn</title><p>{message}</p></html>", status_code=413)

    async def no_body() -> Message:
        return {"type": "http.disconnect"}

    await response(scope, no_body, send)


class SecurityHeaders:
    """Headers that keep pages from being framed, sniffed or fed scripts from elsewhere."""

    PAGE_POLICY = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                   "script-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
    DOCS_POLICY = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                   "script-src 'self' 'unsafe-inline'; frame-ancestors 'none'")

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = self.DOCS_POLICY if scope["path"].startswith("/docs") else self.PAGE_POLICY

        async def with_headers(event: Message) -> None:
            if event["type"] == "http.response.start":
                event["headers"] = [
                    *event.get("headers", []),
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"same-origin"),
                    (b"content-security-policy", policy.encode()),
                ]
            await send(event)

        await self.app(scope, receive, with_headers)
