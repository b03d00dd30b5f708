//! Any bytes as a spec: loading, parsing, checking and planning must return a result (an
//! experiment or located errors), never panic, hang or abort.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let src = gradlab::Source::from_text(Path::new("fuzz.yaml"), text.to_string());
    for fast in [false, true] {
        match gradlab::check(&src, &gradlab::Options { fast, lang: None }) {
            Ok(exp) => assert!(!exp.trials.is_empty()),
            Err(errors) => {
                // Every error renders (the message path is part of what must not panic).
                let _ = errors.to_string();
            }
        }
    }
});
