//! JSON Web Tokens (RFC 7519), checked with the `jsonwebtoken` crate:
//! the header and signature, HS256 with the shared key or RS256 and ES256
//! with the identity provider's published keys ([`Keys`]); then, on our
//! clock, expiry, not-before and the longest lifetime allowed, audience,
//! issuer, and the agent the token names (`sub`, `name`). Also signs the
//! demo console's HS256 tokens. `alg: none` and every other algorithm are
//! refused.

use std::collections::HashSet;
use std::sync::Arc;

use customer_summary_model::{is_acceptable_actor_text, is_agent_id, Actor};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::Deserialize;
use serde_json::json;

use super::jwks::Jwks;

/// How far a clock may be ahead of ours, in seconds, for `exp` and `nbf`.
pub const LEEWAY_SECONDS: i64 = 30;

/// Why a token was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum JwtError {
    #[error("not three base64url parts of JSON")]
    Malformed,
    #[error("not signed with HS256, RS256 or ES256, or with a critical extension")]
    Algorithm,
    #[error("bad signature")]
    Signature,
    #[error("signed with a key the identity provider does not publish")]
    UnknownKey,
    #[error("signed with a published key that could not be fetched")]
    KeysUnavailable,
    #[error("expired")]
    Expired,
    #[error("without exp")]
    NoExpiry,
    #[error("not valid yet")]
    NotYetValid,
    #[error("for another audience")]
    Audience,
    #[error("without sub")]
    NoSubject,
    #[error("with a sub or name of control characters or over 200 characters")]
    Name,
    #[error("from another issuer")]
    Issuer,
    #[error("valid for longer than allowed")]
    Lifetime,
}

/// What a token must be, besides well signed.
pub struct Rules<'a> {
    /// Among its `aud`.
    pub audience: &'a str,
    /// Its `iss`, when set.
    pub issuer: Option<&'a str>,
    /// The most seconds from `iat` (else from now) to `exp`.
    pub max_lifetime: i64,
}

/// An HS256 key shared with whoever issues tokens: checks them, and signs
/// the demo console's.
pub struct SharedKey {
    encoding: EncodingKey,
    decoding: Arc<DecodingKey>,
}

impl SharedKey {
    pub fn new(secret: &[u8]) -> Self {
        SharedKey {
            encoding: EncodingKey::from_secret(secret),
            decoding: Arc::new(DecodingKey::from_secret(secret)),
        }
    }
}

/// The keys tokens may be signed with: a shared HS256 key, an identity
/// provider's published RS256 and ES256 keys, or both.
pub struct Keys {
    pub shared: Option<SharedKey>,
    pub published: Option<Jwks>,
}

impl Keys {
    /// The key that checks a token with `header`, fetching the published
    /// keys again when it names one not seen yet.
    async fn for_header(&self, header: &Header) -> Result<Arc<DecodingKey>, JwtError> {
        match header.alg {
            Algorithm::HS256 => self
                .shared
                .as_ref()
                .map(|shared| shared.decoding.clone())
                .ok_or(JwtError::Algorithm),
            Algorithm::RS256 | Algorithm::ES256 => {
                let published = self.published.as_ref().ok_or(JwtError::Algorithm)?;
                let kid = header.kid.as_deref().ok_or(JwtError::UnknownKey)?;
                published.key(kid, header.alg).await
            }
            _ => Err(JwtError::Algorithm),
        }
    }
}

#[derive(Deserialize)]
struct Claims {
    exp: Option<f64>,
    nbf: Option<f64>,
    aud: Option<Audience>,
    iat: Option<f64>,
    iss: Option<String>,
    sub: Option<String>,
    name: Option<String>,
}

/// `aud` is one string or an array of them.
#[derive(Deserialize)]
#[serde(untagged)]
enum Audience {
    One(String),
    Many(Vec<String>),
}

impl Audience {
    fn contains(&self, audience: &str) -> bool {
        match self {
            Audience::One(one) => one == audience,
            Audience::Many(many) => many.iter().any(|one| one == audience),
        }
    }
}

/// Checks `token` at `now` (seconds since the epoch): a header of a
/// supported algorithm without critical extensions, a signature by one of
/// `keys`, `exp` in the future and no further than `rules.max_lifetime`
/// from `iat` (or now), `nbf` (when present) in the past, `rules.audience`
/// among `aud`, `rules.issuer` (when set) as `iss`, and an acceptable `sub`
/// (and `name`, when present): the agent it signs in, named by `name`,
/// else by `sub`, and its `exp` (seconds since the epoch).
pub async fn verify(
    token: &str,
    keys: &Keys,
    rules: &Rules<'_>,
    now: i64,
) -> Result<(Actor, i64), JwtError> {
    let header = jsonwebtoken::decode_header(token).map_err(|_| JwtError::Malformed)?;
    // Extensions we would have to understand (RFC 7515 §4.1.11): none are.
    if header.crit.is_some() {
        return Err(JwtError::Algorithm);
    }
    let key = keys.for_header(&header).await?;
    let claims = signed_claims(token, header.alg, &key)?;
    check_claims(claims, rules, now)
}

/// The claims of `token` once its signature by `key` checks out; the
/// times and names are ours to check, on our clock.
fn signed_claims(token: &str, alg: Algorithm, key: &DecodingKey) -> Result<Claims, JwtError> {
    let mut validation = Validation::new(alg);
    validation.required_spec_claims = HashSet::new();
    validation.validate_exp = false;
    validation.validate_aud = false;
    jsonwebtoken::decode::<Claims>(token, key, &validation)
        .map(|data| data.claims)
        .map_err(|error| match error.kind() {
            jsonwebtoken::errors::ErrorKind::InvalidSignature => JwtError::Signature,
            jsonwebtoken::errors::ErrorKind::InvalidAlgorithm => JwtError::Algorithm,
            _ => JwtError::Malformed,
        })
}

fn check_claims(claims: Claims, rules: &Rules, now: i64) -> Result<(Actor, i64), JwtError> {
    let now = now as f64;
    let exp = match claims.exp {
        None => return Err(JwtError::NoExpiry),
        Some(exp) if exp + (LEEWAY_SECONDS as f64) <= now => return Err(JwtError::Expired),
        Some(exp) => exp,
    };
    // From when it was issued, or from now if that claims to be later: an
    // `iat` in the future must not stretch the allowance.
    if exp - claims.iat.unwrap_or(now).min(now) > rules.max_lifetime as f64 {
        return Err(JwtError::Lifetime);
    }
    if claims
        .nbf
        .is_some_and(|nbf| nbf - (LEEWAY_SECONDS as f64) > now)
    {
        return Err(JwtError::NotYetValid);
    }
    if !claims.aud.is_some_and(|aud| aud.contains(rules.audience)) {
        return Err(JwtError::Audience);
    }
    if rules
        .issuer
        .is_some_and(|issuer| claims.iss.as_deref() != Some(issuer))
    {
        return Err(JwtError::Issuer);
    }
    let id = claims.sub.ok_or(JwtError::NoSubject)?;
    let name = claims.name.unwrap_or_else(|| id.clone());
    if !is_acceptable_actor_text(&id) || !is_agent_id(&id) || !is_acceptable_actor_text(&name) {
        return Err(JwtError::Name);
    }
    Ok((Actor { id, name }, exp as i64))
}

/// An HS256 token for `agent` and `audience` (from `issuer`, when set),
/// issued at `now` and valid for `lifetime` seconds.
pub fn sign(
    key: &SharedKey,
    agent: &Actor,
    audience: &str,
    issuer: Option<&str>,
    now: i64,
    lifetime: i64,
) -> String {
    let mut claims = json!({
        "sub": agent.id, "name": agent.name, "aud": audience, "iat": now, "exp": now + lifetime,
    });
    if let Some(issuer) = issuer {
        claims["iss"] = json!(issuer);
    }
    jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &key.encoding)
        .expect("an HS256 key signs any JSON claims")
}

#[cfg(test)]
mod tests {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;

    use super::*;

    /// The agent `token` signs in, as [`super::verify`] finds it.
    async fn verify(
        token: &str,
        keys: &Keys,
        rules: &Rules<'_>,
        now: i64,
    ) -> Result<Actor, JwtError> {
        super::verify(token, keys, rules, now)
            .await
            .map(|(agent, _)| agent)
    }

    const NOW: i64 = 1_700_000_000;

    fn key(secret: &str) -> Keys {
        Keys {
            shared: Some(SharedKey::new(secret.as_bytes())),
            published: None,
        }
    }

    fn token(header: Header, claims: serde_json::Value, secret: &str) -> String {
        jsonwebtoken::encode(
            &header,
            &claims,
            &EncodingKey::from_secret(secret.as_bytes()),
        )
        .expect("signed")
    }

    fn hs256() -> Header {
        Header::new(Algorithm::HS256)
    }

    const APP: Rules<'static> = Rules {
        audience: "app",
        issuer: None,
        max_lifetime: 24 * 60 * 60,
    };

    #[tokio::test]
    async fn the_signature_of_a_known_token_checks_out() {
        // jwt.io's example, signed with "your-256-bit-secret"; it has no
        // `exp`, so it fails only after its signature passed.
        let known = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.\
            eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.\
            SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
        let right = key("your-256-bit-secret");
        assert_eq!(
            verify(known, &right, &APP, NOW).await,
            Err(JwtError::NoExpiry)
        );
        assert_eq!(
            verify(known, &key("wrong"), &APP, NOW).await,
            Err(JwtError::Signature)
        );
    }

    #[tokio::test]
    async fn the_audience_may_be_an_array() {
        let token = token(
            hs256(),
            json!({"sub": "1234567890", "aud": ["other", "app"], "exp": NOW + 60}),
            "your-256-bit-secret",
        );
        let key = key("your-256-bit-secret");
        assert_eq!(
            verify(&token, &key, &APP, NOW).await,
            Ok(Actor {
                id: "1234567890".into(),
                name: "1234567890".into(),
            })
        );
        let elsewhere = Rules {
            audience: "nope",
            ..APP
        };
        assert_eq!(
            verify(&token, &key, &elsewhere, NOW).await,
            Err(JwtError::Audience)
        );
    }

    #[tokio::test]
    async fn signed_tokens_round_trip_and_expire() {
        let keys = key("k");
        let shared = keys.shared.as_ref().expect("a shared key");
        let ben = Actor {
            id: "ben.carter".into(),
            name: "Ben \u{202E}Carter".into(),
        };
        let token = sign(shared, &ben, "app", None, NOW, 300);
        assert_eq!(
            verify(&token, &keys, &APP, NOW + 299).await,
            Ok(ben.clone())
        );
        assert_eq!(
            verify(&token, &keys, &APP, NOW + 300 + LEEWAY_SECONDS - 1).await,
            Ok(ben)
        );
        assert_eq!(
            verify(&token, &keys, &APP, NOW + 300 + LEEWAY_SECONDS).await,
            Err(JwtError::Expired)
        );
    }

    #[tokio::test]
    async fn anything_but_a_well_signed_token_of_a_known_algorithm_is_refused() {
        let good = json!({"sub": "a", "aud": "app", "exp": NOW + 60});
        let key = key("k");
        let none = format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
            URL_SAFE_NO_PAD.encode(good.to_string())
        );
        assert!(verify(&none, &key, &APP, NOW).await.is_err());
        let hs512 = token(Header::new(Algorithm::HS512), good.clone(), "k");
        assert_eq!(
            verify(&hs512, &key, &APP, NOW).await,
            Err(JwtError::Algorithm)
        );
        let crit = token(
            Header {
                crit: Some(vec!["x".into()]),
                ..hs256()
            },
            good.clone(),
            "k",
        );
        assert_eq!(
            verify(&crit, &key, &APP, NOW).await,
            Err(JwtError::Algorithm)
        );
        let other_key = token(hs256(), good.clone(), "other");
        assert_eq!(
            verify(&other_key, &key, &APP, NOW).await,
            Err(JwtError::Signature)
        );
        // Without published keys, an RS256 token has nothing to check it.
        let rs256 = format!(
            "{}.{}.c2ln",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256","kid":"1"}"#),
            URL_SAFE_NO_PAD.encode(good.to_string())
        );
        assert_eq!(
            verify(&rs256, &key, &APP, NOW).await,
            Err(JwtError::Algorithm)
        );

        let valid = token(hs256(), good, "k");
        let mut parts: Vec<&str> = valid.split('.').collect();
        let tampered_claims =
            URL_SAFE_NO_PAD.encode(json!({"aud": "app", "exp": NOW + 9999}).to_string());
        parts[1] = &tampered_claims;
        assert_eq!(
            verify(&parts.join("."), &key, &APP, NOW).await,
            Err(JwtError::Signature)
        );

        for malformed in ["", "a.b", "a.b.c.d", "!!.??.**", &format!("{valid}=")] {
            assert!(
                verify(malformed, &key, &APP, NOW).await.is_err(),
                "{malformed}"
            );
        }
        let no_exp = token(hs256(), json!({"sub": "a", "aud": "app"}), "k");
        assert_eq!(
            verify(&no_exp, &key, &APP, NOW).await,
            Err(JwtError::NoExpiry)
        );
        let no_aud = token(hs256(), json!({"sub": "a", "exp": NOW + 60}), "k");
        assert_eq!(
            verify(&no_aud, &key, &APP, NOW).await,
            Err(JwtError::Audience)
        );
        let later = token(
            hs256(),
            json!({"sub": "a", "aud": "app", "exp": NOW + 600, "nbf": NOW + 300}),
            "k",
        );
        assert_eq!(
            verify(&later, &key, &APP, NOW).await,
            Err(JwtError::NotYetValid)
        );
    }

    #[tokio::test]
    async fn the_agent_is_the_subject_named_by_its_name_claim() {
        let key = key("k");
        let claims = |extra: serde_json::Value| {
            let mut claims = json!({"aud": "app", "exp": NOW + 60});
            claims
                .as_object_mut()
                .expect("an object")
                .extend(extra.as_object().expect("an object").clone());
            token(hs256(), claims, "k")
        };
        let named = claims(json!({"sub": "u-7", "name": "Zoë Martin"}));
        assert_eq!(
            verify(&named, &key, &APP, NOW)
                .await
                .map(|agent| (agent.id, agent.name)),
            Ok(("u-7".into(), "Zoë Martin".into()))
        );
        let refused = [
            (json!({"name": "Zoë Martin"}), JwtError::NoSubject),
            (
                json!({"sub": "u-7", "name": "x".repeat(201)}),
                JwtError::Name,
            ),
            (json!({"sub": "u-7", "name": "Zoë\u{0}"}), JwtError::Name),
            (json!({"sub": " "}), JwtError::Name),
            (json!({"sub": "contact:7"}), JwtError::Name),
        ];
        for (extra, why) in refused {
            assert_eq!(
                verify(&claims(extra.clone()), &key, &APP, NOW).await,
                Err(why),
                "{extra}"
            );
        }
    }

    // Regression: a token whose `exp` was years away was accepted.
    #[tokio::test]
    async fn a_token_valid_for_longer_than_allowed_is_refused() {
        let key = key("k");
        let day = 24 * 60 * 60;
        let claims = |extra: serde_json::Value| {
            let mut claims = json!({"sub": "a", "aud": "app"});
            claims
                .as_object_mut()
                .expect("an object")
                .extend(extra.as_object().expect("an object").clone());
            token(hs256(), claims, "k")
        };
        let issued_long = claims(json!({"iat": NOW, "exp": NOW + day + 1}));
        assert_eq!(
            verify(&issued_long, &key, &APP, NOW).await,
            Err(JwtError::Lifetime)
        );
        let far = claims(json!({"exp": NOW + 10 * 365 * day}));
        assert_eq!(verify(&far, &key, &APP, NOW).await, Err(JwtError::Lifetime));
        // Regression: an `iat` in the future stretched the allowance.
        let issued_later = claims(json!({"iat": NOW + 9 * day, "exp": NOW + 10 * day}));
        assert_eq!(
            verify(&issued_later, &key, &APP, NOW).await,
            Err(JwtError::Lifetime)
        );
        let a_day = claims(json!({"iat": NOW, "exp": NOW + day}));
        assert!(verify(&a_day, &key, &APP, NOW + 60).await.is_ok());
    }

    #[tokio::test]
    async fn the_issuer_is_checked_when_configured() {
        let key = key("k");
        let rules = Rules {
            issuer: Some("https://console.example"),
            ..APP
        };
        let from = |iss: serde_json::Value| {
            token(
                hs256(),
                json!({"sub": "a", "aud": "app", "exp": NOW + 60, "iss": iss}),
                "k",
            )
        };
        let right = from(json!("https://console.example"));
        assert!(verify(&right, &key, &rules, NOW).await.is_ok());
        for other in [json!("https://evil.example"), json!(null)] {
            assert_eq!(
                verify(&from(other.clone()), &key, &rules, NOW).await,
                Err(JwtError::Issuer),
                "{other}"
            );
        }
        assert!(verify(&from(json!("anything")), &key, &APP, NOW)
            .await
            .is_ok());
    }
}
