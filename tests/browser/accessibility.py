"""axe-core in the real browser: every page a test loads must pass WCAG 2.0 and 2.1, A and AA.

axe-core is vendored in tests/browser/vendor (see VERSIONS.txt) and evaluated through the
DevTools protocol, so the app's Content-Security-Policy, which refuses inline scripts, stays on.
"""

from pathlib import Path

import pytest
from playwright.sync_api import Page

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE = pytest.StashKey["Accessibility"]()
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags},
                                          resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + ": " + n.failureSummary)}));
}"""


def describe(url: str, violations: list[dict]) -> str:
    lines = [f"axe-core found {len(violations)} WCAG A/AA violation(s) on {url}:"]
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        lines.extend(f"    {node}" for node in v["nodes"])
    return "\n".join(lines)


class Accessibility:
    """Checks the page's current document with axe-core, and remembers every document that was
    loaded and then left without a check."""

    def __init__(self, page: Page):
        self.page = page
        self.pending: str | None = None  # the loaded document not yet checked
        self.skipped: list[str] = []
        self.checked: list[str] = []
        page.on("domcontentloaded", self._loaded)
        for name in ("goto", "reload"):
            setattr(page, name, self._checking(getattr(page, name)))

    def _loaded(self, page: Page) -> None:
        if self.pending is not None:
            self.skipped.append(self.pending)
        self.pending = page.url

    def _checking(self, navigate):
        def navigate_and_check(*args, **kwargs):
            response = navigate(*args, **kwargs)
            self.check()
            return response
        return navigate_and_check

    def check(self) -> None:
        """Fail with what axe-core reports on the page as it is now, if anything."""
        self.page.wait_for_load_state("load")
        if not self.page.evaluate("typeof window.axe === 'object'"):
            self.page.evaluate(AXE_SOURCE)
        violations = self.page.evaluate(RUN_AXE, WCAG_TAGS)
        self.checked.append(self.page.url)
        self.pending = None
        assert violations == [], describe(self.page.url, violations)

    def finish(self) -> None:
        """At the end of a test: the last page is checked, and no page went unchecked."""
        if self.pending is not None:
            self.check()
        assert self.skipped == [], (
            "These pages were loaded but never checked with axe-core; call axe.check() after "
            f"the step that loads them: {self.skipped}")
