//! Customer Summary reference backend: the JSON API under `/api/v1` over a
//! seeded SQLite database, and the built app served on the same origin.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS};
use axum::http::{HeaderName, HeaderValue, Method};
use axum::{middleware, Router};
use sqlx::SqlitePool;
use tokio::net::TcpListener;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

mod config;
mod db;
mod error;
mod routes;
mod seed;

pub use config::Config;
use error::ApiError;
pub use error::StartError;

/// The largest request body accepted.
const BODY_LIMIT: usize = 1024 * 1024;

/// What every request handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: SqlitePool,
    pub config: Arc<Config>,
}

/// Opens the database at `path`, creating the file and its directory when
/// missing, applies migrations, and seeds the demo data into an empty one.
pub async fn open_database(path: &Path) -> Result<SqlitePool, StartError> {
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        tokio::fs::create_dir_all(dir).await?;
    }
    let db = db::connect(path).await?;
    sqlx::migrate!("./migrations").run(&db).await?;
    seed::seed_if_empty(&db).await?;
    Ok(db)
}

/// The whole HTTP surface: `/api` plus the app's files, with CORS for the
/// configured consoles, the body limit and the security headers.
pub fn router(state: AppState) -> Router {
    let config = Arc::clone(&state.config);
    let router = Router::new().nest("/api", routes::api()).with_state(state);
    let router = if config.app_dir.is_dir() {
        let index = ServeFile::new(config.app_dir.join("index.html"));
        router.fallback_service(ServeDir::new(&config.app_dir).fallback(index))
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
    router
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(middleware::from_fn(routes::json_errors))
        .layer(TraceLayer::new_for_http())
        .layer(cors(&config.console_origins))
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
            HeaderName::from_static("idempotency-key"),
        ])
}

/// Opens the database, binds `config.bind`, prints the demo URL on stdout
/// and serves until Ctrl-C.
pub async fn serve(config: Config) -> Result<(), StartError> {
    let db = open_database(&config.database).await?;
    let listener = TcpListener::bind(config.bind).await?;
    let address = listener.local_addr()?;
    let app = router(AppState {
        db,
        config: Arc::new(config),
    });
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "Customer Summary: http://{address}/?conversation=1")?;
    stdout.flush()?;
    drop(stdout);
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            // If the signal cannot be listened for, serve until killed.
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        })
        .await?;
    Ok(())
}
