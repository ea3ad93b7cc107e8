#!/usr/bin/env python3
"""Build the mixed dateline set: real stories laid out as news pages, with
a mix of dateline styles (issue 11 part 2).

Usage (from the repository root):

    python3 scripts/make_dateline_set.py ../shared/corpora OUT_DIR

It reads Reuters-21578 and the BBC full-text dataset with the loaders of
scripts/make_layout_fixtures.py (the same clean-prose stories, the same
news-page layout) and writes OUT_DIR/NNN.txt, each a dump of Reuters and
BBC stories shuffled together, with OUT_DIR/NNN.expected.jsonl beside it:
one JSON object per article, in file order, with the keys

    source, dateline

`dateline` is the place the story's first paragraph opens with, exactly as
this script wrote it, or null for a BBC story (the BBC dataset has no
datelines: those stories test that no false one is found). A Reuters
story's place is its own DATELINE tag's, rewritten in one of the styles
below; the expected values come from the source corpora and from the
choices this script makes, never from any parser of newsdex.

Styles, for a tag "PLACE[, Region], Mon D -" (the bare, colon, title,
em and en styles only for a place the wire wrote without a region, as
wires write only well-known places alone; region, tag and agency for the
others):

    tag      PLACE[, Region], Mon D - ...       (as the wire wrote it)
    agency   PLACE, Mon D (Reuters) - ...
    bare     PLACE - ...
    colon    PLACE: ...
    region   PLACE, Region (Reuters) - ...      (stories with a region)
    title    Place - ...                        (the place in title case)
    em       Place (Reuters) \u2014 ...
    en       Place \u2013 ...

Deterministic: corpora are read in sorted order and choices use a fixed
random seed. Stdlib only.
"""

import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_layout_fixtures as layout  # noqa: E402

SEED = 20261207
PER_FILE = 20
REUTERS = 1500
BBC = 1500
STYLES = ["tag", "agency", "bare", "colon", "title", "em", "en"]
# The styles for a place the wire itself wrote with a region.
ALONE_NOT = ["tag", "agency", "region"]

# "PLACE[, Region], Mon D - rest" at the start of a Reuters first paragraph.
OPENING = re.compile(
    r"^(?P<place>.*?)(?:, (?P<region>[A-Za-z][A-Za-z. ]*))?"
    r", (?P<date>[A-Za-z]{3,9}\.? \d{1,2}) - (?P<rest>.*)$")


def title(place):
    """SAO PAULO -> Sao Paulo, ST. LOUIS -> St. Louis, WINSTON-SALEM ->
    Winston-Salem."""
    return re.sub(r"[A-Za-z]+", lambda m: m.group(0).capitalize(), place.lower())


def restyle(story, style):
    """(first paragraph, place as written) in `style`, or None when the
    story's opening does not fit it."""
    m = OPENING.match(story.paragraphs[0])
    if not m or m.group("place") != story.dateline:
        return None
    place, region, date, rest = (m.group("place"), m.group("region"),
                                 m.group("date"), m.group("rest"))
    if style == "tag":
        return story.paragraphs[0], place
    if style == "agency":
        return f"{place}, {date} (Reuters) - {rest}", place
    if style == "bare":
        return f"{place} - {rest}", place
    if style == "colon":
        return f"{place}: {rest}", place
    if style == "region":
        if not region:
            return None
        return f"{place}, {region} (Reuters) - {rest}", place
    titled = title(place)
    if style == "title":
        return f"{titled} - {rest}", titled
    if style == "em":
        return f"{titled} (Reuters) \u2014 {rest}", titled
    if style == "en":
        return f"{titled} \u2013 {rest}", titled
    raise ValueError(style)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.split("\n\n")[1])
    corpus, out = sys.argv[1], Path(sys.argv[2])
    rng = random.Random(SEED)
    reuters = layout.load_reuters(corpus)
    bbc = [s for c in ("business", "entertainment", "politics", "sport", "tech")
           for s in layout.load_bbc(corpus, c)]
    rng.shuffle(reuters)
    rng.shuffle(bbc)
    articles = []
    for story in reuters:
        if len(articles) == REUTERS:
            break
        # A place the wire wrote with a region (a state, a country) is never
        # written alone: "ARMONK, N.Y." does not become "ARMONK -".
        m = OPENING.match(story.paragraphs[0])
        if not m:
            continue
        style = rng.choice(ALONE_NOT if m.group("region") else STYLES)
        got = restyle(story, style)
        if got is None:
            got = restyle(story, "tag")
        if got is None:
            continue
        first, place = got
        paragraphs = [first] + story.paragraphs[1:]
        articles.append(layout.Article(story, captions=rng.choice([0, 1, 2]),
                                       paragraphs=paragraphs, dateline=place))
    if len(articles) < REUTERS:
        sys.exit(f"only {len(articles)} Reuters stories fit, wanted {REUTERS}")
    for story in bbc[:BBC]:
        articles.append(layout.Article(story, captions=rng.choice([0, 1, 2]),
                                       credit="BBC", dateline=None))
    rng.shuffle(articles)
    out.mkdir(parents=True, exist_ok=True)
    for n in range(0, len(articles), PER_FILE):
        chunk = articles[n:n + PER_FILE]
        lines = []
        for i, art in enumerate(chunk):
            if i:
                lines += [""] * 3
            lines += art.lines()
        name = f"{n // PER_FILE:03}"
        with open(out / f"{name}.txt", "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(lines) + "\n")
        with open(out / f"{name}.expected.jsonl", "w", encoding="utf-8",
                  newline="\n") as f:
            for art in chunk:
                f.write(json.dumps({"source": art.story.source,
                                    "dateline": art.dateline},
                                   ensure_ascii=False) + "\n")
    print(f"{len(articles)} articles in {(len(articles) + PER_FILE - 1) // PER_FILE} "
          f"files under {out}")


if __name__ == "__main__":
    main()
