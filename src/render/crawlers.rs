//! `sitemap.xml` and `robots.txt`, for search engines.

use crate::output::OutputFile;

/// The absolute URL of a page: directory indexes drop their `index.html`.
pub fn absolute_url(base_url: &str, path: &str) -> String {
    format!(
        "{base_url}{}",
        path.strip_suffix("index.html").unwrap_or(path)
    )
}

fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A sitemap must list absolute URLs; without `base_url` it stays empty and
/// says why.
pub fn sitemap<'a>(base_url: &str, paths: impl Iterator<Item = &'a str>) -> OutputFile {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    if base_url.is_empty() {
        xml.push_str(
            "<!-- site.toml に base_url が設定されていないため、URLを載せていません。\n     \
             サイトマップには絶対URLが必要です。公開先のURLを base_url に設定してください。 -->\n",
        );
    }
    xml.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    if !base_url.is_empty() {
        for path in paths {
            xml.push_str(&format!(
                "  <url><loc>{}</loc></url>\n",
                escape_xml(&absolute_url(base_url, path))
            ));
        }
    }
    xml.push_str("</urlset>\n");
    OutputFile::new("sitemap.xml", xml)
}

pub fn robots(base_url: &str) -> OutputFile {
    let mut text = String::from("User-agent: *\nDisallow:\n");
    if !base_url.is_empty() {
        text.push_str(&format!("\nSitemap: {base_url}sitemap.xml\n"));
    }
    OutputFile::new("robots.txt", text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemap_lists_absolute_urls_only_with_a_base_url() {
        let paths = ["index.html", "measures/1-01.html", "search/index.html"];
        let with = String::from_utf8(
            sitemap("https://example.jp/a&b/", paths.into_iter())
                .contents
                .to_vec(),
        )
        .unwrap();
        assert!(
            with.contains("<loc>https://example.jp/a&amp;b/</loc>"),
            "{with}"
        );
        assert!(with.contains("<loc>https://example.jp/a&amp;b/measures/1-01.html</loc>"));
        assert!(with.contains("<loc>https://example.jp/a&amp;b/search/</loc>"));
        let without = String::from_utf8(sitemap("", paths.into_iter()).contents.to_vec()).unwrap();
        assert!(
            !without.contains("<url>") && without.contains("base_url"),
            "{without}"
        );
    }

    #[test]
    fn robots_points_to_the_sitemap_when_it_can() {
        let with = String::from_utf8(robots("https://example.jp/").contents.to_vec()).unwrap();
        assert!(with.contains("Sitemap: https://example.jp/sitemap.xml"));
        assert!(!String::from_utf8(robots("").contents.to_vec())
            .unwrap()
            .contains("Sitemap"));
    }
}
