//! A spec and its run → a literate Jupyter notebook (nbformat 4) for the evcxr Rust kernel,
//! behind `gradlab notebook`. Pure: the CLI runs the spec and writes the file.
//!
//! The description and each prose section become Markdown cells (the prose with the numbers
//! of the run that generated the notebook); loading the spec, running it, every figure, every
//! results table and the metrics become code cells that recompute them through
//! [`crate::notebook`]. Code cells carry the outputs of the generating run, so the notebook
//! reads complete before it is executed; executing it replaces them.

use crate::check::Experiment;
use crate::notebook::{Rich, Run, Spec};
use serde_json::{json, Value};

/// Where the notebook finds the library and the spec, relative to the notebook's folder.
pub struct Paths {
    /// The crate's folder, for `:dep gradlab = { path = … }`.
    pub crate_dir: String,
    /// The spec file.
    pub spec: String,
    /// The reports folder, for `run.save(…)`.
    pub reports: String,
    /// A report language chosen on the command line (`--lang`), kept as `.lang(…)?`.
    pub lang: Option<String>,
}

/// The notebook as nbformat 4 JSON.
pub fn notebook(exp: &Experiment, spec: &Spec, run: &Run, paths: &Paths) -> Value {
    let mut cells = Cells::default();
    let report = run.report();
    let mut intro = format!("# {}\n", exp.title);
    if !exp.description.trim().is_empty() {
        intro.push_str(&format!("\n{}\n", exp.description.trim()));
    }
    intro.push_str(&format!(
        "\n*Written by `gradlab notebook {}` from the spec. Run the cells in order with the Rust \
         (evcxr) kernel: they load the spec, run it through the same pipeline as `gradlab run` \
         and show each part of the report. The outputs stored here are those of the run that \
         wrote the notebook (seed {}); running the cells recomputes them, and the same spec and \
         seed give the same numbers.*",
        exp.file, exp.seed
    ));
    cells.markdown(&intro);
    cells.code(
        &format!(
            "// The library, built from this repository (the first build takes a few minutes).\n\
             :dep gradlab = {{ path = {} }}",
            quoted(&paths.crate_dir)
        ),
        None,
    );
    let fast = if exp.fast { ".fast()" } else { "" };
    let lang = paths
        .lang
        .as_ref()
        .map(|l| format!(".lang({})?", quoted(l)))
        .unwrap_or_default();
    let mut open = format!(
        "use gradlab::notebook::*;\nlet spec = Spec::open({})?{fast}{lang};\n",
        quoted(&paths.spec)
    );
    if let Some((path, value)) = first_parameter(exp) {
        open.push_str(&format!(
            "// Change a field in code, then run the cells below again, for example:\n\
             // let spec = spec.set({}, {value})?;\n",
            quoted(&path)
        ));
    }
    open.push_str("spec");
    cells.code(&open, Some(spec.bundle()));

    cells.markdown(
        "## The run and what it shows\n\nEvery trial in memory (in parallel when there is a \
         sweep). The summary gives the findings, written from the computed numbers (also \
         `run.findings()`), then the figures and data tables that the cells below show.",
    );
    cells.code("let run = spec.run()?;\nrun", Some(run.bundle()));
    for (heading, text) in &report.prose {
        cells.markdown(&format!("## {heading}\n\n{}", text.trim()));
    }
    if !report.figures.is_empty() {
        cells.markdown("## Figures");
        for f in &report.figures {
            cells.markdown(&format!("### {}", f.title));
            cells.code(&format!("run.figure({})?", quoted(&f.id)), Some(f.bundle()));
        }
    }
    if !report.tables.is_empty() {
        cells.markdown("## Results");
        for (i, t) in report.tables.iter().enumerate() {
            cells.code(&format!("run.table({i})?"), Some(t.bundle()));
        }
    }
    if let Ok(metrics) = run.metrics() {
        cells.markdown(
            "## Metrics\n\nThe tidy per-observation table (`metrics.parquet`) as a polars \
             DataFrame: `run.metrics()?.frame` is the DataFrame itself.",
        );
        cells.code("run.metrics()?", Some(metrics.bundle()));
    }
    cells.markdown(&format!(
        "## The report\n\nThe whole page, as `gradlab run` writes it. `run.save({})?` \
         writes its folder (page, data, `spec.yaml`, `run.json`); on the command line, \
         `{}` reproduces it.",
        quoted(&paths.reports),
        report.info.command
    ));
    cells.code("run.report()", None);

    json!({
        "cells": cells.0,
        "metadata": {
            "kernelspec": {"display_name": "Rust (gradlab)", "language": "rust", "name": "gradlab"},
            "language_info": {
                "codemirror_mode": "rust",
                "file_extension": ".rs",
                "mimetype": "text/rust",
                "name": "Rust",
                "pygment_lexer": "rust",
                "version": ""
            }
        },
        "nbformat": 4,
        "nbformat_minor": 5
    })
}

#[derive(Default)]
struct Cells(Vec<Value>);

impl Cells {
    fn id(&self) -> String {
        format!("cell-{:03}", self.0.len() + 1)
    }

    fn markdown(&mut self, text: &str) {
        let id = self.id();
        self.0.push(json!({
            "cell_type": "markdown",
            "id": id,
            "metadata": {},
            "source": lines(text)
        }));
    }

    fn code(&mut self, code: &str, output: Option<Vec<Rich>>) {
        let id = self.id();
        let outputs: Vec<Value> = output
            .map(|bundle| {
                let data: serde_json::Map<String, Value> = bundle
                    .iter()
                    .map(|r| (r.mime.to_string(), json!(lines(&r.content))))
                    .collect();
                json!({"output_type": "display_data", "data": data, "metadata": {}})
            })
            .into_iter()
            .collect();
        self.0.push(json!({
            "cell_type": "code",
            "execution_count": null,
            "id": id,
            "metadata": {},
            "outputs": outputs,
            "source": lines(code)
        }));
    }
}

/// Text as nbformat stores it: a list of lines, each but the last ending in `\n`.
fn lines(text: &str) -> Vec<String> {
    text.split_inclusive('\n').map(str::to_string).collect()
}

/// A Rust string literal.
fn quoted(s: &str) -> String {
    format!("{s:?}")
}

/// The first number among the spec's parameters that no sweep sets, with twice its value:
/// the example edit.
fn first_parameter(exp: &Experiment) -> Option<(String, String)> {
    let params = exp.document.get("params")?;
    for (key, value) in params.entries()? {
        let path = format!("params.{key}");
        if exp.swept.contains(&path) {
            continue;
        }
        match value.to_json() {
            Value::Number(n) if n.is_u64() || n.is_i64() => {
                return Some((path, (n.as_i64()? * 2).to_string()))
            }
            Value::Number(n) => return Some((path, format!("{:?}", n.as_f64()? * 2.0))),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notebook::Spec;

    fn text(cell: &Value) -> String {
        cell["source"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l.as_str().unwrap())
            .collect()
    }

    #[test]
    fn a_spec_becomes_nbformat_4_cells_in_the_report_order() {
        let src = crate::load::load(std::path::Path::new("experiments/newton-1d.yaml")).unwrap();
        let opts = crate::check::Options {
            fast: true,
            ..Default::default()
        };
        let exp = crate::check::check(&src, &opts).unwrap();
        let run = Spec::open("experiments/newton-1d.yaml")
            .unwrap()
            .fast()
            .run()
            .unwrap();
        assert!(run.ok());
        let paths = Paths {
            crate_dir: "..".into(),
            spec: "../experiments/newton-1d.yaml".into(),
            reports: "../reports".into(),
            lang: None,
        };
        let spec = Spec::open("experiments/newton-1d.yaml").unwrap().fast();
        let nb = notebook(&exp, &spec, &run, &paths);
        assert_eq!(nb["nbformat"], 4);
        assert_eq!(nb["nbformat_minor"], 5);
        assert_eq!(nb["metadata"]["kernelspec"]["name"], "gradlab");
        let cells = nb["cells"].as_array().unwrap();
        // Every cell has the fields nbformat 4.5 requires, and a unique id.
        let mut ids = std::collections::HashSet::new();
        for c in cells {
            assert!(ids.insert(c["id"].as_str().unwrap().to_string()));
            assert!(c["metadata"].is_object());
            let lines = c["source"].as_array().unwrap();
            for l in &lines[..lines.len() - 1] {
                assert!(l.as_str().unwrap().ends_with('\n'));
            }
            match c["cell_type"].as_str().unwrap() {
                "markdown" => assert!(c.get("outputs").is_none()),
                "code" => {
                    assert!(c["execution_count"].is_null());
                    for o in c["outputs"].as_array().unwrap() {
                        assert_eq!(o["output_type"], "display_data");
                        assert!(o["data"].is_object() && o["metadata"].is_object());
                    }
                }
                other => panic!("cell type {other}"),
            }
        }
        let sources: Vec<String> = cells.iter().map(text).collect();
        let find = |needle: &str| {
            sources
                .iter()
                .position(|s| s.contains(needle))
                .unwrap_or_else(|| panic!("no cell with {needle}"))
        };
        // Title and description, the dependency, the spec, the run with its findings, the
        // prose, each figure, the metrics, the report: in this order.
        let order = [
            find("# Newton's method in 1-D"),
            find(":dep gradlab = { path = \"..\" }"),
            find("Spec::open(\"../experiments/newton-1d.yaml\")?.fast();"),
            find("let run = spec.run()?;"),
            find("## Against the course's hand calculation"),
            find("run.figure("),
            find("run.metrics()?"),
            find("run.report()"),
        ];
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
        let summary: String = cells[order[3]]["outputs"][0]["data"]["text/html"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l.as_str().unwrap())
            .collect();
        assert!(
            summary.contains(
                "Only <strong>newton</strong> reaches a minimum at the tolerance, in 8 steps"
            ),
            "{summary}"
        );
        assert_eq!(cells[0]["cell_type"], "markdown");
        assert!(sources[0].contains("$$x_{k+1} = x_k - \\frac{g'(x_k)}{g''(x_k)}$$"));
        // The prose carries the run's numbers, not its template.
        let prose = &sources[find("## Against")];
        assert!(!prose.contains("{{"), "{prose}");
        assert!(prose.contains("0.567143"), "{prose}");
        // One code cell per figure, each with the figure's SVG as its stored output.
        for id in run.figure_ids() {
            let i = find(&format!("run.figure(\"{id}\")?"));
            let svg = cells[i]["outputs"][0]["data"]["image/svg+xml"]
                .as_array()
                .unwrap();
            assert!(svg[0].as_str().unwrap().starts_with("<svg"));
        }
        // The example edit names a real parameter with its value.
        assert!(
            sources[find("Spec::open")].contains("// let spec = spec.set(\"params.start\", 0.1)?;")
        );
        let spec_cell = &cells[find("Spec::open")];
        assert_eq!(
            spec_cell["outputs"][0]["data"]["text/html"][0]
                .as_str()
                .unwrap()
                .get(..26),
            Some("<div class=\"gradlab-spec\">")
        );
        assert!(sources[find("run.save(")].contains("run.save(\"../reports\")?"));
    }
}
