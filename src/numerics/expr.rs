//! Objectives given as expression strings, with exact gradient and Hessian.
//!
//! The parser reads mathematical precedence, as Python, Julia and a reader of LaTeX do:
//! `^` (or `**`) binds tighter than a unary minus and associates to the right, so `-x^2` is
//! −(x²), `2^3^2` is 2⁹ and `2^-1` is ½. Derivatives are exact and come from forward-mode
//! second-order dual numbers ("jets": value, gradient, Hessian) pushed through the compiled
//! expression: no symbolic expression swell, so the cost is linear in the expression's size.
//! Sizes and nesting are bounded, and constant parts that are not finite (`1/0`) are refused.

use nalgebra::{DMatrix, DVector};

/// Longest accepted expression, in characters.
pub const MAX_CHARS: usize = 2_000;
/// Most operations (numbers, names, operators, calls) in one expression.
pub const MAX_NODES: usize = 1_000;
/// Deepest nesting of parentheses, calls and unary operators.
pub const MAX_DEPTH: usize = 64;
/// Most variables of one expression: a Hessian has their square of entries at every step.
pub const MAX_VARS: usize = 20;

/// The functions of one argument the language knows, in the order `gradlab list` shows them.
pub const FUNCTIONS: &[&str] = &[
    "exp", "ln", "log", "log2", "log10", "sqrt", "cbrt", "abs", "sin", "cos", "tan", "asin",
    "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "signum",
];

/// Named constants: `pi` (also `π`) and `e`, unless a declared variable has the name.
pub const CONSTANTS: &[(&str, f64)] = &[
    ("pi", std::f64::consts::PI),
    ("π", std::f64::consts::PI),
    ("e", std::f64::consts::E),
];

/// Why an expression could not be used. `at` is a character offset into the expression.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprError {
    /// The text does not parse.
    Parse { message: String, at: usize },
    /// A name followed by `(` that is not a known function.
    UnknownFunction { name: String, at: usize },
    /// The expression uses a name that is not one of the declared variables.
    UnknownVariable {
        name: String,
        declared: Vec<String>,
        at: usize,
    },
    /// A number literal or a constant part of the expression that is not finite.
    NotFinite { part: String, value: f64, at: usize },
    /// Over one of the size bounds ([`MAX_CHARS`], [`MAX_NODES`], [`MAX_DEPTH`]).
    TooLarge { message: String, at: usize },
    /// The expression has no variables at all.
    NoVariables,
}

impl ExprError {
    /// Character offset into the expression, when the problem has one.
    pub fn offset(&self) -> Option<usize> {
        match self {
            ExprError::Parse { at, .. }
            | ExprError::UnknownFunction { at, .. }
            | ExprError::UnknownVariable { at, .. }
            | ExprError::NotFinite { at, .. }
            | ExprError::TooLarge { at, .. } => Some(*at),
            ExprError::NoVariables => None,
        }
    }
}

impl std::fmt::Display for ExprError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExprError::Parse { message, .. } => {
                write!(f, "the expression does not parse: {message}")
            }
            ExprError::UnknownFunction { name, .. } => {
                write!(
                    f,
                    "the expression calls `{name}`, which is not a known function"
                )
            }
            ExprError::UnknownVariable { name, declared, .. } => write!(
                f,
                "the expression uses `{name}`, which is not a declared variable ({})",
                declared.join(", ")
            ),
            ExprError::NotFinite { part, value, .. } => {
                write!(f, "`{part}` in the expression is {}", show(*value))
            }
            ExprError::TooLarge { message, .. } => {
                write!(f, "the expression is too large: {message}")
            }
            ExprError::NoVariables => write!(f, "the expression has no variables"),
        }
    }
}

fn show(v: f64) -> &'static str {
    if v.is_nan() {
        "NaN (not a number)"
    } else if v > 0.0 {
        "+inf (beyond the largest f64, about 1.8e308)"
    } else {
        "−inf (beyond the largest f64, about 1.8e308)"
    }
}

/// A function of one argument.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Func {
    Exp,
    Ln,
    Log2,
    Log10,
    Sqrt,
    Cbrt,
    Abs,
    Sin,
    Cos,
    Tan,
    Asin,
    Acos,
    Atan,
    Sinh,
    Cosh,
    Tanh,
    Asinh,
    Acosh,
    Atanh,
    Signum,
}

impl Func {
    fn named(name: &str) -> Option<Func> {
        Some(match name {
            "exp" => Func::Exp,
            "ln" | "log" => Func::Ln,
            "log2" => Func::Log2,
            "log10" => Func::Log10,
            "sqrt" => Func::Sqrt,
            "cbrt" => Func::Cbrt,
            "abs" => Func::Abs,
            "sin" => Func::Sin,
            "cos" => Func::Cos,
            "tan" => Func::Tan,
            "asin" => Func::Asin,
            "acos" => Func::Acos,
            "atan" => Func::Atan,
            "sinh" => Func::Sinh,
            "cosh" => Func::Cosh,
            "tanh" => Func::Tanh,
            "asinh" => Func::Asinh,
            "acosh" => Func::Acosh,
            "atanh" => Func::Atanh,
            "signum" => Func::Signum,
            _ => return None,
        })
    }

    fn apply(self, x: f64) -> f64 {
        match self {
            Func::Exp => x.exp(),
            Func::Ln => x.ln(),
            Func::Log2 => x.log2(),
            Func::Log10 => x.log10(),
            Func::Sqrt => x.sqrt(),
            Func::Cbrt => x.cbrt(),
            Func::Abs => x.abs(),
            Func::Sin => x.sin(),
            Func::Cos => x.cos(),
            Func::Tan => x.tan(),
            Func::Asin => x.asin(),
            Func::Acos => x.acos(),
            Func::Atan => x.atan(),
            Func::Sinh => x.sinh(),
            Func::Cosh => x.cosh(),
            Func::Tanh => x.tanh(),
            Func::Asinh => x.asinh(),
            Func::Acosh => x.acosh(),
            Func::Atanh => x.atanh(),
            Func::Signum => {
                if x == 0.0 {
                    0.0
                } else {
                    x.signum()
                }
            }
        }
    }

    /// (φ(x), φ'(x), φ''(x)), from the closed forms.
    fn derivatives(self, x: f64) -> (f64, f64, f64) {
        let f = self.apply(x);
        let (d1, d2) = match self {
            Func::Exp => (f, f),
            Func::Ln => (1.0 / x, -1.0 / (x * x)),
            Func::Log2 => {
                let k = std::f64::consts::LN_2;
                (1.0 / (x * k), -1.0 / (x * x * k))
            }
            Func::Log10 => {
                let k = std::f64::consts::LN_10;
                (1.0 / (x * k), -1.0 / (x * x * k))
            }
            Func::Sqrt => (0.5 / f, -0.25 / (f * x)),
            Func::Cbrt => (1.0 / (3.0 * f * f), -2.0 / (9.0 * f * f * x)),
            Func::Abs => (Func::Signum.apply(x), 0.0),
            Func::Sin => (x.cos(), -f),
            Func::Cos => (-x.sin(), -f),
            Func::Tan => {
                let s = 1.0 + f * f;
                (s, 2.0 * f * s)
            }
            Func::Asin => {
                let r = 1.0 - x * x;
                (1.0 / r.sqrt(), x / (r * r.sqrt()))
            }
            Func::Acos => {
                let r = 1.0 - x * x;
                (-1.0 / r.sqrt(), -x / (r * r.sqrt()))
            }
            Func::Atan => {
                let r = 1.0 + x * x;
                (1.0 / r, -2.0 * x / (r * r))
            }
            Func::Sinh => (x.cosh(), f),
            Func::Cosh => (x.sinh(), f),
            Func::Tanh => {
                let s = 1.0 - f * f;
                (s, -2.0 * f * s)
            }
            Func::Asinh => {
                let r = 1.0 + x * x;
                (1.0 / r.sqrt(), -x / (r * r.sqrt()))
            }
            Func::Acosh => {
                let r = x * x - 1.0;
                (1.0 / r.sqrt(), -x / (r * r.sqrt()))
            }
            Func::Atanh => {
                let r = 1.0 - x * x;
                (1.0 / r, 2.0 * x / (r * r))
            }
            Func::Signum => (0.0, 0.0),
        };
        (f, d1, d2)
    }
}

/// One step of the compiled expression (postfix order, run on a stack).
#[derive(Debug, Clone, PartialEq)]
enum Op {
    Const(f64),
    Var(usize),
    Neg,
    Add,
    Sub,
    Mul,
    Div,
    /// `u ^ c` with a constant exponent (the usual case, with clean derivatives at u = 0).
    PowConst(f64),
    /// `u ^ v` with both sides varying: exp(v·ln u).
    Pow,
    Call(Func),
}

/// The arithmetic the compiled expression needs: plain numbers and jets implement it.
trait Scalar: Sized {
    fn constant(c: f64, n: usize) -> Self;
    fn variable(x: &[f64], i: usize) -> Self;
    fn value(&self) -> f64;
    fn add(self, o: Self) -> Self;
    fn sub(self, o: Self) -> Self;
    fn mul(self, o: Self) -> Self;
    fn neg(self) -> Self;
    /// φ(self) given (φ, φ', φ'') at self's value.
    fn chain(self, d: (f64, f64, f64)) -> Self;
}

impl Scalar for f64 {
    fn constant(c: f64, _: usize) -> f64 {
        c
    }
    fn variable(x: &[f64], i: usize) -> f64 {
        x[i]
    }
    fn value(&self) -> f64 {
        *self
    }
    fn add(self, o: f64) -> f64 {
        self + o
    }
    fn sub(self, o: f64) -> f64 {
        self - o
    }
    fn mul(self, o: f64) -> f64 {
        self * o
    }
    fn neg(self) -> f64 {
        -self
    }
    fn chain(self, d: (f64, f64, f64)) -> f64 {
        d.0
    }
}

/// A second-order jet: value, gradient and (full, symmetric) Hessian of a subexpression
/// with respect to the objective's variables.
#[derive(Debug, Clone)]
struct Jet {
    v: f64,
    g: Vec<f64>,
    h: Vec<f64>,
}

impl Scalar for Jet {
    fn constant(c: f64, n: usize) -> Jet {
        Jet {
            v: c,
            g: vec![0.0; n],
            h: vec![0.0; n * n],
        }
    }
    fn variable(x: &[f64], i: usize) -> Jet {
        let mut j = Jet::constant(x[i], x.len());
        j.g[i] = 1.0;
        j
    }
    fn value(&self) -> f64 {
        self.v
    }
    fn add(mut self, o: Jet) -> Jet {
        self.v += o.v;
        self.g.iter_mut().zip(&o.g).for_each(|(a, b)| *a += b);
        self.h.iter_mut().zip(&o.h).for_each(|(a, b)| *a += b);
        self
    }
    fn sub(mut self, o: Jet) -> Jet {
        self.v -= o.v;
        self.g.iter_mut().zip(&o.g).for_each(|(a, b)| *a -= b);
        self.h.iter_mut().zip(&o.h).for_each(|(a, b)| *a -= b);
        self
    }
    fn mul(self, o: Jet) -> Jet {
        // (ab)'' = a b'' + b a'' + a' b'ᵀ + b' a'ᵀ
        let n = self.g.len();
        let mut h = vec![0.0; n * n];
        for i in 0..n {
            for j in 0..n {
                let k = i * n + j;
                h[k] = self.v * o.h[k] + o.v * self.h[k] + self.g[i] * o.g[j] + o.g[i] * self.g[j];
            }
        }
        let g = self
            .g
            .iter()
            .zip(&o.g)
            .map(|(a, b)| self.v * b + o.v * a)
            .collect();
        Jet {
            v: self.v * o.v,
            g,
            h,
        }
    }
    fn neg(mut self) -> Jet {
        self.v = -self.v;
        self.g.iter_mut().for_each(|a| *a = -*a);
        self.h.iter_mut().for_each(|a| *a = -*a);
        self
    }
    fn chain(self, (f, d1, d2): (f64, f64, f64)) -> Jet {
        // φ(u)'' = φ''(u) u' u'ᵀ + φ'(u) u''; a zero factor never multiplies an inf.
        let n = self.g.len();
        let mut h = vec![0.0; n * n];
        for i in 0..n {
            for j in 0..n {
                let k = i * n + j;
                let outer = if d2 == 0.0 || self.g[i] * self.g[j] == 0.0 {
                    0.0
                } else {
                    d2 * self.g[i] * self.g[j]
                };
                let inner = if d1 == 0.0 || self.h[k] == 0.0 {
                    0.0
                } else {
                    d1 * self.h[k]
                };
                h[k] = outer + inner;
            }
        }
        let g = self
            .g
            .iter()
            .map(|a| if *a == 0.0 || d1 == 0.0 { 0.0 } else { d1 * a })
            .collect();
        Jet { v: f, g, h }
    }
}

/// (u^c, c·u^(c−1), c(c−1)·u^(c−2)), with the zero coefficients kept exact (x² at 0).
fn power_derivatives(u: f64, c: f64) -> (f64, f64, f64) {
    let f = u.powf(c);
    let d1 = if c == 0.0 { 0.0 } else { c * u.powf(c - 1.0) };
    let k = c * (c - 1.0);
    let d2 = if k == 0.0 { 0.0 } else { k * u.powf(c - 2.0) };
    (f, d1, d2)
}

fn div<S: Scalar>(a: S, b: S) -> S {
    let v = b.value();
    a.mul(b.chain((1.0 / v, -1.0 / (v * v), 2.0 / (v * v * v))))
}

/// Runs the program on one kind of number. The stack depth is bounded by the program.
fn run<S: Scalar>(ops: &[Op], x: &[f64]) -> S {
    let n = x.len();
    let mut stack: Vec<S> = Vec::with_capacity(16);
    for op in ops {
        let s = match op {
            Op::Const(c) => S::constant(*c, n),
            Op::Var(i) => S::variable(x, *i),
            Op::Neg => stack.pop().expect("compiled").neg(),
            Op::Call(f) => {
                let u = stack.pop().expect("compiled");
                let d = f.derivatives(u.value());
                u.chain(d)
            }
            Op::PowConst(c) => {
                let u = stack.pop().expect("compiled");
                let d = power_derivatives(u.value(), *c);
                u.chain(d)
            }
            Op::Add | Op::Sub | Op::Mul | Op::Div | Op::Pow => {
                let b = stack.pop().expect("compiled");
                let a = stack.pop().expect("compiled");
                match op {
                    Op::Add => a.add(b),
                    Op::Sub => a.sub(b),
                    Op::Mul => a.mul(b),
                    Op::Div => div(a, b),
                    _ => {
                        // u^v = exp(v·ln u); the value itself from powf (exact for u < 0
                        // with an integer v, as a reader expects).
                        let (u, v) = (a.value(), b.value());
                        let value = u.powf(v);
                        let ln_u = a.chain((u.ln(), 1.0 / u, -1.0 / (u * u)));
                        b.mul(ln_u).chain((value, value, value))
                    }
                }
            }
        };
        stack.push(s);
    }
    stack.pop().expect("compiled")
}

/// A parsed subexpression, with its character span for error messages.
#[derive(Debug)]
struct Node {
    kind: NodeKind,
    start: usize,
    end: usize,
}

#[derive(Debug)]
enum NodeKind {
    Num(f64),
    Var(usize),
    Neg(Box<Node>),
    Bin(Op, Box<Node>, Box<Node>),
    Call(Func, Box<Node>),
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(f64, String),
    Name(String),
    Op(char),
    LParen,
    RParen,
    End,
}

struct Parser<'a> {
    toks: Vec<(Tok, usize, usize)>,
    pos: usize,
    depth: usize,
    nodes: usize,
    chars: Vec<char>,
    vars: &'a mut Vec<String>,
    declared: Option<&'a [String]>,
}

fn lex(chars: &[char]) -> Result<Vec<(Tok, usize, usize)>, ExprError> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c.is_ascii_digit() || (c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) {
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            // An exponent only when digits follow (`2e` stays 2 then the name `e`).
            if i < chars.len() && (chars[i] == 'e' || chars[i] == 'E') {
                let mut j = i + 1;
                if j < chars.len() && (chars[j] == '+' || chars[j] == '-') {
                    j += 1;
                }
                if j < chars.len() && chars[j].is_ascii_digit() {
                    while j < chars.len() && chars[j].is_ascii_digit() {
                        j += 1;
                    }
                    i = j;
                }
            }
            let text: String = chars[start..i].iter().collect();
            let value: f64 = text.parse().map_err(|_| ExprError::Parse {
                message: format!("`{text}` is not a number"),
                at: start,
            })?;
            if !value.is_finite() {
                return Err(ExprError::NotFinite {
                    part: text,
                    value,
                    at: start,
                });
            }
            out.push((Tok::Num(value, text), start, i));
            continue;
        }
        if c.is_alphabetic() || c == '_' {
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push((Tok::Name(chars[start..i].iter().collect()), start, i));
            continue;
        }
        let tok = match c {
            '*' if chars.get(i + 1) == Some(&'*') => {
                i += 1;
                Tok::Op('^')
            }
            '+' | '-' | '*' | '/' | '^' => Tok::Op(c),
            '(' => Tok::LParen,
            ')' => Tok::RParen,
            _ => {
                let shown = if c.is_control() || c.is_whitespace() {
                    format!("U+{:04X}", c as u32)
                } else {
                    format!("`{c}`")
                };
                return Err(ExprError::Parse {
                    message: format!(
                        "unexpected character {shown} (operators are + - * / ^ and parentheses)"
                    ),
                    at: start,
                });
            }
        };
        i += 1;
        out.push((tok, start, i));
    }
    out.push((Tok::End, chars.len(), chars.len()));
    Ok(out)
}

impl Parser<'_> {
    fn peek(&self) -> &Tok {
        &self.toks[self.pos].0
    }

    fn here(&self) -> usize {
        self.toks[self.pos].1
    }

    fn node(&mut self, kind: NodeKind, start: usize, end: usize) -> Result<Node, ExprError> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(ExprError::TooLarge {
                message: format!("more than {MAX_NODES} numbers, names and operators"),
                at: start,
            });
        }
        let node = Node { kind, start, end };
        self.fold(node)
    }

    /// Replaces a constant subexpression by its value; a non-finite value is an error
    /// located at the part that produced it.
    fn fold(&self, node: Node) -> Result<Node, ExprError> {
        let konst = |n: &Node| match n.kind {
            NodeKind::Num(v) => Some(v),
            _ => None,
        };
        let value = match &node.kind {
            NodeKind::Neg(a) => konst(a).map(|a| -a),
            NodeKind::Call(f, a) => konst(a).map(|a| f.apply(a)),
            NodeKind::Bin(op, a, b) => match (konst(a), konst(b)) {
                (Some(a), Some(b)) => Some(match op {
                    Op::Add => a + b,
                    Op::Sub => a - b,
                    Op::Mul => a * b,
                    Op::Div => a / b,
                    _ => a.powf(b),
                }),
                _ => None,
            },
            _ => None,
        };
        match value {
            Some(v) if !v.is_finite() => Err(ExprError::NotFinite {
                part: self.chars[node.start..node.end].iter().collect(),
                value: v,
                at: node.start,
            }),
            Some(v) => Ok(Node {
                kind: NodeKind::Num(v),
                ..node
            }),
            None => Ok(node),
        }
    }

    fn enter(&mut self) -> Result<(), ExprError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ExprError::TooLarge {
                message: format!("nested more than {MAX_DEPTH} levels deep"),
                at: self.here(),
            });
        }
        Ok(())
    }

    fn expect_end(&mut self) -> Result<(), ExprError> {
        match self.peek() {
            Tok::End => Ok(()),
            Tok::RParen => Err(ExprError::Parse {
                message: "a `)` without its `(`".into(),
                at: self.here(),
            }),
            _ => Err(ExprError::Parse {
                message: "expected an operator (+ - * / ^) here".into(),
                at: self.here(),
            }),
        }
    }

    fn sum(&mut self) -> Result<Node, ExprError> {
        let mut left = self.product()?;
        while let Tok::Op(c @ ('+' | '-')) = self.peek().clone() {
            self.pos += 1;
            let right = self.product()?;
            let op = if c == '+' { Op::Add } else { Op::Sub };
            let (s, e) = (left.start, right.end);
            left = self.node(NodeKind::Bin(op, Box::new(left), Box::new(right)), s, e)?;
        }
        Ok(left)
    }

    fn product(&mut self) -> Result<Node, ExprError> {
        let mut left = self.unary()?;
        while let Tok::Op(c @ ('*' | '/')) = self.peek().clone() {
            self.pos += 1;
            let right = self.unary()?;
            let op = if c == '*' { Op::Mul } else { Op::Div };
            let (s, e) = (left.start, right.end);
            left = self.node(NodeKind::Bin(op, Box::new(left), Box::new(right)), s, e)?;
        }
        Ok(left)
    }

    /// A unary sign binds looser than `^`: `-x^2` is −(x²), as in mathematics and Python.
    fn unary(&mut self) -> Result<Node, ExprError> {
        if let Tok::Op(c @ ('+' | '-')) = self.peek().clone() {
            let start = self.here();
            self.enter()?;
            self.pos += 1;
            let inner = self.unary()?;
            self.depth -= 1;
            let end = inner.end;
            if c == '+' {
                return Ok(inner);
            }
            return self.node(NodeKind::Neg(Box::new(inner)), start, end);
        }
        self.power()
    }

    /// `a ^ b`: the exponent may carry a sign (`2^-1`) and is itself a power, so `^`
    /// associates to the right (`2^3^2` = 2⁹).
    fn power(&mut self) -> Result<Node, ExprError> {
        let base = self.primary()?;
        if let Tok::Op('^') = self.peek() {
            self.enter()?;
            self.pos += 1;
            let exp = self.unary()?;
            self.depth -= 1;
            let (s, e) = (base.start, exp.end);
            return self.node(NodeKind::Bin(Op::Pow, Box::new(base), Box::new(exp)), s, e);
        }
        Ok(base)
    }

    fn primary(&mut self) -> Result<Node, ExprError> {
        let (tok, start, end) = self.toks[self.pos].clone();
        match tok {
            Tok::Num(v, _) => {
                self.pos += 1;
                self.node(NodeKind::Num(v), start, end)
            }
            Tok::LParen => {
                self.enter()?;
                self.pos += 1;
                let inner = self.sum()?;
                self.close(start)?;
                self.depth -= 1;
                let end = self.toks[self.pos - 1].2;
                Ok(Node {
                    start,
                    end,
                    ..inner
                })
            }
            Tok::Name(name) => {
                self.pos += 1;
                if *self.peek() == Tok::LParen {
                    let Some(f) = Func::named(&name) else {
                        return Err(ExprError::UnknownFunction { name, at: start });
                    };
                    self.enter()?;
                    self.pos += 1;
                    let arg = self.sum()?;
                    self.close(start)?;
                    self.depth -= 1;
                    let end = self.toks[self.pos - 1].2;
                    return self.node(NodeKind::Call(f, Box::new(arg)), start, end);
                }
                self.name(name, start, end)
            }
            Tok::End => Err(ExprError::Parse {
                message: if start == 0 {
                    "the expression is empty".into()
                } else {
                    "the expression ends where a number, name or `(` was expected".into()
                },
                at: start,
            }),
            Tok::RParen => Err(ExprError::Parse {
                message: "expected a number, name or `(` before this `)`".into(),
                at: start,
            }),
            Tok::Op(c) => Err(ExprError::Parse {
                message: format!("expected a number, name or `(` where `{c}` is"),
                at: start,
            }),
        }
    }

    fn close(&mut self, open: usize) -> Result<(), ExprError> {
        match self.peek() {
            Tok::RParen => {
                self.pos += 1;
                Ok(())
            }
            Tok::End => Err(ExprError::Parse {
                message: "this `(` is never closed".into(),
                at: open,
            }),
            _ => Err(ExprError::Parse {
                message: "expected `)` or an operator here".into(),
                at: self.here(),
            }),
        }
    }

    fn name(&mut self, name: String, start: usize, end: usize) -> Result<Node, ExprError> {
        let declared_here = self.declared.is_some_and(|d| d.contains(&name));
        if !declared_here {
            if let Some((_, c)) = CONSTANTS.iter().find(|(n, _)| *n == name) {
                return self.node(NodeKind::Num(*c), start, end);
            }
        }
        if Func::named(&name).is_some() {
            return Err(ExprError::Parse {
                message: format!("`{name}` is a function: write `{name}(…)`"),
                at: start,
            });
        }
        if let Some(d) = self.declared {
            if !declared_here {
                return Err(ExprError::UnknownVariable {
                    name,
                    declared: d.to_vec(),
                    at: start,
                });
            }
        }
        let idx = match self.vars.iter().position(|v| *v == name) {
            Some(i) => i,
            None if self.vars.len() >= MAX_VARS => {
                return Err(ExprError::TooLarge {
                    message: format!("more than {MAX_VARS} variables"),
                    at: start,
                })
            }
            None => {
                self.vars.push(name);
                self.vars.len() - 1
            }
        };
        self.node(NodeKind::Var(idx), start, end)
    }
}

/// Postfix program of a node tree (iterative, so deep trees cannot overflow the stack).
fn compile(root: Node, slot: &[usize]) -> Vec<Op> {
    enum Work {
        Visit(Node),
        Emit(Op),
    }
    let mut ops = Vec::new();
    let mut work = vec![Work::Visit(root)];
    while let Some(w) = work.pop() {
        match w {
            Work::Emit(op) => ops.push(op),
            Work::Visit(n) => match n.kind {
                NodeKind::Num(v) => ops.push(Op::Const(v)),
                NodeKind::Var(i) => ops.push(Op::Var(slot[i])),
                NodeKind::Neg(a) => {
                    work.push(Work::Emit(Op::Neg));
                    work.push(Work::Visit(*a));
                }
                NodeKind::Call(f, a) => {
                    work.push(Work::Emit(Op::Call(f)));
                    work.push(Work::Visit(*a));
                }
                NodeKind::Bin(Op::Pow, a, b) if matches!(b.kind, NodeKind::Num(_)) => {
                    let NodeKind::Num(c) = b.kind else {
                        unreachable!()
                    };
                    work.push(Work::Emit(Op::PowConst(c)));
                    work.push(Work::Visit(*a));
                }
                NodeKind::Bin(op, a, b) => {
                    work.push(Work::Emit(op));
                    work.push(Work::Visit(*b));
                    work.push(Work::Visit(*a));
                }
            },
        }
    }
    ops
}

/// f: ℝⁿ → ℝ with exact ∇f and ∇²f.
#[derive(Clone)]
pub struct Objective {
    text: String,
    vars: Vec<String>,
    ops: Vec<Op>,
}

impl std::fmt::Debug for Objective {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Objective({:?} over {:?})", self.text, self.vars)
    }
}

impl Objective {
    /// Parses `text`. With `declared` variables, their order is the order of the coordinates
    /// and every name in the expression must be among them; without, the expression's own
    /// names are used in alphabetical order.
    pub fn parse(text: &str, declared: Option<&[String]>) -> Result<Objective, ExprError> {
        let chars: Vec<char> = text.chars().collect();
        if chars.len() > MAX_CHARS {
            return Err(ExprError::TooLarge {
                message: format!("{} characters, at most {MAX_CHARS} are read", chars.len()),
                at: MAX_CHARS,
            });
        }
        let toks = lex(&chars)?;
        let mut own = Vec::new();
        let mut p = Parser {
            toks,
            pos: 0,
            depth: 0,
            nodes: 0,
            chars,
            vars: &mut own,
            declared,
        };
        let root = p.sum()?;
        p.expect_end()?;
        let vars: Vec<String> = match declared {
            Some(d) => d.to_vec(),
            None => {
                let mut v = own.clone();
                v.sort();
                v
            }
        };
        if vars.is_empty() {
            return Err(ExprError::NoVariables);
        }
        let slot: Vec<usize> = own
            .iter()
            .map(|n| vars.iter().position(|v| v == n).expect("named above"))
            .collect();
        Ok(Objective {
            text: text.to_string(),
            vars,
            ops: compile(root, &slot),
        })
    }

    /// The expression as written.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Variable names in coordinate order.
    pub fn vars(&self) -> &[String] {
        &self.vars
    }

    pub fn dim(&self) -> usize {
        self.vars.len()
    }

    /// f(x).
    pub fn value(&self, x: &[f64]) -> f64 {
        run::<f64>(&self.ops, x)
    }

    fn jet(&self, x: &[f64]) -> Jet {
        run::<Jet>(&self.ops, x)
    }

    /// ∇f(x), exact.
    pub fn gradient(&self, x: &[f64]) -> DVector<f64> {
        DVector::from_vec(self.jet(x).g)
    }

    /// ∇²f(x), exact and symmetric by construction.
    pub fn hessian(&self, x: &[f64]) -> DMatrix<f64> {
        let n = self.dim();
        let h = self.jet(x).h;
        let mut m = DMatrix::zeros(n, n);
        for i in 0..n {
            for j in i..n {
                // The jet's Hessian is symmetric up to the order of two additions.
                let v = h[i * n + j];
                m[(i, j)] = v;
                m[(j, i)] = v;
            }
        }
        m
    }

    /// Whether the Hessian is constant (f is at most quadratic), tested numerically: the
    /// Hessian must agree exactly at three unrelated points.
    pub fn is_quadratic(&self) -> bool {
        let n = self.dim();
        let probe =
            |seed: f64| -> Vec<f64> { (0..n).map(|i| seed * (1.0 + i as f64 * 0.37)).collect() };
        let h0 = self.hessian(&probe(0.31));
        [-1.73, 2.9].iter().all(|&s| self.hessian(&probe(s)) == h0)
    }
}

/// Central-difference gradient, for checking the exact one.
pub fn fd_gradient(obj: &Objective, x: &[f64], h: f64) -> DVector<f64> {
    let mut g = DVector::zeros(x.len());
    let mut xp = x.to_vec();
    for i in 0..x.len() {
        xp[i] = x[i] + h;
        let fp = obj.value(&xp);
        xp[i] = x[i] - h;
        let fm = obj.value(&xp);
        xp[i] = x[i];
        g[i] = (fp - fm) / (2.0 * h);
    }
    g
}

/// Central-difference Hessian from the exact gradient, for checking the exact one.
pub fn fd_hessian(obj: &Objective, x: &[f64], h: f64) -> DMatrix<f64> {
    let n = x.len();
    let mut m = DMatrix::zeros(n, n);
    let mut xp = x.to_vec();
    for j in 0..n {
        xp[j] = x[j] + h;
        let gp = obj.gradient(&xp);
        xp[j] = x[j] - h;
        let gm = obj.gradient(&xp);
        xp[j] = x[j];
        for i in 0..n {
            m[(i, j)] = (gp[i] - gm[i]) / (2.0 * h);
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    fn quartic() -> Objective {
        Objective::parse("x^4 + 0.8*y^4 + 4*x^2 + 2*y^2 - x*y - 0.2*x^2*y", None).unwrap()
    }

    #[test]
    fn course_quartic_gradient_and_hessian_at_4_4() {
        let f = quartic();
        assert_eq!(f.vars(), ["x", "y"]);
        let g = f.gradient(&[4.0, 4.0]);
        assert_relative_eq!(g[0], 277.6, max_relative = 1e-12);
        assert_relative_eq!(g[1], 213.6, max_relative = 1e-12);
        let h = f.hessian(&[4.0, 4.0]);
        assert_relative_eq!(h[(0, 0)], 198.4, max_relative = 1e-12);
        assert_relative_eq!(h[(0, 1)], -2.6, max_relative = 1e-12);
        assert_relative_eq!(h[(1, 0)], -2.6, max_relative = 1e-12);
        assert_relative_eq!(h[(1, 1)], 157.6, max_relative = 1e-12);
        assert!(!f.is_quadratic());
    }

    fn check_against_differences(text: &str, x: &[f64]) {
        let f = Objective::parse(text, None).unwrap();
        let g = f.gradient(x);
        let gfd = fd_gradient(&f, x, 1e-6);
        for i in 0..x.len() {
            assert_relative_eq!(g[i], gfd[i], max_relative = 1e-6, epsilon = 1e-7);
        }
        let h = f.hessian(x);
        let hfd = fd_hessian(&f, x, 1e-6);
        for i in 0..x.len() {
            for j in 0..x.len() {
                assert_relative_eq!(h[(i, j)], hfd[(i, j)], max_relative = 1e-6, epsilon = 1e-6);
            }
        }
    }

    #[test]
    fn exact_derivatives_match_finite_differences() {
        let cases: &[(&str, &[f64])] = &[
            (
                "x^4 + 0.8*y^4 + 4*x^2 + 2*y^2 - x*y - 0.2*x^2*y",
                &[0.7, -1.3],
            ),
            ("exp(x) - ln(x)", &[0.3]),
            ("sin(x)*cos(y) + z^3/(1 + x^2)", &[0.4, 1.1, -0.8]),
            ("(1 - a)^2 + 100*(b - a^2)^2", &[-1.2, 1.0]),
            ("x^y + y^x", &[1.3, 0.7]),
            ("2^x * 3^-y", &[0.4, -0.9]),
            (
                "sqrt(x^2 + y^2) + cbrt(x) - log10(y) + log2(x*y)",
                &[0.8, 1.7],
            ),
            ("tan(x) + asin(x/2) + acos(y/3) + atan(x*y)", &[0.3, 0.6]),
            (
                "sinh(x) + cosh(y) + tanh(x - y) + asinh(x) + acosh(y + 2) + atanh(x/2)",
                &[0.5, 0.2],
            ),
            ("abs(x - 1) * signum(y) + x/y", &[0.2, -0.7]),
            ("-x^2 - x*y - y^2", &[0.3, -0.4]),
            ("exp(-x^2) * e^-y^2", &[0.4, 0.9]),
        ];
        for (text, x) in cases {
            check_against_differences(text, x);
        }
    }

    #[test]
    fn minus_binds_looser_than_power() {
        let v = |t: &str, x: f64| Objective::parse(t, None).unwrap().value(&[x]);
        assert_eq!(v("-x^2", 3.0), -9.0);
        assert_eq!(v("exp(-x^2)", 1.0), (-1f64).exp());
        assert_eq!(v("x^-2", 2.0), 0.25);
        assert_eq!(v("-(x)^2", 3.0), -9.0);
        assert_eq!(v("(-x)^2", 3.0), 9.0);
        assert_eq!(v("x - 2^3^2", 0.0), -512.0);
        assert_eq!(v("x + -2^2", 0.0), -4.0);
        assert_eq!(v("x + 2**-1", 0.0), 0.5);
        // The concave quadratic of the report is a maximum: both eigenvalues negative.
        let f = Objective::parse("-x^2 - x*y - y^2", None).unwrap();
        let h = f.hessian(&[0.0, 0.0]);
        assert_eq!(h.as_slice(), &[-2.0, -1.0, -1.0, -2.0]);
    }

    #[test]
    fn x_squared_has_clean_derivatives_at_zero() {
        let f = Objective::parse("x^2 + x^1 + x^0", None).unwrap();
        assert_eq!(f.gradient(&[0.0]).as_slice(), &[1.0]);
        assert_eq!(f.hessian(&[0.0]).as_slice(), &[2.0]);
    }

    #[test]
    fn declared_order_and_unknown_variables() {
        let vars = vec!["y".to_string(), "x".to_string()];
        let f = Objective::parse("2*x + 3*y", Some(&vars)).unwrap();
        let g = f.gradient(&[1.0, 1.0]);
        assert_eq!((g[0], g[1]), (3.0, 2.0));
        assert!(f.is_quadratic());
        let err = Objective::parse("x + z", Some(&vars)).unwrap_err();
        assert_eq!(
            err,
            ExprError::UnknownVariable {
                name: "z".into(),
                declared: vars.clone(),
                at: 4
            }
        );
        // A declared variable the expression does not use has zero derivatives.
        let vars3 = vec!["x".to_string(), "y".to_string(), "w".to_string()];
        let f = Objective::parse("x^2 + y", Some(&vars3)).unwrap();
        assert_eq!(f.gradient(&[1.0, 0.0, 5.0]).as_slice(), &[2.0, 1.0, 0.0]);
        assert!(matches!(
            Objective::parse("2*", None),
            Err(ExprError::Parse { at: 2, .. })
        ));
        assert_eq!(
            Objective::parse("3 + 4", None).unwrap_err(),
            ExprError::NoVariables
        );
        // A declared `e` is a variable; otherwise `e` is Euler's number.
        let ve = vec!["e".to_string()];
        assert_eq!(
            Objective::parse("e^2", Some(&ve)).unwrap().value(&[3.0]),
            9.0
        );
        assert_eq!(Objective::parse("e + x", None).unwrap().vars(), ["x"]);
    }

    #[test]
    fn errors_name_the_place() {
        let e = |t: &str| Objective::parse(t, None).unwrap_err();
        assert_eq!(
            e("x + sinn(x)"),
            ExprError::UnknownFunction {
                name: "sinn".into(),
                at: 4
            }
        );
        assert!(matches!(e("x + 1e999"), ExprError::NotFinite { at: 4, .. }));
        match e("x^2 + 1/0") {
            ExprError::NotFinite { part, at, .. } => assert_eq!((part.as_str(), at), ("1/0", 6)),
            other => panic!("{other:?}"),
        }
        assert!(matches!(e("x + ln(0)"), ExprError::NotFinite { at: 4, .. }));
        assert!(matches!(e("x + (1"), ExprError::Parse { at: 4, .. }));
        assert!(matches!(e("x + 1)"), ExprError::Parse { at: 5, .. }));
        assert!(matches!(e("x $ 1"), ExprError::Parse { at: 2, .. }));
        assert!(matches!(e("sin + x"), ExprError::Parse { at: 0, .. }));
    }

    #[test]
    fn hostile_sizes_are_refused_quickly() {
        let deep = format!("{}x{}", "sin(".repeat(100), ")".repeat(100));
        assert!(matches!(
            Objective::parse(&deep, None),
            Err(ExprError::TooLarge { .. })
        ));
        let minus = format!("{}x", "-".repeat(4000));
        assert!(matches!(
            Objective::parse(&minus, None),
            Err(ExprError::TooLarge { .. })
        ));
        let many: Vec<String> = (0..25).map(|i| format!("v{i}")).collect();
        assert!(matches!(
            Objective::parse(&many.join("+"), None),
            Err(ExprError::TooLarge { .. })
        ));
        let long = "x+".repeat(1500) + "x";
        assert!(matches!(
            Objective::parse(&long, None),
            Err(ExprError::TooLarge { .. })
        ));
        // Just within the bounds: 60 nested calls and a product of exponentials, whose
        // symbolic derivatives would swell, evaluate at once.
        let nested = format!("{}x{}", "sin(".repeat(60), ")".repeat(60));
        let f = Objective::parse(&nested, None).unwrap();
        assert!(f.hessian(&[0.3])[(0, 0)].is_finite());
        let prod = (1..=40)
            .map(|k| format!("exp({k}*x*y)"))
            .collect::<Vec<_>>()
            .join("*");
        let f = Objective::parse(&prod, None).unwrap();
        let h = f.hessian(&[0.001, 0.002]);
        assert!(h[(0, 1)].is_finite());
    }
}
