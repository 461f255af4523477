use super::*;

fn step(symbol: &str, min: Option<f64>, not_evaluable: bool) -> GradeStep {
    GradeStep {
        symbol: Some(symbol.into()),
        label: symbol.into(),
        meaning: String::new(),
        also: Vec::new(),
        min,
        not_evaluable,
    }
}

fn sabc() -> Grading {
    Grading::new(vec![
        step("S", Some(120.0), false),
        step("A", Some(100.0), false),
        step("B", Some(80.0), false),
        step("C", Some(0.0), false),
        step("−", None, true),
    ])
}

fn grade(grading: &Grading, raw: &str) -> Grade {
    grading.grade(&Achievement::parse(raw))
}

#[test]
fn symbols_read_in_any_width_and_any_dash() {
    let grading = sabc();
    assert_eq!(grade(&grading, "S"), Grade::Band(0));
    assert_eq!(grade(&grading, " Ｓ "), Grade::Band(0));
    assert_eq!(grade(&grading, "Ａ"), Grade::Band(1));
    for dash in ["-", "−", "ー", "―", "－"] {
        assert_eq!(grade(&grading, dash), Grade::Band(4), "{dash}");
    }
    assert_eq!(grade(&grading, "D"), Grade::Other);
    assert_eq!(grade(&grading, "中止"), Grade::Cancelled);
    assert_eq!(grade(&grading, ""), Grade::NoEntry);
}

#[test]
fn percentages_fall_to_the_step_whose_rule_they_reach() {
    let grading = sabc();
    assert_eq!(grade(&grading, "125%"), Grade::Band(0));
    assert_eq!(grade(&grading, "100"), Grade::Band(1));
    assert_eq!(grade(&grading, "79.9%"), Grade::Band(3));
    let no_rules = Grading::new(vec![step("◎", None, false), step("×", None, false)]);
    assert_eq!(grade(&no_rules, "80%"), Grade::Other);
    assert!(no_rules
        .unread_problem(&Achievement::parse("80%"))
        .unwrap()
        .contains("min"));
}

#[test]
fn a_not_evaluable_step_has_no_rank_and_says_so() {
    let grading = sabc();
    assert_eq!(grading.rank(Grade::Band(3)), Some(3));
    assert_eq!(grading.rank(Grade::Band(4)), None);
    let info = grading.info(Grade::Band(4));
    assert_eq!((info.key.as_str(), info.not_evaluable), ("step-4", true));
    assert_eq!(grading.ranked_steps(), 4);
}

#[test]
fn unread_text_names_the_scale_and_read_symbols_pass() {
    let grading = sabc();
    let problem = grading.unread_problem(&Achievement::parse("Ｄ")).unwrap();
    assert!(
        problem.contains("「Ｄ」") && problem.contains("S・A・B・C・−"),
        "{problem}"
    );
    assert_eq!(grading.unread_problem(&Achievement::parse("Ａ")), None);
    assert_eq!(grading.unread_problem(&Achievement::parse("中止")), None);
}

#[test]
fn bands_grade_as_before() {
    let grading = Grading::default();
    assert_eq!(grade(&grading, "100%"), Grade::Band(0));
    assert_eq!(grade(&grading, "10%"), Grade::Band(3));
    assert_eq!(grade(&grading, "-"), Grade::NotCarriedOut);
    assert_eq!(grading.info(Grade::Band(1)).key, "band-1");
    assert!(grading
        .unread_problem(&Achievement::parse("文章"))
        .unwrap()
        .contains("割合や区分として読めません"));
}

#[test]
fn a_percentage_is_graded_as_it_is_shown() {
    let bands = Grading::new(vec![
        GradeStep::band("100%", 100.0),
        GradeStep::band("80〜99%", 80.0),
        GradeStep::band("50〜79%", 50.0),
        GradeStep::band("50%未満", 0.0),
    ]);
    // 79.96 reads 「80」 everywhere, so it is 80〜99%, not 50〜79%.
    assert_eq!(crate::model::number::format(79.96), "80");
    assert_eq!(grade(&bands, "79.96%"), Grade::Band(1));
    assert_eq!(grade(&bands, "99.95"), Grade::Band(0));
    assert_eq!(grade(&bands, "79.94%"), Grade::Band(2));
    assert_eq!(grade(&sabc(), "119.96%"), Grade::Band(0));
}
