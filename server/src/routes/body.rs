//! Request bodies and the `Idempotency-Key` and `If-Match` headers, read
//! by hand so that every problem is a JSON error that says what is wrong,
//! never axum's plain-text rejection.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header::{CONTENT_TYPE, IF_MATCH};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use customer_summary_model::{FieldErrors, INTAKE_BODY_BYTES};
use serde::de::DeserializeOwned;
use serde_json::error::Category;
use utoipa::IntoParams;

use crate::error::{ApiError, ApiResult};

/// The longest `Idempotency-Key` accepted, in characters.
pub const KEY_LIMIT: usize = 200;

/// The header that makes a create request safe to retry.
pub const KEY_HEADER: &str = "idempotency-key";

/// A JSON request body decoded as `T`; sent with any other content type,
/// malformed or of the wrong shape, it is a 400 `bad_request` saying why.
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> ApiResult<Self> {
        let bytes = json_bytes(request, state).await?;
        decode(&bytes).map(JsonBody)
    }
}

/// A JSON body of the intake API, decoded as `T` as [`JsonBody`] is, and
/// at most [`INTAKE_BODY_BYTES`] long, else a 413 saying so.
pub struct IntakeBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for IntakeBody<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> ApiResult<Self> {
        let bytes = json_bytes(request, state).await?;
        if bytes.len() > INTAKE_BODY_BYTES {
            return Err(ApiError::TooLarge {
                limit: INTAKE_BODY_BYTES,
            });
        }
        decode(&bytes).map(IntakeBody)
    }
}

/// The bytes of a request body sent as JSON; a 400 when it is sent with
/// another content type or cannot be read.
async fn json_bytes<S: Send + Sync>(request: Request, state: &S) -> ApiResult<Bytes> {
    check_content_type(request.headers())?;
    Bytes::from_request(request, state)
        .await
        .map_err(|rejection| match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => ApiError::Status(StatusCode::PAYLOAD_TOO_LARGE),
            _ => ApiError::BadRequest(format!(
                "The body could not be read: {}",
                rejection.body_text()
            )),
        })
}

/// `bytes` as JSON of `T`, or the 400 that says why not.
fn decode<T: DeserializeOwned>(bytes: &[u8]) -> ApiResult<T> {
    serde_json::from_slice(bytes).map_err(|error| {
        ApiError::BadRequest(match error.classify() {
            Category::Data => format!("The body does not have the expected fields: {error}"),
            Category::Syntax | Category::Eof | Category::Io => {
                format!("The body is not valid JSON: {error}")
            }
        })
    })
}

/// Accepts `application/json` and `application/<anything>+json`, with or
/// without parameters such as `charset=utf-8`.
fn check_content_type(headers: &HeaderMap) -> ApiResult<()> {
    let value = headers.get(CONTENT_TYPE);
    let essence = value
        .and_then(|value| value.to_str().ok())
        .and_then(|text| text.split(';').next())
        .map(|essence| essence.trim().to_ascii_lowercase());
    let is_json = essence.as_deref().is_some_and(|essence| {
        essence == "application/json"
            || essence
                .strip_prefix("application/")
                .is_some_and(|subtype| subtype.ends_with("+json"))
    });
    if is_json {
        return Ok(());
    }
    let got = match value {
        Some(value) => format!("{:?}", String::from_utf8_lossy(value.as_bytes())),
        None => "none".to_owned(),
    };
    Err(ApiError::BadRequest(format!(
        "The body must be JSON sent with Content-Type: application/json; got {got}"
    )))
}

/// The form's first problem as a 400 naming its field, or `Ok` when it
/// has none (`errors` is what the model's `validate()` returned).
pub fn valid(errors: FieldErrors) -> ApiResult<()> {
    match errors.into_iter().next() {
        Some(first) => Err(ApiError::bad_parameter(&first.field, first.message)),
        None => Ok(()),
    }
}

/// The `Idempotency-Key` request header, when sent: 1 to [`KEY_LIMIT`]
/// visible ASCII characters, else a 400 naming the header.
#[derive(IntoParams)]
#[into_params(names("Idempotency-Key"), parameter_in = Header)]
pub struct IdempotencyKey(
    /// Makes the request safe to retry: 1 to 200 visible ASCII characters
    /// (else 400 with field `Idempotency-Key`), unique per request, such as a
    /// UUID. A retry with the same key and the same request gets the first
    /// response again (same status and body) and creates nothing, even when
    /// the requests race; the same key with a different request (other body
    /// or other target) is 409 `idempotency_conflict`. A key is honoured for
    /// 7 days after its first use, then forgotten (and may be used again).
    /// Without a key every request creates.
    #[param(value_type = String, required = false, min_length = 1, max_length = 200)]
    pub Option<String>,
);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> ApiResult<Self> {
        let Some(value) = parts.headers.get(KEY_HEADER) else {
            return Ok(IdempotencyKey(None));
        };
        let bad = |message: String| ApiError::bad_parameter("Idempotency-Key", message);
        let key = value
            .to_str()
            .map_err(|_| bad("Idempotency-Key must be visible ASCII characters".to_owned()))?;
        let length = key.chars().count();
        if !(1..=KEY_LIMIT).contains(&length) {
            return Err(bad(format!(
                "Idempotency-Key must be 1 to {KEY_LIMIT} characters, got {length}"
            )));
        }
        Ok(IdempotencyKey(Some(key.to_owned())))
    }
}

/// `If-Match` on a change to a conversation's link: the link's version the
/// agent saw (`LinkChange::version`), as an entity tag (`"7"`, or bare
/// `7`); `None` without the header or with `*`, which changes the link
/// whatever happened to it.
#[derive(IntoParams)]
#[into_params(names("If-Match"), parameter_in = Header)]
pub struct SeenLinkVersion(
    /// The version of the link the agent saw (`LinkChange.version`, 0 when it
    /// had none), as an entity tag such as `"7"`. When someone else has
    /// changed the link since, nothing is changed or created: 409
    /// `link_conflict` with the links now. `*`, or no header, changes the
    /// link whatever happened to it. Anything else is 400 with field
    /// `If-Match`.
    #[param(value_type = String, required = false)]
    pub Option<i64>,
);

impl<S: Send + Sync> FromRequestParts<S> for SeenLinkVersion {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> ApiResult<Self> {
        let Some(value) = parts.headers.get(IF_MATCH) else {
            return Ok(SeenLinkVersion(None));
        };
        let text = value.to_str().unwrap_or("?").trim();
        if text == "*" {
            return Ok(SeenLinkVersion(None));
        }
        let tag = text
            .strip_prefix('"')
            .and_then(|rest| rest.strip_suffix('"'))
            .unwrap_or(text);
        match tag.parse::<i64>() {
            Ok(version) if version >= 0 => Ok(SeenLinkVersion(Some(version))),
            _ => Err(ApiError::bad_parameter(
                "If-Match",
                "If-Match must be the link's version as loaded (such as \"7\"), or *",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn json_content_types_with_parameters_and_suffixes_are_accepted() {
        let headers = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(value));
            headers
        };
        for good in [
            "application/json",
            "Application/JSON; charset=utf-8",
            "application/merge-patch+json",
        ] {
            assert!(check_content_type(&headers(good)).is_ok(), "{good}");
        }
        for bad in ["text/plain", "application/jsonx", "json", "text/json"] {
            assert!(check_content_type(&headers(bad)).is_err(), "{bad}");
        }
        assert!(check_content_type(&HeaderMap::new()).is_err());
    }
}
