# gradlab's text for `softmax` in English. Keys start with `softmax-` (underscores as hyphens).
softmax-never = never
softmax-shifted-exact = The max-shifted softmax returns 1/n (to rounding) at every c tested.
softmax-shifted-exact-in-range = The max-shifted softmax returns 1/n (to rounding) at every c the format can store; at the { $k } tested c with |c| > { $max } the input itself rounds to ±inf, every softmax form and the shifted log-sum-exp return NaN, and the naive log-sum-exp returns ±inf.
softmax-shifted-misses = The max-shifted softmax misses 1/n by more than ε at { $k } tested c within the format's range.
softmax-finding-naive-fails = In **{ $format }**, the naive softmax of { $n } equal inputs fails from c = { $over } upward, where the sum of { $n } terms passes the largest number (near ln(max/n) = { $ln_max_n }, with c and e^c themselves rounded to the format); { $outputs } It fails from c = { $under } downward too (every e^c rounds to 0, and 0/0 is NaN). { $shifted }
softmax-naive-zeros-then-nan = until e^c itself overflows at ln(max) = { $ln_max } each e^c is still finite, so every output is e^c/∞ = 0, not NaN ({ $zeros } tested c, the first c = { $first }); from ln(max) on it is ∞/∞ = NaN.
softmax-naive-nan = no tested c falls between there and ln(max) = { $ln_max }, where e^c itself overflows; at every tested c beyond, the output is ∞/∞ = NaN.
softmax-finding-why-shifting-works = Why shifting works: softmax(x) = softmax(x − m) for any constant m, and with m = max xᵢ the largest exponent is exactly 0, so no e^(xᵢ − m) exceeds 1 (no overflow) and the term of the maximum is e⁰ = 1, so the denominator is at least 1 (no division by zero). Over all formats and every c the format can store, the shifted softmax of equal inputs had a worst relative error of { $error }: rounding of 1/n, nothing more.
softmax-finding-f16-range = In f16 an input with |c| ≥ 65520 (the largest number, 65504, plus half its spacing) rounds to ±inf before any arithmetic: the naive softmax returns NaN there (∞/∞, or 0/0 for c < 0), the shifted forms return NaN too (x − max = ∞ − ∞), and the naive log-sum-exp returns ±inf. Range, not only the formula, limits a 16-bit softmax.
softmax-finding-spread-inputs = Spread inputs [c, c+1, c+2, …]: from |c| = 2^p (p the significand's bits) the spacing of the format exceeds 1, so the inputs are rounded to points further apart than 1 before any exponential is taken: neighbours merge, or are pushed apart. The shifted softmax does not overflow there, but its relative error against the f64 reference for the intended inputs is no longer rounding: { $formats }. The failure is the inputs' representation, not the formula.
softmax-spread-format = in { $format } worst { $below } below |c| = { $collapse }, { $beyond } from there up to |c| = { $upto }, the largest tested c the format stores
softmax-table-title = Where the naive forms fail (equal inputs, n = { $n })
softmax-header-format = format
softmax-header-largest-finite = largest finite
softmax-header-naive-fails-from = naive softmax fails from c =
softmax-header-naive-fails-below = naive softmax fails below c =
softmax-header-lse-overflows-from = naive log-sum-exp overflows from c =
softmax-header-lse-minus-inf-below = naive log-sum-exp gives −inf below c =
softmax-table-note = Thresholds measured by bisection on c. The naive softmax fails once the sum n·e^c overflows (c > ln(max/n)) and once e^c rounds to zero (c < ln(min subnormal/2)); the shifted forms never fail for an input the format can store (a c beyond its largest number is inf before any formula runs). The 16-bit formats compute exp in f32 and round, as 16-bit kernels do.
softmax-headline-shifted-worst-error = shifted worst error
softmax-inputs-equal = equal inputs x = c·1
softmax-inputs-spread = spread inputs x = [c, c+1, …]
softmax-title-error = Softmax error, { $inputs }, { $side }
softmax-relative-error = relative error
softmax-col-run = format and method
softmax-col-input = `equal` (x = c·1) or `spread` (x = [c, c+1, …])
softmax-col-format = f16, bf16, f32 or f64
softmax-col-method = softmax_naive, softmax_shifted, log_softmax, logsumexp_naive, logsumexp_shifted
softmax-col-c = the input scale
softmax-col-abs-c = |c| (the plots' x axis)
softmax-col-output-0 = first output (probability, log-probability or log-sum-exp)
softmax-col-rel-error = max |output − exact| / max |exact|; NaN when the output is not finite
softmax-col-status = ok, inf, nan, or zero (a probability rounded to 0)
softmax-col-sign = + for c ≥ 0, − for c < 0
softmax-col-family = softmax (probabilities) or log (log-softmax, log-sum-exp)
