//! Pieces the expression-based kinds share: objectives from specs, points, plot boxes,
//! surfaces and number formatting.

use crate::error::{SpecError, SpecErrors};
use crate::locate::{join, Located};
use crate::numerics::expr::{self, ExprError, Objective};
use crate::parse::{deserialize, Node};
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;

/// Parses an objective, reporting problems at `path` (the `objective` field), located at
/// the offending characters of the expression.
pub fn objective(
    text: &str,
    vars: Option<&[String]>,
    path: &str,
    vars_path: &str,
    at: &Located,
) -> Result<Objective, SpecError> {
    Objective::parse(text, vars).map_err(|e| expr_error(e, text, path, vars_path, at))
}

fn expr_error(e: ExprError, text: &str, path: &str, vars_path: &str, at: &Located) -> SpecError {
    let offset = e.offset().unwrap_or(0);
    let located = |width: usize| at.within_value(path, text, offset, width, e.to_string());
    let functions = expr::FUNCTIONS.join(", ");
    match &e {
        ExprError::UnknownVariable { name, declared, .. } => {
            let suggestion = crate::error::suggest(name, declared.iter().map(String::as_str))
                .or_else(|| crate::error::suggest(name, expr::FUNCTIONS.iter().copied()));
            located(name.chars().count())
                .expected(format!(
                    "only the variables declared in `{vars_path}`: {}",
                    declared.join(", ")
                ))
                .suggest(suggestion)
        }
        ExprError::UnknownFunction { name, .. } => located(name.chars().count())
            .expected(format!("one of the functions {functions}"))
            .suggest(crate::error::suggest(name, expr::FUNCTIONS.iter().copied())),
        ExprError::NotFinite { part, .. } => located(part.chars().count()).expected(
            "finite numbers: every constant part of the expression must have a finite value",
        ),
        ExprError::TooLarge { .. } => located(1).expected(format!(
            "at most {} characters, {} operations, {} levels of nesting and {} variables",
            expr::MAX_CHARS,
            expr::MAX_NODES,
            expr::MAX_DEPTH,
            expr::MAX_VARS
        )),
        ExprError::Parse { .. } => located(1).expected(format!(
            "an expression such as `x^2 + 3*y^2 - x*y`: operators + - * / ^ (`-x^2` is −(x²)), \
             parentheses, the constants pi and e, and the functions {functions}"
        )),
        ExprError::NoVariables => at.at_value(path, e.to_string()),
    }
}

/// Reads a kind's `params:` node as `T` and checks every range `T` declares on its fields
/// (`#[schemars(range(min = 1, max = 200))]`), nested types and lists included. The ranges
/// are read from `T`'s JSON Schema, the one editors get, so the editor and the checker
/// cannot disagree. A type error stops here; range errors are returned for the kind to add
/// its own checks to.
pub fn params<T: serde::de::DeserializeOwned + schemars::JsonSchema>(
    node: &Node,
    base: &str,
    at: &Located,
) -> Result<(T, Vec<SpecError>), SpecErrors> {
    let value: T = deserialize(node, base, at)?;
    let root = schemars::gen::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>();
    let mut errors = Vec::new();
    let schema = schemars::schema::Schema::Object(root.schema);
    ranges(
        &schema,
        &node.to_json(),
        base,
        &root.definitions,
        at,
        &mut errors,
    );
    Ok((value, errors))
}

/// The declared ranges under `schema`, checked against `value` at field path `path`.
fn ranges(
    schema: &schemars::schema::Schema,
    value: &serde_json::Value,
    path: &str,
    defs: &schemars::Map<String, schemars::schema::Schema>,
    at: &Located,
    errors: &mut Vec<SpecError>,
) {
    use schemars::schema::{Schema, SingleOrVec};
    let Schema::Object(o) = schema else { return };
    if let Some(r) = &o.reference {
        if let Some(d) = r.strip_prefix("#/definitions/").and_then(|n| defs.get(n)) {
            ranges(d, value, path, defs, at, errors);
        }
        return;
    }
    if let (Some(n), Some(v)) = (&o.number, value.as_f64()) {
        let (lo, hi) = (n.minimum.unwrap_or(f64::MIN), n.maximum.unwrap_or(f64::MAX));
        if !(lo <= v && v <= hi) {
            let name = path.rsplit(['.', ']']).next().unwrap_or(path);
            let expected = match (n.minimum, n.maximum) {
                (Some(lo), Some(hi)) => format!("between {lo} and {hi}"),
                (Some(lo), None) => format!("at least {lo}"),
                (None, _) => format!("at most {hi}"),
            };
            errors.push(
                at.at_value(path, format!("`{name}` is {value}"))
                    .expected(expected),
            );
        }
    }
    if let (Some(obj), Some(map)) = (&o.object, value.as_object()) {
        for (k, sub) in &obj.properties {
            if let Some(v) = map.get(k) {
                ranges(sub, v, &join(path, k), defs, at, errors);
            }
        }
    }
    if let (Some(arr), Some(list)) = (&o.array, value.as_array()) {
        if let Some(SingleOrVec::Single(item)) = &arr.items {
            for (i, v) in list.iter().enumerate() {
                ranges(item, v, &format!("{path}[{i}]"), defs, at, errors);
            }
        }
    }
    // `Option<T>` is `anyOf: [T, null]` and a wrapped reference `allOf: [T]`: the value is
    // a T when it is not null. A tagged enum (`oneOf`, tag `name`) is checked against the
    // variant its `name` selects.
    if let Some(sub) = &o.subschemas {
        if !value.is_null() {
            for s in sub.all_of.iter().chain(&sub.any_of).flatten() {
                ranges(s, value, path, defs, at, errors);
            }
            let tag = value.get("name");
            for s in sub.one_of.iter().flatten() {
                let Schema::Object(v) = s else { continue };
                let named = v
                    .object
                    .as_ref()
                    .and_then(|obj| obj.properties.get("name"))
                    .and_then(|n| match n {
                        Schema::Object(n) => n.enum_values.as_ref(),
                        _ => None,
                    })
                    .is_some_and(|names| tag.is_some_and(|t| names.contains(t)));
                if named {
                    ranges(s, value, path, defs, at, errors);
                }
            }
        }
    }
}

/// Checks that the optimizer at `path` (a `torch.optim` spec) has a finite, positive `lr`.
pub fn check_optimizer(
    errors: &mut Vec<SpecError>,
    at: &Located,
    path: &str,
    optimizer: &crate::nn::optim::OptimizerSpec,
) {
    let lr = optimizer.lr();
    if !(lr.is_finite() && lr > 0.0) {
        errors.push(
            at.at_value(&join(path, "lr"), format!("`lr` is {lr}"))
                .expected("a positive learning rate"),
        );
    }
}

/// A point given as a number (1-D) or a list of numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct Point(pub Vec<f64>);

impl schemars::JsonSchema for Point {
    fn schema_name() -> String {
        "Point".into()
    }

    fn json_schema(gen: &mut schemars::gen::SchemaGenerator) -> schemars::schema::Schema {
        let one = gen.subschema_for::<f64>();
        let many = gen.subschema_for::<Vec<f64>>();
        schemars::schema::SchemaObject {
            subschemas: Some(Box::new(schemars::schema::SubschemaValidation {
                any_of: Some(vec![one, many]),
                ..Default::default()
            })),
            metadata: Some(Box::new(schemars::schema::Metadata {
                description: Some("a number (1-D) or a list of numbers".into()),
                ..Default::default()
            })),
            ..Default::default()
        }
        .into()
    }
}

impl<'de> Deserialize<'de> for Point {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Point, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Point;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number or a list of numbers")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Point, E> {
                Ok(Point(vec![v]))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Point, E> {
                Ok(Point(vec![v as f64]))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Point, E> {
                Ok(Point(vec![v as f64]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Point, A::Error> {
                let mut out = Vec::new();
                while let Some(v) = seq.next_element::<f64>()? {
                    out.push(v);
                }
                Ok(Point(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// Checks that a point has `dim` finite coordinates.
pub fn check_point(
    p: &Point,
    dim: usize,
    path: &str,
    at: &Located,
    vars: &[String],
) -> Result<(), SpecError> {
    if p.0.len() != dim {
        return Err(at
            .at_value(
                path,
                format!(
                    "this point has {} coordinate(s), the objective has {dim} variable(s)",
                    p.0.len()
                ),
            )
            .expected(format!(
                "{dim} number(s), one per variable ({})",
                vars.join(", ")
            )));
    }
    for (i, v) in p.0.iter().enumerate() {
        if !v.is_finite() {
            let item = if dim == 1 && at.spans.value(&format!("{path}[0]")).is_none() {
                path.to_string()
            } else {
                format!("{path}[{i}]")
            };
            return Err(at
                .at_value(&item, format!("coordinate `{}` is {v}", vars[i]))
                .expected("a finite number"));
        }
    }
    Ok(())
}

/// A box `lo ≤ x ≤ hi` (per coordinate), for plots and sampling.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BoxSpec {
    pub lo: Point,
    pub hi: Point,
}

/// Checks a box against the dimension.
pub fn check_box(
    b: &BoxSpec,
    dim: usize,
    path: &str,
    at: &Located,
    vars: &[String],
) -> Result<(), SpecError> {
    check_point(&b.lo, dim, &join(path, "lo"), at, vars)?;
    check_point(&b.hi, dim, &join(path, "hi"), at, vars)?;
    if b.lo.0.iter().zip(&b.hi.0).any(|(l, h)| l >= h) {
        return Err(at
            .at_value(path, "the box is empty")
            .expected("`lo` below `hi` in every coordinate"));
    }
    Ok(())
}

/// A box around the given points, padded by 25 % (at least 1 unit each side).
pub fn box_around(points: &[Vec<f64>], dim: usize) -> (Vec<f64>, Vec<f64>) {
    let mut lo = vec![f64::MAX; dim];
    let mut hi = vec![f64::MIN; dim];
    for p in points {
        if p.iter().all(|v| v.is_finite()) {
            for d in 0..dim {
                lo[d] = lo[d].min(p[d]);
                hi[d] = hi[d].max(p[d]);
            }
        }
    }
    for d in 0..dim {
        if lo[d] > hi[d] {
            lo[d] = -1.0;
            hi[d] = 1.0;
        }
        let pad = ((hi[d] - lo[d]) * 0.25).max(1.0);
        lo[d] -= pad;
        hi[d] += pad;
    }
    (lo, hi)
}

/// `n` evenly spaced values from `a` to `b` inclusive.
pub fn linspace(a: f64, b: f64, n: usize) -> Vec<f64> {
    (0..n)
        .map(|i| a + (b - a) * i as f64 / (n - 1) as f64)
        .collect()
}

/// f on a grid over a 2-D box: (xs, ys, z[j][i]).
pub fn surface(
    obj: &Objective,
    lo: &[f64],
    hi: &[f64],
    n: usize,
) -> (Vec<f64>, Vec<f64>, Vec<Vec<f64>>) {
    let xs = linspace(lo[0], hi[0], n);
    let ys = linspace(lo[1], hi[1], n);
    let z = ys
        .iter()
        .map(|&y| xs.iter().map(|&x| obj.value(&[x, y])).collect())
        .collect();
    (xs, ys, z)
}

/// Text safe to put into Markdown findings: `x^4 + 0.8*y^4` must not turn into italics.
pub fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|' | '$'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A number as a reader writes it: 4 significant digits (0.9749, 1.414, 133), scientific
/// when very large or small (2.086e-42), a negative one with the minus sign (U+2212), as
/// `−inf` is. The data files keep every digit; [`num_precise`] gives 6 where a margin needs
/// them.
pub fn num(v: f64) -> String {
    num_digits(v, 4)
}

/// A number with 6 significant digits, for the margins of a claim's condition (a value
/// `0.99996` must not read as the `1` it is tested against).
pub fn num_precise(v: f64) -> String {
    num_digits(v, 6)
}

/// A number with `digits` significant digits (1 to 15), as [`num`] writes it.
pub fn num_digits(v: f64, digits: usize) -> String {
    let s = num_ascii(v, digits);
    match s.strip_prefix('-') {
        Some(rest) => format!("−{rest}"),
        None => s,
    }
}

fn num_ascii(v: f64, sig: usize) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 {
            "inf".into()
        } else {
            "−inf".into()
        };
    }
    if v == 0.0 {
        return "0".into();
    }
    // Rounded first, so that 999_999.7 is scientific and 0.000099996 is not.
    let rounded: f64 = format!("{v:.prec$e}", prec = sig - 1).parse().unwrap_or(v);
    let a = rounded.abs();
    if !(1e-4..1e6).contains(&a) {
        let s = format!("{v:.prec$e}", prec = sig - 1);
        // 1.2300e5 → 1.23e5
        if let Some((m, e)) = s.split_once('e') {
            let m = m.trim_end_matches('0').trim_end_matches('.');
            return format!("{m}e{e}");
        }
        return s;
    }
    let digits = (sig as i32 - 1 - a.log10().floor() as i32).max(0) as usize;
    let s = format!("{rounded:.digits$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// Items as a reader lists them in English: `a`, `a and b`, `a, b and c`. Kinds whose text
/// is translated call [`and_list_in`].
pub fn and_list(items: &[String]) -> String {
    and_list_in(crate::i18n::Lang::En, items)
}

/// Items as a reader of `lang` lists them: `a`, `a and b`, `a, b and c` (`a, b dan c`).
pub fn and_list_in(lang: crate::i18n::Lang, items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => {
            crate::tr!(lang, "common-and-list", init = init.join(", "), last = last)
        }
    }
}

/// A point for reading: `(1.5, −2)`; a single coordinate without parentheses.
pub fn point(p: &[f64]) -> String {
    if p.len() == 1 {
        return num(p[0]);
    }
    let parts: Vec<String> = p.iter().map(|v| num(*v)).collect();
    format!("({})", parts.join(", "))
}

/// The variables joined for a label: `(x, y)`.
pub fn var_tuple(vars: &[String]) -> String {
    if vars.len() == 1 {
        vars[0].clone()
    } else {
        format!("({})", vars.join(", "))
    }
}

#[cfg(test)]
mod tests {

    #[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
    #[allow(dead_code)]
    struct Inner {
        #[schemars(range(min = 1, max = 64))]
        units: usize,
    }

    #[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
    #[allow(dead_code)]
    struct Outer {
        #[schemars(range(min = -16, max = -2))]
        exponent: i32,
        layers: Vec<Inner>,
        head: Option<Inner>,
    }

    #[test]
    fn declared_ranges_are_checked_where_they_are_declared() {
        let text = "params:\n  exponent: -1\n  layers:\n    - {units: 8}\n    - {units: 65}\n  head: {units: 0}\n";
        let src = crate::load::Source::from_text("r.yaml", text);
        let at = Located::new("r.yaml", text);
        let doc = crate::parse::parse_document(&src, &at).unwrap();
        let node = doc.get("params").unwrap();
        let (_, errors): (Outer, _) = params(&node, "params", &at).unwrap();
        let said: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(said.len(), 3, "{said:?}");
        assert!(said[0].contains("`exponent` is -1") && said[0].contains("between -16 and -2"));
        assert!(said[0].contains("r.yaml:2:13") && said[0].contains("params.exponent"));
        assert!(said
            .iter()
            .any(|e| e.contains("params.layers[1].units") && e.contains("`units` is 65")));
        assert!(said
            .iter()
            .any(|e| e.contains("params.head.units") && e.contains("between 1 and 64")));
        let fine = "params:\n  exponent: -2\n  layers: [{units: 64}]\n  head: null\n";
        let at = Located::new("f.yaml", fine);
        let doc =
            crate::parse::parse_document(&crate::load::Source::from_text("f.yaml", fine), &at)
                .unwrap();
        let (_, errors): (Outer, _) = params(&doc.get("params").unwrap(), "params", &at).unwrap();
        assert!(errors.is_empty());
    }

    #[test]
    fn the_schema_declares_the_constants_the_kinds_use() {
        let schema = serde_json::to_value(
            schemars::gen::SchemaSettings::draft07()
                .into_generator()
                .into_root_schema_for::<super::super::rounding::Raw>(),
        )
        .unwrap();
        let max = schema["properties"]["max_n"]["maximum"].as_f64().unwrap();
        assert_eq!(max, super::super::rounding::MAX_N as f64);
    }
    use super::*;

    #[test]
    fn markdown_specials_are_escaped() {
        assert_eq!(md("x^4 + 0.8*y^4 - x*y"), "x^4 + 0.8\\*y^4 - x\\*y");
        let html = crate::markdown::inline(&md("a*b*c <b> $x$"));
        assert_eq!(html, "a*b*c &lt;b&gt; $x$");
    }

    #[test]
    fn numbers_read_well() {
        assert_eq!(num(0.567143290409), "0.5671");
        assert_eq!(num_precise(0.567143290409), "0.567143");
        // Rounding decides the form: 9.99996e-5 is 1e-4 at four digits, 999,999.7 is 1e6.
        assert_eq!(num(9.99996e-5), "0.0001");
        assert_eq!(num(999_999.7), "1e6");
        assert_eq!(num(0.97493036), "0.9749");
        assert_eq!(num(133.048), "133");
        assert_eq!(num(-0.0311457), "−0.03115");
        assert_eq!(num(277.6), "277.6");
        assert_eq!(num(2.0), "2");
        assert_eq!(num(1.5e-9), "1.5e-9");
        assert_eq!(num(-3.2e12), "−3.2e12");
        assert_eq!(num(f64::INFINITY), "inf");
        assert_eq!(point(&[4.0, 4.0]), "(4, 4)");
    }
}
