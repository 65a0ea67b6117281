//! Resolution: from alias candidates to mentions of actors, by declared rules.
//!
//! The matcher reports every alias occurrence, overlapping. The resolver decides which of
//! them are mentions, in this order:
//!
//! 1. **Span policy.** Candidates with the same span are grouped. An `ignore` phrase wins
//!    its span outright. Otherwise the aliases flagged `prefer` win, then the most
//!    specific kind of alias (a name beats a demonym, which beats a capital standing for a
//!    government). If several actors are still tied the span is an *ambiguity*, decided in
//!    step 3 by the document, never by the order of the gazetteer. Overlapping spans are
//!    then chosen greedily: longest first, then priority, then specificity, then leftmost.
//! 2. **Context rules.** A country word inside the name of a company, event or private
//!    body (`American Airlines`, `Bank of China`), as a currency (`the U.S. dollar`) or as
//!    a surname after a first name or an honorific (`Mike German`, `Mr German`) is not the
//!    country; a person's name inside a place named after them (`Charles de Gaulle
//!    airport`) is not the person. An
//!    exact-case acronym that is also an English word (`US`, `IS`) is dropped inside
//!    all-capital text (`LET US PRAY`). An alias flagged `ambiguous` (`Jordan`, `Chad`) is
//!    dropped when it is part of a person's name (`Michael Jordan`, `Chad Johnson`) and
//!    otherwise kept only with support: another unambiguous mention of the same actor in
//!    the document, or a coordinated country (`Egypt and Jordan`); an ambiguous party word
//!    before a person or a title names the person's party. A `metonymy` alias (`Cairo`, `the
//!    Kremlin`) is kept only where it acts: before a verb (`Washington warned`), as a
//!    possessive (not before another place's name), after `between`, `with`, `against`,
//!    before `spokesman` or `officials`, in a compound (`Tehran-backed`), or coordinated
//!    with one that acts (`talks between Cairo and Doha`); never after a place preposition
//!    (`in Cairo`) and never inside a longer name (`Real Madrid`).
//! 3. **Ties** go to the one tied actor the document mentions elsewhere; between actors of
//!    different countries (parties), to the one of the document's country; otherwise the
//!    span is dropped.
//! 4. **Person patterns** find officials the gazetteer does not know: `[Former]
//!    [Affiliation] TITLE [of Portfolio] Name`, `Name, the TITLE of Affiliation`, peers and
//!    knights (`Lord Woolf`, `Sir Alan Budd`), and a full name the text elsewhere calls `Mr
//!    Surname`. The person gets an id from the name, the title as role and, when an actor is
//!    attached to the title, that actor as affiliation. `TITLE Surname` names a gazetteer
//!    person when exactly one person with that surname held an office the title names on
//!    the document's date (`President Bush` in 1990 and in 2005 are two people).
//! 5. **`X administration`** and **`X government`** after a head of government become a
//!    mention of the country that person leads.
//! 6. **Coreference.** After a person is named in full, later bare surnames (`Blinken`,
//!    `Mr Zinni`, `Secretary Blinken`) resolve to them. A surname never given in full in the
//!    document is not guessed.
//!
//! Every mention a rule decided records the rule's name in
//! [`Mention::rule`](crate::document::Mention::rule).

use std::collections::{BTreeMap, HashMap, HashSet};

use rustc_hash::FxHashSet;
use std::sync::{Arc, LazyLock};

use crate::actor::{Actor, ActorId, ActorType, Date, Role};
use crate::document::Source;
use crate::gazetteer::{AliasKind, CasePolicy, Gazetteer, Target};
use crate::matcher::Candidate;
use crate::segment::Sentence;
use crate::text::{char_at, char_before, is_word_char, WordSet};

/// Options for the rules that can be switched off.
#[derive(Clone, Copy, Debug)]
pub struct ResolveOptions {
    /// Find officials through title patterns (default: yes).
    pub title_patterns: bool,
    /// Resolve later surnames to people named in full earlier (default: yes).
    pub coreference: bool,
}

impl Default for ResolveOptions {
    fn default() -> Self {
        ResolveOptions { title_patterns: true, coreference: true }
    }
}

/// A mention as the resolver builds it, in normalised-text offsets.
#[derive(Clone, Debug)]
pub(crate) struct Resolved {
    pub start: usize,
    pub end: usize,
    pub actor: Arc<Actor>,
    pub source: Source,
    pub rule: Option<&'static str>,
    pub role: Option<String>,
    pub affiliation: Option<ActorId>,
}

/// A span that survived the span policy, before context rules.
#[derive(Clone, Debug)]
struct Tentative {
    start: usize,
    end: usize,
    /// The tied actors (one unless the span is an ambiguity), sorted by index.
    actors: Vec<u32>,
    kind: AliasKind,
    ambiguous: bool,
    prefer: bool,
    ignore: bool,
    exact_word: bool,
}

/// Resolves one document. `text` is the normalised text, `candidates` what the matcher
/// found in it, `sentences` its segmentation, `date` the document's date.
pub(crate) fn resolve(
    gazetteer: &Gazetteer,
    text: &str,
    candidates: &[Candidate],
    sentences: &[Sentence],
    date: Option<Date>,
    options: ResolveOptions,
) -> Vec<Resolved> {
    let ctx = Context { g: gazetteer, text, sentences, date };
    let (tentative, titles) = ctx.span_policy(candidates);
    let mut mentions = ctx.context_rules(tentative, &titles);
    if options.title_patterns {
        let found = ctx.title_patterns(&titles, &mentions);
        mentions.extend(found);
        mentions.sort_by_key(|m| (m.start, m.end));
        let found = ctx.honorific_names(&mentions);
        mentions.extend(found);
        mentions.sort_by_key(|m| (m.start, m.end));
    }
    ctx.administration_rule(&mut mentions);
    if options.coreference {
        let found = ctx.coreference(&mentions, &titles, candidates);
        mentions.extend(found);
        mentions.sort_by_key(|m| (m.start, m.end));
    }
    let inner = ctx.countries_inside_institutions(&mentions, candidates);
    if !inner.is_empty() {
        mentions.extend(inner);
        mentions.sort_by_key(|m| (m.start, m.end));
    }
    mentions
}

struct Context<'a> {
    g: &'a Gazetteer,
    text: &'a str,
    sentences: &'a [Sentence],
    date: Option<Date>,
}

/// Capitalised words that never begin or continue a person's name, and that a
/// capitalised neighbour check must not mistake for one.
#[rustfmt::skip]
const NOT_NAMES_LIST: &[&str] = &[
    "The", "A", "An", "In", "On", "At", "To", "From", "Of", "For", "With", "By", "And", "But",
    "Or", "Nor", "As", "After", "Before", "Since", "When", "While", "If", "Although", "Though",
    "Because", "Both", "Neither", "Either", "Like", "Unlike", "Into", "Over", "Under", "Between",
    "Against", "Across", "Through", "Toward", "Towards", "Near", "Via", "Than", "That", "This",
    "These", "Those", "Its", "It", "He", "She", "They", "We", "I", "You", "Our", "Their", "His",
    "Her", "My", "Your", "Also", "Meanwhile", "However", "Including", "Where", "Why", "How",
    "What", "Which", "Who", "Whom", "Whose", "Within", "Without", "Outside", "Inside", "Beyond",
    "Despite", "Amid", "Among", "Around", "About", "Above", "Below", "Behind", "During", "Except",
    "Following", "Upon", "Until", "Not", "No", "Yes", "So", "Yet", "Then", "Now", "Only", "Even",
    "Just", "Still", "All", "Some", "Many", "Most", "More", "Several", "Each", "Every", "Other",
    "Another", "Such", "Any", "Was", "Is", "Are", "Were", "Be", "Has", "Have", "Had", "Will",
    "Would", "Could", "Should", "May", "Might", "Must", "Can", "Did", "Does", "Do", "Said", "Says",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
    "February", "March", "April", "June", "July", "August", "September", "October", "November",
    "December", "Today", "Yesterday", "Tomorrow", "Last", "Next", "Earlier", "Later",
    "Neighbouring", "Neighboring", "Northern", "Southern", "Eastern", "Western", "North", "South",
    "East", "West", "Central", "New", "Old", "Former", "Minister", "President", "Prime",
    "Secretary", "Foreign", "Defence", "Defense", "Government", "State", "States", "Republic",
    "Kingdom", "King", "Queen", "Prince", "Emir", "Sheikh", "Sultan", "Pope", "General", "Gen",
    "Colonel", "Chancellor", "Premier", "Senator", "Governor", "Mayor", "Ambassador", "Envoy",
    "Spokesman", "Spokeswoman", "Spokesperson", "Chairman", "Chief", "Leader", "Commander",
    "Speaker", "Deputy", "Vice", "Acting", "Interim", "Senior", "Top", "Official", "Officials",
    "Press", "News", "Reuters", "AP", "AFP", "Agency", "Party", "Council", "Ministry",
    "Department", "Committee", "Commission", "Union", "Bank", "Group", "Organization",
    "Organisation", "Association", "Company", "Corp", "Inc", "Ltd", "Times", "Post", "University",
    "Institute", "Foundation", "Fund", "Court", "Street", "Square", "House", "Palace", "Center",
    "Centre", "Airport", "Hospital", "River", "Sea", "Ocean", "Mountains", "Islands", "Island",
    "Province", "Region", "City", "Strip", "Forces", "Force", "Army", "Navy", "Brigade",
    "Brigades", "Front", "Movement", "Authority", "Administration", "Parliament", "Congress",
    "Senate", "Assembly", "Office", "Agreement", "Accord", "Treaty", "Conference", "Summit", "Day",
    "Week", "Month", "Year", "Club", "Cup", "League", "Stadium", "Hotel", "Road", "Valley",
    "Desert", "Gulf", "Lake", "Bay", "Port", "Prize", "Award", "Act", "Bill", "Plan", "Initiative",
    "Program", "Programme", "Project", "Report", "Review", "Index", "Exchange", "Market",
    "Airlines", "Airways", "Television", "Radio", "Channel", "Network", "Service", "Services",
    "Police", "Guard", "Guards", "Corps", "Coalition", "Alliance", "Federation", "Conservative",
    "Conservatives", "Labour", "Labor", "Liberal", "Liberals", "Democrat", "Democrats",
    "Republican", "Republicans", "Muslim", "Muslims", "Christian", "Christians", "Jewish", "Jews",
    "Arab", "Arabs", "Islamic", "Catholic", "Mr", "Mrs", "Ms", "Dr", "Sir", "Lord", "Lady", "Dame",
    "Miss", "Prof", "Rev", "St", "Mount", "Lt", "Col", "Capt", "Maj", "Sgt", "Adm", "Sen", "Rep",
    "Gov", "Pres", "Messrs", "Mme", "Herr", "Monsieur", "Madame", "Please", "Thank", "Thanks",
    "Dear", "Hello", "Welcome", "Breaking", "Update", "Exclusive", "Analysis", "Opinion",
    "Editorial", "Conclusion", "Introduction", "Summary", "Background", "Photo", "Video", "Read",
    "See", "Watch", "Click", "Subscribe", "Advertisement", "Copyright", "Source", "Sources", "Via",
];
static NOT_NAMES: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(NOT_NAMES_LIST));

/// Words that cannot be part of a person's name but can begin the name of a body or a
/// place (`Radio Romania`, `Union Bank of Switzerland`).
#[rustfmt::skip]
const ORG_NAME_WORDS_LIST: &[&str] = &[
    "Press", "News", "Agency", "Party", "Council", "Ministry", "Department", "Committee",
    "Commission", "Union", "Bank", "Group", "Organization", "Organisation", "Association",
    "Company", "Corp", "Inc", "Ltd", "Times", "Post", "University", "Institute", "Foundation",
    "Fund", "Court", "Street", "Square", "House", "Palace", "Center", "Centre", "Airport",
    "Hospital", "Club", "Cup", "League", "Stadium", "Hotel", "Prize", "Award", "Index",
    "Exchange", "Market", "Airlines", "Airways", "Television", "Radio", "Channel", "Network",
    "Service", "Services", "Federation", "Reuters", "Royal", "Air",
];
static ORG_NAME_WORDS: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(ORG_NAME_WORDS_LIST));

/// Honorifics: before a surname they mark a person (`Mr Zinni`, `Dr Jordan`).
#[rustfmt::skip]
const HONORIFICS_LIST: &[&str] = &[
    "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Miss", "Dr", "Dr.", "Sir", "Lord", "Lady", "Dame",
    "Prof", "Prof.", "Professor", "Mme", "Mme.", "Madame", "Monsieur", "Herr", "Frau", "Sheikh",
    "Sayyed", "Mullah", "Ayatollah", "Rabbi", "Father", "Imam",
];
static HONORIFICS: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(HONORIFICS_LIST));

/// Name particles allowed inside a name (`Mohammed bin Salman`, `Ursula von der Leyen`).
const PARTICLES_LIST: &[&str] = &[
    "bin", "ibn", "bint", "al", "el", "de", "da", "di", "du", "van", "von", "der", "den", "del",
    "della", "la", "le", "dos", "das", "y", "ter", "ben", "abu", "ould", "ag", "zu",
];
static PARTICLES: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(PARTICLES_LIST));

/// Words before a place that make a capital a venue, not an actor.
#[rustfmt::skip]
const VENUE_WORDS_LIST: &[&str] = &[
    "in", "at", "to", "from", "into", "near", "outside", "around", "across", "via", "through",
    "inside", "towards", "toward", "throughout", "within", "visit", "visited", "visiting",
    "visits", "reached", "arrived", "left", "leaving", "flew", "travelled", "traveled", "based",
    "headquartered", "returned", "returning", "back", "hosted", "held", "streets", "downtown",
    "central", "suburban", "outskirts", "embassy", "of", "over", "above",
];
static VENUE_WORDS: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(VENUE_WORDS_LIST));

/// Words before a capital that make it an actor: it is met, opposed, or pressed.
#[rustfmt::skip]
const ACTOR_WORDS_BEFORE_LIST: &[&str] = &[
    "between", "with", "against", "by", "urged", "accused", "told", "pressed", "warned", "asked",
    "criticised", "criticized", "blamed", "condemned", "pressured", "persuade", "convince",
    "urging", "accusing", "warning", "telling", "pressing", "blaming", "and",
];
static ACTOR_WORDS_BEFORE: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(ACTOR_WORDS_BEFORE_LIST));

/// Words after a capital that make it an actor: it says, decides, or does.
#[rustfmt::skip]
const AGENT_WORDS_AFTER_LIST: &[&str] = &[
    "said", "says", "say", "warned", "warns", "urged", "urges", "accused", "accuses", "denied",
    "denies", "rejected", "rejects", "insisted", "insists", "announced", "announces", "agreed",
    "agrees", "refused", "refuses", "responded", "responds", "claimed", "claims", "demanded",
    "demands", "threatened", "threatens", "hopes", "hoped", "wants", "wanted", "will", "would",
    "could", "should", "may", "might", "must", "can", "cannot", "has", "have", "had", "is", "was",
    "are", "were", "sees", "saw", "believes", "believed", "fears", "feared", "plans", "planned",
    "intends", "intended", "expects", "expected", "sent", "sends", "imposed", "imposes",
    "launched", "launches", "recognized", "recognised", "recognizes", "recognises", "condemned",
    "condemns", "welcomed", "welcomes", "backed", "backs", "supports", "supported", "opposes",
    "opposed", "signed", "signs", "seeks", "sought", "pushed", "pushes", "pressed", "presses",
    "called", "calls", "asked", "asks", "told", "tells", "offered", "offers", "proposed",
    "proposes", "approved", "approves", "blamed", "blames", "vowed", "vows", "pledged", "pledges",
    "promised", "promises", "retaliated", "criticised", "criticized", "criticises", "criticizes",
    "maintains", "maintained", "continues", "continued", "appears", "appeared", "seemed", "seems",
    "did", "does", "also", "ordered", "orders", "decided", "decides", "declined", "declines",
    "denounced", "denounces", "summoned", "summons", "expelled", "expels", "issued", "issues",
    "reacted", "reacts", "responded", "stressed", "stresses", "argued", "argues", "reiterated",
    "reiterates", "confirmed", "confirms", "dismissed", "dismisses", "considers", "considered",
    "views", "viewed", "regards", "regarded", "accepts", "accepted", "objected", "objects",
    "protested", "protests", "mediated", "mediates", "brokered", "brokers", "hosted", "hosts",
    "insisting", "warning", "urging", "seeking", "pushing", "pressing", "demanding",
];
static AGENT_WORDS_AFTER: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(AGENT_WORDS_AFTER_LIST));

/// Nouns after a capital that make it the government (`Kremlin spokesman`).
#[rustfmt::skip]
const GOVERNMENT_NOUNS_LIST: &[&str] = &[
    "spokesman", "spokeswoman", "spokesperson", "officials", "official", "authorities",
    "government", "leadership", "regime", "envoy", "envoys", "diplomats", "negotiators",
    "administration", "policy", "policymakers", "leaders", "aide", "aides", "ally", "allies",
];
static GOVERNMENT_NOUNS: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(GOVERNMENT_NOUNS_LIST));

/// Capitalised words after a capital's possessive that keep it the government
/// (`Moscow's Foreign Ministry`).
#[rustfmt::skip]
const GOVERNMENT_WORDS_LIST: &[&str] = &[
    "Foreign", "Defence", "Defense", "Ministry", "Government", "President", "Prime", "Minister",
    "Secretary", "Chancellor", "King", "Emir", "Supreme", "Interior", "Finance", "Treasury",
    "State", "Security", "Intelligence", "Cabinet", "Administration", "Parliament", "Army",
    "Navy", "Air", "Military", "Armed", "Central", "National", "Communist", "Council",
];
static GOVERNMENT_WORDS: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(GOVERNMENT_WORDS_LIST));

/// Words of a ministry's portfolio, skipped between a title and a name (`Minister of
/// Energy and Mines Arturo Hernandez Grisanti`).
#[rustfmt::skip]
const PORTFOLIO_WORDS_LIST: &[&str] = &[
    "Foreign", "Affairs", "Defence", "Defense", "Interior", "Home", "Finance", "Economy",
    "Economic", "Trade", "Industry", "Commerce", "Energy", "Mines", "Mining", "Oil", "Petroleum",
    "Agriculture", "Health", "Education", "Justice", "Labour", "Labor", "Transport",
    "Communications", "Information", "Culture", "Tourism", "Environment", "Planning",
    "Housing", "Public", "Works", "Water", "Electricity", "Power", "Fisheries", "Forestry",
    "Social", "Welfare", "Development", "Treasury", "War", "Science", "Technology", "Youth",
    "Sports", "Women", "Religious", "External", "Internal", "Security", "State", "Budget",
    "Industries", "Resources", "Natural", "Mineral", "Telecommunications", "Posts",
    "International", "Cooperation", "Co-operation", "Investment", "Privatisation",
    "Privatization", "Reconstruction", "Veterans", "Immigration", "Refugees", "Employment",
    "Finances", "Hydrocarbons", "Gas", "Construction", "Land", "Lands", "Rural", "Urban",
    "Regional", "Local", "Government", "Intelligence", "National", "Strategic", "and", "the",
    "of", "for",
];
static PORTFOLIO_WORDS: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(PORTFOLIO_WORDS_LIST));

/// Compound suffixes after a capital that make it an actor (`Tehran-backed`).
#[rustfmt::skip]
const AGENT_COMPOUNDS_LIST: &[&str] = &[
    "backed", "led", "brokered", "sponsored", "allied", "aligned", "supported", "funded",
    "friendly", "imposed", "armed", "controlled", "appointed", "mediated", "installed",
];
static AGENT_COMPOUNDS: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(AGENT_COMPOUNDS_LIST));

/// Exact-case acronyms that are also English words, unreliable in all-capital text.
const ACRONYM_WORDS_LIST: &[&str] = &[
    "US", "IS", "IT", "AS", "AT", "BE", "BY", "DO", "GO", "HE", "IF", "IN", "ME", "MY", "NO", "OF",
    "ON", "OR", "SO", "TO", "UP", "WE", "AM", "AN", "WHO", "CAN", "MAY", "WILL", "AID", "ARM",
    "ART", "CAT", "FAIR", "HAS", "NOW", "ONE", "OUR", "OUT", "SUN", "WAR", "WIN", "PA", "UN", "EU",
    "AU",
];
static ACRONYM_WORDS: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(ACRONYM_WORDS_LIST));

/// Honorifics that introduce a person's surname or name, each searched for followed by a
/// space or a period.
const HONORIFIC_WORDS: [&str; 8] = ["Mr", "Mrs", "Ms", "Dr", "Lord", "Baroness", "Sir", "Dame"];

static HONORIFIC_SEARCH: LazyLock<Option<aho_corasick::AhoCorasick>> = LazyLock::new(|| {
    // Leftmost-longest, so `Mrs` is not also reported as `Mr`. The patterns are fixed and
    // few, so building does not fail in practice.
    aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(HONORIFIC_WORDS)
        .ok()
});

/// Roles of people who speak for themselves rather than for an actor.
#[rustfmt::skip]
const PRIVATE_ROLES_LIST: &[&str] = &[
    "analyst", "analysts", "economist", "economists", "lawyer", "lawyers", "solicitor",
    "barrister", "attorney", "editor", "journalist", "correspondent", "reporter", "columnist",
    "commentator", "expert", "researcher", "strategist", "trader", "dealer", "broker",
    "witness", "victim", "resident", "student", "pupil", "consultant", "author", "writer",
    "filmmaker", "blogger", "relative", "neighbour", "neighbor", "passenger", "customer",
];
static PRIVATE_ROLES: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(PRIVATE_ROLES_LIST));

/// Head nouns of places and bodies named after people (`Nehru University`).
#[rustfmt::skip]
const NAMED_AFTER_HEADS_LIST: &[&str] = &[
    "Airport", "airport", "University", "Foundation", "Library", "Center", "Centre", "Institute",
    "Hospital", "Stadium", "Street", "Avenue", "Square", "Bridge", "School", "College",
    "Museum", "Prize", "Award", "Trust", "Fund", "Lecture", "Building", "Boulevard", "Road",
    "Park", "Hall", "Arena", "Station", "Highway", "Expressway", "Canal", "Dam", "Tunnel",
    "Fellowship", "Scholarship", "Medal", "Doctrine", "Plan", "Library", "Archive", "Archives",
    "Stiftung", "Barracks", "Base", "Mausoleum", "Tomb", "Memorial",
];
static NAMED_AFTER_HEADS: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(NAMED_AFTER_HEADS_LIST));

/// Words after a country's name or adjective that make it a currency.
#[rustfmt::skip]
const CURRENCY_WORDS_LIST: &[&str] = &[
    "dollar", "dollars", "dlr", "dlrs", "currency", "currencies", "franc", "francs",
    "sterling", "stg", "yen", "guilder", "guilders", "lira", "lire",
    "peso", "pesos", "rupee", "rupees", "rupiah", "rand", "rouble", "roubles", "ruble",
    "rubles", "yuan", "renminbi", "krona", "kronor", "krone", "kroner", "shekel",
    "shekels", "dinar", "dinars", "riyal", "riyals", "rial", "rials", "dirham", "dirhams",
    "ringgit", "baht", "drachma", "drachmas", "escudo", "escudos", "peseta", "pesetas",
    "schilling", "schillings", "reais", "zloty", "forint", "lev", "leu", "lei",
    "hryvnia", "naira", "cedi", "shilling", "shillings", "kwacha", "dong", "taka", "kyat",
    "austral", "cruzado", "cruzados", "bolivar", "bolivars", "sucre", "sucres", "inti",
    "intis", "punt", "punts",
];
static CURRENCY_WORDS: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(CURRENCY_WORDS_LIST));

/// Currency names that are also everyday words, counted only after an adjective.
#[rustfmt::skip]
const ADJECTIVE_CURRENCY_WORDS_LIST: &[&str] = &[
    "mark", "marks", "pound", "pounds", "real", "rand", "crown", "crowns", "won",
];
static ADJECTIVE_CURRENCY_WORDS: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(ADJECTIVE_CURRENCY_WORDS_LIST));

/// Head nouns that end the name of a non-state organisation, event or product; a
/// country name inside such a name is not a mention of the country.
#[rustfmt::skip]
const ORG_HEADS_LIST: &[&str] = &[
    "Association", "Associations", "Airlines", "Airline", "Airways", "Express", "Corp",
    "Corporation", "Company", "Co", "Inc", "Ltd", "Plc", "LLC", "Holdings", "Group", "Institute",
    "Foundation", "Society", "Federation", "League", "Open", "Cup", "Championship",
    "Championships", "Games", "Football", "FOOTBALL", "Grand", "Masters", "Desk", "University",
    "College", "Museum", "Motors", "Steel", "Telecom", "Bancorp", "Insurance", "Brands",
    "Industries", "Enterprises", "Partners", "Fund", "Funds", "Trust", "Club", "Classic", "Tour",
    "Derby", "Stakes", "Series", "Idol", "Airport", "Hospital", "Chamber", "Exchange", "Stock",
    "Newspaper", "Magazine", "Channel", "Television", "Radio", "Broadcasting", "Orchestra",
    "Theatre", "Theater", "Ballet", "Academy", "Bar", "ASSOCIATION", "LEAGUE", "OPEN", "CUP",
    "CHAMPIONSHIP", "CHAMPIONSHIPS", "GAMES", "Party", "Movement", "Front", "Alliance", "Union",
    "Coalition", "Newsroom", "PARTY",
];
static ORG_HEADS: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(ORG_HEADS_LIST));

fn is_org_head(word: &str) -> bool {
    ORG_HEADS.contains(&word)
}

/// Titles of people before a surname that confirm a coreference (`Secretary Blinken`).
fn is_honorific(word: &str) -> bool {
    HONORIFICS.contains(&word)
}

impl<'a> Context<'a> {
    // ----- step 1: span policy -------------------------------------------------------

    fn span_policy(&self, candidates: &[Candidate]) -> (Vec<Tentative>, Vec<(usize, usize, u32)>) {
        let g = self.g;
        let mut titles: Vec<(usize, usize, u32)> = vec![];
        let mut spans: Vec<(usize, usize, u32)> = Vec::with_capacity(candidates.len());
        for c in candidates {
            match g.aliases()[c.alias as usize].target {
                Target::Title(t) => titles.push((c.start, c.end, t)),
                _ => spans.push((c.start, c.end, c.alias)),
            }
        }
        spans.sort_unstable();
        let mut groups = Vec::with_capacity(spans.len());
        for group in spans.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
            let (start, end) = (group[0].0, group[0].1);
            let alias = |x: &(usize, usize, u32)| &g.aliases()[x.2 as usize];
            if group.iter().any(|x| matches!(alias(x).target, Target::Ignore(_))) {
                groups.push(Tentative {
                    start,
                    end,
                    actors: vec![],
                    kind: AliasKind::Name,
                    ambiguous: false,
                    prefer: true,
                    ignore: true,
                    exact_word: false,
                });
                continue;
            }
            // The pool: aliases flagged prefer if any is, then the most specific kind.
            let any_prefer = group.iter().any(|x| alias(x).prefer);
            let best_kind = group
                .iter()
                .filter(|x| alias(x).prefer == any_prefer)
                .map(|x| alias(x).kind)
                .max()
                .unwrap_or(AliasKind::Name);
            let in_pool = |x: &&(usize, usize, u32)| {
                let a = alias(x);
                a.prefer == any_prefer && a.kind == best_kind
            };
            let mut actors: Vec<u32> = group
                .iter()
                .filter(in_pool)
                .filter_map(|x| match alias(x).target {
                    Target::Actor(i) => Some(i),
                    _ => None,
                })
                .collect();
            actors.sort_unstable();
            actors.dedup();
            if actors.is_empty() {
                continue;
            }
            let exact_word =
                group.iter().filter(in_pool).any(|x| alias(x).case == CasePolicy::Exact)
                    && ACRONYM_WORDS.contains(&&self.text[start..end]);
            groups.push(Tentative {
                start,
                end,
                actors,
                kind: best_kind,
                ambiguous: group.iter().filter(in_pool).any(|x| alias(x).ambiguous),
                prefer: any_prefer,
                ignore: false,
                exact_word,
            });
        }
        // Greedy choice among overlapping spans.
        groups.sort_by(|a, b| {
            (b.end - b.start)
                .cmp(&(a.end - a.start))
                .then(b.prefer.cmp(&a.prefer))
                .then(b.kind.cmp(&a.kind))
                .then(a.start.cmp(&b.start))
        });
        let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
        let mut chosen = vec![];
        for t in groups {
            if overlaps(&taken, t.start, t.end) {
                continue;
            }
            taken.insert(t.start, t.end);
            if !t.ignore {
                chosen.push(t);
            }
        }
        chosen.sort_by_key(|t| (t.start, t.end));
        // Titles: longest first, no overlaps among themselves.
        titles.sort_by(|a, b| (b.1 - b.0).cmp(&(a.1 - a.0)).then(a.0.cmp(&b.0)));
        let mut taken_titles: BTreeMap<usize, usize> = BTreeMap::new();
        let mut kept_titles = vec![];
        for t in titles {
            if overlaps(&taken_titles, t.0, t.1) {
                continue;
            }
            taken_titles.insert(t.0, t.1);
            kept_titles.push(t);
        }
        kept_titles.sort();
        (chosen, kept_titles)
    }

    // ----- steps 2 and 3: context rules and ties ----------------------------------------

    fn context_rules(
        &self,
        tentative: Vec<Tentative>,
        titles: &[(usize, usize, u32)],
    ) -> Vec<Resolved> {
        let g = self.g;
        let mut out: Vec<Option<Resolved>> = vec![None; tentative.len()];
        // Pass 1: what needs no context.
        let mut support: FxHashSet<u32> = FxHashSet::default();
        let shouting = |t: &Tentative| t.exact_word && self.in_capitals(t.start, t.end);
        let in_org_name = |t: &Tentative| {
            // A stock ticker (`UNION CARBIDE <UK>`, `<US.N>`) names a company's listing: the
            // span ends, maybe after an exchange suffix, at a closing bracket.
            if self.text[..t.start].ends_with('<')
                && self.text[t.end..]
                    .trim_start_matches(|c: char| c == '.' || c.is_ascii_alphanumeric())
                    .starts_with('>')
            {
                return true;
            }
            let all =
                |kind: ActorType| t.actors.iter().all(|&a| g.actors()[a as usize].kind == kind);
            if all(ActorType::Person) {
                // `Charles de Gaulle airport`, `Reagan National Airport`, `USS Ronald Reagan`;
                // `Philip Braverman` is not Suella Braverman.
                return self.named_after_person(t.start, t.end)
                    || self.surname_of_someone_else(t, titles, &tentative);
            }
            t.kind != AliasKind::Metonymy
                && all(ActorType::Country)
                && (self.inside_organisation_name(t.start, t.end)
                    || self.before_currency(t.end, t.kind == AliasKind::Demonym)
                    || self.after_name_word(t.start, &tentative))
        };
        for (i, t) in tentative.iter().enumerate() {
            if in_org_name(t) {
                continue;
            }
            if t.actors.len() == 1 && !t.ambiguous && t.kind != AliasKind::Metonymy && !shouting(t)
            {
                let actor = t.actors[0];
                support.insert(actor);
                let a = &g.actors()[actor as usize];
                if let Some(aff) = a.role_at(self.date).and_then(|r| r.affiliation.as_ref()) {
                    if let Some(idx) = g.index_of(aff) {
                        support.insert(idx);
                    }
                }
                out[i] = Some(self.resolved(t.start, t.end, actor, None));
            }
        }
        // The countries the document is about, for ties between parties and the like.
        let countries: FxHashSet<u32> = out
            .iter()
            .flatten()
            .filter_map(|m| match &m.actor.kind {
                ActorType::Country => g.index_of(&m.actor.id),
                _ => m
                    .actor
                    .extra
                    .get("country")
                    .and_then(|c| ActorId::new(c))
                    .or_else(|| m.affiliation.clone())
                    .and_then(|c| g.index_of(&c))
                    .filter(|&i| g.actors()[i as usize].kind == ActorType::Country),
            })
            .collect();
        // Pass 2: ambiguous names, metonymy and ties.
        let mut metonymy: Vec<(usize, Option<&'static str>)> = vec![];
        for (i, t) in tentative.iter().enumerate() {
            if out[i].is_some() || shouting(t) || in_org_name(t) {
                continue;
            }
            if t.actors.len() > 1 {
                let supported: Vec<u32> =
                    t.actors.iter().copied().filter(|a| support.contains(a)).collect();
                if supported.len() == 1 {
                    out[i] = Some(self.resolved(
                        t.start,
                        t.end,
                        supported[0],
                        Some("tie-document-support"),
                    ));
                    continue;
                }
                // Parties and other actors tied to a country (`Greens`, `Liberal Party`):
                // the one whose country the document is about.
                let local: Vec<u32> = t
                    .actors
                    .iter()
                    .copied()
                    .filter(|&a| {
                        g.actors()[a as usize]
                            .extra
                            .get("country")
                            .and_then(|c| g.index_of(&ActorId::new(c)?))
                            .is_some_and(|c| countries.contains(&c))
                    })
                    .collect();
                if local.len() == 1 {
                    out[i] =
                        Some(self.resolved(t.start, t.end, local[0], Some("tie-country-context")));
                }
                continue;
            }
            let actor = t.actors[0];
            // `Conservative Graham Brady`, `Labour spokesman X`: a party word before a
            // person's name or title names the person's party.
            if t.ambiguous
                && g.actors()[actor as usize].kind == ActorType::Group
                && (self.title_at(t.end, titles) || self.name_after(t.end))
            {
                out[i] = Some(self.resolved(t.start, t.end, actor, Some("party-before-name")));
                continue;
            }
            if t.ambiguous && self.part_of_person_name(t.start, t.end) {
                continue;
            }
            if t.kind == AliasKind::Metonymy {
                // `Real Madrid`, `London Stock Exchange`, `Georgetown University`.
                if !t.ambiguous && self.part_of_person_name(t.start, t.end) {
                    continue;
                }
                metonymy.push((i, self.acting(t.start, t.end)));
                continue;
            }
            // Ambiguous name.
            let rule = if support.contains(&actor) {
                Some("document-support")
            } else {
                self.in_country_list(i, &tentative, &out).then_some("country-list")
            };
            if let Some(rule) = rule {
                out[i] = Some(self.resolved(t.start, t.end, actor, Some(rule)));
            }
        }
        // Metonymy: coordination spreads an acting reading to its conjuncts
        // (`between Cairo and Doha`, `Cairo and Doha have agreed`).
        let mut decided: HashMap<usize, &'static str> =
            metonymy.iter().filter_map(|&(i, r)| r.map(|r| (i, r))).collect();
        loop {
            let mut changed = false;
            for w in metonymy.windows(2) {
                let (a, b) = (w[0].0, w[1].0);
                let (ta, tb) = (&tentative[a], &tentative[b]);
                let between = &self.text[ta.end..tb.start];
                let coordinated = matches!(between, " and " | ", " | " or " | ", and " | " & ");
                if !coordinated {
                    continue;
                }
                if decided.contains_key(&a)
                    && !decided.contains_key(&b)
                    && !self.venue_before(tb.start)
                {
                    decided.insert(b, "metonymy-coordination");
                    changed = true;
                }
                if decided.contains_key(&b)
                    && !decided.contains_key(&a)
                    && !self.venue_before(ta.start)
                {
                    decided.insert(a, "metonymy-coordination");
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        for (i, rule) in decided {
            let t = &tentative[i];
            out[i] = Some(self.resolved(t.start, t.end, t.actors[0], Some(rule)));
        }
        out.into_iter().flatten().collect()
    }

    /// Whether tentative mention `i` is coordinated with an accepted country mention:
    /// `Egypt and Jordan`, `Georgia, Ukraine and Moldova`. A country elsewhere in the
    /// sentence is not enough (`an election in Georgia` in a sentence about the U.S.).
    fn in_country_list(
        &self,
        i: usize,
        tentative: &[Tentative],
        accepted: &[Option<Resolved>],
    ) -> bool {
        let joiners = [" and ", ", ", ", and ", " or ", " & ", "/", " - ", "-"];
        let squeeze = |s: &str| {
            let mut out: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
            if s.starts_with(char::is_whitespace) {
                out.insert(0, ' ');
            }
            if s.ends_with(char::is_whitespace) && !out.ends_with(' ') {
                out.push(' ');
            }
            out
        };
        let is_country =
            |j: usize| accepted[j].as_ref().is_some_and(|m| m.actor.kind == ActorType::Country);
        let t = &tentative[i];
        if i > 0 && is_country(i - 1) {
            let between = squeeze(&self.text[tentative[i - 1].end..t.start]);
            if joiners.contains(&between.as_str()) {
                return true;
            }
        }
        if i + 1 < tentative.len() && is_country(i + 1) {
            let between = squeeze(&self.text[t.end..tentative[i + 1].start]);
            if joiners.contains(&between.as_str()) {
                return true;
            }
        }
        false
    }

    /// Whether a title begins right after `end` (one space between).
    fn title_at(&self, end: usize, titles: &[(usize, usize, u32)]) -> bool {
        let i = titles.partition_point(|t| t.0 < end + 1);
        titles.get(i).is_some_and(|t| t.0 == end + 1) && self.text[end..].starts_with(' ')
    }

    /// Whether a person's name (two or more capitalised tokens) begins right after `end`.
    fn name_after(&self, end: usize) -> bool {
        self.text[end..].starts_with(' ') && self.name_forward(end + 1).is_some()
    }

    fn resolved(
        &self,
        start: usize,
        end: usize,
        actor: u32,
        rule: Option<&'static str>,
    ) -> Resolved {
        let actor = self.g.actors()[actor as usize].clone();
        let role = actor.role_at(self.date).cloned();
        Resolved {
            start,
            end,
            source: Source::Gazetteer,
            rule,
            role: role.as_ref().map(|r| r.title.clone()).filter(|t| !t.is_empty()),
            affiliation: role.and_then(|r| r.affiliation),
            actor,
        }
    }

    /// Index of the sentence containing byte `pos`.
    fn sentence_of(&self, pos: usize) -> usize {
        self.sentences.partition_point(|s| s.start <= pos).saturating_sub(1)
    }

    fn sentence_bounds(&self, pos: usize) -> (usize, usize) {
        match self.sentences.get(self.sentence_of(pos)) {
            Some(s) if s.start <= pos => (s.start, s.end.max(pos)),
            _ => (0, self.text.len()),
        }
    }

    /// Whether a person's name is only part of the name of a place, body or ship named
    /// after them: followed by `Airport`, `University`, `Foundation` … (possibly after
    /// `International` or `National`), or preceded by a ship prefix.
    fn named_after_person(&self, start: usize, end: usize) -> bool {
        let before = &self.text[..start];
        if ["USS ", "HMS ", "INS ", "RFS ", "FS ", "the carrier ", "aircraft carrier "]
            .iter()
            .any(|p| before.ends_with(p))
        {
            return true;
        }
        let mut pos = end;
        for _ in 0..3 {
            let Some((s, e)) = self.word_after(pos) else { return false };
            if !self.text[pos..s].chars().all(|c| c == ' ') {
                return false;
            }
            let w = &self.text[s..e];
            if NAMED_AFTER_HEADS.contains(&w) {
                return true;
            }
            if !matches!(w, "International" | "National" | "Memorial" | "Presidential" | "Peace") {
                return false;
            }
            pos = e;
        }
        false
    }

    /// Whether a one-word person alias (a bare surname: `Braverman`) belongs to someone
    /// else: after a known first name that is not the person's (`Philip Braverman`, but
    /// `Mikhael Gorbachev` is a misspelt Mikhail), or inside a list of other capitalised
    /// names, as in a team sheet (`Mills, Dunne, Thatcher, Shaun Wright-Phillips`).
    fn surname_of_someone_else(
        &self,
        t: &Tentative,
        titles: &[(usize, usize, u32)],
        tentative: &[Tentative],
    ) -> bool {
        let (start, end) = (t.start, t.end);
        if self.text[start..end].contains(char::is_whitespace) {
            return false;
        }
        let is_actor_end = |e: usize| tentative.iter().any(|x| x.end == e);
        let is_actor_start = |s: usize| tentative.iter().any(|x| x.start == s);
        let title_case = |w: &str| {
            w.chars().next().is_some_and(char::is_uppercase) && w.chars().any(char::is_lowercase)
        };
        // A team sheet: other capitalised names, none of them actors, on both sides.
        let before = &self.text[..start];
        let after = &self.text[end..];
        if let Some(prev) = before.strip_suffix(", ") {
            if after.starts_with(", ") || after.starts_with(". ") {
                let pe = prev.len();
                let ps = prev
                    .char_indices()
                    .rev()
                    .find(|&(_, c)| !(is_word_char(c) || c == '-' || c == '\''))
                    .map_or(0, |(i, c)| i + c.len_utf8());
                let next = self.word_after(end + 1);
                if let Some((ns, ne)) = next {
                    if title_case(&self.text[ps..pe])
                        && title_case(&self.text[ns..ne])
                        && !is_actor_end(pe)
                        && !is_actor_start(ns)
                    {
                        return true;
                    }
                }
            }
        }
        if !before.ends_with(' ') || before.ends_with("  ") {
            return false;
        }
        let Some((s, e)) = self.word_before(start) else {
            return false;
        };
        if e + 1 != start {
            return false;
        }
        let word = &self.text[s..e];
        if !self.g.is_first_name(word) || titles.iter().any(|title| title.1 == e) {
            return false;
        }
        // The person's own first name, or a spelling of it (`Mikhael`, `Yassir`).
        t.actors.iter().all(|&a| {
            let own = self.g.actors()[a as usize].label.split(' ').next().unwrap_or("");
            !(own.chars().next() == word.chars().next() && strsim::levenshtein(own, word) <= 2)
        })
    }

    /// Whether a country word names a currency (`the U.S. dollar`, `Malaysian dlrs`):
    /// a currency is not the country acting.
    /// Words that are also common verbs or nouns (`marks`, `real`, `pound`) count only
    /// after an adjective (`German marks`), not after a name (`Germany marks the day`).
    fn before_currency(&self, end: usize, adjective: bool) -> bool {
        let bytes = self.text.as_bytes();
        if bytes.get(end) != Some(&b' ') || !bytes.get(end + 1).is_some_and(u8::is_ascii_alphabetic)
        {
            return false;
        }
        // `Australian and Canadian dollars`: look past a coordinated adjective.
        let mut pos = end;
        for _ in 0..3 {
            let Some((s, e)) = self.word_after(pos) else { return false };
            let w = self.text[s..e].to_lowercase();
            if CURRENCY_WORDS.contains(&w.as_str())
                || adjective && ADJECTIVE_CURRENCY_WORDS.contains(&w.as_str())
            {
                return true;
            }
            let capitalised = self.text[s..e].chars().next().is_some_and(char::is_uppercase);
            if !(w == "and" || w == "or" || capitalised && adjective) {
                return false;
            }
            pos = e;
        }
        false
    }

    /// Whether a country word follows a capitalised word that is not itself an actor, in
    /// running text: then both are one name (`Shell U.K.`, `Royal Dutch`, `Air India`,
    /// `Latin America`). Title-case and all-capital headlines are left alone, since every
    /// word there is capitalised.
    fn after_name_word(&self, start: usize, tentative: &[Tentative]) -> bool {
        let bytes = self.text.as_bytes();
        if start < 2 || bytes[start - 1] != b' ' {
            return false;
        }
        // `Dr. England`: an abbreviated honorific keeps its period.
        if bytes[start - 2] == b'.' {
            return self
                .word_before(start)
                .is_some_and(|(s, e)| HONORIFICS.contains(&&self.text[s..e]));
        }
        if !bytes[start - 2].is_ascii_alphabetic() {
            return false;
        }
        let Some((s, e)) = self.word_before(start) else {
            return false;
        };
        let word = &self.text[s..e];
        let title_case = word.chars().next().is_some_and(char::is_uppercase)
            && word.chars().any(char::is_lowercase);
        // A known first name makes the country word a surname (`Mike German`), wherever,
        // and so does an honorific (`Mr German`, `Dr England`): no country is a `Mr`.
        if (self.g.is_first_name(word) || HONORIFICS.contains(&word))
            && !tentative.iter().any(|t| t.end == e)
        {
            return true;
        }
        // The first word of a sentence is capitalised anyway (`Neighbouring Italy`,
        // `High-flying Italy`), and hyphenated adjectives are not names.
        let (sentence_start, _) = self.sentence_bounds(start);
        if !title_case
            || s == sentence_start
            || word.contains('-')
            || word.ends_with("'s")
            || word.ends_with('\'')
            || NOT_NAMES.contains(&word.trim_end_matches('.')) && !ORG_NAME_WORDS.contains(&word)
            || tentative.iter().any(|t| t.end == e)
        {
            return false;
        }
        !self.headline_case(start)
    }

    /// Whether the sentence around `pos` capitalises most of its longer words, as
    /// headlines do.
    fn headline_case(&self, pos: usize) -> bool {
        let (s, e) = self.sentence_bounds(pos);
        let mut words = 0;
        let mut capitalised = 0;
        for w in self.text[s..e].split(|c: char| !c.is_alphanumeric()) {
            if w.chars().count() < 4 {
                continue;
            }
            words += 1;
            if w.chars().next().is_some_and(char::is_uppercase) {
                capitalised += 1;
            }
        }
        words > 0 && capitalised * 10 >= words * 6
    }

    /// Whether a country name is only part of the name of a non-state organisation, event
    /// or product: `American Airlines`, `American Veterinary Medical Association`, `Bank of
    /// China`, `USA III` (a bobsleigh team), `AMERICAN FOOTBALL`. State bodies (`U.S.
    /// Senate`, `Russian Weather Service`) stay mentions of their country.
    fn inside_organisation_name(&self, start: usize, end: usize) -> bool {
        // Cheap test first: a capitalised word must follow, or ` of ` precede.
        let bytes = self.text.as_bytes();
        let followed = bytes.get(end) == Some(&b' ')
            && bytes.get(end + 1).is_some_and(|b| b.is_ascii_uppercase() || *b >= 0x80);
        if !followed && !self.text[..start].ends_with(" of ") {
            return false;
        }
        // Forward: up to four capitalised words ending in a non-state head noun.
        let mut pos = end;
        for _ in 0..5 {
            if !self.text[pos..].starts_with(' ') {
                break;
            }
            let Some((s, e)) = self.word_after(pos) else {
                break;
            };
            let word = &self.text[s..e];
            let bare = word.split('-').next().unwrap_or(word).trim_end_matches('.');
            let title_case = |w: &str| {
                let mut cs = w.chars();
                cs.next().is_some_and(char::is_uppercase)
            };
            if is_org_head(bare) {
                return true;
            }
            if ["I", "II", "III", "IV"].contains(&bare) && pos == end {
                return true;
            }
            if !title_case(word)
                || NOT_NAMES.contains(&bare) && !["News", "Press", "Times", "Post"].contains(&bare)
            {
                break;
            }
            pos = e;
        }
        // Backward: `Association of America`, `Bank of China`.
        let before = &self.text[..start];
        if let Some(rest) = before.strip_suffix(" of ") {
            let word = rest.rsplit(' ').next().unwrap_or("");
            if is_org_head(word) {
                return true;
            }
        }
        false
    }

    /// Whether the span sits in all-capital text: its neighbouring words are capitals too.
    fn in_capitals(&self, start: usize, end: usize) -> bool {
        let caps = |w: Option<(usize, usize)>| {
            w.is_some_and(|(s, e)| {
                let word = &self.text[s..e];
                word.chars().filter(|c| c.is_alphabetic()).count() >= 2
                    && !word.chars().any(char::is_lowercase)
            })
        };
        caps(self.word_before(start)) || caps(self.word_after(end))
    }

    /// The word just before `pos`, separated by spaces only, within the sentence.
    fn word_before(&self, pos: usize) -> Option<(usize, usize)> {
        let (sent_start, _) = self.sentence_bounds(pos);
        let before = &self.text[sent_start..pos];
        let trimmed = before.trim_end_matches([' ', '\t']);
        if trimmed.len() == before.len() || trimmed.is_empty() {
            return None;
        }
        let end = sent_start + trimmed.len();
        let start = trimmed
            .char_indices()
            .rev()
            .find(|&(_, c)| !(is_word_char(c) || c == '.' || c == '\'' || c == '-'))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let start = sent_start + start;
        (start < end).then_some((start, end))
    }

    /// The word just after `pos`, separated by spaces only, within the sentence.
    fn word_after(&self, pos: usize) -> Option<(usize, usize)> {
        let (_, sent_end) = self.sentence_bounds(pos);
        let after = &self.text[pos..sent_end.max(pos)];
        let trimmed = after.trim_start_matches([' ', '\t']);
        if trimmed.len() == after.len() || trimmed.is_empty() {
            return None;
        }
        let start = pos + (after.len() - trimmed.len());
        let len = trimmed
            .char_indices()
            .find(|&(_, c)| !(is_word_char(c) || c == '\'' || c == '-'))
            .map_or(trimmed.len(), |(i, _)| i);
        let mut word = &trimmed[..len];
        // A possessive is not part of the word.
        if let Some(w) = word.strip_suffix("'s") {
            word = w;
        }
        (!word.is_empty()).then_some((start, start + word.len()))
    }

    /// Whether a capitalised word stands next to the span, making it part of a name
    /// (`Michael Jordan`, `Jordan Henderson`, `Georgia Tech`, `Mr Jordan`).
    fn part_of_person_name(&self, start: usize, end: usize) -> bool {
        let name_like = |w: &str| {
            let w = w.trim_end_matches('.');
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().count() >= 2
                && !NOT_NAMES.contains(&w)
                || HONORIFICS.contains(&w)
        };
        if let Some((s, e)) = self.word_before(start) {
            let w = &self.text[s..e];
            if HONORIFICS.contains(&w) || name_like(w) && !w.ends_with("'s") {
                return true;
            }
        }
        // A possessive ends the name: `Jordan's King`.
        let rest = &self.text[end..];
        if rest.starts_with('\'') {
            return false;
        }
        if let Some((s, e)) = self.word_after(end) {
            if name_like(&self.text[s..e]) {
                return true;
            }
        }
        false
    }

    fn venue_before(&self, start: usize) -> bool {
        self.word_before(start)
            .is_some_and(|(s, e)| VENUE_WORDS.contains(&self.text[s..e].to_lowercase().as_str()))
    }

    /// Whether a capital at `start..end` acts, and by which cue.
    fn acting(&self, start: usize, end: usize) -> Option<&'static str> {
        let before = self.word_before(start).map(|(s, e)| self.text[s..e].to_lowercase());
        let before = before.as_deref();
        if before.is_some_and(|w| VENUE_WORDS.contains(&w)) {
            return None;
        }
        // `the Kremlin` and `the White House`: look past the article.
        let effective_before = if before == Some("the") {
            self.word_before(start - 4.min(start))
                .filter(|_| self.text[..start].ends_with("the "))
                .map(|(s, e)| self.text[s..e].to_lowercase())
        } else {
            before.map(str::to_string)
        };
        if effective_before.as_deref().is_some_and(|w| VENUE_WORDS.contains(&w)) {
            return None;
        }
        let rest = &self.text[end..];
        if let Some(compound) = rest.strip_prefix('-') {
            let word: String = compound.chars().take_while(|c| c.is_alphabetic()).collect();
            return AGENT_COMPOUNDS
                .contains(&word.to_lowercase().as_str())
                .then_some("metonymy-compound");
        }
        if rest.starts_with("'s ") || rest.starts_with("' ") {
            // `Moscow's decision`, `Moscow's Foreign Ministry`; but `London's International
            // Petroleum Exchange` and `Moscow's Red Square` are places.
            let next = self.word_after(end + if rest.starts_with("'s") { 2 } else { 1 });
            let capitalised_place = next.is_some_and(|(s, e)| {
                let w = &self.text[s..e];
                w.chars().next().is_some_and(char::is_uppercase) && !GOVERNMENT_WORDS.contains(&w)
            });
            return (!capitalised_place).then_some("metonymy-possessive");
        }
        if let Some((s, e)) = self.word_after(end) {
            let w = self.text[s..e].to_lowercase();
            if AGENT_WORDS_AFTER.contains(&w.as_str()) {
                return Some("metonymy-agent");
            }
            // `Kremlin spokesman`, `Tehran officials`, `Washington's envoy`.
            if GOVERNMENT_NOUNS.contains(&w.as_str()) {
                return Some("metonymy-government");
            }
        }
        if effective_before
            .as_deref()
            .is_some_and(|w| ACTOR_WORDS_BEFORE.contains(&w) && w != "and")
        {
            return Some("metonymy-object");
        }
        None
    }

    // ----- step 4: title patterns ------------------------------------------------------

    fn title_patterns(
        &self,
        titles: &[(usize, usize, u32)],
        mentions: &[Resolved],
    ) -> Vec<Resolved> {
        let mut found: Vec<Resolved> = vec![];
        if titles.is_empty() {
            return found;
        }
        let mut people: HashMap<ActorId, Arc<Actor>> = HashMap::new();
        let mut taken: BTreeMap<usize, usize> = mentions.iter().map(|m| (m.start, m.end)).collect();
        for &(ts, te, title) in titles {
            if overlaps(&taken, ts, te) {
                continue;
            }
            let role = self.g.titles()[title as usize].label.clone();
            // `TITLE Name` (and `TITLE, Name,`).
            let mut name_at = None;
            // `Minister of Energy and Mines Arturo Hernandez`: skip the portfolio.
            let te = self.after_portfolio(te);
            if self.text[te..].starts_with(' ') {
                name_at = Some(te + 1);
            } else if self.text[te..].starts_with(", ") {
                name_at = Some(te + 2);
            }
            let mut hit = None;
            if let Some(p) = name_at {
                if let Some((ns, ne)) = self.name_forward(p) {
                    if !overlaps(&taken, ns, ne) {
                        let comma_form = p == te + 2;
                        // In the comma form the name must be closed by a comma or the sentence end.
                        let rest = skip_postnominals(&self.text[ne..]);
                        let closed = !comma_form || rest.starts_with(',') || rest.starts_with('.');
                        if closed {
                            let aff = self.affiliation_before(ts, mentions);
                            hit = Some((ns, ne, aff, "title-before-name"));
                        }
                    }
                }
            }
            // `President Bush`, `Chancellor Lawson`: a lone surname after the title, which
            // the gazetteer knows for exactly one holder of that office.
            if let Some(p) = name_at.filter(|&p| hit.is_none() && p == te + 1) {
                if let Some(m) = self.office_holder_by_surname(ts, p, &role, mentions, &taken) {
                    taken.insert(m.start, m.end);
                    found.push(m);
                    continue;
                }
            }
            // `Name, the TITLE of Affiliation`.
            if hit.is_none() {
                if let Some((ns, ne, aff_between)) = self.name_before_title(ts, mentions) {
                    if !overlaps(&taken, ns, ne) {
                        let aff = aff_between.or_else(|| self.affiliation_after(te, mentions));
                        hit = Some((ns, ne, aff, "name-comma-title"));
                    }
                }
            }
            let Some((ns, ne, aff, rule)) = hit else {
                continue;
            };
            let label = self.text[ns..ne].to_string();
            let Some(id) = ActorId::from_name(&label) else {
                continue;
            };
            // A gazetteer person with this id is the same person.
            let actor = if let Some(existing) = self.g.get(id.as_str()) {
                if existing.kind != ActorType::Person {
                    continue;
                }
                existing.clone()
            } else {
                people
                    .entry(id.clone())
                    .or_insert_with(|| {
                        Arc::new(Actor {
                            id: id.clone(),
                            kind: ActorType::Person,
                            label: label.clone(),
                            iso3: None,
                            roles: vec![Role {
                                title: role.clone(),
                                affiliation: aff.clone(),
                                from: None,
                                to: None,
                            }],
                            extra: BTreeMap::new(),
                        })
                    })
                    .clone()
            };
            taken.insert(ns, ne);
            found.push(Resolved {
                start: ns,
                end: ne,
                actor,
                source: Source::Pattern,
                rule: Some(rule),
                role: Some(role),
                affiliation: aff,
            });
        }
        found
    }

    /// The mention for `TITLE Surname` when the surname at `pos` stands alone (no first
    /// name) and exactly one person in the gazetteer has that surname and an office the
    /// title names, held on the document's date when it has one. An affiliation before the
    /// title (`U.S. President Bush`) narrows the candidates further. A surname that is
    /// already part of a mention, or that several office holders share on the date
    /// (`President Bush` in an undated document), is left alone: never guessed.
    fn office_holder_by_surname(
        &self,
        title_start: usize,
        pos: usize,
        title: &str,
        mentions: &[Resolved],
        taken: &BTreeMap<usize, usize>,
    ) -> Option<Resolved> {
        let (_, sent_end) = self.sentence_bounds(pos);
        let (s, e, kind) = self.name_token(&self.text[..sent_end.max(pos)], pos)?;
        if kind != TokenKind::Word || overlaps(taken, s, e) {
            return None;
        }
        // `President Bush Senior`, `Minister Ali Khan`: more name follows, not a lone surname.
        if self.text[e..].starts_with(' ') && self.name_token(self.text, e + 1).is_some() {
            return None;
        }
        let surname = &self.text[s..e];
        let affiliation = self.affiliation_before(title_start, mentions);
        let holders: Vec<(u32, &Role)> = self
            .g
            .people_with_surname(surname)
            .iter()
            .filter_map(|&i| {
                let actor = &self.g.actors()[i as usize];
                // A role held for no country or organisation (`President of PDVSA`) is
                // named only by its whole title, not by `President` alone.
                let role = actor.roles.iter().rev().find(|r| {
                    (title_names_role(title, &r.title)
                        && (r.affiliation.is_some() || title_names_role(&r.title, title)))
                        && self.date.is_none_or(|d| r.covers(d))
                        && affiliation.as_ref().is_none_or(|a| r.affiliation.as_ref() == Some(a))
                })?;
                Some((i, role))
            })
            .collect();
        let [(actor, role)] = holders.as_slice() else {
            return None;
        };
        Some(Resolved {
            start: s,
            end: e,
            actor: self.g.actors()[*actor as usize].clone(),
            source: Source::Gazetteer,
            rule: Some("title-known-surname"),
            role: Some(role.title.clone()).filter(|t| !t.is_empty()),
            affiliation: role.affiliation.clone(),
        })
    }

    /// After a title, skips ` of|for [the] Portfolio Words` (only words of a portfolio,
    /// ending in a capitalised one) and returns where the name may begin.
    fn after_portfolio(&self, title_end: usize) -> usize {
        let rest = &self.text[title_end..];
        let Some(after) = rest.strip_prefix(" of ").or_else(|| rest.strip_prefix(" for ")) else {
            return title_end;
        };
        let mut pos = title_end + (rest.len() - after.len());
        let mut end = None;
        for _ in 0..6 {
            let Some((s, e)) = self.word_after_at(pos) else { break };
            let w = &self.text[s..e];
            if !PORTFOLIO_WORDS.contains(&w) {
                break;
            }
            if w.chars().next().is_some_and(char::is_uppercase) {
                end = Some(e);
            }
            pos = e;
        }
        end.unwrap_or(title_end)
    }

    /// The word starting at `pos`, or after the spaces at `pos`.
    fn word_after_at(&self, pos: usize) -> Option<(usize, usize)> {
        let rest = &self.text[pos..];
        let trimmed = rest.trim_start_matches(' ');
        let start = pos + (rest.len() - trimmed.len());
        let len = trimmed
            .char_indices()
            .find(|&(_, c)| !(is_word_char(c) || c == '-'))
            .map_or(trimmed.len(), |(i, _)| i);
        (len > 0).then_some((start, start + len))
    }

    /// An accepted non-person mention right before the title, allowing modifiers and a
    /// possessive between: `Israeli Prime Minister`, `Israel's former prime minister`.
    fn affiliation_before(&self, title_start: usize, mentions: &[Resolved]) -> Option<ActorId> {
        const MODIFIERS: &[&str] = &[
            "former", "Former", "then", "acting", "Acting", "outgoing", "Outgoing", "incoming",
            "Incoming", "interim", "Interim", "senior", "Senior", "top", "Top", "veteran",
            "Veteran", "longtime", "current", "new", "New", "chief", "Chief", "ex", "Ex",
        ];
        let mut pos = title_start;
        loop {
            let (s, e) = self.word_before(pos)?;
            let word = &self.text[s..e];
            if MODIFIERS.contains(&word.trim_end_matches('-')) {
                pos = s;
                continue;
            }
            let end = if let Some(w) = word.strip_suffix("'s") { s + w.len() } else { e };
            let end = if word.ends_with('\'') && !word.ends_with("'s") { e - 1 } else { end };
            return mentions
                .iter()
                .find(|m| m.end == end && m.actor.kind != ActorType::Person)
                .map(|m| m.actor.id.clone());
        }
    }

    /// ` of|for|to [the] Affiliation` right after a title.
    fn affiliation_after(&self, title_end: usize, mentions: &[Resolved]) -> Option<ActorId> {
        // The space is tested first: `rest` may start with a multi-byte character
        // (`Foreign Minister… Ayman Safadi`), and `rest[1..]` would then panic.
        let after_space = self.text[title_end..].strip_prefix(' ')?;
        let skip = ["of the ", "for the ", "to the ", "of ", "for ", "to "]
            .iter()
            .find(|p| after_space.starts_with(*p))
            .map(|p| 1 + p.len())?;
        let at = title_end + skip;
        mentions
            .iter()
            .find(|m| m.start == at && m.actor.kind != ActorType::Person)
            .map(|m| m.actor.id.clone())
    }

    /// `Name, the [adjectives] [Affiliation] TITLE`: the name before the comma, and an
    /// affiliation found between the article and the title.
    fn name_before_title(
        &self,
        title_start: usize,
        mentions: &[Resolved],
    ) -> Option<(usize, usize, Option<ActorId>)> {
        let mut pos = title_start;
        let mut affiliation = None;
        // Walk back over at most four words: adjectives and an affiliation.
        for _ in 0..4 {
            let before = &self.text[..pos];
            for article in [", the ", ", a ", ", an ", ", "] {
                if before.ends_with(article) {
                    let comma = pos - article.len();
                    let (ns, ne) = self.name_backward(comma)?;
                    return Some((ns, ne, affiliation));
                }
            }
            let (s, e) = self.word_before(pos)?;
            if let Some(m) = mentions
                .iter()
                .find(|m| m.end == e && m.start >= s && m.actor.kind != ActorType::Person)
            {
                affiliation.get_or_insert(m.actor.id.clone());
                pos = m.start;
                continue;
            }
            // Adjectives and capitalised modifiers (`the chief`, `Marketing Director`,
            // `Christian Aid's head`), but not a clause: no verb-like lower-case run.
            let word = &self.text[s..e];
            if word.chars().next().is_some_and(char::is_alphanumeric) && !word.ends_with('.') {
                pos = s;
                continue;
            }
            return None;
        }
        None
    }

    /// Parses a person's name starting at `pos`: capitalised words, initials and inner
    /// particles, 2 to 5 tokens, at least one of them a capitalised word.
    fn name_forward(&self, pos: usize) -> Option<(usize, usize)> {
        let (_, sent_end) = self.sentence_bounds(pos);
        let text = &self.text[..sent_end.max(pos)];
        let mut tokens: Vec<(usize, usize, TokenKind)> = vec![];
        let mut p = pos;
        while tokens.len() < 5 {
            let Some((s, e, kind)) = self.name_token(text, p) else {
                break;
            };
            if kind == TokenKind::Particle && tokens.is_empty() {
                return None;
            }
            tokens.push((s, e, kind));
            if self.text[e..].starts_with("'s") || self.text[e..].starts_with('\'') {
                break;
            }
            if !text[e..].starts_with(' ') {
                break;
            }
            p = e + 1;
        }
        while tokens.last().is_some_and(|t| t.2 != TokenKind::Word) {
            tokens.pop();
        }
        let words = tokens.iter().filter(|t| t.2 == TokenKind::Word).count();
        if tokens.len() < 2 || words < 1 {
            return None;
        }
        Some((tokens[0].0, tokens[tokens.len() - 1].1))
    }

    /// Parses a name that ends at `end` (backwards), with the same rules.
    fn name_backward(&self, end: usize) -> Option<(usize, usize)> {
        let (sent_start, _) = self.sentence_bounds(end.saturating_sub(1));
        let mut tokens: Vec<(usize, usize, TokenKind)> = vec![];
        let mut e = end;
        while tokens.len() < 5 && e > sent_start {
            let before = &self.text[sent_start..e];
            let s = before
                .char_indices()
                .rev()
                .find(|&(_, c)| c == ' ')
                .map_or(sent_start, |(i, _)| sent_start + i + 1);
            let Some((ts, te, kind)) = self.name_token(&self.text[..e], s) else {
                break;
            };
            if te != e {
                break;
            }
            tokens.push((ts, te, kind));
            if s == sent_start || !self.text[..s].ends_with(' ') {
                break;
            }
            e = s - 1;
        }
        while tokens.last().is_some_and(|t| t.2 != TokenKind::Word) {
            tokens.pop();
        }
        let words = tokens.iter().filter(|t| t.2 == TokenKind::Word).count();
        if tokens.len() < 2 || words < 1 || tokens[0].2 != TokenKind::Word {
            return None;
        }
        Some((tokens[tokens.len() - 1].0, tokens[0].1))
    }

    /// One token of a name at `pos` within `text`.
    fn name_token(&self, text: &str, pos: usize) -> Option<(usize, usize, TokenKind)> {
        let rest = text.get(pos..)?;
        let len = rest
            .char_indices()
            .find(|&(_, c)| !(is_word_char(c) || c == '\'' || c == '-' || c == '.'))
            .map_or(rest.len(), |(i, _)| i);
        let mut token = &rest[..len];
        // A possessive or a sentence period is not part of the token; initials keep theirs.
        if let Some(t) = token.strip_suffix("'s") {
            token = t;
        }
        token = token.trim_end_matches('\'');
        let letters = token.chars().filter(|c| c.is_alphabetic()).count();
        let is_initials = token.ends_with('.')
            && token.split('.').filter(|p| !p.is_empty()).all(|p| p.chars().count() == 1)
            && token.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)
            && letters >= 1;
        if is_initials {
            return Some((pos, pos + token.len(), TokenKind::Initial));
        }
        token = token.trim_end_matches('.');
        if token.is_empty() {
            return None;
        }
        if PARTICLES.contains(&token) {
            return Some((pos, pos + token.len(), TokenKind::Particle));
        }
        let first = token.chars().next()?;
        // `al-Sisi`: a lower-case prefix before a capital.
        let prefixed = token.split_once('-').is_some_and(|(p, rest)| {
            PARTICLES.contains(&p) && rest.chars().next().is_some_and(char::is_uppercase)
        });
        if !(first.is_uppercase() || prefixed) {
            return None;
        }
        if NOT_NAMES.contains(&token) || letters < 2 {
            return None;
        }
        // All-capital tokens are acronyms, not names (`NATO`); allow short `Mc`-like ones.
        if letters >= 2 && !token.chars().any(char::is_lowercase) {
            return None;
        }
        if !token.chars().all(|c| c.is_alphabetic() || c == '\'' || c == '-') {
            return None;
        }
        Some((pos, pos + token.len(), TokenKind::Word))
    }

    /// People named in full and elsewhere called `Mr Surname` (`Alan Milburn` … `Mr
    /// Milburn`), and peers and knights (`Lord Woolf`, `Sir Alan Budd`): the honorific in the
    /// text itself says the name is a person's.
    fn honorific_names(&self, mentions: &[Resolved]) -> Vec<Resolved> {
        let mut found = vec![];
        let bytes = self.text.as_bytes();
        // One pass over the text for every honorific, in text order: a small
        // Aho-Corasick searcher, which finds a dozen short literals at memory speed.
        let mut hits: Vec<(usize, &'static str)> = vec![];
        let Some(search) = HONORIFIC_SEARCH.as_ref() else { return found };
        for m in search.find_iter(bytes) {
            let at = m.start();
            if at > 0 && bytes[at - 1].is_ascii_alphanumeric() {
                continue;
            }
            hits.push((at, HONORIFIC_WORDS[m.pattern().as_usize()]));
        }
        if hits.is_empty() {
            return found;
        }
        hits.sort_unstable();
        let mut taken: BTreeMap<usize, usize> = mentions.iter().map(|m| (m.start, m.end)).collect();
        let mut known: HashSet<String> = mentions
            .iter()
            .filter(|m| m.actor.kind == ActorType::Person)
            .filter_map(|m| self.text[m.start..m.end].rsplit(' ').next().map(str::to_string))
            .collect();
        for (at, honorific) in hits {
            {
                if char_before(self.text, at).is_some_and(is_word_char) {
                    continue;
                }
                let mut after = at + honorific.len();
                if bytes.get(after) == Some(&b'.') {
                    after += 1;
                }
                if bytes.get(after) != Some(&b' ') {
                    continue;
                }
                let name_at = after + 1;
                let noble = matches!(honorific, "Lord" | "Baroness");
                let knight = matches!(honorific, "Sir" | "Dame");
                if noble {
                    // `Lord Woolf`, `Lord Nicholls of Birkenhead`: the title is the name.
                    let Some((_, e, TokenKind::Word)) = self.name_token(self.text, name_at) else {
                        continue;
                    };
                    let mut end = e;
                    if self.text[end..].starts_with(" of ") {
                        if let Some((_, pe, TokenKind::Word)) = self.name_token(self.text, end + 4)
                        {
                            end = pe;
                        }
                    }
                    if overlaps(&taken, at, end) {
                        continue;
                    }
                    let label = self.text[at..end].to_string();
                    if let Some(m) = self.pattern_person(at, end, &label, None, None, "peerage") {
                        taken.insert(at, end);
                        found.push(m);
                    }
                    continue;
                }
                if knight {
                    let Some((ns, ne)) = self.name_forward(name_at) else {
                        continue;
                    };
                    if overlaps(&taken, ns, ne) {
                        continue;
                    }
                    let label = self.text[ns..ne].to_string();
                    if let Some(m) = self.pattern_person(ns, ne, &label, None, None, "knighthood") {
                        taken.insert(ns, ne);
                        found.push(m);
                    }
                    continue;
                }
                // `Mr Milburn`: look for the full name anywhere in the document.
                let Some((_, se, TokenKind::Word)) = self.name_token(self.text, name_at) else {
                    continue;
                };
                let surname = &self.text[name_at..se];
                if known.contains(surname) || overlaps(&taken, name_at, se) {
                    continue;
                }
                let Some((ns, ne)) = self.full_name_of(surname, &taken) else {
                    continue;
                };
                // Named people described as analysts, lawyers, journalists or witnesses
                // speak for themselves, not for an actor.
                if self.private_role_near(ns, ne) {
                    known.insert(surname.to_string());
                    continue;
                }
                let label = self.text[ns..ne].to_string();
                if let Some(m) = self.pattern_person(ns, ne, &label, None, None, "honorific-name") {
                    taken.insert(ns, ne);
                    known.insert(surname.to_string());
                    found.push(m);
                }
            }
        }
        found
    }

    /// Whether words close to a name (within its sentence, a few words either side)
    /// describe a private role: `Anais Faraj, an analyst at Nomura`, `Napier's lawyer Tony
    /// Kelly`.
    fn private_role_near(&self, start: usize, end: usize) -> bool {
        let (ss, se) = self.sentence_bounds(start);
        let mut lo = start.saturating_sub(40).max(ss);
        while !self.text.is_char_boundary(lo) {
            lo -= 1;
        }
        let mut hi = (end + 60).min(se).min(self.text.len());
        while !self.text.is_char_boundary(hi) {
            hi += 1;
        }
        self.text[lo..hi].split(|c: char| !c.is_alphabetic()).any(|w| PRIVATE_ROLES.contains(&w))
    }

    /// The first place where `surname` is given with a first name (`Alan Milburn`).
    fn full_name_of(
        &self,
        surname: &str,
        taken: &BTreeMap<usize, usize>,
    ) -> Option<(usize, usize)> {
        let finder = memchr::memmem::Finder::new(surname.as_bytes());
        for at in finder.find_iter(self.text.as_bytes()) {
            let end = at + surname.len();
            if char_at(self.text, end).is_some_and(is_word_char) || !self.text[..at].ends_with(' ')
            {
                continue;
            }
            let Some((ns, ne)) = self.name_backward(end) else {
                continue;
            };
            let first = &self.text[ns..self.text[ns..].find(' ').map_or(ne, |i| ns + i)];
            if HONORIFICS.contains(&first) || overlaps(taken, ns, ne) {
                continue;
            }
            return Some((ns, ne));
        }
        None
    }

    /// A person found by a pattern, reusing the gazetteer's entry when the id matches.
    fn pattern_person(
        &self,
        start: usize,
        end: usize,
        label: &str,
        role: Option<String>,
        affiliation: Option<ActorId>,
        rule: &'static str,
    ) -> Option<Resolved> {
        let id = ActorId::from_name(label)?;
        let actor = match self.g.get(id.as_str()) {
            Some(existing) if existing.kind == ActorType::Person => existing.clone(),
            Some(_) => return None,
            None => Arc::new(Actor {
                id,
                kind: ActorType::Person,
                label: label.to_string(),
                iso3: None,
                roles: role
                    .clone()
                    .map(|title| {
                        vec![Role { title, affiliation: affiliation.clone(), from: None, to: None }]
                    })
                    .unwrap_or_default(),
                extra: BTreeMap::new(),
            }),
        };
        Some(Resolved {
            start,
            end,
            actor,
            source: Source::Pattern,
            rule: Some(rule),
            role,
            affiliation,
        })
    }

    /// `U.S. Agriculture Department`, `Bank of Japan`: a national institution whose name
    /// holds its country's name mentions the country too.
    fn countries_inside_institutions(
        &self,
        mentions: &[Resolved],
        candidates: &[Candidate],
    ) -> Vec<Resolved> {
        let mut out = vec![];
        for m in mentions {
            if m.actor.kind == ActorType::Country || m.actor.kind == ActorType::Person {
                continue;
            }
            let countries: Vec<&ActorId> = m
                .actor
                .roles
                .iter()
                .filter(|r| r.title.is_empty())
                .filter_map(|r| r.affiliation.as_ref())
                .collect();
            if countries.is_empty() {
                continue;
            }
            for c in candidates {
                if c.start < m.start || c.end > m.end || (c.start, c.end) == (m.start, m.end) {
                    continue;
                }
                let alias = &self.g.aliases()[c.alias as usize];
                let Target::Actor(i) = alias.target else { continue };
                let actor = &self.g.actors()[i as usize];
                if alias.kind == AliasKind::Metonymy || !countries.contains(&&actor.id) {
                    continue;
                }
                if out.iter().any(|r: &Resolved| r.start == c.start && r.end == c.end) {
                    continue;
                }
                out.push(self.resolved(c.start, c.end, i, Some("inside-institution")));
            }
        }
        out
    }

    // ----- step 5: `X administration` ---------------------------------------------------

    fn administration_rule(&self, mentions: &mut [Resolved]) {
        for m in mentions.iter_mut() {
            if m.actor.kind != ActorType::Person {
                continue;
            }
            let rest = &self.text[m.end..];
            let word = [
                "administration",
                "Administration",
                "government",
                "Government",
                "cabinet",
                "Cabinet",
            ]
            .iter()
            .find(|w| rest.len() > w.len() && rest.starts_with(' ') && rest[1..].starts_with(**w))
            .filter(|w| !rest[1 + w.len()..].chars().next().is_some_and(is_word_char));
            let Some(word) = word else {
                continue;
            };
            let Some(aff) = m.role_affiliation() else {
                continue;
            };
            let Some(index) = self.g.index_of(&aff) else {
                continue;
            };
            let country = &self.g.actors()[index as usize];
            if country.kind != ActorType::Country {
                continue;
            }
            *m = Resolved {
                start: m.start,
                end: m.end + 1 + word.len(),
                actor: country.clone(),
                source: m.source,
                rule: Some("administration"),
                role: None,
                affiliation: None,
            };
        }
    }

    // ----- step 6: coreference --------------------------------------------------------

    fn coreference(
        &self,
        mentions: &[Resolved],
        titles: &[(usize, usize, u32)],
        candidates: &[Candidate],
    ) -> Vec<Resolved> {
        // surname -> [(first position after which it applies, person)]
        let mut keys: BTreeMap<String, Vec<NamedPerson>> = BTreeMap::new();
        for m in mentions {
            if m.actor.kind != ActorType::Person || m.source == Source::Coreference {
                continue;
            }
            let surface = &self.text[m.start..m.end];
            let tokens: Vec<&str> = surface.split(' ').collect();
            if tokens.len() < 2 && m.rule != Some("title-known-surname") {
                continue;
            }
            let mut surname = *tokens.last().unwrap_or(&"");
            if matches!(surname, "Jr" | "Jr." | "Sr" | "Sr." | "II" | "III" | "IV")
                && tokens.len() >= 3
            {
                surname = tokens[tokens.len() - 2];
            }
            let surname = surname.trim_end_matches(',');
            if surname.chars().count() < 2
                || !surname.chars().next().is_some_and(char::is_uppercase)
            {
                continue;
            }
            let list = keys.entry(surname.to_string()).or_default();
            if !list.iter().any(|(_, a, _, _)| a.id == m.actor.id) {
                list.push((m.end, m.actor.clone(), m.role.clone(), m.affiliation.clone()));
            }
        }
        let mut out = vec![];
        if keys.is_empty() {
            return out;
        }
        // Mentions, and ignore phrases (`Hawke's Bay`), hold no surname.
        let ignored = candidates
            .iter()
            .filter(|c| matches!(self.g.aliases()[c.alias as usize].target, Target::Ignore(_)))
            .map(|c| (c.start, c.end));
        let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
        for (start, end) in mentions.iter().map(|m| (m.start, m.end)).chain(ignored) {
            let e = taken.entry(start).or_insert(end);
            *e = (*e).max(end);
        }
        for (surname, people) in &keys {
            let first = people.iter().map(|p| p.0).min().unwrap_or(usize::MAX);
            let finder = memchr::memmem::Finder::new(surname.as_bytes());
            for hit in finder.find_iter(&self.text.as_bytes()[first.min(self.text.len())..]) {
                let s = first + hit;
                let e = s + surname.len();
                if char_before(self.text, s).is_some_and(is_word_char)
                    || char_at(self.text, e).is_some_and(is_word_char)
                    || overlaps(&taken, s, e)
                {
                    continue;
                }
                // The most recent person with this surname named before this point.
                let Some(person) = people.iter().filter(|p| p.0 <= s).max_by_key(|p| p.0) else {
                    continue;
                };
                // `Judith Miller` is someone else; `Miller Center` is something else.
                let mut rule = "surname";
                if let Some((ws, we)) = self.word_before(s) {
                    let w = &self.text[ws..we];
                    let is_title = titles.iter().any(|t| t.1 == we);
                    if is_honorific(w) || is_honorific(&format!("{w}.")) {
                        rule = "honorific-surname";
                    } else if is_title {
                        rule = "title-surname";
                    } else if w.chars().next().is_some_and(char::is_uppercase)
                        && !NOT_NAMES.contains(&w)
                    {
                        continue;
                    }
                }
                if let Some((ws, we)) = self.word_after(e) {
                    let w = &self.text[ws..we];
                    if self.text[e..].starts_with(' ')
                        && w.chars().next().is_some_and(char::is_uppercase)
                        && !NOT_NAMES.contains(&w)
                    {
                        continue;
                    }
                }
                out.push(Resolved {
                    start: s,
                    end: e,
                    actor: person.1.clone(),
                    source: Source::Coreference,
                    rule: Some(rule),
                    role: person.2.clone(),
                    affiliation: person.3.clone(),
                });
            }
        }
        out
    }
}

/// A person named in full: where the name ends, who, and the role and affiliation of
/// that mention (carried over to later surnames).
type NamedPerson = (usize, Arc<Actor>, Option<String>, Option<ActorId>);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TokenKind {
    Word,
    Initial,
    Particle,
}

impl Resolved {
    fn role_affiliation(&self) -> Option<ActorId> {
        self.affiliation
            .clone()
            .or_else(|| self.actor.role_at(None).and_then(|r| r.affiliation.clone()))
    }
}

/// Whether the title in the text (`Defence Secretary`, `President`) names the office
/// `role` (`Secretary of State for Defence`, `President`): every word of the title is in
/// the role, whatever the order, and the role adds no rank the title lacks (`Vice
/// President`, `Deputy Prime Minister`, `shadow chancellor` are other offices).
fn title_names_role(title: &str, role: &str) -> bool {
    const RANKS: &[&str] = &[
        "vice",
        "deputy",
        "under",
        "assistant",
        "associate",
        "shadow",
        "acting",
        "junior",
        "former",
        "elect",
        "designate",
    ];
    fn words(s: &str) -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| match w.to_lowercase().as_str() {
                "defense" => "defence".to_string(),
                "labor" => "labour".to_string(),
                "petroleum" => "oil".to_string(),
                other => other.to_string(),
            })
            .collect()
    }
    let title = words(title);
    let role = words(role);
    !title.is_empty()
        && title.iter().all(|w| role.contains(w))
        && role.iter().all(|w| !RANKS.contains(&w.as_str()) || title.contains(w))
}

/// Skips post-nominal letters after a name (` QC`, ` MP`, ` Jr.`).
fn skip_postnominals(rest: &str) -> &str {
    let mut rest = rest;
    loop {
        let trimmed = rest.strip_prefix(',').unwrap_or(rest);
        let Some(after) = trimmed.strip_prefix(' ') else { return rest };
        let word_len = after.find([' ', ',', '.']).unwrap_or(after.len());
        let word = &after[..word_len];
        if POSTNOMINALS.contains(&word) {
            rest = &after[word_len..];
        } else {
            return rest;
        }
    }
}

#[rustfmt::skip]
const POSTNOMINALS_LIST: &[&str] = &[
    "QC", "KC", "MP", "MEP", "MSP", "AM", "OBE", "MBE", "CBE", "KBE", "DBE", "Jr", "Sr", "II",
    "III", "IV", "PhD", "Esq",
];
static POSTNOMINALS: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(POSTNOMINALS_LIST));

/// Whether `[start, end)` overlaps any interval in `taken` (disjoint, keyed by start).
fn overlaps(taken: &BTreeMap<usize, usize>, start: usize, end: usize) -> bool {
    taken.range(..end).next_back().is_some_and(|(_, &e)| e > start)
}

#[cfg(test)]
mod tests {
    use super::title_names_role;
    use crate::{Document, Extractor, GazetteerBuilder, Source};

    const GAZETTEER: &str = "\
id\ttype\tlabel\taliases\tattributes
USA\tcountry\tUnited States\tU.S. | US | USA | America | American[demonym] | Washington[metonymy,ambiguous] | White House[metonymy]\tiso3=USA
ISR\tcountry\tIsrael\tIsraeli[demonym] | Jerusalem[metonymy]\tiso3=ISR
PSE\tcountry\tPalestine\tPalestinian[demonym] | Ramallah[metonymy]\tiso3=PSE
EGY\tcountry\tEgypt\tEgyptian[demonym] | Cairo[metonymy]\tiso3=EGY
QAT\tcountry\tQatar\tQatari[demonym] | Doha[metonymy]\tiso3=QAT
JOR\tcountry\tJordan\tJordan[ambiguous] | Jordanian[demonym] | Amman[metonymy]\tiso3=JOR
TCD\tcountry\tChad\tChad[ambiguous] | Chadian[demonym]\tiso3=TCD
RUS\tcountry\tRussia\tRussian[demonym] | Moscow[metonymy] | Kremlin[metonymy]\tiso3=RUS
IRN\tcountry\tIran\tIranian[demonym] | Tehran[metonymy]\tiso3=IRN
CHN\tcountry\tChina\tChinese[demonym] | Beijing[metonymy]\tiso3=CHN
COD\tcountry\tDemocratic Republic of the Congo\tCongo | DRC\tiso3=COD
COG\tcountry\tRepublic of the Congo\tCongo | Congo-Brazzaville\tiso3=COG
hamas\tgroup\tHamas\tHAMAS
un\torganization\tUnited Nations\tUN | U.N.
antony-blinken\tperson\tAntony Blinken\t\trole=Secretary of State; affiliation=USA; from=2021-01-26; to=2025-01-20
donald-trump\tperson\tDonald Trump\tTrump\trole=President; affiliation=USA; from=2017-01-20; to=2021-01-20 | role=President; affiliation=USA; from=2025-01-20
george-h-w-bush\tperson\tGeorge H. W. Bush\tGeorge Bush[ambiguous]\trole=Vice President; affiliation=USA; from=1981-01-20; to=1989-01-20 | role=President; affiliation=USA; from=1989-01-20; to=1993-01-20
george-w-bush\tperson\tGeorge W. Bush\t\trole=President; affiliation=USA; from=2001-01-20; to=2009-01-20
title.pm\ttitle\tPrime Minister\tPremier
title.president\ttitle\tPresident
title.vp\ttitle\tVice President
title.spokesman\ttitle\tspokesman\tspokeswoman
title.negotiator\ttitle\tnegotiator\tchief negotiator
title.envoy\ttitle\tenvoy\tspecial envoy
title.sos\ttitle\tSecretary of State
VEN\tcountry\tVenezuela\tVenezuelan[demonym]\tiso3=VEN
BOL\tcountry\tBolivia\tBolivian[demonym]\tiso3=BOL
hugo-chavez\tperson\tHugo Chávez\tHugo Rafael Chávez Frías\trole=President; affiliation=VEN; from=1999-02-02; to=2013-03-05
asdrubal-chavez\tperson\tAsdrúbal Chávez\t\trole=President of PDVSA; from=2020-04; to=2023-01
jeanine-anez\tperson\tJeanine Áñez\tJeanine Áñez Chávez\trole=Interim President; affiliation=BOL; from=2019-11-12; to=2020-11-08
ignore.blinken-bay\tignore\tBlinken's Bay
ignore.wapo\tignore\tWashington Post
";

    fn extractor() -> Extractor {
        let mut b = GazetteerBuilder::new();
        b.builtins(false).add_text("test.tsv", GAZETTEER);
        Extractor::new(b.build().unwrap()).unwrap()
    }

    /// `(surface text, actor id, rule)` for every mention.
    fn mentions(text: &str) -> Vec<(String, String, String)> {
        let doc = Document::new("t", text);
        extractor()
            .extract(&doc)
            .mentions
            .iter()
            .map(|m| {
                assert_eq!(&doc.text[m.start..m.end], doc.text.get(m.start..m.end).unwrap());
                (
                    doc.text[m.start..m.end].to_string(),
                    m.actor.id.to_string(),
                    m.rule.unwrap_or("").to_string(),
                )
            })
            .collect()
    }

    fn ids(text: &str) -> Vec<String> {
        mentions(text).into_iter().map(|m| m.1).collect()
    }

    #[test]
    fn possessives_and_curly_apostrophes() {
        assert_eq!(ids("Israel's army and Hamas' fighters heard Blinken\u{2019}s plan from Egypt\u{2019}s envoy."), ["ISR", "hamas", "EGY"]);
        let m = mentions("Egypt\u{2019}s envoy");
        assert_eq!(m[0].0, "Egypt");
    }

    #[test]
    fn hyphenated_compounds() {
        assert_eq!(ids("A U.S.-brokered truce."), ["USA"]);
        assert_eq!(ids("U.S. Envoys Push for Hamas-Israel Hostage Deal"), ["USA", "hamas", "ISR"]);
        assert_eq!(ids("The Israeli-Palestinian conflict."), ["ISR", "PSE"]);
        assert_eq!(ids("An Egyptian\u{2013}Qatari proposal."), ["EGY", "QAT"]);
    }

    #[test]
    fn plural_demonyms_and_dotted_initialisms() {
        assert_eq!(ids("Israelis and Palestinians met Americans."), ["ISR", "PSE", "USA"]);
        assert_eq!(ids("The U.S. and the US and the USA."), ["USA", "USA", "USA"]);
        assert_eq!(ids("Let us see what the UN and the U.N. say."), ["un", "un"]);
    }

    #[test]
    fn lower_case_common_words_are_not_countries() {
        assert!(ids("We had turkey and a hanging chad with us.").is_empty());
    }

    #[test]
    fn acronyms_that_are_words_are_dropped_in_capitals() {
        assert!(ids("LET US PRAY FOR PEACE").is_empty());
        assert_eq!(ids("HAMAS AND ISRAEL AGREE"), ["hamas", "ISR"]);
    }

    #[test]
    fn stock_tickers_are_not_mentions() {
        assert!(ids("UNION CARBIDE <US> FILES DEBT OFFER").is_empty());
        assert!(ids("Shares of <ISR.N> rose.").is_empty());
        assert_eq!(ids("The US <and> Israel agreed."), ["USA", "ISR"]);
    }

    #[test]
    fn country_words_after_a_first_name_or_honorific_are_surnames() {
        assert_eq!(ids("Egypt spoke."), ["EGY"]);
        assert!(
            ids("Mr Egypt said no. Ms Israel agreed. Dr. Qatar left. Mrs. Iran came.").is_empty()
        );
        // The country itself is still found after a sentence that ends with a period.
        assert_eq!(ids("Mr Smith agreed. Egypt did not."), ["EGY"]);
        assert_eq!(ids("Talks in the U.S. Egypt agreed."), ["USA", "EGY"]);
    }

    #[test]
    fn ambiguous_names_need_support() {
        // Part of a person's name.
        assert!(ids("Michael Jordan scored 30 points.").is_empty());
        assert!(ids("Jordan Henderson scored twice.").is_empty());
        assert!(ids("Chad Johnson caught the ball.").is_empty());
        // Coordinated with another country.
        let m = mentions("Egypt and Jordan signed the accord.");
        assert_eq!(m[1], ("Jordan".into(), "JOR".into(), "country-list".into()));
        // A country elsewhere in the sentence is not enough.
        assert_eq!(ids("Jordan scored as the United States watched."), ["USA"]);
        // Another unambiguous mention of the same actor in the document.
        let m = mentions("Jordan's king spoke. The Jordanian government agreed.");
        assert_eq!(m[0], ("Jordan".into(), "JOR".into(), "document-support".into()));
        // No support at all: not guessed.
        assert!(ids("Jordan is expected to start on Sunday.").is_empty());
    }

    #[test]
    fn capitals_count_only_where_they_act() {
        let m = mentions("U.S. envoys arrived in Cairo. Washington warned Moscow.");
        let got: Vec<(&str, &str)> = m.iter().map(|m| (m.0.as_str(), m.2.as_str())).collect();
        assert_eq!(
            got,
            [("U.S.", ""), ("Washington", "metonymy-agent"), ("Moscow", "metonymy-object")]
        );
        let m = mentions("Talks between Cairo and Doha resumed.");
        let got: Vec<(&str, &str)> = m.iter().map(|m| (m.1.as_str(), m.2.as_str())).collect();
        assert_eq!(got, [("EGY", "metonymy-object"), ("QAT", "metonymy-coordination")]);
        assert_eq!(
            ids("The Kremlin said no. A Tehran-backed militia. The Kremlin's aims."),
            ["RUS", "IRN", "RUS"]
        );
        assert!(ids(
            "He met reporters at the White House and later flew to Beijing. A Beijing-based firm."
        )
        .is_empty());
        assert!(ids("Denzel Washington said nothing.").is_empty());
        // Part of a longer name: not the government.
        assert!(ids("Real Madrid have won. Shares fell on the Moscow Stock Exchange.").is_empty());
        assert_eq!(ids("A Kremlin spokesman denied it."), ["RUS"]);
    }

    #[test]
    fn ignore_phrases_suppress_inner_matches() {
        assert!(ids("The Washington Post reported it.").is_empty());
    }

    #[test]
    fn ties_are_decided_by_the_document_never_by_order() {
        assert!(ids("Fighting in Congo continued.").is_empty());
        let m = mentions("The DRC army advanced. Fighting in Congo continued.");
        assert_eq!(m[1], ("Congo".into(), "COD".into(), "tie-document-support".into()));
        let m = mentions("In Congo-Brazzaville, Congo is calm.");
        assert_eq!(m[1].1, "COG");
    }

    #[test]
    fn title_patterns_find_officials() {
        let doc = Document::new(
            "t",
            "Israeli Prime Minister Ariel Sharon met spokesman Raanan Gissin. \
             Saeb Erekat, the chief Palestinian negotiator, said no. \
             Former Middle East negotiator Aaron David Miller disagreed.",
        );
        #[allow(clippy::type_complexity)]
        let got: Vec<(String, String, Option<String>, Option<String>, Source)> = extractor()
            .extract(&doc)
            .mentions
            .iter()
            .filter(|m| m.actor.kind == crate::ActorType::Person)
            .map(|m| {
                (
                    m.actor.id.to_string(),
                    doc.text[m.start..m.end].to_string(),
                    m.role.clone(),
                    m.affiliation.as_ref().map(|a| a.to_string()),
                    m.source,
                )
            })
            .collect();
        let want = [
            ("ariel-sharon", "Ariel Sharon", Some("Prime Minister"), Some("ISR")),
            ("raanan-gissin", "Raanan Gissin", Some("spokesman"), None),
            ("saeb-erekat", "Saeb Erekat", Some("negotiator"), Some("PSE")),
            ("aaron-david-miller", "Aaron David Miller", Some("negotiator"), None),
        ];
        assert_eq!(got.len(), want.len(), "{got:#?}");
        for (g, w) in got.iter().zip(want) {
            assert_eq!((g.0.as_str(), g.1.as_str(), g.2.as_deref(), g.3.as_deref()), w);
            assert_eq!(g.4, Source::Pattern);
        }
    }

    #[test]
    fn title_patterns_do_not_take_non_names() {
        assert!(ids("The spokesman On Monday said.").is_empty());
        assert!(ids("The negotiator Hamas trusts.").iter().all(|i| i == "hamas"));
        assert!(ids("A Prime Minister's Office statement.").is_empty());
    }

    #[test]
    fn coreference_follows_full_names_only() {
        let m = mentions(
            "Mr Zinni arrived. Special envoy Anthony Zinni met Secretary of State Antony Blinken. \
             Blinken said Mr Zinni and Secretary Blinken agreed. Judith Zinni disagreed.",
        );
        let got: Vec<(&str, &str, &str)> =
            m.iter().map(|m| (m.0.as_str(), m.1.as_str(), m.2.as_str())).collect();
        assert_eq!(
            got,
            [
                ("Anthony Zinni", "anthony-zinni", "title-before-name"),
                ("Antony Blinken", "antony-blinken", ""),
                ("Blinken", "antony-blinken", "surname"),
                ("Zinni", "anthony-zinni", "honorific-surname"),
                ("Blinken", "antony-blinken", "surname"),
            ]
        );
    }

    #[test]
    fn coreference_skips_ignore_phrases_and_other_first_names() {
        // An ignore phrase holds no surname.
        let m = mentions("Antony Blinken spoke. Blinken's Bay voted. Blinken left.");
        let got: Vec<(&str, usize)> = m.iter().map(|m| (m.0.as_str(), m.0.len())).collect();
        assert_eq!(got, [("Antony Blinken", 14), ("Blinken", 7)]);
        assert_eq!(mentions("Antony Blinken spoke. Blinken left.").len(), 2);
        // A one-word alias after another first name is someone else.
        assert!(ids("Analyst George Trump said so.").is_empty());
        assert_eq!(ids("Mr Trump said so."), ["donald-trump"]);
        // A team sheet of other names; a list of actors is still a list of actors.
        assert!(ids("Chelsea: Mills, Dunne, Trump, Shaun Wright, Barton.").is_empty());
        assert_eq!(ids("Egypt, Trump, Israel."), ["EGY", "donald-trump", "ISR"]);
    }

    #[test]
    fn places_named_after_people_are_not_the_people() {
        assert!(ids("He landed at Donald Trump International Airport. USS Donald Trump sailed.")
            .is_empty());
        assert_eq!(ids("Donald Trump spoke."), ["donald-trump"]);
    }

    #[test]
    fn administration_means_the_country() {
        let m = mentions("The Trump administration views this deal as a first step.");
        assert_eq!(m, [("Trump administration".into(), "USA".into(), "administration".into())]);
    }

    #[test]
    fn a_title_names_a_known_surname_on_the_date() {
        let dated = |date: &str, text: &str| {
            let mut doc = Document::new("t", text);
            doc.date = crate::Date::parse(date);
            extractor()
                .extract(&doc)
                .mentions
                .iter()
                .map(|m| (text[m.start..m.end].to_string(), m.actor.id.to_string()))
                .collect::<Vec<_>>()
        };
        let bush = |id: &str| vec![("Bush".to_string(), id.to_string())];
        // Two presidents named Bush: the date decides, and without one nothing is guessed.
        assert_eq!(dated("1990-05-01", "President Bush spoke."), bush("george-h-w-bush"));
        assert_eq!(dated("2005-05-01", "President Bush spoke."), bush("george-w-bush"));
        assert!(ids("President Bush spoke.").is_empty());
        // The office must be one the person held then: Vice President is not President.
        assert_eq!(dated("1985-05-01", "Vice President Bush spoke."), bush("george-h-w-bush"));
        assert!(dated("1985-05-01", "President Bush spoke.").is_empty());
        // Later bare surnames follow the person found this way.
        let later = dated("2005-05-01", "President Bush spoke. Bush left.");
        assert_eq!(later.len(), 2);
        assert!(later.iter().all(|(_, id)| id == "george-w-bush"));
    }

    #[test]
    fn title_known_surname_folds_accents_and_skips_second_surnames() {
        // Hugo Chávez is the one President Chavez: the PDVSA presidency (held for no
        // country) needs its whole title, and Jeanine Áñez Chávez's last name is her
        // mother's, not the surname news uses.
        let m = mentions("President Chavez spoke.");
        assert_eq!(m.len(), 1);
        assert_eq!((m[0].0.as_str(), m[0].1.as_str()), ("Chavez", "hugo-chavez"));
        assert_eq!(ids("President Áñez spoke."), ["jeanine-anez"]);
    }

    #[test]
    fn edit_distances() {
        // The distances the first-name check relies on (Mikhael is Mikhail, Mariano is not
        // Marco).
        assert_eq!(strsim::levenshtein("Mikhail", "Mikhael"), 1);
        assert_eq!(strsim::levenshtein("Yasser", "Yassir"), 1);
        assert_eq!(strsim::levenshtein("Marco", "Mariano"), 3);
        assert_eq!(strsim::levenshtein("", "abc"), 3);
    }

    #[test]
    fn titles_name_roles_by_their_words() {
        assert!(title_names_role("Defence Secretary", "Secretary of State for Defence"));
        assert!(title_names_role("Defense Secretary", "Secretary of Defense"));
        assert!(title_names_role("Treasury Secretary", "Secretary of the Treasury"));
        assert!(title_names_role("Chancellor", "Chancellor of the Exchequer"));
        assert!(title_names_role("Oil Minister", "Minister of Petroleum"));
        assert!(!title_names_role("President", "Vice President"));
        assert!(!title_names_role("Prime Minister", "Deputy Prime Minister"));
        assert!(!title_names_role("Foreign Secretary", "Home Secretary"));
        assert!(title_names_role("Vice President", "Vice President"));
    }

    #[test]
    fn roles_follow_the_document_date() {
        let mut doc = Document::new("t", "Donald Trump spoke.");
        doc.date = crate::Date::parse("2019-05-01");
        let m = &extractor().extract(&doc).mentions[0];
        assert_eq!(m.role.as_deref(), Some("President"));
        assert_eq!(m.affiliation.as_ref().map(|a| a.as_str()), Some("USA"));
    }

    #[test]
    fn offsets_point_into_the_original_text() {
        let text =
            "\u{FEFF}Hamas\u{00AD} and Isra\u{200B}el met \u{201C}Egypt\u{201D}\u{00A0}envoys.";
        let doc = Document::new("t", text);
        let surfaces: Vec<&str> =
            extractor().extract(&doc).mentions.iter().map(|m| &text[m.start..m.end]).collect();
        // The soft hyphen after Hamas is outside the span; the zero-width space inside
        // Israel is inside it, as written.
        assert_eq!(surfaces, ["Hamas", "Isra\u{200B}el", "Egypt"]);
    }
}
