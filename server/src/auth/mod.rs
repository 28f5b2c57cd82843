//! Authentication of API requests (`--auth open|jwt|tokens`): the
//! middleware that checks `Authorization: Bearer …` and resolves the
//! request's agent once ([`Principal`], which handlers take), and the
//! tokens the demo console hands to the app for the agent picked there.
//! Tokens are never logged.
//!
//! - Open mode: a request without a token is the anonymous demo agent; a
//!   token must be one the demo console signed with a key the server makes
//!   at each start and never shows, so no page can simply assert a name.
//! - JWT mode: the agent is the token's `sub`, named by its `name` claim
//!   (else by `sub`); HS256 tokens are signed with `--jwt-secret`, RS256
//!   and ES256 tokens with keys published at `--jwt-jwks-url`.
//! - Tokens mode: each static token signs in the agent it is paired with.
//!
//! Channels call the intake API with a key of `--channel-keys`, in every
//! mode ([`require_channel`]): a channel key is refused (403) everywhere
//! else, and an agent's token (403) on intake.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header::AUTHORIZATION;
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::Duration;

use customer_summary_model::Actor;
use sha2::{Digest, Sha256};
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};

use crate::config::{AuthMode, Config, Secret};
use crate::error::{ApiError, StartError};

mod jwks;
mod jwt;
mod principal;

pub use jwt::LEEWAY_SECONDS;
pub use principal::{Principal, SignedUntil};

/// How long a demo console token lives, in seconds.
const DEMO_TOKEN_LIFETIME: i64 = 5 * 60;

/// Below this many bytes an HS256 key is guessable offline from one token.
const SHORT_KEY: usize = 32;

/// How many of the seed's agents the demo console offers.
const DEMO_AGENTS: usize = 4;

/// Who a request without a token is, in open mode.
fn anonymous() -> Actor {
    Actor {
        id: "demo".to_owned(),
        name: "Demo agent".to_owned(),
    }
}

/// The configured way of authenticating requests.
pub struct Auth {
    mode: Mode,
    /// The channels' keys, each with the channel's name.
    channels: Keyring<String>,
}

enum Mode {
    /// The shared key is made at start and known only to this process
    /// and its demo console.
    Open {
        keys: jwt::Keys,
        checks: Checks,
    },
    Jwt {
        keys: jwt::Keys,
        checks: Checks,
    },
    Tokens {
        tokens: Keyring<KnownToken>,
    },
}

/// Secrets by their SHA-256 digests, each with what it signs in: comparing
/// digests takes the same time whatever the lengths, and every one is
/// compared, so the time taken does not tell which matched, or whether
/// one did.
struct Keyring<T>(Vec<([u8; 32], T)>);

impl<T> Keyring<T> {
    fn new<'s>(entries: impl IntoIterator<Item = (&'s str, T)>) -> Self {
        Keyring(
            entries
                .into_iter()
                .map(|(secret, value)| (digest(secret), value))
                .collect(),
        )
    }

    /// What `presented` signs in, if it is one of the secrets.
    fn find(&self, presented: &str) -> Option<&T> {
        let presented = digest(presented);
        let mut found = 0u32;
        let mut any = Choice::from(0);
        for (index, (digest, _)) in (0u32..).zip(&self.0) {
            let equal = digest.ct_eq(&presented);
            found = u32::conditional_select(&found, &index, equal);
            any |= equal;
        }
        bool::from(any).then(|| &self.0[found as usize].1)
    }

    fn values(&self) -> impl Iterator<Item = &T> {
        self.0.iter().map(|(_, value)| value)
    }
}

/// What a JWT must be besides well signed (`jwt::Rules`, owned).
struct Checks {
    audience: String,
    issuer: Option<String>,
    max_lifetime: i64,
}

impl Checks {
    fn rules(&self) -> jwt::Rules<'_> {
        jwt::Rules {
            audience: &self.audience,
            issuer: self.issuer.as_deref(),
            max_lifetime: self.max_lifetime,
        }
    }
}

struct KnownToken {
    token: Secret,
    agent: Actor,
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mode = match &self.mode {
            Mode::Open { .. } => "open",
            Mode::Jwt { .. } => "jwt",
            Mode::Tokens { .. } => "tokens",
        };
        write!(f, "Auth({mode})")
    }
}

impl Auth {
    /// The authentication `config` asks for, or why its flags do not fit.
    pub fn from_config(config: &Config) -> Result<Auth, StartError> {
        let checks = Checks {
            audience: config.jwt_audience.clone(),
            issuer: config.jwt_issuer.clone(),
            max_lifetime: config.jwt_max_lifetime,
        };
        let mode = match config.auth {
            AuthMode::Open => Mode::Open {
                keys: jwt::Keys {
                    shared: Some(start_key()?),
                    published: None,
                },
                // The demo console's tokens carry no issuer.
                checks: Checks {
                    issuer: None,
                    ..checks
                },
            },
            AuthMode::Jwt => Mode::Jwt {
                keys: jwt_keys(config)?,
                checks,
            },
            AuthMode::Tokens => {
                if config.static_tokens.is_empty() {
                    return Err(StartError::Config(
                        "--auth tokens needs --static-tokens (CS_STATIC_TOKENS), \
                         NAME=TOKEN pairs"
                            .into(),
                    ));
                }
                let tokens = Keyring::new(config.static_tokens.iter().map(|known| {
                    let agent = Actor {
                        id: known.name.clone(),
                        name: known.name.clone(),
                    };
                    let token = known.token.clone();
                    (known.token.expose(), KnownToken { token, agent })
                }));
                Mode::Tokens { tokens }
            }
        };
        let channels = Keyring::new(
            config
                .channel_keys
                .iter()
                .map(|channel| (channel.key.expose(), channel.name.clone())),
        );
        let agent_tokens = || config.static_tokens.iter().map(|known| &known.token);
        if let Some(shared) = config
            .channel_keys
            .iter()
            .find(|channel| agent_tokens().any(|token| *token == channel.key))
        {
            return Err(StartError::Config(format!(
                "the key of channel {:?} is an agent's static token too: give channels \
                 keys of their own",
                shared.name
            )));
        }
        Ok(Auth { mode, channels })
    }

    /// Fetches the identity provider's keys, if any, as at start.
    pub async fn warm(&self) {
        if let Mode::Jwt {
            keys:
                jwt::Keys {
                    published: Some(published),
                    ..
                },
            ..
        } = &self.mode
        {
            published.warm().await;
        }
    }

    /// The agent the request's headers sign in, and until when (a JWT's
    /// `exp`; `None` for a token that does not expire), or the 401 of why
    /// none.
    async fn check(&self, headers: &HeaderMap, now: i64) -> Result<(Actor, SignedUntil), ApiError> {
        match &self.mode {
            Mode::Open { keys, checks } => match bearer(headers) {
                Err(Missing) => Ok((anonymous(), SignedUntil(None))),
                Ok(token) => verify_jwt(token?, keys, checks, now).await,
            },
            Mode::Jwt { keys, checks } => verify_jwt(bearer(headers)??, keys, checks, now).await,
            Mode::Tokens { tokens } => tokens
                .find(bearer(headers)??)
                .map(|known| (known.agent.clone(), SignedUntil(None)))
                .ok_or_else(invalid_token),
        }
    }

    /// The channel whose key the request's headers present, if any.
    fn channel(&self, headers: &HeaderMap) -> Option<Actor> {
        let token = bearer(headers).ok()?.ok()?;
        self.channels.find(token).map(|name| Actor::channel(name))
    }

    /// The agents the demo console lets you pick: a few of the seed's in
    /// open mode and in JWT mode with a shared key, each static token's
    /// agent in tokens mode; none when only the identity provider signs.
    pub fn demo_agents(&self) -> Vec<Actor> {
        match &self.mode {
            Mode::Open { keys, .. } | Mode::Jwt { keys, .. } if keys.shared.is_none() => Vec::new(),
            Mode::Open { .. } | Mode::Jwt { .. } => crate::seed::AGENTS[..DEMO_AGENTS]
                .iter()
                .map(|&(id, name)| Actor {
                    id: id.to_owned(),
                    name: name.to_owned(),
                })
                .collect(),
            Mode::Tokens { tokens } => {
                let mut agents: Vec<Actor> = Vec::new();
                for known in tokens.values() {
                    if !agents.contains(&known.agent) {
                        agents.push(known.agent.clone());
                    }
                }
                agents
            }
        }
    }

    /// A token the API accepts for demo agent `id` ([`Auth::demo_agents`]),
    /// for the demo console: a JWT of five minutes signed with the start
    /// key or the JWT secret, or the agent's static token; `None` for an
    /// agent it does not offer.
    pub fn demo_token(&self, id: &str) -> Option<String> {
        let agent = self
            .demo_agents()
            .into_iter()
            .find(|agent| agent.id == id)?;
        match &self.mode {
            Mode::Open { keys, checks } | Mode::Jwt { keys, checks } => Some(jwt::sign(
                keys.shared.as_ref()?,
                &agent,
                &checks.audience,
                checks.issuer.as_deref(),
                now_seconds(),
                DEMO_TOKEN_LIFETIME,
            )),
            Mode::Tokens { tokens } => tokens
                .values()
                .find(|known| known.agent == agent)
                .map(|known| known.token.expose().to_owned()),
        }
    }
}

/// A key of 32 random bytes for this run of the server.
fn start_key() -> Result<jwt::SharedKey, StartError> {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes)
        .map_err(|e| StartError::Config(format!("no random key for demo tokens: {e}")))?;
    Ok(jwt::SharedKey::new(&bytes))
}

/// The keys of `--auth jwt`: `--jwt-secret`, `--jwt-jwks-url`, or both.
fn jwt_keys(config: &Config) -> Result<jwt::Keys, StartError> {
    let shared = match &config.jwt_secret {
        Some(secret) if secret.expose().len() < SHORT_KEY => {
            return Err(StartError::Config(format!(
                "--jwt-secret must be at least {SHORT_KEY} bytes: a shorter HS256 key \
                 can be guessed offline from a single token"
            )))
        }
        Some(secret) => Some(jwt::SharedKey::new(secret.expose().as_bytes())),
        None => None,
    };
    let published = config
        .jwt_jwks_url
        .clone()
        .map(|url| jwks::Jwks::new(url, Duration::from_secs(config.jwt_jwks_refetch)))
        .transpose()
        .map_err(StartError::Config)?;
    if shared.is_none() && published.is_none() {
        return Err(StartError::Config(
            "--auth jwt needs --jwt-secret (CS_JWT_SECRET) for HS256 tokens or \
             --jwt-jwks-url (CS_JWT_JWKS_URL) for RS256 and ES256 tokens"
                .into(),
        ));
    }
    Ok(jwt::Keys { shared, published })
}

/// The agent of a JWT, or the 401 (or 503) that says why it is refused.
async fn verify_jwt(
    token: &str,
    keys: &jwt::Keys,
    checks: &Checks,
    now: i64,
) -> Result<(Actor, SignedUntil), ApiError> {
    jwt::verify(token, keys, &checks.rules(), now)
        .await
        .map(|(agent, exp)| (agent, SignedUntil(Some(exp))))
        .map_err(|reason| {
            tracing::debug!(%reason, "JWT refused");
            match reason {
                jwt::JwtError::KeysUnavailable => ApiError::KeysUnavailable,
                jwt::JwtError::Expired => ApiError::Unauthorized("The bearer token has expired"),
                jwt::JwtError::NoSubject => {
                    ApiError::Unauthorized("The bearer token names no agent (no sub claim)")
                }
                jwt::JwtError::Lifetime => ApiError::Unauthorized(
                    "The bearer token is valid for longer than this server allows",
                ),
                jwt::JwtError::Name => ApiError::Unauthorized(
                    "The bearer token's sub or name is not acceptable: at most 200 characters, \
                 none of them control characters, and a sub not kept for other authors \
                 (demo, contact:…, account:…, name:…, channel:…)",
                ),
                _ => invalid_token(),
            }
        })
}

fn invalid_token() -> ApiError {
    ApiError::Unauthorized("The bearer token is not valid")
}

fn digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

fn now_seconds() -> i64 {
    crate::clock::now() / 1000
}

/// The request has no `Authorization` header.
struct Missing;

/// The token of `Authorization: Bearer <token>` (the scheme in any case):
/// `Err(Missing)` without the header, `Ok(Err(401))` when it is not a
/// bearer token.
fn bearer(headers: &HeaderMap) -> Result<Result<&str, ApiError>, Missing> {
    let value = headers.get(AUTHORIZATION).ok_or(Missing)?;
    Ok((|| {
        let value = value.to_str().map_err(|_| invalid_token())?;
        let (scheme, token) = value.split_once(' ').ok_or_else(invalid_token)?;
        let token = token.trim();
        if !scheme.eq_ignore_ascii_case("bearer") || token.is_empty() {
            return Err(invalid_token());
        }
        Ok(token)
    })())
}

impl From<Missing> for ApiError {
    fn from(_: Missing) -> Self {
        ApiError::Unauthorized("A bearer token is required")
    }
}

/// Middleware: refuses the request with 401 unless it is authenticated,
/// and with 403 when a channel key is what authenticates it; hands its
/// agent to the handlers ([`Principal`]).
pub async fn require(State(auth): State<Arc<Auth>>, mut request: Request, next: Next) -> Response {
    if auth.channel(request.headers()).is_some() {
        return ApiError::Forbidden(
            "A channel key can call only the intake API (/api/v1/intake/…)",
        )
        .into_response();
    }
    match auth.check(request.headers(), now_seconds()).await {
        Ok((agent, until)) => {
            request.extensions_mut().insert(Principal(agent));
            request.extensions_mut().insert(until);
            next.run(request).await
        }
        Err(error) => error.into_response(),
    }
}

/// Middleware of the intake API: hands the channel whose key the request
/// presents to the handlers as their [`Principal`]; 401 without a valid
/// channel key, and 403 for an agent's token.
pub async fn require_channel(
    State(auth): State<Arc<Auth>>,
    mut request: Request,
    next: Next,
) -> Response {
    if let Some(channel) = auth.channel(request.headers()) {
        request.extensions_mut().insert(Principal(channel));
        return next.run(request).await;
    }
    let error = match bearer(request.headers()) {
        Err(Missing) => {
            ApiError::Unauthorized("A channel key is required (Authorization: Bearer <key>)")
        }
        Ok(_) if auth.check(request.headers(), now_seconds()).await.is_ok() => ApiError::Forbidden(
            "An agent's token cannot call the intake API: channels call it with their channel key",
        ),
        Ok(_) => ApiError::Unauthorized("The channel key is not valid"),
    };
    error.into_response()
}

#[cfg(test)]
mod tests;
