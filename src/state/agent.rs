//! The agent the page is signed in as: asked of the API (`GET /me`) with
//! the console's token when the page opens and again whenever the console
//! hands over another token, since the console may sign another agent in.
//! What must be sent as one agent (their pending notes) asks here for
//! that agent's token and gets it only while the page is signed in as them.

use customer_summary_model::Actor;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiClient, ApiError};
use crate::console::ConsoleLink;

/// Who the page acts as, once the API said so.
#[derive(Clone, Copy, Debug)]
pub struct CurrentAgent {
    signed_in: RwSignal<Option<Result<SignedIn, ApiError>>>,
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
                let unauthorized = matches!(answer, Err(ApiError::Unauthorized));
                let transient = answer.as_ref().is_err_and(ApiError::is_transient);
                let Some(failures) = current.failures.try_get_value() else {
                    return; // the page is gone
                };
                let wait = answer
                    .as_ref()
                    .err()
                    .map_or(0, |error| error.retry_in_ms(failures));
                current
                    .failures
                    .set_value(if answer.is_ok() { 0 } else { failures + 1 });
                let answer = answer.map(|agent| SignedIn { agent, token });
                if current.signed_in.try_set(Some(answer)).is_some() {
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

    /// The agent, once known.
    pub fn get(&self) -> Option<Actor> {
        self.signed_in.with(|signed_in| match signed_in {
            Some(Ok(signed_in)) => Some(signed_in.agent.clone()),
            _ => None,
        })
    }

    /// Why the API could not say who the page is signed in as, if so.
    pub fn error(&self) -> Option<ApiError> {
        self.signed_in.with(|signed_in| match signed_in {
            Some(Err(error)) => Some(error.clone()),
            _ => None,
        })
    }

    /// Asks the API again.
    pub fn retry(&self) {
        self.retries.update(|n| *n += 1);
    }

    /// What to call `actor` on this page: "You" for the agent's own
    /// entries, else their name.
    pub fn name_of(&self, actor: &Actor) -> String {
        self.signed_in.with(|signed_in| {
            let me = match signed_in {
                Some(Ok(signed_in)) => Some(&signed_in.agent),
                _ => None,
            };
            actor.shown_to(me).to_owned()
        })
    }

    /// The token to send `agent`'s requests with (`Some(None)`: no token,
    /// as in open mode): only while the page is signed in as `agent` with
    /// the console's current token; `None` otherwise (another agent, or a
    /// token not confirmed yet).
    pub fn credentials_of(&self, agent: &Actor) -> Option<Option<String>> {
        let current = self.api.try_with_value(ApiClient::console_token)?;
        self.signed_in
            .try_with_untracked(|signed_in| match signed_in {
                Some(Ok(signed_in))
                    if signed_in.agent.id == agent.id && signed_in.token == current =>
                {
                    Some(current)
                }
                _ => None,
            })
            .flatten()
    }
}
