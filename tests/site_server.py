"""Serve the built site on 127.0.0.1 the way a static host does: text compressed with gzip.

Python's ``http.server`` sends every file as it is on disk, so a page measured through it
weighs about three times what a reader downloads from a static host (GitHub Pages, Netlify
and the like compress HTML, CSS, JavaScript, JSON and SVG with gzip). The tests and the
benchmark serve the site with this handler instead, so transferred bytes mean what they
mean for a reader.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import socketserver
import threading
from collections.abc import Iterator
from pathlib import Path

#: What a static host compresses (images and fonts other than SVG are compressed already).
COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg+xml",
)
#: What GitHub Pages sends: caches may keep a file for ten minutes.
CACHE_CONTROL = "max-age=600"


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """``SimpleHTTPRequestHandler`` that gzips text when the browser accepts it."""

    def log_message(self, format, *args):  # the tests and the benchmark print their own reports
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", CACHE_CONTROL)
        super().end_headers()

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() or not path.is_file():
            return super().send_head()  # directory redirects, index.html, 404 as usual
        ctype = self.guess_type(str(path))
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and ctype.startswith(COMPRESSIBLE)):
            return super().send_head()
        body = _gzipped(str(path), path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)  # what do_GET copies to the socket (HEAD: nothing)


@functools.lru_cache(maxsize=512)
def _gzipped(path: str, mtime_ns: int) -> bytes:
    # Level 6, like nginx's and most hosts' default; mtime 0 so the bytes are reproducible.
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve ``site`` on a free port of 127.0.0.1 with gzip; yield the base URL."""
    handler = functools.partial(GzipHandler, directory=str(site))
    httpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
