//! Data sets from files a user brings: the IDX format of MNIST and Fashion-MNIST (plain or
//! gzip), CSV with a header, and Parquet. Pure parsers from bytes to a [`Dataset`]: the
//! bytes are read by the load stage ([`crate::load::data_file`]), so nothing here touches
//! the disk. Every malformed input is an `Err` naming the record, never a panic.
//!
//! The bytes are untrusted (a spec names the file): a message says where a file breaks a
//! rule (line, column, record, the header's sizes), never what its cells or names hold;
//! gzip streams unpack to at most [`MAX_DATA_BYTES`]; sizes a header claims are checked
//! against the bytes and the memory limit before anything is allocated; every value must be
//! finite.

use super::data::Dataset;
use crate::load::MAX_DATA_BYTES;
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

/// The bytes themselves, or their gzip decompression when they start with gzip's magic: at
/// most [`MAX_DATA_BYTES`], counted while unpacking and nothing kept past it (a file of a
/// few megabytes can unpack to gigabytes).
pub fn gunzip(bytes: &[u8]) -> Result<std::borrow::Cow<'_, [u8]>, String> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(bytes.into());
    }
    let damaged = |e: std::io::Error| format!("the gzip stream is damaged ({e})");
    // Counted first into nothing, then unpacked into a buffer of the counted size.
    let mut stream = flate2::read::GzDecoder::new(bytes).take(MAX_DATA_BYTES + 1);
    let size = std::io::copy(&mut stream, &mut std::io::sink()).map_err(damaged)?;
    if size > MAX_DATA_BYTES {
        return Err(format!(
            "the gzip stream unpacks to more than {} MiB, the limit for a data file",
            MAX_DATA_BYTES >> 20
        ));
    }
    let mut out = Vec::with_capacity(size as usize);
    flate2::read::GzDecoder::new(bytes)
        .take(size)
        .read_to_end(&mut out)
        .map_err(damaged)?;
    Ok(out.into())
}

/// Refuses a data set of `n` samples × (`f` features + `k` outputs) whose values, as f64,
/// would pass the memory limit (`--memory-limit`): checked before they are allocated.
fn fits(n: usize, f: usize, k: usize) -> Result<(), String> {
    let bytes = (n as u128) * (f as u128 + k as u128) * 8;
    let limit = crate::kinds::memory_limit();
    if bytes <= limit as u128 {
        return Ok(());
    }
    let gib = |b: u128| b as f64 / (1u64 << 30) as f64;
    Err(format!(
        "{n} sample(s) × {} value(s) need {:.1} GiB as numbers, over the limit of {:.1} GiB \
         (`--memory-limit`)",
        f + k,
        gib(bytes),
        gib(limit as u128)
    ))
}

/// Divides every feature by `by`; a feature that leaves f64's range is an error naming its
/// sample and feature (0-based).
pub fn divide(d: &mut Dataset, by: f64) -> Result<(), String> {
    if by == 1.0 {
        return Ok(());
    }
    d.x /= by;
    match d.x.iter().position(|v| !v.is_finite()) {
        None => Ok(()),
        Some(i) => Err(format!(
            "sample {}, feature {}: divided by {by:e} it is not a finite number",
            i / d.x.nrows(),
            i % d.x.nrows()
        )),
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
    // The header's sizes are checked against the bytes there are before anything is
    // allocated; their product may exceed any integer.
    let count = dims.iter().try_fold(1usize, |a, &d| a.checked_mul(d));
    let Some((count, needed)) = count.and_then(|c| Some((c, c.checked_mul(size)?))) else {
        return Err(format!(
            "the header's {rank} dimension(s) multiply to more values than any file holds"
        ));
    };
    let body = &bytes[4 + 4 * rank..];
    let per_record = count.checked_div(dims[0]).unwrap_or(0);
    if body.len() != needed {
        let per = per_record * size;
        return Err(format!(
            "the header says {} record(s) of {per_record} value(s) ({needed} bytes), but the \
             data has {} bytes{}",
            dims[0],
            body.len(),
            if per > 0 && body.len() < needed {
                format!(": record {} is incomplete", body.len() / per)
            } else {
                String::new()
            }
        ));
    }
    fits(dims[0], per_record, 0)?;
    let values: Vec<f64> = body
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
    if let Some(i) = values.iter().position(|v| !v.is_finite()) {
        let per = per_record.max(1);
        return Err(format!(
            "record {}, value {}: not a finite number (NaN and infinities are refused)",
            i / per,
            i % per
        ));
    }
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
    fits(n, f, classes(&labels))?;
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
                    "{}: the label is not a class number (0, 1, 2, … up to 999)",
                    at(i)
                ))
            }
        })
        .collect()
}

/// The rows of the targets `Dataset::labelled` makes for these labels (one per class, or one
/// 0/1 row for two).
fn classes(labels: &[usize]) -> usize {
    match labels.iter().max() {
        Some(&m) if m >= 2 => m + 1,
        _ => 1,
    }
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
    // The header's names are the file's content: a message gives only their count.
    let li = header.iter().position(|h| h == label).ok_or_else(|| {
        format!(
            "line 1: none of the header's {} column(s) is named `{label}`",
            header.len()
        )
    })?;
    // Every value takes at least two bytes (a digit and a separator).
    fits(text.len() / (2 * header.len()) + 1, header.len(), 0)?;
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
            let at = || {
                let class = if c == li {
                    format!(" (the class column `{label}`)")
                } else {
                    String::new()
                };
                format!("line {}, column {}{class}", i + 1, c + 1)
            };
            let v: f64 = cell(raw)
                .parse()
                .map_err(|_| format!("{}: not a number", at()))?;
            if !v.is_finite() {
                return Err(format!(
                    "{}: not a finite number (NaN and infinities are refused)",
                    at()
                ));
            }
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
    fits(n, f, classes(&labels))?;
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
/// The rows and columns its metadata claims are checked against the memory limit before
/// the columns are read; a reader panic on malformed bytes is an error too.
pub fn parquet(bytes: &[u8], label: &str, name: &str) -> Result<Dataset, String> {
    std::panic::catch_unwind(|| parquet_set(bytes, label, name))
        .unwrap_or_else(|_| Err("not a readable Parquet file".into()))
}

fn parquet_set(bytes: &[u8], label: &str, name: &str) -> Result<Dataset, String> {
    use polars::prelude::*;
    // Polars' messages can quote the file's schema: they are not shown.
    let unreadable = |_| "not a readable Parquet file".to_string();
    let mut reader = ParquetReader::new(std::io::Cursor::new(bytes));
    let rows = reader.num_rows().map_err(unreadable)?;
    let columns = reader.schema().map_err(unreadable)?.len();
    fits(rows, columns, 0)?;
    let df = reader.finish().map_err(unreadable)?;
    let names: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|s| s.to_string())
        .collect();
    if !names.iter().any(|n| n == label) {
        return Err(format!(
            "none of the file's {} column(s) is named `{label}`",
            names.len()
        ));
    }
    // Columns are named by their place (1-based), not by the file's names.
    let column = |c: usize| -> Result<Vec<f64>, String> {
        let s = df.select_at_idx(c).ok_or("not a readable Parquet file")?;
        let s = s
            .as_materialized_series()
            .cast(&DataType::Float64)
            .map_err(|_| format!("column {} is not numeric", c + 1))?;
        let ca = s
            .f64()
            .map_err(|_| format!("column {} is not numeric", c + 1))?;
        ca.iter()
            .enumerate()
            .map(|(i, v)| match v {
                None => Err(format!("record {}, column {}: empty", i + 1, c + 1)),
                Some(v) if !v.is_finite() => Err(format!(
                    "record {}, column {}: not a finite number (NaN and infinities are refused)",
                    i + 1,
                    c + 1
                )),
                Some(v) => Ok(v),
            })
            .collect()
    };
    let li = names.iter().position(|n| n == label).unwrap_or(0);
    let labels = class_labels(&column(li)?, |r| format!("record {}", r + 1))?;
    fits(labels.len(), names.len() - 1, classes(&labels))?;
    let features: Vec<usize> = (0..names.len()).filter(|&c| c != li).collect();
    let cols: Vec<Vec<f64>> = features
        .iter()
        .map(|&c| column(c))
        .collect::<Result<_, _>>()?;
    let x = DMatrix::from_fn(cols.len(), labels.len(), |i, j| cols[i][j]);
    let names = features.iter().map(|&c| names[c].clone()).collect();
    Ok(with_names(Dataset::labelled(name, x, labels), names))
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
        assert_eq!(
            e,
            "line 3, column 2 (the class column `label`): not a number"
        );
        let e = csv(b"a,label\nsecret,0\n", "label", "t").unwrap_err();
        assert_eq!(e, "line 2, column 1: not a number");
        let e = csv(b"a,label\n1,0\n2\n", "label", "t").unwrap_err();
        assert_eq!(e, "line 3: 1 value(s), the header has 2 column(s)");
        let e = csv(b"root:x:0:0,b\n1,0\n", "label", "t").unwrap_err();
        assert_eq!(
            e,
            "line 1: none of the header's 2 column(s) is named `label`"
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
        assert!(e.contains("is named `class`"), "{e}");
        let e = parquet(b"not parquet", "label", "p").unwrap_err();
        assert!(e.contains("not a readable Parquet file"), "{e}");
    }

    #[test]
    fn non_finite_values_are_refused_where_they_are() {
        for cell in ["nan", "NaN", "inf", "-infinity", "1e999"] {
            let text = format!("a,b,label\n1,2,0\n3,{cell},1\n");
            let e = csv(text.as_bytes(), "label", "t").unwrap_err();
            assert_eq!(
                e, "line 3, column 2: not a finite number (NaN and infinities are refused)",
                "{cell}"
            );
        }
        // IDX of f64 (element type 0x0E): two records of two values, the last one NaN.
        let mut images = vec![0, 0, 0x0E, 2, 0, 0, 0, 2, 0, 0, 0, 2];
        for v in [0.5, 1.0, 2.0, f64::NAN] {
            images.extend_from_slice(&f64::to_be_bytes(v));
        }
        let e = idx(&images, &idx_bytes(&[2], &[0, 1]), "x").unwrap_err();
        assert_eq!(
            e,
            "images: record 1, value 1: not a finite number (NaN and infinities are refused)"
        );
        let mut d = csv(b"a,label\n1e300,0\n2,1\n", "label", "t").unwrap();
        assert_eq!(
            divide(&mut d, 1e-9).unwrap_err(),
            "sample 0, feature 0: divided by 1e-9 it is not a finite number"
        );
    }

    #[test]
    fn idx_headers_that_overflow_or_promise_too_much_are_errors() {
        let labels = idx_bytes(&[1], &[0]);
        // 2³² − 1 in every one of four dimensions: the product overflows any integer.
        let huge = idx_bytes(&[u32::MAX; 4], &[1, 2, 3]);
        let e = idx(&huge, &labels, "x").unwrap_err();
        assert_eq!(
            e,
            "images: the header's 4 dimension(s) multiply to more values than any file holds"
        );
        // A product that fits, far beyond the bytes there are: compared before allocating.
        let big = idx_bytes(&[60_000, 65_535, 65_535], &[1, 2, 3]);
        let e = idx(&big, &labels, "x").unwrap_err();
        assert!(e.contains("but the data has 3 bytes"), "{e}");
        // An f64 array claiming 2⁶¹ values: the byte count overflows.
        let mut wide = vec![0, 0, 0x0E, 2];
        wide.extend_from_slice(&(1u32 << 31).to_be_bytes());
        wide.extend_from_slice(&(1u32 << 30).to_be_bytes());
        assert!(idx(&wide, &labels, "x").is_err());
    }

    #[test]
    fn a_gzip_stream_stops_at_the_limit() {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..=(MAX_DATA_BYTES >> 20) {
            e.write_all(&zeros).unwrap();
        }
        let bomb = e.finish().unwrap();
        assert!(bomb.len() < 2 << 20, "{} bytes", bomb.len());
        let e = gunzip(&bomb).unwrap_err();
        assert_eq!(
            e,
            "the gzip stream unpacks to more than 256 MiB, the limit for a data file"
        );
        assert!(csv(&bomb, "label", "t").unwrap_err().contains("256 MiB"));
    }

    #[test]
    fn a_parquet_message_names_no_column_of_the_file() {
        use polars::prelude::*;
        let mut df = df!("secret" => [f64::NAN, 1.0], "label" => [0i64, 1]).unwrap();
        let mut buf = Vec::new();
        ParquetWriter::new(&mut buf).finish(&mut df).unwrap();
        let e = parquet(&buf, "label", "p").unwrap_err();
        assert_eq!(
            e,
            "record 1, column 1: not a finite number (NaN and infinities are refused)"
        );
        let e = parquet(&buf, "class", "p").unwrap_err();
        assert_eq!(e, "none of the file's 2 column(s) is named `class`");
        assert_eq!(
            parquet(&buf[..buf.len() / 2], "label", "p").unwrap_err(),
            "not a readable Parquet file"
        );
    }

    #[test]
    fn mutated_files_never_panic_the_parsers() {
        // The fuzz target's property (`fuzz/fuzz_targets/data_file.rs`) on seeded mutations
        // of valid files: a data set of finite numbers or a short error, never a panic.
        let mut rng = crate::numerics::rng::Rng::new(11);
        let mut below = |n: usize| (rng.next_u64() % n as u64) as usize;
        let images = idx_bytes(&[3, 2, 2], &[0, 1, 2, 3, 10, 11, 12, 13, 9, 8, 7, 6]);
        let labels = idx_bytes(&[3], &[0, 1, 2]);
        let text = b"a,b,label\n1,2,0\n3,4.5,1\n\"5\",-6,1\n".to_vec();
        let seeds = [images.clone(), gzip(&images), text.clone(), gzip(&text)];
        for round in 0..20_000 {
            let mut b = seeds[round % seeds.len()].clone();
            for _ in 0..1 + below(4) {
                let i = below(b.len() + 1);
                match below(4) {
                    0 if i < b.len() => b[i] = below(256) as u8,
                    1 => b.insert(i, [0, 0xFF, b',', b'\n', b'e', b'9'][below(6)]),
                    2 if i < b.len() => {
                        b.remove(i);
                    }
                    _ => b.truncate(i),
                }
            }
            for r in [
                idx(&b, &labels, "m"),
                idx(&images, &b, "m"),
                csv(&b, "label", "m"),
            ] {
                match r {
                    Ok(d) => assert!(d.x.iter().all(|v| v.is_finite()), "{b:?}"),
                    Err(e) => assert!(e.len() < 400, "{e}"),
                }
            }
        }
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
