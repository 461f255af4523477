//! Render stage: the model → HTML pages through the theme's templates, plus
//! the theme's static files (under `assets/`), `sitemap.xml` and `robots.txt`.
//!
//! Every link is relative (templates prefix the `root` variable), so the
//! site works under any sub-path and opened from disk; absolute URLs appear
//! only where required (canonical, OGP, sitemap) and only with `base_url`.

mod bidi;
mod changes_pages;
mod chart_views;
mod crawlers;
mod environment;
mod figure_views;
mod finder;
mod finder_numbers;
mod grade_views;
mod indicator_views;
pub mod markdown;
mod minify;
mod pages;
mod paging;
mod related;
mod summary_views;
pub mod theme;
mod views;

pub use views::{chart_subject, node_path, year_heading};

/// Which built-in fields of a year some measure of the site reports
/// (`status` → true): a table without a 実施状況 column (a KPI table) leaves
/// that heading off every page instead of showing 記入なし under it.
fn reported_year_fields(site: &Site) -> std::collections::BTreeMap<&'static str, bool> {
    crate::model::fields::YEAR_FIELDS
        .iter()
        .map(|spec| {
            let reported = site.measures.iter().any(|measure| {
                measure
                    .years
                    .iter()
                    .any(|record| !record.field(spec.key).trim().is_empty())
            });
            (spec.key, reported)
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod test_site;
#[cfg(test)]
mod tests;

use std::collections::BTreeSet;

use minijinja::value::{Serde, Value};
use minijinja::{context, Environment};
use rayon::prelude::*;
use serde::Serialize;

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Grading, Site};
use crate::output::{fingerprint, root_prefix, OutputFile};
use pages::Page;
use theme::Theme;
use views::{FiscalYearView, NodeLink};

/// Rendered pages remembered between builds (`serve`), found by a
/// fingerprint of the page's whole context; a new theme makes all stale.
pub type PageMemo = crate::memo::Memo<Result<bytes::Bytes, Diagnostic>>;

/// Pages rendered at a time: enough for every core, few enough that
/// memory holds one batch of pages, not the whole site.
const BATCH: usize = 512;

/// Every page of the site, the theme's static files and the crawler files.
/// Template errors are collected, each reported once, naming its file and line.
pub fn render_site(
    site: &Site,
    config: &SiteConfig,
    grading: &Grading,
    theme: &Theme,
) -> Result<Vec<OutputFile>, Diagnostics> {
    let mut files = Vec::new();
    render_site_into(site, config, grading, theme, None, &mut |batch| {
        files.extend(batch)
    })?;
    Ok(files)
}

/// [`render_site`], handing the files to `emit` a batch at a time. With a
/// `memo` (kept by `serve` between builds), a page whose context is the
/// same as last time is not rendered again.
pub fn render_site_into(
    site: &Site,
    config: &SiteConfig,
    grading: &Grading,
    theme: &Theme,
    memo: Option<&PageMemo>,
    emit: &mut dyn FnMut(Vec<OutputFile>),
) -> Result<(), Diagnostics> {
    let env = environment::environment(theme)?;
    let shared = Shared::new(site, config, grading);
    if let Some(memo) = memo {
        memo.begin(fingerprint(theme));
    }
    let mut batches = Batches {
        env: &env,
        theme,
        shared: &shared,
        memo,
        emit,
        problems: BTreeSet::new(),
        paths: Vec::new(),
    };
    batches.render(vec![pages::index(site, grading)]);
    batches.render(
        site.nodes
            .par_iter()
            .flat_map_iter(|node| pages::node_pages(site, grading, node))
            .collect(),
    );
    let related = related::related_measures(site);
    for first in (0..site.measures.len()).step_by(BATCH) {
        let last = (first + BATCH).min(site.measures.len());
        batches.render(
            (first..last)
                .into_par_iter()
                .map(|i| pages::measure(site, grading, i, &related[i]))
                .collect(),
        );
    }
    let mut rest = pages::departments(site, grading)
        .map_err(|d| Diagnostics(vec![d]))?
        .chain([pages::data(site, config, grading), pages::accessibility()])
        .chain([finder::finder(site, grading)])
        .chain(changes_pages::changes_pages(site, grading))
        .chain([changes_pages::feed(site, grading, &shared.base_url)])
        .chain(
            theme
                .has_template("search.html")
                .then(|| pages::search(site)),
        );
    loop {
        let batch: Vec<Page> = rest.by_ref().take(BATCH).collect();
        if batch.is_empty() {
            break;
        }
        batches.render(batch);
    }
    // Served for any missing path at any depth, so relative links cannot
    // work there: use the absolute base URL when there is one.
    let not_found = render_page(&env, theme, &shared, &pages::not_found(), &shared.base_url);
    let Batches {
        problems,
        paths,
        emit,
        ..
    } = batches;
    match not_found {
        Ok(file) if problems.is_empty() => emit(vec![file]),
        Ok(_) => {}
        Err(problem) => return Err(Diagnostics(problems.into_iter().chain([problem]).collect())),
    }
    if !problems.is_empty() {
        return Err(Diagnostics(problems.into_iter().collect()));
    }
    let mut files = theme.published_static_files(config.minify);
    let indexed = paths
        .iter()
        .map(String::as_str)
        .filter(|p| ![pages::SEARCH_PATH, changes_pages::FEED_PATH].contains(p));
    files.push(crawlers::sitemap(&shared.base_url, indexed));
    files.push(crawlers::robots(&shared.base_url));
    emit(files);
    if let Some(memo) = memo {
        memo.finish();
    }
    Ok(())
}

/// Text escaped for HTML text and quoted attributes, as minijinja escapes
/// it except that `/` stays as is (harmless there, and readable in paths),
/// and with the bidi controls it leaves open closed ([`bidi`]).
pub fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    let mut open = bidi::OpenControls::default();
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#x27;"),
            c => {
                open.see(c);
                escaped.push(c);
            }
        }
    }
    open.close(&mut escaped);
    escaped
}

/// Renders pages batch by batch, collecting template problems (each once)
/// and the paths rendered, for the sitemap.
struct Batches<'a, 'e> {
    env: &'a Environment<'static>,
    theme: &'a Theme,
    shared: &'a Shared,
    memo: Option<&'a PageMemo>,
    emit: &'e mut dyn FnMut(Vec<OutputFile>),
    problems: BTreeSet<Diagnostic>,
    paths: Vec<String>,
}

impl Batches<'_, '_> {
    fn render(&mut self, pages: Vec<Page>) {
        // Pages render independently on every core; collect keeps their order.
        let rendered: Vec<Result<OutputFile, Diagnostic>> = pages
            .par_iter()
            .map(|page| {
                let root = root_prefix(&page.path);
                let render = || render_page(self.env, self.theme, self.shared, page, &root);
                let Some(memo) = self.memo else {
                    return render();
                };
                let inputs = (
                    self.shared.fingerprint,
                    &page.path,
                    page.template,
                    &page.title,
                    &page.description,
                    &page.breadcrumbs,
                    &page.context,
                );
                memo.get_or_compute(fingerprint(&inputs), || render().map(|file| file.contents))
                    .map(|contents| OutputFile::new(page.path.clone(), contents))
            })
            .collect();
        self.paths.extend(
            pages
                .into_iter()
                .filter(|p| p.template != pages::MOVED_TEMPLATE)
                .map(|p| p.path),
        );
        let mut files = Vec::with_capacity(rendered.len());
        for result in rendered {
            match result {
                Ok(file) => files.push(file),
                Err(problem) => {
                    self.problems.insert(problem);
                }
            }
        }
        // Once a page has failed the build fails: nothing more is written.
        if self.problems.is_empty() {
            (self.emit)(files);
        }
    }
}

fn render_page(
    env: &Environment<'static>,
    theme: &Theme,
    shared: &Shared,
    page: &Page,
    root: &str,
) -> Result<OutputFile, Diagnostic> {
    env.get_template(page.template)
        .and_then(|template| {
            template.render(context! { ..shared.context(page, root), ..page.context.clone() })
        })
        .map(|html| OutputFile::new(page.path.clone(), html))
        .map_err(|err| environment::template_diagnostic(theme, page.template, &err))
}

/// What every page's context holds besides its own: made into a template
/// value once, not for each page (the plan and the policies are a good part
/// of a measure page's context).
struct Shared {
    common: Value,
    base_url: String,
    /// Of `common` and `base_url`: with the page's own inputs, a page's
    /// fingerprint for the memo.
    fingerprint: u64,
}

#[derive(Serialize)]
struct PlanView {
    title: String,
    organization: String,
    source: String,
    body: String,
    fiscal_years: Vec<FiscalYearView>,
    /// The columns of totals and charts: without draft years unless
    /// `draft_years_in_totals`.
    years_in_totals: Vec<FiscalYearView>,
    /// One text per draft (集計中) year.
    draft_notices: Vec<String>,
}

impl Shared {
    fn new(site: &Site, config: &SiteConfig, grading: &Grading) -> Shared {
        let plan = &site.plan;
        let site_name = config
            .site_name
            .clone()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| plan.title.clone());
        let plan = PlanView {
            title: plan.title.clone(),
            organization: plan.organization.clone(),
            source: plan.source.clone(),
            body: plan.body.clone(),
            fiscal_years: views::fiscal_years(site),
            years_in_totals: views::years_in_totals(site),
            draft_notices: views::draft_notices(site),
        };
        let top_nodes: Vec<NodeLink> = site
            .nodes_at(0)
            .map(|node| NodeLink::new(site, node))
            .collect();
        let level_names: Vec<String> = site.levels.iter().map(|l| l.name.clone()).collect();
        let common = context! {
            lang => "ja",
            site_name,
            plan => Serde(plan),
            top_nodes => Serde(top_nodes),
            level_names,
            measure_name => &site.measure_name,
            measure_noun => &site.measure_noun,
            reported => reported_year_fields(site),
            show_computed_grade => config.indicators.show_computed_grade,
            footer => &config.footer,
            departments_path => pages::DEPARTMENTS_PATH,
            data_path => pages::DATA_PATH,
            accessibility_path => pages::ACCESSIBILITY_PATH,
            search_path => pages::SEARCH_PATH,
            finder_path => finder::FINDER_PATH,
            changes_path => crate::changes::LATEST_PATH,
            feed_path => changes_pages::FEED_PATH,
            grade_scale => grade_views::scale_class(grading),
            data_updated => views::data_updated(site),
            notice => config.notice.as_ref().map(views::notice),
        };
        let base_url = config.base_url();
        Shared {
            fingerprint: fingerprint(&(&common, &base_url)),
            common,
            base_url,
        }
    }

    fn context(&self, page: &Page, root: &str) -> Value {
        let canonical = (!self.base_url.is_empty()
            && page.path != pages::NOT_FOUND_PATH
            && page.template != pages::MOVED_TEMPLATE)
            .then(|| crawlers::absolute_url(&self.base_url, &page.path));
        context! {
            root,
            page_path => &page.path,
            page_title => &page.title,
            description => &page.description,
            breadcrumbs => Serde(&page.breadcrumbs),
            canonical,
            ..self.common.clone()
        }
    }
}
