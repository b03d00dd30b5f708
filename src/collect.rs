//! Stage 7: trial outputs → one tidy polars [`DataFrame`] per table.
//!
//! Kinds build plain [`Table`]s (named, typed columns, one row per observation) so that
//! they never depend on polars' API; here the tables of all trials are stacked, tagged with
//! the `trial` index, the swept parameter values, and a `series` label that plots group by.

use polars::prelude::{Column as PlColumn, DataFrame, NamedFrom, PolarsResult, Series};

/// The values of one column.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Values {
    F64(Vec<f64>),
    I64(Vec<i64>),
    Str(Vec<String>),
    Bool(Vec<bool>),
}

impl Values {
    pub fn len(&self) -> usize {
        match self {
            Values::F64(v) => v.len(),
            Values::I64(v) => v.len(),
            Values::Str(v) => v.len(),
            Values::Bool(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn extend(&mut self, other: &Values) {
        match (self, other) {
            (Values::F64(a), Values::F64(b)) => a.extend_from_slice(b),
            (Values::I64(a), Values::I64(b)) => a.extend_from_slice(b),
            (Values::Str(a), Values::Str(b)) => a.extend_from_slice(b),
            (Values::Bool(a), Values::Bool(b)) => a.extend_from_slice(b),
            (a, b) => panic!("column type mismatch: {a:?} vs {b:?}"),
        }
    }

    fn missing(&self, n: usize) -> Values {
        match self {
            Values::F64(_) => Values::F64(vec![f64::NAN; n]),
            Values::I64(_) => Values::I64(vec![0; n]),
            Values::Str(_) => Values::Str(vec![String::new(); n]),
            Values::Bool(_) => Values::Bool(vec![false; n]),
        }
    }
}

/// A tidy table: named columns of equal length.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Table {
    pub columns: Vec<(String, Values)>,
}

impl Table {
    pub fn new() -> Table {
        Table::default()
    }

    /// Adds a column (builder style).
    pub fn with(mut self, name: &str, values: Values) -> Table {
        self.push(name, values);
        self
    }

    pub fn push(&mut self, name: &str, values: Values) {
        debug_assert!(
            self.columns.is_empty() || self.columns[0].1.len() == values.len(),
            "column {name} has {} rows, the table {}",
            values.len(),
            self.columns[0].1.len()
        );
        self.columns.push((name.to_string(), values));
    }

    pub fn height(&self) -> usize {
        self.columns.first().map_or(0, |c| c.1.len())
    }

    pub fn column(&self, name: &str) -> Option<&Values> {
        self.columns.iter().find(|c| c.0 == name).map(|c| &c.1)
    }

    /// Appends `other`'s rows; columns missing on either side are filled (NaN for
    /// numbers, empty strings), so tables of trials with different variables still stack.
    pub fn append(&mut self, other: &Table) {
        let (h_self, h_other) = (self.height(), other.height());
        if self.columns.is_empty() {
            *self = other.clone();
            return;
        }
        for (name, vals) in &other.columns {
            if self.column(name).is_none() {
                self.columns.push((name.clone(), vals.missing(h_self)));
            }
        }
        for (name, vals) in self.columns.iter_mut() {
            match other.column(name) {
                Some(o) => vals.extend(o),
                None => {
                    let fill = vals.missing(h_other);
                    vals.extend(&fill);
                }
            }
        }
    }

    /// The table as a polars DataFrame.
    pub fn to_frame(&self) -> PolarsResult<DataFrame> {
        let cols: Vec<PlColumn> = self
            .columns
            .iter()
            .map(|(name, v)| {
                let s = match v {
                    Values::F64(x) => Series::new(name.as_str().into(), x),
                    Values::I64(x) => Series::new(name.as_str().into(), x),
                    Values::Str(x) => Series::new(name.as_str().into(), x),
                    Values::Bool(x) => Series::new(name.as_str().into(), x),
                };
                s.into()
            })
            .collect();
        DataFrame::new(self.height(), cols)
    }
}

/// One trial's table with its index and swept values `(path, value)`.
pub type TrialTable<'a> = (usize, Vec<(String, String)>, &'a Table);

/// Stacks the per-trial tables: prepends `trial`, the swept parameter columns (named by
/// their path without `params.`), and `series` (the swept values joined with the kind's
/// `run` label, which is what plots group lines by).
pub fn stack(trials: &[TrialTable]) -> Table {
    let mut out = Table::new();
    for (index, overrides, table) in trials {
        let h = table.height();
        let mut t = Table::new().with("trial", Values::I64(vec![*index as i64; h]));
        for (path, value) in overrides {
            t.push(&sweep_column(path), Values::Str(vec![value.clone(); h]));
        }
        let prefix: Vec<String> = overrides
            .iter()
            .map(|(p, v)| format!("{}={v}", short_param(p)))
            .collect();
        let prefix = prefix.join(", ");
        let series: Vec<String> = match table.column("run") {
            Some(Values::Str(runs)) => runs.iter().map(|r| join_label(&prefix, r)).collect(),
            _ => vec![join_label(&prefix, "all"); h],
        };
        t.push("series", Values::Str(series));
        for (name, v) in &table.columns {
            t.push(name, v.clone());
        }
        out.append(&t);
    }
    out
}

fn join_label(prefix: &str, run: &str) -> String {
    if prefix.is_empty() {
        run.to_string()
    } else {
        format!("{prefix} · {run}")
    }
}

/// Column name for a swept parameter: `params.methods[0].lr` → `sweep.methods[0].lr`.
pub fn sweep_column(path: &str) -> String {
    format!("sweep.{}", path.strip_prefix("params.").unwrap_or(path))
}

/// The last segment of a parameter path, for labels: `params.methods[0].lr` → `lr`.
pub fn short_param(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

/// A swept value as prose and claims read it: a number stays a number (`batch_size == 1`
/// and `lr > 0.01` compare as numbers), `true`/`false` a boolean, anything else (a `cases:`
/// label, an activation's name) its text.
pub fn param_value(path: &str, value: &str) -> serde_json::Value {
    use serde_json::Value;
    if path == "case" {
        return Value::String(value.to_string());
    }
    if let Ok(i) = value.parse::<i64>() {
        return Value::from(i);
    }
    match value {
        "true" => return Value::Bool(true),
        "false" => return Value::Bool(false),
        _ => {}
    }
    match value.parse::<f64>() {
        Ok(x) if x.is_finite() && value.chars().any(|c| c.is_ascii_digit()) => Value::from(x),
        _ => Value::String(value.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swept_numbers_stay_numbers() {
        use serde_json::json;
        assert_eq!(param_value("params.batch_size", "1"), json!(1));
        assert_eq!(param_value("params.lr", "0.05"), json!(0.05));
        assert_eq!(param_value("params.lr", "1e-10"), json!(1e-10));
        assert_eq!(param_value("params.batch_norm", "true"), json!(true));
        assert_eq!(param_value("params.activation", "relu"), json!("relu"));
        assert_eq!(param_value("params.x", "inf"), json!("inf"));
        assert_eq!(
            param_value("case", "10"),
            json!("10"),
            "a case label is a name"
        );
    }

    #[test]
    fn stacking_tags_trials_and_fills_missing_columns() {
        let a = Table::new()
            .with("run", Values::Str(vec!["gd".into(), "gd".into()]))
            .with("x", Values::F64(vec![1.0, 2.0]));
        let b = Table::new()
            .with("run", Values::Str(vec!["gd".into()]))
            .with("y", Values::F64(vec![3.0]));
        let out = stack(&[
            (0, vec![("params.methods[0].lr".into(), "0.1".into())], &a),
            (1, vec![("params.methods[0].lr".into(), "0.5".into())], &b),
        ]);
        assert_eq!(out.height(), 3);
        assert_eq!(out.column("trial"), Some(&Values::I64(vec![0, 0, 1])));
        assert_eq!(
            out.column("series"),
            Some(&Values::Str(vec![
                "lr=0.1 · gd".into(),
                "lr=0.1 · gd".into(),
                "lr=0.5 · gd".into()
            ]))
        );
        match out.column("y") {
            Some(Values::F64(y)) => assert!(y[0].is_nan() && y[2] == 3.0),
            other => panic!("{other:?}"),
        }
        let df = out.to_frame().unwrap();
        assert_eq!(df.height(), 3);
        assert_eq!(df.width(), 6);
    }
}
