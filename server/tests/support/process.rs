//! The server as a real process: the built binary, started on a database
//! and a free port of 127.0.0.1, killed when dropped.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

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
        Self::start_with(database, &[])
    }

    /// The same, with more flags.
    pub fn start_with(database: &Database, flags: &[&str]) -> Self {
        let mut child = server_command(database)
            .args(flags)
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
            .and_then(|url| url.strip_suffix('/'))
            .unwrap_or_else(|| panic!("unexpected start-up line {line:?}"))
            .to_owned();
        ServerProcess { base, child }
    }
}

impl ServerProcess {
    /// Sends it SIGTERM.
    pub fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -TERM failed");
    }

    /// Kills it with SIGKILL, as a crash would, and reaps it.
    pub fn kill(&mut self) {
        self.child.kill().expect("killed");
        self.child.wait().expect("reaped");
    }

    /// How it exited, if it did within `time`.
    pub fn exited_within(&mut self, time: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + time;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
