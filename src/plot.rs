//! Stage 8: figure specs + metric tables → SVG charts (plotters).
//!
//! Kinds describe figures as data ([`Figure`]): which columns to draw, or a function
//! surface they evaluated. This module draws them with titles, axis labels, legends and
//! readable type. Non-finite values are never plotted; a series that ends in inf/NaN is
//! marked "✕ diverged" at its last finite point, so divergence is visible, not hidden.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use polars::prelude::{DataFrame, DataType};
use std::collections::HashMap;

const W: u32 = 780;
const H: u32 = 460;
const FONT: &str = "sans-serif";

/// Axis and title text of a figure.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Axes {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub log_x: bool,
    pub log_y: bool,
}

/// Where the lines of a figure come from in the metrics table: `y` against `x`, one line
/// per distinct value of `group`, optionally only the rows of one `trial`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FromTable {
    pub x: String,
    pub y: String,
    pub group: String,
    pub trial: Option<i64>,
    /// Only rows where each named column has the given value.
    pub filter: Vec<(String, String)>,
    /// An extra table of the outcome (`layers`, `weights`, …) instead of the metrics.
    pub table: Option<String>,
}

/// A point of interest drawn on a surface, with optional direction arrows.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Marked {
    pub label: String,
    pub at: (f64, f64),
    pub arrows: Vec<Arrow>,
}

/// A direction drawn from a marked point (for example a Hessian eigenvector).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Arrow {
    pub d: (f64, f64),
    pub label: String,
    /// Positive directions are drawn blue, negative red.
    pub positive: bool,
}

/// An explicit curve computed by a kind.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Curve {
    pub name: String,
    pub points: Vec<(f64, f64)>,
    pub dashed: bool,
    /// Draw markers only: for points that do not form a path (several families on one axis).
    pub scatter: bool,
    /// Palette index; `None` takes the curve's position. A prediction drawn dashed next to
    /// its measurement shares the measurement's colour this way.
    pub color: Option<usize>,
}

impl Curve {
    /// A solid line in the colour of its position.
    pub fn line(name: impl Into<String>, points: Vec<(f64, f64)>) -> Curve {
        Curve {
            name: name.into(),
            points,
            dashed: false,
            scatter: false,
            color: None,
        }
    }

    pub fn dashed(mut self) -> Curve {
        self.dashed = true;
        self
    }

    pub fn scatter(mut self) -> Curve {
        self.scatter = true;
        self
    }

    pub fn color(mut self, i: usize) -> Curve {
        self.color = Some(i);
        self
    }
}

/// One panel of a heatmap: `values[r][c]` is drawn at column `c`, row `r` (NaN: no cell).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct HeatPanel {
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<String>,
    pub values: Vec<Vec<f64>>,
}

/// What to draw.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Figure {
    /// Lines from the metrics table.
    Lines { axes: Axes, data: FromTable },
    /// Curves the kind computed, with labelled vertical markers.
    Curves {
        axes: Axes,
        curves: Vec<Curve>,
        vlines: Vec<(String, f64)>,
    },
    /// Contours of a 2-D function (`z[j][i]` at `(xs[i], ys[j])`) with paths and points.
    Contour {
        axes: Axes,
        xs: Vec<f64>,
        ys: Vec<f64>,
        z: Vec<Vec<f64>>,
        paths: Option<FromTable>,
        points: Vec<Marked>,
    },
    /// Heatmaps side by side on one colour scale (log10 of the values when `log`), for
    /// example a per-layer statistic over layer × depth, one panel per configuration.
    Heatmap {
        axes: Axes,
        panels: Vec<HeatPanel>,
        /// What the colour shows, with its unit.
        scale_label: String,
        log: bool,
    },
    /// A 1-D function with the iterates of each path drawn on it.
    Function1D {
        axes: Axes,
        xs: Vec<f64>,
        fs: Vec<f64>,
        paths: Option<FromTable>,
        points: Vec<Marked>,
    },
}

impl Figure {
    pub fn axes(&self) -> &Axes {
        match self {
            Figure::Lines { axes, .. }
            | Figure::Curves { axes, .. }
            | Figure::Contour { axes, .. }
            | Figure::Heatmap { axes, .. }
            | Figure::Function1D { axes, .. } => axes,
        }
    }
}

/// Tableau-10, readable on white and distinguishable in print.
const PALETTE: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
];

fn color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// Draws a figure to an SVG string.
pub fn render(fig: &Figure, df: &DataFrame) -> Result<String, String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size(fig)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        match fig {
            Figure::Lines { axes, data } => {
                let series = read_series(df, data)?;
                draw_lines(&root, axes, &series, &[])?;
            }
            Figure::Curves {
                axes,
                curves,
                vlines,
            } => {
                let series: Vec<Line> = curves
                    .iter()
                    .map(|c| Line {
                        name: c.name.clone(),
                        points: c.points.clone(),
                        dashed: c.dashed,
                        scatter: c.scatter,
                        color: c.color,
                    })
                    .collect();
                draw_lines(&root, axes, &series, vlines)?;
            }
            Figure::Contour {
                axes,
                xs,
                ys,
                z,
                paths,
                points,
            } => {
                let series = match paths {
                    Some(p) => read_series(df, p)?,
                    None => Vec::new(),
                };
                draw_contour(&root, axes, xs, ys, z, &series, points)?;
            }
            Figure::Heatmap {
                axes,
                panels,
                scale_label,
                log,
            } => {
                draw_heatmap(&root, axes, panels, scale_label, *log)?;
            }
            Figure::Function1D {
                axes,
                xs,
                fs,
                paths,
                points,
            } => {
                let series = match paths {
                    Some(p) => read_series(df, p)?,
                    None => Vec::new(),
                };
                draw_function(&root, axes, xs, fs, &series, points)?;
            }
        }
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

/// One named line; points may contain non-finite values (they are skipped, and a
/// non-finite value marks the line as diverged).
#[derive(Debug, Clone)]
struct Line {
    name: String,
    points: Vec<(f64, f64)>,
    dashed: bool,
    scatter: bool,
    color: Option<usize>,
}

fn column_f64(df: &DataFrame, name: &str) -> Result<Vec<f64>, String> {
    let col = df
        .column(name)
        .map_err(|_| format!("the data has no column `{name}`"))?
        .cast(&DataType::Float64)
        .map_err(|e| e.to_string())?;
    let ca = col.f64().map_err(|e| e.to_string())?;
    Ok(ca.iter().map(|v| v.unwrap_or(f64::NAN)).collect())
}

fn column_str(df: &DataFrame, name: &str) -> Result<Vec<String>, String> {
    let col = df
        .column(name)
        .map_err(|_| format!("the data has no column `{name}`"))?
        .cast(&DataType::String)
        .map_err(|e| e.to_string())?;
    let ca = col.str().map_err(|e| e.to_string())?;
    Ok(ca.iter().map(|v| v.unwrap_or("").to_string()).collect())
}

/// Groups `y` against `x` by the group column, in order of first appearance.
fn read_series(df: &DataFrame, spec: &FromTable) -> Result<Vec<Line>, String> {
    let x = column_f64(df, &spec.x)?;
    let y = column_f64(df, &spec.y)?;
    let g = column_str(df, &spec.group)?;
    let trial = match spec.trial {
        Some(_) => Some(column_f64(df, "trial")?),
        None => None,
    };
    let filters: Vec<(Vec<String>, &String)> = spec
        .filter
        .iter()
        .map(|(c, v)| column_str(df, c).map(|col| (col, v)))
        .collect::<Result<_, _>>()?;
    let mut order: Vec<String> = Vec::new();
    let mut by: HashMap<String, Vec<(f64, f64)>> = HashMap::new();
    for i in 0..x.len() {
        if filters.iter().any(|(col, want)| &col[i] != *want) {
            continue;
        }
        if let (Some(t), Some(want)) = (&trial, spec.trial) {
            if t[i] != want as f64 {
                continue;
            }
        }
        let entry = by.entry(g[i].clone()).or_insert_with(|| {
            order.push(g[i].clone());
            Vec::new()
        });
        entry.push((x[i], y[i]));
    }
    Ok(order
        .into_iter()
        .map(|name| Line {
            points: by.remove(&name).unwrap_or_default(),
            name,
            dashed: false,
            scatter: false,
            color: None,
        })
        .collect())
}

/// Maps a value to plot coordinates (log10 on log axes); `None` if it cannot be drawn.
fn tf(v: f64, log: bool) -> Option<f64> {
    if !v.is_finite() {
        return None;
    }
    if log {
        (v > 0.0).then(|| v.log10())
    } else {
        Some(v)
    }
}

fn tick_label(v: f64, log: bool) -> String {
    if log {
        if (v - v.round()).abs() < 1e-9 {
            format!("1e{}", v.round() as i64)
        } else {
            format!("{:.1e}", 10f64.powf(v))
        }
    } else {
        let a = v.abs();
        if a != 0.0 && !(1e-3..1e5).contains(&a) {
            format!("{v:.1e}")
        } else {
            let s = format!("{v:.4}");
            let s = s.trim_end_matches('0').trim_end_matches('.');
            if s == "-0" {
                "0".into()
            } else {
                s.to_string()
            }
        }
    }
}

fn padded(lo: f64, hi: f64, frac: f64) -> (f64, f64) {
    if !(lo.is_finite() && hi.is_finite()) {
        return (0.0, 1.0);
    }
    if hi - lo < 1e-12 * (1.0 + lo.abs()) {
        let d = 0.5 * (1.0 + lo.abs() * 0.1);
        return (lo - d, hi + d);
    }
    let pad = (hi - lo) * frac;
    (lo - pad, hi + pad)
}

type Chart<'a, 'b> = ChartContext<
    'a,
    SVGBackend<'b>,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

fn build_chart<'a, 'b>(
    root: &'a DrawingArea<SVGBackend<'b>, Shift>,
    axes: &Axes,
    x: (f64, f64),
    y: (f64, f64),
) -> Result<Chart<'a, 'b>, String> {
    let mut chart = ChartBuilder::on(root)
        .caption(&axes.title, (FONT, 19))
        .margin(14)
        .x_label_area_size(48)
        .y_label_area_size(70)
        .build_cartesian_2d(x.0..x.1, y.0..y.1)
        .map_err(|e| e.to_string())?;
    let (lx, ly) = (axes.log_x, axes.log_y);
    let xf = move |v: &f64| tick_label(*v, lx);
    let yf = move |v: &f64| tick_label(*v, ly);
    let xd = if lx {
        format!("{} (log scale)", axes.x_label)
    } else {
        axes.x_label.clone()
    };
    let yd = if ly {
        format!("{} (log scale)", axes.y_label)
    } else {
        axes.y_label.clone()
    };
    chart
        .configure_mesh()
        .x_desc(xd)
        .y_desc(yd)
        .axis_desc_style((FONT, 15))
        .label_style((FONT, 13))
        .light_line_style(RGBColor(235, 235, 235))
        .bold_line_style(RGBColor(215, 215, 215))
        .x_labels(8)
        .y_labels(8)
        .x_label_formatter(&xf)
        .y_label_formatter(&yf)
        .draw()
        .map_err(|e| e.to_string())?;
    Ok(chart)
}

/// The corner whose box (45 % of the width, 40 % of the height) covers the fewest data
/// points, so the legend hides as little as possible; upper right on ties.
fn legend_corner<'p>(
    points: impl Iterator<Item = &'p (f64, f64)>,
    x: (f64, f64),
    y: (f64, f64),
) -> SeriesLabelPosition {
    let (w, h) = (x.1 - x.0, y.1 - y.0);
    let mut count = [0usize; 4];
    for &(px, py) in points {
        let (fx, fy) = ((px - x.0) / w, (py - y.0) / h);
        let (left, right, low, high) = (fx < 0.45, fx > 0.55, fy < 0.4, fy > 0.6);
        for (k, hit) in [high && right, high && left, low && right, low && left]
            .into_iter()
            .enumerate()
        {
            count[k] += usize::from(hit);
        }
    }
    let order = [
        SeriesLabelPosition::UpperRight,
        SeriesLabelPosition::UpperLeft,
        SeriesLabelPosition::LowerRight,
        SeriesLabelPosition::LowerLeft,
    ];
    let best = (0..4).min_by_key(|&k| (count[k], k)).unwrap_or(0);
    order[best].clone()
}

fn finish_legend<'a, 'b: 'a>(
    chart: &mut Chart<'a, 'b>,
    any: bool,
    corner: SeriesLabelPosition,
) -> Result<(), String> {
    if any {
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.8))
            .border_style(RGBColor(180, 180, 180))
            .label_font((FONT, 13))
            .position(corner)
            .draw()
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn no_data(root: &DrawingArea<SVGBackend, Shift>, axes: &Axes) -> Result<(), String> {
    root.draw(&Text::new(
        format!("{}: no finite values to plot", axes.title),
        (40, (H / 2) as i32),
        (FONT, 16),
    ))
    .map_err(|e| e.to_string())
}

/// The drawable runs of a line (split where a value cannot be drawn), and the last
/// drawable point before the first non-finite value, if there is one.
/// Polyline pieces in plot coordinates.
type Pieces = Vec<Vec<(f64, f64)>>;

fn drawable(line: &Line, axes: &Axes) -> (Pieces, Option<(f64, f64)>) {
    let mut parts: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    let mut last_ok = None;
    let mut diverged_at = None;
    for &(x, y) in &line.points {
        if !y.is_finite() || !x.is_finite() {
            if diverged_at.is_none() {
                diverged_at = last_ok;
            }
            break;
        }
        match (tf(x, axes.log_x), tf(y, axes.log_y)) {
            (Some(a), Some(b)) => {
                parts.last_mut().expect("non-empty").push((a, b));
                last_ok = Some((a, b));
            }
            _ => parts.push(Vec::new()),
        }
    }
    parts.retain(|p| !p.is_empty());
    (parts, diverged_at)
}

fn draw_lines(
    root: &DrawingArea<SVGBackend, Shift>,
    axes: &Axes,
    lines: &[Line],
    vlines: &[(String, f64)],
) -> Result<(), String> {
    let prepared: Vec<_> = lines.iter().map(|l| drawable(l, axes)).collect();
    let pts = prepared.iter().flat_map(|(p, _)| p.iter().flatten());
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    let mut n = 0;
    for &(x, y) in pts {
        x0 = x0.min(x);
        x1 = x1.max(x);
        y0 = y0.min(y);
        y1 = y1.max(y);
        n += 1;
    }
    for (_, v) in vlines {
        if let Some(v) = tf(*v, axes.log_x) {
            x0 = x0.min(v);
            x1 = x1.max(v);
        }
    }
    if n == 0 {
        return no_data(root, axes);
    }
    let x = padded(x0, x1, 0.02);
    let y = padded(y0, y1, 0.06);
    let mut chart = build_chart(root, axes, x, y)?;
    for (i, (line, (parts, diverged))) in lines.iter().zip(&prepared).enumerate() {
        let c = color(line.color.unwrap_or(i));
        let style = c.stroke_width(2);
        let name = if diverged.is_some() {
            format!("{} (→ inf/NaN)", line.name)
        } else if parts.is_empty() {
            // Nothing drawable (for example an error of exactly 0 on a log axis): keep
            // the series in the legend and say why it has no line.
            format!("{} (no value > 0 to draw)", line.name)
        } else {
            line.name.clone()
        };
        if parts.is_empty() {
            chart
                .draw_series(LineSeries::new(Vec::<(f64, f64)>::new(), style))
                .map_err(|e| e.to_string())?
                .label(name.clone())
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 18, y)], c.stroke_width(2))
                });
        }
        if line.scatter {
            let pts: Vec<(f64, f64)> = parts.iter().flatten().copied().collect();
            chart
                .draw_series(pts.iter().map(|&p| Circle::new(p, 4, c.filled())))
                .map_err(|e| e.to_string())?
                .label(name.clone())
                .legend(move |(x, y)| Circle::new((x + 9, y), 4, c.filled()));
            continue;
        }
        let mut first = true;
        for part in parts {
            let anno = if line.dashed {
                chart.draw_series(DashedLineSeries::new(part.clone(), 6, 4, style))
            } else {
                chart.draw_series(LineSeries::new(part.clone(), style))
            }
            .map_err(|e| e.to_string())?;
            if first {
                let dashed = line.dashed;
                anno.label(name.clone()).legend(move |(x, y)| {
                    if dashed {
                        PathElement::new(vec![(x, y), (x + 7, y)], c.stroke_width(2))
                    } else {
                        PathElement::new(vec![(x, y), (x + 18, y)], c.stroke_width(2))
                    }
                });
                first = false;
            }
            if part.len() <= 60 {
                chart
                    .draw_series(part.iter().map(|&p| Circle::new(p, 2, c.filled())))
                    .map_err(|e| e.to_string())?;
            }
        }
        if let Some(p) = diverged {
            chart
                .draw_series([Cross::new(*p, 7, RED.stroke_width(3))])
                .map_err(|e| e.to_string())?;
            chart
                .draw_series([Text::new(
                    "inf/NaN",
                    *p,
                    (FONT, 13)
                        .into_font()
                        .color(&RED)
                        .pos(Pos::new(HPos::Right, VPos::Top)),
                )])
                .map_err(|e| e.to_string())?;
        }
    }
    for (k, (label, v)) in vlines.iter().enumerate() {
        if let Some(v) = tf(*v, axes.log_x) {
            let grey = RGBColor(90, 90, 90);
            chart
                .draw_series(DashedLineSeries::new(
                    vec![(v, y.0), (v, y.1)],
                    4,
                    4,
                    grey.stroke_width(1),
                ))
                .map_err(|e| e.to_string())?;
            chart
                .draw_series([Text::new(
                    label.clone(),
                    // Staggered, so that labels of nearby lines do not overprint.
                    (v, y.1 - (y.1 - y.0) * (0.04 + 0.07 * k as f64)),
                    (FONT, 13).into_font().color(&grey),
                )])
                .map_err(|e| e.to_string())?;
        }
    }
    let corner = legend_corner(prepared.iter().flat_map(|(p, _)| p.iter().flatten()), x, y);
    finish_legend(&mut chart, !lines.is_empty(), corner)
}

/// Levels at quantiles of the surface, denser near the bottom where minima are.
fn contour_levels(z: &[Vec<f64>], count: usize) -> Vec<f64> {
    let mut all: Vec<f64> = z
        .iter()
        .flatten()
        .copied()
        .filter(|v| v.is_finite())
        .collect();
    if all.is_empty() {
        return Vec::new();
    }
    all.sort_by(f64::total_cmp);
    let mut levels: Vec<f64> = (1..=count)
        .map(|k| {
            let p = (k as f64 / (count + 1) as f64).powi(2);
            all[((all.len() - 1) as f64 * p).round() as usize]
        })
        .collect();
    levels.dedup_by(|a, b| (*a - *b).abs() <= 1e-12 * (1.0 + b.abs()));
    levels
}

/// Marching squares: the segments where the bilinear surface crosses `level`.
fn contour_segments(xs: &[f64], ys: &[f64], z: &[Vec<f64>], level: f64) -> Vec<[(f64, f64); 2]> {
    let mut segs = Vec::new();
    let lerp = |a: (f64, f64, f64), b: (f64, f64, f64)| {
        // The same edge is met from both of its cells; a fixed order makes the crossing
        // bit-identical, so the pieces join into one polyline.
        let (a, b) = if (a.0, a.1) <= (b.0, b.1) {
            (a, b)
        } else {
            (b, a)
        };
        let t = (level - a.2) / (b.2 - a.2);
        (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1))
    };
    for j in 0..ys.len().saturating_sub(1) {
        for i in 0..xs.len().saturating_sub(1) {
            let c = [
                (xs[i], ys[j], z[j][i]),
                (xs[i + 1], ys[j], z[j][i + 1]),
                (xs[i + 1], ys[j + 1], z[j + 1][i + 1]),
                (xs[i], ys[j + 1], z[j + 1][i]),
            ];
            if c.iter().any(|p| !p.2.is_finite()) {
                continue;
            }
            let mut cross = Vec::with_capacity(4);
            for k in 0..4 {
                let (a, b) = (c[k], c[(k + 1) % 4]);
                if (a.2 < level) != (b.2 < level) {
                    cross.push(lerp(a, b));
                }
            }
            match cross.len() {
                2 => segs.push([cross[0], cross[1]]),
                4 => {
                    segs.push([cross[0], cross[1]]);
                    segs.push([cross[2], cross[3]]);
                }
                _ => {}
            }
        }
    }
    segs
}

/// Joins segments that share endpoints into polylines (fewer, smaller SVG elements).
fn chain(segs: Vec<[(f64, f64); 2]>) -> Vec<Vec<(f64, f64)>> {
    let key = |p: (f64, f64)| ((p.0 * 1e9).round() as i64, (p.1 * 1e9).round() as i64);
    let mut at: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
    for (i, s) in segs.iter().enumerate() {
        at.entry(key(s[0])).or_default().push(i);
        at.entry(key(s[1])).or_default().push(i);
    }
    let mut used = vec![false; segs.len()];
    let mut out = Vec::new();
    for start in 0..segs.len() {
        if used[start] {
            continue;
        }
        used[start] = true;
        let mut line: std::collections::VecDeque<(f64, f64)> =
            [segs[start][0], segs[start][1]].into_iter().collect();
        for forward in [true, false] {
            loop {
                let end = if forward {
                    *line.back().expect("non-empty")
                } else {
                    *line.front().expect("non-empty")
                };
                let next = at
                    .get(&key(end))
                    .and_then(|c| c.iter().copied().find(|&k| !used[k]));
                let Some(k) = next else { break };
                used[k] = true;
                let s = segs[k];
                let other = if key(s[0]) == key(end) { s[1] } else { s[0] };
                if forward {
                    line.push_back(other);
                } else {
                    line.push_front(other);
                }
            }
        }
        out.push(line.into_iter().collect());
    }
    out
}

/// Clips a polyline to a box (Liang–Barsky per segment), splitting where it leaves.
fn clip(points: &[(f64, f64)], x: (f64, f64), y: (f64, f64)) -> Vec<Vec<(f64, f64)>> {
    let mut parts: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    for w in points.windows(2) {
        let (a, b) = (w[0], w[1]);
        if !(a.0.is_finite() && a.1.is_finite() && b.0.is_finite() && b.1.is_finite()) {
            if !current.is_empty() {
                parts.push(std::mem::take(&mut current));
            }
            continue;
        }
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let (mut t0, mut t1) = (0.0f64, 1.0f64);
        let mut inside = true;
        for (p, q) in [
            (-dx, a.0 - x.0),
            (dx, x.1 - a.0),
            (-dy, a.1 - y.0),
            (dy, y.1 - a.1),
        ] {
            if p == 0.0 {
                if q < 0.0 {
                    inside = false;
                }
            } else {
                let r = q / p;
                if p < 0.0 {
                    t0 = t0.max(r);
                } else {
                    t1 = t1.min(r);
                }
            }
        }
        if !inside || t0 > t1 {
            if !current.is_empty() {
                parts.push(std::mem::take(&mut current));
            }
            continue;
        }
        let p0 = (a.0 + t0 * dx, a.1 + t0 * dy);
        let p1 = (a.0 + t1 * dx, a.1 + t1 * dy);
        if current.is_empty() {
            current.push(p0);
        }
        current.push(p1);
        if t1 < 1.0 {
            parts.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        parts.push(current);
    }
    if points.len() == 1 && points[0].0.is_finite() && points[0].1.is_finite() {
        parts.push(vec![points[0]]);
    }
    parts
}

fn draw_paths(
    chart: &mut Chart,
    series: &[Line],
    x: (f64, f64),
    y: (f64, f64),
) -> Result<(), String> {
    for (i, line) in series.iter().enumerate() {
        let c = color(i);
        let diverged = line
            .points
            .iter()
            .any(|p| !p.0.is_finite() || !p.1.is_finite())
            || line
                .points
                .iter()
                .any(|p| p.0 < x.0 || p.0 > x.1 || p.1 < y.0 || p.1 > y.1);
        let name = if diverged {
            format!("{} (leaves the plot)", line.name)
        } else {
            line.name.clone()
        };
        let parts = clip(&line.points, x, y);
        let mut first = true;
        for part in &parts {
            let anno = chart
                .draw_series(LineSeries::new(part.clone(), c.stroke_width(2)))
                .map_err(|e| e.to_string())?;
            if first {
                anno.label(name.clone()).legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 18, y)], c.stroke_width(2))
                });
                first = false;
            }
        }
        let inside: Vec<(f64, f64)> = line
            .points
            .iter()
            .copied()
            .filter(|p| p.0 >= x.0 && p.0 <= x.1 && p.1 >= y.0 && p.1 <= y.1)
            .collect();
        chart
            .draw_series(inside.iter().map(|&p| Circle::new(p, 3, c.filled())))
            .map_err(|e| e.to_string())?;
        if let Some(&s) = line.points.first() {
            chart
                .draw_series([Rectangle::new(
                    [
                        (s.0 - (x.1 - x.0) * 0.006, s.1 - (y.1 - y.0) * 0.01),
                        (s.0 + (x.1 - x.0) * 0.006, s.1 + (y.1 - y.0) * 0.01),
                    ],
                    BLACK.filled(),
                )])
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

fn draw_marks(chart: &mut Chart, points: &[Marked], x: (f64, f64)) -> Result<(), String> {
    let scale = (x.1 - x.0) * 0.12;
    for m in points {
        for a in &m.arrows {
            let c = if a.positive {
                RGBColor(31, 119, 180)
            } else {
                RGBColor(214, 39, 40)
            };
            let norm = (a.d.0 * a.d.0 + a.d.1 * a.d.1).sqrt().max(1e-300);
            let (ux, uy) = (a.d.0 / norm, a.d.1 / norm);
            let tip = (m.at.0 + ux * scale, m.at.1 + uy * scale);
            let back = (m.at.0 - ux * scale, m.at.1 - uy * scale);
            chart
                .draw_series(LineSeries::new(vec![back, tip], c.stroke_width(2)))
                .map_err(|e| e.to_string())?;
            // Arrow heads at both ends: an eigenvector is a direction, not a sign.
            for (end, s) in [(tip, 1.0), (back, -1.0)] {
                let hx = -ux * s * scale * 0.18;
                let hy = -uy * s * scale * 0.18;
                let (px, py) = (-hy * 0.5, hx * 0.5);
                chart
                    .draw_series(LineSeries::new(
                        vec![
                            (end.0 + hx + px, end.1 + hy + py),
                            end,
                            (end.0 + hx - px, end.1 + hy - py),
                        ],
                        c.stroke_width(2),
                    ))
                    .map_err(|e| e.to_string())?;
            }
            chart
                .draw_series([Text::new(
                    a.label.clone(),
                    (tip.0, tip.1),
                    (FONT, 12).into_font().color(&c),
                )])
                .map_err(|e| e.to_string())?;
        }
        chart
            .draw_series([Circle::new(m.at, 5, BLACK.filled())])
            .map_err(|e| e.to_string())?;
        chart
            .draw_series([Text::new(
                m.label.clone(),
                (m.at.0 + (x.1 - x.0) * 0.015, m.at.1),
                (FONT, 13).into_font().color(&BLACK),
            )])
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn draw_contour(
    root: &DrawingArea<SVGBackend, Shift>,
    axes: &Axes,
    xs: &[f64],
    ys: &[f64],
    z: &[Vec<f64>],
    series: &[Line],
    points: &[Marked],
) -> Result<(), String> {
    let (Some(&x0), Some(&x1), Some(&y0), Some(&y1)) =
        (xs.first(), xs.last(), ys.first(), ys.last())
    else {
        return no_data(root, axes);
    };
    let (x, y) = ((x0, x1), (y0, y1));
    let mut chart = build_chart(root, axes, x, y)?;
    let levels = contour_levels(z, 14);
    let n = levels.len().max(1);
    for (k, level) in levels.iter().enumerate() {
        // Light to dark grey-blue from the lowest level up.
        let t = k as f64 / n as f64;
        let shade = RGBColor(
            (120.0 + 110.0 * t) as u8,
            (150.0 + 85.0 * t) as u8,
            (190.0 + 50.0 * t) as u8,
        );
        for poly in chain(contour_segments(xs, ys, z, *level)) {
            chart
                .draw_series(LineSeries::new(poly, shade.stroke_width(1)))
                .map_err(|e| e.to_string())?;
        }
    }
    draw_paths(&mut chart, series, x, y)?;
    draw_marks(&mut chart, points, x)?;
    let corner = legend_corner(series.iter().flat_map(|l| l.points.iter()), x, y);
    finish_legend(&mut chart, !series.is_empty(), corner)
}

fn draw_function(
    root: &DrawingArea<SVGBackend, Shift>,
    axes: &Axes,
    xs: &[f64],
    fs: &[f64],
    series: &[Line],
    points: &[Marked],
) -> Result<(), String> {
    let mut finite: Vec<f64> = fs.iter().copied().filter(|v| v.is_finite()).collect();
    if finite.is_empty() || xs.is_empty() {
        return no_data(root, axes);
    }
    finite.sort_by(f64::total_cmp);
    // Robust range: a pole (ln x at 0) must not flatten the interesting part.
    let lo = finite[(finite.len() as f64 * 0.0) as usize];
    let hi = finite[((finite.len() - 1) as f64 * 0.95) as usize];
    let mut y = (lo, hi);
    for l in series {
        for p in &l.points {
            if p.1.is_finite() && p.0 >= xs[0] && p.0 <= xs[xs.len() - 1] {
                y = (y.0.min(p.1), y.1.max(p.1));
            }
        }
    }
    for m in points {
        y = (y.0.min(m.at.1), y.1.max(m.at.1));
    }
    let y = padded(y.0, y.1, 0.08);
    let x = (xs[0], xs[xs.len() - 1]);
    let mut chart = build_chart(root, axes, x, y)?;
    let curve: Vec<(f64, f64)> = xs.iter().copied().zip(fs.iter().copied()).collect();
    for part in clip(&curve, x, y) {
        chart
            .draw_series(LineSeries::new(part, BLACK.stroke_width(2)))
            .map_err(|e| e.to_string())?;
    }
    draw_paths(&mut chart, series, x, y)?;
    draw_marks(&mut chart, points, x)?;
    let corner = legend_corner(series.iter().flat_map(|l| l.points.iter()), x, y);
    finish_legend(&mut chart, !series.is_empty(), corner)
}

/// Viridis (matplotlib's default), sampled at nine stops: perceptually even and readable
/// in grey print.
const VIRIDIS: [(u8, u8, u8); 9] = [
    (68, 1, 84),
    (71, 44, 122),
    (59, 81, 139),
    (44, 113, 142),
    (33, 144, 141),
    (39, 173, 129),
    (92, 200, 99),
    (170, 220, 50),
    (253, 231, 37),
];

fn viridis(t: f64) -> RGBColor {
    let t = t.clamp(0.0, 1.0) * (VIRIDIS.len() - 1) as f64;
    let i = (t.floor() as usize).min(VIRIDIS.len() - 2);
    let f = t - i as f64;
    let (a, b) = (VIRIDIS[i], VIRIDIS[i + 1]);
    let mix = |x: u8, y: u8| (x as f64 + (y as f64 - x as f64) * f).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Panels per row of a heatmap figure.
fn heat_columns(panels: usize) -> usize {
    if panels <= 1 {
        1
    } else {
        2
    }
}

/// The pixel size of a figure (heatmaps grow with their panel rows).
fn size(fig: &Figure) -> (u32, u32) {
    match fig {
        Figure::Heatmap { panels, .. } => {
            let rows = panels.len().div_ceil(heat_columns(panels.len())).max(1) as u32;
            (W, 60 + rows * 330)
        }
        _ => (W, H),
    }
}

fn draw_heatmap(
    root: &DrawingArea<SVGBackend, Shift>,
    axes: &Axes,
    panels: &[HeatPanel],
    scale_label: &str,
    log: bool,
) -> Result<(), String> {
    let drawn = |v: f64| -> Option<f64> {
        if v.is_finite() && (!log || v > 0.0) {
            Some(if log { v.log10() } else { v })
        } else {
            None
        }
    };
    let all: Vec<f64> = panels
        .iter()
        .flat_map(|p| p.values.iter().flatten())
        .filter_map(|v| drawn(*v))
        .collect();
    if all.is_empty() || panels.is_empty() {
        return no_data(root, axes);
    }
    let lo = all.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = all.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let (lo, hi) = if hi - lo < 1e-12 {
        (lo - 0.5, hi + 0.5)
    } else {
        (lo, hi)
    };
    let t = |v: f64| (v - lo) / (hi - lo);
    let titled = root
        .titled(&axes.title, (FONT, 19))
        .map_err(|e| e.to_string())?;
    let (grid, bar) = titled.split_horizontally(titled.dim_in_pixel().0 - 120);
    let cols = heat_columns(panels.len());
    let rows = panels.len().div_ceil(cols);
    let areas = grid.split_evenly((rows, cols));
    for (panel, area) in panels.iter().zip(areas.iter()) {
        let nc = panel.columns.len().max(1);
        let nr = panel.rows.len().max(1);
        let mut chart = ChartBuilder::on(area)
            .caption(&panel.title, (FONT, 15))
            .margin(8)
            .x_label_area_size(40)
            .y_label_area_size(52)
            .build_cartesian_2d(-0.5..nc as f64 - 0.5, 0.5..nr as f64 + 0.5)
            .map_err(|e| e.to_string())?;
        let (pc, pr) = (panel.columns.clone(), panel.rows.clone());
        let xf = move |v: &f64| {
            let i = v.round();
            if (v - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < pc.len() {
                pc[i as usize].clone()
            } else {
                String::new()
            }
        };
        let yf = move |v: &f64| {
            let i = v.round();
            if (v - i).abs() < 1e-6 && i >= 1.0 && (i as usize) <= pr.len() {
                pr[i as usize - 1].clone()
            } else {
                String::new()
            }
        };
        chart
            .configure_mesh()
            .disable_x_mesh()
            .disable_y_mesh()
            .x_desc(axes.x_label.as_str())
            .y_desc(axes.y_label.as_str())
            .axis_desc_style((FONT, 13))
            .label_style((FONT, 12))
            .x_labels(nc + 1)
            .y_labels(nr.min(10) + 1)
            .x_label_formatter(&xf)
            .y_label_formatter(&yf)
            .draw()
            .map_err(|e| e.to_string())?;
        for (r, row) in panel.values.iter().enumerate() {
            for (c, &v) in row.iter().enumerate() {
                if v.is_nan() {
                    continue;
                }
                let fill = match drawn(v) {
                    Some(x) => viridis(t(x)),
                    None if v == 0.0 => BLACK,
                    None => RED,
                };
                let (x, y) = (c as f64, (r + 1) as f64);
                chart
                    .draw_series([Rectangle::new(
                        [(x - 0.5, y - 0.5), (x + 0.5, y + 0.5)],
                        fill.filled(),
                    )])
                    .map_err(|e| e.to_string())?;
            }
        }
    }
    // The colour bar, shared by every panel.
    let mut cb = ChartBuilder::on(&bar)
        .margin_top(40)
        .margin_bottom(60)
        .margin_right(10)
        .y_label_area_size(58)
        .build_cartesian_2d(0.0..1.0, lo..hi)
        .map_err(|e| e.to_string())?;
    let yf = move |v: &f64| tick_label(*v, log);
    cb.configure_mesh()
        .disable_x_mesh()
        .disable_y_mesh()
        .disable_x_axis()
        .y_desc(if log {
            format!("{scale_label} (log scale)")
        } else {
            scale_label.to_string()
        })
        .axis_desc_style((FONT, 13))
        .label_style((FONT, 12))
        .y_labels(7)
        .y_label_formatter(&yf)
        .draw()
        .map_err(|e| e.to_string())?;
    let steps = 100;
    cb.draw_series((0..steps).map(|k| {
        let a = lo + (hi - lo) * k as f64 / steps as f64;
        let b = lo + (hi - lo) * (k + 1) as f64 / steps as f64;
        Rectangle::new([(0.0, a), (1.0, b)], viridis(t(0.5 * (a + b))).filled())
    }))
    .map_err(|e| e.to_string())?;
    let (bw, bh) = bar.dim_in_pixel();
    bar.draw(&Text::new(
        "black: 0",
        (8, bh as i32 - 44),
        (FONT, 12).into_font().color(&BLACK),
    ))
    .map_err(|e| e.to_string())?;
    bar.draw(&Text::new(
        "red: inf/NaN",
        (8, bh as i32 - 28),
        (FONT, 12).into_font().color(&RED),
    ))
    .map_err(|e| e.to_string())?;
    let _ = bw;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collect::{Table, Values};

    fn axes(log_y: bool) -> Axes {
        Axes {
            title: "T".into(),
            x_label: "iteration".into(),
            y_label: "f".into(),
            log_x: false,
            log_y,
        }
    }

    #[test]
    fn lines_mark_divergence_and_skip_non_finite() {
        let df = Table::new()
            .with(
                "series",
                Values::Str(vec!["a".into(), "a".into(), "a".into()]),
            )
            .with("iteration", Values::I64(vec![0, 1, 2]))
            .with("f", Values::F64(vec![1.0, 1e10, f64::INFINITY]))
            .to_frame()
            .unwrap();
        let fig = Figure::Lines {
            axes: axes(true),
            data: FromTable {
                x: "iteration".into(),
                y: "f".into(),
                group: "series".into(),
                trial: None,
                filter: vec![],
                table: None,
            },
        };
        let svg = render(&fig, &df).unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("a (→ inf/NaN)"));
        assert!(svg.contains(">\ninf/NaN\n</text>"), "{svg}");
        // No non-finite coordinate reaches the SVG.
        assert!(
            !svg.contains("=\"NaN")
                && !svg.contains("NaN,")
                && !svg.contains(",NaN")
                && !svg.contains("=\"inf")
        );
    }

    #[test]
    fn missing_column_is_an_error_not_a_panic() {
        let df = Table::new()
            .with("x", Values::F64(vec![1.0]))
            .to_frame()
            .unwrap();
        let fig = Figure::Lines {
            axes: axes(false),
            data: FromTable {
                x: "x".into(),
                y: "nope".into(),
                group: "series".into(),
                trial: None,
                filter: vec![],
                table: None,
            },
        };
        assert!(render(&fig, &df).unwrap_err().contains("nope"));
    }

    #[test]
    fn contour_segments_of_a_cone_lie_on_the_circle() {
        let xs: Vec<f64> = (0..41).map(|i| -2.0 + i as f64 * 0.1).collect();
        let z: Vec<Vec<f64>> = xs
            .iter()
            .map(|&y| xs.iter().map(|&x| (x * x + y * y).sqrt()).collect())
            .collect();
        let segs = contour_segments(&xs, &xs, &z, 1.05);
        assert!(!segs.is_empty());
        for s in &segs {
            for p in s {
                let r = (p.0 * p.0 + p.1 * p.1).sqrt();
                assert!((r - 1.05).abs() < 0.01, "{r}");
            }
        }
        assert_eq!(chain(segs).len(), 1, "one closed circle");
    }

    #[test]
    fn clipping_cuts_at_the_box() {
        let parts = clip(
            &[(0.0, 0.0), (2.0, 0.0), (3.0, 0.0)],
            (-1.0, 1.0),
            (-1.0, 1.0),
        );
        assert_eq!(parts, vec![vec![(0.0, 0.0), (1.0, 0.0)]]);
    }

    #[test]
    fn tick_labels_are_readable() {
        assert_eq!(tick_label(-3.0, true), "1e-3");
        assert_eq!(tick_label(0.25, false), "0.25");
        assert_eq!(tick_label(2.0e7, false), "2.0e7");
        assert_eq!(tick_label(-0.0, false), "0");
    }
}
