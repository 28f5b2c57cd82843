//! Many agents at once against the real server on loopback: each simulated
//! agent opens conversation summaries (the five panel reads), searches
//! customers and cases, and adds notes with an `Idempotency-Key`, some of
//! them sent again with the same key as a client does when an answer is
//! lost (some answers are really lost: the first attempt is abandoned
//! mid-flight). Afterwards: no 5xx, no connection error, and every
//! acknowledged note is in the database exactly once.
//!
//! The same agents also run spread over two real server processes on one
//! database, one of them killed with SIGKILL half-way: its agents go on
//! on the other, retrying their notes with the same Idempotency-Keys.
//! Connection errors from the killed server are expected; any 5xx is not.
//!
//! `CS_LOAD_SECONDS` (default 60) and `CS_LOAD_AGENTS` (default 200) size
//! the first run, `CS_FAILOVER_SECONDS` (default 20) the second; each
//! prints one summary line (requests/s, p50/p99, failures).

mod support;

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use customer_summary_model::{NewNote, TimelineItem};
use futures::future::join_all;
use reqwest::{Client, StatusCode};
use support::{ServerProcess, TestDatabase, TestDb, TestServer};

/// The seeded conversations, contacts, accounts and cases (see `seed.rs`).
const CONVERSATIONS: u64 = 30;
const CONTACTS: u64 = 200;
const ACCOUNTS: u64 = 50;
const CASES: u64 = 500;

/// What agents type into the customer and case searches: names, e-mail
/// and phone prefixes, titles, ticket numbers, and nothing in particular.
const CUSTOMER_QUERIES: &[&str] = &[
    "Zo", "zoë", "Lef", "Emma", "li", "Contoso", "+33", "06", "mail.ex", "o'", "xq",
];
const CASE_QUERIES: &[&str] = &[
    "Refund",
    "re",
    "CAS-01",
    "cas-010",
    "thermostat",
    "Warr",
    "order 48",
    "zz",
];

/// Every request gives up after this long; a hung request is a failure.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// How long after the deadline the agents may take to finish what they
/// started before the run is declared hung.
const GRACE: Duration = Duration::from_secs(60);

/// One in this many notes is sent again with the same key after its
/// answer arrived; one in this many is abandoned mid-flight and retried.
const REPLAYED: u64 = 4;
const ABANDONED: u64 = 8;

/// How many times a note whose answer was lost is sent again.
const RETRIES: usize = 5;

/// The most actions one agent takes, however fast the machine.
const MAX_ACTIONS: usize = 10_000;

/// A small deterministic PRNG (SplitMix64), one per agent.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number from 1 to `n`.
    fn id(&mut self, n: u64) -> u64 {
        1 + self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// What one agent saw.
#[derive(Default)]
struct Tally {
    /// Microseconds each answered request took.
    latencies: Vec<u64>,
    /// Those of the note requests alone.
    write_latencies: Vec<u64>,
    /// Each acknowledged note's text, with the body of its 201.
    notes: HashMap<String, String>,
    replayed: usize,
    abandoned: usize,
    /// Requests sent again to the other server after a connection error.
    failovers: usize,
    /// Every 5xx, connection error, timeout or unexpected status.
    failures: Vec<String>,
}

impl Tally {
    fn merge(&mut self, other: Tally) {
        self.latencies.extend(other.latencies);
        self.write_latencies.extend(other.write_latencies);
        self.notes.extend(other.notes);
        self.replayed += other.replayed;
        self.abandoned += other.abandoned;
        self.failovers += other.failovers;
        self.failures.extend(other.failures);
    }
}

/// The servers agents talk to, and which of them each agent uses now.
struct Servers {
    bases: Vec<String>,
}

/// One simulated agent.
struct Agent {
    number: usize,
    servers: Arc<Servers>,
    /// The index in `servers` of the one this agent uses: its own, then
    /// the next after a connection error.
    current: AtomicUsize,
    /// Requests sent again after a connection error (see `send`).
    failovers: AtomicUsize,
    client: Client,
    rng: Rng,
    tally: Tally,
}

impl Agent {
    /// Works until `deadline` (or [`MAX_ACTIONS`]): reads half the time,
    /// searches and writes a quarter each, with a short pause between
    /// actions.
    async fn run(mut self, deadline: Instant) -> Tally {
        let mut notes = 0;
        for _ in 0..MAX_ACTIONS {
            if Instant::now() >= deadline {
                break;
            }
            match self.rng.next() % 4 {
                0 | 1 => self.open_summary().await,
                2 => self.search().await,
                _ => {
                    self.add_note(notes).await;
                    notes += 1;
                }
            }
            let pause = self.rng.next() % 20;
            tokio::time::sleep(Duration::from_millis(pause)).await;
        }
        self.tally.failovers = self.failovers.load(Ordering::Relaxed);
        self.tally
    }

    /// The five panel reads of a conversation, in parallel as the app
    /// sends them.
    async fn open_summary(&mut self) {
        let id = self.rng.id(CONVERSATIONS);
        let paths = [
            format!("/api/v1/conversations/{id}"),
            format!("/api/v1/conversations/{id}/customer"),
            format!("/api/v1/conversations/{id}/case"),
            format!("/api/v1/conversations/{id}/recent-cases"),
            format!("/api/v1/conversations/{id}/timeline"),
        ];
        let reads = paths.iter().map(|path| self.get(path, &[]));
        for outcome in join_all(reads).await {
            self.record(outcome);
        }
    }

    async fn search(&mut self) {
        let (path, q) = if self.rng.next().is_multiple_of(2) {
            ("/api/v1/customers", self.rng.pick(CUSTOMER_QUERIES))
        } else {
            ("/api/v1/cases", self.rng.pick(CASE_QUERIES))
        };
        let outcome = self.get(path, &[("q", q)]).await;
        self.record(outcome);
    }

    /// Adds note `n` of this agent to a random record, replaying or
    /// abandoning some first attempts.
    async fn add_note(&mut self, n: usize) {
        let (kind, id) = match self.rng.next() % 3 {
            0 => ("contact", self.rng.id(CONTACTS)),
            1 => ("account", self.rng.id(ACCOUNTS)),
            _ => ("case", self.rng.id(CASES)),
        };
        let path = format!("/api/v1/records/{kind}/{id}/notes");
        let text = format!("load agent {} note {n} «{kind} {id}»", self.number);
        let note = NewNote {
            title: None,
            text: text.clone(),
        };
        let key = format!("load-{}-{n}", self.number);
        let fate = self.rng.next();
        if fate.is_multiple_of(ABANDONED) {
            // The client gives up before the answer: the server may or may
            // not have stored the note, and the retries must settle it.
            self.tally.abandoned += 1;
            let wait = Duration::from_micros(self.rng.next() % 3000);
            let _ = tokio::time::timeout(wait, self.post(&path, &note, &key)).await;
        }
        let mut answer = None;
        for _ in 0..RETRIES {
            let outcome = self.post(&path, &note, &key).await;
            if let Some(body) = self.record_write(outcome) {
                answer = Some(body);
                break;
            }
        }
        let Some(body) = answer else {
            self.tally
                .failures
                .push(format!("{key}: no answer after {RETRIES} tries"));
            return;
        };
        if fate % REPLAYED == 1 {
            self.tally.replayed += 1;
            let outcome = self.post(&path, &note, &key).await;
            if let Some(replay) = self.record_write(outcome) {
                if replay != body {
                    self.tally
                        .failures
                        .push(format!("{key}: the replay answered {replay} after {body}"));
                }
            }
        }
        let item: Result<TimelineItem, _> = serde_json::from_str(&body);
        match item {
            Ok(item) if item.body == text => {
                self.tally.notes.insert(text, body);
            }
            _ => self
                .tally
                .failures
                .push(format!("{key}: not the note sent: {body}")),
        }
    }

    async fn get(&self, path: &str, query: &[(&str, &str)]) -> Outcome {
        self.send(path, StatusCode::OK, |base| {
            self.client.get(format!("{base}{path}")).query(query)
        })
        .await
    }

    async fn post(&self, path: &str, note: &NewNote, key: &str) -> Outcome {
        self.send(path, StatusCode::CREATED, |base| {
            self.client
                .post(format!("{base}{path}"))
                .header("idempotency-key", key)
                .json(note)
        })
        .await
    }

    /// Sends the request `build` makes for the current server; when that
    /// server cannot be reached (or drops the connection) and there is
    /// another, moves to the next one for good and sends it there, as a
    /// client behind a load balancer does.
    async fn send(
        &self,
        path: &str,
        expected: StatusCode,
        build: impl Fn(&str) -> reqwest::RequestBuilder,
    ) -> Outcome {
        let bases = &self.servers.bases;
        let current = self.current.load(Ordering::Relaxed);
        let outcome = timed(path, expected, build(&bases[current])).await;
        if outcome.micros.is_some() || bases.len() == 1 {
            return outcome;
        }
        let next = (current + 1) % bases.len();
        // Requests in flight at once fail together: move only once for them.
        let _ = self
            .current
            .compare_exchange(current, next, Ordering::Relaxed, Ordering::Relaxed);
        self.failovers.fetch_add(1, Ordering::Relaxed);
        let now = self.current.load(Ordering::Relaxed);
        timed(path, expected, build(&bases[now])).await
    }

    /// Counts the `outcome` of a note request; the body when it succeeded.
    fn record_write(&mut self, outcome: Outcome) -> Option<String> {
        self.tally.write_latencies.extend(outcome.micros);
        self.record(outcome)
    }

    /// Counts `outcome`; the body when it succeeded.
    fn record(&mut self, outcome: Outcome) -> Option<String> {
        self.tally.latencies.extend(outcome.micros);
        match outcome.result {
            Ok(body) => Some(body),
            Err(failure) => {
                self.tally.failures.push(failure);
                None
            }
        }
    }
}

/// A request's duration (when it was answered) and its body, or why it failed.
struct Outcome {
    micros: Option<u64>,
    result: Result<String, String>,
}

/// Sends `request`, expecting `expected`.
async fn timed(path: &str, expected: StatusCode, request: reqwest::RequestBuilder) -> Outcome {
    let started = Instant::now();
    let response = match request.send().await {
        Ok(response) => response,
        Err(error) => {
            return Outcome {
                micros: None,
                result: Err(format!("{path}: {error:?}")),
            }
        }
    };
    let status = response.status();
    let body = response.text().await;
    let micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
    let result = match body {
        Ok(body) if status == expected => Ok(body),
        Ok(body) => Err(format!("{path}: {status}: {body}")),
        Err(error) => Err(format!("{path}: {status}, body lost: {error:?}")),
    };
    Outcome {
        micros: Some(micros),
        result,
    }
}

/// `name` from the environment as a number, or `default`.
fn env_number(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(text) => text
            .parse()
            .unwrap_or_else(|_| panic!("{name} must be a whole number, got {text:?}")),
        Err(_) => default,
    }
}

/// The `p`th percentile of the `sorted` microseconds, in milliseconds.
fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((sorted.len() as f64 * p / 100.0).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1] as f64 / 1000.0
}

/// Runs `agents` agents for `seconds`, agent `n` starting on server
/// `n % bases.len()`, while `meanwhile` runs; prints the run's summary
/// line, asserts that nothing failed, and returns what they saw.
async fn run_agents(
    label: &str,
    bases: Vec<String>,
    agents: usize,
    seconds: u64,
    meanwhile: impl std::future::Future<Output = ()>,
) -> Tally {
    // One client shared by every agent; its pool keeps as many idle
    // connections as the agents can have requests in flight (five reads
    // each).
    let client = Client::builder()
        .pool_max_idle_per_host(agents * 5)
        .pool_idle_timeout(Duration::from_secs(90))
        .timeout(REQUEST_TIMEOUT)
        .connect_timeout(Duration::from_secs(5))
        .tcp_nodelay(true)
        .build()
        .expect("HTTP client");
    let servers = Arc::new(Servers { bases });
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let runs = (0..agents).map(|number| {
        let agent = Agent {
            number,
            current: AtomicUsize::new(number % servers.bases.len()),
            servers: Arc::clone(&servers),
            failovers: AtomicUsize::new(0),
            client: client.clone(),
            rng: Rng(0x5EED ^ number as u64),
            tally: Tally::default(),
        };
        tokio::spawn(agent.run(deadline))
    });
    let all = async { tokio::join!(join_all(runs), meanwhile).0 };
    let finished = tokio::time::timeout(Duration::from_secs(seconds) + GRACE, all)
        .await
        .expect("the agents finish soon after the deadline");
    let elapsed = started.elapsed();
    let mut tally = Tally::default();
    for run in finished {
        tally.merge(run.expect("an agent panicked"));
    }

    tally.latencies.sort_unstable();
    tally.write_latencies.sort_unstable();
    let requests = tally.latencies.len();
    println!(
        "{label}: {agents} agents on {} server(s) for {:.1} s: {requests} requests \
         ({:.0}/s), {} notes ({} replayed, {} abandoned and retried, {} requests moved \
         to another server), p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms \
         (notes: p50 {:.1} ms, p99 {:.1} ms), {} failures",
        servers.bases.len(),
        elapsed.as_secs_f64(),
        requests as f64 / elapsed.as_secs_f64(),
        tally.notes.len(),
        tally.replayed,
        tally.abandoned,
        tally.failovers,
        percentile(&tally.latencies, 50.0),
        percentile(&tally.latencies, 99.0),
        percentile(&tally.latencies, 100.0),
        percentile(&tally.write_latencies, 50.0),
        percentile(&tally.write_latencies, 99.0),
        tally.failures.len(),
    );
    assert!(
        tally.failures.is_empty(),
        "{} failed requests, the first ones: {:#?}",
        tally.failures.len(),
        &tally.failures[..tally.failures.len().min(20)]
    );
    assert!(requests > 0 && !tally.notes.is_empty(), "the agents worked");
    tally
}

/// The number of notes in `db`.
async fn notes(db: &TestDb) -> i64 {
    db.count("SELECT count(*) FROM timeline_items WHERE kind = 'note'")
        .await
}

/// Every note `tally` acknowledged is in `db` exactly once, and no other
/// was added since there were `before`.
async fn assert_stored_once(db: &TestDb, tally: &Tally, before: i64) {
    let stored = db
        .pairs(
            "SELECT body, count(*) FROM timeline_items
             WHERE kind = 'note' AND body LIKE 'load agent %' GROUP BY body",
        )
        .await;
    let stored: HashMap<String, i64> = stored.into_iter().collect();
    let duplicated: Vec<_> = stored.iter().filter(|(_, n)| **n != 1).collect();
    assert!(
        duplicated.is_empty(),
        "stored more than once: {duplicated:?}"
    );
    let missing: Vec<_> = tally
        .notes
        .keys()
        .filter(|text| !stored.contains_key(*text))
        .collect();
    assert!(
        missing.is_empty(),
        "acknowledged but not stored: {missing:?}"
    );
    assert_eq!(
        notes(db).await - before,
        i64::try_from(tally.notes.len()).expect("count"),
        "only the acknowledged notes were added"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_agents_read_search_and_add_notes_with_no_errors_and_no_duplicates() {
    let seconds = env_number("CS_LOAD_SECONDS", 60);
    let agents = usize::try_from(env_number("CS_LOAD_AGENTS", 200)).expect("agent count");
    let server = TestServer::start().await;
    if let TestDb::Sqlite(db) = &server.db {
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(db)
            .await
            .expect("journal mode");
        assert_eq!(mode, "wal", "the server under test runs on a WAL file");
    }
    let before = notes(&server.db).await;
    let bases = vec![server.base.clone()];
    let tally = run_agents("load", bases, agents, seconds, async {}).await;
    assert_stored_once(&server.db, &tally, before).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn agents_on_two_servers_go_on_when_one_is_killed_and_every_note_is_stored_once() {
    let seconds = env_number("CS_FAILOVER_SECONDS", 20);
    let agents = usize::try_from(env_number("CS_LOAD_AGENTS", 200)).expect("agent count");
    let database = TestDatabase::seeded().await;
    let survivor = ServerProcess::start(&database.database);
    let mut victim = ServerProcess::start(&database.database);
    let db = database.connect().await;
    let before = notes(&db).await;
    let bases = vec![survivor.base.clone(), victim.base.clone()];
    let kill = async {
        tokio::time::sleep(Duration::from_secs(seconds) / 2).await;
        victim.kill();
    };
    let tally = run_agents("failover", bases, agents, seconds, kill).await;
    assert!(tally.failovers > 0, "the killed server's agents moved");
    assert_stored_once(&db, &tally, before).await;
    db.close().await;
}
