//! Which `Host` a server answers (DNS rebinding): a page on another site
//! whose name an attacker points at 127.0.0.1 reaches the server with its
//! own name in `Host`, so only the names the server is known by are
//! answered: its bound address, `localhost` and `127.0.0.1` with the bound
//! port, and the `--public-host` values. Anything else is a 421 JSON
//! error. The load balancer's probes (`/healthz`, `/readyz`, `/metrics`)
//! tell nothing about customers and are answered whatever the host.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header::HOST;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

/// Paths answered whatever the `Host`.
const PROBES: [&str; 3] = ["/healthz", "/readyz", "/metrics"];

/// The `Host` values one listener answers, in lower case.
#[derive(Clone, Debug)]
pub struct AllowedHosts(Arc<Vec<String>>);

impl AllowedHosts {
    /// The names of a listener bound to `bound`, and `public` ones.
    pub fn new(bound: SocketAddr, public: &[String]) -> Self {
        let port = bound.port();
        let mut hosts = vec![
            format!("localhost:{port}"),
            format!("127.0.0.1:{port}"),
            format!("[::1]:{port}"),
        ];
        if !bound.ip().is_unspecified() {
            hosts.push(bound.to_string());
        }
        hosts.extend(public.iter().cloned());
        AllowedHosts(Arc::new(hosts))
    }

    /// Whether a request naming `host` is answered.
    pub fn allows(&self, host: &str) -> bool {
        self.0
            .iter()
            .any(|allowed| allowed.eq_ignore_ascii_case(host))
    }
}

/// The request's `Host` (or its URI's authority, as HTTP/2 sends it).
pub fn host_of(request: &Request) -> Option<&str> {
    request
        .headers()
        .get(HOST)
        .and_then(|host| host.to_str().ok())
        .or_else(|| {
            request
                .uri()
                .authority()
                .map(|authority| authority.as_str())
        })
}

/// Middleware: a 421 unless the request names an allowed host.
pub async fn check(State(hosts): State<AllowedHosts>, request: Request, next: Next) -> Response {
    let probe = PROBES.contains(&request.uri().path());
    if probe || host_of(&request).is_some_and(|host| hosts.allows(host)) {
        next.run(request).await
    } else {
        ApiError::MisdirectedHost.into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bound_port_on_loopback_names_and_the_public_hosts_are_allowed() {
        let hosts = AllowedHosts::new(
            "0.0.0.0:8080".parse().expect("address"),
            &["summary.example.com".to_owned()],
        );
        for good in [
            "127.0.0.1:8080",
            "LOCALHOST:8080",
            "[::1]:8080",
            "summary.example.com",
        ] {
            assert!(hosts.allows(good), "{good}");
        }
        for bad in [
            "127.0.0.1:8081",
            "rb.evil.test:8080",
            "0.0.0.0:8080",
            "localhost",
            "",
        ] {
            assert!(!hosts.allows(bad), "{bad}");
        }
        let bound = AllowedHosts::new("10.0.0.5:9000".parse().expect("address"), &[]);
        assert!(bound.allows("10.0.0.5:9000"));
    }
}
