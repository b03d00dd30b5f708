# gradlab's text for `activations` in English. Keys start with `activations-` (underscores as hyphens).
activations-none-in-range = none in range
activations-regions-and = { $a } and { $b }
activations-finding-sigmoid = The sigmoid's derivative σ'(z) = σ(z)(1 − σ(z)) peaks at { $peak } (z = 0) and is below 5 % of that for { $saturation }. Through k sigmoid layers the back-propagated gradient is multiplied by at most (1/4)^k times the weights, and its outputs average { $mean } for z ∼ N(0, 1), not 0: the next layer's inputs all share one sign.
activations-finding-tanh = tanh is zero-centred (E[tanh z] = { $mean }) with f'(0) = { $df0 }, but saturates for { $saturation }.
activations-finding-relu = ReLU passes the gradient unchanged for z > 0 and not at all for z ≤ 0 ({ $saturation }): a unit whose pre-activation is negative for every training input gets no gradient through its own weights and stays silent (dead); it comes back only if training changes the layers below so that some input makes its pre-activation positive again. E[relu'(z)²] = { $gain } for z ∼ N(0, 1): half the gradient's energy, which He initialization's factor 2 restores.
activations-finding-selu = SELU with α ≈ 1.6733, λ ≈ 1.0507 gives E[f(z)] = { $mean } and E[f(z)²] = { $second } for z ∼ N(0, 1): mean 0 and variance 1 are a fixed point of the layer map; Klambauer et al. (2017) show that it attracts nearby means and variances, which is what makes it self-normalizing with LeCun initialization.
activations-finding-central-differences = Every derivative above is the closed form; central differences (h = 1e-6) agree with it to { $error } (absolute difference) at worst over the grid, z = 0 excluded for every function (the kink of the ReLU family).
activations-tanh-saturates = tanh saturates, |z| > { $z }
activations-x-pre-activation = z (pre-activation)
activations-title-functions = Activation functions f(z)
activations-title-derivatives = Derivatives f'(z): where the gradient passes
activations-table-title = Values, saturation and Gaussian gains
activations-header-function = function
activations-header-max-derivative = max f'
activations-header-saturated = saturated or dead (|f'| < 5 % of max up to an end of the range)
activations-saturated-and-turning = { $saturation }; |f'| < 5 % of max also for { $turning }, around a zero of f' (a minimum of f, not saturation)
activations-table-note = Expectations over z ∼ N(0, 1), by Simpson's rule on each side of z = 0 (where the ReLU family has its kink). E[f(z)²] is the forward gain and E[f'(z)²] the backward gain of a layer whose weights have n·Var[W] = 1.
activations-col-run = the activation (with its parameter)
activations-col-z = pre-activation
activations-col-f = f(z)
activations-col-df = f'(z), closed form (left derivative at a kink, as PyTorch)
activations-col-df-central = (f(z + h) − f(z − h)) / 2h with h = 1e-6
activations-col-saturated = |f'(z)| below 5 % of its maximum on the range, in a stretch that reaches an end of the range (saturated or dead)
activations-col-turning = |f'(z)| below 5 % of its maximum in a stretch inside the range, around a zero of f' (a turning point of f, not saturation)
