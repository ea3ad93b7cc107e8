//! Places: the embedded GeoNames gazetteer and finding places in text.
//!
//! Owns resolving a place name to a canonical place and country, and
//! choosing the most salient place of an article from its headline, caption
//! and lead. The gazetteer is `data/gazetteer.tsv` (trimmed from GeoNames,
//! CC BY 4.0, see `data/README.md`), compiled into the binary so the tool
//! needs no data files at run time.

use super::gazetteer_build::{all_capitals, key, Kind};
use super::words::WordSet;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

#[cfg(test)]
static GAZETTEER_TSV: &str = include_str!("../../data/gazetteer.tsv");
#[cfg(test)]
static COMMON_WORDS: &str = include_str!("../../data/common_words.txt");

/// Longest place name matched, in words ("Rio de Janeiro" is three).
const MAX_NAME_WORDS: usize = 4;
/// Lower-case words that may stand inside a multi-word place name.
const CONNECTORS: &[&str] = &[
    "de", "la", "el", "al", "do", "da", "del", "di", "of", "upon", "les", "sur", "am", "an", "der",
];

/// Names that are towns somewhere but, capitalised in English text, are
/// nearly always a person or a deity ("God" is Göd, Hungary).
const NOT_PLACE_NAMES: &[&str] = &[
    "god", "jesus", "christ", "allah", "lord", "david", "bush", "mary", "george",
];

/// Names of continents and world regions: the gazetteer has towns called
/// "Asia" or "Europa", but a story naming them means the region, which is
/// no answer to "where".
const WORLD_REGIONS: &[&str] = &[
    "africa",
    "america",
    "americas",
    "antarctica",
    "arctic",
    "asia",
    "atlantic",
    "caribbean",
    "europe",
    "europa",
    "middle east",
    "oceania",
    "pacific",
    "scandinavia",
    "the west",
];

/// Words that put a place after them: "in Ramadi", "near Hawija".
const LOCATIVES: &[&str] = &[
    "in", "near", "at", "from", "outside", "around", "to", "into", "across", "inside",
];
/// Words that give a person's or a title's name after them: "Mr Howard",
/// "President Obama", "Sir Alex Ferguson".
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "sir",
    "dame",
    "lord",
    "lady",
    "prof",
    "professor",
    "rev",
    "president",
    "senator",
    "sen",
    "governor",
    "gov",
    "judge",
    "justice",
    "king",
    "queen",
    "prince",
    "princess",
    "general",
    "gen",
    "colonel",
    "col",
    "captain",
    "capt",
    "sergeant",
    "minister",
    "chancellor",
    "secretary",
    "mayor",
    "coach",
    "manager",
    "chairman",
    "boss",
];
/// A capitalised word before a city smaller than this is taken for a given
/// name ("Michael Howard", "Lindsay Davenport"); before a larger one it is
/// rather a qualifier or a club ("Real Madrid", "Inter Milan", "Central
/// London"): people are seldom named after a city of millions.
const GIVEN_NAME_CITY_MAX: u64 = 500_000;
/// Capitalised words that open a sentence, or qualify a place, without
/// being a name of their own: before a place they say nothing about it.
const FUNCTION_WORDS: &[&str] = &[
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "to",
    "from",
    "by",
    "for",
    "with",
    "of",
    "and",
    "but",
    "or",
    "so",
    "as",
    "if",
    "when",
    "while",
    "after",
    "before",
    "since",
    "until",
    "yet",
    "this",
    "that",
    "these",
    "those",
    "his",
    "her",
    "its",
    "their",
    "our",
    "my",
    "your",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "there",
    "here",
    "then",
    "now",
    "meanwhile",
    "also",
    "last",
    "next",
    "both",
    "all",
    "some",
    "many",
    "most",
    "more",
    "much",
    "such",
    "every",
    "each",
    "no",
    "not",
    "only",
    "even",
    "why",
    "how",
    "what",
    "where",
    "who",
    "which",
    "earlier",
    "later",
    "yesterday",
    "today",
    "tonight",
    "tomorrow",
    "however",
    "although",
    "though",
    "despite",
    "during",
    "without",
    "within",
    "near",
    "outside",
    "across",
    "around",
    "into",
    "over",
    "under",
    "between",
    "against",
    "about",
    "like",
    "unlike",
    "following",
    "including",
    "via",
    "through",
    "throughout",
    "toward",
    "towards",
    "beyond",
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "greater",
    "upper",
    "lower",
    "inner",
    "outer",
    "downtown",
    "great",
    "little",
    "old",
    "new",
    "metropolitan",
    "rural",
    "suburban",
];
/// Capitalised words that stand before a place's name as part of the place:
/// "Lake Geneva", "Port Harcourt", "Fort Worth" (when the gazetteer lacks
/// the whole name).
const GEO_WORDS: &[&str] = &[
    "lake", "mount", "mt", "river", "port", "fort", "cape", "bay", "gulf", "saint", "st", "san",
    "santa", "sao", "city", "county", "province", "state", "district", "island", "isle",
];
/// A candidate in a country the text names is taken over the most populous
/// place of the name only when it is at least this fraction of its size:
/// "US tycoon" in a story on Manchester United is no reason for Manchester,
/// New Hampshire (110,000) over Manchester, England (570,000); "Paris,
/// Texas" says so beside the name.
const NAMED_COUNTRY_MIN_SHARE: u64 = 3;
/// How much of an article's body is read for the evidence the headline,
/// caption and lead lack (the countries it names, a name used for a
/// person): a long body's first screens say where it is.
const CONTEXT_BYTES: usize = 4_000;

/// Towns smaller than this need support (a locative word, their country, a
/// second mention) to count: many share a name with a person or a word
/// ("Obama", Japan; "Hit", Iraq).
const SMALL_TOWN: u64 = 100_000;

/// A place named in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Mention<'t> {
    name: &'t str,
    /// Byte offsets of the name in the text.
    start: usize,
    end: usize,
    ids: Vec<usize>,
    locative: bool,
    /// What the words around the name say it is.
    sense: Sense,
    /// Countries (codes) a name beside it stands for: "Newcastle, England",
    /// "Paris, Texas".
    beside: Vec<String>,
}

/// What the words around a place's name say it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sense {
    /// Nothing against a place.
    Place,
    /// A person: a title before it ("Mr Howard", "President Obama"), or,
    /// for a town, a given name ("Michael Howard").
    Person,
    /// A town's name opening a longer name, a person's or a body's: a
    /// capitalised word after it ("Lindsay Davenport", "Aston Villa",
    /// "Liberal Democrats").
    Named,
}

/// A place of the gazetteer, its text borrowed from the compiled tables.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Place {
    name: &'static str,
    kind: Kind,
    country_code: &'static str,
    population: u64,
}

/// The tables `build.rs` wrote from `data/gazetteer.tsv` and
/// `data/common_words.txt` (see `gazetteer_build`).
mod tables {
    include!(concat!(env!("OUT_DIR"), "/gazetteer.rs"));

    /// The text of the span of `TEXT` at `at`, `len` bytes long.
    pub fn text(at: u32, len: u32) -> &'static str {
        &TEXT[at as usize..(at + len) as usize]
    }
}

/// A place as reported on an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The place's canonical name, or the name as written, title-cased,
    /// when the gazetteer lacks it.
    pub location: String,
    /// Its country's name, when the gazetteer knows it.
    pub country: Option<String>,
}

/// Place names and their places, countries by code, and the names that
/// are also ordinary words ("Reading", "Nice"): no place on their own in
/// running text.
pub struct Gazetteer {
    places: Vec<Place>,
    by_name: FxHashMap<&'static str, &'static [u32]>,
    country_by_code: FxHashMap<&'static str, usize>,
    common: FxHashSet<&'static str>,
    /// Names the gazetteer itself writes in capitals ("US", "UAE", "NYC"):
    /// the only ones a capitalised word in sentence-case text may be.
    capitals: FxHashSet<&'static str>,
}

/// The gazetteer built into the binary.
pub fn gazetteer() -> &'static Gazetteer {
    static G: LazyLock<Gazetteer> = LazyLock::new(Gazetteer::embedded);
    &G
}

/// The canonical name of the place a person names, as `Gazetteer::resolve`
/// gives it, found by a binary search of the compiled names rather than by
/// building the gazetteer: a search filtering by place asks for one name,
/// and making the gazetteer's maps would cost it 8 M instructions.
pub fn canonical_name(name: &str) -> Option<String> {
    let wanted = key(&name.split_whitespace().collect::<Vec<_>>().join(" "));
    let at = tables::NAMES
        .binary_search_by(|&(key, len, _, _)| tables::text(key, len).cmp(&wanted))
        .ok()?;
    let (_, _, first, n) = tables::NAMES[at];
    // Countries first, then cities, then regions (as `candidates` ranks
    // names in running text), then the most populous; the first named of
    // equals.
    let rank = |kind: u8| match Kind::of_code(kind) {
        Kind::Country => 0,
        Kind::City => 1,
        Kind::Region => 2,
    };
    tables::IDS[first as usize..(first + n) as usize]
        .iter()
        .map(|&id| tables::PLACES[id as usize])
        .min_by_key(|&(_, _, kind, _, _, population)| (rank(kind), std::cmp::Reverse(population)))
        .map(|(name, len, ..)| tables::text(name, len).to_string())
}

impl Gazetteer {
    /// The gazetteer of the tables compiled in: its places and lookup maps
    /// made from the statics, borrowing their text (a few million
    /// instructions, where parsing the rows took 77 million).
    fn embedded() -> Gazetteer {
        let places: Vec<Place> = tables::PLACES
            .iter()
            .map(
                |&(name, name_len, kind, code, code_len, population)| Place {
                    name: tables::text(name, name_len),
                    kind: Kind::of_code(kind),
                    country_code: tables::text(code, code_len),
                    population,
                },
            )
            .collect();
        let mut by_name =
            FxHashMap::with_capacity_and_hasher(tables::NAMES.len(), Default::default());
        for &(key, key_len, at, n) in &tables::NAMES {
            by_name.insert(
                tables::text(key, key_len),
                &tables::IDS[at as usize..(at + n) as usize],
            );
        }
        let country_by_code = places
            .iter()
            .enumerate()
            .filter(|(_, p)| p.kind == Kind::Country)
            .map(|(i, p)| (p.country_code, i))
            .collect();
        let words = |list: &'static [(u32, u32)]| {
            list.iter()
                .map(|&(at, len)| tables::text(at, len))
                .collect()
        };
        Gazetteer {
            places,
            by_name,
            country_by_code,
            common: words(&tables::COMMON),
            capitals: words(&tables::CAPITALS),
        }
    }

    fn country_name(&self, code: &str) -> Option<&str> {
        self.country_by_code.get(code).map(|&i| self.places[i].name)
    }

    fn located(&self, id: usize) -> Located {
        let place = &self.places[id];
        Located {
            location: place.name.to_string(),
            country: self.country_name(place.country_code).map(String::from),
        }
    }

    /// The candidates named `name`, best first: by kind (cities first for
    /// datelines, countries first for names in running text), then by
    /// population.
    fn candidates(&self, name: &str, cities_first: bool) -> Vec<usize> {
        self.candidates_of_key(&key(name), cities_first)
    }

    /// `candidates` of a name already made a lookup key (`key`).
    fn candidates_of_key(&self, key: &str, cities_first: bool) -> Vec<usize> {
        let mut ids: Vec<usize> = self
            .by_name
            .get(key)
            .map_or_else(Vec::new, |ids| ids.iter().map(|&i| i as usize).collect());
        let rank = |k: Kind| match (k, cities_first) {
            (Kind::City, true) | (Kind::Country, false) => 0,
            (Kind::Country, true) | (Kind::City, false) => 1,
            (Kind::Region, _) => 2,
        };
        ids.sort_by_key(|&i| {
            (
                rank(self.places[i].kind),
                std::cmp::Reverse(self.places[i].population),
            )
        });
        ids
    }

    /// Resolves a dateline place ("BEIRUT", "SAO PAULO"), using `region`
    /// ("Ill.", "Brazil") to pick among places of the same name. A place the
    /// gazetteer lacks is kept as written, title-cased.
    pub fn resolve_dateline(&self, place: &str, region: Option<&str>) -> Located {
        let ids = self.candidates(place, true);
        let in_region = region.and_then(|r| {
            let codes: Vec<&str> = self
                .candidates(r, false)
                .into_iter()
                .filter(|&i| self.places[i].kind == Kind::Country)
                .map(|i| self.places[i].country_code)
                .collect();
            ids.iter()
                .copied()
                .find(|&i| codes.contains(&self.places[i].country_code))
        });
        match in_region.or_else(|| ids.first().copied()) {
            Some(id) => self.located(id),
            None => Located {
                location: title_case(place),
                country: None,
            },
        }
    }

    /// The place a person names ("US", "Peking", "NYC", "zurich"): its
    /// canonical name as articles are located, countries first then the
    /// most populous; `None` when the gazetteer lacks the name. The
    /// reference `canonical_name`'s one pass is tested against (searches
    /// use that, and never build the gazetteer for it).
    #[cfg(test)]
    fn resolve(&self, name: &str) -> Option<Located> {
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        self.candidates(&name, false)
            .first()
            .map(|&id| self.located(id))
    }

    /// True when `name` names a place and is no ordinary word ("Chicago",
    /// "Los Angeles"; not "Reading" or "Apple"): evidence enough that a
    /// title-case name opening a story with a dash is its dateline.
    pub fn is_place_name(&self, name: &str) -> bool {
        let name = key(&name.split_whitespace().collect::<Vec<_>>().join(" "));
        self.by_name.contains_key(name.as_str())
            && !self.common.contains(name.as_str())
            && !NOT_PLACE_NAMES.contains(&name.as_str())
    }

    /// The country a name stands for whatever its namesakes: the most
    /// populous candidate's, when every candidate in another country is
    /// less than a third of its size (`NAMED_COUNTRY_MIN_SHARE`). A small
    /// town says nothing: its name is as likely a person's or a club's
    /// ("Chelsea", Massachusetts, in a story on the football club).
    fn decided_country(&self, ids: &[usize]) -> Option<&str> {
        let top = &self.places[*ids.first()?];
        if top.kind == Kind::City && top.population < SMALL_TOWN {
            return None;
        }
        ids.iter()
            .map(|&i| &self.places[i])
            .filter(|p| p.country_code != top.country_code)
            .all(|p| p.population.saturating_mul(NAMED_COUNTRY_MIN_SHARE) < top.population)
            .then_some(top.country_code)
    }

    /// True when every place of a name is a city or a region and none of
    /// them has millions of people: a name a person may bear ("Howard";
    /// "Benedikt", a Slovenian municipality).
    fn is_town(&self, mut ids: impl Iterator<Item = usize>) -> bool {
        ids.all(|id| {
            self.places[id].kind != Kind::Country
                && self.places[id].population < GIVEN_NAME_CITY_MAX
        })
    }

    /// Places named in `text`, in order, each with the name as written, its
    /// candidates, whether a locative word ("in", "near", ...) stands
    /// before it, what the words around it say it is (`Sense`), and the
    /// countries a region or country beside it names.
    fn mentions<'t>(&self, text: &'t str) -> Vec<Mention<'t>> {
        let words = words(text);
        // In an all-caps text ("COMPANY COMPLETES SALE") every word looks
        // like an acronym; there, short words get no acronym pass.
        let letters = text.chars().filter(|c| c.is_alphabetic()).count();
        let upper = text.chars().filter(|c| c.is_uppercase()).count();
        let shouting = letters > 0 && upper * 10 >= letters * 6;
        // In a title-case text (a headline) every word is capitalised, so a
        // capitalised neighbour tells nothing.
        // (Title case leaves short function words lower-case: "Defeats ISIS
        // Infiltration Near Ramadi"; a lead full of names does not reach it.)
        let (mut content, mut capitalised) = (0, 0);
        for (_, w) in &words {
            if !is_function_word(w) {
                content += 1;
                capitalised += usize::from(starts_upper(w));
            }
        }
        let titled = content >= 2 && capitalised * 10 >= content * 8;
        let mut out: Vec<Mention<'t>> = Vec::new();
        // A name's words one space apart, for the lookups.
        let mut lookup = String::new();
        let mut i = 0;
        while i < words.len() {
            let (start, first) = words[i];
            if !starts_upper(first) {
                i += 1;
                continue;
            }
            let mut matched = 0;
            for n in (1..=MAX_NAME_WORDS.min(words.len() - i)).rev() {
                let span = &words[i..i + n];
                let last = span[n - 1];
                if !starts_upper(last.1)
                    || span
                        .iter()
                        .any(|(_, w)| !starts_upper(w) && !CONNECTORS.contains(w))
                {
                    continue;
                }
                let end = last.0 + last.1.len();
                let name = &text[start..end];
                lookup.clear();
                for word in name.split_whitespace() {
                    if !lookup.is_empty() {
                        lookup.push(' ');
                    }
                    lookup.push_str(word);
                }
                let lowered = key(&lookup);
                // Acronyms such as US or UK are names even where the word
                // ("us") is common.
                let acronym = !shouting
                    && (lookup.len() <= 3 || lookup.contains('.'))
                    && lookup.len() <= 5
                    && lookup.chars().all(|c| c.is_uppercase() || c == '.');
                if n == 1
                    && ((!acronym && self.common.contains(lowered.as_str()))
                        || NOT_PLACE_NAMES.contains(&lowered.as_str()))
                {
                    continue;
                }
                // In sentence case, a short name in capitals is an acronym
                // ("the ISA bus" is no Isa, Japan; "PA" no Pa, Burkina
                // Faso) unless places are so written; a longer one is a
                // word shouted or a dateline ("WACO burning", "MOSCOW
                // (UPI) --").
                if !shouting
                    && lookup.len() <= 3
                    && all_capitals(&lookup)
                    && !self.capitals.contains(lowered.as_str())
                {
                    continue;
                }
                if WORLD_REGIONS.contains(&lowered.as_str()) {
                    // The region's name is consumed so "South Asia" is not "Asia".
                    matched = n;
                    break;
                }
                let ids = self.candidates_of_key(&lowered, false);
                if !ids.is_empty() {
                    let before = i.checked_sub(1).map(|p| words[p]);
                    let locative =
                        before.is_some_and(|(_, w)| LOCATIVES.contains(&w.to_lowercase().as_str()));
                    let after = words.get(i + n).copied();
                    let sense = sense(
                        text,
                        (start, end),
                        before,
                        after,
                        self.is_town(ids.iter().copied()),
                        titled,
                    );
                    out.push(Mention {
                        name,
                        start,
                        end,
                        ids,
                        locative,
                        sense,
                        beside: Vec::new(),
                    });
                    matched = n;
                    break;
                }
            }
            i += matched.max(1);
        }
        // "Newcastle, England", "Paris, Texas": a country or region right
        // after a comma says which of the places of that name is meant.
        for k in 1..out.len() {
            if text[out[k - 1].end..out[k].start].trim() != "," {
                continue;
            }
            let codes: Vec<String> = out[k]
                .ids
                .iter()
                .filter(|&&id| self.places[id].kind != Kind::City)
                .map(|&id| self.places[id].country_code.to_string())
                .collect();
            out[k - 1].beside = codes;
        }
        out
    }

    /// The most salient place of an article: mentions weighted by where they
    /// stand (`zones` pairs a text with its weight; `context`, the rest of
    /// the body, weighs nothing but is read up to `CONTEXT_BYTES` for the
    /// countries it names, repetitions and the names it gives a person).
    /// A town's name used for a person anywhere in the article ("Michael
    /// Howard", "Mr Howard") is no place anywhere in it. The
    /// country with the most weight over all its places wins; the answer is
    /// its best-supported city, else the country itself.
    pub fn salient(
        &self,
        zones: &[(&str, f32)],
        context: &[String],
        author: Option<&str>,
    ) -> Option<Located> {
        let mut mentioned: Vec<(Mention<'_>, f32)> = Vec::new();
        for (text, weight) in zones {
            mentioned.extend(self.mentions(text).into_iter().map(|m| (m, *weight)));
        }
        let mut read = 0;
        for paragraph in context {
            if read >= CONTEXT_BYTES {
                break;
            }
            read += paragraph.len();
            // Zero weight: evidence, never the answer on its own.
            mentioned.extend(self.mentions(paragraph).into_iter().map(|m| (m, 0.0)));
        }
        // One sense per article: a town's name given to a person is the
        // person's wherever it stands, unless a locative word or a region
        // beside it says otherwise ("Howard said", but "in Howard").
        // The author's names are people's too: "Kent" signing a post by
        // Kent Sandvik is no town in Washington.
        let authors = words(author.unwrap_or(""))
            .into_iter()
            .map(|(_, w)| w)
            .filter(|w| {
                starts_upper(w)
                    && self
                        .by_name
                        .get(key(w).as_str())
                        .is_some_and(|ids| self.is_town(ids.iter().map(|&id| id as usize)))
            });
        let people: HashSet<String> = mentioned
            .iter()
            .filter(|(m, _)| m.sense == Sense::Person && self.is_town(m.ids.iter().copied()))
            .map(|(m, _)| m.name)
            .chain(authors)
            .map(key)
            .collect();
        mentioned.retain(|(m, _)| {
            m.sense == Sense::Place
                && (!people.contains(&key(m.name)) || m.locative || !m.beside.is_empty())
        });
        // A name shared by several places means the one a region beside it
        // names, else one whose country the article names (if it is not
        // dwarfed by the most populous), else the most populous.
        // Countries the whole article names pick among namesakes; those the
        // headline, caption and lead name also vouch for a small town there.
        let named_countries = |zones_only: bool| -> HashSet<&str> {
            mentioned
                .iter()
                .filter(|(_, weight)| !zones_only || *weight > 0.0)
                .flat_map(|(m, _)| m.ids.iter())
                .filter(|&&i| self.places[i].kind == Kind::Country)
                .map(|&i| self.places[i].country_code)
                .collect()
        };
        // A place whose most populous candidate dwarfs every namesake abroad
        // ("Liverpool", "Birmingham", "England") also says which country the
        // text is in: a story on Newcastle United that names Liverpool is
        // about Newcastle, England.
        let mut countries = named_countries(false);
        countries.extend(
            mentioned
                .iter()
                .filter_map(|(m, _)| self.decided_country(&m.ids)),
        );
        let vouching = named_countries(true);
        let mut own: HashMap<usize, f32> = HashMap::new();
        let mut support: HashMap<usize, (u32, bool)> = HashMap::new();
        for (m, weight) in &mentioned {
            let top = self.places[m.ids[0]].population;
            let id = m
                .ids
                .iter()
                .copied()
                .find(|&i| m.beside.iter().any(|c| c == self.places[i].country_code))
                .or_else(|| {
                    m.ids.iter().copied().find(|&i| {
                        let place = &self.places[i];
                        countries.contains(place.country_code)
                            && place.population.saturating_mul(NAMED_COUNTRY_MIN_SHARE) >= top
                    })
                })
                .unwrap_or(m.ids[0]);
            // The rest of the body is no support: a person's name repeats
            // as often as a place's.
            if *weight > 0.0 {
                *own.entry(id).or_default() += weight;
                let s = support.entry(id).or_default();
                s.0 += 1;
                s.1 |= m.locative || !m.beside.is_empty();
            }
        }
        // A small town named once, with no locative word and no mention of
        // its country, is more likely a person or a word than a place.
        own.retain(|&id, _| {
            let place = &self.places[id];
            let (times, locative) = support.get(&id).copied().unwrap_or_default();
            place.kind != Kind::City
                || place.population >= SMALL_TOWN
                || locative
                || times >= 2
                || vouching.contains(place.country_code)
        });
        let mut evidence: HashMap<&str, f32> = HashMap::new();
        for (&id, &weight) in &own {
            *evidence.entry(self.places[id].country_code).or_default() += weight;
        }
        let population = |code: &str| {
            self.country_by_code
                .get(code)
                .map_or(0, |&i| self.places[i].population)
        };
        let (&code, _) = evidence.iter().max_by(|a, b| {
            a.1.total_cmp(b.1)
                .then_with(|| population(a.0).cmp(&population(b.0)))
                .then_with(|| b.0.cmp(a.0))
        })?;
        let city = own
            .iter()
            .filter(|(&i, _)| {
                self.places[i].kind == Kind::City && self.places[i].country_code == code
            })
            .max_by(|a, b| {
                a.1.total_cmp(b.1)
                    .then_with(|| {
                        self.places[*a.0]
                            .population
                            .cmp(&self.places[*b.0].population)
                    })
                    .then_with(|| b.0.cmp(a.0))
            })
            .map(|(&i, _)| i);
        match city.or_else(|| self.country_by_code.get(code).copied()) {
            Some(id) => Some(self.located(id)),
            None => own
                .keys()
                .copied()
                .filter(|&i| self.places[i].country_code == code)
                .min()
                .map(|i| self.located(i)),
        }
    }
}

/// True when `word` is one of the lower-case `words`, whatever its case
/// (no allocation: it runs for every word of a story's first screens).
fn one_of(words: &[&str], word: &str) -> bool {
    words.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// `one_of(FUNCTION_WORDS, word)`, by a hash lookup: it runs for every
/// word of every text a place is looked for in.
fn is_function_word(word: &str) -> bool {
    static SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(FUNCTION_WORDS));
    SET.holds_folded(word)
}

/// True when `word` starts with a capital letter.
fn starts_upper(word: &str) -> bool {
    word.starts_with(|c: char| c.is_uppercase())
}

/// What the words beside a place's name (`span`, byte offsets in `text`)
/// say it names. `before` and `after` are the words beside it; they count
/// only when nothing but white space parts them from the name. `town` says the name
/// names cities only, none of them of millions (`GIVEN_NAME_CITY_MAX`);
/// `titled` says every word of the text is capitalised, where a capital
/// tells nothing.
fn sense(
    text: &str,
    span: (usize, usize),
    before: Option<(usize, &str)>,
    after: Option<(usize, &str)>,
    town: bool,
    titled: bool,
) -> Sense {
    let after = after.filter(|(at, _)| text[span.1..*at].trim().is_empty());
    let before = before.filter(|(at, w)| text[at + w.len()..span.0].trim().is_empty());
    if let Some((_, word)) = before {
        if one_of(TITLES, word.trim_end_matches('.')) {
            return Sense::Person;
        }
    }
    // Capitals tell something only about a town, and only in sentence case.
    if !town || titled {
        return Sense::Place;
    }
    if let Some((_, word)) = after {
        if starts_upper(word) && !is_function_word(word) && !one_of(GEO_WORDS, word) {
            return Sense::Named;
        }
    }
    // A given name: a capitalised word that is no function word or place
    // qualifier ("Michael Howard"; not "In Howard", "North London", "Lake
    // Geneva").
    if let Some((_, word)) = before {
        let bare = word.trim_end_matches('.');
        if starts_upper(word)
            && !word.contains('.')
            && !is_function_word(bare)
            && !one_of(LOCATIVES, bare)
            && !one_of(GEO_WORDS, bare)
        {
            return Sense::Person;
        }
    }
    Sense::Place
}

/// Words of `text` with their byte offsets: letters, digits and inner
/// `.`, `-`, `'`; a possessive `'s` is left out.
fn words(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() || (start.is_some() && is_inner(c)) {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            push_word(text, s, i, &mut out);
        }
    }
    if let Some(s) = start {
        push_word(text, s, text.len(), &mut out);
    }
    out
}

fn is_inner(c: char) -> bool {
    matches!(c, '.' | '-' | '\'' | '\u{2019}')
}

fn push_word<'t>(text: &'t str, start: usize, end: usize, out: &mut Vec<(usize, &'t str)>) {
    let mut word = text[start..end].trim_end_matches(|c: char| is_inner(c) && c != '.');
    for suffix in ["'s", "\u{2019}s"] {
        word = word.strip_suffix(suffix).unwrap_or(word);
    }
    // A full stop ends a sentence unless the word is an abbreviation (U.S.).
    if word.ends_with('.') && !word[..word.len() - 1].contains('.') {
        word = &word[..word.len() - 1];
    }
    if !word.is_empty() {
        out.push((start, word));
    }
}

/// "SAO PAULO" -> "Sao Paulo"; words with inner dots (U.S.) stay as written.
fn title_case(name: &str) -> String {
    name.split(' ')
        .map(|w| {
            if w.contains('.') && w.len() <= 5 {
                return w.to_string();
            }
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first
                    .to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tables compiled in are the rows of `data/gazetteer.tsv` and
    /// `data/common_words.txt` read again: every place, every name's places
    /// in order, the capitals and the common words.
    #[test]
    fn the_compiled_tables_are_the_rows_read_again() {
        let tables = super::super::gazetteer_build::Tables::read(GAZETTEER_TSV, COMMON_WORDS);
        let g = gazetteer();
        assert!(tables.places.len() > 30_000, "{}", tables.places.len());
        assert_eq!(g.places.len(), tables.places.len());
        for (place, row) in g.places.iter().zip(&tables.places) {
            assert_eq!(
                (place.name, place.kind, place.country_code, place.population),
                (
                    row.name.as_str(),
                    row.kind,
                    row.country_code.as_str(),
                    row.population
                )
            );
        }
        assert_eq!(g.by_name.len(), tables.names.len());
        for (key, ids) in &tables.names {
            assert_eq!(
                g.by_name.get(key.as_str()).copied(),
                Some(ids.as_slice()),
                "{key}"
            );
        }
        fn sorted<'a>(words: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
            let mut words: Vec<&str> = words.collect();
            words.sort_unstable();
            words
        }
        assert_eq!(
            sorted(g.capitals.iter().copied()),
            sorted(tables.capitals.iter().map(String::as_str))
        );
        assert_eq!(
            sorted(g.common.iter().copied()),
            sorted(tables.common.iter().map(String::as_str))
        );
        assert!(g.capitals.contains("us") && g.common.contains("reading"));
    }

    #[test]
    fn function_words_are_told_as_one_of_tells_them() {
        let mut words: Vec<String> = FUNCTION_WORDS.iter().map(|w| w.to_string()).collect();
        words.extend(FUNCTION_WORDS.iter().map(|w| w.to_uppercase()));
        words.extend(
            [
                "The",
                "tHe",
                "Thé",
                "the\u{301}",
                "",
                "x",
                "Paris",
                "thereafter",
            ]
            .map(String::from),
        );
        words.push("a".repeat(40));
        for w in &words {
            assert_eq!(is_function_word(w), one_of(FUNCTION_WORDS, w), "{w:?}");
        }
    }

    #[test]
    fn canonical_names_are_those_the_gazetteer_resolves() {
        let names = [
            "US",
            "usa",
            "U.S.",
            "Peking",
            "NYC",
            "new  york",
            "Zürich",
            "zurich",
            "Georgia",
            "Paris",
            "Washington",
            "Sao Paulo",
            "Narnia",
            "",
            "   ",
        ];
        for name in names {
            assert_eq!(
                canonical_name(name),
                gazetteer().resolve(name).map(|l| l.location),
                "{name:?}"
            );
        }
        assert_eq!(canonical_name("US").as_deref(), Some("United States"));
        assert_eq!(canonical_name("Peking").as_deref(), Some("Beijing"));
        // One name in 50 of the whole gazetteer, as written, in lower case
        // and in capitals (the rows are in order of name, as
        // `trim_geonames.py` writes them).
        let rows: Vec<&str> = GAZETTEER_TSV.lines().skip(1).collect();
        assert!(rows
            .windows(2)
            .all(|w| w[0].as_bytes()[0] <= w[1].as_bytes()[0]));
        for row in rows.iter().step_by(50) {
            let name = row.split('\t').next().unwrap();
            for name in [name.to_string(), name.to_lowercase(), name.to_uppercase()] {
                assert_eq!(
                    canonical_name(&name),
                    gazetteer().resolve(&name).map(|l| l.location),
                    "{name:?}"
                );
            }
        }
    }

    #[test]
    fn words_split_possessives_and_abbreviations() {
        let got: Vec<&str> = words("Beirut's suburbs, the U.S. and Al-Tash. End")
            .into_iter()
            .map(|(_, w)| w)
            .collect();
        assert_eq!(
            got,
            vec!["Beirut", "suburbs", "the", "U.S.", "and", "Al-Tash", "End"]
        );
    }

    #[test]
    fn title_cases_unknown_places() {
        assert_eq!(title_case("SAO PAULO"), "Sao Paulo");
        assert_eq!(title_case("NORTHBROOK"), "Northbrook");
    }

    #[test]
    fn embedded_gazetteer_resolves_news_places() {
        let g = gazetteer();
        let cases = [
            ("BEIRUT", "Beirut", Some("Lebanon")),
            ("Ramadi", "Ramadi", Some("Iraq")),
            ("TOKYO", "Tokyo", Some("Japan")),
            ("NORTHBROOK-XYZ", "Northbrook-xyz", None),
        ];
        for (name, location, country) in cases {
            let got = g.resolve_dateline(name, None);
            assert_eq!(got.location, location, "{name}");
            assert_eq!(got.country.as_deref(), country, "{name}");
        }
    }

    #[test]
    fn salient_place_prefers_supported_cities() {
        let g = gazetteer();
        let cases = [
            (
                "Iraq Says Defeats ISIS Infiltration Near Ramadi, Several Dead",
                "Members of the Iraqi forces patrol a road after security forces retook the eastern outskirts of Ramadi city from ISIS.",
                "ISIS militants seized areas around Ramadi, west of Baghdad, on Wednesday.",
                "Ramadi",
            ),
            (
                "Hezbollah Says Refuses to Disarm Until Israel Withdraws from South Lebanon",
                "Hezbollah supporters listen to a televised speech by the movemen't leader Naim Qassem in Beirut's southern suburbs on July 6, 2025.",
                "Hezbollah leader Naim Qassem reiterated Sunday the group's refusal to lay down its weapons before Israel withdraws from all of southern Lebanon.",
                "Beirut",
            ),
            ("Ad sales boost Time Warner profit", "", "Quarterly profits at US media giant TimeWarner jumped.", "United States"),
            ("Nothing here", "", "Most people said it was nice reading.", ""),
            ("Ink helps drive democracy in Asia", "", "Voters in Afghanistan will have their fingers marked.", "Afghanistan"),
            ("Obama Meets Putin", "", "The two leaders talked for an hour.", ""),
            ("Talks Go On", "", "Officials met in Obama on Monday.", "Obama"),
            ("COMMACK COMPLETES SALE", "", "The company said it sold the unit.", ""),
            ("US AND UK TALK TRADE", "", "", "United States"),
            ("For SALE: Mac IIsi", "", "Best offer.", ""),
        ];
        for (headline, caption, lead, want) in cases {
            let got = g
                .salient(&[(headline, 3.0), (caption, 2.0), (lead, 1.0)], &[], None)
                .map(|l| l.location)
                .unwrap_or_default();
            assert_eq!(got, want, "{headline}");
        }
    }

    /// Lines of 20 Newsgroups posts (comp.sys.ibm.pc.hardware 60973,
    /// alt.atheism 53293 and 53448): an acronym, a person's given name that
    /// is a Slovenian municipality, and a town that is the post's author.
    #[test]
    fn acronyms_and_authors_are_no_places() {
        let g = gazetteer();
        let none = |headline: &str, lead: &str, author: Option<&str>| {
            g.salient(&[(headline, 3.0), (lead, 1.0)], &[], author)
                .map(|l| l.location)
        };
        assert_eq!(
            none(
                "Re: Question on ISA video board performance",
                "How do you do bus-mastering on the ISA bus?",
                None
            ),
            None
        );
        assert_eq!(
            none(
                "Re: Theism and Fanatism",
                "In article <16BB6B7CA.I3150101@dbstu1.rz.tu-bs.de> I3150101@dbstu1.rz.tu-bs.de (Benedikt Rosenau) writes:",
                None
            ),
            None
        );
        let lead =
            "This is the story of Kent, the archetype Finn, that lives in the middle of America.";
        assert_eq!(
            none(
                "Age of Reason",
                lead,
                Some("sandvik@newton.apple.com (Kent Sandvik)")
            ),
            None
        );
        // Written by someone else, Kent is a place again (a locative says so).
        assert_eq!(
            none(
                "Re: guns",
                "Someone from Kent favoring excessive force.",
                Some("Jim Shirreffs")
            )
            .as_deref(),
            Some("Kent")
        );
    }

    #[test]
    fn namesakes_are_in_the_country_the_other_places_name() {
        let g = gazetteer();
        // Leads of BBC News stories (sport/373 and sport/326); Newcastle is
        // 508,000 people in New South Wales, 405,000 in KwaZulu-Natal and
        // 300,000 on the Tyne, and England is a region of only one of them.
        let cases = [
            (
                "Souness eyes summer move for Owen",
                "Newcastle boss Graeme Souness is lining up a summer move for England and Real Madrid striker Michael Owen.",
                &[][..],
                "Newcastle upon Tyne",
            ),
            (
                "Wilkinson to miss Ireland match",
                "England will have to take on Ireland in the Six Nations without captain and goal-kicker Jonny Wilkinson, according to his Newcastle boss Rob Andrew.",
                &[][..],
                "Newcastle upon Tyne",
            ),
            // The country may come from the rest of the body: Liverpool is
            // 497,000 people in England, 28,000 in New South Wales.
            (
                "Newcastle to join race",
                "Newcastle are considering a bid for the striker.",
                &["He scored twice at Liverpool last season.".to_string()][..],
                "Newcastle upon Tyne",
            ),
        ];
        for (headline, lead, context, want) in cases {
            let got = g
                .salient(&[(headline, 3.0), (lead, 1.0)], context, None)
                .map(|l| l.location)
                .unwrap_or_default();
            assert_eq!(got, want, "{headline}");
        }
    }
}
