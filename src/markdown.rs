//! Markdown prose → safe HTML with math as MathML.
//!
//! `$…$` and `$$…$$` become MathML (no JavaScript, renders offline and in print). User text
//! can never inject markup: raw HTML in the Markdown is shown as text, and links or images
//! with a scheme other than http(s), mailto or a relative path are neutralized.

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag};

/// Renders Markdown (with math) to sanitized HTML.
pub fn to_html(text: &str) -> String {
    let opts = Options::ENABLE_MATH | Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events = Parser::new_ext(text, opts).map(|ev| match ev {
        Event::InlineMath(m) => Event::InlineHtml(math(&m, false).into()),
        Event::DisplayMath(m) => Event::Html(math(&m, true).into()),
        // Raw HTML from the user is shown, never interpreted.
        Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

/// Inline Markdown (a single paragraph's content, without the `<p>` wrapper).
pub fn inline(text: &str) -> String {
    let html = to_html(text);
    let t = html.trim();
    match t.strip_prefix("<p>").and_then(|s| s.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => t.to_string(),
    }
}

fn safe_url(url: CowStr) -> CowStr {
    let lower = url.trim().to_ascii_lowercase();
    let scheme = lower.split_once(':').map(|(s, _)| s);
    let ok = match scheme {
        None => true,
        Some(s) if s.contains('/') || s.contains('#') || s.contains('?') => true,
        Some(s) => matches!(s, "http" | "https" | "mailto"),
    };
    if ok {
        url
    } else {
        CowStr::Borrowed("#")
    }
}

fn math(tex: &str, display: bool) -> String {
    let style = if display {
        latex2mathml::DisplayStyle::Block
    } else {
        latex2mathml::DisplayStyle::Inline
    };
    match latex2mathml::latex_to_mathml(&normalize_tex(tex), style) {
        // latex2mathml reports unknown commands inside its output rather than as an error.
        Ok(m) if !m.contains("[PARSE ERROR") => m,
        _ => format!(
            "<code class=\"math-error\" title=\"this LaTeX could not be converted\">{}</code>",
            escape(tex)
        ),
    }
}

/// Spellings latex2mathml lacks, mapped to ones it has: `\\le` → `\\leq`, `\\tfrac` →
/// `\\frac`, `\\lvert` → `|`, …
fn normalize_tex(tex: &str) -> String {
    const ALIASES: &[(&str, &str)] = &[
        ("le", "\\leq"),
        ("ge", "\\geq"),
        ("tfrac", "\\frac"),
        ("dfrac", "\\frac"),
        ("lvert", "|"),
        ("rvert", "|"),
        ("lVert", "\\|"),
        ("rVert", "\\|"),
        // Sizing commands: MathML stretches fences by itself.
        ("big", ""),
        ("Big", ""),
        ("bigl", ""),
        ("bigr", ""),
        ("Bigl", ""),
        ("Bigr", ""),
        ("qquad", "\\quad\\quad"),
    ];
    let mut out = String::with_capacity(tex.len());
    let mut rest = tex;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let name_len = after
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .count();
        let name = &after[..name_len];
        match ALIASES.iter().find(|(a, _)| *a == name) {
            Some((_, to)) => out.push_str(to),
            None => {
                out.push('\\');
                out.push_str(name);
            }
        }
        rest = &after[name_len..];
        if name_len == 0 {
            // An escaped symbol such as `\\|` or `\\,`: keep the next char verbatim.
            if let Some(c) = rest.chars().next() {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Escapes text for HTML.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn math_becomes_mathml() {
        let h = to_html(
            "Step $\\epsilon^* = \\frac{g^T g}{g^T H g}$ and\n\n$$x_{k+1} = x_k - H^{-1} g$$",
        );
        assert!(h.contains("<math"), "{h}");
        assert!(h.contains("display=\"block\""), "{h}");
        assert!(h.contains("<mfrac>"), "{h}");
    }

    #[test]
    fn the_course_notation_converts() {
        for t in [
            r"\le",
            r"\leq",
            r"\ge 0",
            r"\tfrac12",
            r"\mathrm{lr}",
            r"x^\top",
            r"\sqrt 2",
            r"\approx",
            r"\nabla f",
            r"\|a\|",
            r"\lambda_{max}",
            r"\epsilon^*",
            r"\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}",
            r"\frac{a}{b}",
            r"\ln x",
            r"\kappa",
            r"\pm",
            r"a\,b",
            r"\text{min}",
            r"\left( x \right)",
            r"\cdot",
            r"\infty",
            r"\sum_{i=1}^n",
            r"\partial",
            r"\sigma",
            r"\hat{y}",
            r"\lvert x \rvert",
        ] {
            let h = math(t, false);
            assert!(h.starts_with("<math"), "{t}: {h}");
        }
        assert_eq!(
            normalize_tex(r"a \le b \left( \leq"),
            r"a \leq b \left( \leq"
        );
        assert!(math(r"\nosuchcommand", false).contains("math-error"));
    }

    #[test]
    fn scripts_never_reach_the_page() {
        let h = to_html("hi <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n<div onclick=\"x\">block</div>");
        assert!(!h.contains("<script"), "{h}");
        assert!(!h.contains("<img"), "{h}");
        assert!(!h.contains("<div"), "{h}");
        assert!(!h.contains("javascript:"), "{h}");
        assert!(h.contains("&lt;script&gt;"), "{h}");
    }

    #[test]
    fn normal_links_survive() {
        assert!(to_html("[doc](https://example.org/a)").contains("href=\"https://example.org/a\""));
        assert!(to_html("[data](metrics.csv)").contains("href=\"metrics.csv\""));
    }

    #[test]
    fn inline_drops_the_paragraph() {
        assert_eq!(inline("**a** b"), "<strong>a</strong> b");
    }
}
