//! LaTeX math → MathML Core (<https://www.w3.org/TR/mathml-core/>), the math of reports.
//!
//! Written for what Chromium and Firefox render: primes as `<msup>` with ′ ″ ‴, a true minus
//! (U+2212), roots, script and blackboard letters as Unicode math letters. Anything it does
//! not understand is an error with its byte offset, never dropped silently.

use std::fmt;

/// Why a LaTeX snippet could not be converted: message and byte offset into the snippet.
#[derive(Debug, Clone, PartialEq)]
pub struct LatexError {
    pub message: String,
    pub offset: usize,
}

impl fmt::Display for LatexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.message, self.offset)
    }
}

impl std::error::Error for LatexError {}

/// LaTeX math (the inside of $…$ or $$…$$) → a complete `<math>` element (MathML Core).
/// `display` → `<math display="block">`, else inline.
pub fn to_mathml(tex: &str, display: bool) -> Result<String, LatexError> {
    let mut parser = Parser {
        src: tex,
        pos: 0,
        display,
        level: 0,
        font: None,
        bracket_ends_row: false,
    };
    let nodes = parser.parse_row()?;
    if parser.pos < tex.len() {
        return Err(parser.unexpected_terminator());
    }
    let mut out = String::with_capacity(tex.len() * 10 + 32);
    out.push_str(if display {
        "<math display=\"block\">"
    } else {
        "<math>"
    });
    write_row(&mut out, &nodes);
    out.push_str("</math>");
    Ok(out)
}

fn err<T>(message: impl Into<String>, offset: usize) -> Result<T, LatexError> {
    Err(LatexError {
        message: message.into(),
        offset,
    })
}

/// TeX's atom classes; they decide whether `-` is binary or a sign, and whether a function
/// name needs a thin space after it. MathML renderers do not infer either the way TeX does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Ord,
    Op,
    Bin,
    Rel,
    Open,
    Close,
    Punct,
    Inner,
}

/// Where an operator's scripts go: beside it, or under/over it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Limits {
    Never,
    InDisplay,
    Always,
}

#[derive(Debug, Clone)]
struct Mo {
    text: String,
    class: Class,
    stretchy: Option<bool>,
    /// lspace and rspace, when the operator dictionary's defaults differ from TeX's spacing.
    space: Option<&'static str>,
    /// minsize and maxsize, for `\big` and friends.
    size: Option<&'static str>,
    limits: Limits,
    /// In text style, movable limits would otherwise turn `\sum\limits` back into scripts.
    fixed_limits: bool,
    style: Option<&'static str>,
}

impl Mo {
    fn new(text: impl Into<String>, class: Class) -> Mo {
        let text = text.into();
        // Fences that are not `\left`/`\right` keep their natural size in TeX, but MathML
        // stretches them to the tallest neighbour (e.g. a fraction) unless told otherwise.
        let stretchy = if is_fence(&text) { Some(false) } else { None };
        // TeX spaces these as ordinary symbols; Chromium's dictionary gives `/` and `|`
        // binary/relation spacing and unknown operators a thick space on both sides.
        let space = match text.as_str() {
            "/" | "|" | "." | "?" | "\\" => Some("0em"),
            "…" | "⋯" | "⋮" | "⋱" => Some("0.1667em"),
            _ => None,
        };
        Mo {
            text,
            class,
            stretchy,
            space,
            size: None,
            limits: Limits::Never,
            fixed_limits: false,
            style: None,
        }
    }
}

fn is_fence(text: &str) -> bool {
    matches!(
        text,
        "(" | ")" | "[" | "]" | "{" | "}" | "|" | "‖" | "⟨" | "⟩" | "⌊" | "⌋" | "⌈" | "⌉"
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EnvKind {
    Matrix,
    Cases,
    Aligned,
    Gathered,
    Array,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Align {
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone)]
enum Node {
    Mi {
        text: String,
        upright: bool,
        func: Option<Limits>,
    },
    Mn(String),
    Mo(Mo),
    Text {
        text: String,
        style: Option<&'static str>,
    },
    Space(String),
    Row(Vec<Node>),
    /// `\left…\right` and matrix delimiters: the fences and body share one mrow so the
    /// fences stretch to the body.
    Fenced(Vec<Node>),
    Scripts {
        base: Box<Node>,
        sub: Option<Box<Node>>,
        sup: Option<Box<Node>>,
        limits: bool,
        primes_only: bool,
    },
    Frac {
        num: Box<Node>,
        den: Box<Node>,
        line: bool,
    },
    Sqrt(Box<Node>),
    Root {
        body: Box<Node>,
        index: Box<Node>,
    },
    Accent {
        base: Box<Node>,
        mark: Mo,
        under: bool,
        limits: bool,
    },
    OverUnder {
        base: Box<Node>,
        over: Option<Box<Node>>,
        under: Option<Box<Node>>,
    },
    Style {
        display: bool,
        level: u8,
        body: Vec<Node>,
    },
    Table {
        rows: Vec<Vec<Vec<Node>>>,
        kind: EnvKind,
        aligns: Vec<Align>,
        display: bool,
    },
    Phantom(Box<Node>),
}

impl Node {
    fn class(&self) -> Option<Class> {
        Some(match self {
            Node::Mo(mo) => mo.class,
            Node::Mi { func: Some(_), .. } => Class::Op,
            Node::Scripts { base, .. } | Node::OverUnder { base, .. } => {
                base.class().unwrap_or(Class::Ord)
            }
            Node::Fenced(_) => Class::Inner,
            Node::Space(_) => return None,
            _ => Class::Ord,
        })
    }

    fn is_function(&self) -> bool {
        match self {
            Node::Mi { func, .. } => func.is_some(),
            Node::Scripts { base, .. } => base.is_function(),
            _ => false,
        }
    }

    fn limits(&self) -> Limits {
        match self {
            Node::Mo(mo) => mo.limits,
            Node::Mi {
                func: Some(limits), ..
            } => *limits,
            Node::Accent { limits: true, .. } => Limits::Always,
            _ => Limits::Never,
        }
    }
}

fn row_or_single(mut nodes: Vec<Node>) -> Node {
    if nodes.len() == 1 {
        nodes.pop().unwrap()
    } else {
        Node::Row(nodes)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Font {
    Roman,
    Italic,
    Bold,
    BoldItalic,
    Script,
    Fraktur,
    DoubleStruck,
    SansSerif,
    Monospace,
}

struct Parser<'a> {
    src: &'a str,
    pos: usize,
    /// Whether the current position is in display style: decides where limits go and
    /// whether `\tfrac`/`\dfrac` need an explicit style.
    display: bool,
    /// TeX's script level (0 = text size), for the same `\tfrac`/`\dfrac` decision.
    level: u8,
    font: Option<Font>,
    /// Inside `\sqrt[…]`, where the first `]` ends the optional argument.
    bracket_ends_row: bool,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn peek_at(&self, pos: usize) -> Option<char> {
        self.src.get(pos..).and_then(|s| s.chars().next())
    }

    fn skip_ws(&mut self) -> Result<(), LatexError> {
        while let Some(c) = self.peek() {
            if c.is_whitespace() {
                self.pos += c.len_utf8();
            } else if c == '%' {
                // A comment would silently hide the rest of the line.
                return err(
                    "`%` starts a comment in LaTeX; write `\\%` for a percent sign",
                    self.pos,
                );
            } else {
                break;
            }
        }
        Ok(())
    }

    /// The name of the command starting at `pos` (which must be a backslash), and the
    /// position just after it.
    fn command_at(&self, pos: usize) -> Result<(&'a str, usize), LatexError> {
        let rest = &self.src[pos + 1..];
        let letters = rest
            .char_indices()
            .find(|(_, c)| !c.is_ascii_alphabetic())
            .map_or(rest.len(), |(i, _)| i);
        if letters > 0 {
            return Ok((&rest[..letters], pos + 1 + letters));
        }
        match rest.chars().next() {
            Some(c) => Ok((&rest[..c.len_utf8()], pos + 1 + c.len_utf8())),
            None => err("a lone `\\` at the end of the formula", pos),
        }
    }

    fn read_command(&mut self) -> Result<&'a str, LatexError> {
        let (name, end) = self.command_at(self.pos)?;
        self.pos = end;
        Ok(name)
    }

    fn at_terminator(&self) -> bool {
        match self.peek() {
            None | Some('}') | Some('&') => true,
            Some(']') => self.bracket_ends_row,
            Some('\\') => matches!(
                self.command_at(self.pos),
                Ok(("\\" | "end" | "right" | "middle", _))
            ),
            _ => false,
        }
    }

    fn unexpected_terminator(&self) -> LatexError {
        let message = match self.peek() {
            Some('}') => "unbalanced braces: `}` without a matching `{`".to_string(),
            Some('&') => "`&` is only allowed inside a matrix or alignment environment".to_string(),
            Some(']') => "unexpected `]`".to_string(),
            Some('\\') => match self.command_at(self.pos) {
                Ok(("\\", _)) => {
                    "`\\\\` is only allowed inside a matrix or alignment environment".to_string()
                }
                Ok(("end", _)) => "`\\end` without a matching `\\begin`".to_string(),
                Ok(("right", _)) => "`\\right` without a matching `\\left`".to_string(),
                Ok(("middle", _)) => "`\\middle` outside of `\\left … \\right`".to_string(),
                _ => "unexpected command".to_string(),
            },
            _ => "unexpected end of formula".to_string(),
        };
        LatexError {
            message,
            offset: self.pos,
        }
    }

    /// Parses atoms up to (not including) the next `}`, `&`, `\\`, `\end`, `\right`,
    /// `\middle`, end of input, or `]` inside `\sqrt[…]`.
    fn parse_row(&mut self) -> Result<Vec<Node>, LatexError> {
        let mut nodes = Vec::new();
        loop {
            self.skip_ws()?;
            if self.at_terminator() {
                return Ok(nodes);
            }
            let start = self.pos;
            match self.peek() {
                Some(c @ ('^' | '_')) => {
                    self.pos += 1;
                    let arg = self.parse_script_arg(c, start)?;
                    self.attach_script(&mut nodes, c == '^', arg, start)?;
                }
                Some('\'') => {
                    let count = self.src[start..].chars().take_while(|&c| c == '\'').count();
                    self.pos += count;
                    self.attach_primes(&mut nodes, count, start)?;
                }
                Some('\\') => {
                    let (name, end) = self.command_at(start)?;
                    match name {
                        "limits" | "nolimits" => {
                            self.pos = end;
                            let limits = if name == "limits" {
                                Limits::Always
                            } else {
                                Limits::Never
                            };
                            match nodes.last_mut() {
                                Some(Node::Mo(mo)) if mo.class == Class::Op => mo.limits = limits,
                                Some(Node::Mi { func: Some(f), .. }) => *f = limits,
                                _ => {
                                    return err(
                                        format!(
                                            "`\\{name}` must follow an operator such as `\\sum`"
                                        ),
                                        start,
                                    );
                                }
                            }
                        }
                        "displaystyle" | "textstyle" | "scriptstyle" | "scriptscriptstyle" => {
                            self.pos = end;
                            let (display, level) = match name {
                                "displaystyle" => (true, 0),
                                "textstyle" => (false, 0),
                                "scriptstyle" => (false, 1),
                                _ => (false, 2),
                            };
                            let saved = (self.display, self.level);
                            (self.display, self.level) = (display, level);
                            let body = self.parse_row();
                            (self.display, self.level) = saved;
                            // The switch lasts to the end of the enclosing group.
                            nodes.push(Node::Style {
                                display,
                                level,
                                body: body?,
                            });
                            return Ok(nodes);
                        }
                        _ => nodes.push(self.parse_atom(false)?),
                    }
                }
                _ => nodes.push(self.parse_atom(false)?),
            }
        }
    }

    fn parse_script_arg(&mut self, op: char, op_offset: usize) -> Result<Node, LatexError> {
        let saved = (self.display, self.level);
        self.display = false;
        self.level = self.level.saturating_add(1);
        let what = if op == '^' {
            "superscript"
        } else {
            "subscript"
        };
        let arg = self.parse_arg(&format!("the {what} `{op}`"), op_offset);
        (self.display, self.level) = saved;
        arg
    }

    fn attach_script(
        &mut self,
        nodes: &mut Vec<Node>,
        is_sup: bool,
        arg: Node,
        offset: usize,
    ) -> Result<(), LatexError> {
        if let Some(Node::Scripts {
            sub,
            sup,
            primes_only,
            ..
        }) = nodes.last_mut()
        {
            if is_sup {
                match sup {
                    None => *sup = Some(Box::new(arg)),
                    // `f'^2` is one superscript: the prime followed by the 2.
                    Some(primes) if *primes_only => {
                        let mut items = vec![std::mem::replace(primes.as_mut(), Node::Row(vec![]))];
                        match arg {
                            Node::Row(more) => items.extend(more),
                            other => items.push(other),
                        }
                        **primes = Node::Row(items);
                        *primes_only = false;
                    }
                    Some(_) => {
                        return err("double superscript: use braces, as in `{x^a}^b`", offset);
                    }
                }
            } else {
                match sub {
                    None => *sub = Some(Box::new(arg)),
                    Some(_) => return err("double subscript: use braces, as in `{x_a}_b`", offset),
                }
            }
            return Ok(());
        }
        let base = self.take_base(nodes);
        let limits = self.limits_for(&base);
        let base = fix_limits(base, limits, self.display);
        let arg = Some(Box::new(arg));
        let (sub, sup) = if is_sup { (None, arg) } else { (arg, None) };
        nodes.push(Node::Scripts {
            base: Box::new(base),
            sub,
            sup,
            limits,
            primes_only: false,
        });
        Ok(())
    }

    fn attach_primes(
        &mut self,
        nodes: &mut Vec<Node>,
        count: usize,
        offset: usize,
    ) -> Result<(), LatexError> {
        let text: String = match count {
            1 => "′".into(),
            2 => "″".into(),
            3 => "‴".into(),
            n => "⁗".repeat(n / 4) + ["", "′", "″", "‴"][n % 4],
        };
        let prime = Node::Mo(Mo::new(text, Class::Ord));
        if let Some(Node::Scripts {
            sup, primes_only, ..
        }) = nodes.last_mut()
        {
            if sup.is_some() {
                return err(
                    "a prime after a superscript is a double superscript: write `x^{2\\prime}` or `{x^2}'`",
                    offset,
                );
            }
            *sup = Some(Box::new(prime));
            *primes_only = true;
            return Ok(());
        }
        let base = self.take_base(nodes);
        nodes.push(Node::Scripts {
            base: Box::new(base),
            sub: None,
            sup: Some(Box::new(prime)),
            limits: false,
            primes_only: true,
        });
        Ok(())
    }

    fn take_base(&self, nodes: &mut Vec<Node>) -> Node {
        match nodes.last() {
            None | Some(Node::Space(_)) | Some(Node::Style { .. }) => Node::Row(vec![]),
            Some(_) => nodes.pop().unwrap(),
        }
    }

    fn limits_for(&self, base: &Node) -> bool {
        match base.limits() {
            Limits::Always => true,
            Limits::InDisplay => self.display,
            Limits::Never => false,
        }
    }

    /// A single token or a braced group, as TeX reads undelimited macro arguments.
    fn parse_arg(&mut self, what: &str, offset: usize) -> Result<Node, LatexError> {
        self.skip_ws()?;
        let missing = || err(format!("missing argument for {what}"), offset);
        if self.at_terminator() {
            return missing();
        }
        match self.peek() {
            Some('^' | '_' | '\'') => missing(),
            _ => self.parse_atom(true),
        }
    }

    fn parse_group(&mut self) -> Result<Vec<Node>, LatexError> {
        let open = self.pos;
        self.pos += 1;
        let saved = self.bracket_ends_row;
        self.bracket_ends_row = false;
        let nodes = self.parse_row();
        self.bracket_ends_row = saved;
        let nodes = nodes?;
        match self.peek() {
            Some('}') => {
                self.pos += 1;
                Ok(nodes)
            }
            None => err("unbalanced braces: this `{` is never closed", open),
            Some(_) => Err(self.unexpected_terminator()),
        }
    }

    /// One atom. `single` is TeX's argument rule: `\frac12` and `x^23` take one digit.
    fn parse_atom(&mut self, single: bool) -> Result<Node, LatexError> {
        let start = self.pos;
        let c = self.peek().expect("parse_atom at end of input");
        if c == '{' {
            return Ok(row_or_single(self.parse_group()?));
        }
        if c == '\\' {
            return self.parse_command();
        }
        let next_is_digit = self.peek_at(start + 1).is_some_and(|d| d.is_ascii_digit());
        if c.is_ascii_digit() || (c == '.' && next_is_digit && !single) {
            let mut end = start + 1;
            if !single {
                let bytes = self.src.as_bytes();
                while end < bytes.len() {
                    let b = bytes[end];
                    let decimal_point =
                        b == b'.' && bytes.get(end + 1).is_some_and(|d| d.is_ascii_digit());
                    if b.is_ascii_digit() || decimal_point {
                        end += 1;
                    } else {
                        break;
                    }
                }
            }
            self.pos = end;
            let digits = &self.src[start..end];
            let text = match self.font {
                Some(font) => digits.chars().map(|d| styled_char(d, font)).collect(),
                None => digits.to_string(),
            };
            return Ok(Node::Mn(text));
        }
        if c.is_ascii_alphabetic() {
            let end = match self.font {
                // Inside a font command a run of letters is a word (`\mathrm{lr}`), not a
                // product of variables.
                Some(_) if !single => self.src[start..]
                    .find(|c: char| !c.is_ascii_alphabetic())
                    .map_or(self.src.len(), |i| start + i),
                _ => start + 1,
            };
            self.pos = end;
            let word = &self.src[start..end];
            return Ok(match self.font {
                None => Node::Mi {
                    text: word.to_string(),
                    upright: false,
                    func: None,
                },
                Some(font) => Node::Mi {
                    text: word.chars().map(|l| styled_char(l, font)).collect(),
                    upright: font == Font::Roman && word.len() == 1,
                    func: None,
                },
            });
        }
        self.pos += c.len_utf8();
        let mo = |text: &str, class| Ok(Node::Mo(Mo::new(text, class)));
        match c {
            '+' => mo("+", Class::Bin),
            '-' => mo("−", Class::Bin),
            '*' => mo("∗", Class::Bin),
            '=' => mo("=", Class::Rel),
            '<' => mo("<", Class::Rel),
            '>' => mo(">", Class::Rel),
            ':' => mo(":", Class::Rel),
            ',' => mo(",", Class::Punct),
            ';' => mo(";", Class::Punct),
            '!' => mo("!", Class::Close),
            '?' => mo("?", Class::Close),
            '.' => mo(".", Class::Ord),
            '/' => mo("/", Class::Ord),
            '|' => mo("|", Class::Ord),
            '(' => mo("(", Class::Open),
            '[' => mo("[", Class::Open),
            ')' => mo(")", Class::Close),
            ']' => mo("]", Class::Close),
            '~' => Ok(Node::Space("0.3333em".into())),
            c if c.is_alphabetic() => Ok(Node::Mi {
                text: c.to_string(),
                upright: false,
                func: None,
            }),
            c if c.is_numeric() => Ok(Node::Mn(c.to_string())),
            c if !c.is_ascii() && !c.is_control() => {
                let class = symbol_class(c);
                mo(&c.to_string(), class)
            }
            c => err(format!("unexpected character `{c}` in LaTeX math"), start),
        }
    }

    fn parse_command(&mut self) -> Result<Node, LatexError> {
        let start = self.pos;
        let name = self.read_command()?;
        let cmd = || format!("`\\{name}`");
        match name {
            "frac" | "dfrac" | "tfrac" | "cfrac" | "binom" | "dbinom" | "tbinom" => {
                self.parse_frac(name, start)
            }
            "sqrt" => self.parse_sqrt(start),
            "left" => self.parse_left(start),
            "begin" => self.parse_env(start),
            "text" | "textrm" | "textnormal" | "textup" | "mbox" => {
                let text = self.parse_text(name, start)?;
                Ok(Node::Text { text, style: None })
            }
            "textbf" | "textit" | "textsf" | "texttt" => {
                let text = self.parse_text(name, start)?;
                let style = match name {
                    "textbf" => "font-weight:bold",
                    "textit" => "font-style:italic",
                    "textsf" => "font-family:sans-serif",
                    _ => "font-family:monospace",
                };
                Ok(Node::Text {
                    text,
                    style: Some(style),
                })
            }
            "operatorname" => {
                let star = self.peek() == Some('*');
                if star {
                    self.pos += 1;
                }
                let text: String = self
                    .parse_text(name, start)?
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                if text.is_empty() {
                    return err("`\\operatorname` needs a name", start);
                }
                let upright = text.chars().count() == 1;
                let limits = if star {
                    Limits::InDisplay
                } else {
                    Limits::Never
                };
                Ok(Node::Mi {
                    text,
                    upright,
                    func: Some(limits),
                })
            }
            "mathrm" | "mathit" | "mathbf" | "mathsf" | "mathtt" | "mathcal" | "mathscr"
            | "mathbb" | "mathfrak" | "boldsymbol" | "bm" | "mathnormal" => {
                let font = match name {
                    "mathrm" => Some(Font::Roman),
                    "mathit" => Some(Font::Italic),
                    "mathbf" => Some(Font::Bold),
                    "mathsf" => Some(Font::SansSerif),
                    "mathtt" => Some(Font::Monospace),
                    "mathcal" | "mathscr" => Some(Font::Script),
                    "mathbb" => Some(Font::DoubleStruck),
                    "mathfrak" => Some(Font::Fraktur),
                    "boldsymbol" | "bm" => Some(Font::BoldItalic),
                    _ => None,
                };
                let saved = self.font;
                self.font = font;
                let arg = self.parse_arg(&cmd(), start);
                self.font = saved;
                arg
            }
            "hat" | "widehat" | "check" | "widecheck" | "tilde" | "widetilde" | "bar"
            | "overline" | "vec" | "overrightarrow" | "overleftarrow" | "dot" | "ddot"
            | "dddot" | "acute" | "grave" | "breve" | "mathring" | "underline" | "overbrace"
            | "underbrace" => {
                let (mark, stretchy, under) = match name {
                    // Spacing-modifier forms: Chromium places them like TeX's accents,
                    // while `^` is drawn wide and U+0302 sits off-centre unless stretched.
                    "hat" => ("ˆ", false, false),
                    "widehat" => ("\u{302}", true, false),
                    "check" => ("ˇ", false, false),
                    "widecheck" => ("ˇ", true, false),
                    "tilde" => ("˜", false, false),
                    "widetilde" => ("~", true, false),
                    "bar" => ("¯", false, false),
                    "overline" => ("‾", true, false),
                    "vec" => ("→", false, false),
                    "overrightarrow" => ("→", true, false),
                    "overleftarrow" => ("←", true, false),
                    "dot" => ("˙", false, false),
                    "ddot" => ("¨", false, false),
                    "dddot" => ("⃛", false, false),
                    "acute" => ("´", false, false),
                    "grave" => ("`", false, false),
                    "breve" => ("˘", false, false),
                    "mathring" => ("˚", false, false),
                    "underline" => ("\u{332}", true, true),
                    "overbrace" => ("⏞", true, false),
                    _ => ("⏟", true, true),
                };
                let base = self.parse_arg(&cmd(), start)?;
                let mut mark = Mo::new(mark, Class::Ord);
                mark.stretchy = Some(stretchy);
                if name == "vec" {
                    // A full-size arrow dwarfs the letter; the combining U+20D7 would be
                    // small but lands off-centre in Chromium.
                    mark.style = Some("font-size:70%");
                }
                Ok(Node::Accent {
                    base: Box::new(base),
                    mark,
                    under,
                    limits: matches!(name, "overbrace" | "underbrace"),
                })
            }
            "overset" | "underset" | "stackrel" => {
                let saved = (self.display, self.level);
                self.display = false;
                self.level = self.level.saturating_add(1);
                let script = self.parse_arg(&cmd(), start);
                (self.display, self.level) = saved;
                let script = Some(Box::new(script?));
                let base = Box::new(self.parse_arg(&cmd(), start)?);
                Ok(if name == "underset" {
                    Node::OverUnder {
                        base,
                        over: None,
                        under: script,
                    }
                } else {
                    Node::OverUnder {
                        base,
                        over: script,
                        under: None,
                    }
                })
            }
            "not" => self.parse_not(start),
            "phantom" => Ok(Node::Phantom(Box::new(self.parse_arg(&cmd(), start)?))),
            "hspace" => self.parse_hspace(start),
            "big" | "Big" | "bigg" | "Bigg" | "bigl" | "Bigl" | "biggl" | "Biggl" | "bigr"
            | "Bigr" | "biggr" | "Biggr" | "bigm" | "Bigm" | "biggm" | "Biggm" => {
                let size = match name.trim_end_matches(['l', 'r', 'm']) {
                    "big" => "1.2em",
                    "Big" => "1.623em",
                    "bigg" => "2.047em",
                    _ => "2.470em",
                };
                let Some(text) = self.parse_delimiter(&cmd())? else {
                    return Ok(Node::Space("0.12em".into()));
                };
                let class = match name.chars().last() {
                    Some('l') => Class::Open,
                    Some('r') => Class::Close,
                    Some('m') => Class::Rel,
                    _ => symbol_class(text.chars().next().unwrap_or('|')),
                };
                let mut mo = Mo::new(text, class);
                mo.stretchy = Some(true);
                mo.size = Some(size);
                Ok(Node::Mo(mo))
            }
            "," | "thinspace" => Ok(Node::Space("0.1667em".into())),
            ":" | ">" | "medspace" => Ok(Node::Space("0.2222em".into())),
            ";" | "thickspace" => Ok(Node::Space("0.2778em".into())),
            "!" | "negthinspace" => Ok(Node::Space("-0.1667em".into())),
            "negmedspace" => Ok(Node::Space("-0.2222em".into())),
            "negthickspace" => Ok(Node::Space("-0.2778em".into())),
            " " => Ok(Node::Space("0.3333em".into())),
            "enspace" => Ok(Node::Space("0.5em".into())),
            "quad" => Ok(Node::Space("1em".into())),
            "qquad" => Ok(Node::Space("2em".into())),
            "%" | "&" | "#" | "$" | "_" => Ok(Node::Mi {
                text: name.to_string(),
                upright: false,
                func: None,
            }),
            _ => self.parse_symbol(name, start),
        }
    }

    fn parse_symbol(&mut self, name: &str, start: usize) -> Result<Node, LatexError> {
        if let Some((c, upper)) = greek(name) {
            let (text, upright) = match self.font {
                None => (c, upper),
                Some(Font::Roman) => (c, true),
                Some(font) => {
                    let styled = styled_greek(c, font);
                    (styled, upper && styled == c)
                }
            };
            return Ok(Node::Mi {
                text: text.to_string(),
                upright,
                func: None,
            });
        }
        if let Some(sym) = symbol(name) {
            return Ok(match sym {
                Sym::Mi(text) => Node::Mi {
                    text: text.into(),
                    upright: false,
                    func: None,
                },
                Sym::Upright(text) => Node::Mi {
                    text: text.into(),
                    upright: true,
                    func: None,
                },
                Sym::Mo(text, class) => Node::Mo(Mo::new(text, class)),
                Sym::Large(text, limits) => {
                    let mut mo = Mo::new(text, Class::Op);
                    mo.limits = limits;
                    Node::Mo(mo)
                }
                Sym::Func(text, limits) => Node::Mi {
                    text,
                    upright: false,
                    func: Some(limits),
                },
            });
        }
        err(format!("unknown LaTeX command `\\{name}`"), start)
    }

    fn parse_frac(&mut self, name: &str, start: usize) -> Result<Node, LatexError> {
        // The style the fraction itself is set in; \dfrac and \tfrac force one.
        let (display, level) = match name {
            "dfrac" | "cfrac" | "dbinom" => (true, 0),
            "tfrac" | "tbinom" => (false, 0),
            _ => (self.display, self.level),
        };
        let saved = (self.display, self.level);
        self.display = false;
        self.level = if display {
            level
        } else {
            level.saturating_add(1)
        };
        let what = format!("`\\{name}`");
        let parts = self
            .parse_arg(&what, start)
            .and_then(|num| Ok((num, self.parse_arg(&what, start)?)));
        (self.display, self.level) = saved;
        let (num, den) = parts?;
        let binom = name.ends_with("binom");
        let frac = Node::Frac {
            num: Box::new(num),
            den: Box::new(den),
            line: !binom,
        };
        let frac = if binom {
            Node::Fenced(vec![
                Node::Mo(Mo {
                    stretchy: None,
                    ..Mo::new("(", Class::Open)
                }),
                frac,
                Node::Mo(Mo {
                    stretchy: None,
                    ..Mo::new(")", Class::Close)
                }),
            ])
        } else {
            frac
        };
        if (display, level) == (self.display, self.level) {
            Ok(frac)
        } else {
            Ok(Node::Style {
                display,
                level,
                body: vec![frac],
            })
        }
    }

    fn parse_sqrt(&mut self, start: usize) -> Result<Node, LatexError> {
        self.skip_ws()?;
        let index = if self.peek() == Some('[') {
            let open = self.pos;
            self.pos += 1;
            let saved = (self.display, self.level, self.bracket_ends_row);
            self.display = false;
            self.level = self.level.saturating_add(2);
            self.bracket_ends_row = true;
            let index = self.parse_row();
            (self.display, self.level, self.bracket_ends_row) = saved;
            let index = index?;
            if self.peek() != Some(']') {
                return err("`\\sqrt[` is missing its closing `]`", open);
            }
            self.pos += 1;
            Some(row_or_single(index))
        } else {
            None
        };
        let body = Box::new(self.parse_arg("`\\sqrt`", start)?);
        Ok(match index {
            Some(index) => Node::Root {
                body,
                index: Box::new(index),
            },
            None => Node::Sqrt(body),
        })
    }

    /// The delimiter after `\left`, `\right`, `\middle` or `\big`; `None` for `.`.
    fn parse_delimiter(&mut self, after: &str) -> Result<Option<&'static str>, LatexError> {
        self.skip_ws()?;
        let start = self.pos;
        let text = match self.peek() {
            Some('\\') => {
                let name = self.read_command()?;
                match name {
                    "{" | "lbrace" => "{",
                    "}" | "rbrace" => "}",
                    "|" | "Vert" | "lVert" | "rVert" => "‖",
                    "vert" | "lvert" | "rvert" => "|",
                    "langle" => "⟨",
                    "rangle" => "⟩",
                    "lfloor" => "⌊",
                    "rfloor" => "⌋",
                    "lceil" => "⌈",
                    "rceil" => "⌉",
                    "lbrack" => "[",
                    "rbrack" => "]",
                    "backslash" => "\\",
                    "uparrow" => "↑",
                    "downarrow" => "↓",
                    "updownarrow" => "↕",
                    "Uparrow" => "⇑",
                    "Downarrow" => "⇓",
                    _ => {
                        return err(
                            format!("{after} must be followed by a delimiter, not `\\{name}`"),
                            start,
                        );
                    }
                }
            }
            Some(c) => {
                self.pos += c.len_utf8();
                match c {
                    '(' => "(",
                    ')' => ")",
                    '[' => "[",
                    ']' => "]",
                    '|' => "|",
                    '/' => "/",
                    '<' => "⟨",
                    '>' => "⟩",
                    '.' => return Ok(None),
                    _ => {
                        return err(
                            format!("{after} must be followed by a delimiter, not `{c}`"),
                            start,
                        );
                    }
                }
            }
            None => return err(format!("{after} must be followed by a delimiter"), start),
        };
        Ok(Some(text))
    }

    fn fence(text: &'static str, class: Class) -> Node {
        let mut mo = Mo::new(text, class);
        // The dictionary already makes brackets stretchy; `|`, `/` and arrows need asking.
        mo.stretchy = if matches!(text, "(" | ")" | "[" | "]" | "{" | "}" | "‖" | "⟨" | "⟩") {
            None
        } else {
            Some(true)
        };
        Node::Mo(mo)
    }

    fn parse_left(&mut self, start: usize) -> Result<Node, LatexError> {
        let mut items = Vec::new();
        if let Some(open) = self.parse_delimiter("`\\left`")? {
            items.push(Self::fence(open, Class::Open));
        }
        loop {
            items.extend(self.parse_row()?);
            let here = self.pos;
            let name = match self.peek() {
                Some('\\') => self.command_at(here)?.0,
                _ => "",
            };
            match name {
                "middle" => {
                    self.read_command()?;
                    if let Some(mid) = self.parse_delimiter("`\\middle`")? {
                        items.push(Self::fence(mid, Class::Rel));
                    }
                }
                "right" => {
                    self.read_command()?;
                    if let Some(close) = self.parse_delimiter("`\\right`")? {
                        items.push(Self::fence(close, Class::Close));
                    }
                    return Ok(Node::Fenced(items));
                }
                _ if self.peek().is_none() => {
                    return err("`\\left` without a matching `\\right`", start);
                }
                _ => return Err(self.unexpected_terminator()),
            }
        }
    }

    fn read_braced_name(&mut self, what: &str, offset: usize) -> Result<&'a str, LatexError> {
        self.skip_ws()?;
        if self.peek() != Some('{') {
            return err(format!("{what} must be followed by `{{name}}`"), offset);
        }
        let open = self.pos + 1;
        let Some(len) = self.src[open..].find('}') else {
            return err(format!("{what}{{ is missing its closing `}}`"), offset);
        };
        self.pos = open + len + 1;
        Ok(self.src[open..open + len].trim())
    }

    fn parse_env(&mut self, start: usize) -> Result<Node, LatexError> {
        let name = self.read_braced_name("`\\begin`", start)?;
        let (kind, fences) = match name {
            "matrix" => (EnvKind::Matrix, None),
            "pmatrix" => (EnvKind::Matrix, Some(("(", Some(")")))),
            "bmatrix" => (EnvKind::Matrix, Some(("[", Some("]")))),
            "Bmatrix" => (EnvKind::Matrix, Some(("{", Some("}")))),
            "vmatrix" => (EnvKind::Matrix, Some(("|", Some("|")))),
            "Vmatrix" => (EnvKind::Matrix, Some(("‖", Some("‖")))),
            "cases" => (EnvKind::Cases, Some(("{", None))),
            "aligned" | "split" => (EnvKind::Aligned, None),
            "gathered" => (EnvKind::Gathered, None),
            "array" => (EnvKind::Array, None),
            _ => return err(format!("unknown LaTeX environment `{name}`"), start),
        };
        let aligns = match kind {
            EnvKind::Array => {
                let spec_at = self.pos;
                let spec = self.read_braced_name("`\\begin{array}`", start)?;
                let mut aligns = Vec::new();
                for c in spec.chars().filter(|c| !c.is_whitespace()) {
                    aligns.push(match c {
                        'l' => Align::Left,
                        'c' => Align::Center,
                        'r' => Align::Right,
                        _ => {
                            return err(
                                format!("unsupported column type `{c}` in an array (only l, c and r are)"),
                                spec_at,
                            );
                        }
                    });
                }
                aligns
            }
            EnvKind::Cases => vec![Align::Left, Align::Left],
            EnvKind::Aligned => vec![Align::Right, Align::Left],
            _ => vec![Align::Center],
        };
        let keeps_style = matches!(kind, EnvKind::Aligned | EnvKind::Gathered);
        let saved = self.display;
        if !keeps_style {
            self.display = false;
        }
        let rows = self.parse_cells(name, start);
        let display = self.display;
        self.display = saved;
        let table = Node::Table {
            rows: rows?,
            kind,
            aligns,
            display: keeps_style && display,
        };
        Ok(match fences {
            None => table,
            Some((open, close)) => {
                let mut items = vec![Self::fence(open, Class::Open), table];
                if let Some(close) = close {
                    items.push(Self::fence(close, Class::Close));
                }
                Node::Fenced(items)
            }
        })
    }

    fn parse_cells(&mut self, env: &str, start: usize) -> Result<Vec<Vec<Vec<Node>>>, LatexError> {
        let mut rows = Vec::new();
        let mut row = Vec::new();
        loop {
            row.push(self.parse_row()?);
            let here = self.pos;
            match self.peek() {
                Some('&') => self.pos += 1,
                Some('\\') => match self.command_at(here)? {
                    ("\\", end) => {
                        self.pos = end;
                        if self.peek() == Some('[') {
                            return err("extra row spacing `\\\\[…]` is not supported", here);
                        }
                        rows.push(std::mem::take(&mut row));
                    }
                    ("end", end) => {
                        self.pos = end;
                        let name = self.read_braced_name("`\\end`", here)?;
                        if name != env {
                            return err(
                                format!("`\\begin{{{env}}}` is closed by `\\end{{{name}}}`"),
                                here,
                            );
                        }
                        rows.push(row);
                        break;
                    }
                    _ => return Err(self.unexpected_terminator()),
                },
                None => {
                    return err(
                        format!("`\\begin{{{env}}}` without a matching `\\end{{{env}}}`"),
                        start,
                    );
                }
                _ => return Err(self.unexpected_terminator()),
            }
        }
        // A `\\` before `\end` ends the last row rather than starting an empty one.
        if rows.len() > 1 && rows.last().is_some_and(|r| r.len() == 1 && r[0].is_empty()) {
            rows.pop();
        }
        Ok(rows)
    }

    /// The raw text argument of `\text` and `\operatorname`, with TeX's text-mode escapes,
    /// quotes and dashes resolved.
    fn parse_text(&mut self, name: &str, start: usize) -> Result<String, LatexError> {
        self.skip_ws()?;
        let mut out = String::new();
        let open = self.pos;
        match self.peek() {
            Some('{') => self.pos += 1,
            Some('\\') | None => {
                return err(format!("`\\{name}` must be followed by `{{text}}`"), start);
            }
            Some(c) => {
                self.pos += c.len_utf8();
                out.push(c);
                return Ok(out);
            }
        }
        let mut depth = 1;
        loop {
            let at = self.pos;
            let Some(c) = self.peek() else {
                return err(
                    format!("unbalanced braces: the `{{` of `\\{name}` is never closed"),
                    open,
                );
            };
            self.pos += c.len_utf8();
            let rest = &self.src[self.pos..];
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                '\\' => {
                    self.pos = at;
                    let cmd = self.read_command()?;
                    match cmd {
                        "{" | "}" | "_" | "%" | "&" | "$" | "#" => out.push_str(cmd),
                        " " => out.push(' '),
                        "," => out.push('\u{2009}'),
                        "textbackslash" => out.push('\\'),
                        "ldots" | "dots" | "textellipsis" => out.push('…'),
                        _ => {
                            return err(
                                format!("`\\{cmd}` is not supported inside `\\{name}{{…}}`"),
                                at,
                            );
                        }
                    }
                }
                '$' => return err(format!("math inside `\\{name}{{…}}` is not supported"), at),
                '%' => return err("`%` starts a comment in LaTeX; write `\\%`", at),
                '~' => out.push('\u{A0}'),
                '-' if rest.starts_with("--") => {
                    self.pos += 2;
                    out.push('—');
                }
                '-' if rest.starts_with('-') => {
                    self.pos += 1;
                    out.push('–');
                }
                '`' if rest.starts_with('`') => {
                    self.pos += 1;
                    out.push('“');
                }
                '`' => out.push('‘'),
                '\'' if rest.starts_with('\'') => {
                    self.pos += 1;
                    out.push('”');
                }
                '\'' => out.push('’'),
                c if c.is_whitespace() => {
                    if !out.ends_with(' ') {
                        out.push(' ');
                    }
                }
                c => out.push(c),
            }
        }
        // Browsers drop leading and trailing white space in <mtext>; TeX keeps it.
        if out.starts_with(' ') {
            out.replace_range(..1, "\u{A0}");
        }
        if out.ends_with(' ') {
            out.pop();
            out.push('\u{A0}');
        }
        Ok(out)
    }

    fn parse_not(&mut self, start: usize) -> Result<Node, LatexError> {
        self.skip_ws()?;
        if self.at_terminator() {
            return err("`\\not` must be followed by a relation", start);
        }
        match self.parse_atom(true)? {
            Node::Mo(mut mo) => {
                mo.text = match mo.text.as_str() {
                    "=" => "≠".into(),
                    "<" => "≮".into(),
                    ">" => "≯".into(),
                    "∈" => "∉".into(),
                    "≡" => "≢".into(),
                    "⊂" => "⊄".into(),
                    "⊃" => "⊅".into(),
                    "⊆" => "⊈".into(),
                    "⊇" => "⊉".into(),
                    "≤" => "≰".into(),
                    "≥" => "≱".into(),
                    "∼" => "≁".into(),
                    "≈" => "≉".into(),
                    "≃" => "≄".into(),
                    "≅" => "≇".into(),
                    "∣" => "∤".into(),
                    "∥" => "∦".into(),
                    other => format!("{other}\u{338}"),
                };
                Ok(Node::Mo(mo))
            }
            _ => err("`\\not` must be followed by a relation", start),
        }
    }

    fn parse_hspace(&mut self, start: usize) -> Result<Node, LatexError> {
        if self.peek() == Some('*') {
            self.pos += 1;
        }
        let spec: String = self
            .read_braced_name("`\\hspace`", start)?
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let unit_at = spec
            .find(|c: char| c.is_ascii_alphabetic())
            .unwrap_or(spec.len());
        let (number, unit) = spec.split_at(unit_at);
        let bad = || {
            err(
                format!("cannot read the length `{spec}` in `\\hspace`"),
                start,
            )
        };
        let Ok(value) = number.parse::<f64>() else {
            return bad();
        };
        let width = match unit {
            "em" | "ex" | "pt" | "px" | "cm" | "mm" | "in" => format!("{value}{unit}"),
            "mu" => format!("{:.4}em", value / 18.0),
            _ => return bad(),
        };
        Ok(Node::Space(width))
    }
}

/// Gives `\limits` on a large operator in text style its effect: the dictionary's movable
/// limits would otherwise put the scripts back beside it.
fn fix_limits(base: Node, limits: bool, display: bool) -> Node {
    match base {
        Node::Mo(mut mo) if limits && !display => {
            mo.fixed_limits = true;
            Node::Mo(mo)
        }
        other => other,
    }
}

enum Sym {
    Mi(&'static str),
    Upright(&'static str),
    Mo(&'static str, Class),
    Large(&'static str, Limits),
    Func(String, Limits),
}

fn greek(name: &str) -> Option<(char, bool)> {
    let lower = match name {
        "alpha" => 'α',
        "beta" => 'β',
        "gamma" => 'γ',
        "delta" => 'δ',
        "epsilon" => 'ϵ',
        "varepsilon" => 'ε',
        "zeta" => 'ζ',
        "eta" => 'η',
        "theta" => 'θ',
        "vartheta" => 'ϑ',
        "iota" => 'ι',
        "kappa" => 'κ',
        "varkappa" => 'ϰ',
        "lambda" => 'λ',
        "mu" => 'μ',
        "nu" => 'ν',
        "xi" => 'ξ',
        "omicron" => 'ο',
        "pi" => 'π',
        "varpi" => 'ϖ',
        "rho" => 'ρ',
        "varrho" => 'ϱ',
        "sigma" => 'σ',
        "varsigma" => 'ς',
        "tau" => 'τ',
        "upsilon" => 'υ',
        "phi" => 'ϕ',
        "varphi" => 'φ',
        "chi" => 'χ',
        "psi" => 'ψ',
        "omega" => 'ω',
        "digamma" => 'ϝ',
        // amsmath's slanted capitals are italic like Latin letters.
        "varGamma" => 'Γ',
        "varDelta" => 'Δ',
        "varTheta" => 'Θ',
        "varLambda" => 'Λ',
        "varXi" => 'Ξ',
        "varPi" => 'Π',
        "varSigma" => 'Σ',
        "varUpsilon" => 'Υ',
        "varPhi" => 'Φ',
        "varPsi" => 'Ψ',
        "varOmega" => 'Ω',
        _ => '\0',
    };
    if lower != '\0' {
        return Some((lower, false));
    }
    // TeX sets capital Greek upright, unlike Latin capitals.
    let upper = match name {
        "Gamma" => 'Γ',
        "Delta" => 'Δ',
        "Theta" => 'Θ',
        "Lambda" => 'Λ',
        "Xi" => 'Ξ',
        "Pi" => 'Π',
        "Sigma" => 'Σ',
        "Upsilon" => 'Υ',
        "Phi" => 'Φ',
        "Psi" => 'Ψ',
        "Omega" => 'Ω',
        _ => return None,
    };
    Some((upper, true))
}

fn symbol(name: &str) -> Option<Sym> {
    use Class::*;
    use Sym::*;
    let bin = |t| Some(Mo(t, Bin));
    let rel = |t| Some(Mo(t, Rel));
    let ord = |t| Some(Mo(t, Ord));
    let inner = |t| Some(Mo(t, Inner));
    let func = |t: &str| Some(Func(t.to_string(), Limits::Never));
    let func_limits = |t: &str| Some(Func(t.to_string(), Limits::InDisplay));
    let large = |t| Some(Large(t, Limits::InDisplay));
    let integral = |t| Some(Large(t, Limits::Never));
    match name {
        "pm" => bin("±"),
        "mp" => bin("∓"),
        "times" => bin("×"),
        "div" => bin("÷"),
        "cdot" => bin("⋅"),
        "ast" => bin("∗"),
        "star" => bin("⋆"),
        "circ" => bin("∘"),
        "bullet" => bin("∙"),
        "oplus" => bin("⊕"),
        "ominus" => bin("⊖"),
        "otimes" => bin("⊗"),
        "odot" => bin("⊙"),
        "cup" => bin("∪"),
        "cap" => bin("∩"),
        "sqcup" => bin("⊔"),
        "sqcap" => bin("⊓"),
        "vee" | "lor" => bin("∨"),
        "wedge" | "land" => bin("∧"),
        "setminus" => bin("∖"),
        "dagger" => bin("†"),
        "ddagger" => bin("‡"),
        "diamond" => bin("⋄"),
        "le" | "leq" => rel("≤"),
        "ge" | "geq" => rel("≥"),
        "leqslant" => rel("⩽"),
        "geqslant" => rel("⩾"),
        "ne" | "neq" => rel("≠"),
        "approx" => rel("≈"),
        "sim" => rel("∼"),
        "simeq" => rel("≃"),
        "cong" => rel("≅"),
        "equiv" => rel("≡"),
        "propto" => rel("∝"),
        "ll" => rel("≪"),
        "gg" => rel("≫"),
        "lesssim" => rel("≲"),
        "gtrsim" => rel("≳"),
        "prec" => rel("≺"),
        "succ" => rel("≻"),
        "preceq" => rel("⪯"),
        "succeq" => rel("⪰"),
        "asymp" => rel("≍"),
        "doteq" => rel("≐"),
        "coloneqq" => rel("≔"),
        "triangleq" => rel("≜"),
        "in" => rel("∈"),
        "notin" => rel("∉"),
        "ni" => rel("∋"),
        "subset" => rel("⊂"),
        "supset" => rel("⊃"),
        "subseteq" => rel("⊆"),
        "supseteq" => rel("⊇"),
        "to" | "rightarrow" => rel("→"),
        "leftarrow" | "gets" => rel("←"),
        "leftrightarrow" => rel("↔"),
        "Rightarrow" => rel("⇒"),
        "Leftarrow" => rel("⇐"),
        "Leftrightarrow" => rel("⇔"),
        "longrightarrow" => rel("⟶"),
        "longleftarrow" => rel("⟵"),
        "longleftrightarrow" => rel("⟷"),
        "Longrightarrow" | "implies" => rel("⟹"),
        "Longleftarrow" | "impliedby" => rel("⟸"),
        "Longleftrightarrow" | "iff" => rel("⟺"),
        "mapsto" => rel("↦"),
        "longmapsto" => rel("⟼"),
        "hookrightarrow" => rel("↪"),
        "hookleftarrow" => rel("↩"),
        "uparrow" => rel("↑"),
        "downarrow" => rel("↓"),
        "updownarrow" => rel("↕"),
        "Uparrow" => rel("⇑"),
        "Downarrow" => rel("⇓"),
        "nearrow" => rel("↗"),
        "searrow" => rel("↘"),
        "mid" => rel("∣"),
        "parallel" => rel("∥"),
        "perp" => rel("⊥"),
        "models" => rel("⊨"),
        "vdash" => rel("⊢"),
        "dashv" => rel("⊣"),
        "colon" => Some(Mo(":", Punct)),
        "{" | "lbrace" => Some(Mo("{", Open)),
        "}" | "rbrace" => Some(Mo("}", Close)),
        "lbrack" => Some(Mo("[", Open)),
        "rbrack" => Some(Mo("]", Close)),
        "langle" => Some(Mo("⟨", Open)),
        "rangle" => Some(Mo("⟩", Close)),
        "lfloor" => Some(Mo("⌊", Open)),
        "rfloor" => Some(Mo("⌋", Close)),
        "lceil" => Some(Mo("⌈", Open)),
        "rceil" => Some(Mo("⌉", Close)),
        "lvert" => Some(Mo("|", Open)),
        "rvert" => Some(Mo("|", Close)),
        "lVert" => Some(Mo("‖", Open)),
        "rVert" => Some(Mo("‖", Close)),
        "vert" => ord("|"),
        "|" | "Vert" => ord("‖"),
        "backslash" => ord("\\"),
        "dots" | "ldots" | "dotsc" | "dotso" => inner("…"),
        "cdots" | "dotsb" | "dotsm" | "dotsi" => inner("⋯"),
        "vdots" => inner("⋮"),
        "ddots" => inner("⋱"),
        "forall" => ord("∀"),
        "exists" => ord("∃"),
        "nexists" => ord("∄"),
        "neg" | "lnot" => ord("¬"),
        "angle" => ord("∠"),
        "triangle" => ord("△"),
        "prime" => ord("′"),
        "infty" => Some(Mi("∞")),
        "top" => Some(Mi("⊤")),
        "bot" => Some(Mi("⊥")),
        "ell" => Some(Mi("ℓ")),
        "hbar" => Some(Mi("ℏ")),
        "imath" => Some(Mi("ı")),
        "jmath" => Some(Mi("ȷ")),
        "wp" => Some(Mi("℘")),
        "aleph" => Some(Mi("ℵ")),
        "emptyset" | "varnothing" => Some(Mi("∅")),
        "Re" => Some(Mi("ℜ")),
        "Im" => Some(Mi("ℑ")),
        // Upright so the renderer does not swap in the italic 𝜕 and 𝛻 forms.
        "partial" => Some(Upright("∂")),
        "nabla" => Some(Upright("∇")),
        "sum" => large("∑"),
        "prod" => large("∏"),
        "coprod" => large("∐"),
        "bigcup" => large("⋃"),
        "bigcap" => large("⋂"),
        "bigvee" => large("⋁"),
        "bigwedge" => large("⋀"),
        "bigoplus" => large("⨁"),
        "bigotimes" => large("⨂"),
        "bigodot" => large("⨀"),
        "bigsqcup" => large("⨆"),
        "int" => integral("∫"),
        "iint" => integral("∬"),
        "iiint" => integral("∭"),
        "oint" => integral("∮"),
        "arccos" | "arcsin" | "arctan" | "arg" | "cos" | "cosh" | "cot" | "coth" | "csc"
        | "deg" | "dim" | "exp" | "hom" | "ker" | "lg" | "ln" | "log" | "sec" | "sin" | "sinh"
        | "tan" | "tanh" => func(name),
        "det" | "gcd" | "inf" | "lim" | "max" | "min" | "Pr" | "sup" => func_limits(name),
        "liminf" => func_limits("lim\u{2009}inf"),
        "limsup" => func_limits("lim\u{2009}sup"),
        _ => None,
    }
}

/// The TeX class of a symbol typed directly as a Unicode character.
fn symbol_class(c: char) -> Class {
    match c {
        '(' | '[' | '{' | '⟨' | '⌊' | '⌈' => Class::Open,
        ')' | ']' | '}' | '⟩' | '⌋' | '⌉' => Class::Close,
        '+' | '−' | '±' | '∓' | '×' | '÷' | '⋅' | '∗' | '∘' | '∙' | '⊕' | '⊗' | '∪' | '∩' | '∧'
        | '∨' => Class::Bin,
        '=' | '<' | '>' | '≤' | '≥' | '≠' | '≈' | '∼' | '≃' | '≅' | '≡' | '∝' | '≪' | '≫' | '∈'
        | '∉' | '⊂' | '⊃' | '⊆' | '⊇' | '→' | '←' | '↔' | '⇒' | '⇐' | '⇔' | '↦' => {
            Class::Rel
        }
        '∑' | '∏' | '∫' | '∮' | '⋃' | '⋂' => Class::Op,
        ',' | ';' => Class::Punct,
        _ => Class::Ord,
    }
}

/// Maps a letter or digit into a Mathematical Alphanumeric Symbols style; MathML Core has
/// no `mathvariant` other than `normal`, so the style must live in the characters.
fn styled_char(c: char, font: Font) -> char {
    use Font::*;
    // Letters that predate the block live in Letterlike Symbols; their slots are holes.
    let hole = match (font, c) {
        (Italic, 'h') => Some('ℎ'),
        (Script, 'B') => Some('ℬ'),
        (Script, 'E') => Some('ℰ'),
        (Script, 'F') => Some('ℱ'),
        (Script, 'H') => Some('ℋ'),
        (Script, 'I') => Some('ℐ'),
        (Script, 'L') => Some('ℒ'),
        (Script, 'M') => Some('ℳ'),
        (Script, 'R') => Some('ℛ'),
        (Script, 'e') => Some('ℯ'),
        (Script, 'g') => Some('ℊ'),
        (Script, 'o') => Some('ℴ'),
        (Fraktur, 'C') => Some('ℭ'),
        (Fraktur, 'H') => Some('ℌ'),
        (Fraktur, 'I') => Some('ℑ'),
        (Fraktur, 'R') => Some('ℜ'),
        (Fraktur, 'Z') => Some('ℨ'),
        (DoubleStruck, 'C') => Some('ℂ'),
        (DoubleStruck, 'H') => Some('ℍ'),
        (DoubleStruck, 'N') => Some('ℕ'),
        (DoubleStruck, 'P') => Some('ℙ'),
        (DoubleStruck, 'Q') => Some('ℚ'),
        (DoubleStruck, 'R') => Some('ℝ'),
        (DoubleStruck, 'Z') => Some('ℤ'),
        _ => None,
    };
    if let Some(h) = hole {
        return h;
    }
    let (upper, lower, digits): (u32, u32, Option<u32>) = match font {
        Roman => return c,
        Bold => (0x1D400, 0x1D41A, Some(0x1D7CE)),
        Italic => (0x1D434, 0x1D44E, None),
        BoldItalic => (0x1D468, 0x1D482, None),
        Script => (0x1D49C, 0x1D4B6, None),
        Fraktur => (0x1D504, 0x1D51E, None),
        DoubleStruck => (0x1D538, 0x1D552, Some(0x1D7D8)),
        SansSerif => (0x1D5A0, 0x1D5BA, Some(0x1D7E2)),
        Monospace => (0x1D670, 0x1D68A, Some(0x1D7F6)),
    };
    let code = match c {
        'A'..='Z' => upper + (c as u32 - 'A' as u32),
        'a'..='z' => lower + (c as u32 - 'a' as u32),
        '0'..='9' => match digits {
            Some(d) => d + (c as u32 - '0' as u32),
            None => return c,
        },
        _ => return c,
    };
    char::from_u32(code).unwrap_or(c)
}

fn styled_greek(c: char, font: Font) -> char {
    let block = match font {
        Font::Bold => 0x1D6A8,
        Font::Italic => 0x1D6E2,
        Font::BoldItalic => 0x1D71C,
        _ => return c,
    };
    // Each block lists Α–Ω (with ϴ in the unassigned U+03A2 slot), ∇, α–ω, then ∂ and the
    // variant forms ϵ ϑ ϰ ϕ ϱ ϖ.
    let offset = match c {
        'Α'..='Ω' => c as u32 - 'Α' as u32,
        'ϴ' => 0x11,
        '∇' => 0x19,
        'α'..='ω' => 0x1A + (c as u32 - 'α' as u32),
        '∂' => 0x33,
        'ϵ' => 0x34,
        'ϑ' => 0x35,
        'ϰ' => 0x36,
        'ϕ' => 0x37,
        'ϱ' => 0x38,
        'ϖ' => 0x39,
        _ => return c,
    };
    char::from_u32(block + offset).unwrap_or(c)
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// Writes the children of an mrow-like element, applying TeX's rules that depend on
/// neighbours.
fn write_row(out: &mut String, nodes: &[Node]) {
    let mut prev: Option<Class> = None;
    for (i, node) in nodes.iter().enumerate() {
        // TeX separates an operator name from an operand before it (`y\ln x`, `)\ln`);
        // an <mi> carries no spacing of its own.
        if node.is_function() && matches!(prev, Some(Class::Ord | Class::Close | Class::Inner)) {
            out.push_str("<mspace width=\"0.1667em\"/>");
        }
        match node {
            // A binary operator with no left operand is a sign (`= -x`, `(-1`); MathML
            // would only notice at the very start of a row.
            Node::Mo(mo)
                if mo.class == Class::Bin
                    && i > 0
                    && matches!(
                        prev,
                        None | Some(
                            Class::Op | Class::Bin | Class::Rel | Class::Open | Class::Punct
                        )
                    ) =>
            {
                write_mo(out, mo, true);
            }
            _ => write_node(out, node),
        }
        if let Some(class) = node.class() {
            prev = Some(class);
        }
        if node.is_function() {
            let next = nodes[i + 1..].iter().find_map(Node::class);
            match next {
                None | Some(Class::Rel | Class::Close | Class::Punct) => {}
                Some(Class::Open) => out.push_str("<mo>\u{2061}</mo>"),
                // TeX puts a thin space between an operator name and its operand;
                // U+2061 itself has no width.
                Some(_) => out.push_str("<mo>\u{2061}</mo><mspace width=\"0.1667em\"/>"),
            }
        }
    }
}

fn write_mo(out: &mut String, mo: &Mo, prefix: bool) {
    out.push_str("<mo");
    if prefix {
        out.push_str(" form=\"prefix\"");
    }
    if let Some(stretchy) = mo.stretchy {
        out.push_str(if stretchy {
            " stretchy=\"true\""
        } else {
            " stretchy=\"false\""
        });
    }
    if let Some(space) = mo.space {
        out.push_str(&format!(" lspace=\"{space}\" rspace=\"{space}\""));
    }
    if let Some(size) = mo.size {
        out.push_str(&format!(" minsize=\"{size}\" maxsize=\"{size}\""));
    }
    if mo.fixed_limits {
        out.push_str(" movablelimits=\"false\"");
    }
    if let Some(style) = mo.style {
        out.push_str(&format!(" style=\"{style}\""));
    }
    out.push('>');
    escape_into(out, &mo.text);
    out.push_str("</mo>");
}

/// Writes a node that stands alone, such as a script or a fraction part.
fn write_node(out: &mut String, node: &Node) {
    match node {
        Node::Mi { text, upright, .. } => {
            // A one-letter <mi> is italic by default; longer ones are upright already.
            if *upright && text.chars().count() == 1 {
                out.push_str("<mi mathvariant=\"normal\">");
            } else {
                out.push_str("<mi>");
            }
            escape_into(out, text);
            out.push_str("</mi>");
        }
        Node::Mn(text) => {
            out.push_str("<mn>");
            escape_into(out, text);
            out.push_str("</mn>");
        }
        Node::Mo(mo) => write_mo(out, mo, false),
        Node::Text { text, style } => {
            match style {
                Some(style) => out.push_str(&format!("<mtext style=\"{style}\">")),
                None => out.push_str("<mtext>"),
            }
            escape_into(out, text);
            out.push_str("</mtext>");
        }
        Node::Space(width) => match width.strip_prefix('-') {
            // Chromium ignores a negative mspace width; a negative margin works everywhere.
            Some(positive) => out.push_str(&format!("<mspace style=\"margin-left:-{positive}\"/>")),
            None => out.push_str(&format!("<mspace width=\"{width}\"/>")),
        },
        Node::Row(nodes) | Node::Fenced(nodes) => {
            out.push_str("<mrow>");
            write_row(out, nodes);
            out.push_str("</mrow>");
        }
        Node::Scripts {
            base,
            sub,
            sup,
            limits,
            ..
        } => {
            let tag = match (sub.is_some(), sup.is_some(), limits) {
                (true, true, false) => "msubsup",
                (true, false, false) => "msub",
                (false, _, false) => "msup",
                (true, true, true) => "munderover",
                (true, false, true) => "munder",
                (false, _, true) => "mover",
            };
            out.push_str(&format!("<{tag}>"));
            write_node(out, base);
            for script in [sub, sup].into_iter().flatten() {
                write_node(out, script);
            }
            out.push_str(&format!("</{tag}>"));
        }
        Node::Frac { num, den, line } => {
            out.push_str(if *line {
                "<mfrac>"
            } else {
                "<mfrac linethickness=\"0\">"
            });
            write_node(out, num);
            write_node(out, den);
            out.push_str("</mfrac>");
        }
        Node::Sqrt(body) => {
            out.push_str("<msqrt>");
            write_contents(out, body);
            out.push_str("</msqrt>");
        }
        Node::Root { body, index } => {
            out.push_str("<mroot>");
            write_node(out, body);
            write_node(out, index);
            out.push_str("</mroot>");
        }
        Node::Accent {
            base, mark, under, ..
        } => {
            let (open, close) = if *under {
                ("<munder accentunder=\"true\">", "</munder>")
            } else if mark.text == "¯" {
                // Chromium draws no macron as an accent with the usual math fonts (DejaVu
                // Math): as a plain over-script it sits just above the letter, as \bar does.
                ("<mover>", "</mover>")
            } else {
                ("<mover accent=\"true\">", "</mover>")
            };
            out.push_str(open);
            write_node(out, base);
            write_mo(out, mark, false);
            out.push_str(close);
        }
        Node::OverUnder { base, over, under } => {
            let tag = if over.is_some() { "mover" } else { "munder" };
            out.push_str(&format!("<{tag}>"));
            write_node(out, base);
            for script in [under, over].into_iter().flatten() {
                write_node(out, script);
            }
            out.push_str(&format!("</{tag}>"));
        }
        Node::Style {
            display,
            level,
            body,
        } => {
            out.push_str(&format!(
                "<mstyle displaystyle=\"{display}\" scriptlevel=\"{level}\">"
            ));
            write_row(out, body);
            out.push_str("</mstyle>");
        }
        Node::Table {
            rows,
            kind,
            aligns,
            display,
        } => write_table(out, rows, *kind, aligns, *display),
        Node::Phantom(body) => {
            out.push_str("<mphantom>");
            write_contents(out, body);
            out.push_str("</mphantom>");
        }
    }
}

/// Writes the inside of an mrow-like element without a redundant inner <mrow>.
fn write_contents(out: &mut String, node: &Node) {
    match node {
        Node::Row(nodes) => write_row(out, nodes),
        other => write_node(out, other),
    }
}

fn write_table(
    out: &mut String,
    rows: &[Vec<Vec<Node>>],
    kind: EnvKind,
    aligns: &[Align],
    display: bool,
) {
    // MathML Core tables are in text style unless told otherwise; `aligned` keeps display.
    out.push_str(if display {
        "<mtable displaystyle=\"true\">"
    } else {
        "<mtable>"
    });
    for row in rows {
        out.push_str("<mtr>");
        for (j, cell) in row.iter().enumerate() {
            let align = match kind {
                EnvKind::Aligned => aligns[j % 2],
                _ => aligns
                    .get(j)
                    .or(aligns.last())
                    .copied()
                    .unwrap_or(Align::Center),
            };
            // MathML Core has no columnalign; Chromium honours `-webkit-right` but not
            // `right` on table cells, so the standard value comes first as a fallback.
            let mut style = String::new();
            match align {
                Align::Left => style.push_str("text-align:left;"),
                Align::Right => style.push_str("text-align:right;text-align:-webkit-right;"),
                Align::Center => {}
            }
            // `aligned` sets each right/left column pair tight around the relation.
            if kind == EnvKind::Aligned {
                style.push_str(if j % 2 == 0 {
                    "padding-right:0;"
                } else {
                    "padding-left:0;"
                });
            }
            if style.is_empty() {
                out.push_str("<mtd>");
            } else {
                style.pop();
                out.push_str(&format!("<mtd style=\"{style}\">"));
            }
            write_row(out, cell);
            out.push_str("</mtd>");
        }
        out.push_str("</mtr>");
    }
    out.push_str("</mtable>");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inline(tex: &str) -> String {
        to_mathml(tex, false).unwrap_or_else(|e| panic!("{tex}: {e}"))
    }

    fn body(tex: &str) -> String {
        let html = inline(tex);
        html["<math>".len()..html.len() - "</math>".len()].to_string()
    }

    const PAREN_X: &str = "<mo stretchy=\"false\">(</mo><mi>x</mi><mo stretchy=\"false\">)</mo>";

    #[test]
    fn double_prime_is_one_superscript() {
        assert_eq!(
            inline("g''(x)"),
            format!("<math><msup><mi>g</mi><mo>″</mo></msup>{PAREN_X}</math>")
        );
    }

    #[test]
    fn primes() {
        assert_eq!(body("f'"), "<msup><mi>f</mi><mo>′</mo></msup>");
        assert_eq!(body("x'''"), "<msup><mi>x</mi><mo>‴</mo></msup>");
        assert_eq!(
            body("f'(x)"),
            format!("<msup><mi>f</mi><mo>′</mo></msup>{PAREN_X}")
        );
        assert_eq!(
            body("f'^2"),
            "<msup><mi>f</mi><mrow><mo>′</mo><mn>2</mn></mrow></msup>"
        );
        assert_eq!(
            body("f_k'"),
            "<msubsup><mi>f</mi><mi>k</mi><mo>′</mo></msubsup>"
        );
    }

    #[test]
    fn leading_minus() {
        assert_eq!(inline("-x"), "<math><mo>−</mo><mi>x</mi></math>");
    }

    #[test]
    fn binary_minus() {
        assert_eq!(
            inline("x - y"),
            "<math><mi>x</mi><mo>−</mo><mi>y</mi></math>"
        );
    }

    #[test]
    fn sign_after_relation_or_open_is_prefix() {
        assert_eq!(
            body("a = -b"),
            "<mi>a</mi><mo>=</mo><mo form=\"prefix\">−</mo><mi>b</mi>"
        );
        assert_eq!(
            body("(-1, 1)"),
            "<mo stretchy=\"false\">(</mo><mo form=\"prefix\">−</mo><mn>1</mn><mo>,</mo>\
             <mn>1</mn><mo stretchy=\"false\">)</mo>"
        );
        assert_eq!(
            body("10^{-4}"),
            "<msup><mn>10</mn><mrow><mo>−</mo><mn>4</mn></mrow></msup>"
        );
    }

    #[test]
    fn sqrt_braced() {
        assert_eq!(
            inline("\\sqrt{n}"),
            "<math><msqrt><mi>n</mi></msqrt></math>"
        );
    }

    #[test]
    fn sqrt_single_token() {
        assert_eq!(inline("\\sqrt 2"), "<math><msqrt><mn>2</mn></msqrt></math>");
        assert_eq!(body("\\sqrt n"), "<msqrt><mi>n</mi></msqrt>");
        // Only one token: `\sqrt 23` is √2 followed by 3.
        assert_eq!(body("\\sqrt 23"), "<msqrt><mn>2</mn></msqrt><mn>3</mn>");
        assert_eq!(
            body("\\sqrt{x + 1}"),
            "<msqrt><mi>x</mi><mo>+</mo><mn>1</mn></msqrt>"
        );
    }

    #[test]
    fn nth_root() {
        assert_eq!(body("\\sqrt[3]{x}"), "<mroot><mi>x</mi><mn>3</mn></mroot>");
    }

    #[test]
    fn dots() {
        assert_eq!(
            inline("a \\dots b"),
            "<math><mi>a</mi><mo lspace=\"0.1667em\" rspace=\"0.1667em\">…</mo><mi>b</mi></math>"
        );
        assert_eq!(
            body("\\cdots"),
            "<mo lspace=\"0.1667em\" rspace=\"0.1667em\">⋯</mo>"
        );
    }

    #[test]
    fn mathcal_uses_letterlike_holes() {
        assert_eq!(inline("\\mathcal{L}"), "<math><mi>ℒ</mi></math>");
        assert_eq!(body("\\mathcal{A}"), "<mi>𝒜</mi>");
        assert_eq!(body("\\mathcal{N}"), "<mi>𝒩</mi>");
    }

    #[test]
    fn mathbb_r_to_the_n() {
        assert_eq!(
            inline("\\mathbb{R}^n"),
            "<math><msup><mi>ℝ</mi><mi>n</mi></msup></math>"
        );
        assert_eq!(body("\\mathbb{E}"), "<mi>𝔼</mi>");
    }

    #[test]
    fn bold_and_upright() {
        assert_eq!(body("\\mathbf{x}"), "<mi>𝐱</mi>");
        assert_eq!(body("\\mathbf{1}"), "<mn>𝟏</mn>");
        assert_eq!(body("\\boldsymbol{\\theta}"), "<mi>𝜽</mi>");
        assert_eq!(body("\\mathrm{lr}"), "<mi>lr</mi>");
        assert_eq!(body("\\mathrm{d}"), "<mi mathvariant=\"normal\">d</mi>");
        assert_eq!(
            body("n_\\text{in}"),
            "<msub><mi>n</mi><mtext>in</mtext></msub>"
        );
        assert_eq!(
            body("\\text{ if } x"),
            "<mtext>\u{a0}if\u{a0}</mtext><mi>x</mi>"
        );
        assert_eq!(body("\\Delta"), "<mi mathvariant=\"normal\">Δ</mi>");
    }

    #[test]
    fn exponent_with_nested_script() {
        assert_eq!(
            inline("e^{-x^2}"),
            "<math><msup><mi>e</mi><mrow><mo>−</mo><msup><mi>x</mi><mn>2</mn></msup></mrow>\
             </msup></math>"
        );
    }

    #[test]
    fn newton_step() {
        let x_k = "<msub><mi>x</mi><mi>k</mi></msub>";
        let arg = format!("<mo stretchy=\"false\">(</mo>{x_k}<mo stretchy=\"false\">)</mo>");
        assert_eq!(
            inline("x_{k+1} = x_k - \\frac{g'(x_k)}{g''(x_k)}"),
            format!(
                "<math><msub><mi>x</mi><mrow><mi>k</mi><mo>+</mo><mn>1</mn></mrow></msub>\
                 <mo>=</mo>{x_k}<mo>−</mo><mfrac>\
                 <mrow><msup><mi>g</mi><mo>′</mo></msup>{arg}</mrow>\
                 <mrow><msup><mi>g</mi><mo>″</mo></msup>{arg}</mrow></mfrac></math>"
            )
        );
    }

    #[test]
    fn pmatrix() {
        assert_eq!(
            inline("\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}"),
            "<math><mrow><mo>(</mo><mtable>\
             <mtr><mtd><mn>1</mn></mtd><mtd><mn>2</mn></mtd></mtr>\
             <mtr><mtd><mn>3</mn></mtd><mtd><mn>4</mn></mtd></mtr>\
             </mtable><mo>)</mo></mrow></math>"
        );
    }

    #[test]
    fn cases_are_left_aligned() {
        assert_eq!(
            body("\\begin{cases} 1 & x > 0 \\\\ 0 & \\text{else} \\end{cases}"),
            "<mrow><mo>{</mo><mtable>\
             <mtr><mtd style=\"text-align:left\"><mn>1</mn></mtd>\
             <mtd style=\"text-align:left\"><mi>x</mi><mo>&gt;</mo><mn>0</mn></mtd></mtr>\
             <mtr><mtd style=\"text-align:left\"><mn>0</mn></mtd>\
             <mtd style=\"text-align:left\"><mtext>else</mtext></mtd></mtr>\
             </mtable></mrow>"
        );
    }

    #[test]
    fn function_names() {
        assert_eq!(
            body("\\ln x"),
            "<mi>ln</mi><mo>\u{2061}</mo><mspace width=\"0.1667em\"/><mi>x</mi>"
        );
        assert_eq!(
            body("\\sin(x)"),
            format!("<mi>sin</mi><mo>\u{2061}</mo>{PAREN_X}")
        );
        assert_eq!(
            body("\\tanh^2 z"),
            "<msup><mi>tanh</mi><mn>2</mn></msup><mo>\u{2061}</mo>\
             <mspace width=\"0.1667em\"/><mi>z</mi>"
        );
        assert_eq!(
            body("y\\ln y"),
            "<mi>y</mi><mspace width=\"0.1667em\"/><mi>ln</mi><mo>\u{2061}</mo>\
             <mspace width=\"0.1667em\"/><mi>y</mi>"
        );
        // No function application before a closing parenthesis.
        assert_eq!(
            body("(\\max)"),
            "<mo stretchy=\"false\">(</mo><mi>max</mi><mo stretchy=\"false\">)</mo>"
        );
    }

    #[test]
    fn limits_depend_on_style() {
        let sum = "\\sum_{i=1}^n x_i";
        assert!(inline(sum).starts_with("<math><msubsup><mo>∑</mo>"));
        let display = to_mathml(sum, true).unwrap();
        assert!(display.starts_with("<math display=\"block\"><munderover><mo>∑</mo>"));
        assert_eq!(
            body("\\max_i x_i"),
            "<msub><mi>max</mi><mi>i</mi></msub><mo>\u{2061}</mo>\
             <mspace width=\"0.1667em\"/><msub><mi>x</mi><mi>i</mi></msub>"
        );
        assert_eq!(
            body("\\sum\\limits_i"),
            "<munder><mo movablelimits=\"false\">∑</mo><mi>i</mi></munder>"
        );
        assert!(to_mathml("\\max_i x_i", true)
            .unwrap()
            .contains("<munder><mi>max</mi><mi>i</mi></munder>"));
    }

    #[test]
    fn fractions_in_other_styles() {
        assert_eq!(body("\\tfrac12"), "<mfrac><mn>1</mn><mn>2</mn></mfrac>");
        assert_eq!(
            to_mathml("\\tfrac12", true).unwrap(),
            "<math display=\"block\"><mstyle displaystyle=\"false\" scriptlevel=\"0\">\
             <mfrac><mn>1</mn><mn>2</mn></mfrac></mstyle></math>"
        );
        assert_eq!(
            body("\\dfrac{a}{b}"),
            "<mstyle displaystyle=\"true\" scriptlevel=\"0\">\
             <mfrac><mi>a</mi><mi>b</mi></mfrac></mstyle>"
        );
    }

    #[test]
    fn accents_and_transpose() {
        assert_eq!(
            body("\\hat y"),
            "<mover accent=\"true\"><mi>y</mi><mo stretchy=\"false\">ˆ</mo></mover>"
        );
        assert_eq!(body("x^\\top"), "<msup><mi>x</mi><mi>⊤</mi></msup>");
        assert_eq!(
            body("\\vec v"),
            "<mover accent=\"true\"><mi>v</mi>\
             <mo stretchy=\"false\" style=\"font-size:70%\">→</mo></mover>"
        );
        assert_eq!(
            body("\\bar{x}"),
            "<mover><mi>x</mi><mo stretchy=\"false\">¯</mo></mover>"
        );
    }

    #[test]
    fn escapes_markup_characters() {
        assert_eq!(body("a < b"), "<mi>a</mi><mo>&lt;</mo><mi>b</mi>");
        assert_eq!(body("\\text{a<b & c}"), "<mtext>a&lt;b &amp; c</mtext>");
    }

    #[test]
    fn big_delimiters_and_fences() {
        assert_eq!(
            body("\\big[x\\big]"),
            "<mo stretchy=\"true\" minsize=\"1.2em\" maxsize=\"1.2em\">[</mo><mi>x</mi>\
             <mo stretchy=\"true\" minsize=\"1.2em\" maxsize=\"1.2em\">]</mo>"
        );
        assert_eq!(
            body("\\left( x \\right)"),
            "<mrow><mo>(</mo><mi>x</mi><mo>)</mo></mrow>"
        );
        assert_eq!(
            body("\\|x\\|"),
            "<mo stretchy=\"false\">‖</mo><mi>x</mi><mo stretchy=\"false\">‖</mo>"
        );
    }

    fn error(tex: &str) -> LatexError {
        to_mathml(tex, false).expect_err(tex)
    }

    #[test]
    fn unknown_command_is_an_error() {
        assert_eq!(
            error("x + \\foo y"),
            LatexError {
                message: "unknown LaTeX command `\\foo`".into(),
                offset: 4
            }
        );
    }

    #[test]
    fn structural_errors() {
        assert_eq!(error("\\frac{a}{b").offset, 8);
        assert!(error("\\frac{a}{b").message.contains("never closed"));
        assert_eq!(error("a}").offset, 1);
        assert_eq!(error("x + \\left( y").offset, 4);
        assert!(error("x + \\left( y").message.contains("\\right"));
        assert_eq!(error("y \\right)").offset, 2);
        let env = error("\\begin{foo} x \\end{foo}");
        assert_eq!(env.offset, 0);
        assert!(env.message.contains("`foo`"));
        assert!(error("\\begin{matrix} 1 & 2")
            .message
            .contains("\\end{matrix}"));
        assert!(error("a & b").message.contains("&"));
        assert!(error("x^").message.contains("superscript"));
        assert!(error("x^2^3").message.contains("double superscript"));
        assert!(error("50% off").message.contains("comment"));
        assert!(error("\\text{$x$}").message.contains("math inside"));
        assert!(error("\\sqrt[3{x}").message.contains("]"));
    }

    /// Checks that tags nest properly, so an `Ok` result is always well-formed markup.
    fn assert_well_formed(html: &str) {
        let mut stack: Vec<&str> = Vec::new();
        let mut rest = html;
        while let Some(open) = rest.find('<') {
            let close = rest[open..].find('>').expect("unclosed tag") + open;
            let tag = &rest[open + 1..close];
            rest = &rest[close + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop(), Some(name), "in {html}");
            } else if !tag.ends_with('/') {
                stack.push(tag.split(' ').next().unwrap());
            }
        }
        assert!(stack.is_empty(), "unclosed {stack:?} in {html}");
    }

    #[test]
    fn token_soup_never_panics() {
        const TOKENS: &[&str] = &[
            "x",
            "12",
            ".5",
            "{",
            "}",
            "^",
            "_",
            "'",
            "-",
            "+",
            "=",
            "(",
            ")",
            "[",
            "]",
            "|",
            "&",
            "\\\\",
            " ",
            "\\frac",
            "\\sqrt",
            "\\sqrt[",
            "\\left(",
            "\\right)",
            "\\middle|",
            "\\begin{pmatrix}",
            "\\end{pmatrix}",
            "\\begin{cases}",
            "\\end{cases}",
            "\\text{a b}",
            "\\mathrm{lr}",
            "\\mathbb",
            "\\hat",
            "\\sum",
            "\\limits",
            "\\max",
            "\\ln",
            "\\big(",
            "\\displaystyle",
            "\\not",
            "\\operatorname{f}",
            "\\,",
            "\\!",
            "\\foo",
            "\\",
            "é",
            "≤",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            let mut tex = String::new();
            state ^= state << 13;
            let len = 1 + (state % 12) as usize;
            for _ in 0..len {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                tex.push_str(TOKENS[(state % TOKENS.len() as u64) as usize]);
            }
            for display in [false, true] {
                match to_mathml(&tex, display) {
                    Ok(html) => assert_well_formed(&html),
                    Err(e) => assert!(e.offset <= tex.len(), "{tex:?}: {e}"),
                }
            }
        }
    }
}
