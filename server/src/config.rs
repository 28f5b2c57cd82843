//! Command-line flags and their environment variables.

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::http::HeaderValue;
use clap::{Parser, ValueEnum};
use customer_summary_model::{is_acceptable_actor_text, is_agent_id, ACTOR_TEXT_CHARS};

/// How the server is run; every flag can also come from its `CS_*` variable.
#[derive(Clone, Debug, Parser)]
#[command(name = "customer-summary-server", version, about)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "CS_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// A SQLite database file (created, migrated and seeded when missing)
    /// or a `postgres://` URL of a PostgreSQL database (migrated, and
    /// seeded when empty), which several servers may share.
    #[arg(long, env = "CS_DATABASE", default_value = "data/customer-summary.db",
          value_parser = parse_database)]
    pub database: Database,

    /// Comma-separated exact origins of agent consoles allowed to embed the
    /// app (CSP frame-ancestors, `config.json`) and to call the API from the
    /// browser (CORS), such as `https://console.example`; empty for none.
    // The full path makes clap parse the whole list as one value, so that an
    // empty variable means "none" rather than an invalid origin.
    #[arg(long, env = "CS_CONSOLE_ORIGINS", default_value = "", value_parser = parse_origins)]
    pub console_origins: ::std::vec::Vec<HeaderValue>,

    /// Directory of the built app, served on the same origin as the API.
    #[arg(long, env = "CS_APP_DIR", default_value = "dist")]
    pub app_dir: PathBuf,

    /// How API requests are authenticated.
    #[arg(long, env = "CS_AUTH", value_enum, default_value_t = AuthMode::Open)]
    pub auth: AuthMode,

    /// The HS256 key of `--auth jwt` (prefer the variable: flags show in `ps`).
    #[arg(long, env = "CS_JWT_SECRET", hide_env_values = true, value_parser = parse_secret)]
    pub jwt_secret: Option<Secret>,

    /// The identity provider's signing keys (JWKS) for RS256 and ES256
    /// tokens of `--auth jwt`: an `https://` URL, or `http://` on a
    /// loopback address.
    #[arg(long, env = "CS_JWT_JWKS_URL", value_parser = parse_jwks_url)]
    pub jwt_jwks_url: Option<reqwest::Url>,

    /// The fewest seconds between two fetches of `--jwt-jwks-url`, such as
    /// for tokens naming a key it does not publish.
    #[arg(long, env = "CS_JWT_JWKS_REFETCH", default_value_t = 30)]
    pub jwt_jwks_refetch: u64,

    /// The `aud` claim a JWT must carry.
    #[arg(long, env = "CS_JWT_AUDIENCE", default_value = "customer-summary")]
    pub jwt_audience: String,

    /// The `iss` claim a JWT must carry, when set.
    #[arg(long, env = "CS_JWT_ISSUER")]
    pub jwt_issuer: Option<String>,

    /// The longest a JWT may be valid, in seconds: `exp` − `iat`, or
    /// `exp` − now without `iat`. A day by default.
    #[arg(long, env = "CS_JWT_MAX_LIFETIME", default_value_t = 24 * 60 * 60)]
    pub jwt_max_lifetime: i64,

    /// The bearer tokens `--auth tokens` accepts, each with the name of
    /// its agent: comma-separated `NAME=TOKEN` pairs, such as
    /// `Ana Lima=s3cret,Ben Carter=t0ken`. The name is the agent's id too.
    #[arg(long, env = "CS_STATIC_TOKENS", hide_env_values = true, default_value = "",
          hide_default_value = true, value_parser = parse_tokens)]
    pub static_tokens: ::std::vec::Vec<StaticToken>,

    /// The keys channels (a chat widget, an IVR, an SMS gateway, a bot)
    /// call the intake API with, in every auth mode: comma-separated
    /// `NAME=KEY` pairs, such as `web-chat=…,ivr=…`. A name is 1 to 64
    /// letters, digits, `-`, `_` or `.`, recorded as the author of what its
    /// channel sends; a key is at least 24 printable ASCII characters.
    /// Without any, the intake API refuses every request.
    #[arg(long, env = "CS_CHANNEL_KEYS", hide_env_values = true, default_value = "",
          hide_default_value = true, value_parser = parse_channel_keys)]
    pub channel_keys: ::std::vec::Vec<ChannelKey>,

    /// Seconds that requests in flight get to finish after SIGTERM or
    /// Ctrl-C, while no new connection is accepted; then the server exits.
    #[arg(long, env = "CS_SHUTDOWN_GRACE", default_value_t = 10)]
    pub shutdown_grace: u64,

    /// Address of the demo agent console (a second origin embedding the
    /// app), such as `127.0.0.1:8082`, a loopback address; not served when
    /// absent.
    #[arg(long, env = "CS_CONSOLE_BIND")]
    pub console_bind: Option<SocketAddr>,

    /// Comma-separated `Host` values the server answers besides its bound
    /// address, `localhost` and `127.0.0.1` with the bound port, such as
    /// `summary.example.com` behind a load balancer; any other host gets
    /// 421, so a DNS-rebinding page cannot read the API.
    // The full path makes clap parse the whole list as one value.
    #[arg(long = "public-host", env = "CS_PUBLIC_HOSTS", default_value = "",
          value_parser = parse_hosts)]
    pub public_hosts: ::std::vec::Vec<String>,

    /// Serve `--auth open` on an address other than loopback: every
    /// customer to anyone who can reach it. Only for a closed test network;
    /// the server warns at every start.
    #[arg(long, env = "CS_INSECURE_OPEN_ON_PUBLIC_ADDRESS")]
    pub insecure_open_on_public_address: bool,

    /// API requests an agent may make a second, on average, before the
    /// excess is answered 429 with `Retry-After`; 0 for no limit. 20 with
    /// `--auth jwt` and `--auth tokens`; none in open mode, where every
    /// visitor is the one demo agent.
    #[arg(long, env = "CS_RATE_LIMIT")]
    pub rate_limit: Option<u32>,

    /// How many requests over `--rate-limit` an agent may make at once.
    #[arg(long, env = "CS_RATE_LIMIT_BURST", default_value_t = 60)]
    pub rate_limit_burst: u32,

    /// Seconds an API request may take before it is answered 503
    /// `timeout`.
    #[arg(long, env = "CS_REQUEST_TIMEOUT", default_value_t = 30)]
    pub request_timeout: u64,
}

impl Config {
    /// `--rate-limit`, or its default for the auth mode (see there).
    pub fn rate_limit_per_second(&self) -> u32 {
        self.rate_limit
            .unwrap_or(if self.auth == AuthMode::Open { 0 } else { 20 })
    }
}

/// How API requests are authenticated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AuthMode {
    /// Every request is accepted (the demo).
    Open,
    /// `Authorization: Bearer <JWT>`: HS256 with `--jwt-secret`, RS256 and
    /// ES256 with the keys at `--jwt-jwks-url`.
    Jwt,
    /// `Authorization: Bearer <token>`, one of `--static-tokens`.
    Tokens,
}

/// Where the data lives, as `--database` names it.
#[derive(Clone, PartialEq, Eq)]
pub enum Database {
    /// A SQLite database file.
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL (`postgres://` or `postgresql://`).
    Postgres(Secret),
}

impl Database {
    /// The database as it may be shown or logged: a URL without its
    /// password.
    pub fn redacted(&self) -> String {
        match self {
            Database::Sqlite(path) => path.display().to_string(),
            Database::Postgres(url) => redact_password(url.expose()),
        }
    }
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Database({})", self.redacted())
    }
}

/// A `postgres://` URL is PostgreSQL's; anything else is a file path.
fn parse_database(text: &str) -> Result<Database, String> {
    if text.is_empty() {
        return Err("must not be empty".into());
    }
    Ok(
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            Database::Postgres(Secret(text.to_owned()))
        } else {
            Database::Sqlite(PathBuf::from(text))
        },
    )
}

/// `url` with the password of its user info, if any, replaced by `***`.
fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    // The last '@' ends the user info: a password may hold '@' itself.
    match authority.rsplit_once('@') {
        Some((user_info, host)) => match user_info.split_once(':') {
            Some((user, _password)) => format!("{scheme}://{user}:***@{host}{tail}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

/// A key or token from the command line; its `Debug` form hides it, so
/// that logging a [`Config`] never leaks it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// The secret text itself.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Secret {
    fn from(text: &str) -> Self {
        Secret(text.to_owned())
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

fn parse_secret(text: &str) -> Result<Secret, String> {
    if text.is_empty() {
        return Err("must not be empty".into());
    }
    Ok(Secret(text.to_owned()))
}

/// A bearer token of `--auth tokens` and the agent it signs in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaticToken {
    /// The agent's display name, which is also their id.
    pub name: String,
    pub token: Secret,
}

/// Comma-separated `NAME=TOKEN` pairs; blank entries are skipped. A token
/// must be sendable as `Bearer <token>` (printable ASCII without spaces)
/// and sign in one agent only; a name must be an agent's (see
/// `is_agent_id`).
fn parse_tokens(text: &str) -> Result<Vec<StaticToken>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            let Some((name, token)) = entry.split_once('=') else {
                return Err("each entry is NAME=TOKEN, such as \"Ana Lima=s3cret\": \
                     bare tokens are no longer accepted, put the name of the agent \
                     each token signs in before it"
                    .to_owned());
            };
            let name = name.trim();
            if !is_acceptable_actor_text(name) || !is_agent_id(name) {
                return Err(format!(
                    "the name {name:?} must be 1 to {ACTOR_TEXT_CHARS} characters without \
                     control characters, and not an id kept for others (demo, contact:…, \
                     account:…, name:…, channel:…)"
                ));
            }
            if token.is_empty() || !token.bytes().all(|b| b.is_ascii_graphic()) {
                return Err(format!(
                    "the token of {name:?} must be printable ASCII without spaces"
                ));
            }
            Ok(StaticToken {
                name: name.to_owned(),
                token: Secret(token.to_owned()),
            })
        })
        .collect::<Result<Vec<_>, String>>()
        .and_then(|tokens| {
            let mut seen: Vec<&str> = Vec::new();
            for known in &tokens {
                if seen.contains(&known.token.expose()) {
                    return Err(format!(
                        "the token of {:?} is another agent's too: give each agent a token \
                         of their own",
                        known.name
                    ));
                }
                seen.push(known.token.expose());
            }
            Ok(tokens)
        })
}

/// A channel's key for the intake API (`--channel-keys`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChannelKey {
    /// The channel's name, such as `web-chat`.
    pub name: String,
    pub key: Secret,
}

/// The fewest characters a channel key has: a key is a password that no
/// person types, so it can be long enough not to be guessed.
const CHANNEL_KEY_CHARS: usize = 24;

/// Comma-separated `NAME=KEY` pairs; blank entries are skipped.
fn parse_channel_keys(text: &str) -> Result<Vec<ChannelKey>, String> {
    let keys = text
        .split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            let (name, key) = entry.split_once('=').ok_or_else(|| {
                "each entry is NAME=KEY, such as \"web-chat=<24 or more characters>\"".to_owned()
            })?;
            let name = name.trim();
            let name_ok = (1..=64).contains(&name.len())
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
            if !name_ok {
                return Err(format!(
                    "the channel name {name:?} must be 1 to 64 letters, digits, -, _ or ."
                ));
            }
            if key.len() < CHANNEL_KEY_CHARS || !key.bytes().all(|b| b.is_ascii_graphic()) {
                return Err(format!(
                    "the key of channel {name:?} must be at least {CHANNEL_KEY_CHARS} printable \
                     ASCII characters without spaces"
                ));
            }
            Ok(ChannelKey {
                name: name.to_owned(),
                key: Secret(key.to_owned()),
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    for (index, channel) in keys.iter().enumerate() {
        let earlier = &keys[..index];
        if earlier.iter().any(|other| other.key == channel.key) {
            return Err(format!(
                "the key of channel {:?} is another channel's too: give each its own",
                channel.name
            ));
        }
        if earlier.iter().any(|other| other.name == channel.name) {
            return Err(format!(
                "the channel {:?} is named twice: a name is the author of what its \
                 channel sends, so give each key its own",
                channel.name
            ));
        }
    }
    Ok(keys)
}

/// A comma-separated list of `host` or `host:port` values, as browsers
/// send them in `Host`; blank entries are skipped. Kept in lower case.
fn parse_hosts(text: &str) -> Result<Vec<String>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|host| !host.is_empty())
        .map(|host| {
            let valid = host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b));
            if valid {
                Ok(host.to_ascii_lowercase())
            } else {
                Err(format!(
                    "{host:?} must be a host name or address, with a port or not \
                     (summary.example.com, 10.0.0.5:8080): no scheme, path or wildcard"
                ))
            }
        })
        .collect()
}

/// A JWKS URL: `https://`, or `http://` to a loopback address (a test or
/// an identity provider on the same machine), where nobody between can
/// swap the keys.
fn parse_jwks_url(text: &str) -> Result<reqwest::Url, String> {
    let url = reqwest::Url::parse(text.trim()).map_err(|e| format!("{text:?}: {e}"))?;
    let loopback = match url.host() {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(address)) => address.is_loopback(),
        Some(url::Host::Ipv6(address)) => address.is_loopback(),
        None => false,
    };
    match url.scheme() {
        "https" => Ok(url),
        "http" if loopback => Ok(url),
        _ => Err(format!(
            "{text:?} must be an https:// URL (http:// only on a loopback address)"
        )),
    }
}

/// A comma-separated list of origins; blank entries are skipped.
fn parse_origins(text: &str) -> Result<Vec<HeaderValue>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|origin| !origin.is_empty())
        .map(parse_origin)
        .collect()
}

/// Accepts `scheme://host[:port]` exactly as browsers send it in `Origin`.
fn parse_origin(text: &str) -> Result<HeaderValue, String> {
    let origin = text.trim();
    let host = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
        .ok_or_else(|| format!("{origin:?} must start with https:// or http://"))?;
    if host.is_empty() || host.contains(['/', '?', '#', '*', ' ']) {
        return Err(format!(
            "{origin:?} must be an exact origin: scheme://host[:port], no path or wildcard"
        ));
    }
    HeaderValue::from_str(origin).map_err(|e| format!("{origin:?}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_exact_and_split_on_commas() {
        let config = Config::try_parse_from([
            "server",
            "--console-origins",
            "https://console.example, http://localhost:3000,",
        ])
        .expect("valid origins");
        assert_eq!(
            config.console_origins,
            ["https://console.example", "http://localhost:3000"]
        );
        for bad in [
            "console.example",
            "https://console.example/",
            "https://*.example",
            "*",
        ] {
            assert!(parse_origin(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn a_postgres_url_selects_postgres_and_its_password_is_never_shown() {
        let url = "postgres://agent:p@ss:w0rd@db.example:5432/cs?sslmode=require";
        let config = Config::try_parse_from(["server", "--database", url]).expect("a URL");
        assert_eq!(config.database, Database::Postgres(Secret::from(url)));
        assert_eq!(
            config.database.redacted(),
            "postgres://agent:***@db.example:5432/cs?sslmode=require"
        );
        assert!(!format!("{config:?}").contains("w0rd"));
        for (url, shown) in [
            ("postgresql://agent@db/cs", "postgresql://agent@db/cs"),
            ("postgres://db.example/cs", "postgres://db.example/cs"),
        ] {
            let config = Config::try_parse_from(["server", "--database", url]).expect("a URL");
            assert_eq!(config.database.redacted(), shown);
        }
        let config = Config::try_parse_from(["server", "--database", "x/y.db"]).expect("a path");
        assert_eq!(config.database, Database::Sqlite(PathBuf::from("x/y.db")));
    }

    #[test]
    fn defaults_match_the_documented_ones() {
        let config = Config::try_parse_from(["server"]).expect("defaults");
        assert_eq!(config.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(
            config.database,
            Database::Sqlite(PathBuf::from("data/customer-summary.db"))
        );
        assert_eq!(config.app_dir, PathBuf::from("dist"));
        assert!(config.console_origins.is_empty());
        assert_eq!(config.auth, AuthMode::Open);
        assert_eq!(config.jwt_audience, "customer-summary");
        assert!(config.jwt_secret.is_none());
        assert!(config.static_tokens.is_empty());
        assert!(config.console_bind.is_none());
        assert_eq!(config.shutdown_grace, 10);
        assert!(config.public_hosts.is_empty() && !config.insecure_open_on_public_address);
        assert_eq!(config.request_timeout, 30);
        assert_eq!((config.rate_limit, config.rate_limit_burst), (None, 60));
    }

    #[test]
    fn public_hosts_are_host_names_with_a_port_or_not() {
        let config = Config::try_parse_from([
            "server",
            "--public-host",
            "Summary.Example.com, 10.0.0.5:8080,",
        ])
        .expect("valid hosts");
        assert_eq!(
            config.public_hosts,
            ["summary.example.com", "10.0.0.5:8080"]
        );
        for bad in ["https://summary.example.com", "*.example.com", "a/b"] {
            assert!(
                Config::try_parse_from(["server", "--public-host", bad]).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn auth_flags_parse_and_secrets_never_show_in_debug() {
        let config = Config::try_parse_from([
            "server",
            "--auth",
            "tokens",
            "--static-tokens",
            "Ana Lima=alpha, Ben=be=ta,",
            "--jwt-secret",
            "s3cret-key",
            "--console-bind",
            "127.0.0.1:8082",
        ])
        .expect("valid flags");
        assert_eq!(config.auth, AuthMode::Tokens);
        let tokens: Vec<_> = config
            .static_tokens
            .iter()
            .map(|t| (t.name.as_str(), t.token.expose()))
            .collect();
        assert_eq!(tokens, [("Ana Lima", "alpha"), ("Ben", "be=ta")]);
        assert_eq!(config.console_bind, Some("127.0.0.1:8082".parse().unwrap()));
        let debug = format!("{config:?}");
        for secret in ["alpha", "be=ta", "s3cret-key"] {
            assert!(!debug.contains(secret), "{debug}");
        }
        assert!(Config::try_parse_from(["server", "--auth", "basic"]).is_err());
        for bad in [
            "Ana=a b",
            "alpha",
            "=alpha",
            "Ana=",
            "A\u{7}na=alpha",
            "contact:7=alpha",
            "demo=alpha",
            "Ana=same,Ben=same",
        ] {
            assert!(
                Config::try_parse_from(["server", "--static-tokens", bad]).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn channel_keys_are_named_long_and_distinct() {
        let key = "k".repeat(24);
        let config = Config::try_parse_from([
            "server",
            "--channel-keys",
            &format!("web-chat={key}, ivr.eu={key}2"),
        ])
        .expect("valid keys");
        let names: Vec<_> = config
            .channel_keys
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(names, ["web-chat", "ivr.eu"]);
        assert!(!format!("{config:?}").contains(&key));
        for bad in [
            format!("web chat={key}"),
            "web-chat=short".to_owned(),
            key.clone(),
            format!("a={key},b={key}"),
            format!("a={key},a={key}2"),
        ] {
            assert!(
                Config::try_parse_from(["server", "--channel-keys", &bad]).is_err(),
                "{bad}"
            );
        }
    }
}
