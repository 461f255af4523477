//! From a request target to a file of the snapshot, the way a static host
//! maps URLs to the files of `public/`.

use std::collections::BTreeMap;

use bytes::Bytes;

/// The path of a request target, checked and percent-decoded.
#[derive(Debug, PartialEq)]
pub struct RequestPath<'a> {
    /// As sent, still percent-encoded (for redirects).
    pub raw: &'a str,
    pub query: Option<&'a str>,
    /// Decoded, without the leading `/`: `measures/1-01.html`.
    pub decoded: String,
}

/// `None` for targets no page links to: not starting with `/`, bad
/// percent-escapes or UTF-8, `..` segments, backslashes or NUL.
pub fn parse_target(target: &str) -> Option<RequestPath<'_>> {
    let target = target.split_once('#').map_or(target, |(before, _)| before);
    let (raw, query) = match target.split_once('?') {
        Some((raw, query)) => (raw, Some(query)),
        None => (target, None),
    };
    let decoded = String::from_utf8(percent_decode(raw.strip_prefix('/')?)?).ok()?;
    let escapes =
        decoded.contains(['\\', '\0']) || decoded.split('/').any(|segment| segment == "..");
    (!escapes).then_some(RequestPath {
        raw,
        query,
        decoded,
    })
}

fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some((&byte, tail)) = rest.split_first() {
        if byte == b'%' {
            let hex = std::str::from_utf8(tail.get(..2)?).ok()?;
            bytes.push(u8::from_str_radix(hex, 16).ok()?);
            rest = &tail[2..];
        } else {
            bytes.push(byte);
            rest = tail;
        }
    }
    Some(bytes)
}

#[derive(Debug, PartialEq)]
pub enum Resolved {
    /// A file of the snapshot, by its output path.
    File(String),
    /// A folder asked for without its slash: where to send the browser.
    Redirect(String),
    NotFound,
}

/// `` → `index.html`, `dir/` → `dir/index.html`, `dir` → redirect to `dir/`.
pub fn resolve(path: &RequestPath, files: &BTreeMap<String, Bytes>) -> Resolved {
    let wanted = if path.decoded.is_empty() || path.decoded.ends_with('/') {
        format!("{}index.html", path.decoded)
    } else {
        path.decoded.clone()
    };
    if files.contains_key(&wanted) {
        return Resolved::File(wanted);
    }
    let folder = format!("{wanted}/");
    let is_folder = files
        .range(folder.clone()..)
        .next()
        .is_some_and(|(file, _)| file.starts_with(&folder));
    if is_folder && !has_extension(&wanted) {
        let query = path.query.map(|q| format!("?{q}")).unwrap_or_default();
        return Resolved::Redirect(format!("{}/{query}", path.raw));
    }
    Resolved::NotFound
}

fn has_extension(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|name| name.contains('.'))
}

/// The `Content-Type` of an output file; text is always UTF-8.
pub fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map_or("", |(_, extension)| extension);
    match extension.to_ascii_lowercase().as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    }
}

pub fn is_html(content_type: &str) -> bool {
    content_type.starts_with("text/html")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(paths: &[&str]) -> BTreeMap<String, Bytes> {
        paths
            .iter()
            .map(|p| (p.to_string(), Bytes::new()))
            .collect()
    }

    fn resolve_target(target: &str) -> Resolved {
        let site = files(&[
            "index.html",
            "measures/1-01.html",
            "search/index.html",
            "search/index/manifest.js",
            "data/measures.csv",
        ]);
        resolve(&parse_target(target).expect("a valid target"), &site)
    }

    #[test]
    fn pages_and_folder_indexes() {
        assert_eq!(resolve_target("/"), Resolved::File("index.html".into()));
        assert_eq!(
            resolve_target("/measures/1-01.html"),
            Resolved::File("measures/1-01.html".into())
        );
        assert_eq!(
            resolve_target("/search/"),
            Resolved::File("search/index.html".into())
        );
        assert_eq!(
            resolve_target("/search/?q=%E4%BE%9D"),
            Resolved::File("search/index.html".into())
        );
        assert_eq!(
            resolve_target("/index.html#top"),
            Resolved::File("index.html".into())
        );
    }

    #[test]
    fn a_folder_without_its_slash_is_redirected_keeping_the_query() {
        assert_eq!(
            resolve_target("/search"),
            Resolved::Redirect("/search/".into())
        );
        assert_eq!(
            resolve_target("/search?q=a"),
            Resolved::Redirect("/search/?q=a".into())
        );
        assert_eq!(
            resolve_target("/search/index"),
            Resolved::Redirect("/search/index/".into())
        );
    }

    #[test]
    fn a_folder_named_like_a_file_is_not_redirected() {
        let site = files(&["v1.2/index.html"]);
        assert_eq!(
            resolve(&parse_target("/v1.2").unwrap(), &site),
            Resolved::NotFound
        );
        assert_eq!(
            resolve(&parse_target("/v1.2/").unwrap(), &site),
            Resolved::File("v1.2/index.html".into())
        );
    }

    #[test]
    fn unknown_paths_are_not_found() {
        assert_eq!(resolve_target("/measures/9-99.html"), Resolved::NotFound);
        assert_eq!(resolve_target("/measures/1-01"), Resolved::NotFound);
        assert_eq!(resolve_target("/dat"), Resolved::NotFound);
    }

    #[test]
    fn paths_are_percent_decoded() {
        let path = parse_target("/departments/%E9%83%A8.html?x=1").unwrap();
        assert_eq!(path.decoded, "departments/部.html");
        assert_eq!(path.raw, "/departments/%E9%83%A8.html");
        assert_eq!(path.query, Some("x=1"));
        assert_eq!(parse_target("/a+b%20c").unwrap().decoded, "a+b c");
    }

    #[test]
    fn targets_that_could_leave_the_site_are_refused() {
        for target in [
            "/../site.toml",
            "/measures/../../site.toml",
            "/%2e%2e/site.toml",
            "/measures/%2E%2E%2F%2E%2E%2Fsite.toml",
            "/..",
            "/a%5c..%5csite.toml",
            "/a\\b",
            "/index.html%00",
            "/%zz",
            "/%e9",
            "/%",
            "site.toml",
            "http://example.org/",
        ] {
            assert_eq!(parse_target(target), None, "{target}");
        }
    }

    #[test]
    fn text_types_say_utf_8() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("assets/style.css"), "text/css; charset=utf-8");
        assert_eq!(
            content_type("search/index/manifest.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type("a.mjs"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("data/measures.csv"), "text/csv; charset=utf-8");
        assert_eq!(
            content_type("data/measures.json"),
            "application/json; charset=utf-8"
        );
        assert_eq!(
            content_type("charts/plan-grades.svg"),
            "image/svg+xml; charset=utf-8"
        );
        assert_eq!(
            content_type("sitemap.xml"),
            "application/xml; charset=utf-8"
        );
        assert_eq!(content_type("robots.txt"), "text/plain; charset=utf-8");
        assert_eq!(content_type("favicon.ico"), "image/x-icon");
        assert_eq!(content_type("logo.PNG"), "image/png");
        assert_eq!(
            content_type("template-2021.xlsx"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
    }
}
