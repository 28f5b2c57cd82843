//! Bodies of the create and link requests, and their validation: the app
//! runs it to explain errors next to each field, the server runs the same
//! rules and answers 400 naming the first field at fault.

use serde::{Deserialize, Serialize};

use crate::Priority;

/// The longest note text accepted, in characters.
pub const NOTE_TEXT_LIMIT: usize = 100_000;
/// The longest name, title or other single-line field, in characters.
pub const LINE_LIMIT: usize = 200;

/// One field's problem.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field's name in the request body, such as `last_name`.
    pub field: String,
    pub message: String,
}

/// Everything wrong with a form, field by field (empty when it is valid).
pub type FieldErrors = Vec<FieldError>;

/// A contact to create and link. Strings are stored exactly as sent; blank
/// optional ones become null. Validation: `last_name` not blank; single-line
/// fields at most 200 characters; `email` like name@example.com; phones 7 to 15
/// digits with spaces, dashes, dots, brackets and a leading + allowed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewContact {
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub first_name: Option<String>,
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub last_name: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub job_title: Option<String>,
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub email: Option<String>,
    pub mobile_phone: Option<String>,
    pub business_phone: Option<String>,
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub city: Option<String>,
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub country: Option<String>,
}

/// An account to create and link. Strings are stored exactly as sent; blank
/// optional ones become null. Validation: `name` not blank; single-line fields
/// at most 200 characters; `email` and `main_phone` as for contacts;
/// `account_number` unique.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewAccount {
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub account_number: Option<String>,
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub email: Option<String>,
    pub main_phone: Option<String>,
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub city: Option<String>,
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub country: Option<String>,
}

/// A case to create for the conversation's customer. Validation: `title` not
/// blank, at most 200 characters; `description` at most 100,000 characters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewCase {
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub title: String,
    pub priority: Priority,
    #[cfg_attr(feature = "openapi", schema(max_length = 100000))]
    pub description: Option<String>,
}

/// A quick note. Validation: `text` not blank and at most 100,000 characters
/// (`At most 100000 characters.`); `title` at most 200. Without a (non-blank)
/// title, the title is the first non-blank line of the text, trimmed, cut to 80
/// characters. The text is stored byte for byte.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewNote {
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub title: Option<String>,
    #[cfg_attr(feature = "openapi", schema(max_length = 100000))]
    pub text: String,
}

/// `PUT /conversations/{id}/case`: the case to link.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseLink {
    pub id: i64,
}

impl NewContact {
    pub fn validate(&self) -> FieldErrors {
        let mut errors = Vec::new();
        required(
            &mut errors,
            "last_name",
            "A contact needs a last name.",
            &self.last_name,
        );
        for (field, value) in [
            ("first_name", &self.first_name),
            ("job_title", &self.job_title),
            ("city", &self.city),
            ("country", &self.country),
        ] {
            optional_line(&mut errors, field, value);
        }
        email(&mut errors, "email", &self.email);
        phone(&mut errors, "mobile_phone", &self.mobile_phone);
        phone(&mut errors, "business_phone", &self.business_phone);
        errors
    }
}

impl NewAccount {
    pub fn validate(&self) -> FieldErrors {
        let mut errors = Vec::new();
        required(&mut errors, "name", "An account needs a name.", &self.name);
        for (field, value) in [
            ("account_number", &self.account_number),
            ("city", &self.city),
            ("country", &self.country),
        ] {
            optional_line(&mut errors, field, value);
        }
        email(&mut errors, "email", &self.email);
        phone(&mut errors, "main_phone", &self.main_phone);
        errors
    }
}

impl NewCase {
    pub fn validate(&self) -> FieldErrors {
        let mut errors = Vec::new();
        required(&mut errors, "title", "A case needs a title.", &self.title);
        too_long(
            &mut errors,
            "description",
            self.description.as_deref(),
            NOTE_TEXT_LIMIT,
        );
        errors
    }
}

impl NewNote {
    pub fn validate(&self) -> FieldErrors {
        let mut errors = Vec::new();
        optional_line(&mut errors, "title", &self.title);
        if self.text.trim().is_empty() {
            push(&mut errors, "text", "Write the note before saving it.");
        } else {
            too_long(&mut errors, "text", Some(&self.text), NOTE_TEXT_LIMIT);
        }
        errors
    }
}

pub(crate) fn push(errors: &mut FieldErrors, field: &str, message: impl Into<String>) {
    errors.push(FieldError {
        field: field.to_owned(),
        message: message.into(),
    });
}

fn required(errors: &mut FieldErrors, field: &str, message: &str, value: &str) {
    if value.trim().is_empty() {
        push(errors, field, message);
    } else {
        too_long(errors, field, Some(value), LINE_LIMIT);
    }
}

pub(crate) fn optional_line(errors: &mut FieldErrors, field: &str, value: &Option<String>) {
    too_long(errors, field, value.as_deref(), LINE_LIMIT);
}

pub(crate) fn too_long(errors: &mut FieldErrors, field: &str, value: Option<&str>, limit: usize) {
    if value.is_some_and(|v| v.chars().count() > limit) {
        push(errors, field, format!("At most {limit} characters."));
    }
}

fn email(errors: &mut FieldErrors, field: &str, value: &Option<String>) {
    if let Some(value) = value.as_deref().filter(|v| !v.is_empty()) {
        if !is_email(value) {
            push(
                errors,
                field,
                "Enter an email address such as name@example.com.",
            );
        }
    }
}

fn phone(errors: &mut FieldErrors, field: &str, value: &Option<String>) {
    if let Some(value) = value.as_deref().filter(|v| !v.is_empty()) {
        if !is_phone(value) {
            push(
                errors,
                field,
                "Enter a phone number of 7 to 15 digits; spaces, dashes, dots, brackets and a leading + are fine.",
            );
        }
    }
}

/// One `@`, something before it, a dotted domain after it, no spaces.
pub fn is_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && value.chars().count() <= LINE_LIMIT
        && !value.chars().any(char::is_whitespace)
        && !domain.contains('@')
        && domain.split('.').count() >= 2
        && domain.split('.').all(|part| !part.is_empty())
}

/// 7 to 15 digits (E.164), optionally a leading `+`, and separators.
pub fn is_phone(value: &str) -> bool {
    let body = value.strip_prefix('+').unwrap_or(value);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    (7..=15).contains(&digits)
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(errors: &FieldErrors) -> Vec<&str> {
        errors.iter().map(|e| e.field.as_str()).collect()
    }

    #[test]
    fn a_contact_needs_a_last_name_and_well_formed_email_and_phones() {
        let mut contact = NewContact {
            last_name: "  ".into(),
            email: Some("maria@".into()),
            mobile_phone: Some("call me".into()),
            business_phone: Some("+44 (20) 7946-0958".into()),
            ..NewContact::default()
        };
        assert_eq!(
            fields(&contact.validate()),
            ["last_name", "email", "mobile_phone"]
        );
        contact.last_name = "Campbell".into();
        contact.email = Some("maria@contoso.example".into());
        contact.mobile_phone = None;
        assert!(contact.validate().is_empty());
    }

    #[test]
    fn emails_and_phones() {
        for good in ["a@b.co", "zoë.lefèvre@contoso.example"] {
            assert!(is_email(good), "{good}");
        }
        for bad in ["", "a@b", "@b.co", "a b@c.co", "a@@b.co", "a@b..co"] {
            assert!(!is_email(bad), "{bad}");
        }
        assert!(is_phone("+337000174984"));
        assert!(!is_phone("12345"));
        assert!(!is_phone("+1 555 CALL NOW"));
    }

    #[test]
    fn notes_need_text_within_the_limit() {
        let note = |text: String| NewNote { title: None, text };
        assert_eq!(fields(&note(" \n".into()).validate()), ["text"]);
        assert!(note("x".repeat(NOTE_TEXT_LIMIT)).validate().is_empty());
        let errors = note("x".repeat(NOTE_TEXT_LIMIT + 1)).validate();
        assert_eq!(errors[0].message, "At most 100000 characters.");
    }

    #[test]
    fn accounts_and_cases_need_a_name_or_title() {
        assert_eq!(fields(&NewAccount::default().validate()), ["name"]);
        let case = NewCase {
            title: String::new(),
            priority: Priority::Normal,
            description: None,
        };
        assert_eq!(fields(&case.validate()), ["title"]);
    }
}
