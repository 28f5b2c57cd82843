//! Content-Security-Policy of the app's HTML and of the demo console: no
//! inline code but the app's own bootstrap script, allowed by its hash, and
//! framing only by the configured console origins.

use axum::http::HeaderValue;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sha2::{Digest, Sha256};

/// The policy of the app's HTML: `script_hashes` are the `'sha256-…'`
/// sources of its inline scripts, `console_origins` may frame it.
pub fn app_policy(script_hashes: &[String], console_origins: &[HeaderValue]) -> String {
    let mut scripts = vec!["'self'", "'wasm-unsafe-eval'"];
    scripts.extend(script_hashes.iter().map(String::as_str));
    let mut ancestors: Vec<&str> = console_origins
        .iter()
        .filter_map(|origin| origin.to_str().ok())
        .collect();
    if ancestors.is_empty() {
        ancestors.push("'self'");
    }
    [
        "default-src 'self'".to_owned(),
        format!("script-src {}", scripts.join(" ")),
        "style-src 'self'".to_owned(),
        "img-src 'self' data:".to_owned(),
        "connect-src 'self'".to_owned(),
        format!("frame-ancestors {}", ancestors.join(" ")),
        "base-uri 'none'".to_owned(),
        "form-action 'none'".to_owned(),
        "object-src 'none'".to_owned(),
    ]
    .join("; ")
}

/// The policy of the demo console: its own files, the API and the app's
/// frame at `app_origin`, framed by nobody.
pub fn console_policy(app_origin: &str) -> String {
    format!(
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
         connect-src 'self' {app_origin}; frame-src {app_origin}; frame-ancestors 'none'; \
         base-uri 'none'; form-action 'none'"
    )
}

/// The `'sha256-…'` source of each inline `<script>` of `html` (one with
/// no `src`), hashed as the browser does: the exact text between the tags,
/// after the HTML parser's newline normalisation.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let html = html.replace("\r\n", "\n").replace('\r', "\n");
    // ASCII lowercasing keeps byte offsets, so they index `html` too.
    let lower = html.to_ascii_lowercase();
    let mut hashes = Vec::new();
    let mut from = 0;
    while let Some(start) = lower[from..].find("<script").map(|i| from + i) {
        let Some(tag_end) = lower[start..].find('>').map(|i| start + i + 1) else {
            break;
        };
        let Some(end) = lower[tag_end..].find("</script").map(|i| tag_end + i) else {
            break;
        };
        if !has_src(&lower[start..tag_end]) {
            let digest = Sha256::digest(&html[tag_end..end]);
            hashes.push(format!("'sha256-{}'", STANDARD.encode(digest)));
        }
        from = end;
    }
    hashes
}

/// Whether an opening `<script …>` tag (lowercased) has a `src` attribute.
fn has_src(tag: &str) -> bool {
    tag.split(|c: char| c.is_ascii_whitespace() || c == '<' || c == '>' || c == '/')
        .any(|word| word == "src" || word.starts_with("src="))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_hashed_by_their_exact_text() {
        // `echo -n 'alert(1)' | openssl dgst -sha256 -binary | base64`
        let html = "<head><script>alert(1)</script>\
                    <script type=\"module\" src=\"/app.js\"></script>\
                    <SCRIPT type=\"module\">\r\nimport init from '/a.js';\r\n</SCRIPT></head>";
        let expected_module = format!(
            "'sha256-{}'",
            STANDARD.encode(Sha256::digest("\nimport init from '/a.js';\n"))
        );
        assert_eq!(
            inline_script_hashes(html),
            [
                "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='".to_owned(),
                expected_module
            ]
        );
        assert!(inline_script_hashes("<title>no scripts</title>").is_empty());
    }

    #[test]
    fn frame_ancestors_are_the_console_origins_or_self() {
        let origins = [
            HeaderValue::from_static("https://console.example"),
            HeaderValue::from_static("http://127.0.0.1:8082"),
        ];
        let policy = app_policy(&["'sha256-x'".to_owned()], &origins);
        assert!(policy.contains("; frame-ancestors https://console.example http://127.0.0.1:8082;"));
        assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-x';"));
        assert!(!policy.contains("unsafe-inline"));
        assert!(app_policy(&[], &[]).contains("frame-ancestors 'self';"));
        assert!(HeaderValue::from_str(&policy).is_ok());
    }
}
