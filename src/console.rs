//! The app's side of the agent-console protocol (docs/embedding.md): the
//! conversation and access token the console hands over, and the messages
//! the app sends back.
//!
//! A message is accepted only when its origin is exactly one of the
//! configured console origins and it comes from `window.parent`; anything
//! else is ignored and logged (without its content). The app answers only to
//! the exact origin of the console that sent the context, never `*`. The
//! token lives in memory only.

use std::sync::Arc;

use customer_summary_model::{AppMessage, HostMessage, Links, Theme, PROTOCOL_VERSION};
use futures::channel::oneshot;
use futures::future::{select, Either};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// How long to wait for a fresh token after asking the console.
const TOKEN_WAIT_MS: u32 = 10_000;

/// The link to the agent console embedding the app, if any.
#[derive(Clone, Copy, Debug)]
pub struct ConsoleLink {
    /// The conversation the console asked for, once it did.
    pub conversation: RwSignal<Option<i64>>,
    token: RwSignal<Option<String>>,
    /// The exact origin of the console that sent the context.
    console_origin: RwSignal<Option<String>>,
    origins: StoredValue<Arc<Vec<String>>>,
    token_waiters: StoredValue<Vec<oneshot::Sender<String>>, LocalStorage>,
    /// The content height last sent to the console.
    sent_height: StoredValue<u32>,
}

impl ConsoleLink {
    /// Starts listening to the console (when the app is framed and console
    /// origins are configured) and tells it the app is ready.
    pub fn start(origins: Vec<String>) -> Self {
        let link = ConsoleLink {
            conversation: RwSignal::new(None),
            token: RwSignal::new(None),
            console_origin: RwSignal::new(None),
            origins: StoredValue::new(Arc::new(origins)),
            token_waiters: StoredValue::new_local(Vec::new()),
            sent_height: StoredValue::new(0),
        };
        if is_framed() && !link.origins.with_value(|o| o.is_empty()) {
            let handle = window_event_listener(leptos::ev::message, move |event| {
                link.receive(&event);
            });
            // The listener lives as long as the page.
            std::mem::forget(handle);
            link.announce_ready();
            link.report_height();
        }
        provide_context(link);
        link
    }

    pub fn expect() -> Self {
        expect_context()
    }

    /// Whether the page runs inside a console that may send the context.
    pub fn is_embedded(&self) -> bool {
        is_framed() && !self.origins.with_value(|o| o.is_empty())
    }

    /// The bearer token the console handed over, if any.
    pub fn token(&self) -> Option<String> {
        self.token.get_untracked()
    }

    /// Makes the running effect re-run whenever the console hands over a
    /// token, which may sign another agent in.
    pub fn track_token(&self) {
        self.token.track();
    }

    /// Asks the console for a fresh token (after a 401) and waits for it.
    pub async fn renew_token(&self) -> Option<String> {
        // Only a console that sent the context can be asked.
        self.console_origin.get_untracked()?;
        let (sender, receiver) = oneshot::channel();
        self.token_waiters
            .update_value(|waiters| waiters.push(sender));
        self.post(&AppMessage::TokenRequest {
            version: PROTOCOL_VERSION,
        });
        match select(receiver, TimeoutFuture::new(TOKEN_WAIT_MS)).await {
            Either::Left((Ok(token), _)) => Some(token),
            _ => None,
        }
    }

    /// Tells the console the links changed.
    pub fn links_changed(&self, conversation_id: i64, links: Links) {
        self.post(&AppMessage::LinksChanged {
            version: PROTOCOL_VERSION,
            conversation_id,
            links,
        });
    }

    fn receive(&self, event: &web_sys::MessageEvent) {
        let origin = event.origin();
        let trusted = self.origins.with_value(|o| o.contains(&origin)) && is_from_parent(event);
        if !trusted {
            ignore(&origin, "not from the configured console");
            return;
        }
        let message = js_sys::JSON::stringify(&event.data())
            .ok()
            .and_then(|text| text.as_string())
            .and_then(|text| serde_json::from_str::<HostMessage>(&text).ok());
        let Some(message) = message else {
            ignore(&origin, "not a message of this protocol");
            return;
        };
        if message.version() != PROTOCOL_VERSION {
            ignore(&origin, "of an unsupported protocol version");
            return;
        }
        let first_contact = self.console_origin.get_untracked().is_none();
        self.console_origin.set(Some(origin));
        if first_contact {
            self.send_height();
        }
        match message {
            HostMessage::Context {
                conversation_id,
                access_token,
                locale,
                theme,
                ..
            } => {
                if let Some(token) = access_token {
                    self.accept_token(token);
                }
                apply_presentation(locale.as_deref(), theme);
                // The console re-sends the context with each new token; only a
                // different conversation replaces the panels.
                self.conversation.maybe_update(|current| {
                    let changed = *current != Some(conversation_id);
                    *current = Some(conversation_id);
                    changed
                });
            }
            HostMessage::Token { access_token, .. } => self.accept_token(access_token),
        }
    }

    fn accept_token(&self, token: String) {
        self.token.set(Some(token.clone()));
        let waiters = self
            .token_waiters
            .try_update_value(std::mem::take)
            .unwrap_or_default();
        for waiter in waiters {
            // A waiter that gave up has dropped its receiver; nothing to do.
            let _ = waiter.send(token.clone());
        }
    }

    /// `ready` goes to every configured origin: the browser delivers it only
    /// to the one that is really the parent.
    fn announce_ready(&self) {
        let message = to_js(&AppMessage::Ready {
            version: PROTOCOL_VERSION,
        });
        self.origins.with_value(|origins| {
            for origin in origins.iter() {
                post_to_parent(&message, origin);
            }
        });
    }

    fn post(&self, message: &AppMessage) {
        if let Some(origin) = self.console_origin.get_untracked() {
            post_to_parent(&to_js(message), &origin);
        }
    }

    /// Reports the content's height whenever it changes, so the console can
    /// size the iframe: the root element's box changes size with the
    /// content (panels loading, tabs, expanded or collapsed text, a window
    /// resize), so the browser says when, and nothing polls.
    fn report_height(&self) {
        let link = *self;
        let on_resize = Closure::<dyn Fn()>::new(move || link.send_height());
        let observer = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref());
        if let (Ok(observer), Some(root)) = (observer, document().document_element()) {
            observer.observe(&root);
        }
        // Both live as long as the page.
        on_resize.forget();
    }

    /// Sends the content's height if it changed since last sent; nothing
    /// before the console has made contact, as there is nobody to send to.
    fn send_height(&self) {
        if self.console_origin.get_untracked().is_none() {
            return;
        }
        // The root's own height, not its scroll height: that one never
        // drops below the iframe's, so the iframe could grow but not shrink.
        let height = document()
            .document_element()
            .map(|root| root.get_bounding_client_rect().height().ceil() as u32)
            .unwrap_or(0);
        if height > 0 && height != self.sent_height.get_value() {
            self.sent_height.set_value(height);
            self.post(&AppMessage::Height {
                version: PROTOCOL_VERSION,
                height,
            });
        }
    }
}

fn is_framed() -> bool {
    let window = window();
    match window.parent() {
        Ok(Some(parent)) => !js_sys::Object::is(&parent, &window),
        _ => false,
    }
}

fn is_from_parent(event: &web_sys::MessageEvent) -> bool {
    match (event.source(), window().parent()) {
        (Some(source), Ok(Some(parent))) => js_sys::Object::is(&source, &parent),
        _ => false,
    }
}

fn post_to_parent(message: &JsValue, origin: &str) {
    if let Ok(Some(parent)) = window().parent() {
        // Posting fails only for an origin string that is not an origin,
        // which config.json validation rules out.
        let _ = parent.post_message(message, origin);
    }
}

fn to_js(message: &AppMessage) -> JsValue {
    let text = serde_json::to_string(message).unwrap_or_default();
    js_sys::JSON::parse(&text).unwrap_or(JsValue::NULL)
}

/// Logs an ignored message by origin and reason, never its content (it may
/// carry a token).
fn ignore(origin: &str, why: &str) {
    web_sys::console::warn_1(
        &format!("Customer Summary ignored a message from {origin}: {why}.").into(),
    );
}

/// The console's locale and theme, for the page's language and colours.
/// Each context says the theme anew; one without leaves it to the system.
fn apply_presentation(locale: Option<&str>, theme: Option<Theme>) {
    let Some(root) = document().document_element() else {
        return;
    };
    // Setting an attribute on the root element cannot fail.
    // Intl throws on a malformed tag, so only well-formed ones are applied.
    if let Some(locale) = locale.filter(|tag| is_language_tag(tag)) {
        let _ = root.set_attribute("lang", locale);
        let _ = root.set_attribute(crate::format::LOCALE_ATTRIBUTE, locale);
    }
    // No theme in a context: the console leaves it to the system again.
    let _ = match theme {
        Some(Theme::Light) => root.set_attribute("data-theme", "light"),
        Some(Theme::Dark) => root.set_attribute("data-theme", "dark"),
        None => root.remove_attribute("data-theme"),
    };
}

/// Whether `tag` has the shape of a BCP-47 language tag ("fr", "fr-CA",
/// "zh-Hant-TW").
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let language = parts.next().unwrap_or_default();
    (2..=8).contains(&language.len())
        && language.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|part| {
            (1..=8).contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphanumeric())
        })
}

#[cfg(test)]
mod tests {
    use super::is_language_tag;

    #[test]
    fn only_well_formed_language_tags_are_applied() {
        for good in ["fr", "fr-CA", "zh-Hant-TW", "es-419"] {
            assert!(is_language_tag(good), "{good}");
        }
        for bad in [
            "",
            "f",
            "fr_CA",
            "fr--CA",
            "<script>",
            "en-",
            "toolonglanguage",
        ] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }
}
