//! Authentication of API requests (`--auth open|jwt|tokens`): the
//! middleware that checks `Authorization: Bearer …`, and the demo tokens
//! the agent console hands to the app. Tokens are never logged.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header::AUTHORIZATION;
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hmac::Mac;
use sha2::{Digest, Sha256};
use subtle::{Choice, ConstantTimeEq};

use crate::config::{AuthMode, Config, Secret};
use crate::error::{ApiError, StartError};

mod jwt;

/// How long a demo console token lives, in seconds.
const DEMO_TOKEN_LIFETIME: i64 = 5 * 60;

/// The subject of demo console tokens.
const DEMO_SUBJECT: &str = "demo-agent";

/// Below this many bytes an HS256 key is guessable offline from one token.
const SHORT_KEY: usize = 32;

/// The configured way of authenticating requests.
pub struct Auth(Mode);

enum Mode {
    Open,
    Jwt {
        key: jwt::Key,
        audience: String,
    },
    // SHA-256 digests, so that comparing takes the same time whatever the
    // lengths; the first token is kept for the demo console.
    Tokens {
        digests: Vec<[u8; 32]>,
        first: Secret,
    },
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mode = match &self.0 {
            Mode::Open => "open",
            Mode::Jwt { .. } => "jwt",
            Mode::Tokens { .. } => "tokens",
        };
        write!(f, "Auth({mode})")
    }
}

impl Auth {
    /// The authentication `config` asks for, or why its flags do not fit.
    pub fn from_config(config: &Config) -> Result<Auth, StartError> {
        let mode = match config.auth {
            AuthMode::Open => Mode::Open,
            AuthMode::Jwt => {
                let secret = config.jwt_secret.as_ref().ok_or_else(|| {
                    StartError::Config("--auth jwt needs --jwt-secret (CS_JWT_SECRET)".into())
                })?;
                if secret.expose().len() < SHORT_KEY {
                    tracing::warn!("the JWT secret is shorter than {SHORT_KEY} bytes");
                }
                let key = jwt::Key::new_from_slice(secret.expose().as_bytes())
                    .map_err(|e| StartError::Config(format!("--jwt-secret: {e}")))?;
                Mode::Jwt {
                    key,
                    audience: config.jwt_audience.clone(),
                }
            }
            AuthMode::Tokens => {
                let first = config.static_tokens.first().cloned().ok_or_else(|| {
                    StartError::Config(
                        "--auth tokens needs --static-tokens (CS_STATIC_TOKENS)".into(),
                    )
                })?;
                let digests = config.static_tokens.iter().map(digest).collect();
                Mode::Tokens { digests, first }
            }
        };
        Ok(Auth(mode))
    }

    /// Whether the request's headers carry what the mode requires.
    fn check(&self, headers: &HeaderMap, now: i64) -> Result<(), ApiError> {
        match &self.0 {
            Mode::Open => Ok(()),
            Mode::Jwt { key, audience } => {
                let token = bearer(headers)?;
                jwt::verify(token, key, audience, now).map_err(|reason| {
                    tracing::debug!(%reason, "JWT refused");
                    match reason {
                        jwt::JwtError::Expired => {
                            ApiError::Unauthorized("The bearer token has expired")
                        }
                        _ => invalid_token(),
                    }
                })
            }
            Mode::Tokens { digests, .. } => {
                let presented = digest(&Secret::from(bearer(headers)?));
                // Every token is compared, so the time taken does not tell which matched.
                let matched = digests.iter().fold(Choice::from(0), |matched, known| {
                    matched | known.ct_eq(&presented)
                });
                if bool::from(matched) {
                    Ok(())
                } else {
                    Err(invalid_token())
                }
            }
        }
    }

    /// A token the API accepts, for the demo console: a fresh JWT
    /// (`sub` = `demo-agent`, five minutes), the first static token, or
    /// none in open mode.
    pub fn demo_token(&self) -> Option<String> {
        match &self.0 {
            Mode::Open => None,
            Mode::Jwt { key, audience } => Some(jwt::sign(
                key,
                DEMO_SUBJECT,
                audience,
                now_seconds(),
                DEMO_TOKEN_LIFETIME,
            )),
            Mode::Tokens { first, .. } => Some(first.expose().to_owned()),
        }
    }
}

fn invalid_token() -> ApiError {
    ApiError::Unauthorized("The bearer token is not valid")
}

fn digest(token: &Secret) -> [u8; 32] {
    Sha256::digest(token.expose().as_bytes()).into()
}

fn now_seconds() -> i64 {
    crate::clock::now() / 1000
}

/// The token of `Authorization: Bearer <token>` (the scheme in any case).
fn bearer(headers: &HeaderMap) -> Result<&str, ApiError> {
    let missing = || ApiError::Unauthorized("A bearer token is required");
    let value = headers
        .get(AUTHORIZATION)
        .ok_or_else(missing)?
        .to_str()
        .map_err(|_| invalid_token())?;
    let (scheme, token) = value.split_once(' ').ok_or_else(invalid_token)?;
    let token = token.trim();
    if !scheme.eq_ignore_ascii_case("bearer") || token.is_empty() {
        return Err(invalid_token());
    }
    Ok(token)
}

/// Middleware: refuses the request with 401 unless it is authenticated.
pub async fn require(State(auth): State<Arc<Auth>>, request: Request, next: Next) -> Response {
    match auth.check(request.headers(), now_seconds()) {
        Ok(()) => next.run(request).await,
        Err(error) => error.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;
    use clap::Parser;

    use super::*;

    fn auth(flags: &[&str]) -> Result<Auth, StartError> {
        let args = std::iter::once("server").chain(flags.iter().copied());
        Auth::from_config(&Config::try_parse_from(args).expect("flags parse"))
    }

    fn with_authorization(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, HeaderValue::from_str(value).expect("header"));
        headers
    }

    #[test]
    fn each_mode_needs_its_secret() {
        assert!(auth(&["--auth", "jwt"]).is_err());
        assert!(auth(&["--auth", "tokens"]).is_err());
        assert!(auth(&["--auth", "jwt", "--jwt-secret", "k"]).is_ok());
        assert!(auth(&[]).is_ok_and(|auth| auth.demo_token().is_none()));
    }

    #[test]
    fn static_tokens_match_exactly() {
        let auth = auth(&["--auth", "tokens", "--static-tokens", "one,two"]).expect("auth");
        assert_eq!(auth.demo_token().as_deref(), Some("one"));
        for good in ["Bearer one", "bearer two", "BEARER  two "] {
            assert!(auth.check(&with_authorization(good), 0).is_ok(), "{good}");
        }
        for bad in ["Bearer on", "Bearer one2", "Basic one", "one", "Bearer "] {
            assert!(auth.check(&with_authorization(bad), 0).is_err(), "{bad}");
        }
        assert!(auth.check(&HeaderMap::new(), 0).is_err());
    }

    #[test]
    fn demo_jwts_are_accepted_and_not_logged_in_debug() {
        let auth = auth(&["--auth", "jwt", "--jwt-secret", "k"]).expect("auth");
        let token = auth.demo_token().expect("a token");
        let headers = with_authorization(&format!("Bearer {token}"));
        assert!(auth.check(&headers, now_seconds()).is_ok());
        assert!(auth
            .check(&headers, now_seconds() + DEMO_TOKEN_LIFETIME + 60)
            .is_err());
        assert_eq!(format!("{auth:?}"), "Auth(jwt)");
    }
}
