//! Any bytes as a user's data file: the IDX, CSV and Parquet parsers behind `data: {name:
//! file}` (gzip looked through) must return a data set or an error, never panic, hang or
//! abort. A data set holds only finite numbers; an error is short (it names places and
//! sizes, never the file's content).
#![no_main]

use gradlab::nn::files;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the format (and, for IDX, where the label file starts).
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let result = match pick % 4 {
        0 => {
            let cut = (pick as usize / 4 * bytes.len() / 64).min(bytes.len());
            let (images, labels) = bytes.split_at(cut);
            files::idx(images, labels, "fuzz")
        }
        1 => files::csv(bytes, "label", "fuzz"),
        2 => files::parquet(bytes, "label", "fuzz"),
        _ => match files::gunzip(bytes) {
            Ok(plain) => {
                assert!(plain.len() as u64 <= gradlab::load::MAX_DATA_BYTES);
                return;
            }
            Err(e) => Err(e),
        },
    };
    match result {
        Ok(mut d) => {
            assert_eq!(d.x.ncols(), d.len());
            assert_eq!(d.y.ncols(), d.len());
            assert_eq!(d.feature_names.len(), d.x.nrows());
            assert!(d.x.iter().all(|v| v.is_finite()));
            let _ = files::divide(&mut d, 1e-6);
        }
        Err(e) => assert!(e.len() < 400, "{} bytes of message", e.len()),
    }
});
