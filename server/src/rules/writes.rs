//! What the API's creates store besides what was sent: blank optional
//! fields as none, and a note's default title. Strings are otherwise
//! stored as sent; who wrote it is the request's agent (`auth`).

use customer_summary_model::note_title_from;

/// The value as sent, or `None` when it is missing or blank.
pub fn optional(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|text| !text.trim().is_empty())
}

/// A note's title: the one sent, unless blank, else the one the model
/// derives from `text` ([`note_title_from`]), which the app also knows, so
/// it does not show the body's first line twice.
pub fn note_title(title: &Option<String>, text: &str) -> String {
    optional(title).map_or_else(|| note_title_from(text), str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_without_title_is_named_by_its_first_line() {
        assert_eq!(
            note_title(&None, "\n  Called back  \nsecond"),
            "Called back"
        );
        assert_eq!(
            note_title(&Some(" ".into()), &"é".repeat(100))
                .chars()
                .count(),
            80
        );
        assert_eq!(note_title(&Some(" Mine ".into()), "text"), " Mine ");
        assert_eq!(optional(&Some(" \t".into())), None);
        assert_eq!(optional(&Some(" x ".into())), Some(" x "));
    }
}
