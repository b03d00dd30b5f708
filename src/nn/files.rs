//! Data sets from files a user brings: the IDX format of MNIST and Fashion-MNIST (plain or
//! gzip), CSV with a header, and Parquet. Pure parsers from bytes to a [`Dataset`]: the
//! bytes are read by the load stage ([`crate::load::data_file`]), so nothing here touches
//! the disk. Every malformed input is an `Err` naming the record, never a panic.

use super::data::Dataset;
use nalgebra::DMatrix;
use std::io::Read;

/// The file formats a `data: {name: file}` block reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Idx,
    Csv,
    Parquet,
}

impl Format {
    /// The format a file name implies (`.gz` looked through): `*-idx3-ubyte`, `.idx`,
    /// `.csv`, `.parquet`.
    pub fn of(path: &str) -> Option<Format> {
        let name = path.to_ascii_lowercase();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        if name.ends_with(".csv") {
            Some(Format::Csv)
        } else if name.ends_with(".parquet") || name.ends_with(".pq") {
            Some(Format::Parquet)
        } else if name.ends_with("ubyte") || name.ends_with(".idx") || name.contains("-idx") {
            Some(Format::Idx)
        } else {
            None
        }
    }
}

/// The bytes themselves, or their gzip decompression when they start with gzip's magic.
pub fn gunzip(bytes: &[u8]) -> Result<std::borrow::Cow<'_, [u8]>, String> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut out)
            .map_err(|e| format!("the gzip stream is damaged ({e})"))?;
        Ok(out.into())
    } else {
        Ok(bytes.into())
    }
}

/// An IDX array: its dimensions and its values as f64 (IDX stores unsigned bytes for
/// MNIST; the other element types of the format are read too).
fn idx_array(bytes: &[u8]) -> Result<(Vec<usize>, Vec<f64>), String> {
    let bytes = gunzip(bytes)?;
    if bytes.len() < 4 || bytes[0] != 0 || bytes[1] != 0 {
        return Err("not an IDX file: it does not start with the magic 0x00 0x00".into());
    }
    let (kind, rank) = (bytes[2], bytes[3] as usize);
    let size = match kind {
        0x08 | 0x09 => 1,
        0x0B => 2,
        0x0C | 0x0D => 4,
        0x0E => 8,
        k => return Err(format!("unknown IDX element type 0x{k:02X}")),
    };
    if rank == 0 || bytes.len() < 4 + 4 * rank {
        return Err(format!(
            "the header promises {rank} dimension(s) but the file ends"
        ));
    }
    let dims: Vec<usize> = (0..rank)
        .map(|i| {
            let b = &bytes[4 + 4 * i..8 + 4 * i];
            u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize
        })
        .collect();
    let count = dims
        .iter()
        .try_fold(1usize, |a, &d| a.checked_mul(d))
        .ok_or("the dimensions overflow")?;
    let body = &bytes[4 + 4 * rank..];
    if body.len() != count * size {
        let per = count / dims[0].max(1) * size;
        return Err(format!(
            "the header says {} record(s) of {} value(s) ({} bytes), but the data has {} bytes{}",
            dims[0],
            count / dims[0].max(1),
            count * size,
            body.len(),
            if per > 0 && body.len() < count * size {
                format!(": record {} is incomplete", body.len() / per)
            } else {
                String::new()
            }
        ));
    }
    let values = body
        .chunks_exact(size)
        .map(|c| match kind {
            0x08 => c[0] as f64,
            0x09 => c[0] as i8 as f64,
            0x0B => i16::from_be_bytes([c[0], c[1]]) as f64,
            0x0C => i32::from_be_bytes([c[0], c[1], c[2], c[3]]) as f64,
            0x0D => f32::from_be_bytes([c[0], c[1], c[2], c[3]]) as f64,
            _ => f64::from_be_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]),
        })
        .collect();
    Ok((dims, values))
}

/// Images and labels in IDX (MNIST's `train-images-idx3-ubyte[.gz]` and
/// `train-labels-idx1-ubyte[.gz]`): one sample per image, its pixels as features.
pub fn idx(images: &[u8], labels: &[u8], name: &str) -> Result<Dataset, String> {
    let (dims, pixels) = idx_array(images).map_err(|e| format!("images: {e}"))?;
    let (ldims, lvalues) = idx_array(labels).map_err(|e| format!("labels: {e}"))?;
    if ldims.len() != 1 {
        return Err(format!(
            "labels: a label file has one dimension, this one has {}",
            ldims.len()
        ));
    }
    if ldims[0] != dims[0] {
        return Err(format!("{} image(s) but {} label(s)", dims[0], ldims[0]));
    }
    let n = dims[0];
    let f = pixels.len().checked_div(n).unwrap_or(0);
    let labels = class_labels(&lvalues, |i| format!("labels: record {i}"))?;
    // Image after image is column after column: the values are the matrix as they are.
    let x = DMatrix::from_vec(f, n, pixels);
    let names: Vec<String> = (0..f).map(|i| format!("pixel{i}")).collect();
    Ok(with_names(Dataset::labelled(name, x, labels), names))
}

/// Whole non-negative class numbers (at most 1000 classes).
fn class_labels(values: &[f64], at: impl Fn(usize) -> String) -> Result<Vec<usize>, String> {
    values
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            if v.fract() == 0.0 && (0.0..1000.0).contains(&v) {
                Ok(v as usize)
            } else {
                Err(format!(
                    "{}: the label {v} is not a class number (0, 1, 2, …)",
                    at(i)
                ))
            }
        })
        .collect()
}

fn with_names(mut d: Dataset, names: Vec<String>) -> Dataset {
    d.feature_names = names;
    d
}

/// A CSV file with a header line: every column a number; `label` names the class column,
/// the others are the features. Cells may be quoted; empty lines are skipped.
pub fn csv(bytes: &[u8], label: &str, name: &str) -> Result<Dataset, String> {
    let bytes = gunzip(bytes)?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        format!("line {line}: the file is not UTF-8 text")
    })?;
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let (_, head) = lines.next().ok_or("the file is empty (no header line)")?;
    let cell = |s: &str| s.trim().trim_matches('"').to_string();
    let header: Vec<String> = head.split(',').map(cell).collect();
    let li = header.iter().position(|h| h == label).ok_or_else(|| {
        format!(
            "line 1: no column named `{label}` (the columns are {})",
            header.join(", ")
        )
    })?;
    let mut features: Vec<f64> = Vec::new();
    let mut labels: Vec<f64> = Vec::new();
    for (i, line) in lines {
        let cells: Vec<&str> = line.split(',').collect();
        if cells.len() != header.len() {
            return Err(format!(
                "line {}: {} value(s), the header has {} column(s)",
                i + 1,
                cells.len(),
                header.len()
            ));
        }
        for (c, raw) in cells.iter().enumerate() {
            let s = cell(raw);
            let v: f64 = s.parse().map_err(|_| {
                format!(
                    "line {}, column {} (`{}`): `{s}` is not a number",
                    i + 1,
                    c + 1,
                    header[c]
                )
            })?;
            if c == li {
                labels.push(v);
            } else {
                features.push(v);
            }
        }
    }
    if labels.is_empty() {
        return Err("the file has a header but no records".into());
    }
    let labels = class_labels(&labels, |r| format!("record {} (line {})", r + 1, r + 2))?;
    let f = header.len() - 1;
    let n = labels.len();
    let x = DMatrix::from_fn(f, n, |i, j| features[j * f + i]);
    let names = header
        .iter()
        .enumerate()
        .filter(|(c, _)| *c != li)
        .map(|(_, h)| h.clone())
        .collect();
    Ok(with_names(Dataset::labelled(name, x, labels), names))
}

/// A Parquet file: `label` names the class column, every other numeric column is a feature.
pub fn parquet(bytes: &[u8], label: &str, name: &str) -> Result<Dataset, String> {
    use polars::prelude::*;
    let df = ParquetReader::new(std::io::Cursor::new(bytes))
        .finish()
        .map_err(|e| format!("not a readable Parquet file ({e})"))?;
    let names: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|s| s.to_string())
        .collect();
    if !names.iter().any(|n| n == label) {
        return Err(format!(
            "no column named `{label}` (the columns are {})",
            names.join(", ")
        ));
    }
    let column = |c: &str| -> Result<Vec<f64>, String> {
        let s = df
            .column(c)
            .map_err(|e| e.to_string())?
            .as_materialized_series()
            .cast(&DataType::Float64)
            .map_err(|_| format!("column `{c}` is not numeric"))?;
        let ca = s.f64().map_err(|e| e.to_string())?;
        ca.iter()
            .enumerate()
            .map(|(i, v)| v.ok_or_else(|| format!("record {}: column `{c}` is empty", i + 1)))
            .collect()
    };
    let labels = class_labels(&column(label)?, |r| format!("record {}", r + 1))?;
    let features: Vec<String> = names.into_iter().filter(|n| n != label).collect();
    let cols: Vec<Vec<f64>> = features
        .iter()
        .map(|c| column(c))
        .collect::<Result<_, _>>()?;
    let x = DMatrix::from_fn(cols.len(), labels.len(), |i, j| cols[i][j]);
    Ok(with_names(Dataset::labelled(name, x, labels), features))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An IDX file of unsigned bytes with the given dimensions.
    pub fn idx_bytes(dims: &[u32], values: &[u8]) -> Vec<u8> {
        let mut b = vec![0, 0, 0x08, dims.len() as u8];
        for d in dims {
            b.extend_from_slice(&d.to_be_bytes());
        }
        b.extend_from_slice(values);
        b
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn idx_reads_images_and_labels_plain_and_gzipped() {
        // Three 2×2 images, labels 0, 1, 2.
        let images = idx_bytes(
            &[3, 2, 2],
            &[0, 1, 2, 3, 10, 11, 12, 13, 255, 254, 253, 252],
        );
        let labels = idx_bytes(&[3], &[0, 1, 2]);
        for (i, l) in [
            (images.clone(), labels.clone()),
            (gzip(&images), gzip(&labels)),
        ] {
            let d = idx(&i, &l, "tiny").unwrap();
            assert_eq!((d.x.nrows(), d.x.ncols()), (4, 3));
            assert_eq!(d.x[(3, 1)], 13.0);
            assert_eq!(d.x[(0, 2)], 255.0);
            assert_eq!(d.labels, Some(vec![0, 1, 2]));
            assert_eq!(d.y.nrows(), 3, "one-hot over three classes");
            assert_eq!(d.feature_names[3], "pixel3");
        }
    }

    #[test]
    fn bad_idx_files_say_what_is_wrong() {
        let labels = idx_bytes(&[2], &[0, 1]);
        let short = idx_bytes(&[2, 2, 2], &[1, 2, 3, 4, 5]);
        let e = idx(&short, &labels, "x").unwrap_err();
        assert!(
            e.contains("images:") && e.contains("record 1 is incomplete"),
            "{e}"
        );
        let e = idx(b"PK\x03\x04", &labels, "x").unwrap_err();
        assert!(e.contains("not an IDX file"), "{e}");
        let three = idx_bytes(&[3], &[0, 1, 1]);
        let images = idx_bytes(&[2, 1, 1], &[1, 2]);
        assert_eq!(
            idx(&images, &three, "x").unwrap_err(),
            "2 image(s) but 3 label(s)"
        );
        let e = idx(&images, &gzip(&labels)[..10], "x").unwrap_err();
        assert!(e.contains("labels: the gzip stream is damaged"), "{e}");
        assert!(idx(&[], &[], "x").is_err());
    }

    #[test]
    fn csv_reads_numbers_and_names_the_bad_cell() {
        let text = "a,label,b\n1,0,2\n\"3\",1,4.5\n\n5,1,-6\n";
        let d = csv(text.as_bytes(), "label", "t").unwrap();
        assert_eq!(d.feature_names, vec!["a", "b"]);
        assert_eq!(d.labels, Some(vec![0, 1, 1]));
        assert_eq!(d.x[(1, 1)], 4.5);
        assert_eq!(d.x[(1, 2)], -6.0);
        assert_eq!(d.y.nrows(), 1, "two classes: one 0/1 output");
        let e = csv(b"a,label\n1,0\n2,x\n", "label", "t").unwrap_err();
        assert_eq!(e, "line 3, column 2 (`label`): `x` is not a number");
        let e = csv(b"a,label\n1,0\n2\n", "label", "t").unwrap_err();
        assert_eq!(e, "line 3: 1 value(s), the header has 2 column(s)");
        let e = csv(b"a,b\n1,0\n", "label", "t").unwrap_err();
        assert!(
            e.contains("no column named `label`") && e.contains("a, b"),
            "{e}"
        );
        let e = csv(b"a,label\n1,0.5\n", "label", "t").unwrap_err();
        assert!(
            e.contains("record 1 (line 2)") && e.contains("not a class number"),
            "{e}"
        );
        assert!(csv(b"", "label", "t").is_err());
        assert!(csv(b"a,label\n", "label", "t").is_err());
    }

    #[test]
    fn parquet_reads_the_label_column_and_the_features() {
        use polars::prelude::*;
        let mut df = df!(
            "x1" => [0.5f64, 1.5, 2.5],
            "label" => [2i64, 0, 1],
            "x2" => [10i32, 20, 30],
        )
        .unwrap();
        let mut buf = Vec::new();
        ParquetWriter::new(&mut buf).finish(&mut df).unwrap();
        let d = parquet(&buf, "label", "p").unwrap();
        assert_eq!(d.feature_names, vec!["x1", "x2"]);
        assert_eq!(d.labels, Some(vec![2, 0, 1]));
        assert_eq!(d.x[(1, 2)], 30.0);
        let e = parquet(&buf, "class", "p").unwrap_err();
        assert!(e.contains("no column named `class`"), "{e}");
        let e = parquet(b"not parquet", "label", "p").unwrap_err();
        assert!(e.contains("not a readable Parquet file"), "{e}");
    }

    #[test]
    fn formats_follow_the_file_name() {
        assert_eq!(Format::of("train-images-idx3-ubyte.gz"), Some(Format::Idx));
        assert_eq!(Format::of("t10k-labels-idx1-ubyte"), Some(Format::Idx));
        assert_eq!(Format::of("iris.CSV"), Some(Format::Csv));
        assert_eq!(Format::of("x.csv.gz"), Some(Format::Csv));
        assert_eq!(Format::of("x.parquet"), Some(Format::Parquet));
        assert_eq!(Format::of("x.txt"), None);
    }
}
