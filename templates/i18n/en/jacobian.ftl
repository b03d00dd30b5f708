# gradlab's text for `jacobian` in English. Keys start with `jacobian-` (underscores as hyphens).

## Findings
jacobian-best-steps = **{ $label }** at { $at }: forward differences are most accurate at h = { $forward_h } (relative error { $forward_error }), central differences at h = { $central_h } (error { $central_error }).
jacobian-theory = Theory: forward truncation error falls like h and rounding error grows like ε/h, so the best h is near √ε = { $sqrt_eps }; central truncation falls like h², so the best h is near ∛ε = { $cbrt_eps } and the best error is far smaller.
jacobian-softmax-rows = The softmax Jacobian diag(s) − s sᵀ is symmetric and each of its rows sums to zero (largest |row sum| here { $row_sum }), because the outputs always sum to one: moving any input cannot change the total.
jacobian-hessian = The Hessian of { $objective } at { $at } is the Jacobian of its gradient: exact { $exact }, by central differences of ∇f with h = ∛ε { $fd } (relative error { $error }). The exact Hessian is symmetric (largest |Hᵢⱼ − Hⱼᵢ| = { $asym_exact }), as it must be where second derivatives are continuous; the difference quotient is symmetric only up to its error ({ $asym_fd }).

## Table
jacobian-table-title = Exact Jacobians and the best finite-difference steps
jacobian-table-function = function
jacobian-table-at = at
jacobian-table-exact = exact Jacobian
jacobian-table-forward = forward: best h and error
jacobian-table-central = central: best h and error
jacobian-table-note = Errors are max |J_fd − J| / max |J| over the entries. The exact Jacobian comes from forward-mode automatic differentiation of the components (or diag(s) − s sᵀ for the softmax).

## Figure
jacobian-error-title = Finite-difference Jacobian error against the step h
jacobian-error-x = step h
jacobian-error-y = relative error

## Columns of metrics.csv
jacobian-col-run = function and scheme
jacobian-col-function = the function's label
jacobian-col-scheme = forward or central differences
jacobian-col-h = the step
jacobian-col-rel-error = max |J_fd − J| / max |J|
