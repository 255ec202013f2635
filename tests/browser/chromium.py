"""Headless Chromium for the browser tests: Debian's chromium driven by Playwright."""

from __future__ import annotations

import functools
import http.server
import mimetypes
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from playwright.sync_api import Browser, ConsoleMessage, Page, Route

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

# Without these, Chromium keeps trying to reach Google's services from a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return explicit
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError("no Chromium found: `make test` installs Debian's chromium")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    prefix = "/"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def translate_path(self, path: str) -> str:
        # The site is served under the path of its site_url, as it is when published.
        if path.startswith(self.prefix):
            path = "/" + path[len(self.prefix) :]
        return super().translate_path(path)


@contextmanager
def serve(folder: Path, prefix: str = "/") -> Iterator[str]:
    """Serve a built site on loopback under ``prefix``; yields its base URL."""
    handler_class = type("Handler", (_QuietHandler,), {"prefix": prefix})
    handler = functools.partial(handler_class, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


# A 1x1 transparent PNG, served in place of map tiles: the tests run without internet,
# and tiles are the one thing pages may load from another host.
BLANK_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
TILE_HOSTS = ("tile.openstreetmap.org",)


# Sites served to the browser at a published-looking address (no port), straight from
# disk: Material's instant navigation takes over only links on the site_url's host and
# path, and it rewrites the host of its sitemap's addresses without their port.
SITE_HOST = "example.org"
_ROUTED: dict[str, Path] = {}


@contextmanager
def routed(folder: Path, prefix: str = "/") -> Iterator[str]:
    """Make a built site answer at http://example.org<prefix>; yields that base URL."""
    _ROUTED[prefix] = folder
    try:
        yield f"http://{SITE_HOST}{prefix}"
    finally:
        del _ROUTED[prefix]


def _from_disk(request_route: Route, path: str) -> bool:
    for prefix, folder in _ROUTED.items():
        if path.startswith(prefix):
            target = folder / unquote(path[len(prefix) :])
            if target.is_dir():
                target = target / "index.html"
            if target.is_file():
                kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
                request_route.fulfill(status=200, content_type=kind, body=target.read_bytes())
            else:
                request_route.fulfill(status=404, body="not found")
            return True
    return False


@dataclass
class Visit:
    page: Page
    errors: list[str]  # console errors and uncaught exceptions
    foreign: list[str]  # requests to other hosts, tiles excepted
    tiles: list[str]  # tile requests


def visit(
    browser: Browser,
    url: str,
    *,
    javascript: bool = True,
    wait: str = "load",
    block_tiles: bool = False,
) -> Visit:
    """Open a page in a fresh context, recording errors and requests to other hosts.
    Tiles are blank images, or with ``block_tiles`` fail as where the tile host is
    blocked (their failures are then not counted as errors)."""
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    found = Visit(page, [], [], [])
    home = urlparse(url).netloc

    def route(request_route: Route) -> None:
        address = urlparse(request_route.request.url)
        host = address.netloc
        if host == SITE_HOST and _from_disk(request_route, address.path):
            return
        if host == home:
            request_route.continue_()
        elif host in TILE_HOSTS:
            found.tiles.append(request_route.request.url)
            if block_tiles:
                request_route.abort("blockedbyclient")
            else:
                request_route.fulfill(status=200, content_type="image/png", body=BLANK_PNG)
        else:
            found.foreign.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)

    def console(message: ConsoleMessage) -> None:
        blocked_tile = (
            block_tiles and urlparse(message.location.get("url", "")).netloc in TILE_HOSTS
        )
        if message.type == "error" and not blocked_tile:
            found.errors.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda e: found.errors.append(str(e)))
    page.goto(url, wait_until=wait)  # type: ignore[arg-type]
    return found


def wait_for_maps(page: Page, count: int = 1, timeout: float = 10_000) -> list[dict[str, str]]:
    """Wait until ``count`` maps on the page have drawn their incidents; their data."""
    page.wait_for_function(
        f"document.querySelectorAll('.cm-map[data-ready]').length >= {count}", timeout=timeout
    )
    return page.locator(".cm-map").evaluate_all(  # type: ignore[no-any-return]
        "maps => maps.map(m => Object.assign({}, m.dataset))"
    )
