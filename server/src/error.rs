//! Errors: what a request can fail with ([`ApiError`], rendered as
//! `model::ErrorBody` JSON) and what start-up can fail with ([`StartError`]).

use axum::http::header::{RETRY_AFTER, WWW_AUTHENTICATE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use customer_summary_model::{CurrentLinks, ErrorBody, LinkSlot};

/// The result of a request handler.
pub type ApiResult<T> = Result<T, ApiError>;

/// Why a request failed; each variant maps to one status and error code.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 401 `unauthorized`, with `WWW-Authenticate: Bearer`.
    #[error("{0}")]
    Unauthorized(&'static str),
    /// 404 `not_found`.
    #[error("{0}")]
    NotFound(String),
    /// 400 `bad_parameter`, naming the parameter or body field at fault.
    #[error("{message}")]
    BadParameter { field: String, message: String },
    /// 400 `bad_request`: the body as a whole is unusable (not JSON, wrong
    /// content type, wrong shape).
    #[error("{0}")]
    BadRequest(String),
    /// 409 `idempotency_conflict`: the `Idempotency-Key` was first used for
    /// a different request.
    #[error("{0}")]
    IdempotencyConflict(String),
    /// Any other client or server error status without a more specific
    /// variant, such as 405 or 413 produced by the framework.
    #[error("{0}")]
    Status(StatusCode),
    /// 503 `database_unavailable`: the database cannot be reached now
    /// (connection lost, none to be had in time, the database restarting);
    /// the same request may succeed when it is back. Logged, never sent.
    #[error(transparent)]
    Unavailable(Box<dyn std::error::Error + Send + Sync>),
    /// 503 `identity_provider_unavailable`: the token names a signing key
    /// this server does not have and cannot fetch from the JWKS URL now.
    #[error("identity provider unavailable")]
    KeysUnavailable,
    /// 421 `misdirected_request`: the request names a host this server does
    /// not answer for (`hosts`).
    #[error("misdirected request")]
    MisdirectedHost,
    /// 503 `timeout`: the request took longer than `--request-timeout`.
    #[error("request timed out")]
    Timeout,
    /// 429 `rate_limited`, with `Retry-After`: the agent may try again once
    /// this much time has passed (`rate`).
    #[error("rate limited")]
    RateLimited(std::time::Duration),
    /// 429 `too_many_streams`: the agent has this many event streams open
    /// on this server already.
    #[error("too many streams")]
    TooManyStreams(usize),
    /// 409 `link_conflict`: someone else changed link `slot` after the
    /// version the request named in `If-Match`; nothing was changed, and
    /// the reply carries the links as they are now.
    #[error("link conflict")]
    LinkConflict {
        slot: LinkSlot,
        current: Box<CurrentLinks>,
    },
    /// 409 with `code` (`already_accepted`, `conversation_closed`): the
    /// conversation's status does not allow the change; `message` says why.
    #[error("{message}")]
    StatusConflict { code: &'static str, message: String },
    /// 413 `payload_too_large`: the body is longer than the `limit` bytes
    /// its endpoint accepts.
    #[error("body too large")]
    TooLarge { limit: usize },
    /// 403 `forbidden`, with what was refused.
    #[error("{0}")]
    Forbidden(&'static str),
    /// 500 `internal`; the detail is logged, never sent.
    #[error(transparent)]
    Internal(Box<dyn std::error::Error + Send + Sync>),
}

impl From<serde_json::Error> for ApiError {
    fn from(error: serde_json::Error) -> Self {
        ApiError::Internal(Box::new(error))
    }
}

impl ApiError {
    /// `"<what> <id> not found"`, such as `Conversation 999 not found`.
    pub fn not_found(what: &str, id: i64) -> Self {
        ApiError::NotFound(format!("{what} {id} not found"))
    }

    /// A 400 naming `field`.
    pub fn bad_parameter(field: &str, message: impl Into<String>) -> Self {
        ApiError::BadParameter {
            field: field.to_owned(),
            message: message.into(),
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::BadParameter { .. } | ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::IdempotencyConflict(_)
            | ApiError::LinkConflict { .. }
            | ApiError::StatusConflict { .. } => StatusCode::CONFLICT,
            ApiError::Status(status) => *status,
            ApiError::Unavailable(_) | ApiError::Timeout | ApiError::KeysUnavailable => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            ApiError::MisdirectedHost => StatusCode::MISDIRECTED_REQUEST,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::RateLimited(_) | ApiError::TooManyStreams(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn body(&self) -> ErrorBody {
        match self {
            ApiError::Unauthorized(message) => ErrorBody::new("unauthorized", *message, None),
            ApiError::NotFound(message) => ErrorBody::new("not_found", message, None),
            ApiError::BadParameter { field, message } => {
                ErrorBody::new("bad_parameter", message, Some(field))
            }
            ApiError::BadRequest(message) => ErrorBody::new("bad_request", message, None),
            ApiError::IdempotencyConflict(message) => {
                ErrorBody::new("idempotency_conflict", message, None)
            }
            ApiError::Status(status) => ErrorBody::new(
                status_code(*status),
                status.canonical_reason().unwrap_or("Request failed"),
                None,
            ),
            ApiError::Unavailable(_) => ErrorBody::new(
                "database_unavailable",
                "The database cannot be reached; try again shortly",
                None,
            ),
            ApiError::TooManyStreams(most) => ErrorBody::new(
                "too_many_streams",
                format!(
                    "You have {most} live updates open already; close a tab or another \
                     conversation's page"
                ),
                None,
            ),
            ApiError::KeysUnavailable => ErrorBody::new(
                "identity_provider_unavailable",
                "The identity provider's signing keys cannot be fetched; try again shortly",
                None,
            ),
            ApiError::MisdirectedHost => ErrorBody::new(
                "misdirected_request",
                "This server does not answer for the host this request names; \
                 a deployment names its public host with --public-host",
                None,
            ),
            ApiError::Timeout => ErrorBody::new(
                "timeout",
                "The server took too long to answer; try again shortly",
                None,
            ),
            ApiError::Forbidden(message) => ErrorBody::new("forbidden", *message, None),
            ApiError::TooLarge { limit } => ErrorBody::new(
                "payload_too_large",
                format!(
                    "The body is larger than the {} KB this endpoint accepts; send it in parts",
                    limit / 1024
                ),
                Some("body"),
            ),
            ApiError::StatusConflict { code, message } => ErrorBody::new(code, message, None),
            ApiError::LinkConflict { slot, current } => ErrorBody {
                current: Some((**current).clone()),
                ..ErrorBody::new(
                    "link_conflict",
                    conflict_message(*slot, current),
                    Some("If-Match"),
                )
            },
            ApiError::RateLimited(_) => ErrorBody::new(
                "rate_limited",
                "Too many requests from this agent; try again after Retry-After seconds",
                None,
            ),
            ApiError::Internal(_) => ErrorBody::new("internal", "Internal server error", None),
        }
    }
}

/// What a [`ApiError::LinkConflict`] tells the agent: who changed the link
/// since, and how.
fn conflict_message(slot: LinkSlot, current: &CurrentLinks) -> String {
    let change = match slot {
        LinkSlot::Customer => current.customer.as_ref(),
        LinkSlot::Case => current.case.as_ref(),
    };
    let (who, what) = change.map_or(("Someone", "changed"), |change| {
        let what = if change.linked { "linked" } else { "unlinked" };
        (change.by.name.as_str(), what)
    });
    format!(
        "{who} {what} this conversation's {} after you loaded it, so your change was not made",
        slot.as_str()
    )
}

/// The error code of a status that has no variant of its own.
fn status_code(status: StatusCode) -> &'static str {
    match status {
        StatusCode::UNAUTHORIZED => "unauthorized",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        status if status.is_server_error() => "internal",
        _ => "bad_request",
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match &self {
            ApiError::Internal(detail) => tracing::error!(error = %detail, "request failed"),
            ApiError::Unavailable(detail) => {
                tracing::warn!(error = %detail, "database unavailable");
            }
            _ => {}
        }
        let mut response = (self.status(), Json(self.body())).into_response();
        if let ApiError::RateLimited(wait) = self {
            let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from(seconds.max(1)));
        }
        if let ApiError::Unauthorized(_) = self {
            response
                .headers_mut()
                .insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// Flags that do not fit together, such as `--auth jwt` without a key.
    #[error("configuration: {0}")]
    Config(String),
    /// The database at this location (shown without its password) could
    /// not be reached or prepared.
    #[error("database {0}: {1}")]
    Unreachable(String, Box<dyn std::error::Error + Send + Sync>),
    /// The store could not open its database.
    #[error("database: {0}")]
    Database(Box<dyn std::error::Error + Send + Sync>),
    /// The store could not bring its database's schema up to date.
    #[error("database migration: {0}")]
    Migrate(Box<dyn std::error::Error + Send + Sync>),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}
