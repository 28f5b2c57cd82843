//! The timeline of a record: activities and notes, newest first, paged by
//! an opaque cursor.

use serde::{Deserialize, Serialize};

use crate::{Actor, CustomerKind, Millis};

/// A kind of record that has a timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum RecordKind {
    Contact,
    Account,
    Case,
}

impl RecordKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Contact => "contact",
            RecordKind::Account => "account",
            RecordKind::Case => "case",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RecordKind::Contact => "Contact",
            RecordKind::Account => "Account",
            RecordKind::Case => "Case",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "contact" => Some(RecordKind::Contact),
            "account" => Some(RecordKind::Account),
            "case" => Some(RecordKind::Case),
            _ => None,
        }
    }
}

impl From<CustomerKind> for RecordKind {
    fn from(kind: CustomerKind) -> Self {
        match kind {
            CustomerKind::Contact => RecordKind::Contact,
            CustomerKind::Account => RecordKind::Account,
        }
    }
}

/// A record linked to the conversation, as offered by the Linked records
/// selector.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkedRecord {
    pub kind: RecordKind,
    pub id: i64,
    /// A contact's full name, an account's name, or `<ticket_number>: <title>`
    /// for a case.
    pub label: String,
}

/// The kind of a timeline entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TimelineKind {
    Note,
    Email,
    PhoneCall,
    Task,
    Appointment,
    Conversation,
}

impl TimelineKind {
    pub const ALL: [TimelineKind; 6] = [
        TimelineKind::Note,
        TimelineKind::Email,
        TimelineKind::PhoneCall,
        TimelineKind::Task,
        TimelineKind::Appointment,
        TimelineKind::Conversation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TimelineKind::Note => "note",
            TimelineKind::Email => "email",
            TimelineKind::PhoneCall => "phone_call",
            TimelineKind::Task => "task",
            TimelineKind::Appointment => "appointment",
            TimelineKind::Conversation => "conversation",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TimelineKind::Note => "Note",
            TimelineKind::Email => "Email",
            TimelineKind::PhoneCall => "Phone call",
            TimelineKind::Task => "Task",
            TimelineKind::Appointment => "Appointment",
            TimelineKind::Conversation => "Conversation",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One of the two links a conversation has: its customer and its case,
/// by the name the API and the database give it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkSlot {
    Customer,
    Case,
}

impl LinkSlot {
    /// `customer` or `case`, as in `/conversations/{id}/customer`.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkSlot::Customer => "customer",
            LinkSlot::Case => "case",
        }
    }

    /// The link a record of `kind` is linked by.
    pub fn of(kind: RecordKind) -> Self {
        match kind {
            RecordKind::Case => LinkSlot::Case,
            RecordKind::Contact | RecordKind::Account => LinkSlot::Customer,
        }
    }
}

/// One activity or note.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineItem {
    pub id: i64,
    pub kind: TimelineKind,
    pub title: String,
    pub body: String,
    pub author: Actor,
    pub at: Millis,
}

impl TimelineItem {
    /// The title to show above the body, or `None` when it would only
    /// repeat the body: a note saved without a title is named by its first
    /// line ([`note_title_from`]), which the body already shows.
    pub fn shown_title(&self) -> Option<&str> {
        (!self.title.is_empty() && self.title != note_title_from(&self.body))
            .then_some(self.title.as_str())
    }
}

/// How many characters of a note's first line become its title when it
/// has none.
pub const NOTE_TITLE_CHARS: usize = 80;

/// The title of a note saved without one: the first line of `text` that is
/// not blank, trimmed, cut to [`NOTE_TITLE_CHARS`] characters.
pub fn note_title_from(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .unwrap_or_default()
        .chars()
        .take(NOTE_TITLE_CHARS)
        .collect()
}

/// One page of a record's timeline, newest first by `at` then `id`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelinePage {
    /// The record this page belongs to; `None` when nothing is linked.
    pub record: Option<LinkedRecord>,
    /// The records the selector offers: the linked customer first, then the
    /// linked case.
    pub records: Vec<LinkedRecord>,
    pub items: Vec<TimelineItem>,
    /// Pass back as `cursor` to get the next page; `None` on the last page.
    pub next_cursor: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeline_kinds_round_trip() {
        for kind in TimelineKind::ALL {
            assert_eq!(TimelineKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(TimelineKind::parse("fax"), None);
    }

    #[test]
    fn a_note_without_title_is_named_by_its_first_line() {
        assert_eq!(note_title_from("\n  Called back  \nsecond"), "Called back");
        assert_eq!(note_title_from(&"é".repeat(100)).chars().count(), 80);
    }

    fn note(title: &str, body: &str) -> TimelineItem {
        TimelineItem {
            id: 1,
            kind: TimelineKind::Note,
            title: title.into(),
            body: body.into(),
            author: Actor {
                id: "ben".into(),
                name: "Ben Carter".into(),
            },
            at: 0,
        }
    }

    // Regression: a note saved without a title showed its text twice, as
    // the derived title and again as the body.
    #[test]
    fn a_derived_title_is_not_shown_again() {
        assert_eq!(
            note("Called back", "Called back\nNo answer").shown_title(),
            None
        );
        let long = "x".repeat(120);
        assert_eq!(note(&long[..80], &long).shown_title(), None);
        assert_eq!(note("", "text").shown_title(), None);
        assert_eq!(note("Refund", "Called back").shown_title(), Some("Refund"));
    }
}
