# gradlab's text for `critical_points` in English. Keys start with `critical_points-` (underscores as hyphens).

## How a point was found (the data keep `given` and `newton (k of n starts)`)
critical-points-given = given
critical-points-newton = newton ({ $k } of { $n } starts)
critical-points-newton-failed = { $label }: { $k } of the { $n } Newton starts did not converge and are left out of the points: { $starts } (for example where f'' or the Hessian is singular, Newton's step is undefined).

## Class names as shown in the table, the plots and the headline (the data keep minimum, maximum, saddle, inconclusive, not_critical)
critical-points-class-minimum = minimum
critical-points-class-maximum = maximum
critical-points-class-saddle = saddle
critical-points-class-inconclusive = inconclusive
critical-points-class-not-critical = not critical

## Findings: one per point; $head is critical-points-head, $base critical-points-hessian
critical-points-head = **{ $label }** at { $vars } = { $point }
critical-points-not-critical = { $head }: ‖∇f‖ = { $grad_norm } is not zero, so this is not a critical point and the second-order test does not apply.
critical-points-1d-minimum = { $head }: f' = 0 and f'' = { $d2 } > 0, so f' grows through zero: a **local minimum** (second-derivative test).
critical-points-1d-maximum = { $head }: f' = 0 and f'' = { $d2 } < 0, so f' falls through zero: a **local maximum** (second-derivative test).
critical-points-1d-inconclusive = { $head }: f' = 0 and f'' = { $d2 }: the second-derivative test is **inconclusive**; the point may be an inflection (saddle) or part of a flat region, and higher derivatives must decide.
critical-points-1d-inconclusive-min = { $head }: f' = 0 and f'' = { $d2 }, so the second-derivative test is **inconclusive**; the values around it point to the answer: f(x ± h) > f(x) at each of the four steps h = 10⁻¹, 10⁻², 10⁻³ and 10⁻⁴ (times |x| where |x| > 1): a **local minimum**, as far as these samples can show (a function could turn between them; the first non-zero derivative settles it).
critical-points-1d-inconclusive-max = { $head }: f' = 0 and f'' = { $d2 }, so the second-derivative test is **inconclusive**; the values around it point to the answer: f(x ± h) < f(x) at each of the four steps h = 10⁻¹, 10⁻², 10⁻³ and 10⁻⁴ (times |x| where |x| > 1): a **local maximum**, as far as these samples can show (a function could turn between them; the first non-zero derivative settles it).
critical-points-1d-inconclusive-inflection = { $head }: f' = 0 and f'' = { $d2 }, so the second-derivative test is **inconclusive**; the values around it point to the answer: f is below f(x) on one side and above it on the other at each of the four steps h = 10⁻¹, 10⁻², 10⁻³ and 10⁻⁴ (times |x| where |x| > 1): an **inflection**, neither minimum nor maximum, as far as these samples can show (the first non-zero derivative settles it).
critical-points-hessian = { $head }: ∇f = 0, Hessian { $hessian } with eigenvalues { $eigs }
critical-points-minimum = { $base }, all positive: f curves upward in every direction, a **local minimum**.
critical-points-maximum = { $base }, all negative: f curves downward in every direction, a **local maximum**.
critical-points-saddle = { $base }, of both signs: a **saddle point**, curving up along { $up } and down along { $down }.
critical-points-inconclusive = { $base }: one is zero, so the second-order test is **inconclusive** along its eigenvector.

## Figures, headline, table
critical-points-contour-title = { $label }: contours of { $objective } with Hessian eigenvectors
critical-points-count = { $n } { $class }
critical-points-headline = points
critical-points-table-title = Classification by the second-order test
critical-points-table-function = function
critical-points-table-point = point
critical-points-table-found-by = found by
critical-points-table-f = f
critical-points-table-grad-norm = ‖∇f‖
critical-points-table-hessian = Hessian
critical-points-table-eigenvalues = eigenvalues
critical-points-table-class = class
critical-points-table-note = A point is critical when ‖∇f‖ ≤ { $critical_tol }; an eigenvalue counts as zero when |λ| ≤ { $zero_tol } × max(1, max|λ|).
critical-points-table-note-arrows = Arrows in the contour plots are the Hessian's eigenvectors: blue where f curves up (λ > 0), red where it curves down (λ < 0), grey where λ = 0 and the second-order test says nothing along it.

## Columns of metrics.csv
critical-points-col-function = index of the function in `functions`
critical-points-col-label = the function's label
critical-points-col-point = index of the point within its function
critical-points-col-source = `given`, or `newton (k of n starts)` for points Newton converged to
critical-points-col--variable- = one column per variable: the point's coordinates
critical-points-col-f = f at the point
critical-points-col-grad-norm = ‖∇f‖₂ at the point (critical when ≤ critical_tol)
critical-points-col-hess-eig-i = eigenvalues of the Hessian, ascending (for 1-D, f'')
critical-points-col-class = minimum, maximum, saddle, inconclusive or not_critical
