//! Who did something: the agent (or, for a customer's own e-mail, the
//! customer) that a note, a case or a link change names.

use serde::{Deserialize, Serialize};

use crate::{Links, Millis};

/// How many characters an actor's id or display name may have.
pub const ACTOR_TEXT_CHARS: usize = 200;

/// Who did something: an agent (the `sub` of their token, a static token's
/// name, or a demo agent), or for a customer's own e-mail the customer
/// (`contact:1`). `name` is the display name they had when they acted:
/// untrusted text, render it as text isolated for direction (`<bdi>`). Compare
/// `id`, never `name`, to tell whether an entry is the signed-in agent's own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Actor {
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub name: String,
}

impl Actor {
    /// The channel whose key is named `name`, as the author of what it
    /// sends through the intake API.
    pub fn channel(name: &str) -> Actor {
        Actor {
            id: format!("channel:{name}"),
            name: name.to_owned(),
        }
    }

    /// The name to show to `viewer`: "You" for their own entries, else the
    /// actor's name.
    pub fn shown_to(&self, viewer: Option<&Actor>) -> &str {
        if viewer.is_some_and(|viewer| viewer.id == self.id) {
            "You"
        } else {
            &self.name
        }
    }
}

/// Whether `text` may be an actor's id or name: not blank, at most
/// [`ACTOR_TEXT_CHARS`] characters, no control characters (direction
/// marks and overrides are allowed: they are isolated where shown).
pub fn is_acceptable_actor_text(text: &str) -> bool {
    !text.trim().is_empty()
        && text.chars().count() <= ACTOR_TEXT_CHARS
        && !text.chars().any(char::is_control)
}

/// Ids kept for authors that are not agents: a customer's own e-mails
/// (`contact:1`, `account:2`), rows written before agents had ids
/// (`name:…`), channels ([`Actor::channel`]), and the anonymous demo
/// agent (`demo`).
const RESERVED_ID_PREFIXES: [&str; 4] = ["contact:", "account:", "name:", "channel:"];

/// Whether `id` may be an agent's id: not one kept for other authors, so
/// no agent is shown a customer's e-mail as their own.
pub fn is_agent_id(id: &str) -> bool {
    id != "demo"
        && !RESERVED_ID_PREFIXES
            .iter()
            .any(|prefix| id.starts_with(prefix))
}

/// The last change to one of a conversation's links: who linked or
/// unlinked the record, and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkChange {
    /// `true` when a record was linked, `false` when it was unlinked.
    pub linked: bool,
    pub by: Actor,
    pub at: Millis,
    /// The link's version after this change: a change to the link names it in
    /// `If-Match`, and is refused (409 `link_conflict`) when someone else has
    /// changed the link since. A link nobody changed has version 0.
    #[serde(default)]
    pub version: i64,
}

impl LinkChange {
    /// The version of a link whose last change is `change`: 0 for a link
    /// nobody has changed since the conversation began.
    pub fn version_of(change: Option<&LinkChange>) -> i64 {
        change.map_or(0, |change| change.version)
    }
}

/// A conversation's links as they are now, and who last changed each:
/// what a 409 `link_conflict` sends back beside its error.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CurrentLinks {
    pub links: Links,
    pub customer: Option<LinkChange>,
    pub case: Option<LinkChange>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(id: &str) -> Actor {
        Actor {
            id: id.into(),
            name: format!("Name of {id}"),
        }
    }

    #[test]
    fn only_the_viewers_own_entries_say_you() {
        let ben = actor("ben");
        assert_eq!(ben.shown_to(Some(&actor("ben"))), "You");
        assert_eq!(ben.shown_to(Some(&actor("ana"))), "Name of ben");
        assert_eq!(ben.shown_to(None), "Name of ben");
    }

    #[test]
    fn ids_of_customers_and_older_rows_are_not_agents() {
        assert!(is_agent_id("ben.carter") && is_agent_id("u-7") && is_agent_id("demo2"));
        for kept in [
            "contact:7",
            "account:1",
            "name:Ben",
            "channel:web-chat",
            "demo",
        ] {
            assert!(!is_agent_id(kept), "{kept}");
        }
    }

    #[test]
    fn names_are_bounded_and_free_of_control_characters() {
        assert!(is_acceptable_actor_text("Zoë \u{202E}Admin"));
        assert!(is_acceptable_actor_text(&"é".repeat(200)));
        assert!(!is_acceptable_actor_text(&"é".repeat(201)));
        assert!(!is_acceptable_actor_text("Ben\nCarter"));
        assert!(!is_acceptable_actor_text("Ben\u{7}"));
        assert!(!is_acceptable_actor_text("  "));
    }
}
