//! Now, as a signal that moves on every second: live waiting times read it.

use std::time::Duration;

use customer_summary_model::Millis;
use leptos::prelude::*;

use crate::format;

/// The time now, updated every second until the owner goes away.
pub fn every_second() -> ReadSignal<Millis> {
    let (now, set_now) = signal(format::now());
    let tick = set_interval_with_handle(move || set_now.set(format::now()), Duration::from_secs(1));
    if let Ok(tick) = tick {
        on_cleanup(move || tick.clear());
    }
    now
}
