# gradlab's text for `backprop` in English. Keys start with `backprop-` (underscores as hyphens).

## The chain-rule table
backprop-chain-title = Every partial derivative for one step on x = ({ $x1 }, { $x2 }), y = { $y } (ŷ = { $yhat }; { $distinct } distinct values of the 9)
backprop-chain-derivative = derivative
backprop-chain-parameter = parameter value
backprop-chain-chain-rule = chain-rule expression
backprop-chain-formula = value
backprop-chain-engine = backprop (engine)
backprop-chain-central = central difference
backprop-chain-relative = relative difference
backprop-chain-note = Notation of the course: z_k = x₁w₁ₖ + x₂w₂ₖ + b_k, a_k = σ(z_k), z = a₁w₁ + a₂w₂ + b, ŷ = σ(z), L = −y ln ŷ − (1 − y) ln(1 − ŷ). The factor a_k(1 − a_k) is σ'(z_k); the log loss and the output sigmoid together give ∂L/∂z = −(y − ŷ).
backprop-three-ways = Each partial derivative of the first step was computed three ways: the chain-rule formula, the engine's backward pass, and a central difference of the loss, on { $count ->
        [one] the sample
       *[other] the samples
    } { $samples }. They agree to a relative difference of { $worst } at worst.
backprop-three-ways-sample = x = ({ $x1 }, { $x2 }), y = { $y } ({ $distinct } distinct values of the 9)

## The two models (the data name the runs `2-h-1 network` and `single perceptron`)
backprop-network = 2-{ $hidden }-1 network
backprop-single-perceptron = single perceptron
# $why is backprop-why-xor or backprop-why-moons.
backprop-trained = After { $steps } full-batch steps (lr { $lr }), the { $network } reaches accuracy { $network_accuracy } (log loss { $network_loss }); a single perceptron trained the same way ends at accuracy { $perceptron_accuracy } (log loss { $perceptron_loss }; between { $perceptron_accuracy_min } and { $perceptron_accuracy_max } during the run). { $why }
backprop-perceptron-at-half = The perceptron's outputs all lie within { $deviation } of ½: it answers ½ everywhere, and its accuracy ({ $accuracy } from step { $from } on) is not learned: it is set by which side of ½ each output lies on. (An output counts as class 1 when its logit z is above 0: σ(z) itself may round to exactly ½.)
backprop-perceptron-at-half-decay = The perceptron's outputs all lie within { $deviation } of ½: it answers ½ everywhere, and its accuracy ({ $accuracy } from step { $from } on) is not learned. It is set by which side of ½ each output lies on while w and b decay towards 0 from their initial values: no output has changed its side since step { $from }, when every output was still at least { $settled } from ½, far more than rounding. (An output counts as class 1 when its logit z is above 0: σ(z) itself may round to exactly ½.)
backprop-perceptron-at-half-rounding = The perceptron's outputs all lie within { $deviation } of ½: it answers ½ everywhere, and on which side of ½ each output falls, and so its accuracy ({ $accuracy } from step { $from } on), is decided by rounding (at step { $from } the closest output was { $settled } from ½), not by anything it learned. (An output counts as class 1 when its logit z is above 0: σ(z) itself may round to exactly ½.)
backprop-why-xor = No straight line puts (0, 1) and (1, 0) on one side and (0, 0) and (1, 1) on the other, so a perceptron can get at most 3 of the 4 points right; its least log loss is ln 2 ≈ 0.693, the loss of answering ½ everywhere (the loss is convex and unchanged by x ↦ (x₂, x₁) and x ↦ 1 − x, so it has a minimum with w = 0; with two points of each label the best constant answer is then ½, so b = 0). The hidden layer bends the boundary.
backprop-why-moons = The two moons interlock, so any straight line misclassifies the tips of both; the hidden layer bends the boundary around them.
backprop-headline-network = network accuracy
backprop-headline-perceptron = perceptron accuracy

## Figures
backprop-loss-title = Log loss during training
backprop-loss-x = gradient-descent step
backprop-loss-y = mean log loss
backprop-boundary-flat = The { $model }'s p(y = 1) varies by only { $spread } over the whole plane x₁ ∈ { $x }, x₂ ∈ { $y }, around { $p }: there is no contour to draw, so it has no figure.
backprop-boundary = { $model }: contours of p(y = 1)

## Columns of metrics.csv
backprop-col-run = the 2-h-1 network or the single perceptron
backprop-col-step = full-batch gradient-descent step
backprop-col-loss = mean log loss
backprop-col-accuracy = fraction classified correctly
