//! Customer Summary reference backend: the JSON API under `/api/v1` over a
//! seeded SQLite or PostgreSQL database, the built app served on the same origin, and
//! optionally a demo agent console embedding the app from a second origin.

use std::future::IntoFuture;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::FromRef;
use axum::http::header::{
    AUTHORIZATION, CONTENT_TYPE, ETAG, IF_MATCH, IF_NONE_MATCH, REFERRER_POLICY,
    X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderName, HeaderValue, Method};
use axum::routing::get;
use axum::{middleware, Router};
use tokio::net::TcpListener;

use hosts::AllowedHosts;
use rate::RateLimits;
pub use routes::{api_contract, Streams};
use tower_http::classify::{ServerErrorsAsFailures, SharedClassifier};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};

mod app;
mod auth;
mod clock;
mod config;
mod console;
mod csp;
mod error;
mod hosts;
mod metrics;
mod rate;
mod request_id;
mod rng;
mod routes;
mod rules;
mod seed;
mod store;

pub use auth::Auth;
pub use config::{AuthMode, ChannelKey, Config, Database, Secret, StaticToken};
pub use error::StartError;
pub use rules::search_key::search_key;
pub use store::Store;

/// The largest request body accepted.
const BODY_LIMIT: usize = 1024 * 1024;

/// What every request handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The data, as [`open_store`] opened it.
    pub store: Store,
    pub config: Arc<Config>,
    /// Built from `config` by [`Auth::from_config`].
    pub auth: Arc<Auth>,
    /// The event streams open on this server.
    pub streams: Streams,
}

impl FromRef<AppState> for Streams {
    fn from_ref(state: &AppState) -> Self {
        state.streams.clone()
    }
}

/// The handlers reach the data only through the store.
impl FromRef<AppState> for Store {
    fn from_ref(state: &AppState) -> Self {
        state.store.clone()
    }
}

/// Opens `database`: a SQLite file (created with its directory when
/// missing; search keys that rows lack, written by other programs, are
/// computed) or a PostgreSQL database, migrated, with the demo data
/// seeded into an empty one.
pub async fn open_store(database: &Database) -> Result<Store, StartError> {
    Store::open(database, seed::demo).await
}

/// The whole HTTP surface: `/api` plus the app's files and `config.json`,
/// with CORS for the configured consoles, the body limit and the security
/// headers, for a listener bound to `bound`: only the hosts it is known by
/// are answered (`hosts`).
pub fn router(state: AppState, bound: SocketAddr) -> Router {
    let config = Arc::clone(&state.config);
    let hosts = AllowedHosts::new(bound, &config.public_hosts);
    let timeout = std::time::Duration::from_secs(config.request_timeout);
    let counted = Arc::new(metrics::Metrics::default());
    let metrics = Router::new()
        .route("/metrics", get(metrics::render))
        .with_state((
            Arc::clone(&counted),
            state.store.clone(),
            state.streams.clone(),
        ));
    let router = Router::new()
        .nest(
            "/api",
            routes::api(
                Arc::clone(&state.auth),
                RateLimits::new(config.rate_limit_per_second(), config.rate_limit_burst),
                timeout,
            ),
        )
        .merge(routes::health())
        .merge(app::routes(&config))
        .with_state(state)
        .merge(metrics);
    security_headers(
        router
            .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
            .layer(middleware::from_fn(routes::json_errors))
            .layer(middleware::from_fn_with_state(counted, metrics::count))
            .layer(trace_layer())
            .layer(middleware::from_fn(request_id::request_id))
            .layer(cors(&config.console_origins))
            .layer(middleware::from_fn_with_state(hosts, hosts::check)),
    )
}

/// The demo agent console's HTTP surface, embedding the app served at
/// `app_origin` (such as `http://127.0.0.1:8080`), for a listener bound to
/// `bound` (loopback): it answers only the loopback names of that port.
pub fn console_router(
    auth: Arc<Auth>,
    app_origin: &str,
    bound: SocketAddr,
) -> Result<Router, StartError> {
    let hosts = AllowedHosts::new(bound, &[]);
    Ok(security_headers(
        console::router(auth, app_origin)?
            .layer(trace_layer())
            .layer(middleware::from_fn_with_state(hosts, hosts::check)),
    ))
}

/// How a request's span is made.
type MakeSpan = fn(&axum::http::Request<axum::body::Body>) -> tracing::Span;

/// Request logging: method, URI, the request id and status, never other
/// headers (they carry bearer tokens).
fn trace_layer() -> TraceLayer<SharedClassifier<ServerErrorsAsFailures>, MakeSpan> {
    TraceLayer::new_for_http()
        .make_span_with(request_span as MakeSpan)
        .on_response(
            DefaultOnResponse::new()
                .level(tracing::Level::INFO)
                .include_headers(false),
        )
}

/// The span of one request, which every log line of it carries.
fn request_span(request: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    let id = request
        .headers()
        .get(&request_id::X_REQUEST_ID)
        .and_then(|id| id.to_str().ok())
        .unwrap_or_default();
    tracing::info_span!(
        "request",
        method = %request.method(),
        uri = %request.uri(),
        id = %id,
    )
}

/// `X-Content-Type-Options: nosniff` and `Referrer-Policy: no-referrer` on
/// every response.
fn security_headers(router: Router) -> Router {
    router
        .layer(SetResponseHeaderLayer::overriding(
            X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
}

fn cors(origins: &[HeaderValue]) -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins.iter().cloned()))
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
        .allow_headers([
            CONTENT_TYPE,
            AUTHORIZATION,
            IF_MATCH,
            // A page polling the list sends back the tag it holds.
            IF_NONE_MATCH,
            HeaderName::from_static("idempotency-key"),
            // A stream reopened from another origin resumes with it.
            HeaderName::from_static("last-event-id"),
        ])
        // Not a CORS-safelisted response header: without this, script on
        // another origin could not read the tag to send it back.
        .expose_headers([ETAG])
}

/// Until the process ends: forgets events older than the log keeps, once a
/// minute (every server on a shared database does; the work is the same).
async fn prune_events(store: Store) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
    loop {
        every.tick().await;
        if let Err(error) = store.prune_events().await {
            tracing::warn!(%error, "could not forget old events");
        }
    }
}

/// Checks the flags, opens the database, binds `config.bind` (and
/// `config.console_bind` when set), prints the URLs on stdout and serves
/// until SIGTERM or Ctrl-C: then it accepts no new connection, and exits
/// once the requests in flight are answered or `config.shutdown_grace`
/// seconds have passed.
pub async fn serve(config: Config) -> Result<(), StartError> {
    check_exposure(&config)?;
    let auth = Arc::new(Auth::from_config(&config)?);
    tokio::spawn({
        let auth = Arc::clone(&auth);
        async move { auth.warm().await }
    });
    let grace = config.shutdown_grace;
    let store = open_store(&config.database).await?;
    tokio::spawn(prune_events(store.clone()));
    let listener = TcpListener::bind(config.bind).await?;
    let address = listener.local_addr()?;
    let console = match config.console_bind {
        Some(bind) => {
            let listener = TcpListener::bind(bind).await?;
            let console_address = listener.local_addr()?;
            warn_unless_allowed(&config, console_address);
            let router = console_router(Arc::clone(&auth), &origin(address), console_address)?;
            Some((listener, router, console_address))
        }
        None => None,
    };
    let streams = Streams::default();
    tokio::spawn(streams.clone().keep_viewing(store.clone()));
    let app = router(
        AppState {
            store,
            config: Arc::new(config),
            auth,
            streams: streams.clone(),
        },
        address,
    );
    let mut stdout = std::io::stdout().lock();
    // The inbox; a summary is at /conversations/<id>.
    writeln!(stdout, "Customer Summary: {}/", origin(address))?;
    if let Some((_, _, console_address)) = &console {
        writeln!(stdout, "Demo console: {}/", origin(*console_address))?;
    }
    stdout.flush()?;
    drop(stdout);
    let (stop, stopping) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        shutdown_signal().await;
        tracing::info!("shutting down: finishing the requests in flight");
        streams.close_all();
        let _ = stop.send(true);
    });
    let stopped = |mut stopping: tokio::sync::watch::Receiver<bool>| async move {
        let _ = stopping.wait_for(|stop| *stop).await;
    };
    let app = axum::serve(listener, app).with_graceful_shutdown(stopped(stopping.clone()));
    let console_stopping = stopping.clone();
    let served = async move {
        match console {
            Some((listener, router, _)) => {
                let console =
                    axum::serve(listener, router).with_graceful_shutdown(stopped(console_stopping));
                tokio::try_join!(app.into_future(), console.into_future()).map(|_| ())
            }
            None => app.await,
        }
    };
    let grace = std::time::Duration::from_secs(grace);
    tokio::select! {
        served = served => served?,
        () = async { stopped(stopping).await; tokio::time::sleep(grace).await } => {
            tracing::warn!(?grace, "grace period over: exiting with requests unfinished");
        }
    }
    Ok(())
}

/// Refuses what would serve customers to anyone: open mode on an address
/// other than loopback (unless `--insecure-open-on-public-address` says so,
/// which is then warned about at every start), and the demo console, which
/// hands out tokens, anywhere but on loopback.
fn check_exposure(config: &Config) -> Result<(), StartError> {
    if config
        .console_bind
        .is_some_and(|bind| !bind.ip().is_loopback())
    {
        return Err(StartError::Config(
            "--console-bind must be a loopback address (127.0.0.1): the demo console \
             hands API tokens to whoever reaches it"
                .into(),
        ));
    }
    if config.auth == AuthMode::Open && !config.bind.ip().is_loopback() {
        if !config.insecure_open_on_public_address {
            return Err(StartError::Config(format!(
                "--auth open on {} would serve every customer to anyone who can reach it: \
                 bind a loopback address (127.0.0.1), use --auth jwt or --auth tokens, or, \
                 on a closed test network only, pass --insecure-open-on-public-address",
                config.bind
            )));
        }
        tracing::warn!(
            bind = %config.bind,
            "INSECURE: --auth open on an address other than loopback serves every customer \
             to anyone who can reach it (--insecure-open-on-public-address)"
        );
    }
    Ok(())
}

/// Resolves on SIGTERM (what a process manager or load balancer sends) or
/// Ctrl-C; if neither can be listened for, never (serve until killed).
async fn shutdown_signal() {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}

/// The origin a browser on this machine uses for `address`: a wildcard
/// address is reached as the loopback one.
fn origin(address: SocketAddr) -> String {
    let mut address = address;
    if address.ip().is_unspecified() {
        address.set_ip(match address {
            SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
            SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
        });
    }
    format!("http://{address}")
}

/// The app only lets the console frame and message it if the console's
/// origin is configured; say so at start rather than leave a blank frame.
fn warn_unless_allowed(config: &Config, console_address: SocketAddr) {
    let console = origin(console_address);
    if !config
        .console_origins
        .iter()
        .any(|allowed| allowed == console.as_str())
    {
        tracing::warn!(
            %console,
            "the demo console's origin is not in --console-origins: the app will refuse it"
        );
    }
}
