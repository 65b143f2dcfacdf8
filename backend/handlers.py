"""Turning errors into answers people can act on: JSON under /api, Vietnamese pages elsewhere."""

import logging
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from backend.errors import DomainError, NotSignedIn, Throttled
from backend.web import redirect, render

log = logging.getLogger("thidua")

HTTP_MESSAGES = {
    400: "Yêu cầu không hợp lệ.",
    401: "Bạn cần đăng nhập để tiếp tục.",
    403: "Bạn không có quyền xem trang này.",
    404: "Không tìm thấy trang bạn cần.",
    405: "Thao tác này không được hỗ trợ ở địa chỉ này.",
    409: "Thao tác xung đột với dữ liệu hiện có.",
    413: "Dữ liệu gửi lên quá lớn.",
    422: "Dữ liệu gửi lên không hợp lệ.",
    429: "Bạn thao tác quá nhanh. Vui lòng thử lại sau.",
    500: "Hệ thống gặp sự cố. Chúng tôi đã ghi nhận; vui lòng thử lại sau ít phút.",
}
VALIDATION_MESSAGES = {
    "missing": "chưa được điền",
    "json_invalid": "không phải JSON hợp lệ",
    "json_type": "phải là JSON",
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "int_parsing_size": "quá lớn",
    "float_parsing": "phải là số",
    "bool_parsing": "phải là đúng/sai",
    "string_type": "phải là chuỗi ký tự",
    "string_too_short": "quá ngắn",
    "string_too_long": "quá dài",
    "too_long": "có quá nhiều phần tử",
    "too_short": "có quá ít phần tử",
    "greater_than": "quá nhỏ",
    "greater_than_equal": "quá nhỏ",
    "less_than": "quá lớn",
    "less_than_equal": "quá lớn",
    "date_parsing": "không phải ngày hợp lệ (dạng YYYY-MM-DD)",
    "date_from_datetime_parsing": "không phải ngày hợp lệ (dạng YYYY-MM-DD)",
    "datetime_parsing": "không phải thời điểm hợp lệ",
    "datetime_from_date_parsing": "không phải thời điểm hợp lệ",
    "list_type": "phải là danh sách",
    "dict_type": "phải là đối tượng JSON",
    "model_attributes_type": "phải là đối tượng JSON",
    "model_type": "phải là đối tượng JSON",
    "enum": "không thuộc các giá trị cho phép",
    "literal_error": "không thuộc các giá trị cho phép",
    "extra_forbidden": "không được phép có",
    "uuid_parsing": "không hợp lệ",
}


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def describe_validation(errors: list[dict]) -> list[str]:
    lines = []
    for error in errors:
        where = [str(part) for part in error.get("loc", ()) if part not in ("body", "query",
                                                                              "path", "form")]
        if error.get("type") == "json_invalid":
            where = []  # the location is a character offset, not a field a person could find
        if error.get("type") == "value_error":
            reason = str(error.get("ctx", {}).get("error", error.get("msg", "")))
        else:
            reason = VALIDATION_MESSAGES.get(error.get("type", ""), "không hợp lệ")
        field = ".".join(where)
        lines.append(f"Trường “{field}” {reason}." if field else f"Nội dung gửi lên {reason}.")
    return lines


def _page(request: Request, status: int, message: str, details: list[str] | None = None):
    template = f"errors/{status}.html" if status in (403, 404, 409, 500) else "errors/error.html"
    return render(request, template, {"status": status, "message": message,
                                      "details": details or []}, status_code=status)


async def on_domain_error(request: Request, error: DomainError) -> Response:
    headers = {"Retry-After": str(error.retry_after)} if isinstance(error, Throttled) else None
    if is_api(request):
        body = {"detail": error.message, "code": error.code, **error.extra}
        return JSONResponse(body, status_code=error.status_code, headers=headers)
    if isinstance(error, NotSignedIn):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        login = "/thi-sinh/dang-nhap" if request.url.path.startswith("/thi/") else "/dang-nhap"
        login = error.extra.get("login", login)  # an essay author's own sign-in page
        if login != "/thi-sinh/dang-nhap" and request.method not in ("GET", "HEAD"):
            # A staff form posted after its session ended: coming back to its POST-only
            # address after signing in would only answer 405.
            return redirect(login, request)
        return redirect(f"{login}?next={quote(target)}", request)
    details = [p["text"] for p in error.extra.get("problems", [])]
    response = _page(request, error.status_code, error.message, details)
    if headers:
        response.headers.update(headers)
    return response


async def on_validation_error(request: Request, error: RequestValidationError) -> Response:
    lines = describe_validation(list(error.errors()))
    status = 400 if any(e.get("type") == "json_invalid" for e in error.errors()) else 422
    if is_api(request):
        return JSONResponse({"detail": " ".join(lines), "code": "invalid_input",
                             "errors": lines}, status_code=status)
    return _page(request, status, "Dữ liệu gửi lên chưa hợp lệ.", lines)


async def on_http_error(request: Request, error: HTTPException) -> Response:
    if isinstance(error.__cause__, DomainError):
        # FastAPI wraps whatever stops it reading the body (BodyLimit's TooLarge) in a 400.
        return await on_domain_error(request, error.__cause__)
    message = HTTP_MESSAGES.get(error.status_code, "Yêu cầu không thực hiện được.")
    if is_api(request):
        return JSONResponse({"detail": message, "code": f"http_{error.status_code}"},
                            status_code=error.status_code, headers=error.headers)
    return _page(request, error.status_code, message)


async def on_unexpected(request: Request, error: Exception) -> Response:
    log.exception("Lỗi không lường trước khi xử lý %s %s", request.method, request.url.path)
    if is_api(request):
        return JSONResponse({"detail": HTTP_MESSAGES[500], "code": "server_error"},
                            status_code=500)
    return _page(request, 500, HTTP_MESSAGES[500])


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, on_domain_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(HTTPException, on_http_error)
    app.add_exception_handler(Exception, on_unexpected)
