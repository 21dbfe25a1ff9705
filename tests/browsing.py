"""What the browser tests share: Debian's Chromium, and a site served over local HTTP.

The site is served by a real HTTP server on 127.0.0.1 (not ``file://``), so that
pages load their scripts, JSON and WebAssembly as they would from any host.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def browser_or_skip() -> None:
    """Skip without Chromium or Playwright; fail instead in CI, which must provide them."""
    in_ci = os.environ.get("CI", "").lower() in ("1", "true", "yes")
    problem = None
    if not CHROMIUM.exists():
        problem = f"{CHROMIUM} is missing (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "playwright is not installed (pip install '.[test]')"
    if problem and in_ci:
        pytest.fail(problem + "; CI must provide it (see .ci/run)")
    if problem:
        pytest.skip(problem)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static-file handler that keeps the test output clean."""

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serve(folder: Path, handler: type[QuietHandler] = QuietHandler) -> Iterator[str]:
    """Serve ``folder`` on a free port of 127.0.0.1; yield its URL (ending in ``/``)."""
    bound = functools.partial(handler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), bound)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium, headless, through Playwright (skips where it is missing)."""
    browser_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
