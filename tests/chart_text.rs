//! Issue #16: charts a citizen can read. Every chart of the bundled site,
//! of the indicators fixture and of the Ofunato figures names its years as
//! the pages do (令和元年度, never `FY2019`), has a `<title>` and a
//! `<desc>`, and — measured as the charts measure text
//! ([`shinchoku::charts::text_width`]) — no label leaves the canvas or
//! covers another.

mod common;

use std::fs;
use std::path::Path;

use shinchoku::charts::text_width;

/// A `<text>` of a chart: its box as laid out, and what it says.
#[derive(Debug)]
struct Label {
    text: String,
    left: i32,
    right: i32,
    top: i32,
    bottom: i32,
}

fn attribute(tag: &str, name: &str) -> String {
    let start = tag
        .find(&format!(" {name}=\""))
        .unwrap_or_else(|| panic!("{name} missing in {tag}"))
        + name.len()
        + 3;
    tag[start..start + tag[start..].find('"').unwrap()].to_string()
}

/// The text of an element, its character references read.
fn decoded(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let end = at + rest[at..].find(';').unwrap();
        let entity = &rest[at + 1..end];
        out.push(match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            _ => char::from_u32(u32::from_str_radix(&entity[2..], 16).unwrap()).unwrap(),
        });
        rest = &rest[end + 1..];
    }
    out + rest
}

fn labels(svg: &str) -> Vec<Label> {
    let mut labels = Vec::new();
    let mut rest = svg;
    while let Some(start) = rest.find("<text ") {
        let tag_end = start + rest[start..].find('>').unwrap();
        let tag = &rest[start..tag_end];
        let close = tag_end + rest[tag_end..].find("</text>").unwrap();
        let mut content = &rest[tag_end + 1..close];
        // A shortened label's whole text is its <title>, not drawn.
        if let Some(title) = content.find("<title>") {
            content = &content[..title];
        }
        let text = decoded(content);
        let number = |name| attribute(tag, name).parse::<i32>().unwrap();
        let (x, y, size) = (number("x"), number("y"), number("font-size"));
        assert_eq!(attribute(tag, "dominant-baseline"), "middle", "{tag}");
        let width = text_width(&text, size);
        let left = match attribute(tag, "text-anchor").as_str() {
            "start" => x,
            "middle" => x - width / 2,
            _ => x - width,
        };
        labels.push(Label {
            text,
            left,
            right: left + width,
            top: y - size / 2,
            bottom: y + size / 2,
        });
        rest = &rest[close..];
    }
    labels
}

/// Every way a chart could be unreadable: a label out of the canvas or
/// over another, no title or description, a year not named as the pages
/// name it.
fn problems(name: &str, svg: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let view_box = attribute(svg, "viewBox");
    let size: Vec<i32> = view_box.split(' ').map(|n| n.parse().unwrap()).collect();
    let labels = labels(svg);
    for label in &labels {
        if label.left < 0 || label.top < 0 || label.right > size[2] || label.bottom > size[3] {
            problems.push(format!(
                "{name}: 「{}」 leaves {view_box}: {label:?}",
                label.text
            ));
        }
    }
    for (i, a) in labels.iter().enumerate() {
        for b in &labels[i + 1..] {
            let apart =
                a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
            if !apart {
                problems.push(format!("{name}: 「{}」 covers 「{}」", a.text, b.text));
            }
        }
    }
    for part in ["<title id=\"chart-title\">", "<desc id=\"chart-desc\">"] {
        if !svg.contains(part) {
            problems.push(format!("{name}: no {part}"));
        }
    }
    if svg.contains("FY20") {
        problems.push(format!("{name}: a year written FY20…"));
    }
    problems
}

/// Checks every chart of a built site; returns how many there are.
fn check_charts(out: &Path, years: &[&str]) -> usize {
    let mut problems = Vec::new();
    let mut count = 0;
    for entry in walkdir::WalkDir::new(out.join("charts")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "svg") {
            continue;
        }
        count += 1;
        let name = entry
            .path()
            .strip_prefix(out)
            .unwrap()
            .display()
            .to_string();
        let svg = fs::read_to_string(entry.path()).unwrap();
        problems.extend(problems_of(&name, &svg, years));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    count
}

fn problems_of(name: &str, svg: &str, years: &[&str]) -> Vec<String> {
    let mut found = problems(name, svg);
    let drawn: Vec<String> = labels(svg).into_iter().map(|l| l.text).collect();
    let named = |year: &str| drawn.iter().any(|t| t == year) || decoded(svg).contains(year);
    if !years.iter().any(|y| named(y)) {
        found.push(format!("{name}: no year named as the pages name it"));
    }
    found
}

#[test]
fn bundled_site_charts_name_years_and_measures_and_keep_their_labels_apart() {
    let site = common::copy_of_bundled_site();
    let (_guard, out) = common::build(site.path());
    let count = check_charts(&out, &["令和元年度", "令和2年度"]);
    assert!(count >= 12, "{count} charts");
    // The per-measure chart names each measure by its title too, in full
    // in the <title> of a label it had to shorten.
    let svg = decoded(&common::read(&out, "charts/policy-1-percentages.svg"));
    assert!(svg.contains("1-01 自殺対策連絡協議会"), "{svg}");
    // The top page's policy cards list every year their chart shows.
    let top = common::read(&out, "index.html");
    let card = &top[top.find("class=\"policy-card\"").unwrap()..];
    let card = &card[..card.find("</li>\n").unwrap_or(card.len())];
    assert!(
        card.contains("令和元年度") && card.contains("令和2年度"),
        "{card}"
    );
}

#[test]
fn indicator_charts_name_years_and_keep_their_labels_apart() {
    let (_guard, out) = common::build(&common::fixture("indicators"));
    assert!(check_charts(&out, &["令和元年度", "令和2年度", "令和3年度"]) > 0);
}

#[test]
fn figure_charts_name_years_and_keep_their_labels_apart() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = common::fixture("tables/ofunato");
    fs::copy(fixture.join("site.toml"), dir.path().join("site.toml")).unwrap();
    let table = fs::read_dir(&fixture)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .unwrap();
    let imported = common::import_into(&table, dir.path());
    assert!(imported.status.success(), "{}", common::stderr(&imported));
    let (_guard, out) = common::build(dir.path());
    assert!(check_charts(&out, &["令和元年度", "平成", "令和"]) > 0);
}
