"""Text from users reaches validation without control characters, whatever route it enters.

Path segments, query strings, JSON strings and keys, form fields and uploaded files' names
(not their bytes) pass through `vntext.strip_controls` before FastAPI validates them: a NUL
makes PostgreSQL fail where SQLite stores it, and the other control characters are accepted
by both databases, then break every spreadsheet export whose list holds the row.
"""

import json
import re
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute, APIRouter
from starlette.datastructures import FormData, QueryParams, UploadFile

from backend.vntext import has_controls, strip_controls

# A control character in a query string is a percent escape (C1 is two UTF-8 bytes,
# %C2%80-%C2%9F). In UTF-8 JSON it follows a backslash (an escape) or is a raw DEL or C1
# (lead byte \xc2), as raw C0 is not valid JSON; a NUL byte means UTF-16 or UTF-32 JSON,
# which json.loads reads as well. One character class is the cheapest search for the latter.
_ENCODED_CONTROL = re.compile(rb"%(?:[01][0-9a-fA-F]|7[fF]|[cC]2%[89][0-9a-fA-F])|[\x00-\x1f\x7f]")
_JSON_MAY_HOLD_CONTROL = re.compile(rb"[\\\x00\x7f\xc2]")


def _scrubbed(value: Any) -> Any:
    if isinstance(value, str):
        return strip_controls(value)
    if isinstance(value, dict):
        return {strip_controls(key): _scrubbed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrubbed(item) for item in value]
    return value


def _form_value(value: str | UploadFile) -> str | UploadFile:
    if isinstance(value, UploadFile):
        if value.filename:
            value.filename = strip_controls(value.filename)
        return value
    return strip_controls(value)


class GuardedRequest(Request):
    """A request that hands out its text without control characters. The raw bytes are only
    searched; a body is parsed once, and walked only when the search finds something."""

    @property
    def path_params(self) -> dict[str, Any]:
        params = self.scope.get("path_params", {})
        for value in params.values():
            if isinstance(value, str) and has_controls(value):
                return {key: strip_controls(value) if isinstance(value, str) else value
                        for key, value in params.items()}
        return params

    @property
    def query_params(self) -> QueryParams:
        if not hasattr(self, "_guarded_query"):
            raw = self.scope["query_string"]
            params = QueryParams(raw)
            if _ENCODED_CONTROL.search(raw):
                params = QueryParams([(strip_controls(key), strip_controls(value))
                                      for key, value in params.multi_items()])
            self._guarded_query = params
        return self._guarded_query

    async def json(self) -> Any:
        if not hasattr(self, "_guarded_json"):
            body = await self.body()
            value = json.loads(body)
            self._guarded_json = (_scrubbed(value) if _JSON_MAY_HOLD_CONTROL.search(body)
                                  else value)
        return self._guarded_json

    async def _get_form(self, **limits: Any) -> FormData:
        # Starlette's form() awaits this and caches what it returns in `_form`.
        if not getattr(self, "_form_guarded", False):
            form = await super()._get_form(**limits)
            self._form = FormData([(strip_controls(key), _form_value(value))
                                   for key, value in form.multi_items()])
            self._form_guarded = True
        return self._form


class GuardedRoute(APIRoute):
    """A route whose handler reads the request through GuardedRequest."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            return await handler(GuardedRequest(request.scope, request.receive))

        return guarded


def guard(router: APIRouter) -> APIRouter:
    """The router with every route guarded, done where the app is assembled: feature modules
    declare their routers with FastAPI's default route class, and none of them can forget."""
    for route in router.routes:
        if type(route) is APIRoute:
            # GuardedRoute adds no state, only the handler it builds when FastAPI asks.
            route.__class__ = GuardedRoute
        elif isinstance(route, APIRoute) and not isinstance(route, GuardedRoute):
            raise TypeError(f"{route.path}: a route class of its own would not be guarded")
    return router
