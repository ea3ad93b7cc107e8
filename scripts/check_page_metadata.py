#!/usr/bin/env python3
"""Compares newsdex's headline and date of saved pages with what each page's
own metadata states, read here independently of newsdex (Python's
html.parser and json, not newsdex's code).

A page "states" a headline when a JSON-LD object of an Article type (also
inside @graph or a list) has `headline`, or when it has `og:title`; it
states a publication date when such a JSON-LD object has `datePublished`,
or a `<meta>` (name, property or itemprop) is one of article:published_time,
pubdate, publish-date, date, dc.date, DC.date.issued, parsely-pub-date,
sailthru.date, datePublished, og:pubdate. Modified dates are never
publication dates.

Usage:
  check_page_metadata.py HTML_DIR PARSE.jsonl [--list]

HTML_DIR holds the pages (`<id>.html` or `<id>.html.gz`); PARSE.jsonl is
`newsdex parse HTML_DIR` output. Prints counts; `--list` prints every
disagreement too.
"""

import email.utils
import gzip
import html
import json
import os
import re
import sys
from datetime import datetime
from html.parser import HTMLParser

ARTICLE_TYPES = {
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
    "backgroundnewsarticle", "opinionnewsarticle", "reviewnewsarticle", "blogposting",
    "liveblogposting", "socialmediaposting", "report", "techarticle", "scholarlyarticle",
}
DATE_METAS = [
    "article:published_time", "pubdate", "publish-date", "date", "dc.date", "dc.date.issued",
    "parsely-pub-date", "sailthru.date", "datepublished", "og:pubdate",
]


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.metas = []  # (name lower, content)
        self.times = []
        self.urls = []
        self.ld = []
        self._in_ld = False
        self._buf = []
        self.title = None
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "time" and a.get("datetime"):
            self.times.append(a["datetime"])
        elif tag == "link" and "canonical" in a.get("rel", "").lower().split():
            self.urls.append(a.get("href", ""))
        elif tag == "meta" and "content" in a:
            for key in ("property", "name", "itemprop"):
                if a.get(key):
                    self.metas.append((a[key].strip().lower(), a["content"].strip()))
        elif tag == "script" and a.get("type", "").strip().lower() == "application/ld+json":
            self._in_ld, self._buf = True, []
        elif tag == "title" and self.title is None:
            self._in_title, self._buf = True, []

    def handle_endtag(self, tag):
        if tag == "script" and self._in_ld:
            self.ld.append("".join(self._buf))
            self._in_ld = False
        elif tag == "title" and self._in_title:
            self.title = " ".join("".join(self._buf).split())
            self._in_title = False

    def handle_data(self, data):
        if self._in_ld or self._in_title:
            self._buf.append(data)


def is_article(obj):
    t = obj.get("@type")
    types = t if isinstance(t, list) else [t]
    return any(isinstance(x, str) and re.split(r"[/:]", x)[-1].lower() in ARTICLE_TYPES for x in types)


def articles(value, depth=0):
    if depth > 20:
        return
    if isinstance(value, list):
        for v in value:
            yield from articles(v, depth + 1)
    elif isinstance(value, dict):
        if is_article(value):
            yield value
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if key in value:
                yield from articles(value[key], depth + 1)


def load_ld(text):
    text = text.strip()
    for attempt in (text, re.sub(r"[\x00-\x1f]", " ", text)):
        try:
            return json.loads(attempt)
        except ValueError:
            continue
    return None


def norm(text):
    return " ".join(html.unescape(text or "").split())


def day(text):
    """YYYY-MM-DD of a stated date, or None when it reads as none."""
    text = (text or "").strip()
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if m:
        if int(m[1]) < 1800:  # a placeholder such as 0001-01-01
            return None
        try:
            return datetime(int(m[1]), int(m[2]), int(m[3])).strftime("%Y-%m-%d")
        except ValueError:
            return None
    try:
        return email.utils.parsedate_to_datetime(text).strftime("%Y-%m-%d")
    except (TypeError, ValueError, IndexError):
        pass
    for fmt in ("%B %d, %Y %H:%M", "%B %d, %Y", "%b %d, %Y"):
        try:
            return datetime.strptime(text, fmt).strftime("%Y-%m-%d")
        except ValueError:
            continue
    return None


def stated(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as f:
        page = Page()
        page.feed(f.read())
    found = [a for text in page.ld for a in articles(load_ld(text))]
    meta = {}
    for k, v in page.metas:
        meta.setdefault(k, v)
    headline = next((norm(a["headline"]) for a in found if isinstance(a.get("headline"), str) and a["headline"].strip()), None)
    og_title = norm(meta.get("og:title")) or None
    date = None
    for a in found:
        if isinstance(a.get("datePublished"), str) and day(a["datePublished"]):
            date = day(a["datePublished"])
            break
    if date is None:
        for name in DATE_METAS:
            if name in meta and day(meta[name]):
                date = day(meta[name])
                break
    urls = page.urls + [meta.get("og:url", "")]
    return {
        "headline": headline,
        "og_title": og_title,
        "site": norm(meta.get("og:site_name")),
        "date": date,
        "times": {day(t) for t in page.times} - {None},
        "url_days": {
            f"{m[1]}-{m[2]}-{m[3]}" for u in urls for m in re.finditer(r"(\d{4})[/-](\d\d)[/-](\d\d)", u)
        },
    }


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    folder, parse_path = sys.argv[1], sys.argv[2]
    listing = "--list" in sys.argv
    got = {}
    with open(parse_path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                a = json.loads(line)
                got[os.path.basename(a["path"]).split(".")[0]] = a
    counts = dict.fromkeys(
        ["pages", "articles", "headline_stated", "headline_same",
         "headline_og_site_stripped", "headline_not_stated", "date_stated", "date_same",
         "date_other", "date_missing", "date_not_stated", "date_unstated_from_url", "date_unstated_from_time",
         "date_unstated_from_text"], 0)
    notes = []
    for name in sorted(os.listdir(folder)):
        if not re.search(r"\.html?(\.gz)?$", name):
            continue
        page_id = name.split(".")[0]
        counts["pages"] += 1
        s = stated(os.path.join(folder, name))
        a = got.get(page_id)
        if a is None:
            notes.append(f"{page_id[:12]}: no article")
            continue
        counts["articles"] += 1
        want = s["headline"] or s["og_title"]
        if want:
            counts["headline_stated"] += 1
            h = norm(a["headline"])
            if h == want:
                counts["headline_same"] += 1
            elif not s["headline"] and s["site"] and any(
                want in (f"{h}{sep}{s['site']}", f"{s['site']}{sep}{h}") for sep in (" | ", " - ", " \u2014 ", " \u2013 ")
            ):
                counts["headline_og_site_stripped"] += 1
            else:
                notes.append(f"{page_id[:12]}: headline {a['headline']!r}, stated {want!r}")
        else:
            counts["headline_not_stated"] += 1
        if s["date"]:
            counts["date_stated"] += 1
            if a["date"] == s["date"]:
                counts["date_same"] += 1
            elif a["date"] is None:
                counts["date_missing"] += 1
                notes.append(f"{page_id[:12]}: no date, stated {s['date']}")
            else:
                counts["date_other"] += 1
                notes.append(f"{page_id[:12]}: date {a['date']}, stated {s['date']}")
        else:
            counts["date_not_stated"] += 1
            if a["date"] in s["url_days"]:
                counts["date_unstated_from_url"] += 1
            elif a["date"] in s["times"]:
                counts["date_unstated_from_time"] += 1
            elif a["date"]:
                counts["date_unstated_from_text"] += 1
                notes.append(f"{page_id[:12]}: date {a['date']} from the text (the metadata states none)")
    for k, v in counts.items():
        print(f"{k:28} {v}")
    if listing:
        print()
        print("\n".join(notes))


if __name__ == "__main__":
    main()
