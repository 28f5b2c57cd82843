//! JSON Web Tokens signed with HS256 (RFC 7519): verification of the
//! header, signature, expiry and audience, the agent it names (`sub`,
//! `name`), and signing of the demo console's tokens. Nothing but HS256
//! is accepted, `alg: none` included.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use customer_summary_model::{is_acceptable_actor_text, is_agent_id, Actor};
use hmac::{Hmac, Mac};
use serde::Deserialize;
use serde_json::json;
use sha2::Sha256;

/// The keyed MAC of a JWT secret.
pub type Key = Hmac<Sha256>;

/// How far a clock may be ahead of ours, in seconds, for `exp` and `nbf`.
pub const LEEWAY_SECONDS: i64 = 30;

/// Why a token was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum JwtError {
    #[error("not three base64url parts of JSON")]
    Malformed,
    #[error("not signed with HS256")]
    Algorithm,
    #[error("bad signature")]
    Signature,
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

#[derive(Deserialize)]
struct Header {
    alg: String,
    // Extensions we would have to understand (RFC 7515 §4.1.11): none are.
    crit: Option<serde_json::Value>,
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

/// Checks `token` against `key` at `now` (seconds since the epoch): HS256
/// header, signature (compared in constant time), `exp` in the future and
/// no further than `rules.max_lifetime` from `iat` (or now), `nbf` (when
/// present) in the past, `rules.audience` among `aud`, `rules.issuer` (when
/// set) as `iss`, and an acceptable `sub` (and `name`, when present): the
/// agent it signs in, named by `name`, else by `sub`.
pub fn verify(token: &str, key: &Key, rules: &Rules, now: i64) -> Result<Actor, JwtError> {
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(JwtError::Malformed);
    };
    let fields: Header = decode_json(header)?;
    if fields.alg != "HS256" || fields.crit.is_some() {
        return Err(JwtError::Algorithm);
    }
    let signature = URL_SAFE_NO_PAD
        .decode(signature)
        .map_err(|_| JwtError::Malformed)?;
    let signed = &token.as_bytes()[..header.len() + 1 + payload.len()];
    key.clone()
        .chain_update(signed)
        .verify_slice(&signature)
        .map_err(|_| JwtError::Signature)?;

    let claims: Claims = decode_json(payload)?;
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
    Ok(Actor { id, name })
}

fn decode_json<T: serde::de::DeserializeOwned>(part: &str) -> Result<T, JwtError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| JwtError::Malformed)?;
    serde_json::from_slice(&bytes).map_err(|_| JwtError::Malformed)
}

/// A token for `agent` and `audience` (from `issuer`, when set), issued
/// at `now` and valid for `lifetime` seconds.
pub fn sign(
    key: &Key,
    agent: &Actor,
    audience: &str,
    issuer: Option<&str>,
    now: i64,
    lifetime: i64,
) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let mut claims = json!({
        "sub": agent.id, "name": agent.name, "aud": audience, "iat": now, "exp": now + lifetime,
    });
    if let Some(issuer) = issuer {
        claims["iss"] = json!(issuer);
    }
    let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
    let signed = format!("{header}.{payload}");
    let signature = key.clone().chain_update(signed.as_bytes()).finalize();
    format!(
        "{signed}.{}",
        URL_SAFE_NO_PAD.encode(signature.into_bytes())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_700_000_000;

    fn key(secret: &str) -> Key {
        Key::new_from_slice(secret.as_bytes()).expect("any key length")
    }

    fn token(header: &str, claims: serde_json::Value, secret: &str) -> String {
        let signed = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let signature = key(secret).chain_update(signed.as_bytes()).finalize();
        format!(
            "{signed}.{}",
            URL_SAFE_NO_PAD.encode(signature.into_bytes())
        )
    }

    const HS256: &str = r#"{"alg":"HS256","typ":"JWT"}"#;

    const APP: Rules<'static> = Rules {
        audience: "app",
        issuer: None,
        max_lifetime: 24 * 60 * 60,
    };

    #[test]
    fn the_signature_of_a_known_token_checks_out() {
        // jwt.io's example, signed with "your-256-bit-secret"; it has no
        // `exp`, so it fails only after its signature passed.
        let known = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.\
            eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.\
            SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
        let right = key("your-256-bit-secret");
        assert_eq!(verify(known, &right, &APP, NOW), Err(JwtError::NoExpiry));
        assert_eq!(
            verify(known, &key("wrong"), &APP, NOW),
            Err(JwtError::Signature)
        );
    }

    #[test]
    fn the_audience_may_be_an_array() {
        let token = token(
            HS256,
            json!({"sub": "1234567890", "aud": ["other", "app"], "exp": NOW + 60}),
            "your-256-bit-secret",
        );
        assert_eq!(
            verify(&token, &key("your-256-bit-secret"), &APP, NOW),
            Ok(Actor {
                id: "1234567890".into(),
                name: "1234567890".into(),
            })
        );
        assert_eq!(
            verify(
                &token,
                &key("your-256-bit-secret"),
                &Rules {
                    audience: "nope",
                    ..APP
                },
                NOW
            ),
            Err(JwtError::Audience)
        );
    }

    #[test]
    fn signed_tokens_round_trip_and_expire() {
        let key = key("k");
        let ben = Actor {
            id: "ben.carter".into(),
            name: "Ben \u{202E}Carter".into(),
        };
        let token = sign(&key, &ben, "app", None, NOW, 300);
        assert_eq!(verify(&token, &key, &APP, NOW + 299), Ok(ben.clone()));
        assert_eq!(
            verify(&token, &key, &APP, NOW + 300 + LEEWAY_SECONDS - 1),
            Ok(ben)
        );
        assert_eq!(
            verify(&token, &key, &APP, NOW + 300 + LEEWAY_SECONDS),
            Err(JwtError::Expired)
        );
    }

    #[test]
    fn anything_but_a_well_signed_hs256_token_is_refused() {
        let good = json!({"sub": "a", "aud": "app", "exp": NOW + 60});
        let key = key("k");
        let none = format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
            URL_SAFE_NO_PAD.encode(good.to_string())
        );
        assert_eq!(verify(&none, &key, &APP, NOW), Err(JwtError::Algorithm));
        let hs512 = token(r#"{"alg":"HS512"}"#, good.clone(), "k");
        assert_eq!(verify(&hs512, &key, &APP, NOW), Err(JwtError::Algorithm));
        let crit = token(r#"{"alg":"HS256","crit":["x"],"x":1}"#, good.clone(), "k");
        assert_eq!(verify(&crit, &key, &APP, NOW), Err(JwtError::Algorithm));
        let other_key = token(HS256, good.clone(), "other");
        assert_eq!(
            verify(&other_key, &key, &APP, NOW),
            Err(JwtError::Signature)
        );

        let valid = token(HS256, good, "k");
        let mut parts: Vec<&str> = valid.split('.').collect();
        let tampered_claims =
            URL_SAFE_NO_PAD.encode(json!({"aud": "app", "exp": NOW + 9999}).to_string());
        parts[1] = &tampered_claims;
        assert_eq!(
            verify(&parts.join("."), &key, &APP, NOW),
            Err(JwtError::Signature)
        );

        for malformed in ["", "a.b", "a.b.c.d", "!!.??.**", &format!("{valid}=")] {
            assert!(verify(malformed, &key, &APP, NOW).is_err(), "{malformed}");
        }
        let no_exp = token(HS256, json!({"sub": "a", "aud": "app"}), "k");
        assert_eq!(verify(&no_exp, &key, &APP, NOW), Err(JwtError::NoExpiry));
        let no_aud = token(HS256, json!({"sub": "a", "exp": NOW + 60}), "k");
        assert_eq!(verify(&no_aud, &key, &APP, NOW), Err(JwtError::Audience));
        let later = token(
            HS256,
            json!({"sub": "a", "aud": "app", "exp": NOW + 600, "nbf": NOW + 300}),
            "k",
        );
        assert_eq!(verify(&later, &key, &APP, NOW), Err(JwtError::NotYetValid));
    }

    #[test]
    fn the_agent_is_the_subject_named_by_its_name_claim() {
        let key = key("k");
        let claims = |extra: serde_json::Value| {
            let mut claims = json!({"aud": "app", "exp": NOW + 60});
            claims
                .as_object_mut()
                .expect("an object")
                .extend(extra.as_object().expect("an object").clone());
            token(HS256, claims, "k")
        };
        let named = claims(json!({"sub": "u-7", "name": "Zoë Martin"}));
        assert_eq!(
            verify(&named, &key, &APP, NOW).map(|agent| (agent.id, agent.name)),
            Ok(("u-7".into(), "Zoë Martin".into()))
        );
        let no_sub = claims(json!({"name": "Zoë Martin"}));
        assert_eq!(verify(&no_sub, &key, &APP, NOW), Err(JwtError::NoSubject));
        let long = claims(json!({"sub": "u-7", "name": "x".repeat(201)}));
        assert_eq!(verify(&long, &key, &APP, NOW), Err(JwtError::Name));
        let control = claims(json!({"sub": "u-7", "name": "Zoë\u{0}"}));
        assert_eq!(verify(&control, &key, &APP, NOW), Err(JwtError::Name));
        let blank = claims(json!({"sub": " "}));
        assert_eq!(verify(&blank, &key, &APP, NOW), Err(JwtError::Name));
        let a_customer = claims(json!({"sub": "contact:7"}));
        assert_eq!(verify(&a_customer, &key, &APP, NOW), Err(JwtError::Name));
    }

    // Regression: a token whose `exp` was years away was accepted.
    #[test]
    fn a_token_valid_for_longer_than_allowed_is_refused() {
        let key = key("k");
        let day = 24 * 60 * 60;
        let claims = |extra: serde_json::Value| {
            let mut claims = json!({"sub": "a", "aud": "app"});
            claims
                .as_object_mut()
                .expect("an object")
                .extend(extra.as_object().expect("an object").clone());
            token(HS256, claims, "k")
        };
        let issued_long = claims(json!({"iat": NOW, "exp": NOW + day + 1}));
        assert_eq!(
            verify(&issued_long, &key, &APP, NOW),
            Err(JwtError::Lifetime)
        );
        let far = claims(json!({"exp": NOW + 10 * 365 * day}));
        assert_eq!(verify(&far, &key, &APP, NOW), Err(JwtError::Lifetime));
        // Regression: an `iat` in the future stretched the allowance.
        let issued_later = claims(json!({"iat": NOW + 9 * day, "exp": NOW + 10 * day}));
        assert_eq!(
            verify(&issued_later, &key, &APP, NOW),
            Err(JwtError::Lifetime)
        );
        let a_day = claims(json!({"iat": NOW, "exp": NOW + day}));
        assert!(verify(&a_day, &key, &APP, NOW + 60).is_ok());
    }

    #[test]
    fn the_issuer_is_checked_when_configured() {
        let key = key("k");
        let rules = Rules {
            issuer: Some("https://console.example"),
            ..APP
        };
        let from = |iss: serde_json::Value| {
            token(
                HS256,
                json!({"sub": "a", "aud": "app", "exp": NOW + 60, "iss": iss}),
                "k",
            )
        };
        assert!(verify(&from(json!("https://console.example")), &key, &rules, NOW).is_ok());
        for other in [json!("https://evil.example"), json!(null)] {
            assert_eq!(
                verify(&from(other.clone()), &key, &rules, NOW),
                Err(JwtError::Issuer),
                "{other}"
            );
        }
        assert!(verify(&from(json!("anything")), &key, &APP, NOW).is_ok());
    }
}
