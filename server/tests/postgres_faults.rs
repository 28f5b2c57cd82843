//! A PostgreSQL database lost under a running server, and back: on a
//! cluster of this test's own (`scripts/postgres.sh`), stopped and started
//! again under a real server process. Requests that need the database
//! are 503 `database_unavailable` meanwhile, `/readyz` fails and
//! `/healthz` does not, and service comes back by itself.

mod support;

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use customer_summary_model::ErrorBody;
use customer_summary_server::Database;
use reqwest::{Client, StatusCode};
use support::{expect, ServerProcess};

/// A throwaway cluster, stopped and deleted when dropped.
struct Cluster {
    dir: String,
    url: String,
}

/// Runs `script` in bash with `scripts/postgres.sh` sourced, from the
/// repository's root, with `args` as `$1`...; its stdout.
fn postgres_sh(script: &str, args: &[&str]) -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let output = Command::new("bash")
        .current_dir(root)
        .arg("-c")
        .arg(format!("set -e; source scripts/postgres.sh; {script}"))
        .arg("postgres.sh")
        .args(args)
        .output()
        .expect("bash runs");
    assert!(
        output.status.success(),
        "{script}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("text")
}

impl Cluster {
    fn start() -> Self {
        let out = postgres_sh(r#"pg_start >&2; echo "$CS_PG_DIR $CS_PG_URL""#, &[]);
        let (dir, url) = out.trim().split_once(' ').expect("directory and URL");
        Cluster {
            dir: dir.to_owned(),
            url: url.to_owned(),
        }
    }

    /// Runs `pg_pause`, `pg_resume` or `pg_stop` on this cluster.
    fn run(&self, function: &str) {
        postgres_sh(&format!(r#"CS_PG_DIR="$1"; {function}"#), &[&self.dir]);
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.run("pg_stop");
    }
}

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
