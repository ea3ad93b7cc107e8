#!/usr/bin/env python3
"""Write data/common_words.txt: gazetteer names that are also ordinary English words,
given names or company names, so that the place matcher does not treat them as places
when they are capitalised only because they start a sentence or are in a title.

Usage (from the repo root, after scripts/trim_geonames.py):

    python3 scripts/common_words.py [CORPORA_DIR]

CORPORA_DIR defaults to ../shared/corpora (relative to the repo root) and must hold
bbc/*/*.txt and reuters21578/reut2-*.sgm. Python 3 standard library only; the output
is deterministic (sorted).

Which names are checked: every distinct `name` in data/gazetteer.tsv that is pure ASCII
(a name with diacritics is not an English word) and is not an abbreviation (all
uppercase, or containing a period: "US", "U.K.", "UAE").

A name is FLAGGED when any of these holds:
  1. ordinary word (mechanical): its lowercase form (the same token sequence, lowercase)
     occurs at least LOWERCASE_MAX = 3 times in the running text of the BBC stories
     (title line dropped) and the Reuters-21578 <BODY>s (read as latin-1), AND at least
     LOWERCASE_RATIO = 0.2 times as often as the capitalised form. (The ratio keeps place
     names that careless all-lowercase Reuters bodies write in lowercase, like
     "texas" or "caracas", out of the list.) Same test as common_word() in
     trim_geonames.py;
  2. an English month or weekday name;
  3. in the hand-written lists below: GIVEN_NAMES (given names/surnames common in
     the news), BRANDS (company names), EXTRA_WORDS (words judged common that the corpus
     test misses because the corpora are small).

A flagged name is written to the main list (lowercase) unless it is KEPT: a country
name/alias in the gazetteer, a name in HAND_KEEP (major places the news refers to by
name although they are also people's names: "Paris", "Washington", "Jordan"), or (for
names flagged only by test 1) a name of a city with population >= 1,000,000. Kept names
are written at the end, as comments, under "# ambiguous-but-kept", for reference; the
matcher has to rely on other cues for those.
"""

import collections
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in scripts/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import trim_geonames as T  # noqa: E402  (corpus readers and the common_word test)

MONTHS_WEEKDAYS = {
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
}

# Hand-written: given names and surnames that are also gazetteer names and that the
# news mostly uses for people (or that are frequent enough as names to be unsafe at the
# start of a sentence). Only those present in the gazetteer are written.
GIVEN_NAMES = {
    "Alice", "Aurora", "Austin", "Beverly", "Bush", "Chandler", "Charlotte", "Chester",
    "Clifton", "Clinton", "Darwin", "Dolores", "Douglas", "Elizabeth", "Eugene",
    "Florence", "Franklin", "Hamilton", "Irving", "Jackson", "Kerry", "Kimberley",
    "Kimberly", "Lawrence", "Lincoln", "Marion", "Mercedes", "Milton", "Nelson",
    "Norman", "Regina", "Shelby", "Sherman", "Shirley", "Stanley", "Tracy", "Troy",
    "Tyler", "Vernon", "Victoria", "Warren", "Wilson",
}

# Hand-written: company / brand names that are also gazetteer names.
BRANDS = {
    "Gillette", "Goodyear", "Nokia", "Pontiac", "Toyota",
}

# Hand-written: ordinary words the corpus test misses (too rare in the two corpora).
EXTRA_WORDS = {
    "Bath", "Cardinal", "Commerce", "Hope", "Industry",
}

# Hand-written: major places the news refers to by name, although they are also
# people's names or words. Never put in the main list; listed as ambiguous-but-kept.
HAND_KEEP = {
    "Paris", "Washington", "Jordan", "Georgia", "Chad", "Israel", "Houston", "Dallas",
    "Orlando", "Sofia", "Halifax", "Phoenix", "Sydney", "Adelaide", "Alexandria",
    "Santiago", "Wellington", "Kingston", "Denver", "Jersey", "Turkey", "China",
    "Guinea", "Chile",
}

KEEP_CITY_POP = 1_000_000


def main():
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    cdir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(repo, "..", "shared", "corpora")
    gaz = os.path.join(repo, "data", "gazetteer.tsv")
    out_path = os.path.join(repo, "data", "common_words.txt")

    kinds = collections.defaultdict(set)
    city_pop = collections.Counter()
    for r in T.read_tsv(gaz):
        name, kind, _cc, pop = r[0], r[1], r[2], int(r[3])
        kinds[name].add(kind)
        if kind == "city":
            city_pop[name] = max(city_pop[name], pop)

    names = sorted(n for n in kinds
                   if n.isascii() and not n.isupper() and "." not in n)
    seqs = {t for n in names for t in (T.tokens(n), T.tokens(n.lower()))}
    texts = (t for src in (T.read_bbc(cdir, body_only=True), T.read_reuters(cdir, body_only=True))
             for t in src)
    total, _ = T.count_sequences(texts, seqs)

    def ordinary_word(n):
        low = total.get(T.tokens(n.lower()), 0)
        return low >= T.LOWERCASE_MAX and low >= T.LOWERCASE_RATIO * total.get(T.tokens(n), 0)

    common, kept = {}, {}
    for n in names:
        hand = n in MONTHS_WEEKDAYS or n in GIVEN_NAMES or n in BRANDS or n in EXTRA_WORDS
        mech = ordinary_word(n)
        if not (hand or mech or n in HAND_KEEP):
            continue
        if n in HAND_KEEP or "country" in kinds[n]:
            kept[n.lower()] = n
        elif not hand and city_pop.get(n, 0) >= KEEP_CITY_POP:
            kept[n.lower()] = n
        else:
            common[n.lower()] = n
    for k in list(kept):
        common.pop(k, None)

    tmp = out_path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("# Gazetteer names (data/gazetteer.tsv) that are also ordinary English words, given\n"
                 "# names or company names: do not treat them as places when they are capitalised\n"
                 "# only because they start a sentence or are in a title. One per line, lowercase, sorted.\n"
                 "# Generated by scripts/common_words.py: a name is listed when its lowercase form occurs\n"
                 "# >= %d times (and >= %.1f x its capitalised form) in the BBC + Reuters-21578 running text,\n"
                 "# or it is a month/weekday, or it is in the script's hand-written lists (given names,\n"
                 "# brands, extra words). Country names, cities >= 1,000,000 and a hand-written list of\n"
                 "# major places are not listed; they are in the '# ambiguous-but-kept' section at the end.\n"
                 % (T.LOWERCASE_MAX, T.LOWERCASE_RATIO))
        for k in sorted(common):
            fh.write(k + "\n")
        fh.write("# ambiguous-but-kept (reference only; these ARE matched as places)\n")
        for k in sorted(kept):
            fh.write("# " + k + "\n")
    os.replace(tmp, out_path)
    print("wrote %s: %d common, %d ambiguous-but-kept" % (out_path, len(common), len(kept)),
          file=sys.stderr)


if __name__ == "__main__":
    main()
