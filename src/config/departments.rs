//! `[department_addresses]` of `site.toml`: the address of each department's
//! page, as the city chooses it (`"こころの健康センター" = "kokoro-center"` →
//! `departments/kokoro-center.html`). A department renamed keeps its page's
//! address when the new name is given the same one; a department not listed
//! keeps the address made from its name ([`crate::render::department_path`]).

use std::collections::{BTreeMap, BTreeSet};

/// Longest address accepted: a readable word or three, not a sentence.
const MAX_LEN: usize = 60;

/// The first problem of the addresses, as (department, why): each is lower
/// case ASCII letters and digits joined by single hyphens, used once, and
/// never one the site makes itself (the index, a hashed address, the
/// further pages `…-2` of a large department).
pub(super) fn addresses_problem(addresses: &BTreeMap<String, String>) -> Option<(String, String)> {
    let mut used = BTreeSet::new();
    for (name, address) in addresses {
        let problem = if !well_formed(address) {
            Some(format!(
                "担当部署「{name}」のアドレス「{address}」には半角の英小文字・数字とハイフンだけを使い、{MAX_LEN}文字以内にしてください（例: kokoro-center）"
            ))
        } else if address == "index" || is_hashed(address) || ends_in_page_number(address) {
            Some(format!(
                "担当部署「{name}」のアドレス「{address}」はサイトが別のページに使う形です（index、d と16進8桁、-数字で終わるもの）。ほかの名前にしてください"
            ))
        } else if !used.insert(address.as_str()) {
            Some(format!(
                "アドレス「{address}」が二つの担当部署に書かれています。部署ごとに別のアドレスにしてください"
            ))
        } else {
            None
        };
        if let Some(problem) = problem {
            return Some((name.clone(), problem));
        }
    }
    None
}

/// A warning for each department given an address that no measure names:
/// a misspelling, or a rename written in the content but not here (the
/// page would lose its address).
pub fn unused_addresses(
    site: &crate::model::Site,
    path: &std::path::Path,
) -> Vec<crate::diagnostics::Diagnostic> {
    let named: BTreeSet<&str> = site
        .measures
        .iter()
        .flat_map(|m| m.departments.iter().map(String::as_str))
        .collect();
    site.publishing
        .department_addresses
        .iter()
        .filter(|(name, _)| !named.contains(name.as_str()))
        .map(|(name, address)| {
            crate::diagnostics::Diagnostic::warning(
                path,
                None,
                Some("department_addresses"),
                format!("担当部署「{name}」（アドレス {address}）はどの{}の担当部署にもありません。部署名を変えたなら、新しい名前に同じアドレスを書いてください", site.measure_noun),
            )
        })
        .collect()
}

fn well_formed(address: &str) -> bool {
    address.len() <= MAX_LEN
        && address.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// `d5afd8d13`: the form of an address made from a department's name.
pub fn is_hashed(address: &str) -> bool {
    address.len() == 9
        && address.starts_with('d')
        && address[1..]
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

fn ends_in_page_number(address: &str) -> bool {
    address
        .rsplit_once('-')
        .is_some_and(|(_, last)| last.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(pairs: &[(&str, &str)]) -> Option<String> {
        let addresses = pairs
            .iter()
            .map(|(name, address)| (name.to_string(), address.to_string()))
            .collect();
        addresses_problem(&addresses).map(|(name, _)| name)
    }

    #[test]
    fn readable_distinct_addresses_are_accepted() {
        assert_eq!(
            problem(&[("市民生活部", "shimin-seikatsu"), ("庁外", "chogai")]),
            None
        );
        assert_eq!(problem(&[("a", "r6-kikaku")]), None);
    }

    #[test]
    fn addresses_the_site_makes_itself_or_unreadable_ones_are_refused() {
        for bad in [
            "index",
            "d5afd8d13",
            "kikaku-2",
            "Kikaku",
            "kikaku--ka",
            "-a",
            "企画",
            "a b",
            "",
        ] {
            assert_eq!(problem(&[("課", bad)]).as_deref(), Some("課"), "{bad}");
        }
        assert_eq!(
            problem(&[("a", "same"), ("b", "same")]).as_deref(),
            Some("b")
        );
    }
}
