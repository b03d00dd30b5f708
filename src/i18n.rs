//! The reports' own text in English and Indonesian (the language the course is taught
//! in), from Project Fluent files (`templates/i18n/<code>.ftl`): headings, labels, notes,
//! the index page, and the sentences the pipeline writes. A spec's own texts come in both
//! languages through [`Localized`].

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A report language: `lang: en` (default) or `lang: id` in a spec, or `--lang`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Id,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Id => "id",
        }
    }

    pub fn parse(s: &str) -> Result<Lang, String> {
        match s {
            "en" => Ok(Lang::En),
            "id" => Ok(Lang::Id),
            _ => Err(format!("`{s}` is not a report language: `en` or `id`")),
        }
    }
}

/// A text a spec gives in one or both languages: a plain string (the same in every
/// report), or `{en: …, id: …}` (`en` required; an `id` report falls back to it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Localized {
    pub en: String,
    pub id: Option<String>,
}

impl Localized {
    /// The text for a report in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Id => self.id.as_deref().unwrap_or(&self.en),
            Lang::En => &self.en,
        }
    }

    /// Every language's text with the suffix of its field path (`""` for a plain string,
    /// `.en` / `.id` for a mapping), for checks that must see both.
    pub fn variants(&self) -> Vec<(&'static str, &str)> {
        match &self.id {
            None => vec![("", self.en.as_str())],
            Some(id) => vec![(".en", self.en.as_str()), (".id", id.as_str())],
        }
    }

    pub fn is_empty(&self) -> bool {
        self.en.trim().is_empty()
    }
}

impl Localized {
    /// The JSON Schema of such a text (used by the spec's own schema and the kinds').
    pub fn schema(description: &str) -> serde_json::Value {
        serde_json::json!({
            "description": description,
            "anyOf": [
                {"type": "string"},
                {
                    "type": "object",
                    "required": ["en"],
                    "additionalProperties": false,
                    "properties": {"en": {"type": "string"}, "id": {"type": "string"}},
                },
            ],
        })
    }
}

impl schemars::JsonSchema for Localized {
    fn schema_name() -> String {
        "Localized".into()
    }
    fn json_schema(_: &mut schemars::gen::SchemaGenerator) -> schemars::schema::Schema {
        serde_json::from_value(Localized::schema(
            "a text, or the text per language: `{en: …, id: …}`",
        ))
        .expect("a valid schema")
    }
}

impl<'de> Deserialize<'de> for Localized {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Localized;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a text, or a mapping with `en:` and `id:` texts")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Localized, E> {
                Ok(Localized {
                    en: v.to_string(),
                    id: None,
                })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Localized, A::Error> {
                let (mut en, mut id) = (None, None);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "en" => en = Some(map.next_value::<String>()?),
                        "id" => id = Some(map.next_value::<String>()?),
                        other => return Err(serde::de::Error::unknown_field(other, &["en", "id"])),
                    }
                }
                let en = en.ok_or_else(|| serde::de::Error::missing_field("en"))?;
                Ok(Localized { en, id })
            }
        }
        d.deserialize_any(V)
    }
}

/// Each language's messages (Project Fluent), compiled in: `templates/i18n/<code>/<part>.ftl`,
/// one file per part of the program (the report page, the plots, each experiment kind), the
/// same files with the same keys in every language.
const FTL: &[(Lang, &[(&str, &str)])] = &[
    (
        Lang::En,
        &[
            ("report", include_str!("../templates/i18n/en/report.ftl")),
            ("plot", include_str!("../templates/i18n/en/plot.ftl")),
            ("common", include_str!("../templates/i18n/en/common.ftl")),
            (
                "numerics",
                include_str!("../templates/i18n/en/numerics.ftl"),
            ),
            ("softmax", include_str!("../templates/i18n/en/softmax.ftl")),
            (
                "rounding",
                include_str!("../templates/i18n/en/rounding.ftl"),
            ),
            (
                "conditioning",
                include_str!("../templates/i18n/en/conditioning.ftl"),
            ),
            (
                "jacobian",
                include_str!("../templates/i18n/en/jacobian.ftl"),
            ),
            (
                "optimize",
                include_str!("../templates/i18n/en/optimize.ftl"),
            ),
            (
                "critical_points",
                include_str!("../templates/i18n/en/critical_points.ftl"),
            ),
            (
                "perceptron",
                include_str!("../templates/i18n/en/perceptron.ftl"),
            ),
            (
                "backprop",
                include_str!("../templates/i18n/en/backprop.ftl"),
            ),
            ("train", include_str!("../templates/i18n/en/train.ftl")),
            ("depth", include_str!("../templates/i18n/en/depth.ftl")),
            (
                "activations",
                include_str!("../templates/i18n/en/activations.ftl"),
            ),
            (
                "transfer",
                include_str!("../templates/i18n/en/transfer.ftl"),
            ),
            (
                "hyperparameters",
                include_str!("../templates/i18n/en/hyperparameters.ftl"),
            ),
        ],
    ),
    (
        Lang::Id,
        &[
            ("report", include_str!("../templates/i18n/id/report.ftl")),
            ("plot", include_str!("../templates/i18n/id/plot.ftl")),
            ("common", include_str!("../templates/i18n/id/common.ftl")),
            (
                "numerics",
                include_str!("../templates/i18n/id/numerics.ftl"),
            ),
            ("softmax", include_str!("../templates/i18n/id/softmax.ftl")),
            (
                "rounding",
                include_str!("../templates/i18n/id/rounding.ftl"),
            ),
            (
                "conditioning",
                include_str!("../templates/i18n/id/conditioning.ftl"),
            ),
            (
                "jacobian",
                include_str!("../templates/i18n/id/jacobian.ftl"),
            ),
            (
                "optimize",
                include_str!("../templates/i18n/id/optimize.ftl"),
            ),
            (
                "critical_points",
                include_str!("../templates/i18n/id/critical_points.ftl"),
            ),
            (
                "perceptron",
                include_str!("../templates/i18n/id/perceptron.ftl"),
            ),
            (
                "backprop",
                include_str!("../templates/i18n/id/backprop.ftl"),
            ),
            ("train", include_str!("../templates/i18n/id/train.ftl")),
            ("depth", include_str!("../templates/i18n/id/depth.ftl")),
            (
                "activations",
                include_str!("../templates/i18n/id/activations.ftl"),
            ),
            (
                "transfer",
                include_str!("../templates/i18n/id/transfer.ftl"),
            ),
            (
                "hyperparameters",
                include_str!("../templates/i18n/id/hyperparameters.ftl"),
            ),
        ],
    ),
];

type Bundle = fluent_bundle::concurrent::FluentBundle<fluent_bundle::FluentResource>;

/// The bundle of `lang`, built once. The shipped files are checked by the tests, so a
/// syntax error cannot reach a user; should one slip through, its messages are skipped.
fn bundle(lang: Lang) -> &'static Bundle {
    static BUNDLES: std::sync::OnceLock<Vec<(Lang, Bundle)>> = std::sync::OnceLock::new();
    let all = BUNDLES.get_or_init(|| {
        FTL.iter()
            .map(|(l, source)| {
                let id: unic_langid::LanguageIdentifier =
                    l.code().parse().expect("a valid language code");
                let mut b = Bundle::new_concurrent(vec![id]);
                // No Unicode isolation marks around arguments: the text is HTML and plain text.
                b.set_use_isolating(false);
                for (_, source) in source.iter() {
                    let res = fluent_bundle::FluentResource::try_new(source.to_string())
                        .unwrap_or_else(|(partial, _)| partial);
                    let _ = b.add_resource(res);
                }
                (*l, b)
            })
            .collect()
    });
    &all.iter().find(|(l, _)| *l == lang).unwrap_or(&all[0]).1
}

/// An argument of a message: text, or a number (for plural forms: `{ $n -> [one] … }`).
/// Floats meant for reading are best passed as text formatted by `common::num`.
pub enum Arg {
    Str(String),
    Num(f64),
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Str(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Str(s.clone())
    }
}
impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Str(s.to_string())
    }
}
impl From<f64> for Arg {
    fn from(n: f64) -> Arg {
        Arg::Num(n)
    }
}
impl From<usize> for Arg {
    fn from(n: usize) -> Arg {
        Arg::Num(n as f64)
    }
}
impl From<u64> for Arg {
    fn from(n: u64) -> Arg {
        Arg::Num(n as f64)
    }
}
impl From<i64> for Arg {
    fn from(n: i64) -> Arg {
        Arg::Num(n as f64)
    }
}
impl From<u32> for Arg {
    fn from(n: u32) -> Arg {
        Arg::Num(n as f64)
    }
}
impl From<i32> for Arg {
    fn from(n: i32) -> Arg {
        Arg::Num(n as f64)
    }
}

/// `tr!(lang, "optimize-converged", label = name, steps = n)`: a message of `lang` with
/// named arguments (any type with `Arg: From<T>`).
#[macro_export]
macro_rules! tr {
    ($lang:expr, $key:expr) => {
        $crate::i18n::tr($lang, $key, &[])
    };
    ($lang:expr, $key:expr, $($name:ident = $val:expr),+ $(,)?) => {
        $crate::i18n::tr(
            $lang,
            $key,
            &[$((stringify!($name), $crate::i18n::Arg::from($val))),+],
        )
    };
}

/// One message of `lang` with its arguments; the key itself if it is unknown, so a typo
/// shows in the page (and the tests catch it).
pub fn tr(lang: Lang, key: &str, args: &[(&'static str, Arg)]) -> String {
    let b = bundle(lang);
    let Some(pattern) = b.get_message(key).and_then(|m| m.value()) else {
        return key.to_string();
    };
    let mut fargs = fluent_bundle::FluentArgs::new();
    for (name, v) in args {
        match v {
            Arg::Str(s) => fargs.set(*name, s.clone()),
            Arg::Num(n) => fargs.set(*name, *n),
        }
    }
    let mut errors = Vec::new();
    b.format_pattern(pattern, Some(&fargs), &mut errors)
        .into_owned()
}

/// One fixed text in `lang` (the key itself if it is unknown, so a typo shows).
pub fn text(lang: Lang, key: &str) -> String {
    tr(lang, key, &[])
}

/// The message keys of each of `lang`'s files, in order: (part, keys).
fn keys_by_part(lang: Lang) -> Vec<(&'static str, Vec<String>)> {
    let files = FTL
        .iter()
        .find(|(l, _)| *l == lang)
        .map(|(_, f)| *f)
        .unwrap_or(&[]);
    files
        .iter()
        .map(|(part, source)| {
            let res = match fluent_bundle::FluentResource::try_new(source.to_string()) {
                Ok(r) => r,
                Err((r, _)) => r,
            };
            let keys = res
                .entries()
                .filter_map(|e| match e {
                    fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                    _ => None,
                })
                .collect();
            (*part, keys)
        })
        .collect()
}

/// The message keys of the report page's file (what the templates read as `t.<key>`).
fn keys(lang: Lang) -> Vec<String> {
    keys_by_part(lang)
        .into_iter()
        .find(|(p, _)| *p == "report")
        .map(|(_, k)| k)
        .unwrap_or_default()
}

/// Whether `lang` has a message `key`.
pub fn has(lang: Lang, key: &str) -> bool {
    bundle(lang).has_message(key)
}

/// Every fixed text of `lang`, for the templates (`{{ t.figures }}`).
pub fn table(lang: Lang) -> BTreeMap<String, String> {
    keys(lang)
        .into_iter()
        .map(|k| {
            let v = text(lang, &k);
            (k, v)
        })
        .collect()
}

/// A run status (`ok`, `claim failed`, …) in `lang`.
pub fn status(lang: Lang, status: &str) -> String {
    text(lang, &format!("status_{}", status.replace(' ', "_")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_message_and_each_parses() {
        for (lang, files) in FTL {
            for (part, source) in files.iter() {
                assert!(
                    fluent_bundle::FluentResource::try_new(source.to_string()).is_ok(),
                    "{}/{part}.ftl does not parse",
                    lang.code()
                );
            }
        }
        let (en, id) = (keys_by_part(Lang::En), keys_by_part(Lang::Id));
        assert!(keys(Lang::En).len() > 40);
        for ((part, e), (_, i)) in en.iter().zip(&id) {
            assert_eq!(
                e, i,
                "en/{part}.ftl and id/{part}.ftl must have the same keys in the same order"
            );
            for k in e {
                assert!(!text(Lang::Id, k).trim().is_empty(), "{k}");
                // Keys carry their file's name, so two files cannot define the same one.
                if *part != "report" {
                    assert!(
                        k.starts_with(&format!("{}-", part.replace('_', "-"))),
                        "{part}: {k}"
                    );
                }
            }
        }
        assert_eq!(text(Lang::Id, "what_this_shows"), "Apa yang ditunjukkan");
        assert_eq!(text(Lang::En, "figures"), "Figures");
        assert_eq!(crate::tr!(Lang::En, "run_column", k = 3usize), "run 3");
        assert_eq!(status(Lang::Id, "claim failed"), "klaim gagal");
        assert_eq!(Lang::parse("id"), Ok(Lang::Id));
        assert!(Lang::parse("fr").is_err());
    }
}
