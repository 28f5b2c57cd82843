//! Replies the page asked for before the app started: index.html's inline
//! script fetches `config.json` and the summary's first GETs while the
//! wasm downloads and compiles. The first request for one of those URLs
//! adopts its reply instead of asking again; any later one asks the
//! server as usual.

use std::future::Future;

use gloo_net::http::Response;
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The global function of index.html's script that hands out its replies.
const EARLY: &str = "customerSummaryEarly";

/// The reply to `url` the page already asked for, if it did and nothing
/// took it yet; it is then no longer asked for early. It fails with the
/// browser's reason when the request did.
pub fn take(url: &str) -> Option<impl Future<Output = Result<Response, String>>> {
    let early: Function = Reflect::get(&js_sys::global(), &EARLY.into())
        .ok()?
        .dyn_into()
        .ok()?;
    let reply: Promise = early
        .call1(&JsValue::NULL, &url.into())
        .ok()?
        .dyn_into()
        .ok()?;
    Some(async move {
        JsFuture::from(reply)
            .await
            .map(|reply| Response::from(reply.unchecked_into::<web_sys::Response>()))
            .map_err(|error| {
                // A fetch rejects with a TypeError whose message says why.
                Reflect::get(&error, &"message".into())
                    .ok()
                    .and_then(|message| message.as_string())
                    .unwrap_or_else(|| "the request failed".to_owned())
            })
    })
}
