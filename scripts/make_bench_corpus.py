#!/usr/bin/env python3
"""The ~1 GB benchmark corpus shared by scripts/bench_search.sh and
scripts/bench_index.sh: COPIES copies of the 22 Reuters-21578 .sgm files
(27.6 MB, 21,578 records), one folder per copy (copy01/ ...).

    python3 scripts/make_bench_corpus.py REUTERS_DIR CORPUS_DIR COPIES [--force]

Copy NN changes each record so that no story repeats another copy's:

- NEWID="n" becomes NN*100000+n (distinct ids);
- the token cNN ends every headline (the TITLE, or an unprocessed item's
  first line);
- the token cNN is also in every body (it opens the BODY text, or ends an
  unprocessed item's first body line, whose start may be a dateline), so
  a fingerprint of the body alone sees the copies as distinct too. The
  1,807 records without a body (mostly TYPE="BRIEF": a headline only)
  carry it in their headline only.

Everything else is kept byte for byte (Latin-1 in, Latin-1 out), so the text
stays real news. Prints "built" or "reused" on stdout: a corpus already in
CORPUS_DIR from this generator version and copy count is reused unless
--force is given.
"""

import json
import os
import re
import shutil
import sys

# Bump when the output changes, so corpora made by an older generator are rebuilt.
VERSION = 2
MARKER = ".bench-corpus"

NEWID = re.compile(r'NEWID="(\d+)"')
TITLE_END = re.compile(r"</TITLE>")
BODY_START = re.compile(r"<BODY>")
# An unprocessed item: its first text line is the headline; the next text
# line (after any blank ones; not the &#3; end mark or the closing tag) is
# the body's first line. Its start may hold the dateline, so the token goes
# at its end.
UNPROC = re.compile(
    r'(<TEXT TYPE="UNPROC">(?:&#\d+;)*\s*)([^\n]*\S)'
    r"(?:([ \t]*\n(?:[ \t]*\n)*)([ \t]*(?!&#\d+;|</TEXT>)[^\n]*\S))?"
)


def make_copy(text: str, c: int, tag: str) -> str:
    text = NEWID.sub(lambda m: f'NEWID="{c * 100000 + int(m.group(1))}"', text)
    text = TITLE_END.sub(f" {tag}</TITLE>", text)
    # A BODY starts after its DATELINE element, so the token can lead it.
    text = BODY_START.sub(f"<BODY>{tag} ", text)

    def unproc(m: re.Match) -> str:
        body = f"{m.group(3)}{m.group(4)} {tag}" if m.group(4) else ""
        return f"{m.group(1)}{m.group(2)} {tag}{body}"

    return UNPROC.sub(unproc, text)


def main() -> int:
    args = [a for a in sys.argv[1:] if a != "--force"]
    force = len(args) != len(sys.argv) - 1
    if len(args) != 3:
        print(__doc__.strip().splitlines()[3].strip(), file=sys.stderr)
        return 2
    src, dst, copies = args[0], args[1], int(args[2])
    want = {"generator": VERSION, "copies": copies}
    marker = os.path.join(dst, MARKER)
    if not force and os.path.exists(marker):
        with open(marker) as fh:
            if json.load(fh) == want:
                print("reused")
                return 0
    files = sorted(f for f in os.listdir(src) if re.fullmatch(r"reut2-\d{3}\.sgm", f))
    if len(files) != 22:
        print(f"{src}: expected the 22 reut2-NNN.sgm files, found {len(files)}", file=sys.stderr)
        return 2
    texts = {}
    for f in files:
        with open(os.path.join(src, f), "rb") as fh:
            texts[f] = fh.read().decode("latin-1")  # one 0xFC byte: keep bytes as they are
    shutil.rmtree(dst, ignore_errors=True)
    os.makedirs(dst)
    width = len(str(copies))
    for c in range(1, copies + 1):
        tag = f"c{c:0{width}d}"
        out = os.path.join(dst, f"copy{c:0{width}d}")
        os.makedirs(out)
        for f, text in texts.items():
            with open(os.path.join(out, f), "wb") as fh:
                fh.write(make_copy(text, c, tag).encode("latin-1"))
    with open(marker, "w") as fh:
        json.dump(want, fh)
    print("built")
    return 0


if __name__ == "__main__":
    sys.exit(main())
