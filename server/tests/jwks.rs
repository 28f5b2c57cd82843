//! RS256 and ES256 tokens signed by an identity provider whose keys this
//! test serves at a JWKS URL on loopback, as Keycloak, Entra ID or Okta
//! publish theirs: accepted with the published keys, rotated, fetched no
//! more often than allowed, and never let through when the keys cannot be
//! fetched.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::StatusCode as AxumStatus;
use customer_summary_model::{Actor, ErrorBody};
use customer_summary_server::AuthMode;
use jsonwebtoken::jwk::{Jwk, JwkSet};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::StatusCode;
use serde_json::json;
use support::{jwt, now_seconds, Options, TestServer};

const RSA_1: &[u8] = include_bytes!("fixtures/jwks/rsa-1.pem");
const RSA_2: &[u8] = include_bytes!("fixtures/jwks/rsa-2.pem");
const EC_1: &[u8] = include_bytes!("fixtures/jwks/ec-1.pem");

/// One of the identity provider's signing keys.
struct SigningKey {
    kid: &'static str,
    alg: Algorithm,
    key: EncodingKey,
}

impl SigningKey {
    fn rsa(kid: &'static str, pem: &[u8]) -> Self {
        let key = EncodingKey::from_rsa_pem(pem).expect("an RSA test key");
        SigningKey {
            kid,
            alg: Algorithm::RS256,
            key,
        }
    }

    fn ec(kid: &'static str, pem: &[u8]) -> Self {
        let key = EncodingKey::from_ec_pem(pem).expect("a P-256 test key");
        SigningKey {
            kid,
            alg: Algorithm::ES256,
            key,
        }
    }

    /// Its public half, as a JWKS publishes it.
    fn public(&self) -> Jwk {
        let mut jwk = Jwk::from_encoding_key(&self.key, self.alg).expect("a public key");
        jwk.common.key_id = Some(self.kid.to_owned());
        jwk
    }

    /// A token of five minutes for `sub`, naming this key (or `kid`).
    fn token_as(&self, kid: &str, alg: Algorithm, sub: &str) -> String {
        let mut header = Header::new(alg);
        header.kid = Some(kid.to_owned());
        let now = now_seconds();
        let claims = json!({
            "sub": sub, "name": "Ana Lima", "aud": "customer-summary",
            "iat": now, "exp": now + 300,
        });
        jsonwebtoken::encode(&header, &claims, &self.key).expect("signed")
    }

    fn token(&self, sub: &str) -> String {
        self.token_as(self.kid, self.alg, sub)
    }
}

/// What the identity provider answers at its JWKS URL, and how often it
/// was asked.
#[derive(Default)]
struct Provider {
    answer: Mutex<(u16, String)>,
    fetches: AtomicUsize,
}

impl Provider {
    fn publish(&self, keys: &[&SigningKey]) {
        let set = JwkSet {
            keys: keys.iter().map(|key| key.public()).collect(),
        };
        let body = serde_json::to_string(&set).expect("JSON");
        *self.answer.lock().expect("lock") = (200, body);
    }

    fn fail(&self, status: u16, body: &str) {
        *self.answer.lock().expect("lock") = (status, body.to_owned());
    }

    fn fetches(&self) -> usize {
        self.fetches.load(Ordering::SeqCst)
    }
}

async fn jwks(State(provider): State<Arc<Provider>>) -> (AxumStatus, String) {
    provider.fetches.fetch_add(1, Ordering::SeqCst);
    let (status, body) = provider.answer.lock().expect("lock").clone();
    (AxumStatus::from_u16(status).expect("a status"), body)
}

/// A provider serving its keys on loopback, and a server in jwt mode
/// trusting them, fetching them no more often than every `refetch` seconds.
async fn start(refetch: u64) -> (Arc<Provider>, TestServer) {
    let provider = Arc::new(Provider::default());
    let app = axum::Router::new()
        .route("/jwks.json", axum::routing::get(jwks))
        .with_state(Arc::clone(&provider));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let url = format!("http://{}/jwks.json", listener.local_addr().expect("bound"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    let server = TestServer::launch(Options {
        auth: AuthMode::Jwt,
        jwks_url: Some(url),
        jwks_refetch: refetch,
        ..Options::default()
    })
    .await;
    (provider, server)
}

/// Who `/me` says `token` signs in, or the refusal's status and code.
async fn me(server: &TestServer, token: &str) -> Result<String, (StatusCode, String)> {
    let response = server.get_with_token("/api/v1/me", token).await;
    match response.status() {
        StatusCode::OK => Ok(response.json::<Actor>().await.expect("an agent").id),
        status => {
            let body: ErrorBody = response.json().await.expect("an error body");
            Err((status, body.error.code))
        }
    }
}

fn unauthorized() -> Result<String, (StatusCode, String)> {
    Err((StatusCode::UNAUTHORIZED, "unauthorized".to_owned()))
}

#[tokio::test]
async fn rs256_and_es256_tokens_sign_in_with_the_published_keys() {
    let (provider, server) = start(30).await;
    let rsa = SigningKey::rsa("rsa-1", RSA_1);
    let ec = SigningKey::ec("ec-1", EC_1);
    provider.publish(&[&rsa, &ec]);

    assert_eq!(
        me(&server, &rsa.token("ana.lima")).await.as_deref(),
        Ok("ana.lima")
    );
    assert_eq!(
        me(&server, &ec.token("ben.carter")).await.as_deref(),
        Ok("ben.carter")
    );
    assert_eq!(
        provider.fetches(),
        1,
        "the keys are kept, not fetched per request"
    );

    // The shared HS256 key still signs in too.
    let hs256 = jwt(
        &json!({"alg": "HS256"}),
        &json!({"sub": "zoe", "aud": "customer-summary", "exp": now_seconds() + 60}),
        support::JWT_SECRET,
    );
    assert_eq!(me(&server, &hs256).await.as_deref(), Ok("zoe"));
}

#[tokio::test]
async fn a_token_that_does_not_match_its_published_key_is_refused() {
    let (provider, server) = start(30).await;
    let rsa = SigningKey::rsa("rsa-1", RSA_1);
    let ec = SigningKey::ec("ec-1", EC_1);
    provider.publish(&[&rsa, &ec]);

    // Signed by another private key under a published kid.
    let impostor = SigningKey::rsa("rsa-1", RSA_2);
    assert_eq!(
        me(&server, &impostor.token("ana.lima")).await,
        unauthorized()
    );
    // An RSA key named for an ES256 token.
    let confused = ec.token_as("rsa-1", Algorithm::ES256, "ana.lima");
    assert_eq!(me(&server, &confused).await, unauthorized());
    // The public key used as an HS256 secret (algorithm confusion).
    let public_pem = serde_json::to_string(&rsa.public()).expect("JSON");
    let as_secret = jwt(
        &json!({"alg": "HS256", "kid": "rsa-1"}),
        &json!({"sub": "ana.lima", "aud": "customer-summary", "exp": now_seconds() + 60}),
        &public_pem,
    );
    assert_eq!(me(&server, &as_secret).await, unauthorized());
    // No kid: which published key would check it?
    let mut header = Header::new(Algorithm::RS256);
    header.kid = None;
    let claims = json!({"sub": "ana.lima", "aud": "customer-summary", "exp": now_seconds() + 60});
    let anonymous_key = jsonwebtoken::encode(&header, &claims, &rsa.key).expect("signed");
    assert_eq!(me(&server, &anonymous_key).await, unauthorized());
}

#[tokio::test]
async fn rotated_keys_are_fetched_and_withdrawn_ones_stop_working() {
    let (provider, server) = start(0).await;
    let old = SigningKey::rsa("2026-11", RSA_1);
    let new = SigningKey::rsa("2026-12", RSA_2);
    provider.publish(&[&old]);
    assert_eq!(
        me(&server, &old.token("ana.lima")).await.as_deref(),
        Ok("ana.lima")
    );

    // The provider adds the new key, then signs with it.
    provider.publish(&[&old, &new]);
    assert_eq!(
        me(&server, &new.token("ana.lima")).await.as_deref(),
        Ok("ana.lima")
    );
    assert_eq!(
        me(&server, &old.token("ben.carter")).await.as_deref(),
        Ok("ben.carter")
    );
    assert_eq!(
        provider.fetches(),
        2,
        "fetched again for the unknown kid only"
    );

    // Then withdraws the old one: its tokens are refused once a token
    // names a key this server does not hold, which fetches the set again.
    provider.publish(&[&new]);
    let unknown = SigningKey::ec("2027-01", EC_1);
    assert_eq!(
        me(&server, &unknown.token("ana.lima")).await,
        unauthorized()
    );
    assert_eq!(me(&server, &old.token("ana.lima")).await, unauthorized());
    assert_eq!(
        me(&server, &new.token("ana.lima")).await.as_deref(),
        Ok("ana.lima")
    );
}

#[tokio::test]
async fn made_up_key_ids_fetch_the_keys_at_most_once_per_interval() {
    let (provider, server) = start(30).await;
    let rsa = SigningKey::rsa("rsa-1", RSA_1);
    provider.publish(&[&rsa]);
    assert_eq!(
        me(&server, &rsa.token("ana.lima")).await.as_deref(),
        Ok("ana.lima")
    );

    let made_up: Vec<String> = (0..20)
        .map(|n| rsa.token_as(&format!("made-up-{n}"), Algorithm::RS256, "mallory"))
        .collect();
    let answers = futures::future::join_all(made_up.iter().map(|token| me(&server, token))).await;
    for answer in answers {
        assert_eq!(answer, unauthorized());
    }
    assert_eq!(
        provider.fetches(),
        1,
        "within --jwt-jwks-refetch, unknown kids do not reach the provider"
    );
}

#[tokio::test]
async fn a_failed_fetch_lets_no_token_through() {
    let (provider, server) = start(0).await;
    let rsa = SigningKey::rsa("rsa-1", RSA_1);
    let token = rsa.token("ana.lima");
    let unavailable = Err((
        StatusCode::SERVICE_UNAVAILABLE,
        "identity_provider_unavailable".to_owned(),
    ));

    provider.fail(500, "Internal Server Error");
    assert_eq!(me(&server, &token).await, unavailable);
    provider.fail(200, "{\"keys\": ");
    assert_eq!(me(&server, &token).await, unavailable);
    provider.fail(
        200,
        "{\"keys\": [{\"kty\": \"oct\", \"kid\": \"rsa-1\", \"k\": \"c2VjcmV0\"}]}",
    );
    assert_eq!(
        me(&server, &token).await,
        unavailable,
        "a symmetric key is never used"
    );
    // A body larger than any real key set is not read to the end.
    provider.fail(
        200,
        &format!("{{\"keys\": [], \"x\": \"{}\"}}", "x".repeat(300 * 1024)),
    );
    assert_eq!(me(&server, &token).await, unavailable);

    // Back: the keys are fetched and the same token signs in.
    provider.publish(&[&rsa]);
    assert_eq!(me(&server, &token).await.as_deref(), Ok("ana.lima"));
    // Down again: the keys already held keep working.
    provider.fail(503, "");
    assert_eq!(me(&server, &token).await.as_deref(), Ok("ana.lima"));
}
