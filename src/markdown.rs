//! Markdown prose → safe HTML with math as MathML.
//!
//! `$…$` and `$$…$$` become MathML (no JavaScript, renders offline and in print). User text
//! can never inject markup: raw HTML in the Markdown is shown as text, links with a scheme
//! other than http(s), mailto or a relative path are neutralized, and images only show
//! files beside the report.

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
            dest_url: local_src(dest_url),
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

/// An image's source: a file beside the report (a relative path) only. A remote image (any
/// scheme, `//host/…`, `\\host\…`) would tell whoever wrote the spec when and where the
/// report is opened.
fn local_src(url: CowStr) -> CowStr {
    // What a browser ignores: spaces and controls around the URL, tabs and newlines in it.
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let remote = cleaned.contains(':') || cleaned.starts_with(['/', '\\']);
    if remote {
        CowStr::Borrowed("#")
    } else {
        url
    }
}

fn math(tex: &str, display: bool) -> String {
    match crate::latex::to_mathml(tex, display) {
        Ok(m) => m,
        // A spec's math is checked before it runs (`math_errors`); this is only reached by
        // math that a prose template produced.
        Err(e) => format!(
            "<code class=\"math-error\" title=\"{}\">{}</code>",
            escape(&e.message),
            escape(tex)
        ),
    }
}

/// The math of a Markdown text that does not convert: each snippet with why.
pub fn math_errors(text: &str) -> Vec<(String, crate::latex::LatexError)> {
    let opts = Options::ENABLE_MATH | Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    Parser::new_ext(text, opts)
        .filter_map(|ev| match ev {
            Event::InlineMath(m) => Some((m.to_string(), false)),
            Event::DisplayMath(m) => Some((m.to_string(), true)),
            _ => None,
        })
        // Math built by a prose template is only known after the run.
        .filter(|(m, _)| !m.contains("{{") && !m.contains("{%"))
        .filter_map(|(m, display)| crate::latex::to_mathml(&m, display).err().map(|e| (m, e)))
        .collect()
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
        assert!(math(r"\nosuchcommand", false).contains("math-error"));
        let errs = math_errors("ok $x^2$, bad $\\nosuchcommand + 1$");
        assert_eq!(errs.len(), 1);
        assert!(errs[0].1.message.contains("nosuchcommand"), "{:?}", errs[0]);
    }

    #[test]
    fn mathml_is_what_mathml_core_expects() {
        // Primes as a superscript of ′ ″, a true minus sign, a root over its argument.
        assert!(math("g''(x)", false).contains("<msup><mi>g</mi><mo>″</mo></msup>"));
        assert!(math("-x", false).contains("<mo>−</mo><mi>x</mi>"));
        assert!(math(r"\sqrt{n}", false).contains("<msqrt><mi>n</mi></msqrt>"));
        assert!(math(r"a \dots b", false).contains("…"));
        assert!(math(r"\mathcal{L}", false).contains("ℒ"));
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
    fn images_show_only_files_beside_the_report() {
        assert!(to_html("![f](loss.svg)").contains("src=\"loss.svg\""));
        for remote in [
            "https://x.example/b.png",
            "//x.example/b.png",
            "<\\\\x.example\\share\\b.png>",
            "<\t//x.example/b.png>",
            "data:image/png;base64,AAAA",
        ] {
            let h = to_html(&format!("![b]({remote})"));
            assert!(h.contains("src=\"#\""), "{remote}: {h}");
            assert!(!h.contains("x.example"), "{remote}: {h}");
        }
    }

    #[test]
    fn inline_drops_the_paragraph() {
        assert_eq!(inline("**a** b"), "<strong>a</strong> b");
    }
}
