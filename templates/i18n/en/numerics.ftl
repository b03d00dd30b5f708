# gradlab's text for `numerics` in English. Keys start with `numerics-` (underscores as hyphens).

## Why a descent run failed or stalled (src/numerics/descent.rs, worded by the kind)
numerics-no-model-minimum = gᵀHg = { $ghg } ≤ 0: the quadratic model has no minimum along −g
numerics-no-measurable-decrease = backtracking found no step that decreases f measurably: at this ‖∇f‖ the decrease is below the rounding of f
numerics-singular-hessian = the Hessian is singular: no Newton step
numerics-not-descent = the Newton direction climbs (∇fᵀd = { $slope } ≥ 0: the Hessian is not positive definite), so no step along it decreases f
numerics-step-below-rounding = the step (ε = { $eps }) no longer changes x in floating point: rounding stops the progress
