//! Writing: every string a spec supplies is escaped for where it lands (HTML text and attributes, CSS strings, SVG, CSV), control characters refused, lengths bounded.
//!
//! The outputs are checked by parsing them (a small HTML tokenizer, an XML well-formedness
//! checker and a CSV reader below), not by searching for the attack strings: escaped text
//! may show them, live markup may not.

use crate::common::{gradlab_limited, root};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use crate::tempdir as tempfile;

/// What the hostile spec's title says: every way out of an HTML text, an attribute and a
/// CSS string at once (a newline, which a title may not hold, is refused by the check).
const TITLE: &str = r#"x"; } body { background: url(https://beacon.example/t) } .fails { display: none } @page { @top-left { content: "</style><script>alert(1)</script><img src=x onerror=alert(2)> ' \"#;

/// A spec of kind `optimize` with a sweep of two cases; `hostile` fills every text a spec
/// has with injection attempts, else with plain words of the same structure.
fn spec(hostile: bool) -> String {
    let yaml_str = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    let pick = |bad: &str, good: &str| yaml_str(if hostile { bad } else { good });
    format!(
        r#"title: {title}
kind: optimize
description: |
  {description}
params:
  objective: "x^2"
  start: -1
  methods:
    - method: newton
      label: {newton}
    - method: gd
      lr: 0.1
      label: {gd}
    - method: backtracking
      label: {bt}
  max_iter: 30
sweep:
  cases:
    - {{label: {case1}, "params.max_iter": 30}}
    - {{label: {case2}, "params.max_iter": 20}}
prose:
  - heading: {heading}
    text: |
      {prose}
claims:
  - when: "trials[0].newton.iterations < 100"
    says: {says}
"#,
        title = pick(TITLE, "A benign title"),
        description = if hostile {
            r#"<script>alert(3)</script> "}
  body { color: red } </style> [click](javascript:alert(4)) ![b](https://beacon.example/i.png)
  <img src=x onerror="alert(5)"> [a](jav&#x61;script:alert(6)) ![c](//beacon.example/c.png)"#
        } else {
            "A plain description."
        },
        newton = pick(r#"=HYPERLINK("https://beacon.example","x")"#, "Newton"),
        gd = pick(
            r#"<script>alert(7)</script>" onerror="alert(8)"#,
            "gradient descent"
        ),
        bt = pick("@SUM(1+1)*cmd|' /C calc'!A0", "backtracking"),
        case1 = pick("+cmd|' /C calc'!A0", "long"),
        case2 = pick("-2+3", "short"),
        heading = pick(
            "</h2><script>alert(9)</script><h2 onclick=alert(10)>",
            "Notes"
        ),
        prose = if hostile {
            r#"javascript:alert(11) <a href="javascript:alert(12)">x</a> <svg onload=alert(13)> {{ trials[0].newton.iterations }}"#
        } else {
            "Newton takes {{ trials[0].newton.iterations }} steps."
        },
        says = pick(
            "-1+1 <b onmouseover=alert(14)>x</b> =1+1",
            "Newton is quick."
        ),
    )
}

/// Runs `spec` into a fresh folder; the report folder.
fn run(dir: &Path, name: &str, text: &str) -> PathBuf {
    let file = dir.join(format!("{name}.yaml"));
    std::fs::write(&file, text).unwrap();
    let out = dir.join("out");
    let args: Vec<&OsStr> = vec![
        "run".as_ref(),
        file.as_os_str(),
        "--fast".as_ref(),
        "--quiet".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ];
    let o = gradlab_limited(&args, 60);
    assert_eq!(o.code, Some(0), "{name}: {}{}", o.stdout, o.stderr);
    out.join(name)
}

#[test]
fn spec_text_is_escaped_wherever_it_lands() {
    let dir = tempfile::tempdir().unwrap();
    let benign = run(dir.path(), "benign", &spec(false));
    let hostile = run(dir.path(), "hostile", &spec(true));
    let read = |d: &Path, f: &str| std::fs::read_to_string(d.join(f)).unwrap();

    // HTML: the page's markup is the template's; the spec's text is only text.
    let (good, bad) = (read(&benign, "index.html"), read(&hostile, "index.html"));
    let (good_tags, bad_tags) = (tags(&good), tags(&bad));
    let count = |tags: &[Tag], name: &str| tags.iter().filter(|t| !t.end && t.name == name).count();
    for name in [
        "script", "style", "iframe", "object", "embed", "link", "base", "form", "meta", "frame",
        "image", "svg",
    ] {
        assert_eq!(
            count(&bad_tags, name),
            count(&good_tags, name),
            "<{name}> elements: the hostile page has others than the template's"
        );
    }
    for t in &bad_tags {
        for (attr, value) in &t.attrs {
            assert!(!attr.starts_with("on"), "<{} {attr}={value:?}>", t.name);
            let url: String = value
                .chars()
                .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            for scheme in ["javascript:", "vbscript:", "data:text/html"] {
                assert!(!url.starts_with(scheme), "<{} {attr}={value:?}>", t.name);
            }
            // A link may point anywhere (it needs a click); nothing loads from elsewhere.
            if !(t.name == "a" && attr == "href") {
                assert!(
                    !value.contains("beacon.example"),
                    "<{} {attr}={value:?}>",
                    t.name
                );
            }
        }
    }
    // The stylesheet is the benign page's but for the title in the print header, which is
    // one CSS string of letters, digits, spaces and hex escapes that reads back as the title.
    let styles = |tags: &[Tag]| -> Vec<String> {
        tags.iter()
            .filter(|t| t.name == "style" && !t.end)
            .map(|t| t.raw.clone())
            .collect()
    };
    let (good_css, bad_css) = (styles(&good_tags), styles(&bad_tags));
    assert_eq!(good_css.len(), 1);
    let (bad_blank, header) = blank_header(&bad_css[0]);
    assert_eq!(
        bad_blank,
        blank_header(&good_css[0]).0,
        "the stylesheet changed"
    );
    assert!(
        header[1..header.len() - 1]
            .chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || c == '\\'),
        "{header}"
    );
    assert_eq!(css_unescape(&header), TITLE);
    // The visible title is the spec's, as text.
    let h1 = bad.find("<h1>").unwrap() + 4;
    let h1 = &bad[h1..h1 + bad[h1..].find("</h1>").unwrap()];
    assert_eq!(html_unescape(h1), TITLE);

    // Every figure is well-formed XML without scripts or handlers.
    let (mut figures, mut drawn) = (0, String::new());
    for e in std::fs::read_dir(&hostile).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_some_and(|x| x == "svg") {
            let svg = std::fs::read_to_string(&path).unwrap();
            drawn.push_str(&svg);
            if let Err(e) = check_xml(&svg) {
                panic!("{}: {e}", path.display());
            }
            let svg_tags = tags(&svg);
            assert!(svg_tags
                .iter()
                .all(|t| t.name != "script" && t.attrs.iter().all(|(a, _)| !a.starts_with("on"))));
            figures += 1;
        }
    }
    assert!(figures >= 2, "{figures} figures");
    assert!(
        drawn.contains("&lt;script&gt;alert(7)&lt;/script&gt;&quot; onerror=&quot;alert(8)"),
        "the label is drawn as text"
    );

    // No CSV cell reads as a formula; numbers keep their sign.
    let csv = read(&hostile, "metrics.csv");
    let rows = parse_csv(&csv);
    let header = &rows[0];
    let number = |s: &str| s.parse::<f64>().is_ok();
    let mut defused = 0;
    for (j, col) in header.iter().enumerate() {
        let cells: Vec<&str> = rows[1..].iter().map(|r| r[j].as_str()).collect();
        let text = cells.iter().any(|c| !c.is_empty() && !number(c));
        for c in &cells {
            let formula = c.starts_with(['=', '+', '-', '@', '\t', '\r']);
            assert!(!(formula && (text || !number(c))), "{col}: {c:?}");
            defused += usize::from(c.starts_with('\''));
        }
        if col == "x" {
            assert!(cells.contains(&"-1.0"), "a negative number is a number");
        }
    }
    assert!(defused > 0);
    for cell in [
        r#"'=HYPERLINK("https://beacon.example","x")"#,
        "'@SUM(1+1)*cmd|' /C calc'!A0",
        "'+cmd|' /C calc'!A0",
        "'-2+3",
    ] {
        assert!(
            rows.iter().flatten().any(|c| c == cell),
            "{cell} is not in the CSV"
        );
    }
    // The data itself is unchanged: the same numbers as the benign run.
    let benign_rows = parse_csv(&read(&benign, "metrics.csv"));
    let column = |rows: &[Vec<String>], name: &str| -> Vec<String> {
        let j = rows[0].iter().position(|c| c == name).unwrap();
        rows[1..].iter().map(|r| r[j].clone()).collect()
    };
    for col in ["x", "f", "grad_norm", "iteration"] {
        assert_eq!(column(&rows, col), column(&benign_rows, col), "{col}");
    }
}

#[test]
fn refused_texts_are_located_and_reach_no_terminal_raw() {
    let dir = root().join("tests/fixtures/hostile");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("escape-") && n.ends_with(".yaml"))
        })
        .collect();
    specs.sort();
    assert!(specs.len() >= 8, "{} escape-* specs", specs.len());
    for spec in &specs {
        let o = gradlab_limited(&["check".as_ref(), spec.as_os_str()], 2);
        assert_eq!(o.code, Some(2), "{}: {}", spec.display(), o.stderr);
        let name = spec.file_name().unwrap().to_string_lossy();
        assert!(
            o.stderr.contains(&format!("{name}:")),
            "{name} is not named: {}",
            o.stderr
        );
        // An escape sequence in a spec must not reach the terminal through the message.
        assert!(
            !o.stderr.chars().any(|c| c.is_control() && c != '\n'),
            "{name}: {:?}",
            o.stderr
        );
    }
}

// ---------------------------------------------------------------------------------------
// A small HTML tokenizer: what a browser would take as tags and attributes.

struct Tag {
    name: String,
    end: bool,
    /// Attribute names (lower case) and values (character references decoded).
    attrs: Vec<(String, String)>,
    /// The text of a raw-text element (`<style>`, `<script>`, `<title>`, …).
    raw: String,
}

fn tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let n = b.len();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let at = i + off;
        let rest = &html[at..];
        if let Some(body) = rest.strip_prefix("<!--") {
            i = at + 4 + body.find("-->").map_or(body.len(), |e| e + 3);
            continue;
        }
        let end = rest.starts_with("</");
        let from = at + if end { 2 } else { 1 };
        if rest.starts_with("<!") || rest.starts_with("<?") {
            i = at + rest.find('>').map_or(rest.len(), |e| e + 1);
            continue;
        }
        if !b.get(from).is_some_and(u8::is_ascii_alphabetic) {
            i = at + 1;
            continue;
        }
        let mut j = from;
        while j < n && !b[j].is_ascii_whitespace() && b[j] != b'/' && b[j] != b'>' {
            j += 1;
        }
        let name = html[from..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while j < n && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= n || b[j] == b'>' {
                j = (j + 1).min(n);
                break;
            }
            let s = j;
            j += 1;
            while j < n && !b[j].is_ascii_whitespace() && !matches!(b[j], b'/' | b'>' | b'=') {
                j += 1;
            }
            let attr = html[s..j].to_ascii_lowercase();
            while j < n && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let mut value = "";
            if j < n && b[j] == b'=' {
                j += 1;
                while j < n && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j < n && (b[j] == b'"' || b[j] == b'\'') {
                    let q = b[j] as char;
                    let vs = j + 1;
                    let ve = html[vs..].find(q).map_or(n, |e| vs + e);
                    value = &html[vs..ve];
                    j = (ve + 1).min(n);
                } else {
                    let vs = j;
                    while j < n && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                        j += 1;
                    }
                    value = &html[vs..j];
                }
            }
            attrs.push((attr, html_unescape(value)));
        }
        let mut raw = String::new();
        if !end
            && matches!(
                name.as_str(),
                "script" | "style" | "textarea" | "title" | "xmp"
            )
        {
            let close = format!("</{name}");
            let stop = html[j..]
                .to_ascii_lowercase()
                .find(&close)
                .map_or(n, |e| j + e);
            raw = html[j..stop].to_string();
            j = stop;
        }
        out.push(Tag {
            name,
            end,
            attrs,
            raw,
        });
        i = j;
    }
    out
}

/// Decodes character references: numeric ones and the common named ones.
fn html_unescape(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '#')
            .map_or(rest.len(), |e| e + 1);
        let name = &rest[1..end];
        let c = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
            u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
        } else if let Some(dec) = name.strip_prefix('#') {
            dec.parse().ok().and_then(char::from_u32)
        } else {
            match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "colon" => Some(':'),
                "Tab" => Some('\t'),
                "NewLine" => Some('\n'),
                _ => None,
            }
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[end..];
                rest = rest.strip_prefix(';').unwrap_or(rest);
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The stylesheet with the print header's string replaced by `""`, and that string.
fn blank_header(css: &str) -> (String, String) {
    let start = css.find("@top-center { content: ").unwrap() + "@top-center { content: ".len();
    let len = css[start..].find("; font:").unwrap();
    let header = css[start..start + len].to_string();
    assert!(header.starts_with('"') && header.ends_with('"'), "{header}");
    let blanked = format!("{}\"\"{}", &css[..start], &css[start + len..]);
    // The run's date in the footer string.
    let date = blanked.find("gradlab · ").unwrap() + "gradlab · ".len();
    (
        format!("{}{}", &blanked[..date], &blanked[date + 10..]),
        header,
    )
}

/// The text of a CSS string written as `"…"` with `\hex ` escapes.
fn css_unescape(quoted: &str) -> String {
    let inner = &quoted[1..quoted.len() - 1];
    let mut out = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let mut hex = String::new();
        while let Some(h) = chars
            .peek()
            .filter(|h| h.is_ascii_hexdigit() && hex.len() < 6)
        {
            hex.push(*h);
            chars.next();
        }
        assert!(!hex.is_empty(), "a non-hex escape in {quoted}");
        if chars.peek() == Some(&' ') {
            chars.next();
        }
        out.push(char::from_u32(u32::from_str_radix(&hex, 16).unwrap()).unwrap());
    }
    out
}

// ---------------------------------------------------------------------------------------
// XML well-formedness: characters, nesting, attributes, references, one root.

fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
        || c > '\u{ffff}'
}

/// The length of the reference at the start of `s` (`&amp;`, `&#60;`, `&#x3c;`).
fn reference(s: &str) -> Result<usize, String> {
    let end = s
        .find(';')
        .ok_or_else(|| format!("unterminated reference {s:.20}"))?;
    let name = &s[1..end];
    let ok = match name.strip_prefix('#') {
        Some(num) => {
            let v = match num.strip_prefix('x') {
                Some(h) => u32::from_str_radix(h, 16).ok(),
                None => num.parse().ok(),
            };
            v.and_then(char::from_u32).is_some_and(xml_char)
        }
        None => matches!(name, "lt" | "gt" | "amp" | "quot" | "apos"),
    };
    if ok {
        Ok(end + 1)
    } else {
        Err(format!("bad reference &{name};"))
    }
}

fn xml_name(s: &str) -> usize {
    s.find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | ':' | '-' | '.')))
        .unwrap_or(s.len())
}

fn check_xml(text: &str) -> Result<(), String> {
    if let Some(c) = text.chars().find(|&c| !xml_char(c)) {
        return Err(format!("U+{:04X} is not an XML character", c as u32));
    }
    let mut stack: Vec<&str> = Vec::new();
    let mut roots = 0;
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let c = rest.chars().next().unwrap();
        if c == '&' {
            i += reference(rest)?;
            continue;
        }
        if c != '<' {
            if stack.is_empty() && !c.is_whitespace() {
                return Err(format!("text outside the root: {rest:.20}"));
            }
            i += c.len_utf8();
            continue;
        }
        let close = |pat: &str| rest.find(pat).ok_or_else(|| format!("unclosed {rest:.20}"));
        if rest.starts_with("<?") {
            i += close("?>")? + 2;
        } else if rest.starts_with("<!--") {
            let e = close("-->")?;
            if rest[4..e].contains("--") {
                return Err("-- in a comment".into());
            }
            i += e + 3;
        } else if rest.starts_with("<![CDATA[") {
            if stack.is_empty() {
                return Err("CDATA outside the root".into());
            }
            i += close("]]>")? + 3;
        } else if rest.starts_with("<!") {
            if roots > 0 {
                return Err("a declaration after the root".into());
            }
            i += close(">")? + 1;
        } else if let Some(body) = rest.strip_prefix("</") {
            let len = xml_name(body);
            let name = &body[..len];
            let after = body[len..].trim_start();
            if !after.starts_with('>') {
                return Err(format!("bad end tag </{name}"));
            }
            match stack.pop() {
                Some(open) if open == name => {}
                other => return Err(format!("</{name}> closes {other:?}")),
            }
            i += 2 + len + (body[len..].len() - after.len()) + 1;
        } else {
            let body = &rest[1..];
            let len = xml_name(body);
            if len == 0 {
                return Err(format!("a bare < at {rest:.20}"));
            }
            let name = &body[..len];
            if stack.is_empty() {
                roots += 1;
                if roots > 1 {
                    return Err("a second root element".into());
                }
            }
            let mut j = 1 + len;
            let mut seen: Vec<&str> = Vec::new();
            loop {
                let ws = rest[j..].len() - rest[j..].trim_start().len();
                j += ws;
                let r = &rest[j..];
                if r.starts_with("/>") {
                    j += 2;
                    break;
                }
                if r.starts_with('>') {
                    stack.push(name);
                    j += 1;
                    break;
                }
                if ws == 0 {
                    return Err(format!("no space before an attribute in <{name}"));
                }
                let alen = xml_name(r);
                if alen == 0 {
                    return Err(format!("bad attribute in <{name}: {r:.20}"));
                }
                let attr = &r[..alen];
                if seen.contains(&attr) {
                    return Err(format!("<{name}> repeats {attr}"));
                }
                seen.push(attr);
                let r2 = r[alen..].trim_start();
                let r2 = r2
                    .strip_prefix('=')
                    .ok_or_else(|| format!("{attr} has no value"))?
                    .trim_start();
                let q = r2
                    .chars()
                    .next()
                    .filter(|q| *q == '"' || *q == '\'')
                    .ok_or_else(|| format!("{attr}'s value is not quoted"))?;
                let vend = r2[1..]
                    .find(q)
                    .ok_or_else(|| format!("{attr}'s value is not closed"))?;
                let value = &r2[1..1 + vend];
                if value.contains('<') {
                    return Err(format!("< in {attr}"));
                }
                let mut k = 0;
                while let Some(a) = value[k..].find('&') {
                    k += a;
                    k += reference(&value[k..])?;
                }
                j += r.len() - r2.len() + 1 + vend + 1;
            }
            i += j;
        }
    }
    if !stack.is_empty() {
        return Err(format!("unclosed {stack:?}"));
    }
    if roots != 1 {
        return Err(format!("{roots} root elements"));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// CSV (RFC 4180: quoted fields, "" for a quote).

fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    rows
}

#[test]
fn the_checkers_find_what_they_look_for() {
    assert!(check_xml("<svg a=\"1\"><t>x &amp; y</t></svg>").is_ok());
    for bad in [
        "<svg><t>x</svg>",
        "<svg a=1/>",
        "<svg>\u{1b}</svg>",
        "<svg>&nbsp;</svg>",
        "<svg/><svg/>",
        "<svg a=\"<\"/>",
        "<svg a=\"1\" a=\"2\"/>",
    ] {
        assert!(check_xml(bad).is_err(), "{bad}");
    }
    let t = tags("<p>a</p><img src=x onerror=alert(1)><a href=\"jav&#x61;script:x\">");
    assert_eq!(t[2].name, "img");
    assert_eq!(
        t[2].attrs[1],
        ("onerror".to_string(), "alert(1)".to_string())
    );
    assert_eq!(t[3].attrs[0].1, "javascript:x");
    let s = tags("<style>a</style><b>x</b><style>p{}</style>");
    assert_eq!((s[0].raw.as_str(), s[4].raw.as_str()), ("a", "p{}"));
    assert_eq!(css_unescape("\"a\\22  b\\a c\""), "a\" b\nc");
    assert_eq!(
        parse_csv("a,b\n\"x,\"\"y\",'=1\n"),
        vec![vec!["a", "b"], vec!["x,\"y", "'=1"]]
    );
}
