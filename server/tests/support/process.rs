//! The server as a real process: the built binary, started on a database
//! and a free port of 127.0.0.1, killed when dropped.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use customer_summary_server::Database;

/// The server binary Cargo built for these tests.
pub const SERVER: &str = env!("CARGO_BIN_EXE_customer-summary-server");

/// The flags of a server on `database`, bound to a free port, with no app.
pub fn server_command(database: &Database) -> Command {
    let database = match database {
        Database::Sqlite(path) => path.display().to_string(),
        Database::Postgres(url) => url.expose().to_owned(),
    };
    let mut command = Command::new(SERVER);
    command
        .args(["--bind", "127.0.0.1:0", "--app-dir", "no-app", "--database"])
        .arg(database)
        .env("RUST_LOG", "error");
    command
}

/// A running server process.
pub struct ServerProcess {
    /// Its root URL, as it printed it.
    pub base: String,
    child: Child,
}

impl ServerProcess {
    /// Starts a server on `database` and waits for its start-up line.
    pub fn start(database: &Database) -> Self {
        let mut child = server_command(database)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the server starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("the start-up line");
        let base = line
            .trim()
            .strip_prefix("Customer Summary: ")
            .and_then(|url| url.strip_suffix("/?conversation=1"))
            .unwrap_or_else(|| panic!("unexpected start-up line {line:?}"))
            .to_owned();
        ServerProcess { base, child }
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
