//! Command-line flags and their environment variables.

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::http::HeaderValue;
use clap::Parser;

/// How the server is run; every flag can also come from its `CS_*` variable.
#[derive(Clone, Debug, Parser)]
#[command(name = "customer-summary-server", version, about)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "CS_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// SQLite database file; created, migrated and seeded when missing.
    #[arg(long, env = "CS_DATABASE", default_value = "data/customer-summary.db")]
    pub database: PathBuf,

    /// Comma-separated exact origins of agent consoles allowed to call the API
    /// from the browser, such as `https://console.example`; empty for none.
    // The full path makes clap parse the whole list as one value, so that an
    // empty variable means "none" rather than an invalid origin.
    #[arg(long, env = "CS_CONSOLE_ORIGINS", default_value = "", value_parser = parse_origins)]
    pub console_origins: ::std::vec::Vec<HeaderValue>,

    /// Directory of the built app, served on the same origin as the API.
    #[arg(long, env = "CS_APP_DIR", default_value = "dist")]
    pub app_dir: PathBuf,
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
    fn defaults_match_the_documented_ones() {
        let config = Config::try_parse_from(["server"]).expect("defaults");
        assert_eq!(config.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(config.database, PathBuf::from("data/customer-summary.db"));
        assert_eq!(config.app_dir, PathBuf::from("dist"));
        assert!(config.console_origins.is_empty());
    }
}
