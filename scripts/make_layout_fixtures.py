#!/usr/bin/env python3
"""Build the "news-page layout" test fixtures from real stories.

Usage (from the repository root):

    python3 scripts/make_layout_fixtures.py ../shared/corpora

It reads two public corpora under the given directory and (re)writes
tests/fixtures/layout/ (relative to this script's repository, not to the
current directory):

* reuters21578/reut2-*.sgm  (Reuters-21578, Distribution 1.0; read as Latin-1)
* bbc/<category>/NNN.txt     (BBC full-text dataset, Greene & Cunningham; UTF-8)

Every dump file X.txt gets a sibling X.expected.jsonl: one JSON object per
article, in file order, with the keys

    headline, caption, credit, body, date, dateline, source

The expected values come from the SOURCE DATA and from the choices this
script makes while writing the dump (which caption, which dateline form),
never from any parser of newsdex.

The layout written for one article (see tests/fixtures/layout/README.md):

    HEADLINE
    <blank>
    CAPTION (credit)          <- 0, 1 or 2 caption lines
    CAPTION (credit)
    TT
    20                        <- font-size widget, 20 or another number
    <blank>
    HEADLINE
    <blank>
    CAPTION (credit)          <- same caption lines again, then a blank
    CAPTION (credit)
    <blank>
    paragraph 1
    <blank>
    paragraph 2 ...

Articles are separated by runs of blank lines (3 unless a variant says
otherwise).

Reuters stories: only records with TITLE, DATELINE and BODY (no TEXT TYPE)
whose BODY ends with a "Reuter"/"REUTER" sign-off line, whose dateline has
the form "PLACE[, QUALIFIER], Mon D -", and whose body is plain prose (no
tables, no blank lines, no tabs, no leftover control characters, no "^M",
no non-ASCII bytes, every paragraph at least 4 words ending in sentence
punctuation). The dateline is re-attached to the first paragraph the way the
wire wrote it ("SALVADOR, Feb 26 - Showers continued ..."), the sign-off is
removed, and the hard-wrapped lines are reflowed into one line per paragraph
(a Reuters paragraph starts with an indented line). Stories are grouped by
the day of their DATE tag. Exact duplicate stories (same headline and body)
are kept only once.

Reuters has no photos: where an article needs a caption the script writes a
clearly synthetic one, "File photo related to: <headline in sentence
case>. (Reuters)"; the expected caption is the text without the
parenthesized credit, the expected credit is "Reuters". BBC stories get
"(BBC)" the same way.

Deterministic: corpora are read in sorted order, choices use a fixed random
seed, and output is written with LF (or CRLF where a variant says so).
Stdlib only.
"""

import glob
import json
import os
import random
import re
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "tests" / "fixtures" / "layout"
SEED = 20240602

MONTHS = {m: i for i, m in enumerate(
    "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), start=1)}

# "SALVADOR, Feb 26 -", "PORTLAND, Ore., Feb 26 -", "Caracas, feb 26 -"
DATELINE_RE = re.compile(
    r"^(?P<place>[A-Za-z][A-Za-z.'&-]*(?: [A-Za-z][A-Za-z.'&-]*)*)"
    r"(?:, [A-Za-z][A-Za-z. ]*)?"
    r", (?P<mon>[A-Za-z]{3,9}\.?) (?P<day>\d{1,2}) -$")
SENTENCE_END = ('.', '!', '?', '"', "'", ')')
BARE_NUMBER_RE = re.compile(r"[\d.,]+")
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class Story:
    def __init__(self, headline, paragraphs, date, dateline, source):
        self.headline = headline
        self.paragraphs = paragraphs    # list of single-line strings
        self.date = date                # "YYYY-MM-DD" or None
        self.dateline = dateline        # place as written, or None
        self.source = source


# ---------------------------------------------------------------- Reuters

def decode_sgml(text):
    """Decode &#N; and the named refs Reuters-21578 uses; drop control chars."""
    text = re.sub(r"&#(\d+);", lambda m: chr(int(m.group(1))), text)
    text = (text.replace("&lt;", "<").replace("&gt;", ">")
            .replace("&quot;", '"').replace("&amp;", "&"))
    return CONTROL_RE.sub("", text)


def one_line(text):
    return " ".join(text.split())


def reuters_body(raw_dateline, raw_body):
    """Return (paragraphs, place) or None if the story is not clean prose."""
    dateline = one_line(raw_dateline)
    m = DATELINE_RE.match(dateline)
    if not m:
        return None
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
    # Tables: internal runs of 3+ spaces. Keep prose only.
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
    if any(not p for p in paras):
        return None
    paras[0] = dateline + " " + paras[0]
    for p in paras:
        if len(p.split()) < 4 or not p.endswith(SENTENCE_END):
            return None
    return paras, m.group("place")


def load_reuters(corpus):
    files = sorted(glob.glob(os.path.join(corpus, "reuters21578", "reut2-*.sgm")))
    if not files:
        sys.exit(f"no reut2-*.sgm under {corpus}/reuters21578")
    stories = []
    seen = set()
    for path in files:
        name = os.path.basename(path)
        with open(path, encoding="latin-1") as f:
            text = f.read()
        for rec in re.finditer(r"<REUTERS ([^>]*)>(.*?)</REUTERS>", text, re.S):
            newid = re.search(r'NEWID="(\d+)"', rec.group(1)).group(1)
            body = rec.group(2)
            if not re.search(r"<TEXT>", body):          # BRIEF / UNPROC
                continue
            d = re.search(r"<DATE>\s*(\d{1,2})-([A-Z]{3})-(\d{4})", body)
            t = re.search(r"<TITLE>(.*?)</TITLE>", body, re.S)
            dl = re.search(r"<DATELINE>(.*?)</DATELINE>", body, re.S)
            b = re.search(r"<BODY>(.*?)</BODY>", body, re.S)
            if not (d and t and dl and b):
                continue
            headline = one_line(decode_sgml(t.group(1)))
            if not headline or headline == "TT" or BARE_NUMBER_RE.fullmatch(headline):
                continue
            got = reuters_body(dl.group(1), b.group(1))
            if got is None:
                continue
            paras, place = got
            if headline in paras:
                continue
            key = (headline, tuple(paras))
            if key in seen:
                continue
            seen.add(key)
            date = "%s-%02d-%02d" % (d.group(3), MONTHS[d.group(2)], int(d.group(1)))
            stories.append(Story(headline, paras, date, place,
                                 f"reuters21578 {name} NEWID={newid}"))
    return stories


# -------------------------------------------------------------------- BBC

BBC_DATELINE_RE = re.compile(r"^[A-Z][A-Z .'-]+(?:, [^-]{1,30})?(?: \([^)]*\))? [-\u2014] ")


def load_bbc(corpus, category):
    stories = []
    for path in sorted(glob.glob(os.path.join(corpus, "bbc", category, "*.txt"))):
        rel = f"{category}/{os.path.basename(path)}"
        if rel == "sport/199.txt":       # lone 0xA3 byte: not UTF-8
            continue
        with open(path, "rb") as f:
            data = f.read()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if "\r" in text or CONTROL_RE.search(text) or re.search(r"[ \t\u00a0]\n", text):
            continue
        text = text.rstrip("\n")
        if "\n\n\n" in text:
            continue
        blocks = text.split("\n\n")
        headline, paras = blocks[0], blocks[1:]
        if "\n" in headline or headline != headline.strip() or not headline:
            continue
        if not paras or any("\n" in p or p != p.strip() or not p for p in paras):
            continue
        if any(p == "TT" or BARE_NUMBER_RE.fullmatch(p) for p in paras):
            continue
        if headline in paras or BBC_DATELINE_RE.match(paras[0]):
            continue
        stories.append(Story(headline, paras, None, None, f"bbc {rel}"))
    return stories


# ---------------------------------------------------------------- writing

def sentence_case(headline):
    if headline.upper() == headline:
        return headline[:1].upper() + headline[1:].lower()
    return headline


class Article:
    """A story plus the layout choices made for it in one dump file."""

    def __init__(self, story, captions=2, credit="Reuters", tt="20",
                 paragraphs=None, dateline=None):
        self.story = story
        self.captions = captions        # 0, 1 or 2 caption lines
        self.credit = credit if captions else None
        self.caption = (f"File photo related to: {sentence_case(story.headline)}."
                        if captions else None)
        self.tt = tt
        self.paragraphs = paragraphs if paragraphs is not None else story.paragraphs
        self.dateline = dateline if dateline is not None else story.dateline

    def lines(self):
        h = self.story.headline
        cap = [f"{self.caption} ({self.credit})"] * self.captions
        out = [h, ""] + cap + ["TT", self.tt, "", h, ""]
        if cap:
            out += cap + [""]
        for i, p in enumerate(self.paragraphs):
            if i:
                out.append("")
            out.append(p)
        return out

    def expected(self, date):
        return {
            "headline": self.story.headline,
            "caption": self.caption,
            "credit": self.credit,
            "body": "\n\n".join(self.paragraphs),
            "date": date,
            "dateline": self.dateline,
            "source": self.story.source,
        }


def write_dump(rel, articles, date, separators=None, eol="\n",
               trailing=None, final=""):
    """Write OUT/rel and its .expected.jsonl.

    separators: list of blank-line counts between articles (default 3).
    trailing:   random.Random used to add trailing spaces/tabs to lines.
    final:      what follows the last article's last line (e.g. "\n").
    """
    lines = []
    for i, art in enumerate(articles):
        if i:
            n = separators[(i - 1) % len(separators)] if separators else 3
            lines += [""] * n
        lines += art.lines()
    if trailing is not None:
        pads = [" ", "  ", "\t", " \t", "   ", "\t\t"]
        lines = [line + (trailing.choice(pads) if trailing.random() < 0.6 else "")
                 for line in lines]
    text = eol.join(lines) + final.replace("\n", eol)
    path = OUT / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    exp = path.with_name(path.name[:-len(".txt")] + ".expected.jsonl")
    with open(exp, "w", encoding="utf-8", newline="\n") as f:
        for art in articles:
            f.write(json.dumps(art.expected(date), ensure_ascii=False) + "\n")
    for art in articles:                 # the promises made in the brief
        assert art.story.headline and "\n" not in art.story.headline
        for p in art.paragraphs:
            assert p and "\n" not in p and p == p.strip()
            assert p != "TT" and not BARE_NUMBER_RE.fullmatch(p)
    return rel, len(articles), date, path.stat().st_size


# ------------------------------------------------------------------- main

def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__.split("\n\n")[1])
    corpus = sys.argv[1]
    reuters = load_reuters(corpus)
    by_day = {}
    for s in reuters:
        by_day.setdefault(s.date, []).append(s)
    used = set()

    def take(day, n, pred=lambda s: True):
        got = [s for s in by_day[day] if s.source not in used and pred(s)][:n]
        if len(got) < n:
            sys.exit(f"only {len(got)} suitable stories on {day}, wanted {n}")
        used.update(s.source for s in got)
        return got

    for sub in ("reuters", "variants", "big", "bbc"):
        shutil.rmtree(OUT / sub, ignore_errors=True)
    made = []

    # 3. big: the day with the most usable stories, all of them, no captions.
    big_day = max(sorted(by_day), key=lambda d: len(by_day[d]))
    big = [Article(s, captions=0) for s in take(big_day, len(by_day[big_day]))]
    made.append(write_dump(f"big/{big_day}.txt", big, big_day, final="\n"))

    # datelines (chosen before the day files so that NEWID=1, the SALVADOR
    # story, stays free): real stories of several days, only the dateline
    # prefix rewritten.
    def first_with(place, n=1):
        got = [s for s in reuters if s.dateline == place and s.source not in used][:n]
        if len(got) < n:
            sys.exit(f"not enough stories datelined {place}")
        used.update(s.source for s in got)
        return got

    def rewrite(story, prefix, own_paragraph=False):
        """Replace "PLACE, Mon D - " at the start of paragraph 1."""
        first = story.paragraphs[0]
        m = re.match(r"^.*? - ", first)
        rest = first[m.end():]
        if own_paragraph:
            return [prefix] + [rest] + story.paragraphs[1:]
        return [prefix + rest] + story.paragraphs[1:]

    beirut = first_with("BEIRUT", 2)
    wash = first_with("WASHINGTON")[0]
    baghdad = first_with("BAGHDAD")[0]
    salvador = [s for s in reuters if s.dateline == "SALVADOR"
                and s.paragraphs[0].startswith("SALVADOR, Feb 26 - ")
                and s.source not in used][0]
    used.add(salvador.source)
    arts = [
        Article(beirut[0], paragraphs=rewrite(beirut[0], "BEIRUT - "), dateline="BEIRUT"),
        Article(beirut[1], captions=0,
                paragraphs=rewrite(beirut[1], "BEIRUT \u2014 "), dateline="BEIRUT"),
        Article(wash, paragraphs=rewrite(wash, "WASHINGTON (Reuters) - "),
                dateline="WASHINGTON"),
        Article(salvador, captions=1),
        Article(baghdad, paragraphs=rewrite(baghdad, "Baghdad - Asharq Al-Awsat",
                                            own_paragraph=True), dateline="Baghdad"),
    ]
    made.append(write_dump("variants/datelines.txt", arts, None, final="\n"))

    # 1. standard day files, with two caption lines each.
    for day, n in [("1987-02-26", 5), ("1987-03-02", 8), ("1987-03-16", 10),
                   ("1987-04-01", 12), ("1987-06-01", 15), ("1987-10-19", 7)]:
        arts = [Article(s) for s in take(day, n)]
        made.append(write_dump(f"reuters/{day}.txt", arts, day, final="\n"))

    # 2. variants; path-date styles: YYYY-MM-DD, YYYYMMDD, YYYY/MM/DD/.
    def path_of(style, day, name):
        y, m, d = day.split("-")
        return {"dash": f"variants/{day}/{name}.txt",
                "compact": f"variants/{name}-{y}{m}{d}.txt",
                "slash": f"variants/{y}/{m}/{d}/{name}.txt"}[style]

    day = "1987-03-03"
    arts = [Article(s, captions=0) for s in take(day, 6)]
    made.append(write_dump(path_of("dash", day, "no-photo"), arts, day, final="\n"))

    day = "1987-03-04"
    arts = [Article(s, captions=1) for s in take(day, 5)]
    made.append(write_dump(path_of("compact", day, "caption-once"), arts, day, final="\n"))

    day = "1987-03-05"
    arts = [Article(s, tt=tt) for s, tt in zip(take(day, 6), ["16", "24", "14", "16", "24", "14"])]
    made.append(write_dump(path_of("slash", day, "tt-other-number"), arts, day, final="\n"))

    day = "1987-03-09"
    arts = [Article(s, captions=c) for s, c in zip(take(day, 5), [2, 0, 2, 1, 2])]
    made.append(write_dump(path_of("dash", day, "crlf"), arts, day, eol="\r\n", final="\n"))

    day = "1987-03-11"
    arts = [Article(s, captions=c) for s, c in zip(take(day, 5), [2, 0, 1, 2, 2])]
    made.append(write_dump(path_of("compact", day, "trailing-spaces"), arts, day,
                           trailing=random.Random(SEED + 1), final="\n"))

    day = "1987-03-12"
    arts = [Article(s) for s in take(day, 1)]
    made.append(write_dump(path_of("slash", day, "one-article"), arts, day, final=""))

    day = "1987-03-13"
    caps = [2, 0, 1, 0, 2, 1, 2, 0]
    arts = [Article(s, captions=c) for s, c in zip(take(day, 8), caps)]
    made.append(write_dump(path_of("slash", day, "mixed"), arts, day,
                           separators=[2, 3, 5, 2, 5, 3, 2], final="\n\n\n\n\n"))

    # BBC: no dates anywhere, so no date in the path.
    arts = [Article(s, credit="BBC") for s in load_bbc(corpus, "business")[:8]]
    made.append(write_dump("bbc/business-sample.txt", arts, None, final="\n"))
    arts = []
    for cat, caps in [("entertainment", [2, 0]), ("politics", [1, 2]),
                      ("sport", [0, 2]), ("tech", [2, 1])]:
        arts += [Article(s, captions=c, credit="BBC")
                 for s, c in zip(load_bbc(corpus, cat)[:2], caps)]
    made.append(write_dump("bbc/categories-sample.txt", arts, None, final="\n"))

    write_readme(made)
    total = sum(size for _, _, _, size in made)
    for rel, n, date, size in made:
        print(f"{rel:50} {n:5} articles  date={date}  {size} bytes")
    print(f"total dump bytes: {total}")


def write_readme(made):
    rows = "\n".join(
        f"| `{rel}` | {n} | {date or 'null'} | {size:,} |" for rel, n, date, size in made)
    text = README.replace("@TABLE@", rows)
    with open(OUT / "README.md", "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


README = """\
# Fixtures: the "news-page layout" dump format

Generated files; do not edit by hand. Rebuild them, from the repository root, with

    python3 scripts/make_layout_fixtures.py ../shared/corpora

The script is deterministic (sorted input, fixed seed, stdlib only), so a rerun
gives byte-identical files. Its docstring describes every filtering rule.

## What each file is

Each dump `X.txt` is a page-text dump in the layout our first users have
(headline, caption lines, the `TT` / number font-size widget, the headline again,
the captions again, then the body paragraphs; articles separated by runs of blank
lines). Next to it, `X.expected.jsonl` has one JSON object per article, in file
order, with the ground truth taken from the source corpus, never from a parser:

| key | value |
| --- | --- |
| `headline` | the headline line (Reuters `TITLE`, BBC line 1) |
| `caption` | caption text without the parenthesized credit, or null when the article has no caption lines |
| `credit` | the text inside the caption's final parentheses (`Reuters` / `BBC`), or null |
| `body` | the paragraphs joined by `"\\n\\n"`, exactly as in the dump less trailing whitespace; it includes the dateline prefix ("SALVADOR, Feb 26 - Showers ...") |
| `date` | `YYYY-MM-DD` that the file's path gives, or null when the path has no date |
| `dateline` | the dateline's place as written (the city only: `PORTLAND, Ore., Feb 26 -` gives `PORTLAND`), or null |
| `source` | `reuters21578 reut2-NNN.sgm NEWID=N` or `bbc <category>/NNN.txt` |

Captions are synthetic test furniture (neither corpus has photos):
`File photo related to: <headline in sentence case>. (Reuters)` (or `(BBC)`).

Path dates use three styles: `reuters/1987-02-26.txt` and
`variants/1987-03-03/no-photo.txt` (`YYYY-MM-DD`), `variants/caption-once-19870304.txt`
(`YYYYMMDD`), `variants/1987/03/05/tt-other-number.txt` (`YYYY/MM/DD/`).
The date is the day of the Reuters `DATE` tag; every dated file holds stories of
that day only. `variants/datelines.txt` mixes days and `bbc/` has no dates, so
their expected date is null.

Variants:

- `no-photo`: no caption lines in either place.
- `caption-once`: one caption line in each place.
- `tt-other-number`: `TT` followed by 16, 24 or 14.
- `crlf`: CRLF line ends throughout (some articles without captions, one with one).
- `trailing-spaces`: spaces/tabs after about 60% of lines, blank lines included.
- `one-article`: a single article; the file ends right after its last paragraph,
  with no final newline.
- `mixed`: captions twice, once or not at all; separators of 2, 3 and 5 blank
  lines; the file ends with blank lines.
- `datelines`: real Reuters stories with only the dateline prefix rewritten:
  `BEIRUT - `, `BEIRUT \u2014 ` (em dash), `WASHINGTON (Reuters) - `, the original
  `SALVADOR, Feb 26 - `, and a first paragraph that is only `Baghdad - Asharq Al-Awsat`
  (an attribution invented for the test, on a Reuters story datelined BAGHDAD).
- `big/`: every usable story of the busiest day in the collection, no captions.

## Files

| file | articles | date | bytes |
| --- | ---: | --- | ---: |
@TABLE@

## Sources and terms

- **Reuters-21578, Distribution 1.0** (David D. Lewis; articles from the Reuters
  newswire, 1987; annotations by Carnegie Group, Inc. and Reuters Ltd.). From its
  README: "The copyright for the text of newswire articles and Reuters annotations in
  the Reuters-21578 collection resides with Reuters Ltd. Reuters Ltd. and Carnegie
  Group, Inc. have agreed to allow the free distribution of this data *for research
  purposes only*. If you publish results based on this data set, please acknowledge
  its use, refer to the data set by the name "Reuters-21578, Distribution 1.0", and
  inform your readers of the current location of the data set." Used here for
  research/testing only.
- **BBC News full-text dataset** (2,225 BBC News website stories, 2004-2005), created by
  Derek Greene and P\u00e1draig Cunningham, University College Dublin,
  http://mlg.ucd.ie/datasets/bbc.html . Please cite: D. Greene and P. Cunningham.
  "Practical Solutions to the Problem of Diagonal Dominance in Kernel Document
  Clustering", Proc. ICML 2006. All rights, including copyright, in the content of the
  original articles are owned by the BBC.

Provenance of both copies is in `shared/corpora/{reuters21578,bbc}/SOURCE.md`.

## How Reuters stories were turned into articles

Kept: records with `TITLE`, `DATELINE` and `BODY` ending in a `Reuter`/`REUTER`
sign-off, a dateline of the form `PLACE[, QUALIFIER], Mon D -`, and prose only (no
tables, no blank or tab lines, no leftover control characters, `^M` or non-ASCII,
every paragraph at least 4 words and ending in sentence punctuation, no paragraph
equal to the headline). Exact duplicates (same headline and body) are kept once.
The headline is `TITLE` with SGML references decoded and control characters dropped.
The body is `DATELINE` + `BODY` with whitespace normalized, the sign-off and `&#3;`
removed, and the wrapped lines joined into one line per paragraph (a Reuters paragraph
starts with an indented line). BBC files are used as they are (headline line 1,
paragraphs after it); files with lists, odd spacing or a dateline-like opening were
skipped, and so was `sport/199.txt` (not valid UTF-8).
"""


if __name__ == "__main__":
    main()
