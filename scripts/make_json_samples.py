#!/usr/bin/env python3
"""Build the JSON sample dumps and their expected results from real stories.

Usage (from the repository root):

    python3 scripts/make_json_samples.py ../shared/corpora

It reads two public corpora under the given directory and (re)writes, relative
to this script's repository:

* corpus/json/bbc-sample.jsonl: 10 BBC stories (business, entertainment,
  politics, sport, tech: 001.txt and 002.txt of each) as JSON Lines with
  news-please's keys: title, maintext, date_publish, url, plus
  source_domain and language. The BBC dataset gives no dates, so
  date_publish is null. The url is synthetic and says so:
  "bbc-dataset:<category>/<NNN>.txt", the story's file in the dataset.
  maintext is written the way news-please writes it: one line per
  paragraph, no blank lines (each source paragraph reflowed to one line).
* corpus/json/reuters-sample.json: the first 10 clean stories of
  reut2-000.sgm (Reuters-21578) as a pretty-printed JSON array with the keys
  id ("reuters-21578:<NEWID>"), headline (<TITLE>), published (<DATE> in RFC
  3339: the source gives no time zone, so the offset is -00:00, RFC 3339's
  "local offset unknown"), dateline (<DATELINE>, whitespace collapsed) and
  body (<BODY> paragraphs, reflowed, separated by blank lines; the
  "Reuter" sign-off removed). "Clean" follows make_layout_fixtures.py:
  TITLE, DATELINE and BODY present, a sign-off, a "PLACE[, QUALIFIER], Mon D
  -" dateline, prose paragraphs (no tables, tabs or control characters).
* tests/fixtures/json/<sample>.expected.jsonl: one object per story, in file
  order, with what the SOURCE says, never what a parser of newsdex says:
  id, headline, body (paragraphs joined by a blank line), date (YYYY-MM-DD
  or null), stated_date and stated_dateline (the sample's published and
  dateline values, or null), dateline (the Reuters dateline without its
  dash, or null), place (the dateline's place as written, or null), line
  and offset (where the story's object starts in the sample), source.

Deterministic: fixed file choices, sorted input, stdlib only, LF line ends.
"""

import glob
import json
import os
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS_OUT = REPO / "corpus" / "json"
FIXTURES_OUT = REPO / "tests" / "fixtures" / "json"

BBC_CATEGORIES = ["business", "entertainment", "politics", "sport", "tech"]
BBC_FILES = ["001.txt", "002.txt"]
REUTERS_FILE = "reut2-000.sgm"
REUTERS_COUNT = 10

MONTHS = {m: i for i, m in enumerate(
    "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), start=1)}
DATELINE_RE = re.compile(
    r"^(?P<place>[A-Za-z][A-Za-z.'&-]*(?: [A-Za-z][A-Za-z.'&-]*)*)"
    r"(?:, [A-Za-z][A-Za-z. ]*)?"
    r", (?P<mon>[A-Za-z]{3,9}\.?) (?P<day>\d{1,2}) -$")
DATE_RE = re.compile(
    r"^\s*(\d{1,2})-([A-Z]{3})-(\d{4}) (\d\d):(\d\d):(\d\d)(?:\.(\d+))?\s*$")
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
SENTENCE_END = ('.', '!', '?', '"', "'", ')')


def one_line(text):
    return " ".join(text.split())


def decode_sgml(text):
    text = re.sub(r"&#(\d+);", lambda m: chr(int(m.group(1))), text)
    text = (text.replace("&lt;", "<").replace("&gt;", ">")
            .replace("&quot;", '"').replace("&amp;", "&"))
    return CONTROL_RE.sub("", text)


# -------------------------------------------------------------------- BBC

def bbc_stories(corpus):
    stories = []
    for category in BBC_CATEGORIES:
        for name in BBC_FILES:
            rel = f"{category}/{name}"
            with open(os.path.join(corpus, "bbc", category, name), "rb") as f:
                text = f.read().decode("utf-8")
            lines = text.split("\n")
            headline = lines[0].strip()
            paragraphs, block = [], []
            for line in lines[1:] + [""]:
                if line.strip():
                    block.append(line.strip())
                elif block:
                    paragraphs.append(" ".join(block))
                    block = []
            stories.append({
                "headline": headline,
                "paragraphs": paragraphs,
                "id": f"bbc-dataset:{rel}",
                "source": f"bbc {rel}",
            })
    return stories


def write_bbc(stories):
    out, expected = [], []
    line, offset = 1, 0
    for s in stories:
        obj = {
            "title": s["headline"],
            "maintext": "\n".join(s["paragraphs"]),
            "date_publish": None,
            "url": s["id"],
            "source_domain": "bbc-dataset",
            "language": "en",
        }
        text = json.dumps(obj, ensure_ascii=False) + "\n"
        out.append(text)
        expected.append(expect(s, None, None, None, None, None, line, offset))
        line += 1
        offset += len(text.encode("utf-8"))
    return "".join(out), expected


# ---------------------------------------------------------------- Reuters

def reuters_paragraphs(raw_body):
    """The body's paragraphs, or None when the story is not clean prose."""
    if not raw_body.rstrip().endswith("&#3;"):
        return None
    raw = raw_body.rstrip()[:-len("&#3;")]
    if re.search(r"&#\d+;", raw) or "^M" in raw or "\t" in raw:
        return None
    if any(ord(c) > 127 for c in raw):
        return None
    lines = raw.split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines or lines[-1].strip().lower() != "reuter":
        return None
    lines.pop()
    if not lines or any(not line.strip() for line in lines):
        return None
    if any("   " in line.strip() for line in lines):
        return None
    paras = []
    for i, line in enumerate(lines):
        if i > 0 and line[:1].isspace():
            paras.append([line])
        elif paras:
            paras[-1].append(line)
        else:
            paras.append([line])
    paras = [one_line(decode_sgml(" ".join(p))) for p in paras]
    if any(len(p.split()) < 4 or not p.endswith(SENTENCE_END) for p in paras):
        return None
    return paras


def reuters_stories(corpus):
    path = os.path.join(corpus, "reuters21578", REUTERS_FILE)
    with open(path, encoding="latin-1") as f:
        text = f.read()
    stories = []
    for rec in re.finditer(r"<REUTERS ([^>]*)>(.*?)</REUTERS>", text, re.S):
        newid = re.search(r'NEWID="(\d+)"', rec.group(1)).group(1)
        body = rec.group(2)
        if "<TEXT>" not in body:
            continue
        d = re.search(r"<DATE>(.*?)</DATE>", body, re.S)
        t = re.search(r"<TITLE>(.*?)</TITLE>", body, re.S)
        dl = re.search(r"<DATELINE>(.*?)</DATELINE>", body, re.S)
        b = re.search(r"<BODY>(.*?)</BODY>", body, re.S)
        if not (d and t and dl and b):
            continue
        date = DATE_RE.match(d.group(1))
        dateline = one_line(decode_sgml(dl.group(1)))
        place = DATELINE_RE.match(dateline)
        paragraphs = reuters_paragraphs(b.group(1))
        headline = one_line(decode_sgml(t.group(1)))
        if not (date and place and paragraphs and headline):
            continue
        day, mon, year, hh, mm, ss, frac = date.groups()
        published = "%s-%02d-%02dT%s:%s:%s%s-00:00" % (
            year, MONTHS[mon], int(day), hh, mm, ss, "." + frac if frac else "")
        stories.append({
            "headline": headline,
            "paragraphs": paragraphs,
            "id": f"reuters-21578:{newid}",
            "published": published,
            "date": "%s-%02d-%02d" % (year, MONTHS[mon], int(day)),
            "dateline": dateline,
            "place": place.group("place"),
            "source": f"reuters21578 {REUTERS_FILE} NEWID={newid}",
        })
        if len(stories) == REUTERS_COUNT:
            break
    return stories


def write_reuters(stories):
    out, expected = ["[\n"], []
    line, offset = 2, 2
    for i, s in enumerate(stories):
        obj = {
            "id": s["id"],
            "headline": s["headline"],
            "published": s["published"],
            "dateline": s["dateline"],
            "body": "\n\n".join(s["paragraphs"]),
        }
        element = "\n".join("  " + l for l in
                            json.dumps(obj, indent=2, ensure_ascii=False).split("\n"))
        element += ",\n" if i + 1 < len(stories) else "\n"
        out.append(element)
        expected.append(expect(s, s["date"], s["published"], s["dateline"],
                               s["dateline"].rstrip(" -"), s["place"], line, offset + 2))
        line += element.count("\n")
        offset += len(element.encode("utf-8"))
    out.append("]\n")
    return "".join(out), expected


# ---------------------------------------------------------------- writing

def expect(story, date, stated_date, stated_dateline, dateline, place, line, offset):
    return {
        "id": story["id"],
        "headline": story["headline"],
        "body": "\n\n".join(story["paragraphs"]),
        "date": date,
        "stated_date": stated_date,
        "stated_dateline": stated_dateline,
        "dateline": dateline,
        "place": place,
        "line": line,
        "offset": offset,
        "source": story["source"],
    }


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_json_samples.py CORPORA_DIR")
    corpus = sys.argv[1]
    for name, (text, expected) in [
        ("bbc-sample.jsonl", write_bbc(bbc_stories(corpus))),
        ("reuters-sample.json", write_reuters(reuters_stories(corpus))),
    ]:
        write(CORPUS_OUT / name, text)
        stem = name.rsplit(".", 1)[0]
        write(FIXTURES_OUT / f"{stem}.expected.jsonl",
              "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in expected))
        print(f"{name}: {len(expected)} stories")


if __name__ == "__main__":
    main()
