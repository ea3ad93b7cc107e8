#!/usr/bin/env python3
"""Builds the WARC samples from pages of the article-extraction benchmark.

    python3 scripts/make_warc_samples.py   # needs `pip install brotli`

Writes `corpus/warc/benchmark-news.warc.gz` (two English news pages) and
`tests/fixtures/warc/benchmark-encodings.warc.gz` (three pages served the
ways crawlers meet them: brotli, deflate, and a Russian page re-encoded in
Windows-1251 that only its HTTP header names). Each is a WARC/1.1 file with
one gzip member per record, as CC-NEWS lays them out: a warcinfo record,
then for each page a request and a response record (the HTTP head written
here, the body the benchmark's page), plus a revisit and a metadata record
to be skipped. The pages come from ../shared/corpora/article-extraction-
benchmark (MIT; the pages belong to their publishers); their URLs are the
benchmark's ground-truth URLs. Fixed dates and record ids: the output is
the same on every run.
"""

import gzip
import io
import json
import uuid
import zlib
from pathlib import Path

import brotli

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "corpora" / "article-extraction-benchmark"
GT = json.loads((BENCH / "ground-truth.json").read_text())


def page(prefix):
    [path] = sorted((BENCH / "html").glob(prefix + "*.html.gz"))
    pid = path.name.split(".")[0]
    return pid, gzip.decompress(path.read_bytes())


def record(kind, fields, block, n):
    rid = uuid.UUID(int=n)
    head = f"WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{rid}>\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in fields)
    head += f"Content-Length: {len(block)}\r\n\r\n"
    data = head.encode() + block + b"\r\n\r\n"
    out = io.BytesIO()
    # mtime 0: the same bytes on every run.
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as z:
        z.write(data)
    return out.getvalue()


def chunked(body, size=4096):
    out = b""
    for i in range(0, len(body), size):
        part = body[i : i + size]
        out += b"%x\r\n" % len(part) + part + b"\r\n"
    return out + b"0\r\n\r\n"


def build(name, pages, extra):
    """`pages`: (prefix, date, content-type, transform) for each page."""
    n = 1
    out = [record("warcinfo", [("WARC-Date", "2019-11-21T10:00:00Z"),
                               ("Content-Type", "application/warc-fields")],
                  b"software: newsdex scripts/make_warc_samples.py\r\n"
                  b"format: WARC File Format 1.1\r\n"
                  b"description: pages of the article-extraction benchmark (MIT)\r\n", n)]
    for prefix, date, ctype, how in pages:
        pid, html = page(prefix)
        url = GT[pid]["url"]
        host = url.split("/")[2]
        n += 1
        req = f"GET /{url.split('/', 3)[3]} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
        out.append(record("request", [("WARC-Target-URI", url), ("WARC-Date", date),
                                      ("Content-Type", "application/http; msgtype=request")],
                          req, n))
        headers = [("Content-Type", ctype)]
        body = html
        if how == "gzip+chunked":
            body = chunked(gzip.compress(html, mtime=0))
            headers += [("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")]
        elif how == "br":
            body = brotli.compress(html)
            headers += [("Content-Encoding", "br")]
        elif how == "deflate":
            body = zlib.compress(html)
            headers += [("Content-Encoding", "deflate")]
        elif how == "windows-1251":
            body = html.decode("utf-8").encode("windows-1251", errors="xmlcharrefreplace")
        if how not in ("gzip+chunked",):
            headers += [("Content-Length", str(len(body)))]
        http = "HTTP/1.1 200 OK\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
        n += 1
        out.append(record("response", [("WARC-Target-URI", url), ("WARC-Date", date),
                                       ("WARC-Concurrent-To", f"<urn:uuid:{uuid.UUID(int=n - 1)}>"),
                                       ("Content-Type", "application/http; msgtype=response")],
                          http.encode() + body, n))
    for kind, url in extra:
        n += 1
        out.append(record(kind, [("WARC-Target-URI", url), ("WARC-Date", "2019-11-21T10:30:00Z"),
                                 ("Content-Type", "application/warc-fields")],
                          b"note: skipped by newsdex\r\n", n))
    path = ROOT / name
    path.write_bytes(b"".join(out))
    print(path, path.stat().st_size)


build("corpus/warc/benchmark-news.warc.gz", [
    ("d90bda7ed14d", "2019-11-21T10:01:00Z", "text/html; charset=UTF-8", "gzip+chunked"),
    ("c00962aabe7b", "2019-11-21T10:02:00Z", "text/html", "plain"),
], [("revisit", "http://www.panarmenian.net/eng/news/275221/")])

build("tests/fixtures/warc/benchmark-encodings.warc.gz", [
    ("1ee91d1fce65", "2019-11-21T11:01:00Z", "text/html; charset=utf-8", "br"),
    ("14cc2a0ca59c", "2019-11-21T11:02:00Z", "text/html", "deflate"),
    ("c4a3637c6696", "2019-11-21T11:03:00Z", "text/html; charset=windows-1251", "windows-1251"),
], [("metadata", "https://www.sciencealert.com/")])
