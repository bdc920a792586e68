"""Render the demo journal's HTML supervision preparation and screenshot it for the README (docs/prep-html.png).

The demo is built in a throwaway folder, ending on a fixed day so the picture does not change from run to run; the
page is drawn by the system's headless Chromium (Debian: apt-get install chromium). Needs the extra
reflect-journal[html].

Usage: python tools/screenshot_prep.py [--out docs/prep-html.png] [--keep-html prep.html]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
END = "2026-03-11"  # the demo's last day, as in the tests' golden copy
SINCE = "2025-12-10"
WIDTH, HEIGHT = 1200, 2300  # the header, the open questions and the first client's first charts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "prep-html.png")
    parser.add_argument("--keep-html", type=Path, help="Also keep the HTML document here.")
    args = parser.parse_args()
    browser = next((p for n in ("chromium", "chromium-browser", "google-chrome") if (p := shutil.which(n))), None)
    if browser is None:
        print("Error: headless Chromium is not installed (Debian: apt-get install chromium).", file=sys.stderr)
        return 1

    from reflect.config import Paths
    from reflect.flows.demo import generate
    from reflect.store.journal import Journal

    with tempfile.TemporaryDirectory(prefix="reflect-shot-") as tmp:
        home = Path(tmp) / "demo"
        end = datetime.fromisoformat(f"{END}T17:00:00").astimezone()
        with Journal.open(Paths(home)) as journal:
            journal.import_entries(generate(52, seed=7, end=end))
        page = Path(tmp) / "prep.html"
        env = {**os.environ, "REFLECT_HOME": str(home), "NO_COLOR": "1"}
        subprocess.run(
            [sys.executable, "-m", "reflect", "supervision", "prep", "--since", SINCE, "--until", END, "--format",
             "html", "-o", str(page)],
            env=env, check=True,
        )  # fmt: skip
        args.out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
             f"--user-data-dir={Path(tmp) / 'profile'}", f"--window-size={WIDTH},{HEIGHT}",
             f"--screenshot={args.out.resolve()}", page.resolve().as_uri()],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        if args.keep_html:
            shutil.copyfile(page, args.keep_html)
    print(f"Wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
