"""Ask mybinder.org to build the Binder image of one commit, so that the first launch finds it.

    python binder/warm_mybinder.py OWNER/REPO REF [--binderhub URL] [--timeout SECONDS]

mybinder.org builds a repository's image the first time someone opens a link to a commit
it has no image for, and that first launch waits for the whole build. This script asks
for that build ahead of time, through BinderHub's build API (GET /build/gh/OWNER/REPO/REF),
which mybinder.org routes to the same member of its federation for every commit of a
repository. It reads the API's event stream (one ``data: {json}`` line per event) and stops
at the first event that says the image exists (phase "built", or "launching" or "ready"
when it existed already) or that the build failed.

Exit status 0: the image exists. 1: the build failed, or the stream ended or timed out
first. It needs nothing but Python's standard library.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.parse
import urllib.request

DONE = {"built", "launching", "ready"}
FAILED = {"failed"}


def build_url(binderhub: str, repo: str, ref: str) -> str:
    """Return the build API's address for a GitHub repository ``OWNER/REPO`` at ``ref``."""
    owner, name = repo.split("/")
    parts = (owner, name, ref)
    return binderhub.rstrip("/") + "/build/gh/" + "/".join(urllib.parse.quote(p) for p in parts)


def watch(lines, log=print) -> bool:
    """Follow an event stream until the image exists (True) or the build fails (False)."""
    for raw in lines:
        line = raw.decode("utf-8", "replace").strip() if isinstance(raw, bytes) else raw.strip()
        if not line.startswith("data:"):
            continue
        try:
            event = json.loads(line.removeprefix("data:"))
        except json.JSONDecodeError:
            continue
        phase = event.get("phase", "")
        message = str(event.get("message", "")).strip()
        log(f"{phase}: {message}" if message else phase)
        if phase in DONE:
            return True
        if phase in FAILED:
            return False
    log("the event stream ended before the image was built")
    return False


def main(argv: list[str] | None = None) -> int:
    """Ask for the build from the command line; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repo", help="OWNER/REPO on GitHub")
    parser.add_argument("ref", help="the commit (or branch, or tag) to build")
    parser.add_argument("--binderhub", default="https://mybinder.org")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds without an event")
    args = parser.parse_args(argv)
    url = build_url(args.binderhub, args.repo, args.ref)
    print(f"GET {url}", flush=True)
    request = urllib.request.Request(url, headers={"Accept": "text/event-stream"})
    try:
        with urllib.request.urlopen(request, timeout=args.timeout) as response:
            built = watch(response, log=lambda text: print(text, flush=True))
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        print(f"no answer from {args.binderhub}: {error}", file=sys.stderr)
        return 1
    return 0 if built else 1


if __name__ == "__main__":
    sys.exit(main())
