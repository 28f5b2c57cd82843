//! Conditional GET (RFC 9110 §8.8.3, §13.1.2): a JSON reply carries a
//! strong `ETag` made from its body's bytes and `Cache-Control: no-cache`;
//! a request whose `If-None-Match` names that tag already (or is `*`) gets
//! `304 Not Modified` with the tag and no body. A client that polls
//! downloads the reply only when it changed; the server still reads the
//! data each time, so the tag is always the current one. Any GET whose
//! answer is one JSON value can reply with [`IfNoneMatch::json`].

use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use sha2::{Digest, Sha256};
use utoipa::IntoParams;

use crate::error::ApiResult;

/// `If-None-Match`: the entity tags of the replies the client holds, from
/// every line of the header; none without it.
#[derive(IntoParams)]
#[into_params(names("If-None-Match"), parameter_in = Header)]
pub struct IfNoneMatch(
    /// The `ETag` of the reply the client has, such as
    /// `"0f3c9a2d41b7e8650c1d2e3f4a5b6c7d"` (a list of tags, `W/` ones and
    /// `*` are understood too). When it is the current reply's, the answer
    /// is 304 Not Modified with no body; otherwise the full reply with its
    /// new tag. A malformed value is ignored.
    #[param(value_type = String, required = false)]
    Vec<HeaderValue>,
);

impl<S: Send + Sync> FromRequestParts<S> for IfNoneMatch {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Infallible> {
        Ok(IfNoneMatch(
            parts
                .headers
                .get_all(IF_NONE_MATCH)
                .iter()
                .cloned()
                .collect(),
        ))
    }
}

impl IfNoneMatch {
    /// `value` as a JSON reply tagged with its [`entity_tag`], or 304 Not
    /// Modified when the client holds that tag already.
    pub fn json(&self, value: &impl Serialize) -> ApiResult<Response> {
        let body = serde_json::to_vec(value)?;
        let tag = entity_tag(&body);
        let not_modified = self.names(&tag);
        let headers = [
            (ETAG, tag),
            (CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ];
        Ok(if not_modified {
            (StatusCode::NOT_MODIFIED, headers).into_response()
        } else {
            let json = [(CONTENT_TYPE, HeaderValue::from_static("application/json"))];
            (headers, json, body).into_response()
        })
    }

    /// Whether the header names `tag` (weak comparison: a `W/` tag with
    /// the same opaque text matches too), or is `*`.
    fn names(&self, tag: &HeaderValue) -> bool {
        let tag = tag.to_str().unwrap_or_default();
        self.0
            .iter()
            .filter_map(|line| line.to_str().ok())
            .any(|line| line.trim() == "*" || opaque_tags(line).contains(&tag))
    }
}

/// The strong entity tag of a reply of `body`: its SHA-256, cut to 128
/// bits, in hex and quoted, such as `"0f3c…7d"`. The same bytes always
/// give the same tag, on every server.
pub fn entity_tag(body: &[u8]) -> HeaderValue {
    let digest = Sha256::digest(body);
    let hex: String = digest[..16]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    HeaderValue::from_str(&format!("\"{hex}\"")).expect("hex is a valid header value")
}

/// The entity tags of an `If-None-Match` line, each with its quotes and
/// without its `W/`; a malformed member ends the list there. A tag's
/// quoted text may hold commas, so the list is read tag by tag.
fn opaque_tags(mut rest: &str) -> Vec<&str> {
    let mut tags = Vec::new();
    loop {
        rest = rest.trim_start_matches([' ', '\t', ',']);
        let opaque = rest.strip_prefix("W/").unwrap_or(rest);
        let Some(end) = opaque
            .strip_prefix('"')
            .and_then(|inner| inner.find('"'))
            .map(|close| close + 2)
        else {
            return tags;
        };
        tags.push(&opaque[..end]);
        rest = &opaque[end..];
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderMap;

    use super::*;

    fn header(lines: &[&'static str]) -> IfNoneMatch {
        IfNoneMatch(lines.iter().map(|l| HeaderValue::from_static(l)).collect())
    }

    #[test]
    fn the_tag_is_the_bodys_and_changes_with_it() {
        let tag = entity_tag(b"[1,2]");
        assert_eq!(tag, entity_tag(b"[1,2]"));
        assert_ne!(tag, entity_tag(b"[1,2,3]"));
        let text = tag.to_str().expect("ASCII");
        assert_eq!(text.len(), 34, "{text}");
        assert!(text.starts_with('"') && text.ends_with('"'), "{text}");
    }

    #[test]
    fn a_list_of_tags_weak_ones_and_star_name_the_reply() {
        let tag = HeaderValue::from_static("\"abc\"");
        for matching in [
            &["\"abc\""][..],
            &["\"x\", \"abc\""],
            &["\"x\",\"abc\",\"y\""],
            &["W/\"abc\""],
            &["\"a,b\", W/\"abc\""],
            &["*"],
            &[" * "],
            &["\"x\"", "\"abc\""],
        ] {
            assert!(header(matching).names(&tag), "{matching:?}");
        }
        for other in [
            &[][..],
            &[""],
            &["\"abcd\""],
            &["abc"],
            &["\"ab\"c\""],
            &["w/\"abc\""],
            &["\"x\" junk, \"abc\""],
            &["\"abc"],
        ] {
            assert!(!header(other).names(&tag), "{other:?}");
        }
    }

    #[test]
    fn a_reply_is_json_with_its_tag_or_304_without_a_body() {
        let value = serde_json::json!([{"id": 1}]);
        let full = IfNoneMatch(Vec::new()).json(&value).expect("reply");
        assert_eq!(full.status(), StatusCode::OK);
        let tag = full.headers()[ETAG].clone();
        let expected: HeaderMap = [
            (ETAG, tag.clone()),
            (CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ]
        .into_iter()
        .collect();
        for (name, value) in &expected {
            assert_eq!(full.headers()[name], value);
        }
        assert_eq!(full.headers()[CONTENT_TYPE], "application/json");

        let again = IfNoneMatch(vec![tag]).json(&value).expect("reply");
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
        assert_eq!(again.headers(), &expected);
    }
}
