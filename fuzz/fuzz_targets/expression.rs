//! Any text as an objective: parsing must return an objective or a located error, never
//! panic, hang or abort; a parsed objective evaluates (value, gradient, Hessian) anywhere.
#![no_main]

use gradlab::numerics::expr::Objective;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let declared = ["x".to_string(), "y".to_string()];
    for vars in [None, Some(&declared[..])] {
        match Objective::parse(text, vars) {
            Ok(f) => {
                for p in [0.0, 1.5, -2.25, 1e-300, 1e300] {
                    let x = vec![p; f.dim()];
                    let _ = f.value(&x);
                    let g = f.gradient(&x);
                    let h = f.hessian(&x);
                    assert_eq!(g.len(), f.dim());
                    assert_eq!(h.nrows(), f.dim());
                }
            }
            Err(e) => {
                let offset = e.offset().unwrap_or(0);
                assert!(offset <= text.chars().count());
                let _ = e.to_string();
            }
        }
    }
});
