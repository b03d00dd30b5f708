# gradlab's text for `optimize` in English. Keys start with `optimize-` (underscores as hyphens).

## Figures
optimize-fig-f-gap-title = Gap to the lowest value: f(xₖ) − f*
optimize-axis-iteration = iteration k
optimize-fig-grad-norm-title = Gradient norm ‖∇f(xₖ)‖ by iteration
optimize-fig-path-title = f({ $var }) = { $objective } with the iterates
optimize-fig-contour-title = Contours of f = { $objective } with each method's path
optimize-minimum-marker = minimum { $point }
optimize-fig-taylor-title = Decrease of f along −∇f from x₀ = { $point }
optimize-axis-step-size = step size ε
optimize-curve-actual = actual
optimize-curve-taylor = second-order Taylor prediction
optimize-curve-first-order = first-order prediction εgᵀg

## Run statuses (the data's `status` values, for reading)
optimize-status-converged = converged
optimize-status-max-iterations = max iterations
optimize-status-diverging = diverging
optimize-status-diverged = diverged
optimize-status-failed = failed
optimize-status-stalled = stalled

## At the start
optimize-start-title = At the start
optimize-start-col-start = start { $vars }
optimize-start-col-hessian = Hessian ∇²f
optimize-start-col-eigenvalues = eigenvalues of ∇²f
optimize-start-note = Exact derivatives of the parsed expression (forward-mode automatic differentiation, no rounding from a step size).

## The second-derivative test
optimize-critical-unclassified = a point the second-derivative test cannot classify (an eigenvalue of the Hessian is 0)
optimize-critical-minimum = a minimum
optimize-critical-maximum = a maximum
optimize-critical-saddle = a saddle point

## How each run ended ($name is the run's label in bold)
optimize-run-critical-not-minimum = { $name } reached a critical point in { $steps } { $steps ->
    [one] step
   *[other] steps
}, ‖∇f‖ = { $grad } ≤ { $tol }, at { $vars } = { $x } with f = { $f }; the Hessian's eigenvalues there, { $eigenvalues }, make it **{ $kind }**, not a minimum: as a minimizer, this run failed.
optimize-run-converged = { $name } converged in { $steps } { $steps ->
    [one] step
   *[other] steps
} to a minimum: { $vars } = { $x }, f = { $f }, ‖∇f‖ = { $grad } ≤ { $tol }.
optimize-run-diverged = { $name } **diverged**: after { $steps } { $steps ->
    [one] step
   *[other] steps
} the iterates had blown up to ‖x‖ = { $xnorm } with f = { $f } and ‖∇f‖ = { $grad } (from f = { $f0 } at the start); the run stops there.
optimize-run-diverging = { $name } **diverges**: it grows without bound, not merely slowly. Over the full budget of { $steps } steps f grew from { $f0 } to { $f } and ‖∇f‖ from { $grad0 } to { $grad }; over the second half of the run f grew by a factor { $rate_f } per step and ‖∇f‖ by { $rate_grad }, so at that pace f passes f64's largest number after about { $left } more steps. The step is too large for the curvature.
optimize-run-above-start = { $name } ended its full budget of { $steps } steps above its start (f = { $f } against { $f0 }, ‖∇f‖ = { $grad }), but without growing steadily over the second half of the run: it is not diverging, it has not converged either.
optimize-run-max-iterations = { $name } did not reach ‖∇f‖ ≤ { $tol } within { $steps } steps: it stopped at { $x } with f = { $f }, ‖∇f‖ = { $grad }.
optimize-run-failed = { $name } stopped after { $steps } { $steps ->
    [one] step
   *[other] steps
} at { $x }: { $reason }.
optimize-run-stalled = { $name } stalled after { $steps } { $steps ->
    [one] step
   *[other] steps
} at { $x } with ‖∇f‖ = { $grad }: { $reason }. A tolerance below this cannot be met by this method in f64.
optimize-run-two-cycle = It ends in a two-cycle: over its last eight steps every second iterate came back to within { $drift } of where it was, alternating between { $a } (f = { $fa }) and { $b } (f = { $fb }), so f no longer falls.
optimize-run-two-cycle-above = The cycle sits above the run's lowest point: f had fallen to { $fmin } at iteration { $kmin } and then rose again.
optimize-run-newton-not-pd = The Hessian had a negative eigenvalue at { $count } of its { $total } points (rows with `hess_eig_1 < 0` in the data, the start included), where the Newton step { $one_d ->
        [yes] points uphill (in one dimension −f′/f″ with f″ < 0 has the sign of f′, against the slope).
       *[other] need not point downhill.
    }
optimize-run-newton-first-rise = Its first step that raised f, from { $from } (f = { $f_from }) to { $to } (f = { $f_to }) at step { $k }, { $pd ->
        [yes] started where the Hessian was positive definite, so it pointed downhill and was too long
       *[no] started at one of those points
    }.

## Comparison of the runs
optimize-compare-fastest = Fastest to a minimum at the tolerance: **{ $label }** with { $steps } { $steps ->
    [one] step
   *[other] steps
}.
optimize-compare-tie = Fewest steps to a minimum at the tolerance: a tie of { $count } runs, { $labels }, each with { $steps } { $steps ->
    [one] step
   *[other] steps
}{ $identical ->
    [yes] , and with the same iterates: here they are the same run
   *[other] {""}
}.
optimize-compare-from-start = From { $start }: { $text }
optimize-compare-only = Only **{ $label }** reaches a minimum at the tolerance, in { $steps } { $steps ->
    [one] step
   *[other] steps
}.
optimize-compare-none = No run reaches a minimum.
optimize-compare-needed = { $label } needed { $steps }
optimize-compare-by-comparison = By comparison, { $list }.
optimize-compare-not-converged = Not converged: { $list }.
optimize-compare-not-minimum = Converged to a point that is not a minimum: { $list }.
optimize-gap-zero-before-tol = **{ $label }**: f(xₖ) − f* is exactly 0 in f64 from iteration { $zero } on (the figure's "reached 0"), while the run stops at iteration { $steps }, when ‖∇f‖ first falls to the tolerance { $tol } (at iteration { $zero } it was still { $grad }). Near the minimum f − f* shrinks like the square of the distance and falls below the rounding of f first; ‖∇f‖ shrinks like the distance itself.

## Curvature at the solution and the shape of the paths
optimize-condition-number = At the minimum found, { $x }, the Hessian's eigenvalues run from λmin = { $lmin } to λmax = { $lmax }: condition number κ = λmax/λmin = { $kappa }. The function curves { $kappa } times more steeply in its steepest direction than in its flattest; near the minimum plain gradient descent (no momentum) is stable below 2/λmax = { $bound }{ $steeper_start ->
        [yes] ; at the start, where λmax = { $lmax0 }, the same local bound is { $bound0 }. These bounds are local: a step above a point's bound overshoots there, and whether the run recovers depends on the curvature it lands in.
       *[other] .
    }
optimize-right-angle-exact = **{ $label }** turns by a right angle: { $count } of { $pairs } consecutive pairs of steps are orthogonal, because exact line search stops where the new gradient is perpendicular to the old direction.
optimize-right-angle-model = **{ $label }** turns by a right angle (|cos| < 10⁻⁶ between consecutive steps) in { $count } of { $pairs } consecutive pairs of steps, and to within 1° in { $close }; the largest departure, { $worst }° from 90°, is between steps { $first } and { $second }. Its step gᵀg/gᵀHg minimizes the quadratic Taylor model along −g, which is f itself only where f is quadratic, so the new gradient is exactly perpendicular to the old direction only where the model is exact.
optimize-zigzag = **{ $label }** zig-zags: in { $count } of { $pairs } consecutive pairs of steps the second step points back against the first (angle over 90°): each step overshoots along the steep direction and the next comes back.

## Tables
optimize-table-run = run
optimize-runs-title = How each run ended
optimize-runs-col-status = status
optimize-runs-col-steps = steps
optimize-runs-col-final-x = final x
optimize-first-title = The first iterations
optimize-first-col-step = step ε
optimize-first-col-predicted = Taylor-predicted decrease
optimize-first-col-actual = actual decrease
optimize-first-note = The predicted decrease of the step d taken from xₖ is −(gᵀd + ½dᵀHd), the second-order Taylor model; it equals the actual decrease exactly when f is quadratic. Every iteration is in `metrics.csv`.

## The Lipschitz constant and the 2/L bound
optimize-lipschitz-constant = On the region { $region }, the gradient is Lipschitz with constant L = ‖∇²f‖₂ = { $l }, the same at every point: f is quadratic, its Hessian constant. A fixed step lr decreases f for certain only when lr < 2/L = { $bound }; above it, the step overshoots along the steepest direction by more than it gained.
optimize-lipschitz = On the region { $region }, the gradient is Lipschitz with constant L = max ‖∇²f‖₂ = { $l } (attained at { $at }). A fixed step lr decreases f for certain only when lr < 2/L = { $bound }; above it, the step overshoots along the steepest direction by more than it gained.
optimize-lipschitz-stable = stable (lr < { $bound })
optimize-lipschitz-may-diverge = may diverge (lr ≥ { $bound })
optimize-lipschitz-decreasing = decreasing, not yet converged
optimize-lipschitz-oscillating = lower than at the start, but f rose at { $rises } { $rises ->
    [one] step
   *[other] steps
}: oscillating, not yet converged
optimize-lipschitz-diverges = diverges from almost every start (lr > { $bound })
optimize-lipschitz-title = Fixed steps against their stability bound
optimize-lipschitz-col-bound = largest stable lr
optimize-lipschitz-col-theory = theory
optimize-lipschitz-col-observed = observed
optimize-lipschitz-col-final-f = final f
optimize-lipschitz-note = L = { $l } on the plotted region, so 2/L = { $bound }. On a quadratic, gradient descent multiplies the error along an eigenvector with eigenvalue λ by (1 − lr·λ) per step: it shrinks exactly when lr·λ < 2.
optimize-lipschitz-momentum = With momentum the bound moves: on a quadratic whose largest curvature is L, heavy-ball momentum μ is stable for lr < 2(1 + μ)/L and Nesterov's for lr < 2(1 + μ)/((1 + 2μ)L), not 2/L; the table gives each run its own bound.

## The Taylor analysis at the first start
optimize-taylor-no-gradient = The Taylor analysis needs a non-zero, finite gradient at the first start; there is none.
optimize-taylor = Second-order Taylor analysis at x₀ = { $x0 }: along −g the model f(x₀ − εg) ≈ f(x₀) − εgᵀg + ½ε²gᵀHg is best at ε* = gᵀg/gᵀHg = { $eps }, where it predicts a decrease of { $pred }; the actual decrease there is { $act }. At 2ε* the model predicts { $pred2 } and f actually changes by { $act2 }.
optimize-taylor-exact = The objective is quadratic, so the model is exact at every ε.
optimize-taylor-inexact = The objective is not quadratic, so the model is only trusted near ε = 0 and the two curves part as ε grows.
optimize-taylor-no-curvature = At x₀ = { $x0 } the curvature along −g is gᵀHg ≤ 0: the second-order model predicts that f falls forever along −g, so it gives no best step.
optimize-taylor-worst-case = The worst case for a gradient step is g along the eigenvector of the largest eigenvalue λmax = { $lmax }, where the best step is 1/λmax = { $step }: the Hessian's eigenvalues set the scale of the learning rate.

## The headline: a run's status, steps and final f
optimize-headline = { $status } after { $steps } steps, f = { $f }


## Rates: measured against the theory
optimize-minima-differ = The runs found { $count } different minima (f = { $values }): there is no single f* to measure their distance to, so the figure of f(xₖ) − f* is left out; the gradient norm shows each run's progress.
optimize-label-from = { $label } from { $start }
optimize-rate-envelope = { $label }: ‖∇f‖ oscillates as it falls; through its { $peaks } peaks in the second half of the run it shrinks by a factor { $measured } per step (a least-squares line through ln ‖∇f‖ at the peaks); the theory at the minimum's Hessian gives { $theory }. At that rate a millionfold reduction takes { $steps } steps.
optimize-rate-repeated-root = At this step and μ the two roots of z² − (1 + μ − αλ)z + μ coincide, so the error falls like k·rᵏ rather than rᵏ: between iterations { $j } and { $k } that alone gives a factor r·(k/j)^(1/(k − j)) = { $window }, beside the measured { $measured }.
optimize-rate = { $label }: ‖∇f‖ shrinks by a factor { $measured } per step over the second half of the run; the theory at the minimum's Hessian gives { $theory }. At that rate a millionfold reduction takes { $steps } steps.
optimize-rate-theory = { $label } (theory)
optimize-rate-kappa = The Hessian's condition number is κ = { $kappa } (√κ = { $root }). Gradient descent at its best fixed step 2/(λmax + λmin) contracts by (κ − 1)/(κ + 1) = { $gd } per step, { $gd_steps } steps for a millionfold reduction; heavy-ball momentum at its best step and μ by (√κ − 1)/(√κ + 1) = { $hb }, { $hb_steps } steps: the number of steps grows with κ for one and with √κ for the other.
optimize-fig-rates-title = ‖∇f‖ per iteration, each run beside its theoretical rate (dashed)
optimize-momentum-weights = μ = { $mu }: the velocity adds past gradients with weights μᵏ, summing to 1/(1 − μ) = { $memory }; a gradient still counts with a tenth of its weight or more up to { $tenth } steps back.
optimize-fig-momentum-weights-title = The weight μᵏ of the gradient from k steps ago in momentum's velocity
optimize-axis-steps-ago = steps ago (k)
optimize-axis-weight = weight μᵏ

## The columns of metrics.csv
optimize-col-run = method label (with the start point when there are several)
optimize-col-method = gd, exact_line_search (taylor_step where f is not quadratic), backtracking, newton, momentum, or the optimizer's name (sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw, adamax, nadam)
optimize-col-start = index of the start point
optimize-col-iteration = k, 0 at the start point
optimize-col--variable- = one column per variable: the coordinates of xₖ
optimize-col-f = f(xₖ); inf/NaN once a run diverges
optimize-col-f-gap = f(xₖ) − f*, where f* is the smallest finite f of any run of the trial, refined by Newton's method from that point when it converges there to a minimum
optimize-col-grad-norm = ‖∇f(xₖ)‖₂
optimize-col-step-size = ε of the step taken from xₖ (lr, line-search step, 1 for Newton); NaN on the last row
optimize-col-step-norm = ‖xₖ₊₁ − xₖ‖₂
optimize-col-predicted-decrease = −(gᵀd + ½dᵀHd): the decrease the second-order Taylor model predicts for step d
optimize-col-actual-decrease = f(xₖ) − f(xₖ₊₁)
optimize-col-hess-eig-i = eigenvalues of ∇²f(xₖ), ascending (i = 1…n; for 1-D, f'')
optimize-col-hessian-pd = whether ∇²f(xₖ) is positive definite
optimize-col-status = how the run ended: converged, max_iterations, diverging, diverged or failed
