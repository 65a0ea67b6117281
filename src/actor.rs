//! Actors: the countries, organisations, groups and people that mentions point to.
//!
//! An [`Actor`] is defined once, in a gazetteer (or, for officials found by a title pattern,
//! by the resolver), and shared by every mention of it through an `Arc`. Its [`ActorId`] is
//! the stable key that graphs from different runs are compared by, so it is validated on the
//! way in and never rewritten.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// The stable identifier of an actor, such as `ISR`, `hamas` or `antony-blinken`.
///
/// Ids are restricted to `[A-Za-z0-9_.-]+` so that they survive every output format
/// unescaped (GraphML NMTOKENs, DOT ids, CSV cells, file names) and can be typed on a
/// command line. Cloning is cheap: the string is shared.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ActorId(Arc<str>);

impl ActorId {
    /// Validates and wraps an id. Returns `None` when `id` is empty or holds a character
    /// outside `[A-Za-z0-9_.-]`.
    ///
    /// ```
    /// use actorgraph::ActorId;
    /// assert!(ActorId::new("antony-blinken").is_some());
    /// assert!(ActorId::new("Antony Blinken").is_none());
    /// ```
    pub fn new(id: &str) -> Option<ActorId> {
        if is_valid_id(id) {
            Some(ActorId(Arc::from(id)))
        } else {
            None
        }
    }

    /// Builds an id from a person's name: lower case, accents removed, every run of other
    /// characters turned into one hyphen (`Aaron David Miller` → `aaron-david-miller`).
    ///
    /// This is how people found by a title pattern get an id that is stable across runs
    /// and documents. Returns `None` when nothing usable is left (a name of punctuation).
    pub fn from_name(name: &str) -> Option<ActorId> {
        let ascii = deunicode::deunicode(name);
        let mut slug = String::with_capacity(ascii.len());
        for ch in ascii.chars() {
            if ch.is_ascii_alphanumeric() {
                slug.push(ch.to_ascii_lowercase());
            } else if !slug.is_empty() && !slug.ends_with('-') && ch != '\'' {
                slug.push('-');
            }
        }
        while slug.ends_with('-') {
            slug.pop();
        }
        ActorId::new(&slug)
    }

    /// The id as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Whether `id` is a valid actor id: non-empty and made of `[A-Za-z0-9_.-]`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'-')
}

impl fmt::Display for ActorId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for ActorId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ActorId({:?})", &*self.0)
    }
}

impl serde::Serialize for ActorId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// What kind of actor this is.
///
/// The four kinds the built-in gazetteers use have their own variants; any other
/// lower-case word a user writes in the type column is kept as [`ActorType::Other`], so
/// the set is open (`media`, `company`, `militia` …) without a code change.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ActorType {
    /// A sovereign state or territory (ISO 3166-1), or its government.
    Country,
    /// An international, intergovernmental or non-governmental organisation.
    Organization,
    /// An armed, militant or political group, including political parties.
    Group,
    /// A named person: an official, leader or other public figure.
    Person,
    /// Any other type a gazetteer declares.
    Other(Arc<str>),
}

impl ActorType {
    /// Parses a type column value. Returns `None` unless it is a lower-case word
    /// (`[a-z][a-z0-9_-]*`).
    pub fn parse(s: &str) -> Option<ActorType> {
        let ok = s.as_bytes().first().is_some_and(|b| b.is_ascii_lowercase())
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
        if !ok {
            return None;
        }
        Some(match s {
            "country" => ActorType::Country,
            "organization" | "organisation" => ActorType::Organization,
            "group" => ActorType::Group,
            "person" => ActorType::Person,
            other => ActorType::Other(Arc::from(other)),
        })
    }

    /// The type as written in outputs.
    pub fn as_str(&self) -> &str {
        match self {
            ActorType::Country => "country",
            ActorType::Organization => "organization",
            ActorType::Group => "group",
            ActorType::Person => "person",
            ActorType::Other(s) => s,
        }
    }
}

impl fmt::Display for ActorType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for ActorType {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A calendar date at the precision a gazetteer gives it: a year, a month or a day.
///
/// Stored as `(year, month, day)` with 0 for a missing month or day, so dates compare in
/// calendar order and a bare year sorts before any day in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year, 1 to 9999.
    pub year: u16,
    /// The month, 1 to 12, or 0 when only the year is known.
    pub month: u8,
    /// The day, 1 to 31, or 0 when only the year or month is known.
    pub day: u8,
}

impl Date {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, and the date part of an ISO 8601
    /// datetime (`2024-05-01T12:00:00Z`). Returns `None` for anything else, including
    /// impossible days such as `2023-02-30`.
    ///
    /// ```
    /// use actorgraph::Date;
    /// assert!(Date::parse("2021-01-26").is_some());
    /// assert!(Date::parse("2021-13-01").is_none());
    /// ```
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        let s = match s.find(['T', ' ']) {
            Some(i) if i >= 10 => &s[..i],
            _ => s,
        };
        // At most three parts, without allocating: dates are parsed by the thousand when
        // gazetteers load.
        let mut split = s.split('-');
        let parts: [Option<&str>; 3] = [split.next(), split.next(), split.next()];
        if split.next().is_some() {
            return None;
        }
        let count = parts.iter().filter(|p| p.is_some()).count();
        let num = |p: &str, len: usize| -> Option<u32> {
            if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) {
                p.parse().ok()
            } else {
                None
            }
        };
        let year = num(parts[0]?, 4)?;
        if year == 0 {
            return None;
        }
        let month = match parts[1] {
            Some(p) => num(p, 2)?,
            None => 0,
        };
        let day = match parts[2] {
            Some(p) => num(p, 2)?,
            None => 0,
        };
        if count >= 2 && !(1..=12).contains(&month) {
            return None;
        }
        if count == 3 {
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
            let days = match month {
                2 if leap => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            if day == 0 || day > days {
                return None;
            }
        }
        Some(Date { year: year as u16, month: month as u8, day: day as u8 })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if self.month > 0 {
            write!(f, "-{:02}", self.month)?;
        }
        if self.day > 0 {
            write!(f, "-{:02}", self.day)?;
        }
        Ok(())
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// One position a person held: the role, for whom, and when.
///
/// People hold several roles over a career (Blinken was Deputy Secretary of State before
/// he was Secretary of State), so a person carries a list and a mention reports the one
/// that was current on the document's date, or the latest one when the date is unknown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Role {
    /// The role as it should be shown: `Secretary of State`, `negotiator`.
    pub title: String,
    /// The actor the role is held for (a country or organisation), if known.
    pub affiliation: Option<ActorId>,
    /// First day in the role, if known.
    pub from: Option<Date>,
    /// Last day in the role, if the role has ended and the date is known.
    pub to: Option<Date>,
}

impl Role {
    /// Whether the role was held on `date`. Open ends count as held; comparisons use the
    /// precision of the stored dates (a role ending in `2021` covers all of 2021).
    pub fn covers(&self, date: Date) -> bool {
        let starts_ok = self.from.is_none_or(|from| !date_before(date, from));
        let ends_ok = self.to.is_none_or(|to| !date_before(to, date));
        starts_ok && ends_ok
    }
}

/// `a` is strictly before `b`, comparing only the fields both dates have.
fn date_before(a: Date, b: Date) -> bool {
    if a.year != b.year {
        return a.year < b.year;
    }
    if a.month == 0 || b.month == 0 || a.month == b.month {
        if a.month == 0 || b.month == 0 || a.day == 0 || b.day == 0 {
            return false;
        }
        return a.day < b.day;
    }
    a.month < b.month
}

/// An actor: what a gazetteer line defines, or what a title pattern discovers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    /// The stable id.
    pub id: ActorId,
    /// The kind of actor.
    pub kind: ActorType,
    /// The canonical name shown in outputs.
    pub label: String,
    /// ISO 3166-1 alpha-3 code, for countries.
    pub iso3: Option<String>,
    /// Roles held, in the order the gazetteer lists them.
    pub roles: Vec<Role>,
    /// Any other attributes the gazetteer gives (`iso2`, `party`, `note` …), sorted by key.
    pub extra: BTreeMap<String, String>,
}

impl Actor {
    /// The role to report for a document dated `date`: the role held on that date (the
    /// one listed last when several were), otherwise — or when the date is unknown — the
    /// current role listed last (a role with no end date), otherwise the role that ended
    /// last. The gazetteer's order thus says which of two concurrent roles is the main
    /// one: list it last.
    pub fn role_at(&self, date: Option<Date>) -> Option<&Role> {
        if let Some(date) = date {
            if let Some(role) = self.roles.iter().rev().find(|r| r.covers(date)) {
                return Some(role);
            }
        }
        if let Some(current) = self.roles.iter().rev().find(|r| r.to.is_none()) {
            return Some(current);
        }
        self.roles.iter().enumerate().max_by_key(|(i, r)| (r.to, *i)).map(|(_, r)| r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_validated() {
        assert!(ActorId::new("ISR").is_some());
        assert!(ActorId::new("title.prime-minister_2").is_some());
        assert!(ActorId::new("").is_none());
        assert!(ActorId::new("a b").is_none());
        assert!(ActorId::new("é").is_none());
    }

    #[test]
    fn ids_from_names() {
        let id = |s| ActorId::from_name(s).map(|i| i.to_string());
        assert_eq!(id("Aaron David Miller").as_deref(), Some("aaron-david-miller"));
        assert_eq!(id("Recep Tayyip Erdoğan").as_deref(), Some("recep-tayyip-erdogan"));
        assert_eq!(id("Mohammed bin Salman").as_deref(), Some("mohammed-bin-salman"));
        assert_eq!(id("George H.W. Bush").as_deref(), Some("george-h-w-bush"));
        assert_eq!(id("Sa'ad O'Neill").as_deref(), Some("saad-oneill"));
        assert_eq!(id("--"), None);
    }

    #[test]
    fn dates_parse_at_three_precisions() {
        assert_eq!(Date::parse("2021").unwrap().to_string(), "2021");
        assert_eq!(Date::parse("2021-01").unwrap().to_string(), "2021-01");
        assert_eq!(Date::parse("2021-01-26").unwrap().to_string(), "2021-01-26");
        assert_eq!(Date::parse("2024-05-01T12:00:00Z").unwrap().to_string(), "2024-05-01");
        assert_eq!(Date::parse("2024-02-29").unwrap().to_string(), "2024-02-29");
        for bad in
            ["2023-02-29", "2021-13", "2021-1-1", "21-01-01", "0000", "x", "", "2021-01-01-01"]
        {
            assert!(Date::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn roles_follow_dates() {
        let role = |title: &str, from: &str, to: Option<&str>| Role {
            title: title.into(),
            affiliation: ActorId::new("USA"),
            from: Date::parse(from),
            to: to.and_then(Date::parse),
        };
        let blinken = Actor {
            id: ActorId::new("antony-blinken").unwrap(),
            kind: ActorType::Person,
            label: "Antony Blinken".into(),
            iso3: None,
            roles: vec![
                role("Deputy Secretary of State", "2015-01-09", Some("2017-01-20")),
                role("Secretary of State", "2021-01-26", Some("2025-01-20")),
            ],
            extra: BTreeMap::new(),
        };
        let at = |d: &str| blinken.role_at(Date::parse(d)).map(|r| r.title.as_str());
        assert_eq!(at("2016-06-01"), Some("Deputy Secretary of State"));
        assert_eq!(at("2023-10-07"), Some("Secretary of State"));
        assert_eq!(at("2025"), Some("Secretary of State"));
        assert_eq!(blinken.role_at(None).unwrap().title, "Secretary of State");
        assert_eq!(at("1990-01-01"), Some("Secretary of State"));
        // Concurrent current roles: the one listed last is the main one.
        let mut erdogan = blinken.clone();
        erdogan.roles = vec![
            role("Prime Minister", "2003-03-14", Some("2014-08-28")),
            role("President", "2014-08-28", None),
            role("Chairman", "2017-05-21", None),
            role("President", "2014-08-28", None),
        ];
        erdogan.roles.remove(1);
        assert_eq!(erdogan.role_at(None).unwrap().title, "President");
        assert_eq!(erdogan.role_at(Date::parse("2010")).unwrap().title, "Prime Minister");
    }

    #[test]
    fn types_are_open() {
        assert_eq!(ActorType::parse("country"), Some(ActorType::Country));
        assert_eq!(ActorType::parse("organisation"), Some(ActorType::Organization));
        assert_eq!(ActorType::parse("media").unwrap().as_str(), "media");
        assert_eq!(ActorType::parse("Media"), None);
        assert_eq!(ActorType::parse(""), None);
    }
}
