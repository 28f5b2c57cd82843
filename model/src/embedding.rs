//! The message protocol between an agent console (the parent window) and
//! the app embedded in it as an iframe. Every message is a JSON object with
//! a `type` and a `version`; see docs/embedding.md.

use serde::{Deserialize, Serialize};

use crate::Links;

/// The protocol version this build speaks.
pub const PROTOCOL_VERSION: u32 = 1;

/// What the console sends to the app.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", deny_unknown_fields)]
pub enum HostMessage {
    /// The conversation to show; re-sent whenever the agent switches
    /// session.
    #[serde(rename = "customer-summary:context")]
    Context {
        version: u32,
        conversation_id: i64,
        /// A short-lived bearer token for the API, kept in memory only.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        access_token: Option<String>,
        /// BCP-47 locale of the console, such as `fr-CA`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        locale: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        theme: Option<Theme>,
    },
    /// A fresh token, answering [`AppMessage::TokenRequest`].
    #[serde(rename = "customer-summary:token")]
    Token { version: u32, access_token: String },
}

impl HostMessage {
    pub fn version(&self) -> u32 {
        match self {
            HostMessage::Context { version, .. } | HostMessage::Token { version, .. } => *version,
        }
    }
}

/// The console's colour theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    Light,
    Dark,
}

/// What the app sends to the console.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum AppMessage {
    /// The app is listening; the console may send the context.
    #[serde(rename = "customer-summary:ready")]
    Ready { version: u32 },
    /// The agent linked or unlinked a record.
    #[serde(rename = "customer-summary:links-changed")]
    LinksChanged {
        version: u32,
        conversation_id: i64,
        links: Links,
    },
    /// The height the app's content needs, in CSS pixels.
    #[serde(rename = "customer-summary:height")]
    Height { version: u32, height: u32 },
    /// The token was refused (401); please send a fresh one.
    #[serde(rename = "customer-summary:token-request")]
    TokenRequest { version: u32 },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_messages_parse_strictly() {
        let context: HostMessage = serde_json::from_str(
            r#"{"type":"customer-summary:context","version":1,"conversation_id":12,"access_token":"t"}"#,
        )
        .unwrap();
        assert_eq!(
            context,
            HostMessage::Context {
                version: 1,
                conversation_id: 12,
                access_token: Some("t".into()),
                locale: None,
                theme: None,
            }
        );
        for bad in [
            r#"{"type":"customer-summary:context","version":1}"#,
            r#"{"type":"customer-summary:navigate","version":1,"url":"https://evil.example"}"#,
            r#"{"type":"customer-summary:context","version":1,"conversation_id":1,"api_base_url":"https://evil.example"}"#,
            r#""customer-summary:context""#,
        ] {
            assert!(serde_json::from_str::<HostMessage>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn app_messages_carry_their_type_tag() {
        let json = serde_json::to_string(&AppMessage::Height {
            version: PROTOCOL_VERSION,
            height: 840,
        })
        .unwrap();
        assert_eq!(
            json,
            r#"{"type":"customer-summary:height","version":1,"height":840}"#
        );
    }
}
