//! Any text as a claim's `when:` condition: the checker refuses it or the evaluator returns
//! a verdict or an error within its budgets, never panicking, hanging or growing without
//! bound, whatever names, numbers, filters or nesting it holds.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(when) = std::str::from_utf8(data) else {
        return;
    };
    let checked = gradlab::prose::check_condition(when);
    let _ = gradlab::prose::condition_names(when);
    let mut ctx = tera::Context::new();
    ctx.insert("x", &1.25);
    ctx.insert("big", &1e308);
    ctx.insert("tiny", &5e-324);
    ctx.insert("status", "converged");
    ctx.insert("xs", &vec![1.0, -2.0, 0.0]);
    ctx.insert(
        "runs",
        &vec![serde_json::json!({"f": 0.5, "x": [1.0, 2.0], "status": "diverged", "n": null}); 20],
    );
    // A condition the checker refuses is never evaluated by a run; one it accepts must
    // evaluate to a verdict or an error, never a panic.
    if checked.is_ok() {
        let _ = gradlab::prose::evaluate(when, &ctx);
    }
});
