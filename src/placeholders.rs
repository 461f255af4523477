//! Warnings while `shinchoku init`'s sample texts are still in the site
//! (「○○市」, the sample policy and measure, a fiscal year nobody reports
//! on): a site built from them would publish placeholders as facts.

use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::init::placeholder;
use crate::model::{Measure, Site};

/// One warning per file and field still holding a sample text, and per
/// published fiscal year without a single report.
pub fn warnings(site: &Site) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let plan = &site.plan;
    let warn = |found: &mut Vec<Diagnostic>, file: &Path, field: &str, what: String| {
        found.push(Diagnostic::warning(
            file,
            None,
            Some(field),
            format!("{what}。公開する前に書き換えてください"),
        ));
    };
    for (field, value, sample) in [
        ("title", &plan.title, placeholder::PLAN_TITLE),
        (
            "organization",
            &plan.organization,
            placeholder::ORGANIZATION,
        ),
        ("source", &plan.source, placeholder::SOURCE),
    ] {
        if value.trim() == sample || value.contains(placeholder::BLANK_NAME) {
            warn(
                &mut found,
                &plan.file,
                field,
                format!("「{value}」は shinchoku init のひな形のままです"),
            );
        }
    }
    if plan.body.trim() == placeholder::PLAN_BODY {
        warn(&mut found, &plan.file, "本文", "本文（計画の目的と、このサイトで公開している内容）は shinchoku init のひな形のままです".into());
    }
    for fy in plan.fiscal_years.iter().filter(|fy| !fy.draft) {
        if !site.measures.iter().any(|m| m.year(fy.year).is_some()) {
            warn(
                &mut found,
                &plan.file,
                "fiscal_years",
                format!(
                    "{}に報告のある{}が一つもありません。表を取り込むか、まだ集計中なら draft: true を付け、使わない年度なら消してください",
                    fy.label, site.measure_noun
                ),
            );
        }
    }
    for policy in site.nodes.iter().filter(|node| node.level == 0) {
        if policy.title.trim() == placeholder::POLICY_TITLE {
            warn(
                &mut found,
                &policy.file,
                "title",
                format!("「{}」は shinchoku init のひな形のままです", policy.title),
            );
        }
    }
    for measure in &site.measures {
        let fields = sample_fields(measure);
        if !fields.is_empty() {
            warn(
                &mut found,
                &measure.file,
                fields[0],
                format!(
                    "shinchoku init のひな形のままの項目があります（{}）。表を取り込むと置き換わります。手で書くなら、このファイルを書き換えるか消してください",
                    fields.join("、")
                ),
            );
        }
    }
    found
}

/// The fields of `measure` that still hold `init`'s sample text.
fn sample_fields(measure: &Measure) -> Vec<&'static str> {
    let mut fields = Vec::new();
    let is = |value: &str, sample: &str| value.trim() == sample;
    if is(&measure.title, placeholder::MEASURE_TITLE) {
        fields.push("title");
    }
    if is(&measure.plan_item, placeholder::PLAN_ITEM) {
        fields.push("plan_item");
    }
    if measure
        .departments
        .iter()
        .any(|d| is(d, placeholder::DEPARTMENT))
    {
        fields.push("departments");
    }
    if measure.sections.iter().any(|s| is(s, placeholder::SECTION)) {
        fields.push("sections");
    }
    for record in &measure.years {
        if is(&record.status, placeholder::STATUS)
            || is(&record.evaluation, placeholder::EVALUATION)
            || is(&record.next_plan, placeholder::NEXT_PLAN)
        {
            fields.push("years");
            break;
        }
    }
    fields
}
