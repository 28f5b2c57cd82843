//! The parameters operations share, described for the contract. The
//! handlers read them by hand (`routes::params`), so that every bad value
//! is a JSON `bad_parameter` naming it; these types only describe them.

#![allow(dead_code, reason = "describes parameters; routes::params reads them")]

use customer_summary_model::{CustomerKind, RecordKind};
use utoipa::{IntoParams, ToSchema};

/// `{id}` in the path.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
pub struct IdPath {
    /// Record id: a positive base-10 integer; anything else is 400
    /// `bad_parameter` with field `id`.
    #[param(minimum = 1)]
    id: i64,
}

/// `{kind}/{id}` of a customer in the path.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
pub struct CustomerPath {
    /// `contact` or `account`; anything else is 400 with field `kind`.
    kind: CustomerKind,
    /// Record id: a positive base-10 integer; anything else is 400
    /// `bad_parameter` with field `id`.
    #[param(minimum = 1)]
    id: i64,
}

/// `{kind}/{id}` of a record in the path.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
pub struct RecordPath {
    /// `contact`, `account` or `case`; anything else is 400 with field `kind`.
    kind: RecordKind,
    /// Record id: a positive base-10 integer; anything else is 400
    /// `bad_parameter` with field `id`.
    #[param(minimum = 1)]
    id: i64,
}

/// Which of a conversation's linked records.
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
enum LinkedSlot {
    Customer,
    Case,
}

/// The record of a conversation's timeline.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TimelineRecord {
    /// Which linked record's timeline: `customer` (default when one is
    /// linked) or `case` (default otherwise). Asking for one that is not
    /// linked, or another value, is 400 with field `record`.
    #[param(inline)]
    record: Option<LinkedSlot>,
}

/// Which conversations the list holds.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatusFilter {
    /// Comma-separated ConversationStatus values to keep (`waiting`,
    /// `active`, `closed`), such as `waiting,active` for the inbox; absent
    /// or empty keeps all. Another value is 400 `bad_parameter` with field
    /// `status`.
    #[param(example = "waiting,active")]
    status: Option<String>,
}

/// A page of a timeline.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Items per page, 1 to 50 (default 10); out of range is 400 with
    /// field `limit`.
    #[param(minimum = 1, maximum = 50, default = 10)]
    limit: Option<u32>,
    /// Opaque: a previous page's `next_cursor`. The next page holds the
    /// items strictly after it, so items added since never shift it.
    /// Malformed is 400 with field `cursor`.
    cursor: Option<String>,
    /// Comma-separated TimelineKind values to keep, such as `note,email`;
    /// absent or empty keeps all. An unknown value is 400 with field
    /// `types`.
    #[param(example = "note,email")]
    types: Option<String>,
    /// Keep only items whose title or body contains this text (trimmed;
    /// ignoring the case of ASCII letters; matched literally). Combines
    /// with `types` and `cursor`; absent or blank keeps all. Over 200
    /// characters is 400 with field `q`.
    #[param(max_length = 200)]
    q: Option<String>,
}

/// How many recent cases.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RecentLimit {
    /// How many cases, 1 to 50 (default 4); out of range is 400 with field
    /// `limit`.
    #[param(minimum = 1, maximum = 50, default = 4)]
    limit: Option<u32>,
}

/// A search.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Search text, trimmed; at least 2 characters, else 400 with field
    /// `q`. Matched literally (`%`, `_`, quotes, backslashes are plain
    /// characters). Names and case titles are compared case- and
    /// accent-insensitively in every script ("zoe" and "ZOË" find "Zoë",
    /// "muller" finds "Müller"; letters with no decomposition such as ø,
    /// ł, ß stay themselves); e-mails, account numbers and ticket numbers
    /// ignoring the case of ASCII letters.
    #[param(min_length = 2, max_length = 200)]
    q: String,
    /// How many results, 1 to 20 (default 20); out of range is 400 with
    /// field `limit`.
    #[param(minimum = 1, maximum = 20, default = 20)]
    limit: Option<u32>,
}

/// The `Last-Event-ID` header.
#[derive(IntoParams)]
#[into_params(names("Last-Event-ID"), parameter_in = Header)]
pub struct LastEventId(
    /// The number of the last event the client has.
    #[param(value_type = i64, required = false, minimum = 0)]
    Option<i64>,
);

/// Where an event stream resumes.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ResumeAfter {
    /// As `Last-Event-ID`, for clients that cannot send it; the header
    /// wins.
    #[param(minimum = 0)]
    after: Option<i64>,
}
