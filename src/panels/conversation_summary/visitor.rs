//! The Visitor details tab: sign-in, browser, OS, location, language.

use customer_summary_model::VisitorDetails;
use leptos::prelude::*;

use crate::components::{Field, FieldList};
use crate::format;

/// What is known about the customer's session.
#[component]
pub fn VisitorTab(visitor: VisitorDetails) -> impl IntoView {
    let authenticated = if visitor.authenticated { "Yes" } else { "No" };
    let language = visitor.language.as_deref().map(format::language_name);
    view! {
        <FieldList>
            <Field label="Authenticated" value=Some(authenticated.to_owned()) />
            <Field label="Browser" value=visitor.browser />
            <Field label="Operating system" value=visitor.os />
            <Field label="Location" value=visitor.location />
            <Field label="Language" value=language />
        </FieldList>
    }
}
