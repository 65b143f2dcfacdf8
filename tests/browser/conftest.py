"""Real-browser fixtures: the real server as a process of its own, driven by Debian's Chromium.

The server runs `uvicorn backend.asgi:app` against the test's own database (`database_url` from
tests/conftest.py: a fresh migrated SQLite file, or the PostgreSQL test server, emptied after the
test). Seed data through `database` before asking for `live_server`; the server reads it from
the same database. Screenshots go to $THIDUA_BROWSER_SHOTS when set, else to the test's tmp_path.

Every page a test loads is checked with axe-core against WCAG 2.0 and 2.1, levels A and AA
(tests/browser/accessibility.py): `page.goto` and `page.reload` check the page they land on; after
a click that loads a new page, the test calls `axe.check()`. A page loaded and left unchecked fails
the test, and so does the page it ends on.
"""

import os
from pathlib import Path

import pytest

from tests.browser.accessibility import AXE, Accessibility
from tests.browser.staff import ContestWorld, build_contest_world, take_attempts
from tests.live_server import free_port, start_server, stop

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic",
                 # A key press scrolls at once, so a test can read where it got to.
                 "--disable-smooth-scrolling"]
PAGE_TIMEOUT_MS = 10_000


@pytest.fixture
def live_server(database_url, tmp_path):
    """Base URL of a real uvicorn process serving this test's database; stopped afterwards."""
    port = free_port()
    process = start_server(database_url, tmp_path, port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing; `make browser` installs Debian's Chromium.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("THIDUA_BROWSER_SHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(browser, request, shots):
    """A page in a fresh context (own cookies), Vietnamese locale, phone-sized first, whose
    every load is checked for accessibility."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    tab = context.new_page()
    request.node.stash[AXE] = Accessibility(tab)
    yield tab
    outcome = getattr(request.node, "report_call", None)
    try:
        if outcome is not None and outcome.failed:
            tab.screenshot(path=shots / f"FAILED-{request.node.name}.png", full_page=True)
        elif outcome is not None:
            request.node.stash[AXE].finish()
    finally:
        context.close()


@pytest.fixture
def axe(page, request) -> Accessibility:
    """The accessibility checker of `page`: `axe.check()` after a click loads a new page."""
    return request.node.stash[AXE]


@pytest.fixture
def contest_world(database, settings) -> ContestWorld:
    """The small tree, one account per staff role, a published contest and its open round."""
    return build_contest_world(database, settings)


@pytest.fixture
def busy_server(contest_world, live_server) -> str:
    """`live_server` once nine contestants across the tree have started; five handed in."""
    take_attempts(live_server, contest_world)
    return live_server
