//! Any text as a prose template: the sandbox refuses it or renders it within its budgets,
//! never panicking, hanging, reading the environment or growing without bound.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if gradlab::prose::check(text).is_err() {
        return;
    }
    let mut ctx = tera::Context::new();
    ctx.insert("x", &1.25);
    ctx.insert("name", "newton");
    ctx.insert("trials", &vec![serde_json::json!({"lr": 0.1, "loss": [1.0, 0.5]}); 50]);
    if let Ok(out) = gradlab::prose::render(text, &ctx) {
        assert!(out.len() <= gradlab::prose::OUTPUT_BUDGET);
        // The machine's environment never reaches a report.
        if let Ok(home) = std::env::var("HOME") {
            if home.len() > 3 && !text.contains(&home) {
                assert!(!out.contains(&home));
            }
        }
    }
});
