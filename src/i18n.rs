//! The report's fixed text in English and Indonesian (the language the course is taught
//! in). Headings, labels and the footer come from here; the spec's own prose and the
//! computed findings are left as they are.

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
                        other => {
                            return Err(serde::de::Error::unknown_field(other, &["en", "id"]))
                        }
                    }
                }
                let en = en.ok_or_else(|| serde::de::Error::missing_field("en"))?;
                Ok(Localized { en, id })
            }
        }
        d.deserialize_any(V)
    }
}

/// (key, English, Indonesian).
const TEXT: &[(&str, &str, &str)] = &[
    ("all_experiments", "← all experiments", "← semua eksperimen"),
    ("kind", "kind", "jenis"),
    ("seed", "seed", "seed"),
    ("fast_mode", "fast mode", "mode cepat"),
    ("trials", "trials", "percobaan"),
    ("failed_heading", "The experiment failed", "Eksperimen gagal"),
    ("what_this_shows", "What this shows", "Apa yang ditunjukkan"),
    (
        "claims",
        "Claims, checked against this run's data",
        "Klaim, diperiksa terhadap data run ini",
    ),
    ("claim_holds", "holds", "terpenuhi"),
    ("claim_fails", "does not hold", "tidak terpenuhi"),
    ("figures", "Figures", "Gambar"),
    ("figure", "Figure", "Gambar"),
    ("results", "Results", "Hasil"),
    ("parameters", "Parameters", "Parameter"),
    (
        "resolved_spec",
        "The resolved spec (after fast-mode overrides), as saved in",
        "Spesifikasi yang dipakai (setelah penggantian mode cepat), seperti disimpan di",
    ),
    ("data", "Data", "Data"),
    (
        "tidy_tables",
        "Tidy tables, one row per observation:",
        "Tabel rapi, satu baris per observasi:",
    ),
    ("reproduce", "Reproduce:", "Reproduksi:"),
    ("revision", "revision", "revisi"),
    ("spec_sha", "spec sha256", "sha256 spesifikasi"),
    ("started", "started", "mulai"),
    ("reports", "gradlab reports", "laporan gradlab"),
    ("experiments", "experiments", "eksperimen"),
    ("not_ok", "not ok", "tidak ok"),
    ("experiment", "experiment", "eksperimen"),
    ("status", "status", "status"),
    ("time", "time", "waktu"),
    ("regenerate", "Regenerate with", "Buat ulang dengan"),
    (
        "self_contained",
        "Each report is a single self-contained HTML file.",
        "Setiap laporan adalah satu berkas HTML mandiri.",
    ),
    ("every_trial", "Every trial", "Semua percobaan"),
    ("best_configuration", "Best configuration", "Konfigurasi terbaik"),
    ("trial", "Trial", "Percobaan"),
    (
        "sweep_table",
        "Sweep: one row per trial",
        "Sweep: satu baris per percobaan",
    ),
    (
        "sweep_note",
        "Trials are the cartesian product of the sweep's value lists; each is tagged in the data by `trial` and its `sweep.*` columns.",
        "Percobaan adalah hasil kali kartesius dari daftar nilai sweep; setiap percobaan ditandai dalam data oleh kolom `trial` dan kolom `sweep.*`.",
    ),
    (
        "sorted_best_first",
        "Sorted best first by the validation score.",
        "Diurutkan dari skor validasi terbaik.",
    ),
    ("scores_best", "scores best", "mendapat skor terbaik"),
    (
        "tied_with",
        "a tie on the score with trial(s)",
        "skornya sama dengan percobaan",
    ),
];

/// One fixed text in `lang` (the key itself if it is unknown, so a typo shows).
pub fn text(lang: Lang, key: &str) -> String {
    TEXT.iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, en, id)| match lang {
            Lang::En => *en,
            Lang::Id => *id,
        })
        .unwrap_or(key)
        .to_string()
}

/// Every fixed text of `lang`, for the templates (`{{ t.figures }}`).
pub fn table(lang: Lang) -> BTreeMap<&'static str, &'static str> {
    TEXT.iter()
        .map(|(k, en, id)| {
            (
                *k,
                match lang {
                    Lang::En => *en,
                    Lang::Id => *id,
                },
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_has_both_languages() {
        for (k, en, id) in TEXT {
            assert!(!en.is_empty() && !id.is_empty(), "{k}");
        }
        assert_eq!(text(Lang::Id, "what_this_shows"), "Apa yang ditunjukkan");
        assert_eq!(text(Lang::En, "figures"), "Figures");
        assert_eq!(Lang::parse("id"), Ok(Lang::Id));
        assert!(Lang::parse("fr").is_err());
    }
}
