//! The theme's scripts and stylesheets without their comments and spaces,
//! as published (`minify` in `site.toml`).
//!
//! Scripts are minified here, conservatively, in the manner of Crockford's
//! JSMin: comments go, runs of spaces shrink to what separates two tokens,
//! and a line break stays wherever automatic semicolon insertion could
//! need it, so a script that leans on it (`return` then a line break)
//! keeps its meaning. Strings, template literals and regular expressions
//! are copied as they are. (The `minifier` crate's script minifier was
//! tried: it joined `return` with the next line and swallowed the line
//! after a regular expression followed by a comment.) Stylesheets go
//! through the `minifier` crate, which has no such hazards.

/// A stylesheet without its comments and spaces, if the minifier reads it.
pub fn stylesheet(source: &str) -> Option<String> {
    minifier::css::minify(source)
        .ok()
        .map(|css| css.to_string())
}

/// A script without its comments and needless spaces; `None` when it ends
/// inside a string, a comment, a template or a regular expression (the
/// file is then published as written).
pub fn script(source: &str) -> Option<String> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    // Open `${` of template literals: the brace depth at which each began.
    let mut templates: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    let mut pending: Option<bool> = None; // whitespace seen: Some(had a line break)
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c.is_whitespace() {
            pending = Some(pending == Some(true) || c == '\n' || c == '\r');
            i += 1;
            continue;
        }
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            continue; // the line break that ends it is whitespace
        }
        if c == '/' && next == Some('*') {
            // A comment separates tokens as a space (or a line break) would.
            let end = find(&chars, i + 2, &['*', '/'])?;
            pending = Some(pending == Some(true) || chars[i..end].contains(&'\n'));
            i = end + 2;
            continue;
        }
        if let Some(line_break) = pending.take() {
            separate(&mut out, c, line_break);
        }
        match c {
            '\'' | '"' => i = copy_string(&chars, i, &mut out)?,
            '`' => i = copy_template(&chars, i + 1, &mut out, &mut templates, depth)?,
            '/' if regex_may_start(&out) => i = copy_regex(&chars, i, &mut out)?,
            '{' => {
                depth += 1;
                out.push(c);
                i += 1;
            }
            '}' if templates.last() == Some(&depth) => {
                // The end of a template's `${…}`: back into the template.
                templates.pop();
                out.push(c);
                i = copy_template(&chars, i + 1, &mut out, &mut templates, depth)?;
            }
            '}' => {
                depth = depth.saturating_sub(1);
                out.push(c);
                i += 1;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    templates.is_empty().then_some(out)
}

/// What goes between the last character written and `next` where the
/// source had spaces (`line_break`: among them a line break).
fn separate(out: &mut String, next: char, line_break: bool) {
    let Some(last) = out.chars().last() else {
        return;
    };
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '$' || c == '\\' || !c.is_ascii();
    // A line break stays where a statement could end before it and
    // another begin after it: automatic semicolon insertion may need it.
    let may_end = word(last) || ")]}'\"`+-".contains(last);
    let may_begin = word(next) || "([{'\"`+-!~/".contains(next);
    if line_break && may_end && may_begin {
        out.push('\n');
    } else if (word(last) && word(next)) || (last == next && "+-/".contains(last)) {
        out.push(' ');
    }
}

/// Whether a `/` here starts a regular expression rather than a division:
/// after an operator, an opening bracket, a comma, a semicolon or a
/// keyword such as `return`, or at the start.
fn regex_may_start(out: &str) -> bool {
    let trimmed = out.trim_end();
    let Some(last) = trimmed.chars().last() else {
        return true;
    };
    if "(,=:[!&|?{};+-*%<>~^}/".contains(last) {
        return true;
    }
    let word: String = trimmed
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    const KEYWORDS: [&str; 13] = [
        "return",
        "typeof",
        "case",
        "do",
        "else",
        "in",
        "of",
        "new",
        "delete",
        "void",
        "throw",
        "instanceof",
        "yield",
    ];
    KEYWORDS.contains(&word.as_str())
}

/// The index of the first `pattern` at or after `from`.
fn find(chars: &[char], from: usize, pattern: &[char]) -> Option<usize> {
    (from..chars.len()).find(|&k| chars[k..].starts_with(pattern))
}

/// Copies the string literal at `start`; returns the index after it.
fn copy_string(chars: &[char], start: usize, out: &mut String) -> Option<usize> {
    let quote = chars[start];
    let mut i = start + 1;
    while i < chars.len() && chars[i] != quote {
        if chars[i] == '\n' {
            return None;
        }
        i += if chars[i] == '\\' { 2 } else { 1 };
    }
    (i < chars.len()).then(|| {
        out.extend(&chars[start..=i]);
        i + 1
    })
}

/// Copies a template literal's text from `from` (after its opening
/// backquote or a `}` that ends a substitution) up to its end or its next
/// `${`, which opens a substitution at brace depth `depth`.
fn copy_template(
    chars: &[char],
    from: usize,
    out: &mut String,
    templates: &mut Vec<usize>,
    depth: usize,
) -> Option<usize> {
    if chars.get(from.wrapping_sub(1)) == Some(&'`') {
        out.push('`');
    }
    let mut i = from;
    while i < chars.len() {
        match chars[i] {
            '\\' => {
                out.extend(chars.get(i..i + 2)?);
                i += 2;
            }
            '`' => {
                out.push('`');
                return Some(i + 1);
            }
            '$' if chars.get(i + 1) == Some(&'{') => {
                out.push_str("${");
                templates.push(depth);
                return Some(i + 2);
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    None
}

/// Copies the regular expression literal at `start`, with its flags.
fn copy_regex(chars: &[char], start: usize, out: &mut String) -> Option<usize> {
    let mut i = start + 1;
    let mut in_class = false;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '[' => in_class = true,
            ']' => in_class = false,
            '/' if !in_class => break,
            '\n' => return None,
            _ => {}
        }
        i += 1;
    }
    i += 1;
    while i < chars.len() && chars[i].is_ascii_alphabetic() {
        i += 1;
    }
    (i <= chars.len()).then(|| {
        out.extend(&chars[start..i]);
        i
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_spaces_go_tokens_stay_apart() {
        let source = "// a comment\nconst a = 10, b = 2; /* block */ let c = a / b;\n\n  return_value ( c ) ;";
        assert_eq!(
            script(source).unwrap(),
            "const a=10,b=2;let c=a/b;return_value(c);"
        );
    }

    #[test]
    fn a_line_break_stays_where_a_statement_may_end() {
        assert_eq!(
            script("function f() {\n  return\n  42;\n}").unwrap(),
            "function f(){return\n42;}"
        );
        assert_eq!(
            script("let i = 1\nlet j = i\n++i").unwrap(),
            "let i=1\nlet j=i\n++i"
        );
        assert_eq!(script("a = b\n(c)").unwrap(), "a=b\n(c)");
    }

    #[test]
    fn strings_templates_and_regular_expressions_are_copied_as_written() {
        let source = r#"const r = /[/]\/+/g; // slashes
const d = a / b / g;
const t = `x ${a + `y ${ {k: 1}.k }`} // not a comment`;
const s = 'it\'s // "ok"';
const e = x ? /=>/.test('=>') : typeof /x/;"#;
        assert_eq!(
            script(source).unwrap(),
            "const r=/[/]\\/+/g;const d=a/b/g;const t=`x ${a+`y ${{k:1}.k}`} // not a comment`;\
             const s='it\\'s // \"ok\"';const e=x?/=>/.test('=>'):typeof/x/;"
        );
    }

    #[test]
    fn operators_that_would_merge_keep_a_space() {
        assert_eq!(
            script("a + +b; c - -d; e / /f/.source").unwrap(),
            "a+ +b;c- -d;e/ /f/.source"
        );
    }

    #[test]
    fn a_script_that_ends_inside_a_string_is_left_alone() {
        assert_eq!(script("const s = 'open"), None);
        assert_eq!(script("const t = `open ${a"), None);
        assert_eq!(script("/* open"), None);
    }
}
