# gradlab's text for `conditioning` in English. Keys start with `conditioning-` (underscores as hyphens).

## Figure: error against κ
conditioning-error-title = Relative error of x against κ₂(A)
conditioning-error-x = condition number κ₂(A) = σmax/σmin
conditioning-curve-f64 = f64 solve
conditioning-curve-f32 = f32 solve
conditioning-curve-perturbed = f64, b perturbed (η = { $eta })
conditioning-curve-bound = bound κ·η (perturbed)
conditioning-curve-f32-eps = κ·ε (f32), to 10³
conditioning-family-hilbert = Hilbert matrices H₂…
conditioning-family-near_singular = near-singular [[1,1],[1,1+δ]]
conditioning-family-spectrum = chosen spectrum (κ = 10ᵏ)

## Findings
conditioning-hilbert-growth = κ₂ of the Hilbert matrices grows by a factor of { $low } to { $high } with each added row and column: κ₂(H₄) = { $h4 }, κ₂(H₈) = { $h8 }, κ₂(H{ $n }) = { $hn }. These are exact (λmax(H)·λmax(H⁻¹), with the integer closed-form inverse); from H{ $n }'s own eigenvalues f64 gets { $hn_eig }, because once κ·ε > 0.01 rounding hides λmin (such estimates are marked * in the table). A perturbation of b by a relative η = { $eta } moved the f64 solution by up to κ·η, never more (violations beyond rounding: { $violations } of { $count } matrices), whatever the matrix family: the sensitivity is a property of A, not of the algorithm.
# $fate32 is one of the three conditioning-f32-… texts, $fate64 conditioning-f64-lost or empty.
conditioning-rounding = Rounding inside the solve adds an error of at most about κ·ε on top: the f32 solve (ε = { $eps32 }) { $fate32 } while f64 (ε = { $eps64 }) keeps at least about 16 − log₁₀κ correct digits{ $fate64 }. That is a bound, not the typical count: { $exact } of the { $total } f64 solves are exact, up to κ ≈ { $exact_kappa }{ $scope }.
conditioning-exact-one-family = , every one of them { $size } × { $size } ({ $family }): a property of those matrices and their right-hand sides, not of f64 at that κ. An error of exactly 0 has no place on the figure's log axis, so these solves are not drawn
conditioning-exact-not-drawn = . An error of exactly 0 has no place on the figure's log axis, so these solves are not drawn
conditioning-f32-lost = has no correct digit left from κ ≈ { $kappa } on
conditioning-f32-erratic = first loses every correct digit at κ ≈ { $kappa }; beyond it the outcome is erratic (at { $later } larger κ some digits survived, by the luck of rounding)
conditioning-f32-kept = kept some digits throughout
conditioning-f64-lost = , and the bound guarantees none once κ approaches 1/ε ≈ 4.5e15
conditioning-f32-singular = In f32, { $n } of the { $total } matrices are singular to working precision: the solve divides by a pivot that rounded to 0 and returns inf/NaN. Those results have no place on the figure's log axis and are left out of it; `metrics.csv` records them.
conditioning-symmetric = Eigenvalues and singular values give the same κ for these symmetric matrices (|λ| = σ) up to rounding, which is of relative size κ·ε; for a non-symmetric matrix only σmax/σmin measures the sensitivity of Ax = b.

## Table
conditioning-table-title = Hilbert matrices
conditioning-table-matrix = matrix
conditioning-table-kappa-exact = κ₂ exact, λmax(H)·λmax(H⁻¹)
conditioning-table-kappa-eig = κ from |λ|max/|λ|min
conditioning-table-kappa-svd = κ₂ = σmax/σmin
conditioning-table-error-f64 = error f64
conditioning-table-error-f32 = error f32
conditioning-table-error-perturbed = error, perturbed b (f64)
conditioning-table-bound = bound κ·η
conditioning-table-note = x = 1 and b = A·1, so the exact solution is known; errors are ‖x̂ − 1‖/‖1‖. H⁻¹ is the closed-form inverse (integer entries). * marks an f64 estimate of κ with κ·ε > 0.01, where rounding hides λmin and σmin: not reliable. Every row of every family is in `metrics.csv`.

## Columns of metrics.csv
conditioning-col-run = the matrix family
conditioning-col-family = hilbert, near_singular or spectrum
conditioning-col-matrix = H4, δ=1e-3, κ=1e6, …
conditioning-col-size = n
conditioning-col-cond-eig = |λ|max / |λ|min
conditioning-col-cond-svd = σmax / σmin (κ₂)
conditioning-col-cond-exact = κ₂ without rounding in A's own eigen/SVD: Hilbert λmax(H)·λmax(H⁻¹) with the closed-form integer inverse, near-singular from the 2×2 closed form, spectrum as built
conditioning-col-f64-estimate-reliable = cond_exact·ε(f64) ≤ 0.01: the f64 cond_eig and cond_svd resolve λmin
conditioning-col-err-f64 = ‖x̂ − x‖/‖x‖ for the f64 LU solve of A x = A·1
conditioning-col-err-f32 = the same with A, b and the solve in f32
conditioning-col-err-perturbed-f64 = f64 solve with b + η‖b‖u (u a random unit vector)
conditioning-col-bound = cond_exact·η, the bound on err_perturbed_f64 (up to rounding)
