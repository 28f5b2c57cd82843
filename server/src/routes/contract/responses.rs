//! The answers several operations share, each a reusable response of the
//! contract (`#/components/responses/…`): the errors, each with an
//! `ErrorBody`, and the bodiless 304 of a conditional GET.
//! [`common`] adds the ones every operation of a kind can give.

// The types exist only to describe answers: `ApiError` makes them.
#![allow(dead_code, reason = "describes answers; ApiError builds them")]

use customer_summary_model::ErrorBody;
use utoipa::openapi::path::Operation;
use utoipa::openapi::{Ref, RefOr};
use utoipa::ToResponse;

/// A path, query or header parameter, or a body field, is malformed or
/// invalid: code `bad_parameter`, `field` names it (the first one at fault).
#[derive(ToResponse)]
pub struct BadParameter(ErrorBody);

/// The request is at fault: code `bad_request` (field absent) when the
/// body is not JSON, is not sent with `Content-Type: application/json`, or
/// does not have the expected fields, with a message saying which (such as
/// `The body is not valid JSON: ...`); code `bad_parameter` when a
/// parameter or a body field is invalid, `field` naming the first one at
/// fault (such as `last_name`, `email`, `text`).
#[derive(ToResponse)]
pub struct BadBody(ErrorBody);

/// No such record: code `not_found`, message such as `Conversation 999 not found`.
#[derive(ToResponse)]
pub struct NotFound(ErrorBody);

/// The `Idempotency-Key` was already used by the same sender (the agent,
/// or on the intake API the channel) for a different request: code
/// `idempotency_conflict`, no field. Keys belong to who sends them:
/// another sender's use of the same key is another key, and never replays
/// or describes their request.
#[derive(ToResponse)]
pub struct IdempotencyConflict(ErrorBody);

/// Someone else changed the link after the version `If-Match` named: code
/// `link_conflict`, field `If-Match`, a message naming who and how, and
/// `current`, the links now with who last changed each. Nothing was
/// changed or created; send again with `current`'s version to apply the
/// change on purpose. See docs/events.md.
#[derive(ToResponse)]
pub struct LinkConflict(ErrorBody);

/// `idempotency_conflict` (the key was used for another request) or
/// `link_conflict` (someone else changed the link since `If-Match`).
#[derive(ToResponse)]
pub struct CreateConflict(ErrorBody);

/// The conversation's status does not allow the change:
/// `already_accepted` (another agent has it; the message names them) or
/// `conversation_closed`. Nothing was changed.
#[derive(ToResponse)]
pub struct StatusConflict(ErrorBody);

/// 409 `conversation_closed`: the conversation is closed and takes nothing
/// more from its channel.
#[derive(ToResponse)]
pub struct Closed(ErrorBody);

/// 409 `conversation_closed` (the conversation is closed), or
/// `idempotency_conflict` (the key was used for another request).
#[derive(ToResponse)]
pub struct ClosedOrKeyConflict(ErrorBody);

/// 413 `payload_too_large`, field `body`: the body is over the 256 KB the
/// intake API accepts; nothing is stored.
#[derive(ToResponse)]
pub struct TooLarge(ErrorBody);

/// `too_many_streams` (the agent has 8 event streams open on this server
/// already) or `rate_limited` (as [`RateLimited`], with `Retry-After`).
#[derive(ToResponse)]
#[response(headers(("Retry-After" = u32, description = "With `rate_limited`: seconds to wait before trying again.")))]
pub struct TooManyRequests(ErrorBody);

/// The credential is missing or refused: code `unauthorized`, with
/// `WWW-Authenticate: Bearer`. For agents, the bearer token is missing
/// (not in `--auth open`), malformed, expired, for another audience or
/// wrongly signed; an embedded app asks its console for a fresh token and
/// retries once. On the intake API, the channel key is missing or unknown.
#[derive(ToResponse)]
pub struct Unauthorized(ErrorBody);

/// 403 `forbidden`: the credential is not for this part of the API (a
/// channel key outside intake, an agent's token on intake).
#[derive(ToResponse)]
pub struct Forbidden(ErrorBody);

/// The agent made more requests than `--rate-limit` allows (20 a second in
/// bursts of 60 by default with tokens; no limit in open mode): code
/// `rate_limited`, with `Retry-After` in seconds.
#[derive(ToResponse)]
#[response(headers(("Retry-After" = u32, description = "Seconds to wait before trying again.")))]
pub struct RateLimited(ErrorBody);

/// Unexpected failure: code `internal`, generic message (details are
/// logged on the server).
#[derive(ToResponse)]
pub struct Internal(ErrorBody);

/// The database cannot be reached now (code `database_unavailable`), the
/// request took longer than `--request-timeout` (code `timeout`), or the
/// token names a signing key the identity provider's JWKS URL cannot be
/// fetched for (code `identity_provider_unavailable`); retry later.
#[derive(ToResponse)]
pub struct Unavailable(ErrorBody);

/// 304 Not Modified, no body: `If-None-Match` names the current reply's
/// tag, so the copy the client has is still the reply.
#[derive(ToResponse)]
#[response(
    description = "Not Modified: `If-None-Match` names the current reply's tag, so the copy the client has is still the reply. No body.",
    headers(
        ("ETag" = String, description = "The current reply's entity tag, the one sent."),
        ("Cache-Control" = String, description = "`no-cache`."),
    ),
)]
pub struct NotModified;

/// Who may call an operation, which decides the errors it can always give.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    /// Anyone, without a credential: the contract itself.
    Anyone,
    /// Agents with their token, held to the rate limit.
    Agent,
    /// Channels with their channel key.
    Channel,
}

/// Adds to `operation` the answers every operation open to `caller` can
/// give: refused credentials, the rate limit, failures.
pub fn common(operation: &mut Operation, caller: Caller) {
    let shared: &[(&str, &str)] = match caller {
        Caller::Anyone => &[],
        Caller::Agent => &[
            ("401", "Unauthorized"),
            ("403", "Forbidden"),
            ("429", "RateLimited"),
            ("500", "Internal"),
            ("503", "Unavailable"),
        ],
        Caller::Channel => &[
            ("401", "Unauthorized"),
            ("403", "Forbidden"),
            ("500", "Internal"),
            ("503", "Unavailable"),
        ],
    };
    for (status, name) in shared {
        operation
            .responses
            .responses
            .entry((*status).to_owned())
            .or_insert_with(|| RefOr::Ref(Ref::from_response_name(*name)));
    }
}
