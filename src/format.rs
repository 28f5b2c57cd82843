//! Times, durations and language names in the agent's own locale and time
//! zone, through the browser's `Intl` (so no locale or time-zone data ships
//! in the wasm). The pure arithmetic is separate so it is tested natively.

use customer_summary_model::Millis;
use js_sys::{Array, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

/// The attribute of the root element holding the locale the agent console
/// asked for; without it, the browser's own locale is used.
pub const LOCALE_ATTRIBUTE: &str = "data-locale";

fn locales() -> Array {
    let chosen = leptos::prelude::document()
        .document_element()
        .and_then(|root| root.get_attribute(LOCALE_ATTRIBUTE));
    match chosen {
        Some(locale) => Array::of1(&locale.into()),
        None => Array::new(),
    }
}

/// The current time, from the browser's clock.
pub fn now() -> Millis {
    js_sys::Date::now() as Millis
}

/// A date and time such as "25 Nov 2026, 14:09", in the agent's locale.
pub fn date_time(at: Millis) -> String {
    let options = options(&[("dateStyle", "medium"), ("timeStyle", "short")]);
    let format = Intl::DateTimeFormat::new(&locales(), &options).format();
    let date = js_sys::Date::new(&JsValue::from_f64(at as f64));
    format
        .call1(&JsValue::NULL, &date)
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_else(|| String::from(date.to_iso_string()))
}

/// How long ago `at` was, such as "5 minutes ago", in the agent's locale.
pub fn relative(at: Millis, now: Millis) -> String {
    let (value, unit) = relative_parts((at - now) / 1000);
    let options = options(&[("numeric", "auto")]);
    Intl::RelativeTimeFormat::new(&locales(), &options)
        .format(value as f64, unit)
        .into()
}

/// A language's name from its BCP-47 tag ("fr-CA" reads "Canadian French"),
/// or the tag itself when the browser does not know it.
pub fn language_name(tag: &str) -> String {
    display_language(tag).unwrap_or_else(|| tag.to_owned())
}

fn display_language(tag: &str) -> Option<String> {
    // Intl.DisplayNames has no js-sys binding: construct it by name.
    let intl = Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let display_names: js_sys::Function = Reflect::get(&intl, &"DisplayNames".into()).ok()?.into();
    let args = Array::of2(&locales(), &options(&[("type", "language")]));
    let names = Reflect::construct(&display_names, &args).ok()?;
    let of: js_sys::Function = Reflect::get(&names, &"of".into()).ok()?.into();
    of.call1(&names, &tag.into()).ok()?.as_string()
}

fn options(pairs: &[(&str, &str)]) -> Object {
    let object = Object::new();
    for (key, value) in pairs {
        // Setting a plain property on a fresh object cannot fail.
        let _ = Reflect::set(&object, &(*key).into(), &(*value).into());
    }
    object
}

/// Picks the unit a person would use for a signed number of seconds.
pub fn relative_parts(seconds: i64) -> (i64, &'static str) {
    const UNITS: [(i64, &str); 6] = [
        (365 * 24 * 3600, "year"),
        (30 * 24 * 3600, "month"),
        (24 * 3600, "day"),
        (3600, "hour"),
        (60, "minute"),
        (1, "second"),
    ];
    UNITS
        .into_iter()
        .find(|(size, _)| seconds.abs() >= *size)
        .map(|(size, unit)| (seconds / size, unit))
        .unwrap_or((0, "second"))
}

/// A waiting time such as "45s", "4m 05s" or "1h 02m 03s".
pub fn duration(seconds: i64) -> String {
    let seconds = seconds.max(0);
    let (hours, minutes, secs) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    match (hours, minutes) {
        (0, 0) => format!("{secs}s"),
        (0, _) => format!("{minutes}m {secs:02}s"),
        _ => format!("{hours}h {minutes:02}m {secs:02}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_like_a_clock() {
        assert_eq!(duration(0), "0s");
        assert_eq!(duration(45), "45s");
        assert_eq!(duration(245), "4m 05s");
        assert_eq!(duration(3723), "1h 02m 03s");
        assert_eq!(duration(-5), "0s");
    }

    #[test]
    fn relative_times_pick_the_largest_whole_unit() {
        assert_eq!(relative_parts(-30), (-30, "second"));
        assert_eq!(relative_parts(-300), (-5, "minute"));
        assert_eq!(relative_parts(-2 * 86_400 - 10), (-2, "day"));
        assert_eq!(relative_parts(0), (0, "second"));
    }
}
