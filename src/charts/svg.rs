//! The SVG every chart is written as: text measured by [`text_width`] so
//! that Japanese labels (令和元年度, a measure's title) are laid out as the
//! browser will draw them, hatch patterns as `<pattern>`s, and a `<title>`
//! and `<desc>` naming the chart for whoever opens the file alone.
//!
//! Anything not ASCII is written as a character reference, so the file
//! reads the same under any charset a server declares. Every position is a
//! whole pixel: the same input gives the same bytes.

use std::fmt::Write;

use super::palette::{text_colour_on, Hatch, Rgb};

/// Canvas width: narrow enough that labels stay legible when a phone scales
/// the chart down to ~360 px.
pub(super) const WIDTH: i32 = 480;
pub(super) const FONT_SIZE: i32 = 22;
/// Height of one line of text, and of the row of the value axis' ticks.
pub(super) const LINE: i32 = 28;
pub(super) const AXIS_HEIGHT: i32 = 32;
pub(super) const TOP: i32 = 10;
pub(super) const MARGIN: i32 = 8;
pub(super) const GRID: &str = "#d0d0d0";
pub(super) const INK: &str = "#1a1a1a";
/// The trend line: Okabe–Ito blue, 5.2:1 against white (graphics need 3:1).
pub(super) const TREND_LINE: &str = "#0072b2";

/// How wide a text is drawn at `size` px, in whole pixels (rounded up):
/// full-width glyphs (kanji, kana, full-width forms, 「…」) take 1 em,
/// ASCII and half-width katakana about 0.6 em in the usual sans-serif
/// fonts. Every chart lays out its labels by it, and the tests check with
/// it that no label leaves the canvas or covers another.
pub fn text_width(text: &str, size: i32) -> i32 {
    let tenths: i32 = text
        .chars()
        .map(|c| match c {
            c if c.is_ascii() => 6,
            '\u{ff61}'..='\u{ff9f}' => 6,
            _ => 10,
        })
        .sum();
    (tenths * size + 9) / 10
}

/// A label's width at the charts' font size.
pub(super) fn label_width(text: &str) -> i32 {
    text_width(text, FONT_SIZE)
}

/// `text` broken into at most `lines` lines no wider than `width`, the
/// last one shortened with 「…」 when the text does not fit. Japanese has
/// no spaces to break at: any character may start a line.
pub(super) fn wrap(text: &str, width: i32, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = vec![String::new()];
    for c in text.chars() {
        let line = out.last_mut().expect("one line at least");
        let mut longer = line.clone();
        longer.push(c);
        if label_width(&longer) <= width || line.is_empty() {
            *line = longer;
        } else if out.len() < lines {
            out.push(c.to_string());
        } else {
            let line = out.last_mut().expect("one line at least");
            while !line.is_empty() && label_width(&format!("{line}…")) > width {
                line.pop();
            }
            line.push('…');
            break;
        }
    }
    out
}

/// Text for SVG: markup characters escaped, anything not ASCII as a
/// character reference.
pub(super) fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c.is_ascii() => out.push(c),
            c => {
                let _ = write!(out, "&#x{:x};", c as u32);
            }
        }
    }
    out
}

pub(super) fn hex((r, g, b): Rgb) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// Where a text stands relative to its `x`.
#[derive(Debug, Clone, Copy)]
pub(super) enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    fn name(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// The lines a hatch draws in one 8 × 8 tile of its pattern.
fn hatch_path(hatch: Hatch) -> &'static str {
    const RISING: &str = "M0,8 L8,0 M-2,2 L2,-2 M6,10 L10,6";
    match hatch {
        Hatch::Solid | Hatch::Dots => "",
        Hatch::Rising => RISING,
        Hatch::Falling => "M0,0 L8,8 M-2,6 L2,10 M6,-2 L10,2",
        Hatch::Horizontal => "M0,4 L8,4",
        Hatch::Vertical => "M4,0 L4,8",
        Hatch::Cross => "M0,8 L8,0 M-2,2 L2,-2 M6,10 L10,6 M0,0 L8,8 M-2,6 L2,10 M6,-2 L10,2",
        Hatch::Grid => "M0,4 L8,4 M4,0 L4,8",
        Hatch::RisingHorizontal => "M0,8 L8,0 M-2,2 L2,-2 M6,10 L10,6 M0,4 L8,4",
    }
}

/// An SVG document being written.
pub(super) struct Svg {
    body: String,
    height: i32,
    title: String,
    desc: String,
    /// The fills with a pattern used so far, in order: `url(#fill-<i>)`.
    patterns: Vec<(Hatch, Rgb)>,
}

impl Svg {
    /// `title` names the chart, `desc` says what it shows (the text
    /// alternative its pages give it).
    pub(super) fn new(height: i32, title: &str, desc: &str) -> Svg {
        Svg {
            body: String::new(),
            height,
            title: title.to_string(),
            desc: desc.to_string(),
            patterns: Vec::new(),
        }
    }

    pub(super) fn text(&mut self, label: &str, at: (i32, i32), anchor: Anchor, colour: &str) {
        self.titled_text(label, None, at, anchor, colour);
    }

    /// A text; `full` (the whole of a shortened label) as its `<title>`,
    /// shown on hover and read by assistive technology.
    pub(super) fn titled_text(
        &mut self,
        label: &str,
        full: Option<&str>,
        (x, y): (i32, i32),
        anchor: Anchor,
        colour: &str,
    ) {
        let title = full.map_or_else(String::new, |full| format!("<title>{}</title>", xml(full)));
        let _ = writeln!(
            self.body,
            "<text x=\"{x}\" y=\"{y}\" font-family=\"sans-serif\" font-size=\"{FONT_SIZE}\" fill=\"{colour}\" text-anchor=\"{}\" dominant-baseline=\"middle\">{}{title}</text>",
            anchor.name(),
            xml(label)
        );
    }

    /// A number inside a bar's segment: on a plate of the segment's plain
    /// colour, so that no hatch line runs through it, in black or white,
    /// whichever contrasts more with that colour.
    pub(super) fn plated_number(&mut self, number: &str, (x, y): (i32, i32), fill: Rgb) {
        let half = label_width(number) / 2 + 3;
        let (top, bottom) = (y - FONT_SIZE / 2 - 1, y + FONT_SIZE / 2 + 1);
        let _ = writeln!(
            self.body,
            "<rect x=\"{}\" y=\"{top}\" width=\"{}\" height=\"{}\" rx=\"3\" fill=\"{}\"/>",
            x - half,
            2 * half,
            bottom - top,
            hex(fill)
        );
        self.text(number, (x, y), Anchor::Middle, &hex(text_colour_on(fill)));
    }

    /// `dash`: a `stroke-dasharray`, empty for a solid line.
    pub(super) fn line(
        &mut self,
        (x0, y0): (i32, i32),
        (x1, y1): (i32, i32),
        colour: &str,
        width: i32,
        dash: &str,
    ) {
        let dash = if dash.is_empty() {
            String::new()
        } else {
            format!(" stroke-dasharray=\"{dash}\"")
        };
        let _ = writeln!(
            self.body,
            "<line x1=\"{x0}\" y1=\"{y0}\" x2=\"{x1}\" y2=\"{y1}\" stroke=\"{colour}\" stroke-width=\"{width}\"{dash}/>"
        );
    }

    pub(super) fn rect(&mut self, (x0, y0): (i32, i32), (x1, y1): (i32, i32), fill: &str) {
        let _ = writeln!(
            self.body,
            "<rect x=\"{x0}\" y=\"{y0}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"/>",
            x1 - x0,
            y1 - y0
        );
    }

    /// A rectangle in `fill` with `hatch`'s lines over it, in the colour
    /// that contrasts with the fill (half transparent).
    pub(super) fn hatched_rect(
        &mut self,
        from: (i32, i32),
        to: (i32, i32),
        fill: Rgb,
        hatch: Hatch,
    ) {
        if hatch == Hatch::Solid {
            return self.rect(from, to, &hex(fill));
        }
        let index = match self.patterns.iter().position(|p| *p == (hatch, fill)) {
            Some(i) => i,
            None => {
                self.patterns.push((hatch, fill));
                self.patterns.len() - 1
            }
        };
        self.rect(from, to, &format!("url(#fill-{index})"));
    }

    pub(super) fn circle(&mut self, (x, y): (i32, i32), r: i32, fill: &str) {
        let _ = writeln!(
            self.body,
            "<circle cx=\"{x}\" cy=\"{y}\" r=\"{r}\" fill=\"{fill}\"/>"
        );
    }

    /// A legend in rows from `top`: for each item a swatch in its fill
    /// (and hatch), then its name; an item that does not fit the row
    /// starts the next. Returns the height it takes.
    pub(super) fn legend(&mut self, top: i32, items: &[(String, Rgb, Hatch)]) -> i32 {
        const SWATCH: i32 = 18;
        let (mut x, mut row) = (MARGIN, 0);
        for (label, fill, hatch) in items {
            let width = SWATCH + 6 + label_width(label);
            if x > MARGIN && x + width > WIDTH - MARGIN {
                (x, row) = (MARGIN, row + 1);
            }
            let y = top + row * LINE + LINE / 2;
            let (from, to) = ((x, y - SWATCH / 2), (x + SWATCH, y + SWATCH / 2));
            self.hatched_rect(from, to, *fill, *hatch);
            let _ = writeln!(
                self.body,
                "<rect x=\"{}\" y=\"{}\" width=\"{SWATCH}\" height=\"{SWATCH}\" fill=\"none\" stroke=\"{INK}\" stroke-opacity=\"0.55\"/>",
                from.0, from.1
            );
            self.text(label, (x + SWATCH + 6, y), Anchor::Start, INK);
            x += width + 16;
        }
        (row + 1) * LINE
    }

    pub(super) fn finish(self) -> String {
        let (width, height) = (WIDTH, self.height);
        let mut svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"chart-title chart-desc\">\n<title id=\"chart-title\">{}</title>\n<desc id=\"chart-desc\">{}</desc>\n<rect width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>\n",
            xml(&self.title),
            xml(&self.desc)
        );
        if !self.patterns.is_empty() {
            svg.push_str("<defs>\n");
            for (i, (hatch, fill)) in self.patterns.iter().enumerate() {
                let stroke = hex(text_colour_on(*fill));
                let lines = match hatch {
                    Hatch::Dots => format!("<circle cx=\"4\" cy=\"4\" r=\"2\" fill=\"{stroke}\" fill-opacity=\"0.45\"/>"),
                    _ => format!(
                        "<path d=\"{}\" stroke=\"{stroke}\" stroke-opacity=\"0.45\" stroke-width=\"2\"/>",
                        hatch_path(*hatch)
                    ),
                };
                let _ = writeln!(
                    svg,
                    "<pattern id=\"fill-{i}\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\"><rect width=\"8\" height=\"8\" fill=\"{}\"/>{lines}</pattern>",
                    hex(*fill)
                );
            }
            svg.push_str("</defs>\n");
        }
        svg.push_str(&self.body);
        svg.push_str("</svg>\n");
        svg
    }
}

/// The boxes labels take, so that a label can be put where it covers none.
#[derive(Default)]
pub(super) struct Taken(Vec<[i32; 4]>);

impl Taken {
    fn bounds(text: &str, (x, y): (i32, i32), anchor: Anchor) -> [i32; 4] {
        let width = label_width(text);
        let left = match anchor {
            Anchor::Start => x,
            Anchor::Middle => x - width / 2,
            Anchor::End => x - width,
        };
        [left, y - FONT_SIZE / 2, left + width, y + FONT_SIZE / 2]
    }

    /// Marks a label drawn elsewhere as taking its room.
    pub(super) fn add(&mut self, text: &str, at: (i32, i32), anchor: Anchor) {
        self.0.push(Taken::bounds(text, at, anchor));
    }

    /// The first of `spots` (the label's centre) where `text` covers no
    /// label taken, moved sideways to stay between `left` and `right`, and
    /// between `top` and `bottom`; none when every spot is taken (the numbers are in the
    /// table under the chart and in its text alternative).
    pub(super) fn place(
        &mut self,
        text: &str,
        spots: &[(i32, i32)],
        (left, right): (i32, i32),
        (top, bottom): (i32, i32),
    ) -> Option<(i32, i32)> {
        let half = label_width(text) / 2;
        spots.iter().find_map(|&(x, y)| {
            let x = x.min(right - half).max(left + half);
            let [l, t, r, b] = Taken::bounds(text, (x, y), Anchor::Middle);
            let free = t >= top
                && b <= bottom
                && self
                    .0
                    .iter()
                    .all(|[l2, t2, r2, b2]| r <= *l2 || *r2 <= l || b <= *t2 || *b2 <= t);
            free.then(|| {
                self.0.push([l, t, r, b]);
                (x, y)
            })
        })
    }
}

/// A whole-number step giving at most 7 ticks from 0 to `max`: 1, 2, 5, 10, 20, 50, …
pub(super) fn tick_step(max: f64) -> f64 {
    let mut magnitude = 1.0;
    loop {
        for step in [1.0, 2.0, 5.0] {
            if max / (step * magnitude) <= 7.0 {
                return step * magnitude;
            }
        }
        magnitude *= 10.0;
    }
}

/// A horizontal value axis: grid lines and tick labels under them.
pub(super) struct ValueAxis {
    pub(super) left: i32,
    pub(super) right: i32,
    pub(super) max: f64,
}

impl ValueAxis {
    pub(super) fn x(&self, value: f64) -> i32 {
        self.left + ((value / self.max) * f64::from(self.right - self.left)).round() as i32
    }

    /// Grid lines from `top` to `bottom` at `ticks`, each labelled below
    /// by `label`, and the axis' line.
    pub(super) fn draw(
        &self,
        svg: &mut Svg,
        (top, bottom): (i32, i32),
        ticks: &[f64],
        label: impl Fn(f64) -> String,
    ) {
        self.grid(svg, (top, bottom), ticks);
        self.tick_labels(svg, bottom, ticks, label);
    }

    /// Grid lines and the axis' line from `top` to `bottom`.
    pub(super) fn grid(&self, svg: &mut Svg, (top, bottom): (i32, i32), ticks: &[f64]) {
        for tick in ticks {
            let x = self.x(*tick);
            svg.line((x, top), (x, bottom), GRID, 1, "");
        }
        svg.line((self.left, top), (self.left, bottom), INK, 1, "");
    }

    /// The ticks' labels in a row under `bottom`.
    pub(super) fn tick_labels(
        &self,
        svg: &mut Svg,
        bottom: i32,
        ticks: &[f64],
        label: impl Fn(f64) -> String,
    ) {
        for tick in ticks {
            let at = (self.x(*tick), bottom + AXIS_HEIGHT / 2);
            svg.text(&label(*tick), at, Anchor::Middle, INK);
        }
    }
}

/// The ticks from 0 to `max` by [`tick_step`].
pub(super) fn ticks(max: f64) -> Vec<f64> {
    let step = tick_step(max);
    (0..=(max / step).floor() as usize)
        .map(|i| i as f64 * step)
        .collect()
}

/// Room to leave right of an axis whose last tick label is centred on its
/// end: half that label, and never less than the margin.
pub(super) fn right_room(last_tick: &str) -> i32 {
    (label_width(last_tick) / 2 + 4).max(2 * MARGIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_glyphs_take_one_em_and_ascii_less() {
        assert_eq!(text_width("令和元年度", 22), 110);
        assert_eq!(text_width("100%", 20), 48);
        assert_eq!(text_width("ｶﾅ「…」", 10), 42);
    }

    #[test]
    fn long_titles_wrap_onto_two_lines_then_shorten() {
        assert_eq!(wrap("1-01 健診", 480, 2), vec!["1-01 健診"]);
        let lines = wrap(&"あ".repeat(30), 220, 2);
        assert_eq!(lines, vec!["あ".repeat(10), format!("{}…", "あ".repeat(9))]);
        assert!(lines.iter().all(|l| label_width(l) <= 220));
    }

    #[test]
    fn japanese_is_written_as_character_references() {
        assert_eq!(xml("目標値 <1>"), "&#x76ee;&#x6a19;&#x5024; &lt;1&gt;");
    }

    #[test]
    fn ticks_are_whole_numbers_and_few() {
        assert_eq!(tick_step(4.0), 1.0);
        assert_eq!(tick_step(13.0), 2.0);
        assert_eq!(tick_step(20.0), 5.0);
        assert_eq!(tick_step(100.0), 20.0);
        assert_eq!(tick_step(150.0), 50.0);
    }

    #[test]
    fn every_chart_names_itself_and_patterns_are_defined_once() {
        let mut svg = Svg::new(40, "題", "説明");
        svg.hatched_rect((0, 0), (10, 10), (0, 0x72, 0xb2), Hatch::Rising);
        svg.hatched_rect((10, 0), (20, 10), (0, 0x72, 0xb2), Hatch::Rising);
        svg.hatched_rect((20, 0), (30, 10), (0, 0x72, 0xb2), Hatch::Solid);
        let svg = svg.finish();
        assert!(svg.contains("role=\"img\" aria-labelledby=\"chart-title chart-desc\""));
        assert!(svg.contains(&format!("<title id=\"chart-title\">{}</title>", xml("題"))));
        assert_eq!(svg.matches("<pattern ").count(), 1);
        assert_eq!(svg.matches("url(#fill-0)").count(), 2);
    }
}
