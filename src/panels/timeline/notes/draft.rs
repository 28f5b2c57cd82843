//! The quick note as the agent is typing it.

use customer_summary_model::NewNote;
use serde::{Deserialize, Serialize};

/// The quick note as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NoteDraft {
    pub title: String,
    pub text: String,
}

impl NoteDraft {
    /// The note to send: a blank title is no title; the rest exactly as typed.
    pub fn to_note(&self) -> NewNote {
        NewNote {
            title: (!self.title.trim().is_empty()).then(|| self.title.clone()),
            text: self.text.clone(),
        }
    }

    /// The draft a note came from, to edit it again.
    pub fn from_note(note: NewNote) -> Self {
        Self {
            title: note.title.unwrap_or_default(),
            text: note.text,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.title.is_empty() && self.text.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blank_title_is_no_title_and_the_text_is_kept_as_typed() {
        let draft = NoteDraft {
            title: "  ".into(),
            text: " <b>x</b> 🎉\n".into(),
        };
        assert_eq!(
            draft.to_note(),
            NewNote {
                title: None,
                text: " <b>x</b> 🎉\n".into()
            }
        );
        assert_eq!(NoteDraft::from_note(draft.to_note()).text, draft.text);
    }
}
