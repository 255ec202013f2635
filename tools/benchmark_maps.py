"""Weight and speed of a country's map with 1,000 and 10,000 incidents.

    python tools/benchmark_maps.py [--sizes 1000 10000]

For each size, writes a publication whose incidents are all in one country, builds
it, and prints: the bytes of the country page's own HTML and of its map data, raw
and gzip (the shared, cached scripts and the tiles excluded), and, in headless
Chromium, the time from navigation to the map having drawn every incident.
Targets: at most 60 KB gzip at 1,000 incidents; a map ready within 1 s at 10,000.
"""

from __future__ import annotations

import argparse
import gzip
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests" / "browser"))

import make_publication  # noqa: E402
from chromium import CHROMIUM_ARGS, chromium_path, serve, visit, wait_for_maps  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402


def sizes(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, 9))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    # One country: all its incidents on one map.
    make_publication.SHAPES["legacy"] = {"AFG": make_publication.LEGACY_COUNTRIES["AFG"]}
    mkdocs = Path(sys.executable).with_name("mkdocs")
    print(
        f"{'incidents':>9}  {'page raw':>9} {'page gz':>8}  {'data raw':>9} {'data gz':>8}"
        f"  {'own gz':>7}  {'map drawn':>9}  {'from nav.':>9}"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for count in args.sizes:
            with tempfile.TemporaryDirectory() as scratch:
                root = Path(scratch) / "publication"
                make_publication.make(root, 0, count, actors=50, shape="legacy")
                subprocess.run(
                    [str(mkdocs), "build", "-q", "-f", str(root / "mkdocs.yml"), "-d", "site"],
                    check=True,
                    cwd=root,
                    stdout=subprocess.DEVNULL,
                    env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
                )
                site = root / "site"
                page_raw, page_gz = sizes(site / "countries/afghanistan/index.html")
                data_raw, data_gz = sizes(site / "assets/maps/countries/afghanistan.json")
                with serve(site) as base:
                    timings = []
                    for _ in range(3):
                        found = visit(browser, base + "countries/afghanistan/")
                        (drawn,) = wait_for_maps(found.page, timeout=60_000)
                        since_navigation = found.page.evaluate("performance.now()")
                        timings.append((int(drawn["ready"]) / 1000, since_navigation / 1000))
                        found.page.context.close()
                # The median of three: time from the map code starting to every incident
                # drawn, and from the start of navigation (page, theme and scripts too).
                drawn_s, navigation_s = sorted(timings)[1]
            print(
                f"{count:>9}  {page_raw / 1000:>7.1f}KB {page_gz / 1000:>6.1f}KB  "
                f"{data_raw / 1000:>7.1f}KB {data_gz / 1000:>6.1f}KB  "
                f"{(page_gz + data_gz) / 1000:>5.1f}KB  {drawn_s:>8.2f}s  {navigation_s:>8.2f}s"
            )
        browser.close()


if __name__ == "__main__":
    main()
