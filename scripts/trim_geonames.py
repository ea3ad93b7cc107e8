#!/usr/bin/env python3
"""Trim the GeoNames extract into data/gazetteer.tsv, a small embeddable gazetteer.

Usage (from the repo root):

    python3 scripts/trim_geonames.py [GEONAMES_DIR] [CORPORA_DIR]

GEONAMES_DIR defaults to ../shared/corpora/geonames (relative to the repo root) and
must hold cities15000.txt, countryInfo.txt and admin1CodesASCII.txt. CORPORA_DIR
defaults to the parent of GEONAMES_DIR and must hold bbc/*/*.txt and
reuters21578/reut2-*.sgm. Those two English news corpora are only read to decide which
GeoNames alternate names are English forms and which names are ordinary English words
(rules B-D and the region filter below); no corpus text goes into the output. Reuters
stories typed all in lowercase (BODY starting with a lowercase letter) are skipped.
Python 3 standard library only. The output is deterministic (sorted rows, no
timestamps, independent of PYTHONHASHSEED), so running the script again gives the same
bytes.

Source data: GeoNames, https://www.geonames.org/, licensed CC BY 4.0
(https://creativecommons.org/licenses/by/4.0/). Attribution is required and is written
as the first line of the output.

Output: UTF-8, LF line endings. Line 1 is a '#' comment (source, licence). Then one row
per (surface name, place), no header row, TAB-separated:

    name  kind  country_code  population  canonical

kind is 'country', 'city' or 'region' (GeoNames admin1). Rows are sorted by
(name, kind, country_code, population descending, canonical). When several places share
name, kind, country_code and canonical (e.g. two small US towns both called
"Washington") only the most populous is kept, as the matcher could not tell them apart.

Countries (countryInfo.txt): the countryInfo "Country" name, plus the hand-written
aliases in COUNTRY_ALIASES below (not from GeoNames). canonical is the countryInfo name,
population the countryInfo population.

Cities (cities15000.txt, every row whatever its feature code): canonical is the GeoNames
`name`, population the GeoNames population. Surface names:
  A.  `name`, and `asciiname` if different. Always.
  A2. `name` with its diacritics removed, when that is pure ASCII and differs from the
      asciiname (GeoNames writes "Duesseldorf", "Malmoe"; news writes "Dusseldorf",
      "Malmo"). Subject to the checks X and Y below.
  Alternate names (GeoNames `alternatenames`) are used only if they pass the SHAPE test:
  only ASCII letters, spaces, hyphens, apostrophes and periods (Latin script); at least
  4 letters; first character an uppercase letter; no digits; not all uppercase (codes
  like "HCMC"); no " - " (GeoNames "X - translit" junk); not ending in an apostrophe.
  B.  Countries whose first official language is Arabic (countryInfo Languages starts
      with "ar"): the name/asciiname without a leading Arabic article (Al, Ar, As, An,
      Ad, Az, Ash, At, Ath, Adh, El + space or hyphen) and/or "Nahiyat " (sub-district):
      "Al Fallujah" -> "Fallujah", "Al Kut" -> "Kut" (at least 3 letters). And the
      alternate names that are the same transliteration as the asciiname once both are
      lowercased and stripped of those prefixes, of non-letters and of a final "h"
      after a vowel: "Falluja", "Haditha", "Baquba", "Hilla", "Nasiriya". Not an
      ordinary word (as in C); subject to X.
  C.  Other alternate names ("English exonyms"), only for cities with population
      >= 100,000, when ALL of these hold:
      - the exact token sequence (case-sensitive; letters and punctuation) occurs at
        least ATTEST_MIN (2) times in the English news text of the BBC and
        Reuters-21578 corpora (Reuters datelines such as "PEKING, March 3" count);
      - at least CONTEXT_MIN (2) of those, and at least 30%, are in a place context:
        right after in/at/from/near/outside/to/into/via/around/across, or a dateline;
      - it is not an ordinary word (common_word(): lowercase form >= LOWERCASE_MAX (3)
        times and >= LOWERCASE_RATIO (0.2) x the capitalised form);
      - the city is the most populous of the cities listing that alternate name;
      - not in the hand-written ALT_DENY list; subject to X and Y.
      This keeps "Peking", "Bombay", "Kiev", "Leningrad", "Rangoon", "Cologne",
      "Gothenburg", "Teheran" and drops the foreign-language forms ("Beirutas",
      "Lungsod ng ...") and people's names that GeoNames lists as alternates.
  D.  Countries whose first language is Arabic, Hebrew or Persian (no standard English
      romanisation): alternate names with the same consonant skeleton as the asciiname
      (article stripped, letters only, q/c -> k, vowels and h/w/y removed, doubled
      letters collapsed; at least 3 consonants), a length within 2 of the asciiname,
      and the same vowel/consonant ending: "Irbil"/"Arbil" for Erbil, "Kerbala",
      "Petah Tikva", "Khan Younis", "Ashqelon", "Deraa". Not an ordinary word (as in
      C), not in ALT_DENY, subject to X and Y.
  E.  The hand-written CITY_ALIASES below (e.g. "New York" for New York City).
  F.  Short forms of English "X upon Y" names, for cities with population >= 100,000:
      an alternate name that is the part before or after " upon ", " on " or " under "
      (spaces or hyphens) of the city's own name ("Newcastle" for Newcastle upon Tyne,
      "Hull" for Kingston upon Hull, "Stoke", "Southend"), when it is not an ordinary
      word (as in C). Not subject to X or Y: these are the names the city goes by, and
      where another place shares one (Newcastle, New South Wales) the article's
      countries pick between them.
  Check X: the name is not the name/asciiname of a more populous city elsewhere, nor a
  country name/alias of a more populous country ("Mexico" is not added for Mexico City,
  "Kuwait" not for Kuwait City).
  Check Y (stricter, for A2/C/D): the name is not the name/asciiname of ANY other city,
  not a country name/alias, and not a region name of a region at least as populous
  ("Victoria" is not added for Hong Kong, "Florida" not for Floridablanca).

Regions (admin1CodesASCII.txt): canonical is the admin1 ascii name. population is the
sum of the populations of the cities15000 places in that admin1 (a lower-bound
estimate; 0 when there are none). Surface names: the admin1 name and ascii name; those
without an Arabic article (Arabic-language countries, as in B: "Al Anbar" -> "Anbar");
those without a generic prefix/suffix (" Governorate", " Province", " Region",
" Oblast", "State of ", "Muhafazat " ... see REGION_SUFFIXES/REGION_PREFIXES) when what
is left has at least 4 letters and is not a bare direction/generic word ("South",
"Central"); plus the hand-written REGION_ALIASES below. A region surface name is dropped
when it is an ordinary word (common_word(): lowercase form >= 3 times and >= 0.2 x the
capitalised form in the corpora, e.g. "Free" from "Free State", "Rivers"), a generic
word (GENERIC_WORDS), in the hand-written REGION_DENY list ("German", "Gulf",
"Michael"), or when it equals (case-insensitively) a country name/alias, or any
surface name of a city with population > 100,000 in the same country, or of a city with
population > 1,000,000 anywhere (so "Washington", "Georgia", "New York", "Baghdad" are
not region rows, but the US state "Virginia" is kept despite Virginia, South Africa,
pop. 122,502).
"""

import collections
import glob
import html
import os
import re
import sys
import unicodedata

# ---------------------------------------------------------------------------
# Hand-written tables (NOT from GeoNames). Keep them short and commented.
# ---------------------------------------------------------------------------

# Hand-written country aliases: surface form -> ISO code. Forms common in English news
# (Reuters 1987 and later) where countryInfo uses another name. Deliberately skipped as
# too ambiguous or without a current code: "America", "Korea", "Congo", "Soviet Union",
# "USSR", "Czechoslovakia", "Yugoslavia".
COUNTRY_ALIASES = {
    # United States (countryInfo: "United States")
    "U.S.": "US", "US": "US", "USA": "US", "U.S.A.": "US",
    "United States of America": "US",
    # United Kingdom (countryInfo: "United Kingdom")
    "UK": "GB", "U.K.": "GB", "Britain": "GB", "Great Britain": "GB",
    # The Netherlands (countryInfo: "The Netherlands")
    "Netherlands": "NL", "Holland": "NL",
    # Germany: Reuters-1987-era names, mapped to today's state
    "West Germany": "DE", "East Germany": "DE",
    # Myanmar
    "Burma": "MM",
    # Czechia (countryInfo: "Czechia")
    "Czech Republic": "CZ",
    # Ivory Coast (countryInfo: "Ivory Coast")
    "Cote d'Ivoire": "CI", "Côte d'Ivoire": "CI",
    # Vietnam
    "Viet Nam": "VN",
    # Cambodia (Reuters 1987 writes "Kampuchea")
    "Kampuchea": "KH",
    # DR Congo (Zaire until 1997)
    "DR Congo": "CD", "DRC": "CD", "Congo-Kinshasa": "CD", "Zaire": "CD",
    "Democratic Republic of Congo": "CD",
    # Republic of the Congo
    "Congo-Brazzaville": "CG", "Republic of Congo": "CG",
    # North Macedonia
    "Macedonia": "MK",
    # Eswatini
    "Swaziland": "SZ",
    # Cabo Verde
    "Cape Verde": "CV",
    # Timor Leste
    "East Timor": "TL", "Timor-Leste": "TL",
    # Palestinian Territory
    "Palestine": "PS", "Palestinian Territories": "PS",
    # Vatican
    "Vatican City": "VA", "Holy See": "VA",
    # Macao
    "Macau": "MO",
    # United Arab Emirates
    "UAE": "AE", "U.A.E.": "AE",
    # Bosnia and Herzegovina
    "Bosnia": "BA", "Bosnia-Herzegovina": "BA",
    # Ireland
    "Irish Republic": "IE", "Republic of Ireland": "IE",
    # Turkey
    "Türkiye": "TR",
    # Gambia, Bahamas
    "The Gambia": "GM", "The Bahamas": "BS",
    # Falkland Islands
    "Falklands": "FK",
    # Diacritic forms of countryInfo ASCII names
    "Réunion": "RE", "Curaçao": "CW", "Saint Barthélemy": "BL",
    "São Tomé and Príncipe": "ST", "Åland Islands": "AX",
}

# Hand-written region aliases: surface form -> admin1 key (CC.code). English news forms
# of admin1 regions whose GeoNames names differ (mostly Lebanon/Iraq).
REGION_ALIASES = {
    "South Lebanon": "LB.06",     # GeoNames: South Governorate
    "Mount Lebanon": "LB.05",     # GeoNames: Mont-Liban
    "North Lebanon": "LB.09",     # GeoNames: Liban-Nord
    "Bekaa": "LB.08",             # GeoNames: Béqaa
    "Bekaa Valley": "LB.08",
    "Akkar": "LB.10",             # GeoNames: Aakkâr
    "Salahuddin": "IQ.18",        # GeoNames: Salah ad Din
    "Salahaddin": "IQ.18",
    "Dohuk": "IQ.08",             # GeoNames: Duhok (the city is Dihok)
}

# Hand-written city aliases: surface form -> GeoNames geonameid. Only for English news
# forms that the rules below would otherwise drop (e.g. because a region has that name).
CITY_ALIASES = {
    "New York": 5128581,          # New York City (the state is US.NY "New York")
    "Saigon": 1566083,            # Ho Chi Minh City
    "Calcutta": 1275004,          # Kolkata (blocked by the small "Calcutta" in South Africa)
    "Marseilles": 2995469,        # Marseille
    "Nabatieh": 278913,           # Nabatîyé et Tahta, Lebanon
    "NYC": 5128581,               # New York City, as people type it
}

# Hand-written deny list for rules C and D: alternate names that pass the corpus test only
# because they are also people's or other things' names.
ALT_DENY = {
    "Twickenham",   # listed for Huntsville, AL; in the news it is the London rugby ground
    "Newtown",      # listed for many US cities
    "Kumagai",      # surname (Kumagaya, Japan)
    "Park City",    # listed for Bridgeport, CT; in the news it is Park City, Utah
    "Totowa",       # a separate New Jersey borough, listed for Paterson
    "Mosel",        # German river / wine region, listed for Mosul
}

# Hand-written deny list for region surface names (reviewed against the corpora): admin1
# names that are mostly ordinary words, people's names or other things in English news.
REGION_DENY = {
    "German",                                   # Isle of Man parish; the adjective
    "Gulf", "Lakes", "Bay", "Delta", "Falcon",  # PG, SS, SO, NG, VE: generic words
    "Trinity", "Cascade", "Balkan", "Somali", "Meta",
    "Patrick", "Michael", "Paul", "Andreas", "Bride", "Diana", "Bono", "Cesar",
    "Lara", "Vargas", "Ramsey", "Peel",         # people's names (IM, CV, GH, CO, VE ...)
    "Lac", "Centrale", "Nacional",              # French/Spanish generic words
}

# ---------------------------------------------------------------------------

ATTEST_MIN = 2          # rule C: minimum occurrences in the English news corpora
CONTEXT_MIN = 2         # rule C: of which at least this many after "in"/"from"/... or as a dateline
CONTEXT_RATIO = 0.3     # rule C: ... and at least this share of all occurrences
RULE_C_MIN_POP = 100_000  # rule C: only for cities at least this populous
LOWERCASE_MAX = 3       # common_word(): lowercase form occurs at least this often ...
LOWERCASE_RATIO = 0.2   # ... and at least this share of the capitalised form's count
QUOTES = "'‘’ʼʻ`"
REGION_CITY_POP = 100_000          # region names that a city this big in the same country has are dropped
REGION_FOREIGN_CITY_POP = 1_000_000  # ... and those of a city this big anywhere

ARTICLE_PREFIX_RE = re.compile(
    r"^(?:(?:al|ar|as|an|ad|az|ash|at|ath|adh|el|aş|aḑ|aţ|aẕ)[\s\-])",
    re.IGNORECASE)
NAHIYAT_RE = re.compile(r"^n\S*hiyat\s+", re.IGNORECASE)

REGION_SUFFIXES = (
    " Governorate", " Province", " Region", " District", " Department", " County",
    " Municipality", " Oblast", " Prefecture", " Division", " Republic", " State",
    " Kray", " Krai", " Voivodeship", " Canton",
)
REGION_PREFIXES = (
    "Province of ", "Region of ", "State of ", "Republic of ", "Municipality of ",
    "Muhafazat ", "Departamento de ", "Provincia de ",
)
GENERIC_WORDS = {
    "north", "south", "east", "west", "northern", "southern", "eastern", "western",
    "central", "northeast", "northwest", "southeast", "southwest", "north east",
    "north west", "south east", "south west", "upper", "lower", "middle", "capital",
    "federal", "city", "national", "metropolitan", "coast", "island", "islands",
    "autonomous", "special", "far", "inner", "outer", "centre", "center", "centro",
    "nord", "sud", "est", "ouest", "norte", "sur", "oeste", "leste", "north-west",
    "north-east", "south-west", "south-east", "northeastern", "northwestern",
    "southeastern", "southwestern", "north central", "south central",
}

ALT_SHAPE_RE = re.compile(r"^[A-Z][A-Za-z .'\-]*$")
TOKEN_PUNCT_RE = re.compile(r"[A-Za-z]+|[^\sA-Za-z]")


def letters(s):
    return sum(ch.isalpha() for ch in s)


def alt_shape_ok(a):
    return (bool(ALT_SHAPE_RE.match(a)) and letters(a) >= 4 and " - " not in a
            and "  " not in a and a == a.strip() and not a.isupper())


def strip_article(s):
    """'Al Fallūjah' -> 'Fallūjah'; 'Nāḩiyat al Iskandarīyah' -> 'Iskandarīyah'."""
    t = NAHIYAT_RE.sub("", s)
    t = ARTICLE_PREFIX_RE.sub("", t)
    if t != s:
        t = t.strip().lstrip(QUOTES)     # 'Al ‘Amārah' -> 'Amārah'
    if t and t[0].islower():
        t = t[0].upper() + t[1:]
    return t


def translit_key(s):
    t = strip_article(s).lower()
    t = re.sub(r"[^a-z]", "", t)
    if len(t) > 3 and t.endswith("h") and t[-2] in "aei":
        t = t[:-1]
    return t


def skeleton(s):
    """Consonant skeleton used by rule D: 'Al Fallujah' -> 'flj', 'Irbil' -> 'rbl'."""
    t = re.sub(r"[^a-z]", "", strip_article(s).lower())
    t = t.replace("q", "k").replace("c", "k")
    t = re.sub(r"[aeiouyhw]", "", t)
    return re.sub(r"(.)\1+", r"\1", t)


def ends_in_vowel(s):
    """'Karbala' True, 'Karbalah' True (final h after a vowel), 'Kabulo' True, 'Kabul' False."""
    t = s.lower().rstrip("'’ʼ")
    if len(t) > 2 and t.endswith("h") and t[-2] in "aeiou":
        return True
    return t[-1:] in ("a", "e", "i", "o", "u", "y")


def deaccent(s):
    """'Düsseldorf' -> 'Dusseldorf' (NFKD, combining marks dropped)."""
    t = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in t if not unicodedata.combining(ch))


# ---------------------------------------------------------------------------
# English news corpora (shared with scripts/common_words.py)
# ---------------------------------------------------------------------------

REUTERS_DOC_RE = re.compile(r"<REUTERS.*?</REUTERS>", re.S)
REUTERS_FIELD_RE = {
    k: re.compile(r"<%s>(.*?)</%s>" % (k, k), re.S) for k in ("TITLE", "DATELINE", "BODY")
}


def read_bbc(corpora_dir, body_only=False):
    """Yield BBC story texts (the first line is the title; body_only drops it)."""
    files = sorted(glob.glob(os.path.join(corpora_dir, "bbc", "*", "*.txt")))
    if not files:
        sys.exit("no BBC files under %s/bbc" % corpora_dir)
    for f in files:
        raw = open(f, "rb").read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
        if body_only:
            text = text.split("\n", 1)[1] if "\n" in text else ""
        yield text


def read_reuters(corpora_dir, body_only=False):
    """Yield Reuters-21578 texts (TITLE, DATELINE, BODY; or BODY only), read as latin-1.

    Stories whose BODY starts with a lowercase letter are skipped: a few hundred were
    typed carelessly all in lowercase ("... refinery at corpus christi, texas, ...") and
    would make place names look like ordinary words."""
    files = sorted(glob.glob(os.path.join(corpora_dir, "reuters21578", "reut2-*.sgm")))
    if not files:
        sys.exit("no Reuters files under %s/reuters21578" % corpora_dir)
    fields = ("BODY",) if body_only else ("TITLE", "DATELINE", "BODY")
    for f in files:
        data = open(f, encoding="latin-1").read()
        for doc in REUTERS_DOC_RE.findall(data):
            body = REUTERS_FIELD_RE["BODY"].search(doc)
            first = re.search(r"[A-Za-z]", body.group(1)) if body else None
            if first and first.group(0).islower():
                continue
            parts = []
            for k in fields:
                m = REUTERS_FIELD_RE[k].search(doc)
                if m:
                    parts.append(html.unescape(m.group(1)))
            if parts:
                yield "\n".join(parts)


PLACE_PREPS = {"in", "at", "from", "near", "outside", "to", "into", "via", "around", "across"}


def count_sequences(texts, seqs):
    """Count occurrences of token tuples (case-sensitive) in texts.

    Tokens: see tokens(). seqs: iterable of token tuples. Returns two Counters
    {tuple: count}: all occurrences, and occurrences in a place context (the previous
    token is one of PLACE_PREPS, e.g. "in Peking", "from Bombay").
    """
    by_first = collections.defaultdict(set)
    for s in seqs:
        if s:
            by_first[s[0]].add(s)
    counts = collections.Counter()
    in_context = collections.Counter()
    for text in texts:
        toks = tokens(text)
        n = len(toks)
        for i, tok in enumerate(toks):
            cands = by_first.get(tok)
            if not cands:
                continue
            for s in cands:
                k = len(s)
                if i + k <= n and (k == 1 or tuple(toks[i:i + k]) == s):
                    counts[s] += 1
                    if i > 0 and toks[i - 1] in PLACE_PREPS:
                        in_context[s] += 1
    return counts, in_context


def reuters_dateline_places(corpora_dir):
    """Counter of Reuters dateline places ("    SALVADOR, Feb 26 - " -> "SALVADOR")."""
    c = collections.Counter()
    for f in sorted(glob.glob(os.path.join(corpora_dir, "reuters21578", "reut2-*.sgm"))):
        data = open(f, encoding="latin-1").read()
        for m in REUTERS_FIELD_RE["DATELINE"].finditer(data):
            place = html.unescape(m.group(1)).split(",")[0].strip()
            if place:
                c[" ".join(place.split())] += 1
    return c


def tokens(s):
    """Runs of ASCII letters, and single punctuation characters; whitespace dropped."""
    return tuple(TOKEN_PUNCT_RE.findall(s))


# ---------------------------------------------------------------------------


def read_tsv(path):
    with open(path, encoding="utf-8", newline="\n") as fh:
        for line in fh:
            line = line.rstrip("\n").rstrip("\r")
            if not line or line.startswith("#"):
                continue
            yield line.split("\t")


def clean(s):
    return " ".join(s.replace("\t", " ").split())


CONNECTOR_RE = re.compile(r"[ -](?:upon|on|under)[ -]")


def short_forms(c):
    """Rule F: the alternate names of a city of >= RULE_C_MIN_POP that are the part
    before or after the " upon " / " on " / " under " of its own name."""
    if c["pop"] < RULE_C_MIN_POP:
        return set()
    parts = CONNECTOR_RE.split(c["ascii"])
    if len(parts) != 2:
        return set()
    return {a for a in c["alts"] if a in parts and alt_shape_ok(a)}


def main():
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    gdir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(repo, "..", "shared", "corpora", "geonames")
    gdir = os.path.normpath(gdir)
    cdir = sys.argv[2] if len(sys.argv) > 2 else os.path.dirname(gdir)
    out_path = os.path.join(repo, "data", "gazetteer.tsv")

    # --- countries
    countries = {}     # code -> (name, pop, languages)
    for r in read_tsv(os.path.join(gdir, "countryInfo.txt")):
        if len(r) < 16:
            continue
        countries[r[0]] = (clean(r[4]), int(r[7] or 0), r[15])
    first_lang = {cc: langs.split(",")[0].split("-")[0] for cc, (_, _, langs) in countries.items()}
    arabic_cc = {cc for cc, lang in first_lang.items() if lang == "ar"}
    mideast_cc = {cc for cc, lang in first_lang.items() if lang in ("ar", "he", "fa")}

    rows = {}   # (name, kind, cc, canonical) -> pop

    def add(name, kind, cc, pop, canonical):
        name = clean(name)
        if not name:
            return
        key = (name, kind, cc, canonical)
        if rows.get(key, -1) < pop:
            rows[key] = pop

    country_pop_by_name = {}   # surface -> max pop
    for cc, (name, pop, _) in countries.items():
        add(name, "country", cc, pop, name)
        country_pop_by_name[name] = max(pop, country_pop_by_name.get(name, 0))
    for alias, cc in COUNTRY_ALIASES.items():
        if cc not in countries:
            sys.exit("alias %r: unknown country code %s" % (alias, cc))
        name, pop, _ = countries[cc]
        add(alias, "country", cc, pop, name)
        country_pop_by_name[alias] = max(pop, country_pop_by_name.get(alias, 0))
    country_names_cf = {n.casefold() for n in country_pop_by_name}

    # --- regions (names only; rows are added after the cities)
    regions = {}
    for r in read_tsv(os.path.join(gdir, "admin1CodesASCII.txt")):
        if len(r) < 3:
            continue
        regions[r[0]] = (clean(r[1]), clean(r[2]))

    def region_forms(name, cc):
        forms = {name}
        for f in list(forms):
            if cc in arabic_cc:
                s = strip_article(f)
                if s != f:
                    forms.add(s)
        for f in list(forms):
            t = f
            for p in REGION_PREFIXES:
                if t.startswith(p):
                    t = t[len(p):]
            for suf in REGION_SUFFIXES:
                if t.endswith(suf):
                    t = t[: -len(suf)]
            t = t.rstrip("'’ʼ").strip()
            if t != f and letters(t) >= 4 and t.casefold() not in GENERIC_WORDS:
                forms.add(t)
        return forms


    # --- cities
    cities = []
    for r in read_tsv(os.path.join(gdir, "cities15000.txt")):
        if len(r) < 19:
            continue
        cities.append({
            "id": int(r[0]), "name": clean(r[1]), "ascii": clean(r[2]),
            "alts": [clean(a) for a in r[3].split(",") if a.strip()],
            "cc": r[8], "admin1": r[10], "pop": int(r[14] or 0),
        })
    cities.sort(key=lambda c: c["id"])

    region_pop = collections.Counter()
    for c in cities:
        region_pop["%s.%s" % (c["cc"], c["admin1"])] += c["pop"]
    region_names_pop = {}   # casefolded region surface name -> max region population
    for key, (name, ascii_name) in regions.items():
        cc = key.split(".", 1)[0]
        for f in region_forms(name, cc) | region_forms(ascii_name, cc):
            region_names_pop[f.casefold()] = max(region_pop.get(key, 0), region_names_pop.get(f.casefold(), 0))
    for a, key in REGION_ALIASES.items():
        region_names_pop[a.casefold()] = max(region_pop.get(key, 0), region_names_pop.get(a.casefold(), 0))

    primary_max_pop = collections.defaultdict(int)   # surface -> max pop of a city whose name/ascii it is
    primary_ids = collections.defaultdict(set)       # casefolded surface -> ids of cities with that name/ascii
    for c in cities:
        for n in {c["name"], c["ascii"]}:
            primary_max_pop[n] = max(primary_max_pop[n], c["pop"])
            primary_ids[n.casefold()].add(c["id"])

    def taken_by_bigger(name, c):
        """True if name is the primary name of a more populous city (not c) or a country
        name/alias of a more populous country."""
        if name in country_pop_by_name and country_pop_by_name[name] > c["pop"]:
            return True
        if primary_max_pop.get(name, -1) > c["pop"] and name not in (c["name"], c["ascii"]):
            return True
        return False

    def names_other_place(name, c):
        """True if name (case-insensitively) is a name of any other city or any country
        name/alias, whatever their population, or a region surface name of a region at
        least as populous (region population estimated as below)."""
        cf = name.casefold()
        return (bool(primary_ids.get(cf, set()) - {c["id"]}) or cf in country_names_cf
                or region_names_pop.get(cf, -1) >= c["pop"])

    # rule C/D candidates: count them (and their lowercase forms) in the corpora in one pass
    cand = {}
    for c in cities:
        for a in c["alts"]:
            if a not in (c["name"], c["ascii"]) and alt_shape_ok(a) and a[-1] not in QUOTES:
                cand[a] = (tokens(a), tokens(a.lower()))
        d = deaccent(c["name"])
        cand.setdefault(d, (tokens(d), tokens(d.lower())))
    # other forms whose "is it an ordinary word?" test needs counts
    to_check = set(cand)
    for c in cities:
        if c["cc"] in arabic_cc:
            to_check.update(strip_article(n) for n in (c["name"], c["ascii"]))
    for key, (name, ascii_name) in regions.items():
        cc = key.split(".", 1)[0]
        to_check.update(region_forms(name, cc) | region_forms(ascii_name, cc))
    to_check.update(REGION_ALIASES)
    seqs = {t for f in to_check for t in (tokens(f), tokens(f.lower()))}
    total, in_context = count_sequences(
        (t for src in (read_bbc(cdir), read_reuters(cdir)) for t in src), seqs)
    datelines = reuters_dateline_places(cdir)

    def common_word(a):
        """An ordinary English word: its lowercase form occurs at least LOWERCASE_MAX
        times, and at least LOWERCASE_RATIO times as often as the capitalised form."""
        low = total.get(tokens(a.lower()), 0)
        return low >= LOWERCASE_MAX and low >= LOWERCASE_RATIO * total.get(tokens(a), 0)

    def english_form(a):
        cap, low = cand[a]
        dl = datelines.get(a.upper(), 0)
        seen = total.get(cap, 0) + dl
        ctx = in_context.get(cap, 0) + dl
        return (seen >= ATTEST_MIN and ctx >= CONTEXT_MIN and ctx >= CONTEXT_RATIO * seen
                and not common_word(a) and a not in ALT_DENY)

    # an alternate name listed for several cities only goes to the most populous of them
    alt_owner = {}
    for c in cities:
        for a in set(c["alts"]):
            if a in cand and (a not in alt_owner or alt_owner[a]["pop"] < c["pop"]):
                alt_owner[a] = c

    city_by_id = {c["id"]: c for c in cities}
    hand_city = collections.defaultdict(set)
    for alias, gid in CITY_ALIASES.items():
        if gid not in city_by_id:
            sys.exit("city alias %r: unknown geonameid %d" % (alias, gid))
        hand_city[gid].add(alias)

    city_surfaces = {}   # id -> set of surface names
    for c in cities:
        surf = {c["name"], c["ascii"]}
        extra = set()
        if c["cc"] in arabic_cc:     # rule B
            for n in (c["name"], c["ascii"]):
                s = strip_article(n)
                if s != n and letters(s) >= 3:
                    extra.add(s)
            key = translit_key(c["ascii"])
            for a in c["alts"]:
                if alt_shape_ok(a) and a[-1] not in QUOTES and translit_key(a) == key:
                    extra.add(a)
        for e in extra:
            if e not in surf and not taken_by_bigger(e, c) and not common_word(e):
                surf.add(e)
        d = deaccent(c["name"])      # rule A2
        if (d not in surf and d.isascii() and not taken_by_bigger(d, c)
                and not names_other_place(d, c)):
            surf.add(d)
        if c["cc"] in mideast_cc:    # rule D
            sk = skeleton(c["ascii"])
            base = len(strip_article(c["ascii"]))
            for a in c["alts"]:
                if (a in surf or a not in cand or len(sk) < 3 or skeleton(a) != sk
                        or abs(len(strip_article(a)) - base) > 2
                        or ends_in_vowel(a) != ends_in_vowel(c["ascii"]) or a in ALT_DENY):
                    continue
                if not common_word(a) and not taken_by_bigger(a, c) and not names_other_place(a, c):
                    surf.add(a)
        for a in c["alts"]:          # rule C
            if a in surf or a not in cand:
                continue
            if (c["pop"] >= RULE_C_MIN_POP and alt_owner[a] is c and english_form(a)
                    and not taken_by_bigger(a, c) and not names_other_place(a, c)):
                surf.add(a)
        for a in short_forms(c):     # rule F
            if a not in surf and not common_word(a):
                surf.add(a)
        surf |= hand_city.get(c["id"], set())
        city_surfaces[c["id"]] = surf
        for n in surf:
            add(n, "city", c["cc"], c["pop"], c["name"])

    big_city_names_cf = collections.defaultdict(set)   # casefolded surface -> {cc} (cc "*": any country)
    for c in cities:
        if c["pop"] > REGION_CITY_POP:
            for n in city_surfaces[c["id"]]:
                big_city_names_cf[n.casefold()].add(c["cc"])
                if c["pop"] > REGION_FOREIGN_CITY_POP:
                    big_city_names_cf[n.casefold()].add("*")

    # --- regions

    def add_region(surface, key):
        cc = key.split(".", 1)[0]
        ccs = big_city_names_cf.get(surface.casefold(), ())
        if surface.casefold() in country_names_cf or cc in ccs or "*" in ccs:
            return
        if surface.casefold() in GENERIC_WORDS or common_word(surface) or surface in REGION_DENY:
            return
        add(surface, "region", cc, region_pop.get(key, 0), regions[key][1])

    for key in sorted(regions):
        name, ascii_name = regions[key]
        cc = key.split(".", 1)[0]
        for n in sorted(region_forms(name, cc) | region_forms(ascii_name, cc)):
            add_region(n, key)
    for alias, key in sorted(REGION_ALIASES.items()):
        if key not in regions:
            sys.exit("region alias %r: unknown admin1 %s" % (alias, key))
        add_region(alias, key)

    # --- write
    kind_order = {"country": 0, "city": 1, "region": 2}
    out = sorted(rows.items(), key=lambda kv: (kv[0][0], kind_order[kv[0][1]], kv[0][2], -kv[1], kv[0][3]))
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    tmp = out_path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("# Data from GeoNames, https://www.geonames.org/ (cities15000.txt, countryInfo.txt, "
                 "admin1CodesASCII.txt), licensed CC BY 4.0 https://creativecommons.org/licenses/by/4.0/ ; "
                 "trimmed, with a few hand-written aliases, by scripts/trim_geonames.py. "
                 "Columns: name kind country_code population canonical\n")
        for (name, kind, cc, canonical), pop in out:
            fh.write("%s\t%s\t%s\t%d\t%s\n" % (name, kind, cc, pop, canonical))
    os.replace(tmp, out_path)
    counts = collections.Counter(k[1] for k in rows)
    print("wrote %s: %d rows (%s), %d bytes" % (
        out_path, len(rows), ", ".join("%s %d" % kv for kv in sorted(counts.items())),
        os.path.getsize(out_path)), file=sys.stderr)


if __name__ == "__main__":
    main()
