//! A PostgreSQL database lost under a running server, and back: on a
//! cluster of this test's own (`scripts/postgres.sh`), stopped and started
//! again under a real server process. Requests that need the database
//! are 503 `database_unavailable` meanwhile, `/readyz` fails and
//! `/healthz` does not, and service comes back by itself.

mod support;

use std::time::{Duration, Instant};

use customer_summary_model::ErrorBody;
use customer_summary_server::Database;
use reqwest::{Client, StatusCode};
use support::{expect, Cluster, ServerProcess};

#[tokio::test]
async fn a_lost_database_is_a_503_and_service_comes_back_by_itself() {
    let cluster = Cluster::start();
    let server = ServerProcess::start(&Database::Postgres(cluster.url.as_str().into()));
    let client = Client::new();
    let get = |path: &str| client.get(format!("{}{path}", server.base)).send();
    let conversation = "/api/v1/conversations/1";
    assert_eq!(
        get(conversation).await.expect("sent").status(),
        StatusCode::OK
    );
    assert_eq!(get("/readyz").await.expect("sent").status(), StatusCode::OK);

    cluster.run("pg_pause");
    for path in [conversation, "/readyz"] {
        let error: ErrorBody = expect(
            get(path).await.expect("sent"),
            StatusCode::SERVICE_UNAVAILABLE,
        )
        .await;
        assert_eq!(error.error.code, "database_unavailable", "{path}");
    }
    assert_eq!(
        get("/healthz").await.expect("sent").status(),
        StatusCode::OK
    );

    cluster.run("pg_resume");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let status = get(conversation).await.expect("sent").status();
        if status == StatusCode::OK {
            break;
        }
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(
            Instant::now() < deadline,
            "not back 20 s after the database"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(get("/readyz").await.expect("sent").status(), StatusCode::OK);
}
