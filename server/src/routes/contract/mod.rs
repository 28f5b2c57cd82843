//! The API contract, `docs/openapi.json`, generated from the code: the
//! operations from the handlers the router serves (`#[utoipa::path]` on
//! each, collected by `routes!`), the schemas from the model's types,
//! and here what they share: the overview, the credentials, the shared
//! parameters and error answers. A test keeps the committed document equal
//! to this one.

use utoipa::openapi::path::{Operation, PathItem};
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::OpenApi as Document;
use utoipa::OpenApi;

pub mod params;
pub mod responses;
#[cfg(test)]
mod tests;

pub use responses::Caller;

/// What the whole contract says beside its operations.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Customer Summary API",
        version = "1.0.0",
        description = include_str!("overview.md"),
    ),
    servers((url = "/api/v1")),
    security(("bearer" = [])),
    components(
        schemas(customer_summary_model::ErrorBody, customer_summary_model::LiveEvent),
        responses(
            responses::BadParameter,
            responses::BadBody,
            responses::NotFound,
            responses::IdempotencyConflict,
            responses::LinkConflict,
            responses::CreateConflict,
            responses::StatusConflict,
            responses::Closed,
            responses::ClosedOrKeyConflict,
            responses::TooLarge,
            responses::TooManyRequests,
            responses::Unauthorized,
            responses::Forbidden,
            responses::RateLimited,
            responses::Internal,
            responses::Unavailable,
            responses::NotModified,
        ),
    ),
)]
struct Shared;

/// The contract of the operations in `parts`, each part with who may call
/// its operations.
pub fn document(parts: impl IntoIterator<Item = (Caller, Document)>) -> Document {
    let mut document = Shared::openapi();
    let components = document.components.get_or_insert_with(Default::default);
    components.add_security_scheme("bearer", credential(Some("JWT"), include_str!("bearer.md")));
    components.add_security_scheme(
        "channelKey",
        credential(None, include_str!("channel-key.md")),
    );
    for (caller, mut part) in parts {
        for item in part.paths.paths.values_mut() {
            for operation in operations(item) {
                responses::common(operation, caller);
                match caller {
                    Caller::Anyone => operation.security = Some(Vec::new()),
                    Caller::Channel => {
                        operation.security = Some(vec![SecurityRequirement::new(
                            "channelKey",
                            Vec::<String>::new(),
                        )]);
                        operation.tags = Some(vec!["intake".to_owned()]);
                    }
                    Caller::Agent => {}
                }
            }
        }
        document.merge(part);
    }
    document
}

/// `document` as the JSON text served and committed.
pub fn to_text(mut document: Document) -> String {
    // utoipa names the schema of a type alias after the type it stands
    // for: the model's `Millis` would be a schema called `i64`.
    const ALIASED: &str = "\"#/components/schemas/i64\"";
    const MILLIS: &str = "\"#/components/schemas/Millis\"";
    if let Some(components) = document.components.as_mut() {
        if components.schemas.remove("i64").is_some() {
            let millis = ObjectBuilder::new()
                .schema_type(Type::Integer)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
                .description(Some("Milliseconds since the Unix epoch, UTC."));
            components
                .schemas
                .insert("Millis".to_owned(), millis.into());
        }
    }
    let mut text = document
        .to_pretty_json()
        .expect("the contract serializes")
        .replace(ALIASED, MILLIS);
    text.push('\n');
    text
}

/// An HTTP bearer credential described by `description`.
fn credential(format: Option<&str>, description: &str) -> SecurityScheme {
    let scheme = HttpBuilder::new()
        .scheme(HttpAuthScheme::Bearer)
        .description(Some(description.trim_end()));
    SecurityScheme::Http(match format {
        Some(format) => scheme.bearer_format(format).build(),
        None => scheme.build(),
    })
}

/// The operations of a path, whatever their methods.
fn operations(item: &mut PathItem) -> impl Iterator<Item = &mut Operation> {
    [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.patch,
        &mut item.head,
        &mut item.options,
        &mut item.trace,
    ]
    .into_iter()
    .filter_map(Option::as_mut)
}
