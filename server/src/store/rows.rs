//! What every backend reads the same way: the SELECT lists of contacts,
//! accounts and cases (plain SQL both SQLite and PostgreSQL run), and the
//! decoding of their rows, of timeline items, links and a conversation's
//! parts, over [`Columns`], which each backend's row type implements.

use customer_summary_model::{
    Account, Actor, Case, CaseStatus, Channel, Contact, Conversation, ConversationListItem,
    ConversationStatus, CustomerKind, CustomerRef, LinkChange, Links, Priority, RecordKind,
    TimelineItem, TimelineKind, VisitorDetails,
};

/// Every contact query selects these columns (table alias `c`); callers add
/// WHERE and ORDER BY.
pub const CONTACT_SELECT: &str = "
    SELECT c.id, c.first_name, c.last_name, c.full_name, c.job_title, c.account_id,
           a.name AS company, c.email, c.mobile_phone, c.business_phone, c.city, c.country,
           c.active
    FROM contacts c LEFT JOIN accounts a ON a.id = c.account_id";

/// Every account query selects these columns (table alias `a`).
pub const ACCOUNT_SELECT: &str = "
    SELECT a.id, a.name, a.account_number, a.email, a.main_phone, a.city, a.country,
           a.primary_contact_id, p.full_name AS primary_contact_name, a.active
    FROM accounts a LEFT JOIN contacts p ON p.id = a.primary_contact_id";

/// Every case query selects these columns (table alias `k`).
pub const CASE_SELECT: &str = "
    SELECT k.id, k.ticket_number, k.title, k.description, k.priority, k.status, k.product,
           k.owner_id, k.owner, k.created_by_id, k.created_by, k.customer_kind, k.customer_id,
           coalesce(ct.full_name, ac.name, '') AS customer_name, k.created_at, k.modified_at
    FROM cases k
    LEFT JOIN contacts ct ON k.customer_kind = 'contact' AND ct.id = k.customer_id
    LEFT JOIN accounts ac ON k.customer_kind = 'account' AND ac.id = k.customer_id";

/// Whether record `$1` of `kind` is active, as one row, or no row.
pub fn active_select(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Contact => "SELECT active FROM contacts WHERE id = $1",
        RecordKind::Account => "SELECT active FROM accounts WHERE id = $1",
        RecordKind::Case => "SELECT active FROM cases WHERE id = $1",
    }
}

/// Record `$1` of `kind` as the Linked records selector names it (a
/// contact's full name, an account's name, `"<ticket>: <title>"`).
pub fn label_select(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Contact => "SELECT full_name FROM contacts WHERE id = $1",
        RecordKind::Account => "SELECT name FROM accounts WHERE id = $1",
        RecordKind::Case => "SELECT ticket_number || ': ' || title FROM cases WHERE id = $1",
    }
}

/// The most recent cases of customer `$1` (kind), `$2` (id), at most `$3`.
pub fn recent_cases_select() -> String {
    format!(
        "{CASE_SELECT} WHERE k.customer_kind = $1 AND k.customer_id = $2
         ORDER BY k.modified_at DESC, k.id DESC LIMIT $3"
    )
}

/// The timeline item columns every backend selects.
pub const ITEM_COLUMNS: &str = "id, kind, title, body, author_id, author, at";

/// The last change to link `$2` (`customer` or `case`) of conversation
/// `$1`, as [`link_change_from_row`] reads it.
pub const LAST_LINK_CHANGE_SELECT: &str = "
    SELECT id, record_id, agent_id, agent_name, at FROM link_changes
    WHERE conversation_id = $1 AND link = $2 ORDER BY id DESC LIMIT 1";

/// A row read by name, in the column types the schemas share.
pub trait Columns {
    fn text(&self, column: &str) -> Result<String, sqlx::Error>;
    fn optional_text(&self, column: &str) -> Result<Option<String>, sqlx::Error>;
    fn int(&self, column: &str) -> Result<i64, sqlx::Error>;
    fn optional_int(&self, column: &str) -> Result<Option<i64>, sqlx::Error>;
    fn flag(&self, column: &str) -> Result<bool, sqlx::Error>;

    /// An actor stored as an id column and a name column.
    fn actor(&self, id: &str, name: &str) -> Result<Actor, sqlx::Error> {
        Ok(Actor {
            id: self.text(id)?,
            name: self.text(name)?,
        })
    }

    /// An actor stored as an id column and a name column, both null for
    /// none.
    fn optional_actor(&self, id: &str, name: &str) -> Result<Option<Actor>, sqlx::Error> {
        match self.optional_text(id)? {
            Some(_) => self.actor(id, name).map(Some),
            None => Ok(None),
        }
    }

    /// A text column holding one of the model's enumerations, such as a
    /// case status, read with that enumeration's `parse`.
    fn enumeration<T>(&self, column: &str, parse: fn(&str) -> Option<T>) -> Result<T, sqlx::Error> {
        let text = self.text(column)?;
        parse(&text).ok_or_else(|| sqlx::Error::ColumnDecode {
            index: column.to_owned(),
            source: format!("unexpected value {text:?}").into(),
        })
    }
}

/// Implements [`Columns`] for a backend's row type with `sqlx::Row`.
macro_rules! columns {
    ($row:ty) => {
        impl $crate::store::rows::Columns for $row {
            fn text(&self, column: &str) -> Result<String, sqlx::Error> {
                sqlx::Row::try_get(self, column)
            }
            fn optional_text(&self, column: &str) -> Result<Option<String>, sqlx::Error> {
                sqlx::Row::try_get(self, column)
            }
            fn int(&self, column: &str) -> Result<i64, sqlx::Error> {
                sqlx::Row::try_get(self, column)
            }
            fn optional_int(&self, column: &str) -> Result<Option<i64>, sqlx::Error> {
                sqlx::Row::try_get(self, column)
            }
            fn flag(&self, column: &str) -> Result<bool, sqlx::Error> {
                sqlx::Row::try_get(self, column)
            }
        }
    };
}

columns!(sqlx::sqlite::SqliteRow);
columns!(sqlx::postgres::PgRow);

/// Decodes a row of [`CONTACT_SELECT`].
pub fn contact_from_row(row: &impl Columns) -> Result<Contact, sqlx::Error> {
    Ok(Contact {
        id: row.int("id")?,
        first_name: row.optional_text("first_name")?,
        last_name: row.text("last_name")?,
        full_name: row.text("full_name")?,
        job_title: row.optional_text("job_title")?,
        account_id: row.optional_int("account_id")?,
        company: row.optional_text("company")?,
        email: row.optional_text("email")?,
        mobile_phone: row.optional_text("mobile_phone")?,
        business_phone: row.optional_text("business_phone")?,
        city: row.optional_text("city")?,
        country: row.optional_text("country")?,
        active: row.flag("active")?,
    })
}

/// Decodes a row of [`ACCOUNT_SELECT`].
pub fn account_from_row(row: &impl Columns) -> Result<Account, sqlx::Error> {
    Ok(Account {
        id: row.int("id")?,
        name: row.text("name")?,
        account_number: row.optional_text("account_number")?,
        email: row.optional_text("email")?,
        main_phone: row.optional_text("main_phone")?,
        city: row.optional_text("city")?,
        country: row.optional_text("country")?,
        primary_contact_id: row.optional_int("primary_contact_id")?,
        primary_contact_name: row.optional_text("primary_contact_name")?,
        active: row.flag("active")?,
    })
}

/// Decodes a row of [`CASE_SELECT`].
pub fn case_from_row(row: &impl Columns) -> Result<Case, sqlx::Error> {
    Ok(Case {
        id: row.int("id")?,
        ticket_number: row.text("ticket_number")?,
        title: row.text("title")?,
        description: row.optional_text("description")?,
        priority: row.enumeration("priority", Priority::parse)?,
        status: row.enumeration("status", CaseStatus::parse)?,
        product: row.optional_text("product")?,
        owner: row.actor("owner_id", "owner")?,
        created_by: row.actor("created_by_id", "created_by")?,
        customer: CustomerRef {
            kind: row.enumeration("customer_kind", CustomerKind::parse)?,
            id: row.int("customer_id")?,
        },
        customer_name: row.text("customer_name")?,
        created_at: row.int("created_at")?,
        modified_at: row.int("modified_at")?,
    })
}

/// Decodes a row of [`ITEM_COLUMNS`].
pub fn item_from_row(row: &impl Columns) -> Result<TimelineItem, sqlx::Error> {
    Ok(TimelineItem {
        id: row.int("id")?,
        kind: row.enumeration("kind", TimelineKind::parse)?,
        title: row.text("title")?,
        body: row.text("body")?,
        author: row.actor("author_id", "author")?,
        at: row.int("at")?,
    })
}

/// Decodes a row of [`LAST_LINK_CHANGE_SELECT`].
pub fn link_change_from_row(row: &impl Columns) -> Result<LinkChange, sqlx::Error> {
    Ok(LinkChange {
        linked: row.optional_int("record_id")?.is_some(),
        by: row.actor("agent_id", "agent_name")?,
        at: row.int("at")?,
        version: row.int("id")?,
    })
}

/// The links of a row that has `customer_kind`, `customer_id` and `case_id`.
pub fn links_from_row(row: &impl Columns) -> Result<Links, sqlx::Error> {
    let customer = match row.optional_text("customer_kind")? {
        Some(_) => Some(CustomerRef {
            kind: row.enumeration("customer_kind", CustomerKind::parse)?,
            id: row.int("customer_id")?,
        }),
        None => None,
    };
    Ok(Links {
        customer,
        case_id: row.optional_int("case_id")?,
    })
}

/// Decodes a row of `conversation_sql::LIST`.
pub fn list_item_from_row(row: &impl Columns) -> Result<ConversationListItem, sqlx::Error> {
    Ok(ConversationListItem {
        id: row.int("id")?,
        title: row.text("title")?,
        channel: row.enumeration("channel", Channel::parse)?,
        status: row.enumeration("status", ConversationStatus::parse)?,
        queue: row.optional_text("queue")?,
        started_at: row.int("started_at")?,
        wait_started_at: row.int("wait_started_at")?,
        accepted_at: row.optional_int("accepted_at")?,
        accepted_by: row.optional_actor("accepted_by_id", "accepted_by_name")?,
        customer: row.optional_text("customer")?,
    })
}

/// Decodes conversation `id`'s row of its backend's `SUMMARY_IN_ONE`:
/// what the summary shows of the conversation's own row, its links, and
/// its skills, pre-chat answers, self-service journey and displayable
/// context as JSON arrays (`skills`, `pre_chat`, `self_service`,
/// `context`) in the order they are shown.
pub fn conversation_from_row(id: i64, row: &impl Columns) -> Result<Conversation, sqlx::Error> {
    Ok(Conversation {
        id,
        title: row.text("title")?,
        channel: row.enumeration("channel", Channel::parse)?,
        status: row.enumeration("status", ConversationStatus::parse)?,
        queue: row.optional_text("queue")?,
        skills: json_list(row, "skills")?,
        started_at: row.int("started_at")?,
        wait_started_at: row.int("wait_started_at")?,
        accepted_at: row.optional_int("accepted_at")?,
        accepted_by: row.optional_actor("accepted_by_id", "accepted_by_name")?,
        pre_chat: json_list(row, "pre_chat")?,
        self_service: json_list(row, "self_service")?,
        visitor: visitor_from_row(row)?,
        context: json_list(row, "context")?,
        links: links_from_row(row)?,
        event_seq: row.int("event_seq")?,
    })
}

/// A text column holding a JSON array, decoded.
fn json_list<T: serde::de::DeserializeOwned>(
    row: &impl Columns,
    column: &str,
) -> Result<Vec<T>, sqlx::Error> {
    serde_json::from_str(&row.text(column)?).map_err(|error| sqlx::Error::ColumnDecode {
        index: column.to_owned(),
        source: Box::new(error),
    })
}

/// Decodes the `visitor_*` columns of a conversation's row.
fn visitor_from_row(row: &impl Columns) -> Result<VisitorDetails, sqlx::Error> {
    Ok(VisitorDetails {
        authenticated: row.flag("visitor_authenticated")?,
        browser: row.optional_text("visitor_browser")?,
        os: row.optional_text("visitor_os")?,
        location: row.optional_text("visitor_location")?,
        language: row.optional_text("visitor_language")?,
    })
}
