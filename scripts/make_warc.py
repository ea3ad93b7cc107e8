#!/usr/bin/env python3
"""Writes a WARC/1.0 file of saved pages, as a crawler would have fetched
them: for each page a `request` record and a `response` record (HTTP/1.1
200 headers, `Content-Type: text/html`, with `charset=utf-8` when the page
is UTF-8, the page's bytes),
one gzip member per record (the CC-NEWS layout), after a `warcinfo` record.

Usage:
  make_warc.py HTML_DIR OUT.warc.gz [--copies N | --target-mb MB]

HTML_DIR holds `.html` or `.html.gz` pages (the article-extraction
benchmark's `html/`). Each page's target URI is its canonical link when the
page has one, else `https://benchmark.test/<file stem>`; copies after the
first add `?copy=N`, so a large WARC for memory runs repeats the pages.
`--target-mb` repeats them until the file reaches that size. Needs `pip
install warcio` (the reference WARC library, used only to write).
"""

import gzip
import io
import os
import re
import sys
from datetime import datetime, timezone

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

CANONICAL = re.compile(rb'<link[^>]+rel=["\']?canonical["\']?[^>]*>', re.I)
HREF = re.compile(rb'href=["\']([^"\']+)["\']', re.I)


def pages(folder):
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if name.endswith(".html.gz"):
            with gzip.open(path, "rb") as f:
                yield name[: -len(".html.gz")], f.read()
        elif name.endswith(".html"):
            with open(path, "rb") as f:
                yield name[: -len(".html")], f.read()


def target(stem, body):
    link = CANONICAL.search(body)
    href = link and HREF.search(link.group(0))
    if href and href.group(1).startswith(b"http"):
        return href.group(1).decode("utf-8", "replace")
    return f"https://benchmark.test/{stem}"


def content_type(body):
    """`text/html`, with `charset=utf-8` only when the bytes are UTF-8."""
    try:
        body.decode("utf-8")
        return "text/html; charset=utf-8"
    except UnicodeDecodeError:
        return "text/html"


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    folder, out = sys.argv[1], sys.argv[2]
    copies = int(sys.argv[sys.argv.index("--copies") + 1]) if "--copies" in sys.argv else 1
    target_mb = float(sys.argv[sys.argv.index("--target-mb") + 1]) if "--target-mb" in sys.argv else None
    loaded = list(pages(folder))
    date = datetime(2019, 11, 20, 12, 0, 0, tzinfo=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    records = 0
    with open(out, "wb") as f:
        writer = WARCWriter(f, gzip=True, warc_version="WARC/1.0")
        writer.write_record(writer.create_warcinfo_record(os.path.basename(out), {"software": "scripts/make_warc.py"}))
        copy = 0
        while True:
            for stem, body in loaded:
                uri = target(stem, body)
                if copy:
                    uri += ("&" if "?" in uri else "?") + f"copy={copy}"
                host = re.sub(r"^https?://([^/]+).*$", r"\1", uri)
                request = StatusAndHeaders("GET / HTTP/1.1", [("Host", host), ("User-Agent", "make_warc")], is_http_request=True)
                writer.write_record(writer.create_warc_record(uri, "request", http_headers=request, warc_headers_dict={"WARC-Date": date}))
                headers = StatusAndHeaders(
                    "200 OK",
                    [("Content-Type", content_type(body)), ("Content-Length", str(len(body)))],
                    protocol="HTTP/1.1",
                )
                writer.write_record(
                    writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers, warc_headers_dict={"WARC-Date": date})
                )
                records += 2
            copy += 1
            if target_mb is not None:
                if f.tell() >= target_mb * 1e6:
                    break
            elif copy >= copies:
                break
    print(f"{out}: {records} records ({copy} cop{'y' if copy == 1 else 'ies'} of {len(loaded)} pages), {os.path.getsize(out) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
