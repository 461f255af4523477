//! The scan's own cases; whole files with their messages are in `tests/yaml_errors.rs`.

use super::*;

fn slips(front: &str) -> Vec<(usize, SlipKind)> {
    scan(front, 1)
        .into_iter()
        .map(|s| (s.line, s.kind))
        .collect()
}

#[test]
fn a_block_indented_too_deep_is_one_slip_not_one_per_line() {
    let too_deep = SlipKind::TooDeep {
        spaces: 2,
        expected: 0,
    };
    assert_eq!(
        slips("title: t\n  years:\n    2019:\n      status: x\nnew: true\n"),
        [(2, too_deep)]
    );
}

#[test]
fn valid_yaml_that_looks_like_slips_is_none() {
    let front = "title: \"内訳: 相談\"\nplan_item: 'a: b'\nsections: [it's, \"b]\",\n  c]\ndepartments:\n- 福祉部\n- 'x'\nyears:\n  2019:\n    status: |\n      内訳: 3 件\n    evaluation: 長い\n      続き a:b\n    next_plan: 10:00 https://example.org # 注: x\nfiscal_years:\n  - year: 2019\n    label: 令和元年度\n  - year: 2020\n    label: 令和2年度\n";
    assert_eq!(slips(front), []);
}

#[test]
fn a_colon_in_a_list_item_suggests_quoting_the_item() {
    let found = scan("sections:\n  - 内訳: 相談\n", 1);
    assert_eq!(
        found[0].kind,
        SlipKind::ColonInValue {
            quoted: Some("- \"内訳: 相談\"".into()),
            key: None
        }
    );
    assert_eq!((found[0].line, found[0].column), (2, 7));
}

#[test]
fn a_citys_keys_under_extra_are_keys_and_a_colon_in_their_value_is_still_a_slip() {
    let front = "extra:\n  ⑤ 活動指標 ア：名称: 予防接種を受けた犬の頭数\n  事業費計 （A）: \"1502\"\n  事務事業の概要: |-\n    ・対象: 市民\n  根拠法令: 狂犬病予防法: 第5条\n";
    let found = scan(front, 1);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].line, 6);
    assert_eq!(found[0].field.as_deref(), Some("extra.根拠法令"));
    assert_eq!(
        found[0].kind,
        SlipKind::ColonInValue {
            quoted: Some("根拠法令: \"狂犬病予防法: 第5条\"".into()),
            key: Some("根拠法令".into())
        }
    );
}
