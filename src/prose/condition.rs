//! A claim's condition: its form, checked when the spec is checked, and its value over the
//! results, computed here rather than by tera's renderer.
//!
//! A claim is shown as ✓ or ✗, so its condition must be true or false by its form: a
//! comparison (`a < b`, `a == "x"`), `and`/`or`/`not` of conditions, a result that is true
//! or false (`gd.converged`), or an `in` test (`3 in trials[2].epochs`). A constant
//! (`42`, `"always"`, `1 < 2`) is refused, and so is a division by the constant 0.
//!
//! Evaluation reads each name from the results: a field the results do not have is the
//! spec's mistake (named, with the names that exist and the closest one); an index past the
//! end of a list is a claim that does not hold for these results (a run with fewer cases).
//! A division by zero, an operation that is not a number (∞ − ∞) and a comparison with NaN
//! (a diverged run) make the claim undecidable: it does not hold, and the reason names the
//! operands. `and` and `or` are three-valued, so `x > 1 and y` is false when `y` is false
//! whatever `x` is. Filters and `range` run through the same budgets as prose.

use super::{refuse, ProseError};
use serde_json::Value;
use std::collections::HashMap;
use tera::ast::{Expr, ExprVal, FunctionCall, LogicOperator, MathOperator};

/// What a condition should be, said in errors about its form.
pub const BOOLEAN: &str = "true or false by its form: a comparison (`newton.iterations < 10`), \
     `and`/`or`/`not` of comparisons, a result that is true or false (`gd.converged`), or an \
     `in` test (`\"climbs\" in runs[4].reason`)";

/// Checks that `e`, a parsed condition, is a boolean condition over the results.
pub fn check_form(e: &Expr) -> Result<(), ProseError> {
    boolean(e)
}

fn not_boolean(e: &Expr, what: &str) -> ProseError {
    refuse(
        format!("the condition `{}` is {what}, not true or false", show(e)),
        BOOLEAN,
    )
}

fn boolean(e: &Expr) -> Result<(), ProseError> {
    if !e.filters.is_empty() {
        return Err(not_boolean(e, "a value passed through filters"));
    }
    match &e.val {
        ExprVal::Logic(l) => match l.operator {
            LogicOperator::And | LogicOperator::Or => {
                boolean(&l.lhs)?;
                boolean(&l.rhs)
            }
            _ => {
                operand(&l.lhs)?;
                operand(&l.rhs)?;
                reads_results(e)
            }
        },
        ExprVal::In(i) => {
            operand(&i.lhs)?;
            operand(&i.rhs)?;
            reads_results(e)
        }
        ExprVal::Ident(_) => Ok(()),
        ExprVal::Int(_) | ExprVal::Float(_) => Err(not_boolean(e, "a number")),
        ExprVal::String(_) | ExprVal::StringConcat(_) => Err(not_boolean(e, "a text")),
        ExprVal::Bool(_) => Err(not_boolean(e, "a constant")),
        ExprVal::Math(_) => Err(not_boolean(e, "a number (a calculation)")),
        ExprVal::Array(_) => Err(not_boolean(e, "a list")),
        ExprVal::FunctionCall(_) => Err(not_boolean(e, "a function's value")),
        ExprVal::Test(_) => Err(refuse(
            format!("the condition `{}` is a tera test (`is …`)", show(e)),
            BOOLEAN,
        )),
        ExprVal::MacroCall(_) => Err(not_boolean(e, "a macro call")),
    }
}

/// A value compared or tested: no condition inside it, no division by a constant 0.
fn operand(e: &Expr) -> Result<(), ProseError> {
    if e.negated {
        return Err(refuse(
            format!("`not` is applied to the value `{}`", show_val(&e.val)),
            "`not` before a condition: `not gd.converged`, `not (a < b)`",
        ));
    }
    for f in &e.filters {
        f.args.values().try_for_each(operand)?;
    }
    match &e.val {
        ExprVal::Logic(_) | ExprVal::In(_) | ExprVal::Test(_) => Err(refuse(
            format!("the condition `{}` is used as a value", show(e)),
            "values on both sides of a comparison; conditions joined by `and`, `or`",
        )),
        ExprVal::Math(m) => {
            operand(&m.lhs)?;
            operand(&m.rhs)?;
            let zero = match m.rhs.val {
                ExprVal::Int(0) => m.rhs.filters.is_empty(),
                ExprVal::Float(f) => f == 0.0 && m.rhs.filters.is_empty(),
                _ => false,
            };
            if zero && matches!(m.operator, MathOperator::Div | MathOperator::Modulo) {
                return Err(refuse(
                    format!("`{}` divides by the constant 0", show(e)),
                    "a divisor that can be other than 0",
                ));
            }
            Ok(())
        }
        ExprVal::Array(items) => items.iter().try_for_each(operand),
        ExprVal::FunctionCall(f) => f.args.values().try_for_each(operand),
        _ => Ok(()),
    }
}

/// A comparison or test must read at least one result: `1 < 2` is a constant.
fn reads_results(e: &Expr) -> Result<(), ProseError> {
    let mut names = Vec::new();
    super::idents_expr(e, &mut names);
    if names.is_empty() {
        return Err(refuse(
            format!(
                "the condition `{}` compares constants only: it never reads the results",
                show(e)
            ),
            "a comparison with at least one name from the results (see results.json)",
        ));
    }
    Ok(())
}

/// An expression as a reader wrote it (near enough): for messages.
pub fn show(e: &Expr) -> String {
    let mut s = show_val(&e.val);
    for f in &e.filters {
        s = format!("{s} | {}", call_text(f));
    }
    if e.negated {
        s = format!("not {s}");
    }
    s
}

/// The value part of an expression, without its filters and `not`.
fn show_val(v: &ExprVal) -> String {
    match v {
        ExprVal::String(v) => format!("{v:?}"),
        ExprVal::Int(v) => v.to_string(),
        ExprVal::Float(v) => format!("{v}"),
        ExprVal::Bool(v) => v.to_string(),
        ExprVal::Ident(v) => v.clone(),
        ExprVal::Math(m) => format!("{} {} {}", inner(&m.lhs), m.operator, inner(&m.rhs)),
        ExprVal::Logic(l) => format!("{} {} {}", inner(&l.lhs), l.operator, inner(&l.rhs)),
        ExprVal::In(i) => format!(
            "{} {}in {}",
            inner(&i.lhs),
            if i.negated { "not " } else { "" },
            inner(&i.rhs)
        ),
        ExprVal::Test(t) => format!("{} is {}", t.ident, t.name),
        ExprVal::Array(items) => format!(
            "[{}]",
            items.iter().map(show).collect::<Vec<_>>().join(", ")
        ),
        ExprVal::StringConcat(c) => c
            .values
            .iter()
            .map(show_val)
            .collect::<Vec<_>>()
            .join(" ~ "),
        ExprVal::FunctionCall(f) => call_text(f),
        ExprVal::MacroCall(m) => format!("{}::{}(…)", m.namespace, m.name),
    }
}

/// A sub-expression inside a larger one, in parentheses when it has parts.
fn inner(e: &Expr) -> String {
    let s = show(e);
    let compound = matches!(e.val, ExprVal::Math(_) | ExprVal::Logic(_) | ExprVal::In(_))
        || !e.filters.is_empty()
        || e.negated;
    if compound {
        format!("({s})")
    } else {
        s
    }
}

fn call_text(f: &FunctionCall) -> String {
    if f.args.is_empty() {
        return f.name.clone();
    }
    let mut args: Vec<(&String, &Expr)> = f.args.iter().collect();
    args.sort_by(|a, b| a.0.cmp(b.0));
    let args: Vec<String> = args
        .into_iter()
        .map(|(k, v)| format!("{k}={}", show(v)))
        .collect();
    format!("{}({})", f.name, args.join(", "))
}

/// A value during evaluation: JSON, except that a computed number may be infinite.
#[derive(Debug, Clone, PartialEq)]
pub enum V {
    /// NaN in the results (JSON has no NaN: a diverged value is `null`).
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    /// A list or an object.
    Json(Value),
}

impl V {
    fn from_json(v: &Value) -> V {
        match v {
            Value::Null => V::Null,
            Value::Bool(b) => V::Bool(*b),
            Value::Number(n) => match n.as_i64() {
                Some(i) => V::Int(i),
                None => V::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            Value::String(s) => V::Str(s.clone()),
            other => V::Json(other.clone()),
        }
    }

    fn to_json(&self) -> Option<Value> {
        Some(match self {
            V::Null => Value::Null,
            V::Bool(b) => Value::Bool(*b),
            V::Int(i) => Value::from(*i),
            V::Float(f) => Value::Number(serde_json::Number::from_f64(*f)?),
            V::Str(s) => Value::String(s.clone()),
            V::Json(v) => v.clone(),
        })
    }

    fn number(&self) -> Option<f64> {
        match self {
            V::Int(i) => Some(*i as f64),
            V::Float(f) => Some(*f),
            _ => None,
        }
    }

    /// What kind of value this is, for messages.
    fn kind(&self) -> String {
        match self {
            V::Null => "NaN".into(),
            V::Bool(b) => format!("{b}"),
            V::Int(_) | V::Float(_) => format!("a number ({})", self.text()),
            V::Str(s) => format!("a text ({s:?})"),
            V::Json(Value::Array(a)) => format!("a list of {} values", a.len()),
            V::Json(_) => "a group of results".into(),
        }
    }

    /// The value as the report shows it beside a condition.
    pub fn text(&self) -> String {
        match self {
            V::Null => "NaN".into(),
            V::Bool(b) => b.to_string(),
            V::Int(i) => i.to_string(),
            V::Float(x) if x.is_infinite() => if *x > 0.0 { "inf" } else { "-inf" }.into(),
            V::Float(x) => super::shown_value(&Value::from(*x)),
            V::Str(s) => s.clone(),
            V::Json(v) => super::shown_value(v),
        }
    }
}

/// Why an evaluation stopped short of true or false.
#[derive(Debug, Clone, PartialEq)]
pub enum Stop {
    /// The results cannot decide it (a division by zero, NaN): the claim does not hold.
    Undecidable(String),
    /// An index past the end of a list of these results: the claim does not hold.
    Missing(String),
    /// The spec's mistake: an unknown name, a text used as a number, a budget exceeded.
    Wrong(ProseError),
}

type R<T> = Result<T, Stop>;

fn wrong(message: String, expected: &str) -> Stop {
    Stop::Wrong(refuse(message, expected))
}

/// Evaluates conditions over one run's results.
pub struct Eval<'a> {
    ctx: &'a tera::Context,
    tera: tera::Tera,
}

impl<'a> Eval<'a> {
    pub fn new(ctx: &'a tera::Context) -> Eval<'a> {
        Eval {
            ctx,
            tera: super::engine(Default::default()),
        }
    }

    /// The value a name (`trials[2].gd.iterations`, `std_last["tanh"]`) has in the results.
    pub fn lookup(&self, name: &str) -> R<V> {
        let segments = segments(name).ok_or_else(|| {
            wrong(
                format!("`{name}` is not a name tera can read"),
                "names such as `newton.x`, `runs[2].iterations` or `std_last[\"tanh\"]`",
            )
        })?;
        let Some((Seg::Key(root), rest)) = segments.split_first() else {
            return Err(wrong(
                format!("`{name}` does not start with a name"),
                "names such as `newton.x`",
            ));
        };
        let mut here: &Value = match self.ctx.get(root) {
            Some(v) => v,
            None => {
                let keys = self
                    .ctx
                    .clone()
                    .into_json()
                    .as_object()
                    .map(|m| m.keys().cloned().collect::<Vec<_>>())
                    .unwrap_or_default();
                return Err(unknown(name, root, "", &keys));
            }
        };
        let mut walked = root.clone();
        for seg in rest {
            let key = match seg {
                Seg::Key(k) => k.clone(),
                Seg::Name(inner) => match self.lookup(inner)? {
                    V::Str(s) => s,
                    V::Int(i) if i >= 0 => i.to_string(),
                    other => {
                        return Err(wrong(
                            format!("`{name}` indexes with `{inner}`, which is {}", other.kind()),
                            "an index that is a whole number ≥ 0 or a text",
                        ))
                    }
                },
            };
            here = match here {
                Value::Object(m) => match m.get(&key) {
                    Some(v) => v,
                    None => {
                        let keys: Vec<String> = m.keys().cloned().collect();
                        return Err(unknown(name, &key, &walked, &keys));
                    }
                },
                Value::Array(a) => match key.parse::<usize>() {
                    Ok(i) => match a.get(i) {
                        Some(v) => v,
                        None => return Err(Stop::Missing(name.to_string())),
                    },
                    Err(_) => {
                        return Err(wrong(
                            format!(
                                "reads `{name}`, but `{walked}` is a list of {} values, not a group of named results",
                                a.len()
                            ),
                            &format!("an index such as `{walked}[0]`"),
                        ))
                    }
                },
                other => {
                    return Err(wrong(
                        format!(
                            "reads `{name}`, but `{walked}` is {}, which has no parts",
                            V::from_json(other).kind()
                        ),
                        &format!("`{walked}` itself"),
                    ))
                }
            };
            walked = format!("{walked}.{key}");
        }
        Ok(V::from_json(here))
    }

    /// Whether a condition holds.
    pub fn truth(&self, e: &Expr) -> R<bool> {
        let b = if e.filters.is_empty() {
            self.truth_val(e)?
        } else {
            let v = self.value_plain(e)?;
            self.as_bool(e, v)?
        };
        Ok(b != e.negated)
    }

    /// Whether the value part of `e` holds (its filters and `not` aside).
    fn truth_val(&self, e: &Expr) -> R<bool> {
        match &e.val {
            ExprVal::Logic(l) if matches!(l.operator, LogicOperator::And | LogicOperator::Or) => {
                let and = l.operator == LogicOperator::And;
                // Both sides always: a mistake on the right is found whatever the left is.
                let (a, b) = (self.truth(&l.lhs), self.truth(&l.rhs));
                for side in [&a, &b] {
                    if let Err(s @ (Stop::Wrong(_) | Stop::Missing(_))) = side {
                        return Err(s.clone());
                    }
                }
                match (a, b) {
                    (Ok(x), Ok(y)) => Ok(if and { x && y } else { x || y }),
                    // Three-valued: one side decides when it is false (and) or true (or).
                    (Ok(x), Err(u)) | (Err(u), Ok(x)) => {
                        if x != and {
                            Ok(x)
                        } else {
                            Err(u)
                        }
                    }
                    (Err(u), Err(_)) => Err(u),
                }
            }
            ExprVal::Logic(l) => self.compare(e, l.operator, &l.lhs, &l.rhs),
            ExprVal::In(i) => {
                let (needle, hay) = (self.value(&i.lhs)?, self.value(&i.rhs)?);
                for (side, v) in [(&i.lhs, &needle), (&i.rhs, &hay)] {
                    if *v == V::Null {
                        return Err(Stop::Undecidable(format!(
                            "`{}` tests NaN: `{}` = NaN",
                            show_val(&e.val),
                            show(side)
                        )));
                    }
                }
                let found =
                    match (&needle, &hay) {
                        (V::Str(n), V::Str(h)) => h.contains(n.as_str()),
                        (n, V::Json(Value::Array(items))) => {
                            items.iter().any(|x| equal(n, &V::from_json(x)))
                        }
                        (V::Str(n), V::Json(Value::Object(m))) => m.contains_key(n),
                        (n, h) => return Err(wrong(
                            format!(
                                "`{}` looks for {} in {}",
                                show_val(&e.val),
                                n.kind(),
                                h.kind()
                            ),
                            "a text in a text, a value in a list, or a name in a group of results",
                        )),
                    };
                Ok(found != i.negated)
            }
            _ => {
                let v = self.base(e)?;
                self.as_bool(e, v)
            }
        }
    }

    /// `v`, the value of `e` without its `not`, as true or false.
    fn as_bool(&self, e: &Expr, v: V) -> R<bool> {
        let mut shown = show_val(&e.val);
        for f in &e.filters {
            shown = format!("{shown} | {}", call_text(f));
        }
        match v {
            V::Bool(b) => Ok(b),
            V::Null => Err(Stop::Undecidable(format!("`{shown}` is NaN"))),
            other => Err(wrong(
                format!(
                    "reads `{shown}` as true or false, but it is {}",
                    other.kind()
                ),
                &format!("a comparison such as `{shown} > 0`, or a result that is true or false"),
            )),
        }
    }

    fn compare(&self, e: &Expr, op: LogicOperator, lhs: &Expr, rhs: &Expr) -> R<bool> {
        let (l, r) = (self.value(lhs)?, self.value(rhs)?);
        let whole = show_val(&e.val);
        for (side, v) in [(lhs, &l), (rhs, &r)] {
            if *v == V::Null {
                return Err(Stop::Undecidable(format!(
                    "`{whole}` compares NaN: `{}` = NaN",
                    show(side)
                )));
            }
        }
        match op {
            LogicOperator::Eq => Ok(equal(&l, &r)),
            LogicOperator::NotEq => Ok(!equal(&l, &r)),
            _ => {
                let (Some(a), Some(b)) = (l.number(), r.number()) else {
                    return Err(wrong(
                        format!(
                            "`{whole}` orders {} and {} (`<`, `>` compare numbers)",
                            l.kind(),
                            r.kind()
                        ),
                        "numbers on both sides of `<`, `<=`, `>`, `>=`; `==` for texts",
                    ));
                };
                // Two whole numbers compare exactly, whatever their size.
                let ord = match (&l, &r) {
                    (V::Int(x), V::Int(y)) => x.partial_cmp(y),
                    _ => a.partial_cmp(&b),
                };
                let Some(ord) = ord else {
                    return Err(Stop::Undecidable(format!("`{whole}` compares NaN")));
                };
                Ok(match op {
                    LogicOperator::Lt => ord.is_lt(),
                    LogicOperator::Lte => ord.is_le(),
                    LogicOperator::Gt => ord.is_gt(),
                    _ => ord.is_ge(),
                })
            }
        }
    }

    /// The value of an expression.
    pub fn value(&self, e: &Expr) -> R<V> {
        let v = self.value_plain(e)?;
        if e.negated {
            return Ok(V::Bool(!self.as_bool(e, v)?));
        }
        Ok(v)
    }

    /// The value of `e` through its filters, without its `not`.
    fn value_plain(&self, e: &Expr) -> R<V> {
        let mut v = self.base(e)?;
        for f in &e.filters {
            v = self.filter(e, v, f)?;
        }
        Ok(v)
    }

    /// The value of the value part of `e` (its filters and `not` aside).
    fn base(&self, e: &Expr) -> R<V> {
        Ok(match &e.val {
            ExprVal::String(s) => V::Str(s.clone()),
            ExprVal::Int(i) => V::Int(*i),
            ExprVal::Float(f) => V::Float(*f),
            ExprVal::Bool(b) => V::Bool(*b),
            ExprVal::Ident(name) => self.lookup(name)?,
            ExprVal::Math(m) => self.math(e, m.operator, &m.lhs, &m.rhs)?,
            ExprVal::Logic(_) | ExprVal::In(_) => V::Bool(self.truth_val(e)?),
            ExprVal::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    let x = self.value(item)?;
                    out.push(self.json(item, &x, "a list")?);
                }
                V::Json(Value::Array(out))
            }
            ExprVal::StringConcat(c) => {
                let mut s = String::new();
                for part in &c.values {
                    let v = match part {
                        ExprVal::Ident(name) => self.lookup(name)?,
                        ExprVal::String(t) => V::Str(t.clone()),
                        ExprVal::Int(i) => V::Int(*i),
                        ExprVal::Float(f) => V::Float(*f),
                        ExprVal::FunctionCall(f) => self.call(f)?,
                        other => {
                            return Err(wrong(
                                format!("`{}` cannot be joined with `~`", show_val(other)),
                                "texts and numbers joined with `~`",
                            ))
                        }
                    };
                    match v {
                        V::Str(t) => s.push_str(&t),
                        n @ (V::Int(_) | V::Float(_)) => s.push_str(&n.text()),
                        other => {
                            return Err(wrong(
                                format!("`{}` joins {} with `~`", show_val(part), other.kind()),
                                "texts and numbers joined with `~`",
                            ))
                        }
                    }
                    if s.len() > super::BUILD_BUDGET {
                        return Err(wrong(
                            format!(
                                "`{}` builds more than {} MB of text",
                                show_val(&e.val),
                                super::BUILD_BUDGET >> 20
                            ),
                            "a shorter text",
                        ));
                    }
                }
                V::Str(s)
            }
            ExprVal::FunctionCall(f) => self.call(f)?,
            ExprVal::Test(_) | ExprVal::MacroCall(_) => {
                return Err(wrong(
                    format!("`{}` has no value in a condition", show_val(&e.val)),
                    BOOLEAN,
                ))
            }
        })
    }

    fn call(&self, f: &FunctionCall) -> R<V> {
        let args = self.args(f)?;
        let function = self.tera.get_function(&f.name).map_err(|_| {
            wrong(
                format!("a condition cannot call `{}`", f.name),
                "the functions prose may use",
            )
        })?;
        let out = function.call(&args).map_err(|err| {
            wrong(
                crate::render::tera_message(&err),
                "a `range` of at most 100000 numbers",
            )
        })?;
        Ok(V::from_json(&out))
    }

    fn args(&self, f: &FunctionCall) -> R<HashMap<String, Value>> {
        let mut args = HashMap::new();
        for (k, a) in &f.args {
            let v = self.value(a)?;
            args.insert(k.clone(), self.json(a, &v, &f.name)?);
        }
        Ok(args)
    }

    /// A value as JSON for a filter or a list; an infinite number has no JSON form.
    fn json(&self, e: &Expr, v: &V, what: &str) -> R<Value> {
        v.to_json().ok_or_else(|| {
            Stop::Undecidable(format!(
                "`{}` is {}, which {what} cannot hold",
                show(e),
                v.text()
            ))
        })
    }

    fn filter(&self, e: &Expr, v: V, f: &FunctionCall) -> R<V> {
        match (f.name.as_str(), &v) {
            ("safe", _) => return Ok(v),
            ("default", V::Null) => {
                return Ok(match f.args.get("value") {
                    Some(d) => self.value(d)?,
                    None => V::Null,
                })
            }
            ("default", _) => return Ok(v),
            ("abs", V::Int(i)) => {
                return Ok(i.checked_abs().map_or(V::Float((*i as f64).abs()), V::Int))
            }
            ("abs", V::Float(x)) => return Ok(V::Float(x.abs())),
            (_, V::Null)
                if matches!(f.name.as_str(), "abs" | "round" | "int" | "float" | "num") =>
            {
                return Err(Stop::Undecidable(format!("`{}` is NaN", show_val(&e.val))))
            }
            _ => {}
        }
        let input = self.json(e, &v, &format!("the filter `{}`", f.name))?;
        let args = self.args(f)?;
        let filter = self.tera.get_filter(&f.name).map_err(|_| {
            wrong(
                format!("a condition cannot use the filter `{}`", f.name),
                "the filters prose may use",
            )
        })?;
        let out = filter.filter(&input, &args).map_err(|err| {
            wrong(
                format!(
                    "the filter `{}` fails on `{}`: {}",
                    f.name,
                    show_val(&e.val),
                    crate::render::tera_message(&err)
                ),
                "a filter that fits the value (`| abs` and `| round` for numbers, `| length` for lists and texts)",
            )
        })?;
        Ok(V::from_json(&out))
    }

    fn math(&self, e: &Expr, op: MathOperator, lhs: &Expr, rhs: &Expr) -> R<V> {
        let (l, r) = (self.value(lhs)?, self.value(rhs)?);
        let whole = show_val(&e.val);
        for (side, v) in [(lhs, &l), (rhs, &r)] {
            match v {
                V::Int(_) | V::Float(_) => {}
                V::Null => {
                    return Err(Stop::Undecidable(format!(
                        "`{whole}` computes with NaN: `{}` = NaN",
                        show(side)
                    )))
                }
                other => {
                    return Err(wrong(
                        format!(
                            "`{whole}` computes with `{}`, which is {}",
                            show(side),
                            other.kind()
                        ),
                        "numbers in `+`, `-`, `*`, `/` and `%`",
                    ))
                }
            }
        }
        let (a, b) = (
            l.number().unwrap_or(f64::NAN),
            r.number().unwrap_or(f64::NAN),
        );
        if b == 0.0 && matches!(op, MathOperator::Div | MathOperator::Modulo) {
            return Err(Stop::Undecidable(format!(
                "`{whole}` divides by zero: `{}` = 0",
                show(rhs)
            )));
        }
        let ints = match (&l, &r) {
            (V::Int(x), V::Int(y)) => Some((*x, *y)),
            _ => None,
        };
        let exact = ints.and_then(|(x, y)| match op {
            MathOperator::Add => x.checked_add(y),
            MathOperator::Sub => x.checked_sub(y),
            MathOperator::Mul => x.checked_mul(y),
            MathOperator::Modulo => x.checked_rem(y),
            MathOperator::Div => None,
        });
        if let Some(i) = exact {
            return Ok(V::Int(i));
        }
        let x = match op {
            MathOperator::Add => a + b,
            MathOperator::Sub => a - b,
            MathOperator::Mul => a * b,
            MathOperator::Div => a / b,
            MathOperator::Modulo => a % b,
        };
        if x.is_nan() {
            return Err(Stop::Undecidable(format!(
                "`{whole}` is not a number: {} {op} {}",
                l.text(),
                r.text()
            )));
        }
        Ok(V::Float(x))
    }
}

/// `==` as tera has it: numbers by value, other values of one type by content, values of
/// two types never equal.
fn equal(a: &V, b: &V) -> bool {
    match (a, b) {
        (V::Int(x), V::Int(y)) => x == y,
        (x, y) if x.number().is_some() && y.number().is_some() => x.number() == y.number(),
        (V::Json(x), V::Json(y)) => x == y,
        (x, y) => x == y,
    }
}

/// "reads `newton.iteratons`, which this run's results do not have; they have: …".
fn unknown(name: &str, key: &str, parent: &str, keys: &[String]) -> Stop {
    let full = |k: &str| {
        if parent.is_empty() {
            k.to_string()
        } else {
            format!("{parent}.{k}")
        }
    };
    let mut sorted: Vec<&String> = keys.iter().collect();
    sorted.sort();
    const SHOWN: usize = 12;
    let mut have: Vec<String> = sorted
        .iter()
        .take(SHOWN)
        .map(|k| format!("`{}`", full(k)))
        .collect();
    if sorted.len() > SHOWN {
        have.push(format!("… ({} more)", sorted.len() - SHOWN));
    }
    let have = if have.is_empty() {
        "none".to_string()
    } else {
        have.join(", ")
    };
    let closest = crate::error::suggest(key, keys.iter().map(String::as_str)).map(|s| full(&s));
    let mut e = refuse(
        format!("reads `{name}`, which this run's results do not have; they have: {have}"),
        "names from this run's results (results.json beside the report lists them)",
    );
    e.suggestion = closest;
    Stop::Wrong(e)
}

/// One step of a name.
#[derive(Debug, Clone, PartialEq)]
enum Seg {
    /// `.b`, `["b"]`, `[0]`, `.0`.
    Key(String),
    /// `[other.name]`: the value of another name.
    Name(String),
}

/// `a.b[0]["c d"][e.f]` → its steps; `None` for text tera would not read as a name.
fn segments(name: &str) -> Option<Vec<Seg>> {
    let chars: Vec<char> = name.chars().collect();
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = Vec::new();
    let mut i = 0;
    let mut expect_key = true;
    while i < chars.len() {
        match chars[i] {
            '.' if !expect_key => {
                i += 1;
                expect_key = true;
            }
            '[' => {
                let close = chars[i..].iter().position(|&c| c == ']')? + i;
                let inside: String = chars[i + 1..close].iter().collect();
                let inside = inside.trim();
                let quoted = inside.len() >= 2
                    && ['"', '\'', '`']
                        .iter()
                        .any(|q| inside.starts_with(*q) && inside.ends_with(*q));
                if quoted {
                    out.push(Seg::Key(inside[1..inside.len() - 1].to_string()));
                } else if inside.chars().all(|c| c.is_ascii_digit()) && !inside.is_empty() {
                    out.push(Seg::Key(inside.to_string()));
                } else if !inside.is_empty() {
                    out.push(Seg::Name(inside.to_string()));
                } else {
                    return None;
                }
                i = close + 1;
                expect_key = false;
            }
            c if word(c) && expect_key => {
                let start = i;
                while i < chars.len() && word(chars[i]) {
                    i += 1;
                }
                out.push(Seg::Key(chars[start..i].iter().collect()));
                expect_key = false;
            }
            _ => return None,
        }
    }
    (!out.is_empty() && !expect_key).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_into_steps() {
        assert_eq!(
            segments("a.b[0][\"c d\"][e.f].g"),
            Some(vec![
                Seg::Key("a".into()),
                Seg::Key("b".into()),
                Seg::Key("0".into()),
                Seg::Key("c d".into()),
                Seg::Name("e.f".into()),
                Seg::Key("g".into()),
            ])
        );
        assert_eq!(segments("runs.0.x").map(|s| s.len()), Some(3));
        assert_eq!(segments("a..b"), None);
        assert_eq!(segments("a["), None);
    }
}
