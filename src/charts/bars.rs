//! Stacked horizontal bars (grades, indicator tracks): each segment's
//! count written on a plain plate inside it when it fits, else under the
//! bar with a leader line to its segment, so no count goes unwritten.

use super::palette::{Hatch, Rgb};
use super::svg::{label_width, Anchor, Svg, FONT_SIZE, INK, LINE, MARGIN, WIDTH};

/// One segment of a bar, from `x0` to `x1`.
pub(super) struct Segment {
    pub(super) x0: i32,
    pub(super) x1: i32,
    pub(super) fill: Rgb,
    pub(super) hatch: Hatch,
    pub(super) count: usize,
}

impl Segment {
    fn fits(&self) -> bool {
        self.x1 - self.x0 >= label_width(&self.count.to_string()) + 8
    }
}

/// The room under a bar for the counts that do not fit their segments.
pub(super) fn callout_height(segments: &[Segment]) -> i32 {
    if segments.iter().all(Segment::fits) {
        0
    } else {
        LINE + 6
    }
}

/// Draws the bar's segments from `y0`, `height` high, and their counts.
pub(super) fn stacked_bar(svg: &mut Svg, y0: i32, height: i32, segments: &[Segment]) {
    let bottom = y0 + height;
    for s in segments {
        svg.hatched_rect((s.x0, y0), (s.x1, bottom), s.fill, s.hatch);
        // A white seam keeps neighbouring segments apart.
        svg.line((s.x1, y0), (s.x1, bottom), "#ffffff", 1, "");
    }
    let mut callouts = Vec::new();
    for s in segments {
        let number = s.count.to_string();
        let middle = (s.x0 + s.x1) / 2;
        if s.fits() {
            svg.plated_number(&number, (middle, y0 + height / 2), s.fill);
        } else {
            callouts.push((middle, number));
        }
    }
    let centres = spread(&callouts);
    let label_y = bottom + 6 + LINE / 2;
    for ((middle, number), centre) in callouts.iter().zip(centres) {
        svg.line(
            (*middle, bottom),
            (centre, label_y - FONT_SIZE / 2),
            INK,
            1,
            "",
        );
        svg.text(number, (centre, label_y), Anchor::Middle, INK);
    }
}

/// Centres for labels wanted at each `x` (in order), at least 8 px apart
/// and inside the canvas: pushed right past the previous one, then back
/// left from the right edge.
fn spread(labels: &[(i32, String)]) -> Vec<i32> {
    const GAP: i32 = 8;
    let widths: Vec<i32> = labels.iter().map(|(_, l)| label_width(l)).collect();
    let mut lefts: Vec<i32> = Vec::with_capacity(labels.len());
    for (i, (x, _)) in labels.iter().enumerate() {
        let wanted = (x - widths[i] / 2).max(MARGIN);
        let after = lefts.last().map_or(MARGIN, |l| l + widths[i - 1] + GAP);
        lefts.push(wanted.max(after));
    }
    let mut limit = WIDTH - MARGIN;
    for i in (0..lefts.len()).rev() {
        lefts[i] = lefts[i].min(limit - widths[i]);
        limit = lefts[i] - GAP;
    }
    lefts.iter().zip(widths).map(|(l, w)| l + w / 2).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callouts_keep_apart_and_inside() {
        let labels: Vec<(i32, String)> = [470, 471, 472]
            .into_iter()
            .map(|x| (x, "12".to_string()))
            .collect();
        let centres = spread(&labels);
        let half = label_width("12") / 2;
        assert!(centres.windows(2).all(|w| w[1] - w[0] >= 2 * half + 8));
        assert!(centres[2] + half <= WIDTH - MARGIN, "{centres:?}");
        assert!(centres[0] - half >= MARGIN, "{centres:?}");
    }
}
