//! Render stage: the model → HTML pages through the theme's templates, plus
//! the theme's static files (under `assets/`), `sitemap.xml` and `robots.txt`.
//!
//! Every link is relative (templates prefix the `root` variable), so the
//! site works under any sub-path and opened from disk; absolute URLs appear
//! only where required (canonical, OGP, sitemap) and only with `base_url`.

mod crawlers;
mod environment;
pub mod markdown;
mod pages;
pub mod theme;
mod views;

#[cfg(test)]
pub(crate) mod test_site;
#[cfg(test)]
mod tests;

use std::collections::BTreeSet;

use minijinja::value::{Serde, Value};
use rayon::prelude::*;
use minijinja::{context, Environment};
use serde::Serialize;

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Grading, Site};
use crate::output::{root_prefix, OutputFile};
use pages::Page;
use theme::Theme;
use views::{FiscalYearView, PolicyLink};

/// Every page of the site, the theme's static files and the crawler files.
/// Template errors are collected, each reported once, naming its file and line.
pub fn render_site(
    site: &Site,
    config: &SiteConfig,
    grading: &Grading,
    theme: &Theme,
) -> Result<Vec<OutputFile>, Diagnostics> {
    let env = environment::environment(theme)?;
    let mut listed = vec![pages::index(site, grading)];
    listed.extend(pages::policies(site, grading));
    listed.extend(pages::measures(site, grading));
    listed.extend(pages::departments(site, grading).map_err(|d| Diagnostics(vec![d]))?);
    listed.push(pages::data(site, config, grading));
    listed.push(pages::accessibility());
    if theme.has_template("search.html") {
        listed.push(pages::search());
    }
    let shared = Shared::new(site, config);
    // Pages render independently on every core; collect keeps their order.
    let mut rendered: Vec<Result<OutputFile, Diagnostic>> = listed
        .par_iter()
        .map(|page| render_page(&env, theme, &shared, page, &root_prefix(&page.path)))
        .collect();
    // Served for any missing path at any depth, so relative links cannot
    // work there: use the absolute base URL when there is one.
    rendered.push(render_page(&env, theme, &shared, &pages::not_found(), &shared.base_url));
    let mut files = Vec::with_capacity(rendered.len());
    let mut problems = BTreeSet::new();
    for result in rendered {
        match result {
            Ok(file) => files.push(file),
            Err(problem) => {
                problems.insert(problem);
            }
        }
    }
    if !problems.is_empty() {
        return Err(Diagnostics(problems.into_iter().collect()));
    }
    files.extend(
        theme
            .static_files()
            .iter()
            .map(|(path, bytes)| OutputFile::new(format!("assets/{path}"), bytes.clone())),
    );
    let indexed = listed.iter().map(|p| p.path.as_str()).filter(|p| *p != pages::SEARCH_PATH);
    files.push(crawlers::sitemap(&shared.base_url, indexed));
    files.push(crawlers::robots(&shared.base_url));
    Ok(files)
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

/// What every page's context holds besides its own.
struct Shared {
    site_name: String,
    plan: PlanView,
    policies: Vec<PolicyLink>,
    footer: String,
    base_url: String,
}

#[derive(Serialize)]
struct PlanView {
    title: String,
    organization: String,
    source: String,
    body: String,
    fiscal_years: Vec<FiscalYearView>,
}

impl Shared {
    fn new(site: &Site, config: &SiteConfig) -> Shared {
        let plan = &site.plan;
        Shared {
            site_name: config
                .site_name
                .clone()
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| plan.title.clone()),
            plan: PlanView {
                title: plan.title.clone(),
                organization: plan.organization.clone(),
                source: plan.source.clone(),
                body: plan.body.clone(),
                fiscal_years: views::fiscal_years(site),
            },
            policies: site.policies.iter().map(|p| PolicyLink::new(site, p.number)).collect(),
            footer: config.footer.clone(),
            base_url: config.base_url(),
        }
    }

    fn context(&self, page: &Page, root: &str) -> Value {
        let canonical = (!self.base_url.is_empty() && page.path != pages::NOT_FOUND_PATH)
            .then(|| crawlers::absolute_url(&self.base_url, &page.path));
        context! {
            lang => "ja",
            root,
            page_path => &page.path,
            page_title => &page.title,
            description => &page.description,
            breadcrumbs => Serde(&page.breadcrumbs),
            canonical,
            site_name => &self.site_name,
            plan => Serde(&self.plan),
            policies => Serde(&self.policies),
            footer => &self.footer,
            departments_path => pages::DEPARTMENTS_PATH,
            data_path => pages::DATA_PATH,
            accessibility_path => pages::ACCESSIBILITY_PATH,
            search_path => pages::SEARCH_PATH,
        }
    }
}
