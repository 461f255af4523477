//! A small hand-built site for the render and chart tests: two basic
//! policies, four measures, every interesting kind of achievement.

use std::path::PathBuf;

use crate::config::{default_grades, SiteConfig};
use crate::model::{
    Achievement, AchievementKind, AchievementPart, FiscalYear, Grading, Level, Measure, Node, Plan,
    Site, YearRecord,
};

pub fn grading() -> Grading {
    Grading::new(default_grades())
}

pub fn config(base_url: &str) -> SiteConfig {
    SiteConfig::parse(
        &format!("base_url = \"{base_url}\"\nfooter = \"テスト市 健康福祉局\""),
        "site.toml".as_ref(),
    )
    .unwrap()
}

fn achievement(raw: &str, kind: AchievementKind) -> Achievement {
    Achievement {
        raw: raw.into(),
        kind,
    }
}

fn record(year: u16, status: &str, achievement: Achievement) -> YearRecord {
    YearRecord {
        year,
        status: status.into(),
        evaluation: format!("{year}年度の評価。"),
        achievement,
        next_plan: "実施を継続".into(),
        extra: Default::default(),
    }
}

fn policy(number: u32, title: &str, body: &str) -> Node {
    Node {
        level: 0,
        id: number.to_string(),
        number: number.to_string(),
        title: title.into(),
        body: body.into(),
        parent: None,
        indicators: Vec::new(),
        file: PathBuf::from(format!("content/policies/{number}.md")),
    }
}

fn measure(id: &str, policy: u32, plan_item: &str, title: &str, departments: &[&str]) -> Measure {
    Measure {
        id: id.into(),
        node: policy.to_string(),
        plan_item: plan_item.into(),
        title: title.into(),
        is_new: false,
        plan_page: Some(21),
        departments: departments.iter().map(|d| d.to_string()).collect(),
        sections: vec!["障がい保健福祉課".into(), "精神保健福祉室".into()],
        file: PathBuf::from(format!("content/measures/{id}.md")),
        ..Measure::default()
    }
}

pub fn site() -> Site {
    let network = "ア. 自殺対策としてのネットワーク";
    let mut council = measure(
        "1-01",
        1,
        network,
        "自殺対策連絡協議会",
        &["障がい者支援部"],
    );
    council.years = vec![
        record(
            2019,
            "3月実施予定だったが新型コロナの影響により中止",
            achievement("中止", AchievementKind::Cancelled),
        ),
        record(
            2020,
            "- 1.事例検討会 6月実施\n- 2.協議会 3月開催",
            achievement("70", AchievementKind::Percent { value: 70.0 }),
        ),
    ];
    council.import_notes = vec!["行12: 達成度「中止」をそのまま記載".into()];
    council.body = "手で書いた**補足**です。".into();

    let mut hostile = measure(
        "1-02",
        1,
        network,
        "<script>alert(1)</script>",
        &["障がい者支援部", "福祉部"],
    );
    hostile.is_new = true;
    let part = |label: &str, percent| AchievementPart {
        label: label.into(),
        percent: Some(percent),
        detail: String::new(),
    };
    hostile.years = vec![
        record(
            2019,
            "研修を<b>実施</b>",
            achievement("100%", AchievementKind::Percent { value: 100.0 }),
        ),
        record(
            2020,
            "研修を実施",
            achievement(
                "①100% ②50%",
                AchievementKind::Parts {
                    parts: vec![part("①", 100.0), part("②", 50.0)],
                },
            ),
        ),
    ];

    let mut care = measure(
        "1-03",
        1,
        "イ. 関連施策を通じたネットワーク",
        "地域包括ケアシステムの推進",
        &["福祉部"],
    );
    care.plan_page = None;
    care.years = vec![record(
        2020,
        "相談件数は95,546件",
        achievement("実施", AchievementKind::Implemented),
    )];

    let mut training = measure(
        "2-01",
        2,
        "自殺対策を支える人材の育成",
        "ゲートキーパー養成研修会",
        &["庁外"],
    );
    training.years = vec![
        record(2019, "", achievement("未達", AchievementKind::NotAchieved)),
        record(2020, "", achievement("", AchievementKind::Empty)),
    ];

    Site {
        plan: Plan {
            title: "テスト市自殺対策計画 進捗状況".into(),
            organization: "テスト市".into(),
            fiscal_years: vec![
                FiscalYear {
                    year: 2019,
                    label: "令和元年度".into(),
                    draft: false,
                },
                FiscalYear {
                    year: 2020,
                    label: "令和2年度".into(),
                    draft: false,
                },
            ],
            published: Default::default(),
            source: "テスト市自殺対策計画 実施状況（PDF）".into(),
            body: "テスト市の計画の**進捗**です。".into(),
            file: PathBuf::from("content/_index.md"),
        },
        levels: Level::default_levels(),
        measure_name: crate::model::DEFAULT_MEASURE_NAME.into(),
        measure_noun: crate::model::DEFAULT_MEASURE_NOUN.into(),
        nodes: vec![
            policy(
                1,
                "地域におけるネットワークの強化",
                "関係機関の**連携**を強めます。",
            ),
            policy(2, "自殺対策を支える人材の育成", ""),
        ],
        measures: vec![council, hostile, care, training],
        draft_years_in_totals: false,
        declared_fields: Vec::new(),
        publishing: Default::default(),
    }
}
