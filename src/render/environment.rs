//! The template environment of a theme, and template errors as diagnostics
//! naming the template file and line.

use minijinja::{AutoEscape, Environment, Error, Output, State, UndefinedBehavior, Value};

use super::markdown;
use super::theme::Theme;
use crate::diagnostics::{Diagnostic, Diagnostics};

/// Every template of the theme, compiled, so that all syntax errors are
/// reported at once. Autoescaping follows the template's extension (`.html`
/// and `.xml` are escaped); printing an undefined variable is an error, so a
/// misspelt name in a theme does not silently print nothing.
pub fn environment(theme: &Theme) -> Result<Environment<'static>, Diagnostics> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
    env.add_filter("markdown", markdown_filter);
    env.set_formatter(escape_keeping_slashes);
    let mut problems = Diagnostics::default();
    for (name, template) in theme.templates() {
        if let Err(err) = env.add_template_owned(name.clone(), template.source.clone()) {
            problems.push(template_diagnostic(theme, name, &err));
        }
    }
    if problems.0.is_empty() {
        Ok(env)
    } else {
        Err(problems)
    }
}

/// HTML escaping as minijinja does it, except that `/` stays as is: it is
/// harmless in text and quoted attributes, and `href="../policies/1.html"`
/// stays readable in the page source.
fn escape_keeping_slashes(out: &mut Output, state: &mut State, value: &Value) -> Result<(), Error> {
    match value.as_str() {
        Some(text) if *state.auto_escape() == AutoEscape::Html && !value.is_safe() => out
            .write_str(&super::escape_html(text))
            .map_err(Error::from),
        _ => minijinja::escape_formatter(out, state, value),
    }
}

/// `{{ measure.body | markdown }}`: the only way content becomes markup, and
/// only through the safe Markdown renderer.
fn markdown_filter(text: &str) -> Value {
    Value::from_safe_string(markdown::to_html(text))
}

/// A template error located in the theme file it happened in; `rendering`
/// names the page's template, for errors that carry no location.
pub fn template_diagnostic(theme: &Theme, rendering: &str, err: &minijinja::Error) -> Diagnostic {
    let name = err.name().unwrap_or(rendering);
    let file = theme
        .templates()
        .get(name)
        .map_or_else(|| std::path::PathBuf::from(name), |t| t.file.clone());
    let message = match err.detail() {
        Some(detail) => format!("テンプレートエラー: {}: {detail}", err.kind()),
        None => format!("テンプレートエラー: {}", err.kind()),
    };
    Diagnostic::error(&file, err.line(), None, message)
}
