//! The app's side of the origin: its built files (compressed when a copy
//! was built and the browser accepts it) with the SPA fallback to
//! `index.html`, the generated `config.json`, and the Content-Security-Policy
//! of its HTML.

use axum::extract::Request;
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::json;
use tower_http::services::{ServeDir, ServeFile};

use crate::config::Config;
use crate::csp;
use crate::error::ApiError;
use crate::AppState;

/// `config.json`, the files of `config.app_dir` (any unknown path gets
/// `index.html`), and the CSP on every HTML response.
pub fn routes(config: &Config) -> Router<AppState> {
    let settings = client_config(config);
    let router = Router::new().route(
        "/config.json",
        get(move || async move {
            (
                [
                    (CONTENT_TYPE, "application/json"),
                    (CACHE_CONTROL, "no-store"),
                ],
                settings,
            )
        }),
    );
    let router = if config.app_dir.is_dir() {
        // scripts/build-app.sh writes .br and .gz copies of the files.
        let index = ServeFile::new(config.app_dir.join("index.html"))
            .precompressed_br()
            .precompressed_gzip();
        let files = ServeDir::new(&config.app_dir)
            .precompressed_br()
            .precompressed_gzip()
            .fallback(index);
        router.fallback_service(files)
    } else {
        tracing::warn!(
            app_dir = %config.app_dir.display(),
            "app directory not found: serving the API only"
        );
        let message = format!(
            "The app is not built: {} not found",
            config.app_dir.display()
        );
        router.fallback(move || async move { ApiError::NotFound(message) })
    };
    let policy = html_policy(config);
    router.layer(middleware::from_fn(move |request: Request, next: Next| {
        let policy = policy.clone();
        let immutable = named_by_content(request.uri().path());
        async move { with_caching(with_policy(next.run(request).await, policy), immutable) }
    }))
}

/// Whether the file at `path` is named by a hash of its content, as Trunk
/// names the files it builds (`filehash`: `name-<16 hex digits>.ext`, or
/// `_bg.wasm`): a new build gives them new names.
fn named_by_content(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    name.match_indices('-').any(|(at, _)| {
        let rest = &name.as_bytes()[at + 1..];
        rest.len() > 16
            && rest[..16]
                .iter()
                .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
            && matches!(rest[16], b'.' | b'_')
    })
}

/// Lets browsers keep a file named by its content for good, without
/// asking again; anything else (`index.html`, `scoped.css`) is asked again each time,
/// a 304 when unchanged. An unknown path answered with `index.html` is
/// never kept under that path.
fn with_caching(mut response: Response, immutable: bool) -> Response {
    let is_html = content_type_is(&response, "text/html");
    let value = if immutable && response.status().is_success() && !is_html {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .entry(CACHE_CONTROL)
        .or_insert(HeaderValue::from_static(value));
    response
}

fn content_type_is(response: &Response, kind: &str) -> bool {
    response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with(kind))
}

/// What the app reads from `config.json` (see the app's `src/config.rs`):
/// the same-origin API, the configured consoles and the product defaults.
fn client_config(config: &Config) -> String {
    let origins: Vec<&str> = config
        .console_origins
        .iter()
        .filter_map(|origin| origin.to_str().ok())
        .collect();
    json!({
        "api_base_url": "/api/v1",
        "console_origins": origins,
        "recent_cases_count": 4,
        "timeline_page_size": 10,
        "self_service_tab": true,
        "request_timeout_ms": 15000,
    })
    .to_string()
}

/// The app's policy, with the hashes of the inline scripts of the
/// `index.html` in the app directory as it is now (at start-up).
fn html_policy(config: &Config) -> HeaderValue {
    let index = config.app_dir.join("index.html");
    let hashes = match std::fs::read_to_string(&index) {
        Ok(html) => csp::inline_script_hashes(&html),
        Err(error) => {
            if config.app_dir.is_dir() {
                tracing::warn!(index = %index.display(), %error, "no inline script allowed");
            }
            Vec::new()
        }
    };
    let policy = csp::app_policy(&hashes, &config.console_origins);
    // Hashes and validated origins are all visible ASCII.
    HeaderValue::from_str(&policy)
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'none'"))
}

/// Adds `policy` to an HTML response, and `Cross-Origin-Opener-Policy:
/// same-origin`: a page of another origin that opened the app's tab gets
/// no handle on it (framed in a console, the policy does not apply).
fn with_policy(mut response: Response, policy: HeaderValue) -> Response {
    if content_type_is(&response, "text/html") {
        let headers = response.headers_mut();
        headers.insert(CONTENT_SECURITY_POLICY, policy);
        headers.insert(
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::named_by_content;

    #[test]
    fn only_names_with_a_content_hash_are_kept_for_good() {
        for hashed in [
            "/customer-summary-b947286d548fff31_bg.wasm",
            "/customer-summary-b947286d548fff31.js",
            "/main-2998c836f6eb2c2c.css",
            "/favicon-2abd34fe64896861.svg",
        ] {
            assert!(named_by_content(hashed), "{hashed}");
        }
        for plain in [
            "/",
            "/index.html",
            "/scoped.css",
            "/config.json",
            "/conversations/12",
            "/customer-summary-b947286d548fff3.js",
            "/customer-summary-B947286D548FFF31.js",
            "/customer-summary-b947286d548fff31",
        ] {
            assert!(!named_by_content(plain), "{plain}");
        }
    }
}
