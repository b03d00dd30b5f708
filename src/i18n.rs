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

/// Each language's messages (Project Fluent), compiled in; `templates/i18n/<code>.ftl`.
const FTL: &[(Lang, &str)] = &[
    (Lang::En, include_str!("../templates/i18n/en.ftl")),
    (Lang::Id, include_str!("../templates/i18n/id.ftl")),
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
                let res = fluent_bundle::FluentResource::try_new(source.to_string())
                    .unwrap_or_else(|(partial, _)| partial);
                let _ = b.add_resource(res);
                (*l, b)
            })
            .collect()
    });
    &all.iter().find(|(l, _)| *l == lang).unwrap_or(&all[0]).1
}

/// An argument of a message: text or a number.
pub enum Arg<'a> {
    Str(&'a str),
    Num(f64),
}

/// One message of `lang` with its arguments; the key itself if it is unknown, so a typo
/// shows in the page (and the tests catch it).
pub fn tr(lang: Lang, key: &str, args: &[(&str, Arg)]) -> String {
    let b = bundle(lang);
    let Some(pattern) = b.get_message(key).and_then(|m| m.value()) else {
        return key.to_string();
    };
    let mut fargs = fluent_bundle::FluentArgs::new();
    for (name, v) in args {
        match v {
            Arg::Str(s) => fargs.set(*name, s.to_string()),
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

/// The message keys of `lang`'s file, in order.
fn keys(lang: Lang) -> Vec<String> {
    let source = FTL
        .iter()
        .find(|(l, _)| *l == lang)
        .map(|(_, s)| *s)
        .unwrap_or("");
    let res = match fluent_bundle::FluentResource::try_new(source.to_string()) {
        Ok(r) => r,
        Err((r, _)) => r,
    };
    res.entries()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
            _ => None,
        })
        .collect()
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
        for (lang, source) in FTL {
            assert!(
                fluent_bundle::FluentResource::try_new(source.to_string()).is_ok(),
                "{}.ftl does not parse",
                lang.code()
            );
        }
        let (en, id) = (keys(Lang::En), keys(Lang::Id));
        assert!(en.len() > 40);
        assert_eq!(
            en, id,
            "en.ftl and id.ftl must have the same keys in the same order"
        );
        for k in &en {
            assert!(!text(Lang::Id, k).trim().is_empty(), "{k}");
        }
        assert_eq!(text(Lang::Id, "what_this_shows"), "Apa yang ditunjukkan");
        assert_eq!(text(Lang::En, "figures"), "Figures");
        assert_eq!(tr(Lang::En, "run_column", &[("k", Arg::Num(3.0))]), "run 3");
        assert_eq!(status(Lang::Id, "claim failed"), "klaim gagal");
        assert_eq!(Lang::parse("id"), Ok(Lang::Id));
        assert!(Lang::parse("fr").is_err());
    }
}
