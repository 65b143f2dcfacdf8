"""create_app(settings) -> FastAPI: routers, static files, guards and error handlers."""

from contextlib import asynccontextmanager
from pathlib import Path

import anyio.to_thread
import fastapi_offline
from fastapi import Depends, FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.staticfiles import StaticFiles

from backend import routes
from backend.config import Settings, get_settings
from backend.db import Database
from backend.downloads.worker import ExportWorker
from backend.essays.deps import ESSAY_TOO_LARGE, FORM_SLACK
from backend.essays.deps import UPLOAD_PATHS as ESSAY_UPLOAD_PATHS
from backend.essays.intake_pages import BATCH_TOO_LARGE, BATCH_UPLOADS
from backend.handlers import install_error_handlers
from backend.movement.intake_http import EVIDENCE_TOO_LARGE, EVIDENCE_UPLOADS
from backend.ratelimit import make_limiter
from backend.security import BodyLimit, SecurityHeaders, csrf_protect
from backend.textguard import GuardedRoute, guard
from backend.uploads.limits import mb
from backend.web import install_filters

STATIC_DIR = Path(__file__).resolve().parent / "static"
SWAGGER_UI_DIR = Path(fastapi_offline.__file__).resolve().parent / "static"
API_DESCRIPTION = """
Mọi thao tác của ban tổ chức trên giao diện web đều có ở đây, và mọi thao tác của thí sinh
(đăng ký, đăng nhập, bắt đầu, lưu đáp án, nộp bài, xem kết quả).

**Xác thực:** gửi `Authorization: Bearer <token>` với token lấy từ
`POST /api/v1/auth/login` (cán bộ) hoặc `POST /api/v1/contests/{id}/login` (thí sinh).
Khi dùng cookie phiên của trình duyệt, các yêu cầu thay đổi dữ liệu phải kèm `X-CSRF-Token`.

**Lỗi** luôn là JSON: `{"detail": "<thông báo tiếng Việt>", "code": "<mã lỗi>"}`.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    database = Database(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # A small thread pool keeps SQLite writers from piling up behind one lock.
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.threadpool_size
        database.open_loop()
        yield
        await anyio.to_thread.run_sync(app.state.exports.close)
        await database.close_loop()
        database.dispose()

    app = FastAPI(
        title="Thi Đua API",
        version="1",
        description=API_DESCRIPTION,
        lifespan=lifespan,
        dependencies=[Depends(csrf_protect)],
        docs_url=None,
        redoc_url=None,
    )
    # Every route reads its input through the text guard (backend/textguard.py).
    app.router.route_class = GuardedRoute
    app.state.settings = settings
    app.state.db = database
    app.state.exports = ExportWorker(database)
    app.state.limiter = make_limiter(database, settings.redis_url)
    install_filters(settings.zone)
    install_error_handlers(app)
    app.add_middleware(BodyLimit, max_body=settings.max_body_bytes,
                       max_upload=settings.max_upload_bytes,
                       larger=[(ESSAY_UPLOAD_PATHS, settings.essay_max_bytes + FORM_SLACK,
                                ESSAY_TOO_LARGE.format(mb(settings.essay_max_bytes))),
                               (BATCH_UPLOADS, settings.max_batch_upload_bytes,
                                BATCH_TOO_LARGE.format(mb(settings.max_batch_upload_bytes))),
                               (EVIDENCE_UPLOADS, settings.evidence_max_bytes + FORM_SLACK,
                                EVIDENCE_TOO_LARGE.format(mb(settings.evidence_max_bytes)))])
    app.add_middleware(SecurityHeaders)
    # Before /static, which would otherwise answer 404 for these paths.
    app.mount("/static/docs", StaticFiles(directory=SWAGGER_UI_DIR), name="docs-static")
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/docs", include_in_schema=False)
    def docs():
        return get_swagger_ui_html(
            openapi_url="/openapi.json", title="Thi Đua API",
            swagger_js_url="/static/docs/swagger-ui-bundle.js",
            swagger_css_url="/static/docs/swagger-ui.css",
            swagger_favicon_url="/static/docs/favicon.png",
        )

    for router in routes.ROUTERS:
        app.include_router(guard(router))
    return app
