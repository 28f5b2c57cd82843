//! Times, durations and language names in the agent's own locale and time
//! zone, through the browser's `Intl` (so no locale or time-zone data ships
//! in the wasm). The pure arithmetic is separate so it is tested natively.

use std::cell::{OnceCell, RefCell};
use std::rc::Rc;

use customer_summary_model::Millis;
use js_sys::{Array, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

/// The attribute of the root element holding the locale the agent console
/// asked for; without it, the browser's own locale is used.
pub const LOCALE_ATTRIBUTE: &str = "data-locale";

/// The locale the agent console asked for, if any.
fn chosen_locale() -> Option<String> {
    leptos::prelude::document()
        .document_element()
        .and_then(|root| root.get_attribute(LOCALE_ATTRIBUTE))
}

/// The `Intl` formatters of one locale, each built on first use: building
/// one costs far more than formatting with it, and a timeline formats
/// every item.
struct Formatters {
    locale: Option<String>,
    date_time: OnceCell<Intl::DateTimeFormat>,
    relative: OnceCell<Intl::RelativeTimeFormat>,
    /// `Intl.DisplayNames` for languages; `None` when the browser lacks it.
    languages: OnceCell<Option<Object>>,
}

impl Formatters {
    fn locales(&self) -> Array {
        match &self.locale {
            Some(locale) => Array::of1(&locale.into()),
            None => Array::new(),
        }
    }

    fn date_time(&self) -> &Intl::DateTimeFormat {
        self.date_time.get_or_init(|| {
            let options = options(&[("dateStyle", "medium"), ("timeStyle", "short")]);
            Intl::DateTimeFormat::new(&self.locales(), &options)
        })
    }

    fn relative(&self) -> &Intl::RelativeTimeFormat {
        self.relative.get_or_init(|| {
            Intl::RelativeTimeFormat::new(&self.locales(), &options(&[("numeric", "auto")]))
        })
    }

    fn languages(&self) -> Option<&Object> {
        self.languages
            .get_or_init(|| language_names(&self.locales()))
            .as_ref()
    }
}

thread_local! {
    static FORMATTERS: RefCell<Option<Rc<Formatters>>> = const { RefCell::new(None) };
}

/// The formatters of the current locale, rebuilt when the console changes it.
fn formatters() -> Rc<Formatters> {
    let locale = chosen_locale();
    FORMATTERS.with_borrow_mut(|cached| match cached {
        Some(formatters) if formatters.locale == locale => formatters.clone(),
        _ => cached
            .insert(Rc::new(Formatters {
                locale,
                date_time: OnceCell::new(),
                relative: OnceCell::new(),
                languages: OnceCell::new(),
            }))
            .clone(),
    })
}

/// Builds the formatters every summary uses. The first one built loads the
/// browser's locale data, which takes tens of milliseconds: better while
/// the panels wait for their data than once it has come.
pub fn prepare() {
    let formatters = formatters();
    formatters.date_time();
    formatters.relative();
}

/// The current time, from the browser's clock.
pub fn now() -> Millis {
    js_sys::Date::now() as Millis
}

/// A date and time such as "25 Nov 2026, 14:09", in the agent's locale.
pub fn date_time(at: Millis) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(at as f64));
    formatters()
        .date_time()
        .format()
        .call1(&JsValue::NULL, &date)
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_else(|| String::from(date.to_iso_string()))
}

/// How long ago `at` was, such as "5 minutes ago", in the agent's locale.
pub fn relative(at: Millis, now: Millis) -> String {
    let (value, unit) = relative_parts((at - now) / 1000);
    formatters().relative().format(value as f64, unit).into()
}

/// A language's name from its BCP-47 tag ("fr-CA" reads "Canadian French"),
/// or the tag itself when the browser does not know it.
pub fn language_name(tag: &str) -> String {
    display_language(tag).unwrap_or_else(|| tag.to_owned())
}

fn display_language(tag: &str) -> Option<String> {
    let formatters = formatters();
    let names = formatters.languages()?;
    let of: js_sys::Function = Reflect::get(names, &"of".into()).ok()?.into();
    of.call1(names, &tag.into()).ok()?.as_string()
}

/// `new Intl.DisplayNames(locales, { type: "language" })`.
fn language_names(locales: &Array) -> Option<Object> {
    // Intl.DisplayNames has no js-sys binding: construct it by name.
    let intl = Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let display_names: js_sys::Function = Reflect::get(&intl, &"DisplayNames".into()).ok()?.into();
    let args = Array::of2(locales, &options(&[("type", "language")]));
    Reflect::construct(&display_names, &args)
        .ok()
        .map(Object::from)
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
