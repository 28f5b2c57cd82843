//! Wire types of the Customer Summary API, shared by the app and the
//! reference server, plus the pure helpers that interpret them (labels,
//! type codes). Serde only: no web or database dependencies.
//!
//! Times are milliseconds since the Unix epoch (UTC); the app formats them
//! with the browser's `Intl`, so no time-zone data ships in the wasm.

use serde::{Deserialize, Serialize};

mod actor;
mod conversation;
mod embedding;
mod events;
mod forms;
mod intake;
mod records;
mod timeline;

pub use actor::*;
pub use conversation::*;
pub use embedding::*;
pub use events::*;
pub use forms::*;
pub use intake::*;
pub use records::*;
pub use timeline::*;

/// Milliseconds since the Unix epoch, UTC.
pub type Millis = i64;

/// Body of every error response: `{"error": {"code", "message", "field"?}}`,
/// and for a 409 `link_conflict` the links as they are now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<CurrentLinks>,
}

/// What went wrong, machine-readable (`code`) and for people (`message`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    /// Stable identifier such as `not_found` or `bad_parameter`.
    pub code: String,
    pub message: String,
    /// The request field or parameter at fault, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl ErrorBody {
    pub fn new(code: &str, message: impl Into<String>, field: Option<&str>) -> Self {
        ErrorBody {
            error: ErrorDetail {
                code: code.to_owned(),
                message: message.into(),
                field: field.map(str::to_owned),
            },
            current: None,
        }
    }
}
