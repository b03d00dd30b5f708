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
    /// The lowest y the frame may show (points below it are counted in the frame's corner
    /// note): R² has no lower bound, and one run far below the mean predictor would
    /// flatten every other line at the top.
    #[serde(default)]
    pub y_floor: Option<f64>,
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
    /// A data point's class (its colour, with the label in the legend); `None` for a point of
    /// interest (black, labelled beside it).
    pub class: Option<usize>,
}

/// A direction drawn from a marked point (for example a Hessian eigenvector).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Arrow {
    pub d: (f64, f64),
    pub label: String,
    /// Positive directions are drawn blue, negative red.
    pub positive: bool,
    /// A zero eigenvalue (the second-order test says nothing along it): drawn grey,
    /// whatever `positive` says.
    #[serde(default)]
    pub zero: bool,
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
    /// The shape of a scatter curve's points and what it stands for: one measurement in
    /// one colour, split into curves of one shape per family (Hilbert, near-singular …),
    /// with a grey key of the shapes in the legend.
    #[serde(default)]
    pub marker: Option<Marker>,
}

/// A scatter curve's point shape and the family it marks (the legend's shape key).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Marker {
    pub shape: Shape,
    pub label: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Shape {
    Dot,
    Triangle,
    Square,
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
            marker: None,
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

    /// Points drawn as `shape`, with `label` in the legend's shape key.
    pub fn marker(mut self, shape: Shape, label: impl Into<String>) -> Curve {
        self.marker = Some(Marker {
            shape,
            label: label.into(),
        });
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
        /// For a probability surface: the level drawn bold as the decision boundary (0.5),
        /// with the other levels at 0.1, 0.2, …, 0.9.
        boundary: Option<f64>,
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

/// Decades of a log-scaled heatmap's colour scale below its largest value.
const HEAT_DECADES: f64 = 10.0;

/// Okabe & Ito's colour-blind-safe palette, ordered for contrast on white (its yellow left
/// out: too light on paper), then brown.
const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(0, 0, 0),
    RGBColor(140, 86, 75),
];

/// Lines of other configurations behind a small multiple's own.
const CONTEXT: RGBColor = RGBColor(215, 215, 215);

fn color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

thread_local! {
    /// The language of the figure being drawn (its marks and notes): set by [`render`].
    static LANG: std::cell::Cell<crate::i18n::Lang> = const { std::cell::Cell::new(crate::i18n::Lang::En) };
}

/// The plot's own text in the figure's language.
fn t(key: &str, args: &[(&'static str, crate::i18n::Arg)]) -> String {
    crate::i18n::tr(LANG.with(|l| l.get()), key, args)
}

/// At most this many configurations share a panel; more become small multiples (one panel
/// per configuration, on shared axes, the others drawn light grey behind it).
pub const MAX_SERIES: usize = 6;

/// What was decided about a figure's layout, for the tests (and nothing else).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    pub size: (u32, u32),
    /// Configurations drawn in colour in each panel.
    pub series_per_panel: Vec<usize>,
    /// Pixel boxes (x0, y0, x1, y1) of the plotting areas.
    pub plot_boxes: Vec<(i32, i32, i32, i32)>,
    /// Pixel box of the legend, when there is one.
    pub legend_box: Option<(i32, i32, i32, i32)>,
    /// Data ranges of the (first) panel, in data units.
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
    /// The iteration axis is drawn as log(1 + k).
    pub log_iterations: bool,
    /// Series drawn only up to where they leave the frame.
    pub runaway: Vec<String>,
}

/// Draws a figure to an SVG string.
pub fn render(fig: &Figure, df: &DataFrame, lang: crate::i18n::Lang) -> Result<String, String> {
    LANG.with(|l| l.set(lang));
    render_with_layout(fig, df).map(|(svg, _)| svg)
}

/// Draws a figure and reports its layout.
pub fn render_with_layout(fig: &Figure, df: &DataFrame) -> Result<(String, Layout), String> {
    let mut layout = Layout::default();
    let mut texts: Vec<String> = Vec::new();
    let mut svg = String::new();
    {
        let lines = match fig {
            Figure::Lines { data, .. } => read_series(df, data)?,
            // Curves that share an explicit colour are one configuration (a measurement and
            // its dashed prediction): they share a panel and a legend entry.
            Figure::Curves { curves, .. } => curves
                .iter()
                .enumerate()
                .map(|(i, c)| Line {
                    name: c.name.clone(),
                    key: c
                        .color
                        .and_then(|k| curves.iter().find(|o| o.color == Some(k)))
                        .map_or_else(|| c.name.clone(), |first| first.name.clone()),
                    color: c.color.unwrap_or(i),
                    points: c.points.clone(),
                    dashed: c.dashed,
                    scatter: c.scatter,
                    marker: c.marker.clone(),
                })
                .collect(),
            // A path drawn exactly under another's (the same iterates) is named hidden.
            // (A path's legend shows its name: the short form.)
            Figure::Contour { paths: Some(p), .. } | Figure::Function1D { paths: Some(p), .. } => {
                let read = read_series(df, p)?;
                let named = name_hidden(&read, false);
                read.iter()
                    .zip(named)
                    .map(|(r, mut l)| {
                        if r.name == r.key {
                            l.name = l.key.clone();
                        }
                        l
                    })
                    .collect()
            }
            _ => Vec::new(),
        };
        // A contour whose paths use a small part of the surface shows that part.
        let cropped = crop_contour(fig, &lines);
        let fig = cropped.as_ref().unwrap_or(fig);
        let size = match fig {
            Figure::Lines { .. } | Figure::Curves { .. } => lines_size(&lines),
            Figure::Contour { xs, ys, points, .. } => contour_size(xs, ys, &lines, points),
            Figure::Function1D { .. } => (W, H),
            _ => size(fig),
        };
        layout.size = size;
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        match fig {
            Figure::Lines { axes, .. } => {
                draw_lines(&root, axes, &lines, &[], &mut layout, &mut texts)?
            }
            Figure::Curves { axes, vlines, .. } => {
                draw_lines(&root, axes, &lines, vlines, &mut layout, &mut texts)?
            }
            Figure::Contour {
                axes,
                xs,
                ys,
                z,
                points,
                boundary,
                ..
            } => draw_contour(
                &root,
                axes,
                xs,
                ys,
                z,
                &lines,
                points,
                *boundary,
                &mut layout,
            )?,
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
                points,
                ..
            } => draw_function(&root, axes, xs, fs, &lines, points, &mut layout)?,
        }
        root.present().map_err(|e| e.to_string())?;
    }
    // Labels are escaped by plotters; what XML cannot hold at all (a control character in
    // a label from a data file) is dropped, so every figure stays well-formed.
    Ok((crate::escape::xml_chars(with_titles(svg, &texts)), layout))
}

/// The part of a contour's surface its paths and marked points use, with a margin, when
/// that is less than 60 % of the whole (a path in one corner of an empty frame says less);
/// `None` to show it all. The view keeps the grid's own points (no resampling).
fn crop_contour(fig: &Figure, lines: &[Line]) -> Option<Figure> {
    let Figure::Contour {
        xs, ys, z, points, ..
    } = fig
    else {
        return None;
    };
    if lines.is_empty() || xs.len() < 8 || ys.len() < 8 {
        return None;
    }
    let (fx, fy) = ((xs[0], xs[xs.len() - 1]), (ys[0], ys[ys.len() - 1]));
    let inside = |p: &(f64, f64)| {
        p.0.is_finite()
            && p.1.is_finite()
            && p.0 >= fx.0
            && p.0 <= fx.1
            && p.1 >= fy.0
            && p.1 <= fy.1
    };
    let mut pts: Vec<(f64, f64)> = lines
        .iter()
        .flat_map(|l| l.points.iter().copied())
        .filter(inside)
        .collect();
    pts.extend(points.iter().map(|m| m.at).filter(inside));
    let (mut x0, mut x1, mut y0, mut y1) = (
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
    );
    for (a, b) in &pts {
        x0 = x0.min(*a);
        x1 = x1.max(*a);
        y0 = y0.min(*b);
        y1 = y1.max(*b);
    }
    if !(x0.is_finite() && y0.is_finite()) {
        return None;
    }
    // A margin of 15 % of the larger side (at least a tenth of the surface's span).
    let (sx, sy) = (fx.1 - fx.0, fy.1 - fy.0);
    let m = 0.15 * (x1 - x0).max(y1 - y0).max(0.1 * sx.max(sy));
    let (x0, x1) = ((x0 - m).max(fx.0), (x1 + m).min(fx.1));
    let (y0, y1) = ((y0 - m).max(fy.0), (y1 + m).min(fy.1));
    if (x1 - x0) * (y1 - y0) > 0.6 * sx * sy {
        return None;
    }
    let range = |v: &[f64], lo: f64, hi: f64| {
        let a = v
            .iter()
            .position(|&t| t >= lo)
            .unwrap_or(0)
            .saturating_sub(1);
        let b = v
            .iter()
            .rposition(|&t| t <= hi)
            .map_or(v.len() - 1, |i| (i + 1).min(v.len() - 1));
        (a, b)
    };
    let (ia, ib) = range(xs, x0, x1);
    let (ja, jb) = range(ys, y0, y1);
    if ib <= ia + 3 || jb <= ja + 3 {
        return None;
    }
    let mut f = fig.clone();
    if let Figure::Contour {
        xs: cx,
        ys: cy,
        z: cz,
        ..
    } = &mut f
    {
        *cx = xs[ia..=ib].to_vec();
        *cy = ys[ja..=jb].to_vec();
        *cz = z[ja..=jb].iter().map(|row| row[ia..=ib].to_vec()).collect();
    }
    Some(f)
}

/// One named line; points may contain non-finite values (they are skipped, and a
/// non-finite value marks the line as diverged). `key` is its configuration: lines of one
/// key share a colour (train solid, validation dashed).
#[derive(Debug, Clone)]
struct Line {
    name: String,
    key: String,
    color: usize,
    points: Vec<(f64, f64)>,
    dashed: bool,
    scatter: bool,
    marker: Option<Marker>,
}

fn column_f64(df: &DataFrame, name: &str) -> Result<Vec<f64>, String> {
    let col = df
        .column(name)
        .map_err(|_| format!("the data has no column `{name}`"))?
        .cast(&DataType::Float64)
        .map_err(|e| e.to_string())?;
    Ok(col
        .f64()
        .map_err(|e| e.to_string())?
        .iter()
        .map(|v| v.unwrap_or(f64::NAN))
        .collect())
}

fn column_str(df: &DataFrame, name: &str) -> Result<Vec<String>, String> {
    let col = df
        .column(name)
        .map_err(|_| format!("the data has no column `{name}`"))?
        .cast(&DataType::String)
        .map_err(|e| e.to_string())?;
    Ok(col
        .str()
        .map_err(|e| e.to_string())?
        .iter()
        .map(|v| v.unwrap_or("").to_string())
        .collect())
}

/// Roles after ` · ` in a series name that are drawn dashed beside a solid first role.
const DASHED_ROLES: &[&str] = &[
    "validation",
    "val",
    "test",
    "predicted",
    "prediction",
    "expected",
];

/// A series name `config · role` → (config, dashed role?).
fn split_role(name: &str) -> (String, bool) {
    match name.rsplit_once(" · ") {
        Some((key, role)) if DASHED_ROLES.contains(&role) => (key.to_string(), true),
        Some((key, "train" | "measured")) => (key.to_string(), false),
        _ => (name.to_string(), false),
    }
}

/// The one value every point of a table-drawn figure has, when they all have the same
/// finite value (no unit dead at any epoch in any run: all 0). Such a figure shows a flat
/// line and nothing else; the report says the value in a sentence instead.
pub fn constant_value(fig: &Figure, df: &DataFrame) -> Option<f64> {
    let Figure::Lines { data, .. } = fig else {
        return None;
    };
    let lines = read_series(df, data).ok()?;
    let mut ys = lines.iter().flat_map(|l| l.points.iter().map(|p| p.1));
    let first = ys.next()?;
    (first.is_finite() && ys.all(|v| v == first)).then_some(first)
}

fn read_series(df: &DataFrame, spec: &FromTable) -> Result<Vec<Line>, String> {
    let x = column_f64(df, &spec.x)?;
    let y = column_f64(df, &spec.y)?;
    let g = column_str(df, &spec.group)?;
    // Colours follow the configurations' order in the whole table, so a configuration
    // keeps its colour in every figure of the report, whatever each figure filters.
    let mut keys: Vec<String> = Vec::new();
    for name in &g {
        let key = split_role(name).0;
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
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
    // `optimizer=sgd(…)`, `optimizer=adam(…)`: the shared `optimizer=` says nothing and
    // costs the legend and panel titles their room.
    let prefix = shared_prefix(&keys);
    Ok(order
        .into_iter()
        .map(|name| {
            let (key, dashed) = split_role(&name);
            let color = keys.iter().position(|k| *k == key).unwrap_or(0);
            let short = |t: &str| t.strip_prefix(prefix.as_str()).unwrap_or(t).to_string();
            Line {
                points: by.remove(&name).unwrap_or_default(),
                color,
                key: short(&key),
                name: short(&name),
                dashed,
                scatter: false,
                marker: None,
            }
        })
        .collect())
}

/// A `name=` prefix every key shares (when there are several keys), else empty.
fn shared_prefix(keys: &[String]) -> String {
    let Some(first) = keys.first().filter(|_| keys.len() > 1) else {
        return String::new();
    };
    // Only a parameter name (`optimizer=`, `case=`), never a piece of a label (`gd (lr=`).
    match first.find('=') {
        Some(i)
            if i > 0
                && first[..i]
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
                && keys.iter().all(|k| k.starts_with(&first[..=i]))
                // A bare number or truth value says nothing without its name (`lr=0.1`).
                && keys.iter().all(|k| {
                    let v = k[i + 1..].split([' ', ',']).next().unwrap_or("");
                    v.parse::<f64>().is_err() && v != "true" && v != "false"
                }) =>
        {
            first[..=i].to_string()
        }
        _ => String::new(),
    }
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

/// An x axis: linear, log10, or log10(1 + k) for iteration counts of very different length.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Scale {
    Linear,
    /// Linear, of whole numbers only (epochs, iterations): ticks at integers, never 2.5.
    Count,
    Log,
    LogIterations,
}

impl Scale {
    fn of(log: bool) -> Scale {
        if log {
            Scale::Log
        } else {
            Scale::Linear
        }
    }

    fn to(self, v: f64) -> Option<f64> {
        match self {
            Scale::Linear | Scale::Count => tf(v, false),
            Scale::Log => tf(v, true),
            Scale::LogIterations => (v.is_finite() && v >= 0.0).then(|| (1.0 + v).log10()),
        }
    }

    fn from(self, t: f64) -> f64 {
        match self {
            Scale::Linear | Scale::Count => t,
            Scale::Log => 10f64.powf(t),
            Scale::LogIterations => 10f64.powf(t) - 1.0,
        }
    }
}

/// Superscript digits for exponents (10⁻⁵).
fn superscript(n: i64) -> String {
    n.to_string()
        .chars()
        .map(|c| match c {
            '-' => '⁻',
            '0' => '⁰',
            '1' => '¹',
            '2' => '²',
            '3' => '³',
            '4' => '⁴',
            '5' => '⁵',
            '6' => '⁶',
            '7' => '⁷',
            '8' => '⁸',
            '9' => '⁹',
            c => c,
        })
        .collect()
}

/// A number as a reader writes it on an axis: 0.001, 32, 2.5, 10⁻⁵, 3×10⁷; a true minus sign.
pub fn pretty_number(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    let a = v.abs();
    let sign = if v < 0.0 { "−" } else { "" };
    if (1e-3..1e5).contains(&a) {
        // Four significant digits at most, trailing zeros dropped.
        let before = a.log10().floor() as i64 + 1;
        let decimals = (4 - before).clamp(0, 6) as usize;
        let t = format!("{a:.decimals$}");
        let t = if t.contains('.') {
            t.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            t
        };
        return format!("{sign}{t}");
    }
    let e = a.log10().floor() as i64;
    let m = a / 10f64.powi(e as i32);
    let m = (m * 100.0).round() / 100.0;
    if (m - 1.0).abs() < 1e-9 {
        format!("{sign}10{}", superscript(e))
    } else {
        let ms = format!("{m:.2}");
        let ms = ms.trim_end_matches('0').trim_end_matches('.');
        format!("{sign}{ms}×10{}", superscript(e))
    }
}

/// Tick positions (in plot coordinates) for a range on a scale, 3 to 9 of them.
fn ticks(lo: f64, hi: f64, scale: Scale) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
        return vec![lo];
    }
    match scale {
        Scale::Linear => nice_linear(lo, hi),
        Scale::Count => {
            let whole: Vec<f64> = nice_linear(lo, hi)
                .into_iter()
                .filter(|t| t.fract() == 0.0)
                .collect();
            if whole.len() >= 2 {
                whole
            } else {
                // A range of a few units (epochs 0 to 3): every integer in it.
                (lo.ceil() as i64..=hi.floor() as i64)
                    .map(|k| k as f64)
                    .collect()
            }
        }
        Scale::Log if hi - lo > 3.0 => {
            let span = hi - lo;
            let step = [1.0, 2.0, 3.0, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0]
                .into_iter()
                .find(|s| span / s <= 8.0)
                .unwrap_or(100.0);
            let first = (lo / step).ceil() * step;
            (0..)
                .map(|k| first + k as f64 * step)
                .take_while(|t| *t <= hi + 1e-9)
                .collect()
        }
        Scale::Log | Scale::LogIterations => {
            // 1-2-5 steps in data units, mapped back.
            let (a, b) = (scale.from(lo), scale.from(hi));
            let mut out = Vec::new();
            let start = a.max(if scale == Scale::LogIterations {
                0.0
            } else {
                1e-300
            });
            let mut decade = if start <= 0.0 {
                out.push(0.0);
                1.0
            } else {
                10f64.powf(start.log10().floor())
            };
            while decade <= b * 1.000001 && out.len() < 40 {
                for m in [1.0, 2.0, 5.0] {
                    let v = m * decade;
                    if v >= a * 0.999999 && v <= b * 1.000001 {
                        out.push(v);
                    }
                }
                decade *= 10.0;
            }
            // Thin to at most 9 labels, keeping the decades.
            while out.len() > 9 {
                out.retain(|v| *v == 0.0 || (v.log10() - v.log10().round()).abs() < 1e-9);
                if out.len() > 9 {
                    let keep: Vec<f64> = out.iter().copied().step_by(2).collect();
                    out = keep;
                }
            }
            if out.len() < 2 {
                return nice_linear(lo, hi);
            }
            out.into_iter().filter_map(|v| scale.to(v)).collect()
        }
    }
}

fn nice_linear(lo: f64, hi: f64) -> Vec<f64> {
    let raw = (hi - lo) / 6.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|s| (hi - lo) / s <= 8.0)
        .unwrap_or(10.0 * mag);
    let first = (lo / step).ceil() * step;
    (0..)
        .map(|k| first + k as f64 * step)
        .take_while(|t| *t <= hi + step * 1e-9)
        .map(|t| if t.abs() < step * 1e-9 { 0.0 } else { t })
        .collect()
}

/// A tick's label: the data value it stands for, as a reader writes it.
fn tick_text(t: f64, scale: Scale) -> String {
    let v = scale.from(t);
    match scale {
        Scale::LogIterations => pretty_number(v.round()),
        _ => pretty_number(v),
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

/// A linear coordinate whose labelled ticks are chosen here ([`ticks`]), not by plotters:
/// whole decades on log axes, 1-2-5 steps, iteration counts on a log(1 + k) axis.
#[derive(Clone)]
struct Ticked {
    inner: plotters::coord::types::RangedCoordf64,
    ticks: Vec<f64>,
}

impl Ticked {
    fn new(r: (f64, f64), scale: Scale) -> Ticked {
        Ticked {
            inner: (r.0..r.1).into(),
            ticks: ticks(r.0, r.1, scale),
        }
    }

    /// Ticks whose labels fit side by side in `width` pixels at `font` px: every other one
    /// dropped (keeping the first) until they do, so a narrow panel never prints
    /// `10⁻⁷10⁻⁶10⁻⁵` as one run of glyphs.
    fn fitted(r: (f64, f64), scale: Scale, width: u32, font: u32) -> Ticked {
        let mut t = Ticked::new(r, scale);
        let need = |ts: &[f64]| -> f64 {
            ts.iter()
                .map(|&v| tick_text(v, scale).chars().count() as f64 * 0.6 * font as f64 + 6.0)
                .sum()
        };
        while t.ticks.len() > 2 && need(&t.ticks) > width as f64 {
            t.ticks = t.ticks.iter().copied().step_by(2).collect();
        }
        t
    }
}

impl plotters::coord::ranged1d::Ranged for Ticked {
    type FormatOption = plotters::coord::ranged1d::DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.inner.map(value, limit)
    }

    fn key_points<Hint: plotters::coord::ranged1d::KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.inner.range()
    }
}

type Chart<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<Ticked, Ticked>>;

/// Margins around a panel's plotting area, in pixels: (left labels, bottom labels, margin).
const Y_LABELS: u32 = 66;
const X_LABELS: u32 = 46;
const MARGIN: u32 = 10;

#[allow(clippy::too_many_arguments)]
fn build_chart<'a, 'b>(
    area: &'a DrawingArea<SVGBackend<'b>, Shift>,
    caption: Option<&str>,
    x_label: &str,
    y_label: &str,
    x: (f64, f64),
    y: (f64, f64),
    (xs, ys): (Scale, Scale),
    compact: bool,
) -> Result<Chart<'a, 'b>, String> {
    let mut builder = ChartBuilder::on(area);
    if let Some(c) = caption {
        builder.caption(c, (FONT, if compact { 15 } else { 17 }));
    }
    let (xl, yl) = if compact {
        (38, 58)
    } else {
        (X_LABELS, Y_LABELS)
    };
    let font = if compact { 14 } else { 15 };
    let plot_width = area.dim_in_pixel().0.saturating_sub(yl + 2 * MARGIN);
    let mut chart = builder
        .margin(MARGIN)
        .x_label_area_size(xl)
        .y_label_area_size(yl)
        .build_cartesian_2d(Ticked::fitted(x, xs, plot_width, font), Ticked::new(y, ys))
        .map_err(|e| e.to_string())?;
    let xf = move |v: &f64| tick_text(*v, xs);
    let yf = move |v: &f64| tick_text(*v, ys);
    chart
        .configure_mesh()
        .x_desc(axis_title(x_label, xs))
        .y_desc(axis_title(y_label, ys))
        .axis_desc_style((FONT, if compact { 14 } else { 16 }))
        .label_style((FONT, font))
        .bold_line_style(RGBColor(225, 225, 225))
        .light_line_style(WHITE)
        .x_label_formatter(&xf)
        .y_label_formatter(&yf)
        .draw()
        .map_err(|e| e.to_string())?;
    Ok(chart)
}

/// An axis title with its scale said when it is not linear: "lr (log scale)".
fn axis_title(label: &str, scale: Scale) -> String {
    match scale {
        _ if label.is_empty() => String::new(),
        Scale::Linear | Scale::Count => label.to_string(),
        Scale::Log => t("plot-log-scale", &[("label", label.into())]),
        Scale::LogIterations => t("plot-log-iterations", &[("label", label.into())]),
    }
}

fn no_data(root: &DrawingArea<SVGBackend, Shift>, axes: &Axes) -> Result<(), String> {
    root.draw(&Text::new(
        t("plot-no-data", &[("title", (&axes.title).into())]),
        (40, (H / 2) as i32),
        (FONT, 16),
    ))
    .map_err(|e| e.to_string())
}

/// Polyline pieces in plot coordinates.
type Pieces = Vec<Vec<(f64, f64)>>;

/// A line in plot coordinates: its drawable pieces (split where a value cannot be drawn),
/// where it stopped being finite (the x of the first non-finite value), and where it first
/// reached exactly zero on a log axis.
struct Prepared {
    pieces: Pieces,
    diverged_at: Option<f64>,
    zero_at: Option<f64>,
    /// Every value is exactly 0 (nothing to draw on a log axis): said as such.
    all_zero: bool,
    scatter: bool,
}

fn prepare(line: &Line, xs: Scale, log_y: bool) -> Prepared {
    let mut pieces: Pieces = vec![Vec::new()];
    let (mut diverged_at, mut zero_at) = (None, None);
    // Values not defined yet at the start (the learning rate of epoch 0, before any step)
    // are skipped: a line diverges only after it had finite values. A line with none at
    // all is marked where it starts.
    let start = line
        .points
        .iter()
        .position(|p| p.0.is_finite() && p.1.is_finite())
        .unwrap_or(0);
    for &(x, y) in &line.points[start..] {
        if !y.is_finite() || !x.is_finite() {
            // Scattered points are separate results (one matrix each): a non-finite one is
            // skipped, the others are still drawn. A line ends where it diverged.
            if line.scatter {
                continue;
            }
            diverged_at = Some(x);
            break;
        }
        match (xs.to(x), tf(y, log_y)) {
            (Some(a), Some(b)) => pieces.last_mut().expect("non-empty").push((a, b)),
            _ => pieces.push(Vec::new()),
        }
    }
    pieces.retain(|p| !p.is_empty());
    // "Reached 0" means it got there and stayed (an error that vanished), not an empty
    // histogram bin between full ones nor a value flickering between 0 and a rounding unit:
    // the mark stands where the line's last run of zeros begins.
    if log_y && diverged_at.is_none() {
        let pts = &line.points[start..];
        let tail = pts.iter().rev().take_while(|p| p.1 == 0.0).count();
        if tail > 0 {
            zero_at = Some(pts[pts.len() - tail].0);
        }
    }
    let all_zero = log_y && !line.points.is_empty() && line.points.iter().all(|p| p.1 == 0.0);
    Prepared {
        pieces,
        diverged_at,
        zero_at,
        all_zero,
        scatter: line.scatter,
    }
}

/// The y range of a set of prepared lines.
fn y_span<'p>(lines: impl Iterator<Item = &'p Prepared>) -> Option<(f64, f64)> {
    let mut span: Option<(f64, f64)> = None;
    for p in lines {
        for &(_, y) in p.pieces.iter().flatten() {
            span = Some(span.map_or((y, y), |(a, b)| (a.min(y), b.max(y))));
        }
    }
    span
}

/// Lines whose values run far above all the others (a diverging run next to converging
/// ones): they would flatten the picture, so the frame is set by the others and these are
/// drawn until they leave it. Only upward runs count: a loss that falls far below the others
/// is the result, not an accident. On a log axis a line is runaway when it climbs more than
/// the others' span (in decades) above them; on a linear axis, three spans and a thousand
/// times the others' largest magnitude (a fraction rising to 0.4 beside zeros is data).
fn runaway(prepared: &[Prepared], log_y: bool) -> Vec<bool> {
    (0..prepared.len())
        .map(|i| {
            let others = y_span(
                prepared
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .map(|(_, p)| p),
            );
            let own = y_span(std::iter::once(&prepared[i]));
            match (others, own) {
                (Some((lo, hi)), Some((_, b))) if log_y => b > hi + (hi - lo).max(1.0),
                (Some((lo, hi)), Some((_, b))) => {
                    let reach = 3.0 * (hi - lo).max(1e-12 * (1.0 + hi.abs()));
                    let scale = lo.abs().max(hi.abs()).max(1.0);
                    b > hi + reach && b.abs() > 1e3 * scale
                }
                _ => false,
            }
        })
        .collect()
}

/// Whether an iteration axis should be drawn as log(1 + k): the runs' lengths differ by
/// 10× or more (Newton's 8 steps next to gradient descent's 2000).
fn wants_log_iterations(lines: &[Line], axes: &Axes) -> bool {
    if axes.log_x {
        return false;
    }
    let extents: Vec<f64> = lines
        .iter()
        .filter_map(|l| {
            let xs: Vec<f64> = l
                .points
                .iter()
                .filter(|p| p.0.is_finite() && p.1.is_finite())
                .map(|p| p.0)
                .collect();
            let lo = xs.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            (xs.len() >= 2 && lo >= 0.0).then_some(hi)
        })
        .collect();
    let all_nonneg = lines
        .iter()
        .all(|l| l.points.iter().all(|p| p.0.is_nan() || p.0 >= 0.0));
    let (short, long) = extents
        .iter()
        .fold((f64::INFINITY, 0.0f64), |(s, l), &e| (s.min(e), l.max(e)));
    all_nonneg && extents.len() >= 2 && short > 0.0 && long >= 10.0 * short && long >= 50.0
}

/// The configurations of a set of lines, in colour order.
fn keys(lines: &[Line]) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    for l in lines {
        if !out.iter().any(|(k, _)| *k == l.key) {
            out.push((l.key.clone(), l.color));
        }
    }
    out
}

/// Width of the legend column for these lines (0: no legend needed).
fn legend_width(lines: &[Line]) -> u32 {
    let ks = keys(lines);
    if ks.len() <= 1 && !lines.iter().any(|l| l.dashed) {
        return 0;
    }
    if ks.len() > MAX_SERIES {
        return 0;
    }
    let longest = ks
        .iter()
        .flat_map(|(k, _)| {
            let mut names = vec![k.chars().count()];
            if entry_per_line(lines, k) {
                names.extend(
                    lines
                        .iter()
                        .filter(|l| l.key == *k)
                        .map(|l| l.name.chars().count()),
                );
            }
            names
        })
        // The style entries too ("measured", "expected from the formula").
        .chain(
            role_names(lines)
                .iter()
                .map(|(r, _)| role_label(r).chars().count()),
        )
        .map(|n| n.min(LEGEND_CHARS))
        .max()
        .unwrap_or(0)
        .max(16) as u32;
    (40 + longest * 7).min(300)
}

/// Legend labels longer than this are cut (the table beside the figure has them whole).
const LEGEND_CHARS: usize = 30;

fn lines_size(lines: &[Line]) -> (u32, u32) {
    let n = keys(lines).len();
    if n > MAX_SERIES {
        let rows = n.div_ceil(3) as u32;
        (W, 60 + rows * 230)
    } else {
        // The legend column comes out of the figure's width: every figure prints at one
        // scale, so its type has one size.
        (W, H)
    }
}

fn draw_lines(
    root: &DrawingArea<SVGBackend, Shift>,
    axes: &Axes,
    lines: &[Line],
    vlines: &[(String, f64)],
    layout: &mut Layout,
    texts: &mut Vec<String>,
) -> Result<(), String> {
    let whole = lines
        .iter()
        .flat_map(|l| l.points.iter())
        .all(|p| !p.0.is_finite() || p.0.fract() == 0.0);
    let xs = if axes.log_x {
        Scale::Log
    } else if wants_log_iterations(lines, axes) {
        Scale::LogIterations
    } else if whole {
        Scale::Count
    } else {
        Scale::Linear
    };
    layout.log_iterations = xs == Scale::LogIterations;
    let mut tips_store = Tips::new(axes, xs);
    let tips = &mut tips_store;
    // Faceted (a panel per configuration), no configuration is drawn under another's.
    let named;
    let lines = if keys(lines).len() > MAX_SERIES {
        lines
    } else {
        named = name_hidden(lines, axes.log_y);
        &named
    };
    let result = draw_lines_with(root, axes, lines, vlines, layout, xs, tips);
    texts.append(&mut tips_store.texts);
    result
}

/// A configuration whose lines are drawn under a later one's (the same points, the same
/// style) is invisible: its name (legend entry, panel title) says which configuration covers
/// it ("leaky_relu (under elu: the same values)"), so no series is hidden without a word. Lines
/// whose values differ by less than 0.2 % of the frame's value span (less than a pixel) are
/// hidden as well, and named so ("float64 (under float32: within a pixel)").
fn name_hidden(lines: &[Line], log_y: bool) -> Vec<Line> {
    let close = |u: f64, v: f64| {
        u == v || (u.is_finite() && v.is_finite() && (u - v).abs() <= 1e-9 * u.abs().max(v.abs()))
    };
    // The value as drawn: log scale draws log10 (positive values only).
    let drawn = |v: f64| if log_y { v.log10() } else { v };
    let ys: Vec<f64> = lines
        .iter()
        .flat_map(|l| l.points.iter().map(|p| drawn(p.1)))
        .filter(|v| v.is_finite())
        .collect();
    let span = ys.iter().cloned().fold(f64::NEG_INFINITY, f64::max)
        - ys.iter().cloned().fold(f64::INFINITY, f64::min);
    let pixel = if span.is_finite() { span * 0.002 } else { 0.0 };
    let near = |u: f64, v: f64| {
        close(u, v) || {
            let (a, b) = (drawn(u), drawn(v));
            a.is_finite() && b.is_finite() && (a - b).abs() <= pixel
        }
    };
    let same = |a: &Line, b: &Line, eq: &dyn Fn(f64, f64) -> bool| {
        a.dashed == b.dashed
            && a.scatter == b.scatter
            && a.points.len() == b.points.len()
            && !a.points.is_empty()
            && a.points
                .iter()
                .zip(&b.points)
                .all(|(p, q)| close(p.0, q.0) && eq(p.1, q.1))
    };
    let mut keys: Vec<&str> = Vec::new();
    for l in lines {
        if !keys.contains(&l.key.as_str()) {
            keys.push(&l.key);
        }
    }
    let own = |k: &str| lines.iter().filter(|l| l.key == k).collect::<Vec<_>>();
    let covered = |k: &str, top: &str, eq: &dyn Fn(f64, f64) -> bool| {
        let (a, b) = (own(k), own(top));
        a.len() == b.len() && a.iter().all(|l| b.iter().any(|m| same(l, m, eq)))
    };
    // The legend's short form ("… (hidden)"), the tooltips' long one (which line covers it).
    let renamed: Vec<(String, String, String)> = keys
        .iter()
        .enumerate()
        .filter_map(|(i, k)| {
            let exact = keys[i + 1..]
                .iter()
                .rev()
                .find(|top| covered(k, top, &close))
                .map(|top| (top, "plot-hidden-under"));
            let within = || {
                keys[i + 1..]
                    .iter()
                    .rev()
                    .find(|top| covered(k, top, &near))
                    .map(|top| (top, "plot-hidden-near"))
            };
            exact.or_else(within).map(|(top, key)| {
                let long = t(key, &[("name", (*k).into()), ("top", (*top).into())]);
                let short = t("plot-hidden", &[("name", (*k).into())]);
                (k.to_string(), short, long)
            })
        })
        .collect();
    lines
        .iter()
        .map(|l| {
            let mut l = l.clone();
            if let Some((_, short, long)) = renamed.iter().find(|(k, _, _)| *k == l.key) {
                l.name = l.name.replacen(&l.key, long, 1);
                l.key = short.clone();
            }
            l
        })
        .collect()
}

/// Configurations whose every finite point lies below `floor` (under a floored R² frame):
/// their legend entry is marked ▼, as the corner note that counts the points below is.
fn name_below(lines: &[Line], floor: f64) -> Vec<Line> {
    let below = |k: &str| {
        let mut pts = lines
            .iter()
            .filter(|l| l.key == k)
            .flat_map(|l| l.points.iter())
            .filter(|p| p.1.is_finite())
            .peekable();
        pts.peek().is_some() && pts.all(|p| p.1 < floor)
    };
    lines
        .iter()
        .map(|l| {
            let mut l = l.clone();
            if below(&l.key) {
                let short = t("plot-series-below", &[("name", l.key.clone().into())]);
                l.name = l.name.replacen(&l.key, &short, 1);
                l.key = short;
            }
            l
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn draw_lines_with(
    root: &DrawingArea<SVGBackend, Shift>,
    axes: &Axes,
    lines: &[Line],
    vlines: &[(String, f64)],
    layout: &mut Layout,
    xs: Scale,
    tips: &mut Tips,
) -> Result<(), String> {
    let prepared: Vec<Prepared> = lines.iter().map(|l| prepare(l, xs, axes.log_y)).collect();
    if prepared.iter().all(|p| p.pieces.is_empty()) {
        return no_data(root, axes);
    }
    let away = runaway(&prepared, axes.log_y);
    layout.runaway = lines
        .iter()
        .zip(&away)
        .filter(|(_, a)| **a)
        .map(|(l, _)| l.name.clone())
        .collect();
    // The frame: every point of the lines that stay, plus where the others start.
    let (mut x0, mut x1) = (f64::MAX, f64::MIN);
    for &(x, _) in prepared.iter().flat_map(|p| p.pieces.iter().flatten()) {
        x0 = x0.min(x);
        x1 = x1.max(x);
    }
    for (_, v) in vlines {
        if let Some(v) = xs.to(*v) {
            x0 = x0.min(v);
            x1 = x1.max(v);
        }
    }
    let kept: Vec<&Prepared> = prepared
        .iter()
        .zip(&away)
        .filter(|(_, a)| !**a)
        .map(|(p, _)| p)
        .collect();
    let (y0, y1) = y_span(kept.iter().copied())
        .or_else(|| y_span(prepared.iter()))
        .unwrap_or((0.0, 1.0));
    // Every value the same (no unit ever dead: all 0): a frame from 0, not a band of
    // meaningless negative fractions around a flat line, and a sentence saying so.
    let constant = (y0 == y1 && !axes.log_y).then_some(y0);
    let (x, y) = match (axes.log_y, robust_span(&kept), constant) {
        (false, _, Some(c)) if c >= 0.0 => {
            (padded(x0, x1, 0.02), (-0.02 * c.max(1.0), 2.0 * c.max(0.5)))
        }
        (false, Some(core), _) => (padded(x0, x1, 0.02), core),
        (false, None, None) if after_start(&kept, (y0, y1)).is_some() => (
            padded(x0, x1, 0.02),
            after_start(&kept, (y0, y1)).unwrap_or((y0, y1)),
        ),
        _ => (
            padded(x0, x1, 0.02),
            from_zero(padded(y0, y1, 0.07), y0, axes.log_y),
        ),
    };
    // A floor on y (R²): the frame starts there at the lowest and ends just above the
    // highest value, the rest is noted; a configuration drawn entirely below it says so
    // in the legend.
    let (y, floored) = match axes.y_floor {
        Some(f) if !axes.log_y && y.0 < f && y1 > f => {
            let top = y1 + 0.06 * (y1 - f);
            ((f - 0.04 * (top - f), top), true)
        }
        _ => (y, false),
    };
    let below_named;
    let lines = if floored {
        below_named = name_below(lines, y.0);
        &below_named[..]
    } else {
        lines
    };
    layout.x_range = (xs.from(x.0), xs.from(x.1));
    layout.y_range = (
        Scale::of(axes.log_y).from(y.0),
        Scale::of(axes.log_y).from(y.1),
    );
    let titled = root
        .titled(&axes.title, (FONT, 19))
        .map_err(|e| e.to_string())?;
    let groups = keys(lines);
    if groups.len() > MAX_SERIES {
        return draw_facets(
            &titled,
            axes,
            lines,
            &prepared,
            &groups,
            (x, y),
            xs,
            layout,
            tips,
        );
    }
    let lw = legend_width(lines);
    let (w, _) = titled.dim_in_pixel();
    let (plot_area, legend_area) = titled.split_horizontally(w - lw);
    let mut chart = build_chart(
        &plot_area,
        None,
        &axes.x_label,
        &axes.y_label,
        x,
        y,
        (xs, Scale::of(axes.log_y)),
        false,
    )?;
    record_box(&chart, layout);
    layout.series_per_panel.push(groups.len());
    let mut marks = 0;
    let dodged = dodge(lines, &prepared, x);
    for (line, p) in lines.iter().zip(&dodged) {
        draw_line(
            &mut chart,
            line,
            p,
            color(line.color),
            x,
            y,
            &mut marks,
            tips,
        )?;
    }
    off_frame_note(&mut chart, &kept, x, y, Scale::of(axes.log_y), marks, false)?;
    if let Some(c) = constant {
        chart
            .draw_series([Text::new(
                t("plot-constant", &[("value", pretty_number(c).into())]),
                ((x.0 + x.1) / 2.0, (y.0 + y.1) / 2.0),
                (FONT, 16)
                    .into_font()
                    .color(&RGBColor(70, 70, 70))
                    .pos(Pos::new(HPos::Center, VPos::Center)),
            )])
            .map_err(|e| e.to_string())?;
    }
    draw_vlines(&mut chart, vlines, xs, y)?;
    if lw > 0 {
        let (ox, oy) = legend_area.get_base_pixel();
        let (lw_px, _) = legend_area.dim_in_pixel();
        let height = draw_legend(&legend_area, lines, &groups)?;
        layout.legend_box = Some((ox, oy, ox + lw_px as i32, oy + height));
    }
    Ok(())
}

/// A frame for values whose extremes (an R² of −10⁵ in the first epochs) would flatten
/// everything else: Tukey's far fences (quartiles ± 3 × the interquartile range), widened to
/// every line's last value, when the full range is over ten times as wide. `None` keeps the
/// full range.
/// A linear axis of non-negative values whose smallest is near 0 (within a third of the
/// range, such as an accuracy from chance level 0.1 up to 1) starts at 0, so heights compare
/// as proportions and a reader sees where zero is.
fn from_zero((lo, hi): (f64, f64), min: f64, log: bool) -> (f64, f64) {
    if !log && min >= 0.0 && lo > 0.0 && min < hi / 3.0 {
        (-0.02 * hi, hi)
    } else {
        (lo, hi)
    }
}

/// A frame for the values after each line's first point, when every line starts at step or
/// epoch 0 and the first points (an untrained network's accuracy of 0.19 beside trained
/// ones of 0.96–0.99) lie so far off that
/// the rest would fill under a third of the frame: the differences live in the rest, and
/// the frame's corner note counts the first points it leaves out.
fn after_start(kept: &[&Prepared], (y0, y1): (f64, f64)) -> Option<(f64, f64)> {
    // Only for lines that start at step or epoch 0 (an untrained start), not, say, at the
    // smallest of several data-set sizes, which is a result like the others.
    let starts_at_zero = kept.iter().all(|p| {
        !p.scatter
            && p.pieces
                .first()
                .and_then(|q| q.first())
                .is_some_and(|q| q.0 == 0.0)
    });
    if !starts_at_zero {
        return None;
    }
    let mut span: Option<(f64, f64)> = None;
    let mut n = 0;
    for p in kept.iter() {
        for &(_, y) in p.pieces.iter().flatten().skip(1) {
            span = Some(span.map_or((y, y), |(a, b)| (a.min(y), b.max(y))));
            n += 1;
        }
    }
    let (a, b) = span?;
    (n >= 10 && b > a && (b - a) * 3.0 < y1 - y0).then(|| padded(a, b, 0.08))
}

fn robust_span(kept: &[&Prepared]) -> Option<(f64, f64)> {
    let mut ys: Vec<f64> = kept
        .iter()
        .flat_map(|p| p.pieces.iter().flatten().map(|q| q.1))
        .collect();
    if ys.len() < 10 {
        return None;
    }
    ys.sort_by(f64::total_cmp);
    let q = |f: f64| ys[((ys.len() - 1) as f64 * f).round() as usize];
    let (q1, q3) = (q(0.25), q(0.75));
    let iqr = q3 - q1;
    let (min, max) = (ys[0], ys[ys.len() - 1]);
    let (lo, hi) = ((q1 - 3.0 * iqr).max(min), (q3 + 3.0 * iqr).min(max));
    if !(iqr > 0.0 && max - min > 10.0 * (hi - lo)) {
        return None;
    }
    let (mut a, mut b) = (lo, hi);
    // A line that ends in inf/NaN has no final value to keep in view, nor has a scatter.
    for p in kept
        .iter()
        .filter(|p| p.diverged_at.is_none() && !p.scatter)
    {
        if let Some(&(_, last)) = p.pieces.last().and_then(|q| q.last()) {
            a = a.min(last);
            b = b.max(last);
        }
    }
    Some(padded(a, b, 0.08))
}

/// Says how many points lie outside the frame (above and below), with the extreme value, in
/// the frame's corner: nothing is hidden without a word.
fn off_frame_note(
    chart: &mut Chart,
    kept: &[&Prepared],
    x: (f64, f64),
    y: (f64, f64),
    ys: Scale,
    marks: usize,
    short: bool,
) -> Result<(), String> {
    let pts = kept.iter().flat_map(|p| p.pieces.iter().flatten());
    let (mut below, mut above) = ((0usize, f64::INFINITY), (0usize, f64::NEG_INFINITY));
    for &(_, v) in pts {
        if v < y.0 {
            below = (below.0 + 1, below.1.min(v));
        } else if v > y.1 {
            above = (above.0 + 1, above.1.max(v));
        }
    }
    let grey = RGBColor(70, 70, 70);
    for (n, extreme, at_y, arrow, word, vpos) in [
        (below.0, below.1, y.0, "▼", "below", VPos::Bottom),
        (above.0, above.1, y.1, "▲", "above", VPos::Top),
    ] {
        if n == 0 {
            continue;
        }
        let text = format!(
            " {arrow} {}",
            t(
                match (word == "below", short) {
                    (true, false) => "plot-below-frame",
                    (false, false) => "plot-above-frame",
                    (true, true) => "plot-below-frame-short",
                    (false, true) => "plot-above-frame-short",
                },
                &[
                    ("n", n.into()),
                    ("extreme", pretty_number(ys.from(extreme)).into())
                ]
            )
        );
        // Below the line marks already stacked at the edges, so no text overprints.
        let inset = (y.1 - y.0) * (0.02 + 0.055 * marks as f64);
        let yy = if at_y == y.0 {
            at_y + inset
        } else {
            at_y - inset
        };
        chart
            .draw_series([Text::new(
                format!("{text} "),
                (x.1, yy),
                (FONT, 14)
                    .into_font()
                    .color(&grey)
                    .pos(Pos::new(HPos::Right, vpos)),
            )])
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Scatter points of several configurations at the same x (one per seed at each size) are
/// shifted side by side, a little per configuration, so none hides another.
fn dodge(lines: &[Line], prepared: &[Prepared], x: (f64, f64)) -> Vec<Prepared> {
    let scatter_keys: Vec<&str> = {
        let mut k: Vec<&str> = Vec::new();
        for l in lines.iter().filter(|l| l.scatter) {
            if !k.contains(&l.key.as_str()) {
                k.push(&l.key);
            }
        }
        k
    };
    let n = scatter_keys.len() as f64;
    lines
        .iter()
        .zip(prepared)
        .map(|(l, p)| {
            let shift = match scatter_keys.iter().position(|k| *k == l.key) {
                Some(i) if l.scatter && n > 1.0 => {
                    (i as f64 - (n - 1.0) / 2.0) * 0.012 * (x.1 - x.0)
                }
                _ => 0.0,
            };
            Prepared {
                pieces: p
                    .pieces
                    .iter()
                    .map(|piece| piece.iter().map(|&(a, b)| (a + shift, b)).collect())
                    .collect(),
                diverged_at: p.diverged_at,
                zero_at: p.zero_at,
                all_zero: p.all_zero,
                scatter: p.scatter,
            }
        })
        .collect()
}

/// Scatter points in a shape: dots, triangles or squares of about the same area.
fn draw_points(
    chart: &mut Chart,
    pts: &[(f64, f64)],
    shape: Shape,
    c: RGBColor,
) -> Result<(), String> {
    match shape {
        Shape::Dot => chart.draw_series(pts.iter().map(|&q| Circle::new(q, 4, c.filled()))),
        Shape::Triangle => {
            chart.draw_series(pts.iter().map(|&q| TriangleMarker::new(q, 6, c.filled())))
        }
        Shape::Square => chart.draw_series(
            pts.iter()
                .map(|&q| EmptyElement::at(q) + Rectangle::new([(-4, -4), (4, 4)], c.filled())),
        ),
    }
    .map(|_| ())
    .map_err(|e| e.to_string())
}

/// A shape's sample in a legend, centred at `at`.
fn legend_shape(
    area: &DrawingArea<SVGBackend, Shift>,
    at: (i32, i32),
    shape: Shape,
    c: RGBColor,
) -> Result<(), String> {
    match shape {
        Shape::Dot => area.draw(&Circle::new(at, 4, c.filled())),
        Shape::Triangle => area.draw(&TriangleMarker::new(at, 6, c.filled())),
        Shape::Square => area.draw(&Rectangle::new(
            [(at.0 - 4, at.1 - 4), (at.0 + 4, at.1 + 4)],
            c.filled(),
        )),
    }
    .map_err(|e| e.to_string())
}

fn record_box(chart: &Chart, layout: &mut Layout) {
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    layout.plot_boxes.push((xr.start, yr.start, xr.end, yr.end));
}

/// The value a scatter series named `key: value` inside its configuration's group labels
/// its points with (which run each dot is); `None` for other lines.
fn point_label(line: &Line) -> Option<&str> {
    line.name
        .strip_prefix(&line.key)
        .and_then(|r| r.strip_prefix(": "))
        .filter(|_| line.scatter)
}

/// Draws one line: clipped to the frame, with a mark where it leaves it ("diverged at
/// k = …", an arrow at the edge) or reaches exactly 0 on a log axis.
#[allow(clippy::too_many_arguments)]
fn draw_line(
    chart: &mut Chart,
    line: &Line,
    p: &Prepared,
    c: RGBColor,
    x: (f64, f64),
    y: (f64, f64),
    marks: &mut usize,
    tips: &mut Tips,
) -> Result<(), String> {
    tips.targets(chart, line, x, y)?;
    let style = c.stroke_width(2);
    // (where the line crosses the frame's edge, plot x of the first point beyond it)
    let mut left_at: Option<((f64, f64), f64)> = None;
    // A scatter series named `key: value` inside its configuration's group labels its
    // points with the value (which run each dot is).
    let point_label = point_label(line);
    for piece in &p.pieces {
        if line.scatter {
            let inside: Vec<(f64, f64)> = piece
                .iter()
                .copied()
                .filter(|q| q.1 >= y.0 && q.1 <= y.1)
                .collect();
            let shape = line.marker.as_ref().map_or(Shape::Dot, |m| m.shape);
            draw_points(chart, &inside, shape, c)?;
            if let Some(label) = point_label {
                // Beside the point, `dy` pixels down; near the right edge the label runs
                // leftwards, so none is cut by the frame.
                let em = 0.55 * 13.0;
                let runs_left = |q: (f64, f64)| q.0 > x.0 + 0.6 * (x.1 - x.0);
                let label_at = |q: (f64, f64), text: String, left: bool, dy: i32| {
                    EmptyElement::at(q)
                        + Text::new(
                            text,
                            (if left { -8 } else { 8 }, dy),
                            (FONT, 14).into_font().color(&c).pos(Pos::new(
                                if left { HPos::Right } else { HPos::Left },
                                VPos::Top,
                            )),
                        )
                };
                // In the frame, on the preferred side, else the other, moved down or up
                // by a line when another label or dot of this panel is already there (two
                // runs with close results). A label wider than either side is shortened.
                let (xr, yr) = chart.plotting_area().get_pixel_range();
                for &q in &inside {
                    let (px, py) = chart.backend_coord(&q);
                    let room = (xr.end - px - 8).max(px - 8 - xr.start).max(0);
                    let text = cut_to(label, ((room as f64 / em) as usize).clamp(4, 30));
                    let width = (em * text.chars().count() as f64) as i32;
                    let at = |left: bool, dy: i32| {
                        let x0 = if left { px - 8 - width } else { px + 8 };
                        (x0, py + dy, x0 + width, py + dy + 13)
                    };
                    let sides = if runs_left(q) {
                        [true, false]
                    } else {
                        [false, true]
                    };
                    let fits = |b: (i32, i32, i32, i32)| {
                        b.0 >= xr.start && b.2 <= xr.end && b.1 >= yr.start && b.3 <= yr.end
                    };
                    let (left, dy) = [0, 14, -14, 28, -28]
                        .into_iter()
                        .flat_map(|dy| sides.map(|left| (left, dy)))
                        .find(|&(left, dy)| fits(at(left, dy)) && !tips.overlaps(at(left, dy)))
                        .unwrap_or((sides[0], 0));
                    tips.placed.push(at(left, dy));
                    chart
                        .draw_series([label_at(q, text, left, dy)])
                        .map_err(|e| e.to_string())?;
                }
                // A point beyond the frame is drawn as an arrow at the edge, named, with
                // its value: which run it is stays visible.
                for &q in piece
                    .iter()
                    .filter(|q| q.1.is_finite() && (q.1 < y.0 || q.1 > y.1))
                {
                    let up = q.1 > y.1;
                    let edge = (q.0.clamp(x.0, x.1), if up { y.1 } else { y.0 });
                    let inward = (y.1 - y.0) * 0.04 * if up { -1.0 } else { 1.0 };
                    let dy = chart.backend_coord(&(edge.0, edge.1 + inward)).1
                        - chart.backend_coord(&edge).1;
                    chart
                        .draw_series([TriangleMarker::new(edge, 6, c.filled())])
                        .map_err(|e| e.to_string())?;
                    chart
                        .draw_series([label_at(
                            edge,
                            format!(
                                "{} ({} {})",
                                cut_to(label, 24),
                                if up { "▲" } else { "▼" },
                                pretty_number(Scale::of(tips.log_y).from(q.1))
                            ),
                            runs_left(edge),
                            dy,
                        )])
                        .map_err(|e| e.to_string())?;
                }
            }
            continue;
        }
        for part in clip(piece, x, y) {
            if line.dashed {
                chart.draw_series(DashedLineSeries::new(part.clone(), 7, 4, style))
            } else {
                chart.draw_series(LineSeries::new(part.clone(), style))
            }
            .map_err(|e| e.to_string())?;
            if part.len() <= 40 {
                chart
                    .draw_series(part.iter().map(|&q| Circle::new(q, 2, c.filled())))
                    .map_err(|e| e.to_string())?;
            }
        }
        if left_at.is_none() {
            if let Some(w) = piece
                .windows(2)
                .find(|w| (w[1].1 > y.1 || w[1].1 < y.0) && w[0].1 >= y.0 && w[0].1 <= y.1)
            {
                let edge = if w[1].1 > y.1 { y.1 } else { y.0 };
                let t = (edge - w[0].1) / (w[1].1 - w[0].1);
                left_at = Some(((w[0].0 + t * (w[1].0 - w[0].0), edge), w[1].0));
            }
        }
    }
    // Marks belong to runs over steps: not to scatter points or to x that goes back.
    let ordered = line
        .points
        .windows(2)
        .all(|w| !(w[0].0.is_finite() && w[1].0.is_finite()) || w[1].0 >= w[0].0);
    if line.scatter || !ordered {
        return Ok(());
    }
    let xs = tips.xs;
    let inside_x = |v: f64| v.clamp(x.0, x.1);
    // Labels keep inside the frame: those near the right edge run leftwards.
    let text_at = |pt: (f64, f64), s: String, up: bool| {
        let right = pt.0 > x.0 + 0.65 * (x.1 - x.0);
        // Set off from the marker it labels by 2 % of the width (SVG drops the spaces).
        let off = 0.02 * (x.1 - x.0);
        Text::new(
            s,
            (if right { pt.0 - off } else { pt.0 + off }, pt.1),
            (FONT, 14).into_font().color(&c).pos(Pos::new(
                if right { HPos::Right } else { HPos::Left },
                if up { VPos::Top } else { VPos::Bottom },
            )),
        )
    };
    let mut stacked = |up: bool, at_y: f64| {
        // Marks on the same edge are stacked, so their labels never overprint.
        let dy = (y.1 - y.0) * 0.055 * *marks as f64;
        *marks += 1;
        if up {
            at_y - dy
        } else {
            at_y + dy
        }
    };
    // Whether this mark was drawn already in this panel, in this colour (and note it).
    let panel = {
        let (xr, yr) = chart.plotting_area().get_pixel_range();
        (xr.start, yr.start)
    };
    let mut seen = |label: &str| {
        let key = (label.to_string(), (c.0, c.1, c.2), panel);
        let had = tips.edge_marks.contains(&key);
        if !had {
            tips.edge_marks.push(key);
        }
        had
    };
    if let Some((at, beyond)) = left_at {
        let up = at.1 >= y.1;
        let label = match p.diverged_at {
            Some(d) => t("plot-diverged-at", &[("at", pretty_number(d).into())]),
            None => t(
                "plot-leaves-frame",
                &[("at", pretty_number(xs.from(beyond).round()).into())],
            ),
        };
        if !seen(&label) {
            chart
                .draw_series([TriangleMarker::new(at, 6, c.filled())])
                .map_err(|e| e.to_string())?;
            let ty = stacked(up, at.1);
            chart
                .draw_series([text_at((at.0, ty), label, up)])
                .map_err(|e| e.to_string())?;
        }
    } else if let Some(d) = p.diverged_at {
        // The step where the value became inf/NaN, on the top edge.
        let label = t("plot-inf-nan-at", &[("at", pretty_number(d).into())]);
        if !seen(&label) {
            let at = (inside_x(xs.to(d).unwrap_or(x.1)), y.1);
            chart
                .draw_series([Cross::new(at, 7, c.stroke_width(3))])
                .map_err(|e| e.to_string())?;
            let ty = stacked(true, at.1);
            chart
                .draw_series([text_at((at.0, ty), label, true)])
                .map_err(|e| e.to_string())?;
        }
    }
    if p.all_zero {
        // Nothing to draw on a log axis; the bottom-left corner says why.
        let at = (x.0, y.0);
        let ty = stacked(false, at.1);
        chart
            .draw_series([text_at((at.0, ty), t("plot-all-zero", &[]), false)])
            .map_err(|e| e.to_string())?;
    } else if let Some(z) = p.zero_at {
        let at = (inside_x(xs.to(z).unwrap_or(x.0)), y.0);
        chart
            .draw_series([TriangleMarker::new(at, 6, c.filled())])
            .map_err(|e| e.to_string())?;
        let ty = stacked(false, at.1);
        chart
            .draw_series([text_at(
                (at.0, ty),
                t("plot-reached-zero", &[("at", pretty_number(z).into())]),
                false,
            )])
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Hover text for data points: each point (at most [`Tips::PER_LINE`] a line) gets an
/// invisible target whose SVG `<title>` gives its values, a tooltip without JavaScript.
struct Tips {
    xs: Scale,
    log_y: bool,
    x_label: String,
    y_label: String,
    texts: Vec<String>,
    /// Pixel boxes of the point labels placed in the current panel.
    placed: Vec<(i32, i32, i32, i32)>,
    /// Edge marks already drawn ("inf/NaN at 1", "leaves the frame at 9"), with their
    /// colour and panel: the train and validation lines of one run that leave at the same
    /// step get one mark, not two stacked copies.
    edge_marks: Vec<EdgeMark>,
}

/// An edge mark's text, colour and panel (the plotting area's top-left pixel).
type EdgeMark = (String, (u8, u8, u8), (i32, i32));

impl Tips {
    const PER_LINE: usize = 120;

    fn new(axes: &Axes, xs: Scale) -> Tips {
        Tips {
            xs,
            log_y: axes.log_y,
            x_label: axes.x_label.clone(),
            y_label: axes.y_label.clone(),
            texts: Vec::new(),
            placed: Vec::new(),
            edge_marks: Vec::new(),
        }
    }

    /// Whether a label box would overlap one already placed in this panel.
    fn overlaps(&self, (a0, b0, a1, b1): (i32, i32, i32, i32)) -> bool {
        self.placed
            .iter()
            .any(|&(c0, d0, c1, d1)| a0 < c1 && c0 < a1 && b0 < d1 && d0 < b1)
    }

    fn targets(
        &mut self,
        chart: &mut Chart,
        line: &Line,
        x: (f64, f64),
        y: (f64, f64),
    ) -> Result<(), String> {
        // (plot coordinates, data values) of each point inside the frame.
        type Tip = ((f64, f64), (f64, f64));
        let pts: Vec<Tip> = line
            .points
            .iter()
            .filter_map(|&(a, b)| {
                let q = (self.xs.to(a)?, tf(b, self.log_y)?);
                (q.0 >= x.0 && q.0 <= x.1 && q.1 >= y.0 && q.1 <= y.1).then_some((q, (a, b)))
            })
            .collect();
        let step = pts.len().div_ceil(Self::PER_LINE).max(1);
        let shown: Vec<&Tip> = pts.iter().step_by(step).collect();
        for (_, (a, b)) in &shown {
            self.texts.push(format!(
                "{}: {} = {}, {} = {}",
                line.name,
                self.x_label,
                pretty_number(*a),
                self.y_label,
                pretty_number(*b)
            ));
        }
        chart
            .draw_series(
                shown
                    .iter()
                    .map(|(q, _)| Circle::new(*q, 5, HOVER.filled())),
            )
            .map_err(|e| e.to_string())?;
        Ok(())
    }
}

/// The fill of hover targets: invisible (plotters skips a fully transparent shape, so almost),
/// and recognisable in the SVG (see [`with_titles`]).
const HOVER: RGBAColor = RGBAColor(254, 254, 254, 0.01);

/// Gives the hover targets, in drawing order, their `<title>`.
fn with_titles(svg: String, texts: &[String]) -> String {
    const MARK: &str = "fill=\"#FEFEFE\"";
    let mut out = String::with_capacity(svg.len() + texts.len() * 60);
    let mut rest = svg.as_str();
    let mut k = 0;
    while let Some(i) = rest.find(MARK) {
        let Some(close) = rest[i..].find("/>").map(|c| i + c) else {
            break;
        };
        out.push_str(&rest[..close]);
        match texts.get(k) {
            Some(t) => {
                out.push_str("><title>");
                out.push_str(&crate::markdown::escape(t));
                out.push_str("</title></circle>");
            }
            None => out.push_str("/>"),
        }
        k += 1;
        rest = &rest[close + 2..];
    }
    out.push_str(rest);
    out
}

fn draw_vlines(
    chart: &mut Chart,
    vlines: &[(String, f64)],
    xs: Scale,
    y: (f64, f64),
) -> Result<(), String> {
    for (k, (label, v)) in vlines.iter().enumerate() {
        if let Some(v) = xs.to(*v) {
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
                    (FONT, 14).into_font().color(&grey),
                )])
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

fn cut(label: &str) -> String {
    cut_to(label, LEGEND_CHARS)
}

/// A label cut to `n` characters. A final parenthesized part (`… (forward)`, `(lr=0.1)`)
/// is what tells lines apart, so it is kept and the middle is cut instead.
fn cut_to(label: &str, n: usize) -> String {
    let chars: Vec<char> = label.chars().collect();
    if chars.len() <= n {
        return label.to_string();
    }
    let tail: Vec<char> = match label.rfind(" (") {
        Some(i) if label.ends_with(')') => label[i..].chars().collect(),
        _ => Vec::new(),
    };
    if !tail.is_empty() && tail.len() + 6 <= n {
        let head: String = chars.iter().take(n - 1 - tail.len()).collect();
        let tail: String = tail.into_iter().collect();
        return format!("{}…{tail}", head.trim_end());
    }
    let s: String = chars.iter().take(n - 1).collect();
    format!("{s}…")
}

/// The legend, beside the plot (never over it): one entry per configuration, then the line
/// styles when some lines are dashed. Returns its height in pixels.
fn draw_legend(
    area: &DrawingArea<SVGBackend, Shift>,
    lines: &[Line],
    groups: &[(String, usize)],
) -> Result<i32, String> {
    let mut yy = 30;
    let err = |e: DrawingAreaErrorKind<_>| e.to_string();
    for (key, ci) in groups {
        let c = color(*ci);
        let own: Vec<&Line> = lines.iter().filter(|l| l.key == *key).collect();
        if entry_per_line(lines, key) {
            // A measurement and the bound that predicts it: one colour, an entry each,
            // dots beside dots and dashes beside dashes. Curves of one name (a measurement
            // split by family into shapes) share their entry, drawn as a dot.
            let mut named: Vec<&str> = Vec::new();
            for l in &own {
                if named.contains(&l.name.as_str()) {
                    continue;
                }
                named.push(&l.name);
                if l.scatter {
                    area.draw(&Circle::new((14, yy), 4, c.filled()))
                        .map_err(err)?;
                } else {
                    sample(area, (4, yy), c, l.dashed)?;
                }
                legend_label(area, yy, cut(&l.name), BLACK)?;
                yy += 20;
            }
            yy += 4;
            continue;
        }
        let scatter = own.iter().all(|l| l.scatter);
        if scatter {
            area.draw(&Circle::new((14, yy), 4, c.filled()))
                .map_err(err)?;
        } else {
            let dashed = own.iter().all(|l| l.dashed);
            sample(area, (4, yy), c, dashed)?;
        }
        legend_label(area, yy, cut(key), BLACK)?;
        yy += 20;
    }
    let roles = role_names(lines);
    if !roles.is_empty() {
        yy += 6;
        let grey = RGBColor(80, 80, 80);
        for (role, dashed) in roles {
            sample(area, (4, yy), grey, dashed)?;
            legend_label(area, yy, role_label(&role), grey)?;
            yy += 20;
        }
    }
    // The shapes' key, in grey: which family each shape marks, whatever its colour.
    let mut shapes: Vec<&Marker> = Vec::new();
    for m in lines.iter().filter_map(|l| l.marker.as_ref()) {
        if !shapes.iter().any(|s| s.shape == m.shape) {
            shapes.push(m);
        }
    }
    if !shapes.is_empty() {
        yy += 6;
        let grey = RGBColor(80, 80, 80);
        for m in shapes {
            legend_shape(area, (14, yy), m.shape, grey)?;
            legend_label(area, yy, cut(&m.label), grey)?;
            yy += 20;
        }
    }
    Ok(yy)
}

/// Whether the lines of configuration `key` get a legend entry each: several lines of
/// different names and styles (dots and a dashed bound) that no shared role names.
fn entry_per_line(lines: &[Line], key: &str) -> bool {
    let own: Vec<&Line> = lines.iter().filter(|l| l.key == key).collect();
    own.len() > 1
        && role_names(lines).is_empty()
        && own.iter().any(|l| l.scatter || !l.dashed)
        && own.iter().any(|l| l.dashed && !l.scatter)
}

/// A line role as the legend says it: the data's `train`, `validation`, `test` in the
/// figure's language (the data keep their values).
fn role_label(role: &str) -> String {
    let key = format!("plot-role-{role}");
    if crate::i18n::has(LANG.with(|l| l.get()), &key) {
        t(&key, &[])
    } else {
        role.to_string()
    }
}

/// The roles of paired lines (`train` solid, `validation` dashed) when a figure has them.
fn role_names(lines: &[Line]) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    if !lines.iter().any(|l| l.dashed) || !lines.iter().any(|l| !l.dashed) {
        return out;
    }
    for l in lines {
        if let Some((_, role)) = l.name.rsplit_once(" · ") {
            if !out.iter().any(|(r, _)| r == role) {
                out.push((role.to_string(), l.dashed));
            }
        }
    }
    // Curves: a dashed `key (role)` beside its solid `key`, such as a prediction.
    if out.is_empty() {
        for l in lines.iter().filter(|l| l.dashed && l.name != l.key) {
            let role = l.name.strip_prefix(&l.key).map(|r| {
                r.trim()
                    .trim_start_matches('(')
                    .trim_end_matches(')')
                    .trim()
            });
            if let Some(role) = role.filter(|r| !r.is_empty()) {
                if !out.iter().any(|(r, _)| r == role) {
                    out.push((role.to_string(), true));
                }
            }
        }
        if !out.is_empty() {
            out.insert(0, (t("plot-measured", &[]), false));
        }
    }
    out
}

/// A legend entry's text, beside its sample at height `yy`.
fn legend_label(
    area: &DrawingArea<SVGBackend, Shift>,
    yy: i32,
    text: impl Into<String>,
    c: RGBColor,
) -> Result<(), String> {
    area.draw(&Text::new(
        text.into(),
        (30, yy - 7),
        (FONT, 14).into_font().color(&c),
    ))
    .map_err(|e| e.to_string())
}

fn sample(
    area: &DrawingArea<SVGBackend, Shift>,
    (x, y): (i32, i32),
    c: RGBColor,
    dashed: bool,
) -> Result<(), String> {
    let segs: Vec<(i32, i32)> = if dashed {
        vec![(x, x + 7), (x + 11, x + 18)]
    } else {
        vec![(x, x + 18)]
    };
    for (a, b) in segs {
        area.draw(&PathElement::new(vec![(a, y), (b, y)], c.stroke_width(2)))
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Columns of a small-multiples grid. When the panels' names form a full grid of two
/// factors with the second varying fastest (`f16 naive`, `f16 shifted`, `bf16 naive`, …;
/// 2 or 3 values), each row holds one value of the first, so a column compares like with
/// like; otherwise three columns.
fn facet_columns(keys: &[&str]) -> usize {
    let split: Vec<(&str, &str)> = keys.iter().filter_map(|k| k.rsplit_once(' ')).collect();
    if split.len() == keys.len() && keys.len() >= 4 {
        let mut seconds: Vec<&str> = Vec::new();
        for (_, b) in &split {
            if !seconds.contains(b) {
                seconds.push(b);
            }
        }
        let n = seconds.len();
        let grid = (2..=3).contains(&n)
            && keys.len() % n == 0
            && split.chunks(n).all(|row| {
                row.iter().map(|r| r.1).eq(seconds.iter().copied())
                    && row.iter().all(|r| r.0 == row[0].0)
            });
        if grid {
            return n;
        }
    }
    3
}

/// Small multiples: one panel per configuration on shared axes, its lines in colour over
/// the other configurations' in light grey, a caption naming it.
#[allow(clippy::too_many_arguments)]
fn draw_facets(
    area: &DrawingArea<SVGBackend, Shift>,
    axes: &Axes,
    lines: &[Line],
    prepared: &[Prepared],
    groups: &[(String, usize)],
    (x, y): ((f64, f64), (f64, f64)),
    xs: Scale,
    layout: &mut Layout,
    tips: &mut Tips,
) -> Result<(), String> {
    let keys: Vec<&str> = groups.iter().map(|(k, _)| k.as_str()).collect();
    let cols = facet_columns(&keys);
    let rows = groups.len().div_ceil(cols);
    let roles = role_names(lines);
    let (w, h) = area.dim_in_pixel();
    // The shared x axis is named once, centred under the grid: a panel is too narrow for
    // a long axis title, which would run into its neighbour's.
    let (grid, below) = area.split_vertically(h - 24 - if roles.is_empty() { 0 } else { 26 });
    let (title_strip, note) = below.split_vertically(24);
    let cells = grid.split_evenly((rows, cols));
    for (i, ((key, ci), cell)) in groups.iter().zip(cells.iter()).enumerate() {
        // Shared axes are named once: y in the first column, x under the lowest panel of
        // each column.
        let mut chart = build_chart(
            cell,
            Some(&cut_to(key, 46)),
            "",
            if i % cols == 0 { &axes.y_label } else { "" },
            x,
            y,
            (xs, Scale::of(axes.log_y)),
            true,
        )?;
        record_box(&chart, layout);
        layout.series_per_panel.push(1);
        tips.placed.clear();
        // The panel's own points and the reference point are obstacles for its labels: a
        // label moved aside must not cover a neighbouring dot.
        for (line, p) in lines.iter().zip(prepared) {
            if line.scatter && (line.key == *key || line.key == "base") {
                for q in p
                    .pieces
                    .iter()
                    .flatten()
                    .filter(|q| q.1 >= y.0 && q.1 <= y.1)
                {
                    let (px, py) = chart.backend_coord(q);
                    tips.placed.push((px - 6, py - 6, px + 6, py + 6));
                }
            }
        }
        for (line, p) in lines.iter().zip(prepared) {
            // The reference run of a one-change-at-a-time comparison, in every panel.
            if line.key == "base" && *key != "base" {
                draw_line(&mut chart, line, p, BLACK, x, y, &mut 0, tips)?;
                continue;
            }
            if line.key != *key {
                for piece in &p.pieces {
                    if line.scatter {
                        let inside = piece.iter().filter(|q| q.1 >= y.0 && q.1 <= y.1);
                        chart
                            .draw_series(inside.map(|&q| Circle::new(q, 3, CONTEXT.filled())))
                            .map_err(|e| e.to_string())?;
                        continue;
                    }
                    for part in clip(piece, x, y) {
                        chart
                            .draw_series(LineSeries::new(part, CONTEXT.stroke_width(1)))
                            .map_err(|e| e.to_string())?;
                    }
                }
            }
        }
        let mut marks = 0;
        let mut own: Vec<&Prepared> = Vec::new();
        for (line, p) in lines.iter().zip(prepared) {
            if line.key == *key {
                // More panels than colours: one accent colour for all (the caption names
                // each), rather than repeats that would pair unrelated panels.
                let c = if groups.len() > PALETTE.len() {
                    PALETTE[0]
                } else {
                    color(*ci)
                };
                draw_line(&mut chart, line, p, c, x, y, &mut marks, tips)?;
                // A labelled point beyond the frame is named at the edge already: the
                // corner note counts the others.
                if point_label(line).is_none() {
                    own.push(p);
                }
            }
        }
        // A panel of a small multiple has room for the short form only.
        off_frame_note(&mut chart, &own, x, y, Scale::of(axes.log_y), marks, true)?;
    }
    let x_title = axis_title(&axes.x_label, xs);
    if !x_title.is_empty() {
        let style = (FONT, 14)
            .into_font()
            .color(&BLACK)
            .pos(Pos::new(HPos::Center, VPos::Top));
        title_strip
            .draw(&Text::new(x_title, (w as i32 / 2, 2), style))
            .map_err(|e| e.to_string())?;
    }
    if !roles.is_empty() {
        let grey = RGBColor(80, 80, 80);
        let mut xx = 70;
        for (role, dashed) in &roles {
            sample(&note, (xx, 12), grey, *dashed)?;
            note.draw(&Text::new(
                role_label(role),
                (xx + 24, 5),
                (FONT, 14).into_font().color(&grey),
            ))
            .map_err(|e| e.to_string())?;
            xx += 40 + 8 * role_label(role).chars().count() as i32;
        }
        note.draw(&Text::new(
            t("plot-grey-others", &[]),
            (xx + 10, 5),
            (FONT, 14).into_font().color(&grey),
        ))
        .map_err(|e| e.to_string())?;
    }
    Ok(())
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

/// Paths of iterates over a surface: each under a white halo so crossing paths stay
/// visible, a square at the start and a ringed dot at the end; a path that leaves the frame
/// is drawn up to the edge and marked there (its later zig-zags would only paint over the
/// picture).
fn draw_paths(
    chart: &mut Chart,
    series: &[Line],
    x: (f64, f64),
    y: (f64, f64),
) -> Result<(), String> {
    let inside = |p: &(f64, f64)| p.0 >= x.0 && p.0 <= x.1 && p.1 >= y.0 && p.1 <= y.1;
    let err = |e: DrawingAreaErrorKind<_>| e.to_string();
    // Paths that leave the frame (diverging) first, then long paths before short ones: a
    // converging path that shares a diverging one's first direction, and Newton's few
    // steps, stay on top, visible.
    let mut order: Vec<&Line> = series.iter().collect();
    order.sort_by_key(|l| {
        (
            !l.points.iter().any(|p| !inside(p)),
            std::cmp::Reverse(l.points.len()),
        )
    });
    let mut placed: Vec<(f64, f64)> = Vec::new();
    // Exit labels, drawn last so no path crosses them.
    let mut labels: Vec<(String, (f64, f64), HPos, RGBColor)> = Vec::new();
    for line in order {
        let c = color(line.color);
        let exit = line.points.iter().position(|p| !inside(p));
        let shown: Vec<(f64, f64)> = match exit {
            Some(k) => line.points[..(k + 1).min(line.points.len())].to_vec(),
            None => line.points.clone(),
        };
        for part in clip(&shown, x, y) {
            chart
                .draw_series(LineSeries::new(part.clone(), WHITE.stroke_width(6)))
                .map_err(err)?;
            chart
                .draw_series(LineSeries::new(part, c.stroke_width(2)))
                .map_err(err)?;
        }
        let dots: Vec<(f64, f64)> = shown.iter().copied().filter(inside).collect();
        if dots.len() <= 80 {
            chart
                .draw_series(dots.iter().map(|&p| Circle::new(p, 3, c.filled())))
                .map_err(err)?;
        }
        if let Some(&s) = line.points.first().filter(|p| inside(p)) {
            chart
                .draw_series([
                    Rectangle::new(
                        [
                            (s.0 - (x.1 - x.0) * 0.008, s.1 - (y.1 - y.0) * 0.008),
                            (s.0 + (x.1 - x.0) * 0.008, s.1 + (y.1 - y.0) * 0.008),
                        ],
                        c.filled(),
                    ),
                    Rectangle::new(
                        [
                            (s.0 - (x.1 - x.0) * 0.008, s.1 - (y.1 - y.0) * 0.008),
                            (s.0 + (x.1 - x.0) * 0.008, s.1 + (y.1 - y.0) * 0.008),
                        ],
                        BLACK.stroke_width(1),
                    ),
                ])
                .map_err(err)?;
        }
        match exit {
            Some(k) => {
                let edge = clip(&shown, x, y).last().and_then(|p| p.last().copied());
                if let Some(at) = edge {
                    chart
                        .draw_series([TriangleMarker::new(at, 6, c.filled())])
                        .map_err(err)?;
                    // Labels of paths that leave at the same place are stacked inwards,
                    // and those near the right edge run leftwards, so none overprints.
                    let step = (y.1 - y.0) * 0.04;
                    let inward = if at.1 > (y.0 + y.1) / 2.0 {
                        -step
                    } else {
                        step
                    };
                    let mut ty = at.1;
                    while placed.iter().any(|&(px, py): &(f64, f64)| {
                        (px - at.0).abs() < (x.1 - x.0) * 0.3 && (py - ty).abs() < step * 0.9
                    }) {
                        ty += inward;
                    }
                    placed.push((at.0, ty));
                    let label = t("plot-leaves-at-step", &[("k", k.into())]);
                    let (lx, side) = label_x(chart, at.0, &label, 13, x);
                    // Centred above (or below) the marker when neither side has room.
                    let ty = if matches!(side, HPos::Center) {
                        ty + inward
                    } else {
                        ty
                    };
                    labels.push((label, (lx, ty), side, c));
                }
            }
            None => {
                if let Some(&e) = line.points.last() {
                    chart
                        .draw_series([
                            Circle::new(e, 6, WHITE.filled()),
                            Circle::new(e, 4, c.filled()),
                        ])
                        .map_err(err)?;
                }
            }
        }
    }
    // A path that leaves the frame is drawn again, dashed and on top, over its shown
    // part: where a converging path took the same first step (gradient descent and a
    // backtracking search share the gradient's direction), both stay visible.
    for line in series
        .iter()
        .filter(|l| l.points.iter().any(|p| !inside(p)))
    {
        let exit = line.points.iter().position(|p| !inside(p)).unwrap_or(0);
        let shown = &line.points[..(exit + 1).min(line.points.len())];
        for part in clip(shown, x, y) {
            chart
                .draw_series(DashedLineSeries::new(
                    part,
                    6,
                    6,
                    color(line.color).stroke_width(2),
                ))
                .map_err(err)?;
        }
    }
    for (label, at, side, c) in labels {
        backed_text(chart, label, at, side, VPos::Center, c)?;
    }
    Ok(())
}

/// A path label on a pale box, legible over the lines and contours it crosses
/// (its width estimated at 0.55 em per character, 13 px text).
fn backed_text(
    chart: &mut Chart,
    text: String,
    at: (f64, f64),
    h: HPos,
    v: VPos,
    c: RGBColor,
) -> Result<(), String> {
    let w = (0.55 * 13.0 * text.chars().count() as f64) as i32 + 4;
    let x0 = match h {
        HPos::Left => -2,
        HPos::Right => -w + 2,
        HPos::Center => -w / 2,
    };
    let y0 = match v {
        VPos::Top => -1,
        VPos::Bottom => -15,
        VPos::Center => -8,
    };
    chart
        .draw_series([EmptyElement::at(at)
            + Rectangle::new([(x0, y0), (x0 + w, y0 + 16)], WHITE.mix(0.8).filled())])
        .map_err(|e| e.to_string())?;
    chart
        .draw_series([Text::new(
            text,
            at,
            (FONT, 14).into_font().color(&c).pos(Pos::new(h, v)),
        )])
        .map_err(|e| e.to_string())?;
    Ok(())
}

/// Draws the marked points (minima, saddles, data points) with their labels and
/// eigenvector arrows. Each label goes on the side of its point (above or below, right or
/// left) where it covers the fewest points of the `avoid` polylines (the paths and curves
/// drawn before), so a "minimum (0, 0)" does not sit on the paths that reach it.
fn draw_marks(
    chart: &mut Chart,
    points: &[Marked],
    x: (f64, f64),
    y: (f64, f64),
    avoid: &[&[(f64, f64)]],
) -> Result<(), String> {
    for m in points {
        // Arrows of neighbouring points (a saddle next to a minimum) stop short of each
        // other, labels included: at most a third of the way to the nearest other point.
        let nearest = points
            .iter()
            .filter(|o| !std::ptr::eq(*o, m) && !o.arrows.is_empty())
            .map(|o| ((o.at.0 - m.at.0).powi(2) + (o.at.1 - m.at.1).powi(2)).sqrt())
            .fold(f64::INFINITY, f64::min);
        let scale = ((x.1 - x.0) * 0.12).min(nearest / 3.0);
        for a in &m.arrows {
            let c = if a.zero {
                RGBColor(120, 120, 120)
            } else if a.positive {
                PALETTE[0]
            } else {
                PALETTE[1]
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
            // The label beyond the arrowhead, not under it.
            let beyond = (tip.0 + ux * scale * 0.25, tip.1 + uy * scale * 0.25);
            chart
                .draw_series([Text::new(
                    a.label.clone(),
                    beyond,
                    (FONT, 14)
                        .into_font()
                        .color(&c)
                        .pos(Pos::new(HPos::Center, VPos::Center)),
                )])
                .map_err(|e| e.to_string())?;
        }
        let fill = m.class.map_or(BLACK, class_color);
        chart
            .draw_series([
                Circle::new(m.at, 7, WHITE.filled()),
                Circle::new(m.at, 5, fill.filled()),
            ])
            .map_err(|e| e.to_string())?;
        let (lx, side, ly, vside) = label_spot(chart, m, x, y, avoid);
        chart
            .draw_series([Text::new(
                m.label.clone(),
                (lx, ly),
                (FONT, 14)
                    .into_font()
                    .color(&fill)
                    .pos(Pos::new(side, vside)),
            )])
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Where a marked point's label goes: above and to the right by default (clear of
/// horizontal arrows); of the four corners around the point that fit in the frame, the one
/// whose box covers the fewest sampled points of the `avoid` polylines. Returns the
/// anchor's x, its side, its y and its vertical side.
fn label_spot(
    chart: &Chart,
    m: &Marked,
    x: (f64, f64),
    y: (f64, f64),
    avoid: &[&[(f64, f64)]],
) -> (f64, HPos, f64, VPos) {
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    let ux = (x.1 - x.0) / (xr.end - xr.start).max(1) as f64;
    let uy = (y.1 - y.0) / (yr.end - yr.start).max(1) as f64;
    let width = 0.55 * 14.0 * m.label.chars().count() as f64 * ux;
    let height = 18.0 * uy;
    let (gap_x, gap_y) = (10.0 * ux, (y.1 - y.0) * 0.03);
    // Points along every segment of the polylines, a few per segment.
    let samples: Vec<(f64, f64)> = avoid
        .iter()
        .flat_map(|l| l.windows(2))
        .flat_map(|w| {
            (0..=4).map(move |k| {
                let t = k as f64 / 4.0;
                (
                    w[0].0 + (w[1].0 - w[0].0) * t,
                    w[0].1 + (w[1].1 - w[0].1) * t,
                )
            })
        })
        .filter(|p| p.0.is_finite() && p.1.is_finite())
        .collect();
    let mut best: Option<(usize, (f64, HPos, f64, VPos))> = None;
    // Close to the point first; further up or down only when that covers fewer path points.
    let corners = [(true, true), (false, true), (true, false), (false, false)];
    for (lift, (right, up)) in [1.0, 3.0, 6.0]
        .into_iter()
        .flat_map(|l| corners.map(|c| (l, c)))
    {
        let gap_y = gap_y * lift;
        let (x0, x1) = if right {
            (m.at.0 + gap_x, m.at.0 + gap_x + width)
        } else {
            (m.at.0 - gap_x - width, m.at.0 - gap_x)
        };
        let (y0, y1) = if up {
            (m.at.1 + gap_y, m.at.1 + gap_y + height)
        } else {
            (m.at.1 - gap_y - height, m.at.1 - gap_y)
        };
        if x0 < x.0 || x1 > x.1 || y0 < y.0 || y1 > y.1 {
            continue;
        }
        let covered = samples
            .iter()
            .filter(|p| p.0 >= x0 && p.0 <= x1 && p.1 >= y0 && p.1 <= y1)
            .count();
        let spot = (
            if right { x0 } else { x1 },
            if right { HPos::Left } else { HPos::Right },
            if up { y0 } else { y1 },
            if up { VPos::Bottom } else { VPos::Top },
        );
        if best.as_ref().is_none_or(|(c, _)| covered < *c) {
            best = Some((covered, spot));
        }
    }
    best.map(|(_, s)| s).unwrap_or_else(|| {
        // No corner fits the frame: above the point, moved in as far as needed.
        let (lx, side) = label_x(chart, m.at.0, &m.label, 13, x);
        (lx, side, m.at.1 + gap_y, VPos::Bottom)
    })
}

/// Where a label beside plot x `at` goes so it stays inside the frame: right of the point
/// when it fits there, else left of it, else centred on the frame as far towards the point as
/// it fits (its width estimated at 0.55 em per character). Returns the anchor's x and side.
fn label_x(chart: &Chart, at: f64, text: &str, size: u32, x: (f64, f64)) -> (f64, HPos) {
    let (xr, _) = chart.plotting_area().get_pixel_range();
    let unit = (x.1 - x.0) / (xr.end - xr.start).max(1) as f64;
    let width = (0.55 * size as f64 * text.chars().count() as f64) * unit;
    let off = 10.0 * unit;
    if at + off + width <= x.1 {
        (at + off, HPos::Left)
    } else if at - off - width >= x.0 {
        (at - off, HPos::Right)
    } else {
        let half = width / 2.0;
        (
            at.clamp(x.0 + half, (x.1 - half).max(x.0 + half)),
            HPos::Center,
        )
    }
}

/// A class's colour: class 1 vermillion, class 0 blue, as the probability shading.
fn class_color(c: usize) -> RGBColor {
    match c {
        0 => PALETTE[0],
        1 => PALETTE[1],
        k => color(k),
    }
}

/// The classes of marked data points, each with its label (the first non-empty one).
fn classes(points: &[Marked]) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    for m in points {
        let Some(c) = m.class else { continue };
        match out.iter_mut().find(|(k, _)| *k == c) {
            Some((_, l)) if l.is_empty() => *l = m.label.clone(),
            Some(_) => {}
            None => out.push((c, m.label.clone())),
        }
    }
    out.sort_by_key(|(c, _)| std::cmp::Reverse(*c));
    for (c, l) in &mut out {
        if l.is_empty() {
            *l = t("plot-class", &[("c", c.to_string().into())]);
        }
    }
    out
}

/// Pixel size of a contour figure: the plotting area takes the data's aspect (equal units
/// per pixel), within sensible heights; the legend column is beside it.
fn contour_size(xs: &[f64], ys: &[f64], lines: &[Line], points: &[Marked]) -> (u32, u32) {
    let (Some(&x0), Some(&x1), Some(&y0), Some(&y1)) =
        (xs.first(), xs.last(), ys.first(), ys.last())
    else {
        return (W, H);
    };
    let ratio = ((y1 - y0) / (x1 - x0)).abs().max(1e-9);
    if lines.len() > MAX_SERIES {
        let cols = contour_columns(lines.len());
        let rows = lines.len().div_ceil(cols) as u32;
        return (W, TITLE_H + rows * contour_panel_height(cols, ratio));
    }
    let lw = path_legend_width(lines).max(class_legend_width(points));
    let plot_w = (W - lw - 2 * MARGIN - Y_LABELS) as f64;
    let plot_h = (plot_w * ratio).clamp(160.0, 620.0);
    let plot_w = (plot_h / ratio.max(1e-9)).min(plot_w);
    let w = plot_w as u32 + 2 * MARGIN + Y_LABELS + lw;
    let h = plot_h as u32 + 2 * MARGIN + X_LABELS + TITLE_H;
    (w.max(420), h)
}

/// Height the figure title takes (plotters' `titled` with a 19 px font).
const TITLE_H: u32 = 30;

fn class_legend_width(points: &[Marked]) -> u32 {
    let c = classes(points);
    if c.is_empty() {
        return 0;
    }
    let longest = c
        .iter()
        .map(|(_, l)| l.chars().count())
        .max()
        .unwrap_or(0)
        .max(16) as u32;
    (40 + longest * 7).min(250)
}

fn path_legend_width(lines: &[Line]) -> u32 {
    if lines.is_empty() {
        return 0;
    }
    let longest = lines
        .iter()
        .map(|l| l.name.chars().count().min(LEGEND_CHARS))
        .max()
        .unwrap_or(0)
        .max(12) as u32;
    (40 + longest * 7).min(300)
}

/// Data ranges widened so that one unit is the same number of pixels on both axes.
fn equal_aspect(x: (f64, f64), y: (f64, f64), (pw, ph): (f64, f64)) -> ((f64, f64), (f64, f64)) {
    let u = ((x.1 - x.0) / pw).max((y.1 - y.0) / ph);
    let (cx, cy) = ((x.0 + x.1) / 2.0, (y.0 + y.1) / 2.0);
    (
        (cx - u * pw / 2.0, cx + u * pw / 2.0),
        (cy - u * ph / 2.0, cy + u * ph / 2.0),
    )
}

/// Legend of paths over a surface: a line sample per path, square = start, dot = end.
fn draw_path_legend(area: &DrawingArea<SVGBackend, Shift>, lines: &[Line]) -> Result<i32, String> {
    let err = |e: DrawingAreaErrorKind<_>| e.to_string();
    let mut yy = 30;
    for l in lines {
        let c = color(l.color);
        sample(area, (4, yy), c, false)?;
        legend_label(area, yy, cut(&l.name), BLACK)?;
        yy += 20;
    }
    yy += 6;
    let grey = RGBColor(80, 80, 80);
    area.draw(&Rectangle::new([(8, yy - 4), (16, yy + 4)], grey.filled()))
        .map_err(err)?;
    legend_label(area, yy, t("plot-start", &[]), grey)?;
    yy += 20;
    area.draw(&Circle::new((12, yy), 4, grey.filled()))
        .map_err(err)?;
    legend_label(area, yy, t("plot-end", &[]), grey)?;
    Ok(yy + 14)
}

/// Columns of a grid of contour panels (one per path, when there are too many to share one).
fn contour_columns(paths: usize) -> usize {
    if paths > 6 {
        3
    } else {
        2
    }
}

/// Height of one contour panel in a grid of `cols` columns, at the data's aspect.
fn contour_panel_height(cols: usize, ratio: f64) -> u32 {
    let plot_w = (W as f64 / cols as f64) - (2 * MARGIN + 52) as f64;
    let plot_h = (plot_w * ratio).clamp(90.0, 420.0);
    plot_h as u32 + 2 * MARGIN + 34 + 24
}

#[allow(clippy::too_many_arguments)]
fn draw_contour(
    root: &DrawingArea<SVGBackend, Shift>,
    axes: &Axes,
    xs: &[f64],
    ys: &[f64],
    z: &[Vec<f64>],
    series: &[Line],
    points: &[Marked],
    boundary: Option<f64>,
    layout: &mut Layout,
) -> Result<(), String> {
    if xs.is_empty() || ys.is_empty() {
        return no_data(root, axes);
    }
    let titled = root
        .titled(&axes.title, (FONT, 19))
        .map_err(|e| e.to_string())?;
    // A probability surface that is flat (p within 0.01 everywhere) has no boundary to
    // draw: a 0.5 line through rounding noise would look like a learned one.
    let spread = z
        .iter()
        .flatten()
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    let flat = boundary.is_some() && spread.1 - spread.0 < 0.01;
    let boundary = boundary.filter(|_| !flat);
    let levels = match boundary {
        Some(_) => (1..=9).map(|k| k as f64 / 10.0).collect(),
        None if flat => Vec::new(),
        None => contour_levels(z, 14),
    };
    if series.len() > MAX_SERIES {
        // Small multiples: one path per panel, so no path hides another.
        let cols = contour_columns(series.len());
        let rows = series.len().div_ceil(cols);
        let (w, _) = titled.dim_in_pixel();
        let grid = titled.shrink(
            (0, 0),
            (w, contour_panel_height(cols, aspect(xs, ys)) * rows as u32),
        );
        let cells = grid.split_evenly((rows, cols));
        for (line, cell) in series.iter().zip(cells.iter()) {
            contour_panel(
                cell,
                Some(&cut(&line.name)),
                axes,
                (xs, ys, z, &levels),
                std::slice::from_ref(line),
                (points, boundary),
                layout,
            )?;
        }
        return Ok(());
    }
    let lw = path_legend_width(series).max(class_legend_width(points));
    let (w, _) = titled.dim_in_pixel();
    let (plot_area, legend_area) = titled.split_horizontally(w - lw);
    contour_panel(
        &plot_area,
        None,
        axes,
        (xs, ys, z, &levels),
        series,
        (points, boundary),
        layout,
    )?;
    if lw > 0 {
        let (ox, oy) = legend_area.get_base_pixel();
        let height = if series.is_empty() {
            draw_class_legend(&legend_area, points, boundary)?
        } else {
            draw_path_legend(&legend_area, series)?
        };
        layout.legend_box = Some((ox, oy, ox + lw as i32, oy + height));
    }
    Ok(())
}

fn aspect(xs: &[f64], ys: &[f64]) -> f64 {
    match (xs.first(), xs.last(), ys.first(), ys.last()) {
        (Some(a), Some(b), Some(c), Some(d)) => ((d - c) / (b - a)).abs().max(1e-9),
        _ => 1.0,
    }
}

type Surface<'s> = (&'s [f64], &'s [f64], &'s [Vec<f64>], &'s [f64]);

/// One contour plot at equal aspect with its paths and marked points.
fn contour_panel(
    area: &DrawingArea<SVGBackend, Shift>,
    caption: Option<&str>,
    axes: &Axes,
    (xs, ys, z, levels): Surface,
    series: &[Line],
    (points, boundary): (&[Marked], Option<f64>),
    layout: &mut Layout,
) -> Result<(), String> {
    let compact = caption.is_some();
    let (x0, x1, y0, y1) = (xs[0], xs[xs.len() - 1], ys[0], ys[ys.len() - 1]);
    let (aw, ah) = area.dim_in_pixel();
    let (yl, xl, cap) = if compact {
        (58, 38, 26)
    } else {
        (Y_LABELS, X_LABELS, 0)
    };
    let pw = aw as f64 - (2 * MARGIN + yl) as f64;
    let ph = ah as f64 - (2 * MARGIN + xl + cap) as f64;
    let (x, y) = equal_aspect((x0, x1), (y0, y1), (pw, ph));
    layout.x_range = x;
    layout.y_range = y;
    let mut chart = build_chart(
        area,
        caption,
        &axes.x_label,
        &axes.y_label,
        x,
        y,
        (Scale::Linear, Scale::Linear),
        compact,
    )?;
    record_box(&chart, layout);
    layout.series_per_panel.push(series.len());
    let n = levels.len().max(1);
    for (k, level) in levels.iter().enumerate() {
        let shade = match boundary {
            // Probabilities: blue below the boundary, orange above, paler away from it.
            Some(b) => {
                let t = ((level - b).abs() / 0.5).clamp(0.0, 1.0);
                let base = if *level < b { PALETTE[0] } else { PALETTE[1] };
                let mix = |c: u8| (c as f64 + (255.0 - c as f64) * (0.2 + 0.5 * t)) as u8;
                RGBColor(mix(base.0), mix(base.1), mix(base.2))
            }
            // Light to dark grey-blue from the lowest level up.
            None => {
                let t = k as f64 / n as f64;
                RGBColor(
                    (120.0 + 110.0 * t) as u8,
                    (150.0 + 85.0 * t) as u8,
                    (190.0 + 50.0 * t) as u8,
                )
            }
        };
        for poly in chain(contour_segments(xs, ys, z, *level)) {
            chart
                .draw_series(LineSeries::new(poly, shade.stroke_width(1)))
                .map_err(|e| e.to_string())?;
        }
    }
    if let Some(b) = boundary {
        let polys = chain(contour_segments(xs, ys, z, b));
        for poly in &polys {
            chart
                .draw_series(LineSeries::new(poly.clone(), BLACK.stroke_width(3)))
                .map_err(|e| e.to_string())?;
        }
        if let Some(longest) = polys.iter().max_by_key(|p| p.len()) {
            let mid = longest[longest.len() / 2];
            chart
                .draw_series([Text::new(
                    format!(" p = {}", pretty_number(b)),
                    mid,
                    (FONT, 14).into_font().color(&BLACK),
                )])
                .map_err(|e| e.to_string())?;
        }
    }
    draw_paths(&mut chart, series, x, y)?;
    let avoid: Vec<&[(f64, f64)]> = series.iter().map(|l| l.points.as_slice()).collect();
    draw_marks(&mut chart, points, x, y, &avoid)
}

/// Legend of a probability map: the classes' colours, then the boundary line.
fn draw_class_legend(
    area: &DrawingArea<SVGBackend, Shift>,
    points: &[Marked],
    boundary: Option<f64>,
) -> Result<i32, String> {
    let err = |e: DrawingAreaErrorKind<_>| e.to_string();
    let mut yy = 30;
    for (c, label) in classes(points) {
        area.draw(&Circle::new((12, yy), 5, class_color(c).filled()))
            .map_err(err)?;
        legend_label(area, yy, cut(&label), BLACK)?;
        yy += 20;
    }
    if let Some(b) = boundary {
        area.draw(&PathElement::new(
            vec![(4, yy), (22, yy)],
            BLACK.stroke_width(3),
        ))
        .map_err(err)?;
        legend_label(
            area,
            yy,
            t("plot-boundary", &[("p", pretty_number(b).into())]),
            BLACK,
        )?;
        yy += 20;
        for (label, c) in [
            (t("plot-p-below", &[]), PALETTE[0]),
            (t("plot-p-above", &[]), PALETTE[1]),
        ] {
            area.draw(&PathElement::new(
                vec![(4, yy), (22, yy)],
                c.stroke_width(1),
            ))
            .map_err(err)?;
            legend_label(area, yy, label, BLACK)?;
            yy += 20;
        }
    }
    Ok(yy)
}

#[allow(clippy::too_many_arguments)]
fn draw_function(
    root: &DrawingArea<SVGBackend, Shift>,
    axes: &Axes,
    xs: &[f64],
    fs: &[f64],
    series: &[Line],
    points: &[Marked],
    layout: &mut Layout,
) -> Result<(), String> {
    let mut finite: Vec<f64> = fs.iter().copied().filter(|v| v.is_finite()).collect();
    if finite.is_empty() || xs.is_empty() {
        return no_data(root, axes);
    }
    finite.sort_by(f64::total_cmp);
    // Robust range: a pole (ln x at 0) must not flatten the interesting part.
    let lo = finite[0];
    let hi = finite[((finite.len() - 1) as f64 * 0.95) as usize];
    // What the figure is about (the marked points and the iterates) sets the frame, with
    // room around it; the curve is clipped where it runs far beyond (x³ at ±4 must not
    // flatten its extrema at ±2).
    let mut core: Option<(f64, f64)> = None;
    let mut widen = |v: f64| core = Some(core.map_or((v, v), |(a, b)| (a.min(v), b.max(v))));
    for l in series {
        for p in &l.points {
            if p.1.is_finite() && p.0 >= xs[0] && p.0 <= xs[xs.len() - 1] {
                widen(p.1);
            }
        }
    }
    for m in points {
        widen(m.at.1);
    }
    let y = match core {
        Some((a, b)) => {
            let room = (b - a).max(0.1 * (hi - lo)) * 1.5;
            padded((a - room).max(lo), (b + room).min(hi.max(b)), 0.05)
        }
        None => padded(lo, hi, 0.08),
    };
    let x = (xs[0], xs[xs.len() - 1]);
    layout.x_range = x;
    layout.y_range = y;
    let titled = root
        .titled(&axes.title, (FONT, 19))
        .map_err(|e| e.to_string())?;
    let lw = path_legend_width(series);
    let (w, _) = titled.dim_in_pixel();
    let (plot_area, legend_area) = titled.split_horizontally(w - lw);
    let mut chart = build_chart(
        &plot_area,
        None,
        &axes.x_label,
        &axes.y_label,
        x,
        y,
        (Scale::Linear, Scale::Linear),
        false,
    )?;
    record_box(&chart, layout);
    layout.series_per_panel.push(series.len());
    let curve: Vec<(f64, f64)> = xs.iter().copied().zip(fs.iter().copied()).collect();
    for part in clip(&curve, x, y) {
        chart
            .draw_series(LineSeries::new(part, BLACK.stroke_width(2)))
            .map_err(|e| e.to_string())?;
    }
    draw_paths(&mut chart, series, x, y)?;
    let avoid: Vec<&[(f64, f64)]> = std::iter::once(curve.as_slice())
        .chain(series.iter().map(|l| l.points.as_slice()))
        .collect();
    draw_marks(&mut chart, points, x, y, &avoid)?;
    if lw > 0 {
        let (ox, oy) = legend_area.get_base_pixel();
        let height = draw_path_legend(&legend_area, series)?;
        layout.legend_box = Some((ox, oy, ox + lw as i32, oy + height));
    }
    Ok(())
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
    let lowest = all.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = all.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    // On a log scale the colours span at most HEAT_DECADES below the largest value: a
    // gradient of 1e-42 would otherwise leave every value above 1e-3 in one shade. Smaller
    // values take the darkest colour, and the bar says so.
    let floored = log && hi - lowest > HEAT_DECADES;
    let lo = if floored {
        (hi - HEAT_DECADES).floor()
    } else {
        lowest
    };
    let (lo, hi) = if hi - lo < 1e-12 {
        (lo - 0.5, hi + 0.5)
    } else {
        (lo, hi)
    };
    let t = |v: f64| ((v - lo) / (hi - lo)).clamp(0.0, 1.0);
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
            .axis_desc_style((FONT, 14))
            .label_style((FONT, 14))
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
        .margin_bottom(if floored { 96 } else { 60 })
        .margin_right(10)
        .y_label_area_size(58)
        .build_cartesian_2d(0.0..1.0, lo..hi)
        .map_err(|e| e.to_string())?;
    let yf = move |v: &f64| tick_text(*v, Scale::of(log));
    cb.configure_mesh()
        .disable_x_mesh()
        .disable_y_mesh()
        .disable_x_axis()
        .y_desc(if log {
            self::t("plot-log-scale", &[("label", scale_label.into())])
        } else {
            scale_label.to_string()
        })
        .axis_desc_style((FONT, 14))
        .label_style((FONT, 14))
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
    if floored {
        for (k, text) in [
            self::t(
                "plot-heat-floor",
                &[("floor", pretty_number(10f64.powf(lo)).into())],
            ),
            self::t(
                "plot-heat-lowest",
                &[("lowest", pretty_number(10f64.powf(lowest)).into())],
            ),
        ]
        .into_iter()
        .enumerate()
        {
            bar.draw(&Text::new(
                text,
                (8, bh as i32 - 80 + 16 * k as i32),
                (FONT, 14).into_font().color(&BLACK),
            ))
            .map_err(|e| e.to_string())?;
        }
    }
    bar.draw(&Text::new(
        self::t("plot-heat-zero", &[]),
        (8, bh as i32 - 44),
        (FONT, 14).into_font().color(&BLACK),
    ))
    .map_err(|e| e.to_string())?;
    bar.draw(&Text::new(
        self::t("plot-heat-nonfinite", &[]),
        (8, bh as i32 - 28),
        (FONT, 14).into_font().color(&RED),
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
            y_floor: None,
        }
    }

    #[test]
    fn a_figure_of_one_value_everywhere_is_said_not_drawn() {
        let fig = iteration_lines(false);
        let runs = |a: Vec<f64>, b: Vec<f64>| table(&[("run0", a), ("run1", b)]);
        let df = runs(vec![0.0, 0.0], vec![0.0, 0.0]);
        assert_eq!(constant_value(&fig, &df), Some(0.0));
        let df = runs(vec![0.0, 0.0], vec![1e-300, 0.0]);
        assert_eq!(constant_value(&fig, &df), None);
        let df = runs(vec![f64::NAN], vec![f64::NAN]);
        assert_eq!(constant_value(&fig, &df), None);
    }

    #[test]
    fn labels_of_points_at_the_same_place_do_not_overprint() {
        // Two runs of one row with the same result: both labelled, one line apart.
        let curves = vec![
            Curve::line("row", vec![]).scatter().color(1),
            Curve::line("row: first", vec![(0.5, 0.5)])
                .scatter()
                .color(1),
            Curve::line("row: second", vec![(0.5, 0.5)])
                .scatter()
                .color(1),
            Curve::line("other", vec![(0.1, 0.1), (0.9, 0.9)])
                .scatter()
                .color(2),
        ];
        let fig = Figure::Curves {
            axes: axes(false),
            curves,
            vlines: vec![],
        };
        let svg = render(&fig, &DataFrame::empty(), crate::i18n::Lang::En).unwrap();
        // (y, text-anchor) of a label: one line apart, or on opposite sides of the point.
        let place = |label: &str| -> (f64, bool) {
            let end = svg
                .find(&format!(">\n{label}\n</text>"))
                .unwrap_or_else(|| panic!("{label}: {svg}"));
            let start = svg[..end].rfind("<text").unwrap();
            let tag = &svg[start..end];
            let y = tag.find(" y=\"").unwrap() + 4;
            let y = tag[y..y + tag[y..].find('"').unwrap()].parse().unwrap();
            (y, tag.contains("text-anchor=\"end\""))
        };
        let (a, b) = (place("first"), place("second"));
        assert!((a.0 - b.0).abs() >= 13.0 || a.1 != b.1, "{a:?} {b:?}");
    }

    #[test]
    fn an_axis_of_whole_numbers_has_whole_ticks() {
        // Epochs 0 to 3: 0, 1, 2, 3, not 0, 0.5, 1, …
        assert_eq!(ticks(-0.06, 3.06, Scale::Count), vec![0.0, 1.0, 2.0, 3.0]);
        assert!(ticks(-0.06, 3.06, Scale::Linear).contains(&0.5));
        // A long range keeps its round steps.
        assert_eq!(
            ticks(0.0, 200.0, Scale::Count),
            ticks(0.0, 200.0, Scale::Linear)
        );
    }

    #[test]
    fn a_linear_axis_of_values_near_zero_starts_at_zero() {
        // Accuracies from chance (0.1) to 1: the frame starts at 0.
        assert_eq!(from_zero((0.04, 1.06), 0.1, false), (-0.02 * 1.06, 1.06));
        // Values far from 0, a log axis, or negative values keep their padded range.
        assert_eq!(from_zero((0.6, 1.0), 0.62, false), (0.6, 1.0));
        assert_eq!(from_zero((0.04, 1.06), 0.1, true), (0.04, 1.06));
        assert_eq!(from_zero((-0.5, 1.0), -0.4, false), (-0.5, 1.0));
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
        let fig = iteration_lines(true);
        let svg = render(&fig, &df, crate::i18n::Lang::En).unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("inf/NaN at 2"), "{svg}");
        // No non-finite coordinate reaches the SVG.
        assert!(
            !svg.contains("=\"NaN")
                && !svg.contains("NaN,")
                && !svg.contains(",NaN")
                && !svg.contains("=\"inf")
        );
    }

    #[test]
    fn a_value_not_defined_at_the_start_is_not_a_divergence() {
        // The learning rate of epoch 0 is NaN (no step yet): the line starts at epoch 1.
        let df = Table::new()
            .with("series", Values::Str(vec!["a".into(); 3]))
            .with("iteration", Values::I64(vec![0, 1, 2]))
            .with("f", Values::F64(vec![f64::NAN, 0.1, 0.05]))
            .to_frame()
            .unwrap();
        let svg = render(&iteration_lines(true), &df, crate::i18n::Lang::En).unwrap();
        assert!(
            !svg.contains("inf/NaN") && !svg.contains("no finite values"),
            "{svg}"
        );
        // A line with no finite value at all is still marked where it starts.
        let df = Table::new()
            .with("series", Values::Str(vec!["a".into(); 2]))
            .with("iteration", Values::I64(vec![0, 1]))
            .with("f", Values::F64(vec![f64::NAN, f64::NAN]))
            .to_frame()
            .unwrap();
        let svg = render(&iteration_lines(true), &df, crate::i18n::Lang::En).unwrap();
        assert!(svg.contains("no finite values"), "{svg}");
    }

    /// A metrics table with one row per (series, step): `series` is `config · role`.
    fn table(series: &[(&str, Vec<f64>)]) -> DataFrame {
        let (mut names, mut steps, mut values) = (Vec::new(), Vec::new(), Vec::new());
        for (name, ys) in series {
            for (k, v) in ys.iter().enumerate() {
                names.push(name.to_string());
                steps.push(k as i64);
                values.push(*v);
            }
        }
        Table::new()
            .with("series", Values::Str(names))
            .with("iteration", Values::I64(steps))
            .with("f", Values::F64(values))
            .to_frame()
            .unwrap()
    }

    /// `f` against `iteration`, one line per `series`: the figure of [`table`]'s frames.
    fn iteration_lines(log_y: bool) -> Figure {
        Figure::Lines {
            axes: axes(log_y),
            data: FromTable {
                x: "iteration".into(),
                y: "f".into(),
                group: "series".into(),
                trial: None,
                filter: vec![],
                table: None,
            },
        }
    }

    fn lines_of(df: &DataFrame, log_y: bool) -> Layout {
        let fig = iteration_lines(log_y);
        render_with_layout(&fig, df).unwrap().1
    }

    #[test]
    fn many_configurations_become_small_multiples() {
        let curves: Vec<(String, Vec<f64>)> = (0..9)
            .flat_map(|c| {
                let a: Vec<f64> = (0..20)
                    .map(|k| (1.0 + c as f64) / (1.0 + k as f64))
                    .collect();
                let b: Vec<f64> = a.iter().map(|v| v * 1.3).collect();
                [
                    (format!("opt{c} · train"), a),
                    (format!("opt{c} · validation"), b),
                ]
            })
            .collect();
        let refs: Vec<(&str, Vec<f64>)> = curves
            .iter()
            .map(|(n, v)| (n.as_str(), v.clone()))
            .collect();
        let layout = lines_of(&table(&refs), true);
        assert_eq!(layout.series_per_panel.len(), 9);
        assert!(layout.series_per_panel.iter().all(|&n| n <= MAX_SERIES));
        // A few configurations share one panel, with the legend beside it.
        let few = lines_of(&table(&refs[..6]), true);
        assert_eq!(few.series_per_panel, vec![3]);
        let legend = few.legend_box.expect("a legend");
        for b in &few.plot_boxes {
            assert!(legend.0 >= b.2, "legend {legend:?} over the plot {b:?}");
        }
    }

    #[test]
    fn an_untrained_first_point_far_below_leaves_the_frame_to_the_rest() {
        // Accuracy from 0.19 at epoch 0 to between 0.9 and 0.98 after: the frame shows the
        // trained epochs, the corner note the first points.
        let run = |top: f64| -> Vec<f64> {
            (0..16)
                .map(|k| {
                    if k == 0 {
                        0.19
                    } else {
                        top - 0.005 * (k % 3) as f64
                    }
                })
                .collect()
        };
        let df = table(&[("a", run(0.98)), ("b", run(0.92))]);
        let (svg, layout) = render_with_layout(&iteration_lines(false), &df).unwrap();
        assert!(
            layout.y_range.0 > 0.85 && layout.y_range.1 < 1.0,
            "{:?}",
            layout.y_range
        );
        assert!(
            svg.contains("below the frame"),
            "the first points are counted"
        );
        // Lines that start elsewhere (at the smallest of several sizes) keep their start.
        let sizes = Table::new()
            .with(
                "series",
                Values::Str(
                    ["a", "b"]
                        .iter()
                        .flat_map(|n| std::iter::repeat_n(n.to_string(), 6))
                        .collect(),
                ),
            )
            .with(
                "iteration",
                Values::F64([4.0, 10.0, 20.0, 50.0, 100.0, 170.0].repeat(2)),
            )
            .with(
                "f",
                Values::F64(vec![
                    0.2, 0.9, 0.92, 0.95, 0.97, 0.98, 0.21, 0.91, 0.93, 0.96, 0.97, 0.99,
                ]),
            )
            .to_frame()
            .unwrap();
        let (_, layout) = render_with_layout(&iteration_lines(false), &sizes).unwrap();
        assert!(layout.y_range.0 < 0.2, "{:?}", layout.y_range);
        // A run that climbs steadily keeps its whole range.
        let steady: Vec<f64> = (0..16).map(|k| 0.1 + 0.05 * k as f64).collect();
        let df = table(&[("a", steady)]);
        let (_, layout) = render_with_layout(&iteration_lines(false), &df).unwrap();
        assert!(layout.y_range.0 < 0.1, "{:?}", layout.y_range);
    }

    #[test]
    fn a_floored_r2_frame_shows_the_good_runs_and_marks_the_one_below() {
        // R² from far below 0 up to 0.9 and 0.98, and one run that never rises above −40.
        let rise =
            |end: f64| -> Vec<f64> { (0..30).map(|k| end - 1e5 * (-(k as f64)).exp()).collect() };
        let low: Vec<f64> = (0..30)
            .map(|k| -1e5 * (-(k as f64) / 5.0).exp() - 40.0)
            .collect();
        let df = table(&[("a", rise(0.9)), ("b", rise(0.98)), ("c", low)]);
        let mut fig = iteration_lines(false);
        if let Figure::Lines { axes, .. } = &mut fig {
            axes.y_floor = Some(-1.0);
        }
        let (svg, layout) = render_with_layout(&fig, &df).unwrap();
        assert!(
            layout.y_range.0 >= -1.2 && layout.y_range.0 < -1.0,
            "{:?}",
            layout.y_range
        );
        assert!(
            layout.y_range.1 > 0.98 && layout.y_range.1 < 1.2,
            "{:?}",
            layout.y_range
        );
        assert!(
            svg.contains("▼ c"),
            "the run below the frame is marked in the legend"
        );
        assert!(!svg.contains("▼ a") && !svg.contains("▼ b"));
        assert!(
            svg.contains("below the frame"),
            "the corner note counts the points below"
        );
    }

    #[test]
    fn a_diverging_run_does_not_set_the_frame() {
        let good: Vec<f64> = (0..30).map(|k| 10f64.powi(-k / 3)).collect();
        let newton: Vec<f64> = vec![1.0, 0.1, 1e-3, 1e-7, 1e-15, 0.0];
        let bad: Vec<f64> = (0..30).map(|k| 10f64.powi(7 * k)).collect();
        let df = table(&[("gd", good), ("newton", newton), ("gd (lr=0.05)", bad)]);
        let layout = lines_of(&df, true);
        assert_eq!(layout.runaway, vec!["gd (lr=0.05)".to_string()]);
        assert!(layout.y_range.1 < 1e3, "{:?}", layout.y_range);
        let svg = render(&iteration_lines(true), &df, crate::i18n::Lang::En).unwrap();
        assert!(svg.contains("leaves the frame at"), "the exit is marked");
        assert!(svg.contains("reached 0 at 5"), "the exact zero is marked");
        // A gap flickering between 0 and a rounding unit reaches 0 where it stays there.
        let flicker = vec![1.0, 1e-3, 0.0, 4.4e-16, 0.0, 0.0, 0.0];
        let df = table(&[("gd", flicker)]);
        let svg = render(&iteration_lines(true), &df, crate::i18n::Lang::En).unwrap();
        assert!(svg.contains("reached 0 at 4"), "{svg}");
        assert!(!svg.contains("reached 0 at 2"));
    }

    #[test]
    fn every_point_carries_its_values_as_a_tooltip() {
        let df = table(&[
            ("a · train", vec![3.0, 2.0, 1.5]),
            ("a · validation", vec![3.5, 2.5, 2.25]),
        ]);
        let fig = iteration_lines(false);
        let svg = render(&fig, &df, crate::i18n::Lang::En).unwrap();
        assert_eq!(svg.matches("<title>").count(), 6, "{svg}");
        assert!(svg.contains("<title>a · validation: iteration = 2, f = 2.25</title>"));
    }

    #[test]
    fn a_short_run_beside_a_long_one_gets_a_log_iteration_axis() {
        let long: Vec<f64> = (0..2000).map(|k| 1.0 / (1.0 + k as f64)).collect();
        let short: Vec<f64> = vec![1.0, 0.5, 0.1, 1e-3, 1e-6, 1e-12];
        let layout = lines_of(&table(&[("gd", long.clone()), ("newton", short)]), true);
        assert!(layout.log_iterations);
        let layout = lines_of(&table(&[("gd", long.clone()), ("gd2", long)]), true);
        assert!(!layout.log_iterations);
    }

    #[test]
    fn extreme_early_values_do_not_flatten_a_linear_axis() {
        let mut a: Vec<f64> = (0..30).map(|k| 0.9 - 1.0 / (1.0 + k as f64)).collect();
        a[0] = -1e5;
        let b: Vec<f64> = (0..30).map(|k| 0.8 - 2.0 / (1.0 + k as f64)).collect();
        let layout = lines_of(&table(&[("a", a), ("b", b)]), false);
        assert!(layout.y_range.0 > -10.0, "{:?}", layout.y_range);
    }

    #[test]
    fn contours_have_equal_units_per_pixel() {
        let xs: Vec<f64> = (0..61).map(|i| -6.0 + i as f64 * 0.15).collect();
        let ys: Vec<f64> = (0..41).map(|j| -3.0 + j as f64 * 0.15).collect();
        let z: Vec<Vec<f64>> = ys
            .iter()
            .map(|&y| xs.iter().map(|&x| 0.1 * x * x + 2.0 * y * y).collect())
            .collect();
        let fig = Figure::Contour {
            axes: axes(false),
            xs,
            ys,
            z,
            paths: None,
            points: vec![],
            boundary: None,
        };
        let df = Table::new().to_frame().unwrap();
        let (_, layout) = render_with_layout(&fig, &df).unwrap();
        let b = layout.plot_boxes[0];
        let ux = (layout.x_range.1 - layout.x_range.0) / (b.2 - b.0) as f64;
        let uy = (layout.y_range.1 - layout.y_range.0) / (b.3 - b.1) as f64;
        assert!((ux / uy - 1.0).abs() < 0.03, "x {ux} vs y {uy} per pixel");
    }

    #[test]
    fn a_contour_shows_the_part_its_paths_use() {
        let xs: Vec<f64> = (0..81).map(|i| -4.0 + i as f64 * 0.1).collect();
        let ys = xs.clone();
        let z: Vec<Vec<f64>> = ys
            .iter()
            .map(|&y| xs.iter().map(|&x| x * x + y * y).collect())
            .collect();
        let df = Table::new()
            .with("x", Values::F64(vec![-1.0, -0.5, 0.0]))
            .with("y", Values::F64(vec![3.0, 1.0, 0.0]))
            .with("series", Values::Str(vec!["gd".into(); 3]))
            .to_frame()
            .unwrap();
        let paths = FromTable {
            x: "x".into(),
            y: "y".into(),
            group: "series".into(),
            trial: None,
            filter: vec![],
            table: None,
        };
        let fig = Figure::Contour {
            axes: axes(false),
            xs: xs.clone(),
            ys: ys.clone(),
            z: z.clone(),
            paths: Some(paths),
            points: vec![],
            boundary: None,
        };
        let (_, layout) = render_with_layout(&fig, &df).unwrap();
        // The path spans x ∈ [−1, 0], y ∈ [0, 3]: the view keeps it with a margin and
        // drops the empty lower half, still at equal units per pixel.
        assert!(
            layout.y_range.0 > -1.5 && layout.y_range.1 >= 3.0,
            "{:?}",
            layout.y_range
        );
        assert!(layout.x_range.0 <= -1.0 && layout.x_range.1 >= 0.0);
        let b = layout.plot_boxes[0];
        let ux = (layout.x_range.1 - layout.x_range.0) / (b.2 - b.0) as f64;
        let uy = (layout.y_range.1 - layout.y_range.0) / (b.3 - b.1) as f64;
        assert!((ux / uy - 1.0).abs() < 0.03, "x {ux} vs y {uy} per pixel");
    }

    #[test]
    fn cut_labels_keep_what_tells_them_apart() {
        let f = "f(x, y, z) = (x²y, eˣ sin z, x + y + z) (forward)";
        let c = "f(x, y, z) = (x²y, eˣ sin z, x + y + z) (central)";
        assert_ne!(cut_to(f, 30), cut_to(c, 30));
        assert!(cut_to(f, 30).ends_with("… (forward)"), "{}", cut_to(f, 30));
        assert!(cut_to(f, 30).chars().count() <= 30);
        assert_eq!(cut_to("short", 30), "short");
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
        assert!(render(&fig, &df, crate::i18n::Lang::En)
            .unwrap_err()
            .contains("nope"));
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
        assert_eq!(tick_text(-3.0, Scale::Log), "0.001");
        assert_eq!(tick_text(-5.0, Scale::Log), "10⁻⁵");
        assert_eq!(tick_text(32f64.log10(), Scale::Log), "32");
        assert_eq!(tick_text(0.25, Scale::Linear), "0.25");
        assert_eq!(tick_text(-0.25, Scale::Linear), "−0.25");
        assert_eq!(tick_text(2.0e7, Scale::Linear), "2×10⁷");
        assert_eq!(tick_text(-0.0, Scale::Linear), "0");
        assert_eq!(tick_text(2f64.log10(), Scale::LogIterations), "1");
        assert_eq!(pretty_number(1e-16), "10⁻¹⁶");
        assert_eq!(pretty_number(2.5e-7), "2.5×10⁻⁷");
    }
}
