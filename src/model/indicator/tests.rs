use super::*;

fn indicator(baseline: &str, target: &str, values: &[(u16, &str)]) -> Indicator {
    Indicator {
        name: "指標".into(),
        baseline: Some(Reference {
            year: Some(2018),
            value: baseline.into(),
        }),
        target: Some(Reference {
            year: Some(2025),
            value: target.into(),
        }),
        values: values.iter().map(|(y, v)| (*y, v.to_string())).collect(),
        ..Indicator::default()
    }
}

fn rate(progress: Progress) -> f64 {
    match progress {
        Progress::Rate { percent } => percent,
        other => panic!("no rate: {other:?}"),
    }
}

#[test]
fn values_are_read_with_their_unit_and_note() {
    let read = |raw| {
        let r = read_value(raw);
        (r.number, r.unit, r.note)
    };
    assert_eq!(read("12,480人"), (Some(12480.0), "人".into(), "".into()));
    assert_eq!(read("７.２％"), (Some(7.2), "%".into(), "".into()));
    assert_eq!(read("1.42"), (Some(1.42), "".into(), "".into()));
    assert_eq!(read("2回/年"), (Some(2.0), "回/年".into(), "".into()));
    assert_eq!(read("年2回"), (Some(2.0), "回/年".into(), "".into()));
    assert_eq!(
        read("13,102人（速報値）"),
        (Some(13102.0), "人".into(), "速報値".into())
    );
    assert_eq!(
        read("95団体 ※見込み"),
        (Some(95.0), "団体".into(), "見込み".into())
    );
    assert_eq!(read("▲3"), (Some(-3.0), "".into(), "".into()));
    assert_eq!(read("250㎡"), (Some(250.0), "㎡".into(), "".into()));
    for text in ["増加", "-", "－", "", "集計中", "(速報値)"] {
        assert_eq!(read_value(text).number, None, "{text}");
    }
}

#[test]
fn a_known_unit_separates_a_note_written_right_after_it() {
    let r = read_value_in("1回中止", Some("回"));
    assert_eq!(
        (r.number, r.unit.as_str(), r.note.as_str()),
        (Some(1.0), "回", "中止")
    );
    // The short form of the unit among values written `回/年`.
    let r = read_value_in("0回", Some("回/年"));
    assert_eq!(r.unit, "回/年");
}

#[test]
fn the_unit_is_the_one_most_values_agree_on() {
    let kpi = indicator(
        "2回/年",
        "年4回",
        &[(2019, "年2回"), (2020, "0回"), (2021, "年1回")],
    );
    assert_eq!(kpi.unit(), "回/年");
    assert_eq!(rate(kpi.progress(2020)), -100.0);
    let declared = Indicator {
        unit: Some("％".into()),
        ..kpi
    };
    assert_eq!(declared.unit(), "%");
}

#[test]
fn progress_goes_from_the_baseline_to_the_target() {
    let checkups = indicator("94.1%", "98.0%", &[(2019, "95.2%"), (2023, "97.1%")]);
    assert_eq!(checkups.direction(), Some(Direction::Increase));
    let expected = (95.2 - 94.1) / (98.0 - 94.1) * 100.0;
    assert!((rate(checkups.progress(2019)) - expected).abs() < 1e-9);
    // Waiting children: 18 → 0, lower is better.
    let waiting = indicator("18人", "0人", &[(2019, "12人"), (2022, "0人")]);
    assert_eq!(waiting.direction(), Some(Direction::Decrease));
    assert!((rate(waiting.progress(2019)) - 100.0 / 3.0).abs() < 1e-9);
    assert_eq!(rate(waiting.progress(2022)), 100.0);
}

#[test]
fn without_a_baseline_the_rate_is_value_over_target() {
    let mut kpi = indicator("", "200件", &[(2020, "150件")]);
    kpi.baseline = None;
    kpi.direction = Some(Direction::Increase);
    assert_eq!(rate(kpi.progress(2020)), 75.0);
    kpi.direction = Some(Direction::Decrease);
    assert!((rate(kpi.progress(2020)) - 200.0 / 1.5).abs() < 1e-9);
    // Undeclared and no baseline: which way is better is not invented.
    kpi.direction = None;
    assert!(matches!(kpi.progress(2020), Progress::NotComparable { .. }));
}

#[test]
fn keep_at_or_above_is_met_or_a_share_of_the_target() {
    let mut kpi = indicator("80%", "80%", &[(2019, "85%"), (2020, "60%")]);
    assert_eq!(kpi.direction(), Some(Direction::AtLeast));
    assert_eq!(rate(kpi.progress(2019)), 100.0);
    assert_eq!(rate(kpi.progress(2020)), 75.0);
    kpi.direction = Some(Direction::AtMost);
    assert!((rate(kpi.progress(2019)) - 80.0 / 85.0 * 100.0).abs() < 1e-9);
    assert_eq!(rate(kpi.progress(2020)), 100.0);
}

#[test]
fn numbers_that_cannot_be_compared_say_why() {
    let reason = |kpi: &Indicator, year| match kpi.progress(year) {
        Progress::NotComparable { reason } => reason,
        other => panic!("compared: {other:?}"),
    };
    let words = indicator("31.0%", "増加", &[(2019, "30.2%")]);
    assert_eq!(words.direction(), Some(Direction::Increase));
    assert!(reason(&words, 2019).contains("目標値が数値ではありません"));
    let units = indicator("10人", "20人", &[(2019, "15%")]);
    // Baseline and target in other units: the direction is not guessed.
    assert_eq!(indicator("7.2%", "5,000人", &[]).direction(), None);
    assert!(reason(&units, 2019).contains("単位が異なります"));
    let text = indicator("84団体", "100団体", &[(2023, "増加")]);
    assert!(reason(&text, 2023).contains("実績値が数値ではありません"));
    assert!(reason(&text, 2020).contains("実績値がありません"));
    assert_eq!(text.track(2023), Track::NotEvaluable);
}

#[test]
fn on_track_means_as_far_as_the_time_elapsed() {
    // 2018 → 2025: by 2021, 3 of 7 years have passed (42.9%).
    let kpi = indicator("0件", "70件", &[(2021, "30件"), (2022, "35件")]);
    assert_eq!(kpi.track(2021), Track::OnTrack); // 42.86% ≥ 42.86%
    assert_eq!(kpi.track(2022), Track::Behind); // 50% < 57.1%
    let mut undated = kpi.clone();
    undated.target.as_mut().unwrap().year = None;
    assert_eq!(undated.track(2022), Track::Behind);
}

#[test]
fn directions_are_read_in_japanese_and_english() {
    for d in DIRECTIONS {
        assert_eq!(Direction::parse(d.label()), Some(d));
        assert_eq!(Direction::parse(d.key()), Some(d));
    }
    assert_eq!(Direction::parse("現状維持"), Some(Direction::AtLeast));
    assert_eq!(Direction::parse("上がる"), None);
}

#[test]
fn the_latest_year_is_the_last_one_written() {
    let kpi = indicator(
        "1",
        "2",
        &[(2019, "1"), (2020, " "), (2021, "2"), (2022, "")],
    );
    assert_eq!(kpi.latest_year(), Some(2021));
}
