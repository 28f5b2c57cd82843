//! An identity provider's published signing keys, from its JWKS URL
//! (RFC 7517): fetched at start and kept in memory; fetched again when a
//! token names a key not among them, or once they are older than
//! [`MAX_AGE`] so that a key the provider withdrew stops working. Fetches
//! are at least `--jwt-jwks-refetch` apart (30 seconds by default), so
//! tokens with made-up `kid`s cannot make this server hammer the provider.
//! Only RSA keys (RS256) and P-256 keys (ES256) for signatures are kept. A
//! failed fetch keeps the keys already held and lets no token through that
//! needs another.

use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, Jwk, KeyAlgorithm, PublicKeyUse};
use jsonwebtoken::{Algorithm, DecodingKey};
use serde::Deserialize;
use tokio::sync::Mutex;

use super::jwt::JwtError;

/// How long fetched keys are trusted before the next token fetches them
/// again.
pub const MAX_AGE: Duration = Duration::from_secs(10 * 60);

/// How long a fetch may take.
const FETCH_TIMEOUT: Duration = Duration::from_secs(5);

/// The largest key set read; real ones are a few kilobytes.
const MOST_BYTES: usize = 256 * 1024;

/// The keys at one JWKS URL.
pub struct Jwks {
    url: reqwest::Url,
    client: reqwest::Client,
    refetch: Duration,
    held: RwLock<Held>,
    // Held across a fetch, so there is one at a time: when the last began.
    last_fetch: Mutex<Option<Instant>>,
}

type Key = (Algorithm, Arc<DecodingKey>);

#[derive(Default)]
struct Held {
    keys: HashMap<String, Key>,
    fetched: Option<Instant>,
    last_failed: bool,
}

/// A key set as published: keys this server cannot use are skipped one by
/// one rather than failing the set.
#[derive(Deserialize)]
struct Published {
    keys: Vec<serde_json::Value>,
}

impl Jwks {
    /// The keys at `url`, fetched no more often than every `refetch`.
    pub fn new(url: reqwest::Url, refetch: Duration) -> Result<Jwks, String> {
        let client = reqwest::Client::builder()
            .timeout(FETCH_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| format!("an HTTPS client for --jwt-jwks-url: {e}"))?;
        Ok(Jwks {
            url,
            client,
            refetch,
            held: RwLock::default(),
            last_fetch: Mutex::new(None),
        })
    }

    /// Fetches the keys now, as at start; a failure is logged.
    pub async fn warm(&self) {
        self.refresh().await;
    }

    /// The key `kid` for a token signed with `alg`.
    pub async fn key(&self, kid: &str, alg: Algorithm) -> Result<Arc<DecodingKey>, JwtError> {
        let found = match self.lookup(kid) {
            (Some(key), true) => Some(key),
            _ => {
                self.refresh().await;
                self.lookup(kid).0
            }
        };
        match found {
            Some((expected, key)) if expected == alg => Ok(key),
            Some(_) => Err(JwtError::Algorithm),
            None if self.read().last_failed => Err(JwtError::KeysUnavailable),
            None => Err(JwtError::UnknownKey),
        }
    }

    /// Key `kid` if held, and whether the held keys are younger than
    /// [`MAX_AGE`].
    fn lookup(&self, kid: &str) -> (Option<Key>, bool) {
        let held = self.read();
        let fresh = held.fetched.is_some_and(|at| at.elapsed() < MAX_AGE);
        (held.keys.get(kid).cloned(), fresh)
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Held> {
        self.held.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// Fetches the keys unless a fetch began less than `refetch` ago
    /// (also one that finished while this waited for it).
    async fn refresh(&self) {
        let mut last_fetch = self.last_fetch.lock().await;
        if last_fetch.is_some_and(|at| at.elapsed() < self.refetch) {
            return;
        }
        *last_fetch = Some(Instant::now());
        let fetched = self.fetch().await;
        let mut held = self.held.write().unwrap_or_else(PoisonError::into_inner);
        match fetched {
            Ok(keys) => {
                tracing::info!(url = %self.url, keys = keys.len(), "fetched the JWKS signing keys");
                *held = Held {
                    keys,
                    fetched: Some(Instant::now()),
                    last_failed: false,
                };
            }
            Err(error) => {
                tracing::warn!(url = %self.url, %error, "could not fetch the JWKS signing keys");
                held.last_failed = true;
            }
        }
    }

    async fn fetch(&self) -> Result<HashMap<String, Key>, String> {
        let mut response = self
            .client
            .get(self.url.clone())
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(|e| e.to_string())?;
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| e.to_string())? {
            if body.len() + chunk.len() > MOST_BYTES {
                return Err(format!("larger than {MOST_BYTES} bytes"));
            }
            body.extend_from_slice(&chunk);
        }
        let published: Published =
            serde_json::from_slice(&body).map_err(|e| format!("not a JWK set: {e}"))?;
        let keys: HashMap<String, Key> = published.keys.into_iter().filter_map(usable).collect();
        if keys.is_empty() {
            return Err("no RS256 or ES256 signing key with a kid".to_owned());
        }
        Ok(keys)
    }
}

/// A published key this server checks signatures with: an RSA key for
/// RS256 or a P-256 key for ES256, named by a `kid`, not meant only for
/// encryption.
fn usable(published: serde_json::Value) -> Option<(String, Key)> {
    let jwk: Jwk = serde_json::from_value(published).ok()?;
    let kid = jwk.common.key_id.clone()?;
    if jwk
        .common
        .public_key_use
        .as_ref()
        .is_some_and(|usage| *usage != PublicKeyUse::Signature)
    {
        return None;
    }
    let alg = match (&jwk.algorithm, jwk.common.key_algorithm) {
        (AlgorithmParameters::RSA(_), None | Some(KeyAlgorithm::RS256)) => Algorithm::RS256,
        (AlgorithmParameters::EllipticCurve(ec), None | Some(KeyAlgorithm::ES256))
            if ec.curve == EllipticCurve::P256 =>
        {
            Algorithm::ES256
        }
        _ => return None,
    };
    let key = DecodingKey::from_jwk(&jwk).ok()?;
    Some((kid, (alg, Arc::new(key))))
}
