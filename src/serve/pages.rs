//! What serve adds to the site: the live reload script in every page, and
//! the error page shown while no build has ever succeeded.

use crate::render::escape_html;

/// URL paths (without the leading `/`) that serve answers itself.
pub const LIVE_RELOAD_PATH: &str = "__shinchoku/livereload.js";
pub const EVENTS_PATH: &str = "__shinchoku/events";
/// The events' query parameter naming the version a page was served as.
pub const SEEN_PARAMETER: &str = "seen";

pub const LIVE_RELOAD_SCRIPT: &str = include_str!("livereload.js");

/// The live reload script, told which version of the site the page is: a
/// rebuild between serving the page and its script connecting still
/// reloads it.
fn script_tag(version: &str) -> String {
    format!(
        "<script src=\"/{LIVE_RELOAD_PATH}\" data-version=\"{}\"></script>",
        escape_html(version)
    )
}

/// The page, as of site `version`, with the live reload script before its
/// last `</body>` (at the end if it has none).
pub fn with_live_reload(html: &[u8], version: &str) -> Vec<u8> {
    let end = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    [&html[..end], script_tag(version).as_bytes(), &html[end..]].concat()
}

/// Shown for every page until the site builds; its script reloads it then.
pub fn error_page(diagnostics: &str, version: &str) -> Vec<u8> {
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>サイトを作れませんでした</title>\n</head>\n<body>\n<main>\n\
         <h1>サイトを作れませんでした</h1>\n<pre>{}</pre>\n\
         <p>ファイルを直して保存すると、このページは自動で読み込み直されます。</p>\n</main>\n</body>\n</html>\n",
        escape_html(diagnostics.trim_end())
    );
    with_live_reload(page.as_bytes(), version)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_last_closing_body() {
        let page = with_live_reload(b"<body><pre>&lt;/body&gt;</pre>\n</BODY>\n</html>", "3.1");
        assert_eq!(
            String::from_utf8(page).unwrap(),
            "<body><pre>&lt;/body&gt;</pre>\n\
             <script src=\"/__shinchoku/livereload.js\" data-version=\"3.1\"></script></BODY>\n</html>"
        );
    }

    #[test]
    fn a_page_without_body_gets_the_script_at_its_end() {
        assert_eq!(
            with_live_reload(b"<p>x", "3.1"),
            format!("<p>x{}", script_tag("3.1")).into_bytes()
        );
    }

    #[test]
    fn the_error_page_escapes_the_diagnostics_and_reloads_itself() {
        let page = String::from_utf8(error_page(
            "a.md:2: エラー: title: <img src=x onerror=alert(1)> & \"'\n",
            "3.1",
        ))
        .unwrap();
        assert!(page.contains("<pre>a.md:2: エラー: title: &lt;img src=x onerror=alert(1)&gt; &amp; &quot;&#x27;</pre>"), "{page}");
        assert!(!page.contains("<img"), "{page}");
        assert!(
            page.contains(&format!("{}</body>", script_tag("3.1"))),
            "{page}"
        );
    }

    #[test]
    fn the_script_listens_where_the_server_sends() {
        assert!(LIVE_RELOAD_SCRIPT.contains(&format!("'/{EVENTS_PATH}")));
        assert!(LIVE_RELOAD_SCRIPT.contains(&format!("?{SEEN_PARAMETER}=")));
        assert!(!LIVE_RELOAD_SCRIPT.contains("innerHTML"));
    }
}
