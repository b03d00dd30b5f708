//! Prose templates in a sandbox: the tera a report's prose is rendered with.
//!
//! A prose section is a user's text that becomes part of a report a student hands in, so it
//! may only read the run's results: no environment (`get_env`), no other templates
//! (`include`, `extends`, `import`), no macros (recursion), and work that cannot run away.
//! [`check`] refuses the rest when the spec is checked, with the line and column of the
//! text; [`render`] enforces the budgets while rendering. Each section (and each claim's
//! condition) has its own:
//!
//! - [`RANGE_BUDGET`] numbers from all its `range(...)` calls;
//! - [`ITERATION_BUDGET`] loop iterations, nested loops counted in full: loops over literal
//!   ranges are multiplied out when the spec is checked, every other loop counts its
//!   iterations while it renders;
//! - [`BUILD_BUDGET`] bytes built by filters (`replace`, `join`, `concat`, `split`, …),
//!   counted before the filter runs where its output can outgrow its input; a `~` or a
//!   `[…]` list may not take a value made by `{% set %}`, so nothing doubles from itself;
//! - [`OUTPUT_BUDGET`] bytes of output.
//!
//! A claim's condition is checked for its form and evaluated by [`condition`].

mod condition;

use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tera::ast::{Expr, ExprVal, FunctionCall, Node};

/// Filters a prose template may use: formatting and reading values, nothing that reaches
/// outside the results.
pub const FILTERS: &[&str] = &[
    "num",
    "round",
    "abs",
    "length",
    "first",
    "last",
    "nth",
    "join",
    "default",
    "upper",
    "lower",
    "capitalize",
    "title",
    "trim",
    "truncate",
    "replace",
    "int",
    "float",
    "as_str",
    "reverse",
    "sort",
    "unique",
    "slice",
    "get",
    "filter",
    "map",
    "concat",
    "escape",
    "safe",
    "pluralize",
    "wordcount",
    "split",
    "json_encode",
];

/// Functions a prose template may call.
pub const FUNCTIONS: &[&str] = &["range"];

/// Deepest nesting of `{% for %}` loops.
pub const MAX_LOOP_DEPTH: usize = 2;
/// Most elements all `range(...)` calls of one section may produce together.
pub const RANGE_BUDGET: usize = 100_000;
/// Most loop iterations one section may run, nested loops counted in full.
pub const ITERATION_BUDGET: usize = 1_000_000;
/// Most bytes the filters of one section (or condition) may build together: 16 MiB.
pub const BUILD_BUDGET: usize = 16 << 20;
/// Most bytes one section may render to.
pub const OUTPUT_BUDGET: usize = 1 << 20;
/// Deepest nesting of brackets in a template or condition (the parser recurses on them).
pub const MAX_NESTING: usize = 64;

/// Why a prose template is refused or failed to render.
#[derive(Debug, Clone, PartialEq)]
pub struct ProseError {
    pub message: String,
    pub expected: String,
    /// The closest name that exists, when a name does not.
    pub suggestion: Option<String>,
    /// Line and column (1-based) in the template's text, when known.
    pub pos: Option<(usize, usize)>,
}

fn refuse(message: String, expected: &str) -> ProseError {
    ProseError {
        message,
        expected: expected.to_string(),
        suggestion: None,
        pos: None,
    }
}

impl std::fmt::Display for ProseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// What one section or condition has used of its budgets.
#[derive(Debug, Default)]
struct Budget {
    range: AtomicUsize,
    built: AtomicUsize,
    iterations: AtomicUsize,
}

/// The function every loop body calls first (a name no template can write).
const TICK: &str = "loop iteration";

/// Bytes a value takes as JSON text, near enough (numbers at their longest).
fn size(v: &Value) -> usize {
    match v {
        Value::Null | Value::Bool(_) => 5,
        Value::Number(_) => 24,
        Value::String(s) => s.len() + 2,
        Value::Array(a) => 2 + a.iter().map(|x| size(x) + 1).sum::<usize>(),
        Value::Object(m) => 2 + m.iter().map(|(k, x)| k.len() + 4 + size(x)).sum::<usize>(),
    }
}

/// Bytes a filter may build from `v`, known before it runs where its output can outgrow
/// its input (`None`: counted from its output).
fn growth(name: &str, v: &Value, args: &HashMap<String, Value>) -> Option<usize> {
    let arg = |k: &str| args.get(k).and_then(Value::as_str).unwrap_or("");
    let text = v.as_str().unwrap_or("");
    let occurrences = |pat: &str| {
        if pat.is_empty() {
            text.chars().count() + 1
        } else {
            text.matches(pat).count()
        }
    };
    Some(match name {
        "replace" => text.len() + occurrences(arg("from")) * arg("to").len(),
        "join" => v.as_array().map_or(0, |a| {
            a.iter().map(size).sum::<usize>() + a.len() * arg("sep").len()
        }),
        // Each piece is a value of its own.
        "split" => text.len() + (occurrences(arg("pat")) + 2) * 32,
        "concat" => size(v) + args.get("with").map_or(0, size),
        "truncate" | "pluralize" | "default" => size(v) + args.values().map(size).sum::<usize>(),
        "escape" | "json_encode" => 6 * size(v),
        "upper" | "lower" | "capitalize" | "title" | "as_str" => 3 * size(v),
        _ => return None,
    })
}

/// A filter whose output counts against the section's [`BUILD_BUDGET`].
struct Budgeted {
    name: String,
    inner: Arc<dyn tera::Filter>,
    budget: Arc<Budget>,
}

impl Budgeted {
    fn charge(&self, bytes: usize) -> tera::Result<()> {
        let before = self.budget.built.fetch_add(bytes, Ordering::Relaxed);
        if before.saturating_add(bytes) > BUILD_BUDGET {
            return Err(format!(
                "`{}` would build more than {} MB of values in this section (the filters of a section build at most {} MB together)",
                self.name,
                BUILD_BUDGET >> 20,
                BUILD_BUDGET >> 20
            )
            .into());
        }
        Ok(())
    }
}

impl tera::Filter for Budgeted {
    fn filter(&self, v: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let before = growth(&self.name, v, args);
        if let Some(bytes) = before {
            self.charge(bytes)?;
        }
        let out = self.inner.filter(v, args)?;
        if before.is_none() {
            self.charge(size(&out))?;
        }
        Ok(out)
    }
    fn is_safe(&self) -> bool {
        self.inner.is_safe()
    }
}

/// A tera with the sandbox's filters (each counted against `budget`), `range` (counted)
/// and the loop counter.
fn engine(budget: Arc<Budget>) -> tera::Tera {
    let mut tera = tera::Tera::default();
    tera.register_filter("num", num_filter);
    let filters: Vec<(&str, Arc<dyn tera::Filter>)> = FILTERS
        .iter()
        .filter_map(|&name| tera.filters.get(name).map(|f| (name, f.clone())))
        .collect();
    for (name, inner) in filters {
        tera.register_filter(
            name,
            Budgeted {
                name: name.to_string(),
                inner,
                budget: budget.clone(),
            },
        );
    }
    tera.register_function(
        "get_env",
        |_: &HashMap<String, Value>| -> tera::Result<Value> {
            Err("`get_env` is not available in prose".into())
        },
    );
    let ranges = budget.clone();
    tera.register_function(
        "range",
        move |args: &HashMap<String, Value>| -> tera::Result<Value> {
            let arg = |k: &str, d: i64| args.get(k).and_then(Value::as_i64).unwrap_or(d);
            let (start, end, step) = (arg("start", 0), arg("end", 0), arg("step_by", 1));
            if step <= 0 {
                return Err("`range` needs `step_by` > 0".into());
            }
            let count = range_count(start, end, step);
            let before = ranges.range.fetch_add(count, Ordering::Relaxed);
            if before.saturating_add(count) > RANGE_BUDGET {
                return Err(format!(
                    "`range` would produce more than {RANGE_BUDGET} numbers in this section"
                )
                .into());
            }
            Ok(json!((0..count as i64)
                .map(|i| start + i * step)
                .collect::<Vec<_>>()))
        },
    );
    tera.register_function(
        TICK,
        move |_: &HashMap<String, Value>| -> tera::Result<Value> {
            let done = budget.iterations.fetch_add(1, Ordering::Relaxed);
            if done >= ITERATION_BUDGET {
                return Err(format!(
                    "the loops of this section ran more than {ITERATION_BUDGET} times"
                )
                .into());
            }
            Ok(Value::String(String::new()))
        },
    );
    tera
}

/// How many numbers `range(start, end, step_by)` gives (`step` > 0).
fn range_count(start: i64, end: i64, step: i64) -> usize {
    if end <= start {
        return 0;
    }
    let span = end as i128 - start as i128;
    ((span + step as i128 - 1) / step as i128).min(usize::MAX as i128) as usize
}

/// Makes every loop body call [`TICK`] first, so that each iteration is counted.
fn count_iterations(list: &mut [Node]) {
    for n in list {
        match n {
            Node::Forloop(_, f, _) => {
                count_iterations(&mut f.body);
                let tick = Expr::new(ExprVal::FunctionCall(FunctionCall {
                    name: TICK.to_string(),
                    args: HashMap::new(),
                }));
                f.body
                    .insert(0, Node::VariableBlock(Default::default(), tick));
                if let Some(e) = &mut f.empty_body {
                    count_iterations(e);
                }
            }
            Node::If(i, _) => {
                for (_, _, body) in &mut i.conditions {
                    count_iterations(body);
                }
                if let Some((_, body)) = &mut i.otherwise {
                    count_iterations(body);
                }
            }
            Node::Block(_, b, _) => count_iterations(&mut b.body),
            Node::FilterSection(_, f, _) => count_iterations(&mut f.body),
            _ => {}
        }
    }
}

/// Line and column (1-based) of character `offset` of `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before: Vec<char> = text.chars().take(offset).collect();
    let line = before.iter().filter(|&&c| c == '\n').count() + 1;
    let col = before.iter().rev().take_while(|&&c| c != '\n').count() + 1;
    (line, col)
}

/// Where the `nth` (0-based) `{% keyword …` tag of `text` starts.
fn tag_position(text: &str, keywords: &[&str], nth: usize) -> Option<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let mut seen = 0;
    let mut i = 0;
    while i + 1 < chars.len() {
        if chars[i] == '{' && chars[i + 1] == '%' {
            let mut j = i + 2;
            if chars.get(j) == Some(&'-') {
                j += 1;
            }
            while chars.get(j).is_some_and(|c| c.is_whitespace()) {
                j += 1;
            }
            let word: String = chars[j..]
                .iter()
                .take_while(|c| c.is_alphanumeric() || **c == '_')
                .collect();
            if keywords.contains(&word.as_str()) {
                if seen == nth {
                    return Some(line_col(text, i));
                }
                seen += 1;
            }
        }
        i += 1;
    }
    None
}

/// Where brackets nest deeper than [`MAX_NESTING`] (outside quotes), if they do.
fn too_deep(text: &str) -> Option<usize> {
    let (mut depth, mut quote) = (0usize, None::<char>);
    for (i, c) in text.chars().enumerate() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '"' | '\'' | '`' => quote = Some(c),
                '(' | '[' | '{' => {
                    depth += 1;
                    if depth > MAX_NESTING {
                        return Some(i);
                    }
                }
                ')' | ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
    }
    None
}

/// Parses a template without loading any other (so `extends` is refused with its place,
/// not reported as a missing parent).
fn parse(text: &str, shift: usize) -> Result<tera::Template, ProseError> {
    if let Some(at) = too_deep(text) {
        let (line, col) = line_col(text, at);
        let col = if line == 1 {
            col.saturating_sub(shift).max(1)
        } else {
            col
        };
        let mut e = refuse(
            format!("brackets nest more than {MAX_NESTING} deep at line {line}, column {col} of the text"),
            "an expression with fewer nested brackets",
        );
        e.pos = Some((line, col));
        return Err(e);
    }
    tera::Template::new("prose", None, text).map_err(|e| {
        let detail = std::error::Error::source(&e)
            .map(|s| s.to_string())
            .unwrap_or_else(|| e.to_string());
        // pest's message: `--> line:col`, the line with a caret, `= expected …`.
        let at = detail
            .lines()
            .find_map(|l| l.trim().strip_prefix("--> "))
            .and_then(|at| at.split_once(':'))
            .and_then(|(l, c)| {
                Some((
                    l.trim().parse::<usize>().ok()?,
                    c.trim().parse::<usize>().ok()?,
                ))
            })
            .map(|(line, col)| {
                (
                    line,
                    if line == 1 {
                        col.saturating_sub(shift).max(1)
                    } else {
                        col
                    },
                )
            });
        let what = detail
            .lines()
            .find_map(|l| l.trim().strip_prefix("= "))
            .unwrap_or("unexpected text");
        let place = match at {
            Some((line, col)) => format!("at line {line}, column {col} of the text"),
            None => "in the text".to_string(),
        };
        let mut err = refuse(
            format!("the prose template does not parse {place}: {what}"),
            "tera syntax: `{{ name.field }}`, `{{ value | num }}`, `{% if … %}…{% endif %}`, \
             `{% for t in trials %}…{% endfor %}`",
        );
        err.pos = at;
        err
    })
}

/// Parses a prose template and refuses what the sandbox does not allow.
pub fn check(text: &str) -> Result<(), ProseError> {
    check_shifted(text, 0).map(|_| ())
}

/// [`check`] of a template whose first line starts `shift` characters before the user's
/// text (a claim's condition inside its `{% if … %}`); gives the parsed template.
fn check_shifted(text: &str, shift: usize) -> Result<tera::Template, ProseError> {
    let template = parse(text, shift)?;
    let mut walk = Walk::new(text, &template.ast);
    if !template.macros.is_empty() || !template.imported_macro_files.is_empty() {
        let mut e = refuse(
            "prose cannot define or import macros".into(),
            "plain text, `{{ … }}` values, `{% if %}` and `{% for %}`",
        );
        e.pos = tag_position(text, &["macro", "import"], 0);
        return Err(e);
    }
    walk.nodes(&template.ast, 1)?;
    Ok(template)
}

/// The check's walk over a template: the names `{% set %}` assigns (and the loop count of
/// those set to a literal `range`), the loops' product so far, and which loop tag is next.
struct Walk<'t> {
    text: &'t str,
    sets: HashMap<String, Option<u128>>,
    loops_seen: usize,
    depth: usize,
}

impl<'t> Walk<'t> {
    fn new(text: &'t str, ast: &[Node]) -> Walk<'t> {
        fn collect(list: &[Node], out: &mut HashMap<String, Option<u128>>) {
            for n in list {
                match n {
                    Node::Set(_, s) => {
                        let count = match &s.value.val {
                            ExprVal::FunctionCall(f)
                                if f.name == "range" && s.value.filters.is_empty() =>
                            {
                                literal_range(f).map(|n| n as u128)
                            }
                            _ => None,
                        };
                        // A name set twice counts as unknown.
                        let slot = out.entry(s.key.clone()).or_insert(count);
                        if *slot != count {
                            *slot = None;
                        }
                    }
                    Node::Forloop(_, f, _) => {
                        collect(&f.body, out);
                        collect(f.empty_body.as_deref().unwrap_or(&[]), out);
                    }
                    Node::If(i, _) => {
                        for (_, _, body) in &i.conditions {
                            collect(body, out);
                        }
                        collect(i.otherwise.as_ref().map_or(&[][..], |o| &o.1), out);
                    }
                    Node::Block(_, b, _) => collect(&b.body, out),
                    Node::FilterSection(_, f, _) => collect(&f.body, out),
                    _ => {}
                }
            }
        }
        let mut sets = HashMap::new();
        collect(ast, &mut sets);
        Walk {
            text,
            sets,
            loops_seen: 0,
            depth: 0,
        }
    }

    fn at(&self, keywords: &[&str], mut e: ProseError) -> ProseError {
        if e.pos.is_none() {
            e.pos = tag_position(self.text, keywords, 0);
        }
        e
    }

    fn nodes(&mut self, list: &[Node], product: u128) -> Result<(), ProseError> {
        for n in list {
            self.node(n, product)?;
        }
        Ok(())
    }

    fn node(&mut self, n: &Node, product: u128) -> Result<(), ProseError> {
        let plain = "plain text, `{{ … }}` values, `{% if %}`, `{% for %}` and `{% set %}`";
        match n {
            Node::Super | Node::Text(_) | Node::Raw(..) | Node::Comment(..) => Ok(()),
            Node::Break(_) | Node::Continue(_) => Ok(()),
            Node::VariableBlock(_, e) => self.expr(e),
            Node::Set(_, s) if s.global => Err(self.at(
                &["set_global"],
                refuse(
                    "prose cannot use `set_global`".into(),
                    "`{% set name = value %}`",
                ),
            )),
            Node::Set(_, s) => self.expr(&s.value),
            Node::Extends(..) => Err(self.at(
                &["extends"],
                refuse("prose cannot extend other templates".into(), plain),
            )),
            Node::Include(..) => Err(self.at(
                &["include"],
                refuse("prose cannot include other templates".into(), plain),
            )),
            Node::ImportMacro(..) => Err(self.at(
                &["import"],
                refuse("prose cannot import other templates".into(), plain),
            )),
            Node::MacroDefinition(..) => Err(self.at(
                &["macro"],
                refuse("prose cannot define macros".into(), plain),
            )),
            Node::Block(_, b, _) => self.nodes(&b.body, product),
            Node::FilterSection(_, f, _) => {
                self.call(&f.filter, FILTERS, "filter")?;
                self.nodes(&f.body, product)
            }
            Node::Forloop(_, f, _) => {
                let pos = tag_position(self.text, &["for"], self.loops_seen);
                self.loops_seen += 1;
                if self.depth + 1 > MAX_LOOP_DEPTH {
                    let mut e = refuse(
                        format!("`{{% for %}}` loops nested more than {MAX_LOOP_DEPTH} deep"),
                        "at most two nested loops (trials, then their rows)",
                    );
                    e.pos = pos;
                    return Err(e);
                }
                self.expr(&f.container)?;
                let count = match &f.container.val {
                    _ if !f.container.filters.is_empty() => None,
                    ExprVal::FunctionCall(c) if c.name == "range" => {
                        literal_range(c).map(|n| n as u128)
                    }
                    ExprVal::Ident(name) => self.sets.get(name).copied().flatten(),
                    _ => None,
                };
                let product = product.saturating_mul(count.unwrap_or(1));
                if product > ITERATION_BUDGET as u128 {
                    let mut e = refuse(
                        format!(
                            "these `{{% for %}}` loops would run {product} times together"
                        ),
                        &format!(
                            "at most {ITERATION_BUDGET} loop iterations per section (nested loops multiply)"
                        ),
                    );
                    e.pos = pos;
                    return Err(e);
                }
                self.depth += 1;
                let body = self
                    .nodes(&f.body, product)
                    .and_then(|_| self.nodes(f.empty_body.as_deref().unwrap_or(&[]), product));
                self.depth -= 1;
                body
            }
            Node::If(i, _) => {
                for (_, cond, body) in &i.conditions {
                    self.expr(cond)?;
                    self.nodes(body, product)?;
                }
                self.nodes(i.otherwise.as_ref().map_or(&[][..], |o| &o.1), product)
            }
        }
    }

    fn call(&self, f: &FunctionCall, allowed: &[&str], what: &str) -> Result<(), ProseError> {
        if f.name == "range" && literal_range(f).is_some_and(|n| n > RANGE_BUDGET as i64) {
            return Err(refuse(
                format!("`range` here would produce more than {RANGE_BUDGET} numbers"),
                "a loop over the results, or a `range` of at most 100000 numbers",
            ));
        }
        if !allowed.contains(&f.name.as_str()) {
            let hint = match f.name.as_str() {
                "get_env" => " (a report must not carry the machine's environment)".to_string(),
                _ => crate::error::suggest(&f.name, allowed.iter().copied())
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default(),
            };
            return Err(refuse(
                format!("prose cannot use the {what} `{}`{hint}", f.name),
                &format!("one of the {what}s {}", allowed.join(", ")),
            ));
        }
        for a in f.args.values() {
            self.expr(a)?;
        }
        Ok(())
    }

    fn expr(&self, e: &Expr) -> Result<(), ProseError> {
        for f in &e.filters {
            self.call(f, FILTERS, "filter")?;
        }
        self.val(&e.val)
    }

    /// A value made by `{% set %}` inside `~` or a `[…]` list could double with each `set`.
    fn grows(&self, v: &ExprVal) -> Result<(), ProseError> {
        if let ExprVal::Ident(name) = v {
            let root = name.split(['.', '[']).next().unwrap_or(name);
            if self.sets.contains_key(root) {
                return Err(refuse(
                    format!(
                        "`{name}`, made by `{{% set %}}`, is joined into a longer value (`~` or a `[…]` list)"
                    ),
                    "`~` and `[…]` over results and quoted text; a value made by `{% set %}` shown with `{{ … }}`",
                ));
            }
        }
        Ok(())
    }

    fn val(&self, v: &ExprVal) -> Result<(), ProseError> {
        match v {
            ExprVal::String(_)
            | ExprVal::Int(_)
            | ExprVal::Float(_)
            | ExprVal::Bool(_)
            | ExprVal::Ident(_) => Ok(()),
            ExprVal::Math(m) => self.expr(&m.lhs).and_then(|_| self.expr(&m.rhs)),
            ExprVal::Logic(l) => self.expr(&l.lhs).and_then(|_| self.expr(&l.rhs)),
            ExprVal::In(i) => self.expr(&i.lhs).and_then(|_| self.expr(&i.rhs)),
            ExprVal::Test(t) => t.args.iter().try_for_each(|a| self.expr(a)),
            ExprVal::Array(items) => items.iter().try_for_each(|a| {
                if a.filters.is_empty() {
                    self.grows(&a.val)?;
                }
                self.expr(a)
            }),
            ExprVal::StringConcat(s) => s.values.iter().try_for_each(|a| {
                self.grows(a)?;
                self.val(a)
            }),
            ExprVal::FunctionCall(f) => self.call(f, FUNCTIONS, "function"),
            ExprVal::MacroCall(_) => Err(refuse(
                "prose cannot call macros".into(),
                "`{{ … }}` values and filters",
            )),
        }
    }
}

/// Elements a `range(...)` with literal arguments would produce.
fn literal_range(f: &FunctionCall) -> Option<i64> {
    let arg = |k: &str, d: i64| match f.args.get(k).map(|e| (&e.val, e.filters.is_empty())) {
        None => Some(d),
        Some((ExprVal::Int(v), true)) => Some(*v),
        Some(_) => None,
    };
    let (start, end, step) = (arg("start", 0)?, arg("end", 0)?, arg("step_by", 1)?);
    (step > 0).then(|| range_count(start, end, step).min(i64::MAX as usize) as i64)
}

/// The template a claim's condition is evaluated in.
fn condition_template(when: &str) -> String {
    format!(
        "{}{} %}}1{{% else %}}0{{% endif %}}",
        CONDITION_OPEN,
        expand_exponents(when)
    )
}

/// `1e-6` → `0.000001`: tera reads decimal numbers only, a condition may use either.
/// Text inside quotes is left alone. The column of a later parse error can shift by the
/// difference, which only matters after such a number.
pub fn expand_exponents(when: &str) -> String {
    let chars: Vec<char> = when.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    let mut quote: Option<char> = None;
    while i < chars.len() {
        let c = chars[i];
        if let Some(q) = quote {
            out.push(c);
            if c == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        if c == '"' || c == '\'' || c == '`' {
            quote = Some(c);
            out.push(c);
            i += 1;
            continue;
        }
        let starts_number = c.is_ascii_digit()
            && (i == 0
                || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_' || chars[i - 1] == '.'));
        if starts_number {
            let mut j = i;
            while j < chars.len() && (chars[j].is_ascii_digit() || chars[j] == '.') {
                j += 1;
            }
            if j < chars.len() && (chars[j] == 'e' || chars[j] == 'E') {
                let mut k = j + 1;
                if k < chars.len() && (chars[k] == '+' || chars[k] == '-') {
                    k += 1;
                }
                let digits = k;
                while k < chars.len() && chars[k].is_ascii_digit() {
                    k += 1;
                }
                let ends = k == chars.len() || !(chars[k].is_alphanumeric() || chars[k] == '_');
                let text: String = chars[i..k].iter().collect();
                if k > digits && ends {
                    if let Ok(v) = text.parse::<f64>() {
                        if v.is_finite() {
                            let mut d = format!("{v}");
                            if !d.contains('.') {
                                d.push_str(".0");
                            }
                            out.push_str(&d);
                            i = k;
                            continue;
                        }
                    }
                }
            }
            let text: String = chars[i..j].iter().collect();
            out.push_str(&text);
            i = j;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

const CONDITION_OPEN: &str = "{% if ";

/// Checks a claim's condition: one tera expression (`a.b < c / 10 and d`) in the sandbox,
/// true or false by its form (see [`condition`]).
pub fn check_condition(when: &str) -> Result<(), ProseError> {
    parse_condition(when).map(|_| ())
}

/// A checked condition's expression.
fn parse_condition(when: &str) -> Result<Expr, ProseError> {
    let expected = "one condition over the results, such as `newton.iterations < gd.iterations / 10` \
                    or `std_last[\"tanh+standard\"] < 1e-6` (tera: `and`, `or`, `not`, `<`, `==`, `+`, `*`, filters)";
    if ["{%", "%}", "{{", "}}", "{#", "#}"]
        .iter()
        .any(|d| when.contains(d))
    {
        return Err(refuse(
            "a condition is one expression, without `{{`, `{%` or `%}`".into(),
            expected,
        ));
    }
    let template =
        check_shifted(&condition_template(when), CONDITION_OPEN.len()).map_err(|e| ProseError {
            message: e.message.replace("prose template", "condition"),
            expected: if e.message.contains("does not parse") {
                expected.to_string()
            } else {
                e.expected
            },
            ..e
        })?;
    let cond = match template.ast.as_slice() {
        [Node::If(i, _)] if i.conditions.len() == 1 && i.otherwise.is_some() => {
            i.conditions[0].1.clone()
        }
        _ => return Err(refuse("a condition is one expression".into(), expected)),
    };
    condition::check_form(&cond)?;
    Ok(cond)
}

/// The names (`newton.iterations`, `std_last["tanh"]`) a condition reads, in order, once.
pub fn condition_names(when: &str) -> Vec<String> {
    let mut names = Vec::new();
    if let Ok(cond) = parse_condition(when) {
        idents_expr(&cond, &mut names);
    }
    names
}

fn idents_expr(e: &Expr, out: &mut Vec<String>) {
    idents_val(&e.val, out);
    for f in &e.filters {
        for a in f.args.values() {
            idents_expr(a, out);
        }
    }
}

fn idents_val(v: &ExprVal, out: &mut Vec<String>) {
    match v {
        ExprVal::Ident(name) if !out.contains(name) => out.push(name.clone()),
        ExprVal::Math(m) => {
            idents_expr(&m.lhs, out);
            idents_expr(&m.rhs, out);
        }
        ExprVal::Logic(l) => {
            idents_expr(&l.lhs, out);
            idents_expr(&l.rhs, out);
        }
        ExprVal::In(i) => {
            idents_expr(&i.lhs, out);
            idents_expr(&i.rhs, out);
        }
        ExprVal::Test(t) => {
            if !out.contains(&t.ident) {
                out.push(t.ident.clone());
            }
            t.args.iter().for_each(|a| idents_expr(a, out));
        }
        ExprVal::Array(items) => items.iter().for_each(|a| idents_expr(a, out)),
        ExprVal::StringConcat(s) => s.values.iter().for_each(|a| idents_val(a, out)),
        ExprVal::FunctionCall(f) => f.args.values().for_each(|a| idents_expr(a, out)),
        _ => {}
    }
}

/// The text a reader sees outside template expressions, math and code: everything else
/// replaced by spaces, so offsets stay those of `text`.
fn plain_text(text: &str) -> Vec<char> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = chars.clone();
    let mut i = 0;
    while i < chars.len() {
        let close: Option<&[char]> = match (chars[i], chars.get(i + 1)) {
            ('{', Some('{')) => Some(&['}', '}']),
            ('{', Some('%')) => Some(&['%', '}']),
            ('{', Some('#')) => Some(&['#', '}']),
            ('$', Some('$')) => Some(&['$', '$']),
            ('$', _) => Some(&['$']),
            ('`', _) => Some(&['`']),
            _ => None,
        };
        let Some(close) = close else {
            i += 1;
            continue;
        };
        let open = if close.len() == 2 { 2 } else { 1 };
        let mut j = i + open;
        while j < chars.len() && !chars[j..].starts_with(close) {
            j += 1;
        }
        let end = (j + close.len()).min(chars.len());
        out[i..end].iter_mut().for_each(|c| *c = ' ');
        i = end;
    }
    out
}

/// A number typed into a prose or claim text, outside math, code and `{{ … }}`.
#[derive(Debug, Clone, PartialEq)]
pub struct TypedNumber {
    /// Characters from the start of the text.
    pub offset: usize,
    /// As written (`87.62`, `10⁻⁸`, `41.7`).
    pub text: String,
    /// The values it can mean (`1.234` is 1.234, or 1234 with a dot as thousands separator).
    pub values: Vec<f64>,
}

/// Every number a reader sees in `text` that was typed rather than filled in from the
/// results: digits not attached to a word (`f16`, `L2`, `1cycle` are names), with a
/// superscript power of ten read as one (`10⁻⁸`).
pub fn typed_numbers(text: &str) -> Vec<TypedNumber> {
    const SUP: &str = "⁻⁰¹²³⁴⁵⁶⁷⁸⁹";
    let plain = plain_text(text);
    let word = |c: char| c.is_alphanumeric() || c == '_' || SUP.contains(c);
    let mut found = Vec::new();
    let mut i = 0;
    while i < plain.len() {
        let c = plain[i];
        if !c.is_ascii_digit() || (i > 0 && (word(plain[i - 1]) || plain[i - 1] == '.')) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < plain.len()
            && (plain[j].is_ascii_digit()
                || ((plain[j] == '.' || plain[j] == ',')
                    && plain.get(j + 1).is_some_and(|d| d.is_ascii_digit())))
        {
            j += 1;
        }
        let digits: String = plain[i..j].iter().collect();
        let mut k = j;
        while k < plain.len() && SUP.contains(plain[k]) {
            k += 1;
        }
        // A word that goes on after the digits (`2nd`, `1cycle`, `3x3`) is a name.
        if plain
            .get(k)
            .is_some_and(|c| c.is_alphabetic() && !SUP.contains(*c))
        {
            i = k + 1;
            continue;
        }
        let power: String = plain[j..k]
            .iter()
            .map(|c| match SUP.find(*c).map(|b| SUP[..b].chars().count()) {
                Some(0) => '-',
                Some(d) => char::from_digit(d as u32 - 1, 10).unwrap_or('0'),
                None => *c,
            })
            .collect();
        let mut values: Vec<f64> = [
            digits.replace(',', ""),
            digits.replace('.', "").replace(',', "."),
            digits.replace(',', "."),
        ]
        .iter()
        .filter_map(|d| d.parse::<f64>().ok())
        .collect();
        if let Ok(p) = power.parse::<i32>() {
            values = values.iter().map(|v| v.powi(p)).collect();
        }
        let mut unique: Vec<f64> = Vec::new();
        for v in values {
            if !unique.contains(&v) {
                unique.push(v);
            }
        }
        found.push(TypedNumber {
            offset: i,
            text: plain[i..k].iter().collect(),
            values: unique,
        });
        i = k;
    }
    found
}

/// What a claim's condition gave: whether it holds, each name it read with its value as
/// the report shows it, and each part of the condition with its margin.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub holds: bool,
    pub values: Vec<(String, String)>,
    pub checks: Vec<Check>,
    /// Why the results cannot decide the condition (a division by zero, NaN), naming the
    /// operands; the claim then does not hold.
    pub undecided: Option<String>,
}

/// One quantity a claim's condition tests, with the value measured and the bounds it had
/// to meet (`ratio = 12.3, needs > 10 and < 20`): a reader sees how much room a claim had,
/// so a bound that could never fail is visible. Parts joined by `and` that test the same
/// left side are one check.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Check {
    /// The left side as written (`newton.iterations * 10`), or the whole part when it is
    /// not a comparison.
    pub left: String,
    /// Its value.
    pub value: String,
    /// The bounds; none for a part that is a condition by itself (`gd.converged`).
    pub needs: Vec<Need>,
    pub holds: bool,
}

/// One bound of a [`Check`].
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Need {
    /// `<`, `≤`, `=`, `≠`, `≥`, `>`.
    pub op: String,
    /// The right side as written when it is an expression over the results, else empty.
    pub right: String,
    /// The right side's value.
    pub bound: String,
    pub holds: bool,
}

/// Splits `text` at each top-level occurrence of the word `word` (outside brackets and
/// quotes).
fn split_top(text: &str, word: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let w: Vec<char> = word.chars().collect();
    let mut parts = Vec::new();
    let (mut depth, mut quote, mut start) = (0i32, None::<char>, 0usize);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
        } else if c == '"' || c == '\'' || c == '`' {
            quote = Some(c);
        } else if "([{".contains(c) {
            depth += 1;
        } else if ")]}".contains(c) {
            depth -= 1;
        } else if depth == 0
            && chars[i..].starts_with(&w)
            && (i == 0 || chars[i - 1].is_whitespace())
            && chars.get(i + w.len()).is_none_or(|c| c.is_whitespace())
        {
            parts.push(
                chars[start..i]
                    .iter()
                    .collect::<String>()
                    .trim()
                    .to_string(),
            );
            i += w.len();
            start = i;
            continue;
        }
        i += 1;
    }
    parts.push(chars[start..].iter().collect::<String>().trim().to_string());
    parts
}

/// The top-level comparison of a part: (left, operator, right).
fn comparison(part: &str) -> Option<(String, String, String)> {
    let chars: Vec<char> = part.chars().collect();
    let (mut depth, mut quote) = (0i32, None::<char>);
    for i in 0..chars.len() {
        let c = chars[i];
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' | '`' => quote = Some(c),
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            '<' | '>' | '=' | '!' if depth == 0 => {
                let two = chars.get(i + 1) == Some(&'=');
                if (c == '=' || c == '!') && !two {
                    continue;
                }
                let op_len = if two { 2 } else { 1 };
                let left: String = chars[..i].iter().collect();
                let right: String = chars[i + op_len..].iter().collect();
                let op: String = chars[i..i + op_len].iter().collect();
                return Some((left.trim().to_string(), op, right.trim().to_string()));
            }
            _ => {}
        }
    }
    None
}

/// A value for the margin display: 6 significant digits, or exact where the two sides
/// would look equal at that precision.
fn margin_text(v: &str, other: Option<&str>) -> String {
    let short = |t: &str| match t.parse::<f64>() {
        Ok(x) if t.chars().any(|c| c.is_ascii_digit()) => crate::kinds::common::num_precise(x),
        _ => t.to_string(),
    };
    match other {
        Some(o) if short(v) == short(o) => v.to_string(),
        _ => short(v),
    }
}

/// A part of a checked condition (`newton.iterations * 10`) as an expression.
fn parse_part(part: &str) -> Option<Expr> {
    let template = parse(&condition_template(part), CONDITION_OPEN.len()).ok()?;
    match template.ast.first() {
        Some(Node::If(i, _)) => i.conditions.first().map(|c| c.1.clone()),
        _ => None,
    }
}

/// Each `and`-joined part of a checked condition with its values. A condition with a
/// top-level `or` is one part. A part the results cannot decide says why.
fn checks(when: &str, ev: &condition::Eval) -> Vec<Check> {
    use condition::Stop;
    let parts = if split_top(when, "or").len() > 1 {
        vec![when.trim().to_string()]
    } else {
        split_top(when, "and")
    };
    let value = |e: &str| match parse_part(e).map(|x| ev.value(&x)) {
        Some(Ok(v)) => v.text(),
        _ => "NaN".into(),
    };
    let truth = |e: &str| match parse_part(e) {
        Some(x) => ev.truth(&x),
        None => Ok(false),
    };
    let mut out: Vec<Check> = Vec::new();
    for part in &parts {
        let holds = match truth(part) {
            Ok(b) => b,
            Err(Stop::Undecidable(why)) => {
                out.push(Check {
                    left: part.clone(),
                    value: format!("undecidable: {why}"),
                    needs: Vec::new(),
                    holds: false,
                });
                continue;
            }
            Err(_) => false,
        };
        let Some((left, op, right)) = comparison(part) else {
            out.push(Check {
                value: value(part),
                left: part.clone(),
                needs: Vec::new(),
                holds,
            });
            continue;
        };
        let (lv, rv) = (value(&left), value(&right));
        let literal =
            right.trim_start_matches('-').parse::<f64>().is_ok() || right.starts_with(['"', '\'']);
        let need = Need {
            op: match op.as_str() {
                "<=" => "≤".into(),
                ">=" => "≥".into(),
                "==" => "=".into(),
                "!=" => "≠".into(),
                _ => op,
            },
            right: if literal { String::new() } else { right },
            bound: margin_text(&rv, Some(&lv)),
            holds,
        };
        match out.last_mut() {
            Some(last) if last.left == left && !last.needs.is_empty() => {
                last.holds &= need.holds;
                last.needs.push(need);
            }
            _ => out.push(Check {
                value: margin_text(&lv, Some(&rv)),
                holds: need.holds,
                needs: vec![need],
                left,
            }),
        }
    }
    out
}

/// Evaluates a checked condition over the results. A name the results lack is an error
/// (the spec's mistake, with the names they have and the closest one), and so is a value
/// of the wrong kind (a number read as true or false) or a budget exceeded. An index past
/// the end of a list (a run with fewer cases than the claim was written for) is a claim
/// that does not hold. A division by zero or a comparison with NaN (a diverged run) is a
/// claim the results cannot decide: it does not hold, and `undecided` says why.
pub fn evaluate(when: &str, ctx: &tera::Context) -> Result<Verdict, ProseError> {
    use condition::Stop;
    let cond = parse_condition(when)?;
    let ev = condition::Eval::new(ctx);
    let mut values = Vec::new();
    let mut missing = false;
    for name in condition_names(when) {
        match ev.lookup(&name) {
            Ok(v) => values.push((name, v.text())),
            Err(Stop::Missing(_)) => {
                missing = true;
                values.push((name, NOT_IN_RESULTS.to_string()));
            }
            Err(Stop::Wrong(e)) => return Err(e),
            Err(Stop::Undecidable(_)) => values.push((name, "NaN".into())),
        }
    }
    if missing {
        return Ok(Verdict {
            holds: false,
            values,
            checks: Vec::new(),
            undecided: None,
        });
    }
    let (holds, undecided) = match ev.truth(&cond) {
        Ok(b) => (b, None),
        Err(Stop::Undecidable(why)) => (false, Some(why)),
        Err(Stop::Missing(_)) => (false, None),
        Err(Stop::Wrong(e)) => return Err(e),
    };
    Ok(Verdict {
        holds,
        values,
        checks: checks(when, &ev),
        undecided,
    })
}

/// The value shown for a name a claim reads that these results do not have.
pub const NOT_IN_RESULTS: &str = "(not in these results)";

/// A value as a claim's evidence: numbers exactly (the shortest text that reads back as
/// the same f64, so `0.30000000000000004` is not shown as `0.3` beside `!= 0.3`), short
/// lists whole.
fn shown_value(v: &Value) -> String {
    match v {
        Value::Number(n) if n.is_i64() || n.is_u64() => n.to_string(),
        Value::Number(n) => {
            let x = n.as_f64().unwrap_or(f64::NAN);
            if x == 0.0 || (1e-4..1e15).contains(&x.abs()) {
                format!("{x}")
            } else {
                format!("{x:e}")
            }
        }
        Value::Null => "NaN".into(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Array(a) if a.len() <= 8 => format!(
            "[{}]",
            a.iter().map(shown_value).collect::<Vec<_>>().join(", ")
        ),
        Value::Array(a) => format!(
            "[{}, … {} values]",
            a.iter()
                .take(4)
                .map(shown_value)
                .collect::<Vec<_>>()
                .join(", "),
            a.len()
        ),
        Value::Object(m) => format!("{{{} fields}}", m.len()),
    }
}

/// Output that refuses to grow past [`OUTPUT_BUDGET`] bytes.
struct Bounded(Vec<u8>);

impl std::io::Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.0.len() + buf.len() > OUTPUT_BUDGET {
            return Err(std::io::Error::other(format!(
                "the section renders to more than {} MB",
                OUTPUT_BUDGET >> 20
            )));
        }
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Renders a checked prose template over the results, within the budgets.
pub fn render(text: &str, ctx: &tera::Context) -> Result<String, String> {
    check(text).map_err(|e| e.message)?;
    let mut tera = engine(Default::default());
    tera.add_raw_template("prose", text)
        .map_err(|e| crate::render::tera_message(&e))?;
    if let Some(t) = tera.templates.get_mut("prose") {
        count_iterations(&mut t.ast);
    }
    let mut out = Bounded(Vec::new());
    tera.render_to("prose", ctx, &mut out)
        .map_err(|e| unknown_name(&crate::render::tera_message(&e)))?;
    String::from_utf8(out.0).map_err(|e| e.to_string())
}

/// tera's "Variable `x.y` not found in context while rendering 'prose'" as the spec's
/// mistake it is.
fn unknown_name(message: &str) -> String {
    let Some(rest) = message.split("Variable `").nth(1) else {
        return message.to_string();
    };
    match rest.split_once('`') {
        Some((name, tail)) if tail.starts_with(" not found in context") => {
            format!("reads `{name}`, which this run's results do not have")
        }
        _ => message.to_string(),
    }
}

/// `{{ x | num }}`: a number to 6 significant digits; lists element-wise.
/// `{{ x | num }}`: 4 significant digits; `{{ x | num(digits=6) }}`: 1 to 15 of them, for a
/// value set beside one quoted to more digits (κ = 15513.7 against a textbook's 1.5514·10⁴).
fn num_filter(v: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let digits = match args.get("digits") {
        None => 4,
        Some(d) => match d.as_u64() {
            Some(d @ 1..=15) => d as usize,
            _ => return Err("`num(digits=…)` takes a whole number from 1 to 15".into()),
        },
    };
    let fmt = |x: f64| crate::kinds::common::num_digits(x, digits);
    Ok(match v {
        Value::Number(n) => json!(fmt(n.as_f64().unwrap_or(f64::NAN))),
        Value::Array(a) => {
            let parts: Vec<String> = a
                .iter()
                .map(|x| x.as_f64().map(fmt).unwrap_or_else(|| x.to_string()))
                .collect();
            json!(format!("({})", parts.join(", ")))
        }
        Value::Null => json!("NaN"),
        other => other.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> tera::Context {
        let mut c = tera::Context::new();
        c.insert("x", &1.234_567_89);
        c.insert("items", &vec![1, 2, 3]);
        c
    }

    #[test]
    fn ordinary_prose_renders() {
        let t = "x = {{ x | num }}; {% for i in items %}{{ i }}{% endfor %}; \
                 {% for i in range(end=3) %}{{ i }}{% endfor %}";
        assert_eq!(render(t, &ctx()).unwrap(), "x = 1.235; 123; 012");
        assert_eq!(
            render("{{ x | num(digits=6) }}", &ctx()).unwrap(),
            "1.23457"
        );
        assert!(render("{{ x | num(digits=0) }}", &ctx()).is_err());
    }

    #[test]
    fn the_sandbox_refuses() {
        let refused = |t: &str| check(t).unwrap_err().message;
        assert!(refused("{{ get_env(name='HOME') }}").contains("get_env"));
        assert!(refused("{% include 'report.html' %}").contains("include"));
        assert!(refused("{{ x | urlencode }}").contains("urlencode"));
        assert!(refused("{% set_global y = 1 %}").contains("set_global"));
        assert!(refused(
            "{% for a in items %}{% for b in items %}{% for c in items %}{% endfor %}{% endfor %}{% endfor %}"
        )
        .contains("nested"));
        assert!(refused("{{ x | rond }}").contains("did you mean `round`"));
    }

    #[test]
    fn conditions_are_checked_and_evaluated_with_their_values() {
        let mut c = ctx();
        c.insert("newton", &json!({"iterations": 7}));
        c.insert("gd", &json!({"iterations": 2000, "x": null}));
        c.insert("std_last", &json!({"tanh+standard": 1e-9}));
        let v = evaluate("newton.iterations < gd.iterations / 10", &c).unwrap();
        assert!(v.holds);
        assert_eq!(
            v.values,
            vec![
                ("newton.iterations".to_string(), "7".to_string()),
                ("gd.iterations".to_string(), "2000".to_string())
            ]
        );
        let v = evaluate("std_last[\"tanh+standard\"] > 1e-6", &c).unwrap();
        assert!(!v.holds);
        assert_eq!(v.values[0].1, "1e-9");
        // NaN (null in the results) makes a comparison fail, not the run.
        assert!(!evaluate("gd.x < 1", &c).unwrap().holds);
        // A name the results lack is the spec's error, named.
        assert!(evaluate("newtn.iterations < 3", &c)
            .unwrap_err()
            .message
            .contains("newtn"));
        // Part of a known name missing (fewer cases after an edit): the claim fails, said.
        let v = evaluate("items[7] > 2", &c).unwrap();
        assert!(!v.holds);
        assert_eq!(v.values[0].1, "(not in these results)");
        // One expression, nothing else.
        assert!(check_condition("x %}{% for i in items %}").is_err());
        assert!(check_condition("x < ")
            .unwrap_err()
            .message
            .contains("column"));
        assert!(check_condition("get_env(name='HOME') == 1").is_err());
        assert!(check_condition("x < 2 and not x > 5 or (x + 1) * 2 > 3").is_ok());
        // Exponent notation is read as the number it is; quoted text is left alone.
        assert_eq!(
            expand_exponents("a < 1e-6 and b > 2.5E+3 and c[\"1e5\"] == x1e2"),
            "a < 0.000001 and b > 2500.0 and c[\"1e5\"] == x1e2"
        );
        let v = evaluate("std_last[\"tanh+standard\"] < 1e-6", &c).unwrap();
        assert!(v.holds);
        // Evidence is exact: 0.1 + 0.2 is not shown as 0.3.
        c.insert("sum", &(0.1 + 0.2));
        let v = evaluate("sum != 0.3", &c).unwrap();
        assert!(v.holds);
        assert_eq!(v.values[0].1, "0.30000000000000004");
    }

    #[test]
    fn each_part_of_a_condition_shows_its_margin() {
        let mut c = ctx();
        c.insert(
            "newton",
            &json!({"iterations": 7, "converged": true, "status": "ok and fine"}),
        );
        c.insert("gd", &json!({"iterations": 2000}));
        let v = evaluate(
            "newton.converged and newton.iterations * 10 <= gd.iterations and x > 1e-3 and newton.status == \"ok and fine\"",
            &c,
        )
        .unwrap();
        assert!(v.holds);
        let shown: Vec<(&str, &str, String, bool)> = v
            .checks
            .iter()
            .map(|k| {
                let needs: Vec<String> = k
                    .needs
                    .iter()
                    .map(|n| format!("{} {} {}", n.op, n.right, n.bound))
                    .collect();
                (&*k.left, &*k.value, needs.join(" and "), k.holds)
            })
            .collect();
        assert_eq!(
            shown,
            vec![
                ("newton.converged", "true", String::new(), true),
                (
                    "newton.iterations * 10",
                    "70",
                    "≤ gd.iterations 2000".into(),
                    true
                ),
                ("x", "1.23457", ">  0.001".into(), true),
                (
                    "newton.status",
                    "ok and fine",
                    "=  ok and fine".into(),
                    true
                ),
            ]
        );
        // A range is one check; the bound that fails is marked; `or` keeps the whole.
        let v = evaluate("x < 1 and x > 0", &c).unwrap();
        assert_eq!(v.checks.len(), 1);
        assert!(!v.checks[0].holds);
        assert_eq!(
            v.checks[0]
                .needs
                .iter()
                .map(|n| n.holds)
                .collect::<Vec<_>>(),
            [false, true]
        );
        let v = evaluate("x < 1 or x > 0 and x < 2", &c).unwrap();
        assert_eq!(v.checks.len(), 1);
        // Two values that print alike at 6 digits are shown exactly.
        c.insert("y", &1.000_000_1);
        let v = evaluate("y > 1.0000001", &c).unwrap();
        assert_eq!(
            (&*v.checks[0].value, &*v.checks[0].needs[0].bound),
            ("1.0000001", "1.0000001")
        );
        assert!(!v.checks[0].holds);
    }

    #[test]
    fn typed_numbers_are_found_outside_math_code_and_values() {
        let t = "f16 fails from c = 87.62 ($\\ln 3 \\approx 1.1$), `lr: 0.5`, {{ x | num }} \
                 in 1cycle and L2; 41.7 % of units, ‖∇f‖ ≤ 10⁻⁸, year 2015, 21.000 parameters.";
        let found: Vec<(String, Vec<f64>)> = typed_numbers(t)
            .into_iter()
            .map(|n| (n.text, n.values))
            .collect();
        assert_eq!(
            found,
            vec![
                ("87.62".to_string(), vec![87.62, 8762.0]),
                ("41.7".to_string(), vec![41.7, 417.0]),
                ("10⁻⁸".to_string(), vec![10f64.powi(-8)]),
                ("2015".to_string(), vec![2015.0]),
                ("21.000".to_string(), vec![21.0, 21000.0]),
            ]
        );
    }

    #[test]
    fn runaway_loops_stop_at_the_budget() {
        let t = "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}";
        // Refused before it starts: the product of the two ranges is over the budget.
        let err = render(t, &ctx()).unwrap_err();
        assert!(err.contains("10000000000 times"), "{err}");
        let t = "{% for i in range(end=50000) %}{% for j in items %}xxxxxxxxxxxxxxxxxxxxxxxx{% endfor %}{% endfor %}";
        let err = render(t, &ctx()).unwrap_err();
        assert!(err.contains("MB"), "{err}");
    }
}
