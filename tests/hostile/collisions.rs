//! Two pages whose names a Windows or macOS server treats as one: measure
//! ids that differ only in case, and department names that are one name
//! spelt two ways (NFC and NFD, full and half width). Refused naming both
//! files; the URL scheme stays as it is.

use std::fs;

use super::{measure, refused, site_with};

#[test]
fn ids_that_differ_only_in_case_are_refused_naming_both_files() {
    let site = site_with(|root| {
        let measures = root.join("content/measures");
        fs::write(measures.join("a-1.md"), measure("a-1", "")).unwrap();
        fs::write(measures.join("A-1.md"), measure("A-1", "")).unwrap();
    });
    // Files are read in name order: A-1.md first, so a-1.md is the one refused.
    let message = refused(site.path(), "content/measures/a-1.md:2: エラー: id:");
    assert!(
        message.contains("content/measures/A-1.md") && message.contains("大文字・小文字"),
        "{message}"
    );
}

#[test]
fn one_department_spelt_two_ways_is_refused_naming_both_files() {
    // 1-01 belongs to 障がい者支援部; 1-02 and 2-01 write the same names
    // another way (が decomposed; full-width letters; half-width kana).
    for (variant_of_1_01, other) in [
        ("障か\u{3099}い者支援部", "障がい者支援部"),
        ("ＩＣＴ推進課", "ICT推進課"),
        ("ｹﾝｺｳ課", "ケンコウ課"),
    ] {
        let site = site_with(|root| {
            let measures = root.join("content/measures");
            let first = fs::read_to_string(measures.join("1-01.md"))
                .unwrap()
                .replace("  - 障がい者支援部", &format!("  - {other}"));
            fs::write(measures.join("1-01.md"), first).unwrap();
            let departments = format!("departments: [{variant_of_1_01}]\n");
            fs::write(measures.join("1-02.md"), measure("1-02", &departments)).unwrap();
        });
        let message = refused(
            site.path(),
            "content/measures/1-02.md: エラー: departments:",
        );
        assert!(
            message.contains("content/measures/1-01.md")
                && message.contains(variant_of_1_01)
                && message.contains(other),
            "{message}"
        );
    }
}
