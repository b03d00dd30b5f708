# gradlab's text for `rounding` in English. Keys start with `rounding-` (underscores as hyphens).
rounding-curve-constant-summands = { $method }, constant summands
rounding-curve-uniform-summands = { $method }, uniform summands
rounding-curve-naive-bound = n·ε (f32), the naive bound
rounding-finding-constant = Adding { $value } (stored in f32 as { $stored }) { $n } times: the naive running sum is off by a relative { $naive }, pairwise summation by { $pairwise }, Kahan summation by { $kahan } (f32's ε is { $eps }). Each naive addition rounds to the spacing of the running total, which grows with it, so the error grows { $growth } (slope { $slope } on log–log axes from n = { $from } on); pairwise sums numbers of similar size, and its error bound grows only as log n; Kahan carries each rounding error forward and cancels it.
rounding-finding-uniform = With uniform random summands in [0, 1) the roundings fall on both sides and partly cancel: the naive error grows { $growth } (slope { $slope } from n = { $from } on) and ends at { $naive } at n = { $n }, { $ratio } times smaller than for the constant summand; pairwise { $pairwise }, Kahan { $kahan }.
rounding-growth-linear = about linearly in n
rounding-growth-sqrt = about as √n, like a random walk
rounding-growth-other = as a power of n
rounding-true = true
rounding-false = false
rounding-why-point-one = neither 0.1 nor 0.2 is exactly representable in binary
rounding-one-plus-half-eps = 1 + ε/2 in { $format } (ε = { $eps })
rounding-why-ties-to-even = ties round to even; 1 + ε = { $next } is the next number after 1
rounding-table-one-operation = Rounding in one operation
rounding-header-expression = expression
rounding-header-computed = computed
rounding-header-compare-with = compare with
rounding-header-equal = equal?
rounding-header-why = why
rounding-curve-naive-quotient = naive (1 − cos x)/x², { $format }
rounding-curve-stable-quotient = stable 2 sin²(x/2)/x², { $format }
rounding-nowhere-in-table = nowhere on the grid
rounding-table-cancellation = Catastrophic cancellation: (1 − cos x)/x² → 1/2
rounding-header-naive = naive { $format }
rounding-header-stable = stable { $format }
rounding-header-exact = exact
rounding-cancellation-note = cos x agrees with 1 in its leading digits, so 1 − cos x keeps only the rounding error of cos x: the naive quotient is off by more than 1 % at every x from { $x_f32 } down in f32 and from { $x_f64 } down in f64 (x every half decade, as in the figure; the table shows the whole decades). The identity 1 − cos x = 2 sin²(x/2) removes the subtraction.
rounding-finding-cancellation = Cancellation: at x = 1e-4, (1 − cos x)/x² evaluates to { $naive_f32 } in f32 and { $naive_f64 } in f64, against 0.5; the rewritten 2 sin²(x/2)/x² gives { $stable_f32 } and { $stable_f64 }.
rounding-title-summation = Relative error of f32 sums
rounding-x-number-of-summands = number of summands n
rounding-relative-error = relative error
rounding-title-cancellation = Cancellation in (1 − cos x)/x²
rounding-headline-naive-error = naive error at max n
rounding-headline-kahan-error = kahan error at max n
rounding-col-run = method and summands
rounding-col-summands = `constant` (the value, rounded to f32) or `uniform` (seeded, in [0, 1))
rounding-col-n = number of summands
rounding-col-method = naive, pairwise or kahan (all in f32)
rounding-col-sum-f32 = the f32 result
rounding-col-reference = exact n·x for the constant; an f64 compensated sum for uniform
rounding-col-rel-error = |sum_f32 − reference| / reference
