//! A kind defined outside gradlab and registered at run time, in a test binary of its own:
//! the registry is process-wide, and the other tests' messages list the built-in kinds.

use gradlab::{check, execute, Options, Source, Templates};

/// A kind written outside gradlab, as ARCHITECTURE.md's worked example: the powers of a
/// number. Its own code and one `register` call are all it takes.
mod powers {
    use gradlab::collect::{Table, Values};
    use gradlab::error::SpecErrors;
    use gradlab::kinds::{Chapter, Kind};
    use gradlab::locate::Located;
    use gradlab::parse::{deserialize, Node};
    use gradlab::run::Outcome;

    #[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Params {
        base: f64,
        up_to: u32,
    }

    pub struct PowersKind;

    impl Kind for PowersKind {
        type Params = Params;
        type Spec = Params;
        const ID: &'static str = "powers";
        const CHAPTER: Chapter = Chapter::Numerical;
        const SUMMARY: &'static str = "The powers of a number, until they overflow.";
        const EXAMPLE: &'static str = "params:\n  base: 10\n  up_to: 400\n";
        const STARTER: &'static str =
            "title: Powers of ten\nkind: powers\nparams:\n  base: 10\n  up_to: 400\n";
        const COLUMNS: &'static [(&'static str, &'static str)] =
            &[("k", "the exponent"), ("value", "base^k in f64")];

        fn check(node: &Node, base: &str, at: &Located) -> Result<Params, SpecErrors> {
            let p: Params = deserialize(node, base, at)?;
            if p.up_to == 0 || p.up_to > 10_000 {
                let e = at
                    .at_value(&format!("{base}.up_to"), format!("`up_to` is {}", p.up_to))
                    .expected("between 1 and 10000");
                return Err(e.into());
            }
            Ok(p)
        }
        fn run(p: &Params, _: usize, _: u64, _: gradlab::i18n::Lang) -> Result<Outcome, String> {
            let k: Vec<i64> = (0..=p.up_to as i64).collect();
            let v: Vec<f64> = k.iter().map(|&k| p.base.powi(k as i32)).collect();
            let first_inf = v.iter().position(|x| x.is_infinite());
            Ok(Outcome {
                metrics: Table::new()
                    .with("k", Values::I64(k))
                    .with("value", Values::F64(v)),
                results: serde_json::json!({ "first_inf": first_inf }),
                findings: vec![match first_inf {
                    Some(k) => format!("{}^{k} is the first power that overflows f64.", p.base),
                    None => "No power overflows f64.".into(),
                }],
                ..Default::default()
            })
        }
    }
}

#[test]
fn a_kind_registered_from_outside_is_listed_checked_and_run() {
    gradlab::kinds::register::<powers::PowersKind>().unwrap();
    assert!(
        gradlab::kinds::register::<powers::PowersKind>().is_err(),
        "one id, once"
    );
    let k = gradlab::kinds::find("powers").expect("in the registry");
    assert_eq!(k.chapter(), gradlab::kinds::Chapter::Numerical);
    assert!(gradlab::kinds::all().iter().any(|k| k.id() == "powers"));
    // The schema has a branch for it.
    let schema = gradlab::schema::spec_schema().to_string();
    assert!(schema.contains(r#""const":"powers""#), "{schema}");
    // Its starter runs; its claims and prose see its results.
    let spec = format!(
        "{}claims:\n  - when: \"first_inf == 309\"\n    says: \"10^309 overflows.\"\n",
        k.starter()
    );
    let r = execute(
        &Source::from_text("powers.yaml", spec),
        &Options::default(),
        &Templates::builtin(),
    )
    .unwrap();
    assert_eq!(r.info.status, "ok", "{:?}", r.info.error);
    assert!(r.info.claims_failed.is_empty());
    assert!(r
        .html()
        .contains("10^309 is the first power that overflows f64."));
    // Its checks give located errors like any kind's.
    let bad = Source::from_text("bad.yaml", k.starter().replace("up_to: 400", "up_to: 0"));
    let e = check(&bad, &Options::default()).unwrap_err().to_string();
    assert!(
        e.contains("bad.yaml:5:") && e.contains("`up_to` is 0"),
        "{e}"
    );
    let typo = Source::from_text(
        "typo.yaml",
        k.starter().replace("kind: powers", "kind: power"),
    );
    let e = check(&typo, &Options::default()).unwrap_err().to_string();
    assert!(e.contains("did you mean `powers`?"), "{e}");
}
