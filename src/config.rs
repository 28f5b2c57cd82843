//! Runtime configuration: `config.json`, served beside the app, and the
//! conversation id from the page's query string. The backend URL comes only
//! from `config.json`, never from the URL (a crafted link must not be able
//! to send the agent's requests elsewhere).

use leptos::prelude::*;
use serde_json::{Map, Value};

/// Where the configuration is read from: beside the app, from any route.
pub const CONFIG_FILE: &str = "/config.json";

/// The app's settings, validated.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// API root, absolute (`https://host/api/v1`) or same-origin (`/api/v1`).
    pub api_base_url: String,
    /// Exact origins of agent consoles allowed to embed and message the app.
    pub console_origins: Vec<String>,
    /// How many recent cases to show before "Show more".
    pub recent_cases_count: u32,
    /// Timeline items per page (the product's default is 10, at most 50).
    pub timeline_page_size: u32,
    /// Whether the Self service tab is shown.
    pub self_service_tab: bool,
    /// How long a request may take before the panel says so.
    pub request_timeout_ms: u32,
}

/// A configuration problem, naming the file and the field at fault.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("config.json: {}{message}", field.as_ref().map(|f| format!("field \"{f}\": ")).unwrap_or_default())]
pub struct ConfigError {
    pub field: Option<String>,
    pub message: String,
}

impl ConfigError {
    fn file(message: impl Into<String>) -> Self {
        ConfigError {
            field: None,
            message: message.into(),
        }
    }

    fn field(field: &str, message: impl Into<String>) -> Self {
        ConfigError {
            field: Some(field.to_owned()),
            message: message.into(),
        }
    }
}

impl Config {
    pub fn provide(self) {
        provide_context(self);
    }

    pub fn expect() -> Self {
        expect_context()
    }

    /// Parses and validates the text of `config.json`.
    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| ConfigError::file(format!("is not valid JSON ({e})")))?;
        let Value::Object(fields) = value else {
            return Err(ConfigError::file("must be a JSON object"));
        };
        let api_base_url = match fields.get("api_base_url") {
            Some(Value::String(url)) if is_api_url(url) => url.clone(),
            Some(_) => {
                return Err(ConfigError::field(
                    "api_base_url",
                    "must be an http(s) URL or a path starting with /",
                ))
            }
            None => return Err(ConfigError::field("api_base_url", "is missing")),
        };
        Ok(Config {
            api_base_url,
            console_origins: origins(&fields)?,
            recent_cases_count: whole_number(&fields, "recent_cases_count", 4, 1..=50)?,
            timeline_page_size: whole_number(&fields, "timeline_page_size", 10, 1..=50)?,
            self_service_tab: boolean(&fields, "self_service_tab", true)?,
            request_timeout_ms: whole_number(
                &fields,
                "request_timeout_ms",
                15_000,
                1_000..=120_000,
            )?,
        })
    }

    /// Fetches `config.json` from beside the page and parses it.
    pub async fn load() -> Result<Config, ConfigError> {
        let response = match crate::early::take(CONFIG_FILE) {
            Some(reply) => reply.await,
            None => gloo_net::http::Request::get(CONFIG_FILE)
                .send()
                .await
                .map_err(|e| e.to_string()),
        }
        .map_err(|e| ConfigError::file(format!("could not be loaded ({e})")))?;
        if !response.ok() {
            return Err(ConfigError::file(format!(
                "could not be loaded (HTTP {})",
                response.status()
            )));
        }
        let text = response
            .text()
            .await
            .map_err(|e| ConfigError::file(format!("could not be read ({e})")))?;
        Config::parse(&text)
    }
}

fn is_api_url(url: &str) -> bool {
    url.starts_with('/') && !url.starts_with("//") || customer_summary_model::is_web_url(url)
}

fn origins(fields: &Map<String, Value>) -> Result<Vec<String>, ConfigError> {
    let invalid = || {
        ConfigError::field(
            "console_origins",
            "must be a list of origins such as \"https://console.example.com\"",
        )
    };
    match fields.get("console_origins") {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| match item {
                Value::String(origin) if is_origin(origin) => Ok(origin.clone()),
                _ => Err(invalid()),
            })
            .collect(),
        Some(_) => Err(invalid()),
    }
}

/// An origin is scheme, host and optional port: no path, no trailing slash.
fn is_origin(origin: &str) -> bool {
    let rest = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    matches!(rest, Some(host) if !host.is_empty() && !host.contains(['/', '?', '#', '*']))
}

fn whole_number(
    fields: &Map<String, Value>,
    name: &str,
    default: u32,
    range: std::ops::RangeInclusive<u32>,
) -> Result<u32, ConfigError> {
    match fields.get(name) {
        None => Ok(default),
        Some(value) => value
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .filter(|n| range.contains(n))
            .ok_or_else(|| {
                ConfigError::field(
                    name,
                    format!(
                        "must be a whole number from {} to {}",
                        range.start(),
                        range.end()
                    ),
                )
            }),
    }
}

fn boolean(fields: &Map<String, Value>, name: &str, default: bool) -> Result<bool, ConfigError> {
    match fields.get(name) {
        None => Ok(default),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(ConfigError::field(name, "must be true or false")),
    }
}

/// Why the page has no conversation to show.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("No conversation selected.")]
    Missing,
    #[error("\"{0}\" is not a conversation id.")]
    Invalid(String),
}

/// Reads `conversation=<id>` from a query string such as `?conversation=12`.
pub fn conversation_from_query(search: &str) -> Result<i64, QueryError> {
    let value = search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("conversation="))
        .ok_or(QueryError::Missing)?;
    value
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| QueryError::Invalid(value.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_minimal_config_gets_the_product_defaults() {
        let config = Config::parse(r#"{"api_base_url": "/api/v1"}"#).unwrap();
        assert_eq!(config.recent_cases_count, 4);
        assert_eq!(config.timeline_page_size, 10);
        assert!(config.self_service_tab);
        assert!(config.console_origins.is_empty());
    }

    #[test]
    fn errors_name_the_file_and_the_field() {
        let error =
            Config::parse(r#"{"api_base_url": "/api", "timeline_page_size": 500}"#).unwrap_err();
        assert_eq!(
            error.to_string(),
            "config.json: field \"timeline_page_size\": must be a whole number from 1 to 50"
        );
        assert_eq!(
            Config::parse("{}").unwrap_err().field.as_deref(),
            Some("api_base_url")
        );
        assert!(Config::parse("{nope")
            .unwrap_err()
            .to_string()
            .starts_with("config.json: is not valid JSON"));
    }

    #[test]
    fn the_backend_must_be_http_or_same_origin() {
        for bad in [
            "javascript:alert(1)",
            "//evil.example/api",
            "ftp://x/api",
            "",
        ] {
            let text = format!(r#"{{"api_base_url": "{bad}"}}"#);
            assert_eq!(
                Config::parse(&text).unwrap_err().field.as_deref(),
                Some("api_base_url"),
                "{bad}"
            );
        }
    }

    #[test]
    fn console_origins_must_be_exact_origins() {
        let parse = |origins: &str| {
            Config::parse(&format!(
                r#"{{"api_base_url": "/api", "console_origins": {origins}}}"#
            ))
        };
        assert_eq!(
            parse(r#"["https://console.example:8443"]"#)
                .unwrap()
                .console_origins,
            vec!["https://console.example:8443"]
        );
        assert!(parse(r#"["https://*.example"]"#).is_err());
        assert!(parse(r#"["https://console.example/"]"#).is_err());
        assert!(parse(r#""https://console.example""#).is_err());
    }

    #[test]
    fn conversation_id_comes_from_the_query_string() {
        assert_eq!(conversation_from_query("?conversation=12"), Ok(12));
        assert_eq!(conversation_from_query("?x=1&conversation=7"), Ok(7));
        assert_eq!(conversation_from_query(""), Err(QueryError::Missing));
        assert_eq!(
            conversation_from_query("?conversation=abc"),
            Err(QueryError::Invalid("abc".into()))
        );
        assert_eq!(
            conversation_from_query("?conversation=-3"),
            Err(QueryError::Invalid("-3".into()))
        );
    }
}
