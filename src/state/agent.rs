//! The agent the page is signed in as: asked of the API (`GET /me`) with
//! the console's token when the page opens and again whenever the console
//! hands over another token, since the console may sign another agent in.
//! What must be sent as one agent (their pending notes) asks here for
//! that agent's token and gets it only while the page is signed in as them.
//! A failed answer never signs the agent out: the last confirmed agent
//! stays (their token no longer confirmed), and the failure is said apart.

use customer_summary_model::Actor;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiClient, ApiError};
use crate::console::ConsoleLink;

/// Who the page acts as, once the API said so.
#[derive(Clone, Copy, Debug)]
pub struct CurrentAgent {
    /// The agent the API last named, and the token it named them for.
    signed_in: RwSignal<Option<SignedIn>>,
    /// Why the last question failed; `None` once answered.
    error: RwSignal<Option<ApiError>>,
    /// Bumped to ask again after a failure: by Retry, or by itself after a
    /// failure that may pass, with backoff.
    retries: RwSignal<u32>,
    /// Failed answers in a row, for the backoff.
    failures: StoredValue<u32>,
    api: StoredValue<ApiClient>,
}

/// An agent and the token the API named them for.
#[derive(Clone, Debug, PartialEq)]
struct SignedIn {
    agent: Actor,
    token: Option<String>,
}

impl CurrentAgent {
    /// Provides the agent, asked of `api` now and after every new token
    /// from `console`.
    pub fn provide(api: ApiClient, console: Option<ConsoleLink>) -> Self {
        let current = CurrentAgent {
            signed_in: RwSignal::new(None),
            error: RwSignal::new(None),
            retries: RwSignal::new(0),
            failures: StoredValue::new(0),
            api: StoredValue::new(api),
        };
        Effect::new(move |_| {
            current.retries.track();
            if let Some(console) = console {
                console.track_token();
            }
            let api = current.api.get_value();
            let token = api.console_token();
            spawn_local(async move {
                let answer = api.me(token.as_deref()).await;
                // A newer token is being asked about already; and the page
                // may be gone by the time the answer comes.
                if api.console_token() != token {
                    return;
                }
                let Some(failures) = current.failures.try_get_value() else {
                    return;
                };
                let error = match answer {
                    Ok(agent) => {
                        current.failures.set_value(0);
                        _ = current.error.try_set(None);
                        _ = current.signed_in.try_set(Some(SignedIn { agent, token }));
                        return;
                    }
                    Err(error) => error,
                };
                current.failures.set_value(failures + 1);
                let wait = error.retry_in_ms(failures);
                let unauthorized = matches!(error, ApiError::Unauthorized);
                let transient = error.is_transient();
                if current.error.try_set(Some(error)).is_some() {
                    return; // the page is gone
                }
                if unauthorized {
                    // The console's new token comes as a new context, which
                    // asks again.
                    TimeoutFuture::new(wait).await;
                    api.renew_console_token().await;
                } else if transient {
                    TimeoutFuture::new(wait).await;
                    _ = current.retries.try_update(|n| *n += 1);
                }
            });
        });
        provide_context(current);
        current
    }

    pub fn expect() -> Self {
        expect_context()
    }

    /// The agent the API last named, once it did.
    pub fn get(&self) -> Option<Actor> {
        self.signed_in
            .with(|signed_in| signed_in.as_ref().map(|signed_in| signed_in.agent.clone()))
    }

    /// Why the API could not say, the last time it was asked, who the page
    /// is signed in as.
    pub fn error(&self) -> Option<ApiError> {
        self.error.get()
    }

    /// Asks the API again.
    pub fn retry(&self) {
        self.retries.update(|n| *n += 1);
    }

    /// What to call `actor` on this page: "You" for the agent's own
    /// entries, else their name.
    pub fn name_of(&self, actor: &Actor) -> String {
        self.signed_in.with(|signed_in| {
            let me = signed_in.as_ref().map(|signed_in| &signed_in.agent);
            actor.shown_to(me).to_owned()
        })
    }

    /// Whether the API last named `agent` (their token may not be
    /// confirmed yet).
    pub fn is(&self, agent: &Actor) -> bool {
        self.signed_in
            .try_with_untracked(|signed_in| {
                signed_in
                    .as_ref()
                    .is_some_and(|signed_in| signed_in.agent.id == agent.id)
            })
            .unwrap_or(false)
    }

    /// The token to send `agent`'s requests with (`Some(None)`: no token,
    /// as in open mode): only while the page is signed in as `agent` with
    /// the console's current token; `None` otherwise (another agent, or a
    /// token not confirmed yet).
    pub fn credentials_of(&self, agent: &Actor) -> Option<Option<String>> {
        let current = self.api.try_with_value(ApiClient::console_token)?;
        self.signed_in
            .try_with_untracked(|signed_in| match signed_in {
                Some(signed_in) if signed_in.agent.id == agent.id && signed_in.token == current => {
                    Some(current)
                }
                _ => None,
            })
            .flatten()
    }
}
