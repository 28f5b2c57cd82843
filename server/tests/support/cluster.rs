//! A PostgreSQL cluster of a test's own (`scripts/postgres.sh`), for what
//! the shared one cannot do: be stopped under a server, or hold databases
//! seeded at the moment the test wants.

use std::path::PathBuf;
use std::process::Command;

/// A throwaway cluster, stopped and deleted when dropped.
pub struct Cluster {
    dir: String,
    /// Its maintenance database's URL.
    pub url: String,
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
    /// Starts a new cluster.
    pub fn start() -> Self {
        let out = postgres_sh(r#"pg_start >&2; echo "$CS_PG_DIR $CS_PG_URL""#, &[]);
        let (dir, url) = out.trim().split_once(' ').expect("directory and URL");
        Cluster {
            dir: dir.to_owned(),
            url: url.to_owned(),
        }
    }

    /// Runs `pg_pause`, `pg_resume` or `pg_stop` on this cluster.
    pub fn run(&self, function: &str) {
        postgres_sh(&format!(r#"CS_PG_DIR="$1"; {function}"#), &[&self.dir]);
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.run("pg_stop");
    }
}
