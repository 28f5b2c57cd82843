use axum::http::HeaderValue;
use clap::Parser;

use super::*;

/// An HS256 secret of the shortest length accepted, 32 bytes.
const LONG_ENOUGH: &str = "0123456789abcdef0123456789abcdef";

fn auth(flags: &[&str]) -> Result<Auth, StartError> {
    let args = std::iter::once("server").chain(flags.iter().copied());
    Auth::from_config(&Config::try_parse_from(args).expect("flags parse"))
}

fn with_authorization(value: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(AUTHORIZATION, HeaderValue::from_str(value).expect("header"));
    headers
}

async fn agent_id(auth: &Auth, authorization: &str, now: i64) -> Result<String, ApiError> {
    auth.check(&with_authorization(authorization), now)
        .await
        .map(|(agent, _)| agent.id)
}

#[test]
fn each_mode_needs_its_secret() {
    assert!(auth(&["--auth", "jwt"]).is_err());
    assert!(auth(&["--auth", "tokens"]).is_err());
    assert!(auth(&["--auth", "jwt", "--jwt-secret", LONG_ENOUGH]).is_ok());
    let jwks = "https://id.example/.well-known/jwks.json";
    assert!(auth(&["--auth", "jwt", "--jwt-jwks-url", jwks]).is_ok());
    // Regression: a short HS256 secret only drew a warning.
    assert!(auth(&["--auth", "jwt", "--jwt-secret", &LONG_ENOUGH[1..]]).is_err());
    assert!(auth(&[]).is_ok());
}

#[tokio::test]
async fn static_tokens_match_exactly_and_sign_in_their_agents() {
    let auth = auth(&[
        "--auth",
        "tokens",
        "--static-tokens",
        "Ana Lima=one,Ben Carter=two,Ana Lima=three",
    ])
    .expect("auth");
    for (good, agent) in [
        ("Bearer one", "Ana Lima"),
        ("bearer two", "Ben Carter"),
        ("BEARER  two ", "Ben Carter"),
        ("Bearer three", "Ana Lima"),
    ] {
        assert_eq!(
            agent_id(&auth, good, 0).await.ok().as_deref(),
            Some(agent),
            "{good}"
        );
    }
    for bad in ["Bearer on", "Bearer one2", "Basic one", "one", "Bearer "] {
        assert!(agent_id(&auth, bad, 0).await.is_err(), "{bad}");
    }
    assert!(auth.check(&HeaderMap::new(), 0).await.is_err());
    let names: Vec<String> = auth.demo_agents().into_iter().map(|a| a.name).collect();
    assert_eq!(names, ["Ana Lima", "Ben Carter"]);
    assert_eq!(auth.demo_token("Ben Carter").as_deref(), Some("two"));
    assert_eq!(auth.demo_token("Nobody"), None);
}

#[tokio::test]
async fn open_mode_is_the_anonymous_agent_or_a_demo_agent_the_console_signed() {
    let auth = auth(&[]).expect("auth");
    let (anonymous, _) = auth
        .check(&HeaderMap::new(), now_seconds())
        .await
        .expect("open");
    assert_eq!(
        (anonymous.id.as_str(), anonymous.name.as_str()),
        ("demo", "Demo agent")
    );

    let ben = auth.demo_token("ben.carter").expect("a demo agent");
    let (signed_in, _) = auth
        .check(&with_authorization(&format!("Bearer {ben}")), now_seconds())
        .await
        .expect("the console's token");
    assert_eq!(
        (signed_in.id.as_str(), signed_in.name.as_str()),
        ("ben.carter", "Ben Carter")
    );
    assert_eq!(auth.demo_token("mallory"), None);

    // Another start's key, or a token a page made up, names nobody.
    let other_start = self::auth(&[]).expect("auth");
    let foreign = other_start.demo_token("ben.carter").expect("a demo agent");
    assert!(agent_id(&auth, &format!("Bearer {foreign}"), now_seconds())
        .await
        .is_err());
    assert!(agent_id(&auth, "Bearer made-up", now_seconds())
        .await
        .is_err());
}

#[tokio::test]
async fn demo_jwts_are_accepted_until_they_expire_and_not_logged_in_debug() {
    let auth = auth(&["--auth", "jwt", "--jwt-secret", LONG_ENOUGH]).expect("auth");
    let token = auth.demo_token("aisha.rahman").expect("a token");
    let headers = format!("Bearer {token}");
    assert_eq!(
        agent_id(&auth, &headers, now_seconds())
            .await
            .ok()
            .as_deref(),
        Some("aisha.rahman")
    );
    assert!(
        agent_id(&auth, &headers, now_seconds() + DEMO_TOKEN_LIFETIME + 60)
            .await
            .is_err()
    );
    assert_eq!(format!("{auth:?}"), "Auth(jwt)");
}

#[test]
fn a_jwks_url_is_https_or_on_loopback() {
    for good in [
        "https://id.example/jwks",
        "http://127.0.0.1:9/jwks",
        "http://localhost:9/jwks",
        "http://[::1]:9/jwks",
    ] {
        let flags = ["server", "--jwt-jwks-url", good];
        assert!(Config::try_parse_from(flags).is_ok(), "{good}");
    }
    // Anyone on the way could swap the keys of a plain-HTTP URL.
    for bad in [
        "http://id.example/jwks",
        "ftp://id.example/jwks",
        "jwks.json",
    ] {
        let flags = ["server", "--jwt-jwks-url", bad];
        assert!(Config::try_parse_from(flags).is_err(), "{bad}");
    }
}

#[test]
fn with_only_published_keys_the_demo_console_offers_nobody() {
    let jwks = "https://id.example/.well-known/jwks.json";
    let auth = auth(&["--auth", "jwt", "--jwt-jwks-url", jwks]).expect("auth");
    assert!(auth.demo_agents().is_empty());
    assert_eq!(auth.demo_token("ben.carter"), None);
}
