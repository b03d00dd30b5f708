# gradlab's text for `train` in English. Keys start with `train-` (underscores as hyphens).

## Metric, headline, axes
train-accuracy = accuracy
train-headline-validation = validation { $metric }
train-headline-test = test { $metric }
train-headline-epochs = epochs
train-axis-epoch = epoch
train-axis-loss = loss
train-range-title = Learning-rate range test: the smoothed mini-batch loss as the rate grows
train-range-smoothed = smoothed loss
train-range-suggested = suggested largest rate
train-range-lag = The smoothed loss lags the single batches: an exponential average with β = 0.98 (bias-corrected, as in fastai) remembers about the last 50 steps, so it reaches its lowest only at lr = { $best }, while the lowest single-batch loss, { $raw_loss }, came at lr = { $raw_lr }, where the smoothed value was still { $smoothed }. Read the smoothed minimum as the edge of stability, not the bottom of the loss.
train-range-finding = Range test: { $steps } mini-batch steps with the learning rate growing geometrically from { $lo } towards { $hi }, from the same initial weights. The smoothed loss falls fastest around lr = { $steepest } and is lowest at lr = { $best }{ $stopped ->
        [yes] ; past that it climbs, and the test stopped at lr = { $stop } when the smoothed loss passed four times its lowest value
       *[other] {""}
    }. The usual rule takes a tenth of the lowest point as the largest rate worth using (1cycle's max_lr, say): { $suggested }.
train-lr-title = The learning rate of each epoch
train-axis-lr = learning rate
train-loss-title = Loss by epoch, train and validation
train-metric-title = { $metric } by epoch, train and validation

## Findings
train-summary = A { $arch } network ({ $activations }; { $init } init, { $optimizer }) trained{ $dtype } on { $data } ({ $n_train } train, { $n_val } validation, { $n_test } test samples) for { $epochs } { $epochs ->
    [one] epoch
   *[other] epochs
}{ $stopped }: train loss { $train_loss }, validation loss { $val_loss }; train { $metric } { $train_metric }, validation { $metric } { $val_metric }, test { $metric } { $test_metric } (weights of epoch { $weights_epoch }).
train-in-float32 = {" "}in float32 (PyTorch's default dtype: weights, activations, gradients and optimizer state rounded to 24-bit significands)
train-stopped-early = {" "}(stopped early)
train-diverged = Training **diverged**: the loss became inf/NaN in epoch { $epoch }: the updates grew without bound (lr = { $lr }). How large a step a network tolerates depends on its initialization and its depth as much as on lr; a smaller step or initial scale, gradient clipping or batch normalization keep the updates in check.
train-spiked = The training loss had come down to { $best } (epoch { $best_epoch }) and ends at { $last }, more than three times that: training is unstable at this step size (the curves show it). { $cause }
train-spiked-gap-jump = The gap at the end came with that jump: one epoch earlier the validation loss was only { $before } above the training loss.
train-spiked-gap-val = The gap at the end ({ $gap }: validation loss { $val_loss } against { $train_loss }) does not come from that jump: it comes from the validation loss, lowest at { $min_val } in epoch { $min_epoch } and between { $lo } and { $hi } since epoch { $since }.
train-collapse = In the last epoch the validation { $metric } fell to { $last } from { $prev }, below every earlier epoch's (between { $lo } and { $hi } in epochs 1–{ $upto }): the final numbers catch the run at its worst epoch, a sign of unstable training; with no epoch after it, this run cannot show whether it would recover.
train-not-fitted = The training loss is still { $train_loss } (the untrained network's was { $initial }): the network has not fitted its training data, so the higher validation loss ({ $val_loss }) is not overfitting; the training itself has not converged (a step size that does not suit the network, or too few epochs).
train-unstable = The validation loss jumps between { $lo } and { $hi } in the last three epochs: training is unstable, so the gap at the end ({ $val_loss } against { $train_loss } on the training set) measures that instability as much as overfitting.
train-noisy = The validation loss ends at { $val_loss }, above its lowest ({ $min_val }, epoch { $min_epoch }) by less than it swings from one epoch to the next since then (median { $swing }): whether it has turned up, the sign of overfitting, cannot be told from this noise.
train-overfitting = The validation loss reached its lowest, { $min_val }, at epoch { $min_epoch } and rose after it; the reported weights end at { $val_loss } against { $train_loss } on the training set (a gap of { $gap }): the network fits its training data better than new data (overfitting){ $advice }.
train-overfitting-advice = ; regularization (L2, dropout) or early stopping would narrow it
train-overfitting-in-use = , even with { $used } in use
train-gradient-ratio = Backward, hidden layer 1 receives { $ratio } times the back-propagated gradient of hidden layer { $n } ({ $first } against { $last } per sample) after training: { $verdict }.{ $before }
train-gradient-before = {" "}Before training the ratio was { $ratio }: { $verdict }.
train-gradient-before-same = {" "}Before training the ratio was { $ratio }, the same verdict.
train-gradient-before-bn = {" "}Before training the ratio is not batch normalization's: its running statistics come from training, so the untrained network's evaluation pass does not normalize, and the epoch-0 rows of `layers.csv` for this run describe a network without it; they are not used here.
train-gradient-vanishes = the gradient vanishes on its way back (under 1/1,000 of the last hidden layer's), so the first layers barely learn
train-gradient-shrinks = the gradient shrinks on its way back, to 1/{ $factor } of the last hidden layer's (still above 1/1,000)
train-gradient-usable = the gradient keeps its scale on its way back (within a factor of 2 of the last hidden layer's)
train-gradient-grows = the gradient grows on its way back, to { $factor } times the last hidden layer's (still below 1,000 times)
train-gradient-explodes = the gradient grows more than 1,000-fold on its way back (exploding)
train-symmetry = **Symmetry never broke**: in hidden { $count ->
    [one] layer
   *[other] layers
} { $layers } every unit has exactly the same incoming weights after training. Units that start equal receive equal gradients and stay equal, so each such layer computes one feature however wide it is.
train-all-zero = **No hidden weight ever moved**: in hidden { $count ->
    [one] layer
   *[other] layers
} { $layers } every weight and bias is still exactly 0 after training. With all weights 0 every unit outputs f(0) whatever the input, and no gradient that would move them arrives: these layers carry nothing about the input, which is why the run cannot beat guessing the commonest class.
train-near-zero-weights = { $share }% of the { $count } hidden weights are within ±0.001 of zero; the largest is { $largest } in absolute value.
train-mc-dropout = Monte Carlo dropout ({ $passes } stochastic passes over the { $samples } test samples): the averaged prediction is right for { $correct } of them (accuracy { $accuracy }, against { $plain } without dropout). The spread of the predicted class's probability across passes averages { $spread_right } on the right answers and { $spread_wrong } on the wrong ones; the most certain half of the test set has accuracy { $certain }, the least certain half { $uncertain }. { $verdict }
train-mc-warning-usable = The spread is a usable warning sign here: the network is less sure where it is wrong.
train-mc-versus-probability = As a detector of wrong answers, the spread ranks a wrong answer above a right one in { $auc_spread } % of all (wrong, right) pairs; the averaged probability alone (lower = more suspect) does so in { $auc_prob } %{ $better ->
        [spread] : the spread tells more than the network's own confidence.
        [prob] : the spread is no better a detector than the confidence the network already reports.
       *[same] : about as well, so the spread adds little over the confidence the network already reports.
    }
train-mc-warning-unreliable = Here the spread is not a reliable warning sign: it does not single out the wrong answers clearly.

## Final metrics table
train-final-metrics = Final metrics
train-table-split = split
train-table-loss = loss
train-split-train = train
train-split-validation = validation
train-split-test = test
train-final-metrics-note = The weights of epoch { $epoch }; data loss { $loss }, without the L1/L2 penalty. Features standardized on the training split only: { $standardized }.

## Figures
train-weights-title = Trained hidden-layer weights
train-weights-x = |w|, size of a hidden weight (first bin: |w| ≤ 10⁻⁷)
train-weights-y = share of weights per quarter decade
train-mc-title = MC dropout: uncertainty against correctness
train-mc-x = spread (std across passes) of the predicted class's probability
train-mc-y = share of its group (correct or wrong answers)
train-mc-correct = correct (n = { $n })
train-mc-wrong = wrong (n = { $n })
train-dead-title = Hidden units dead or saturated on every probe sample
train-dead-y = share (ReLU: slope 0; sigmoid, tanh: under 5 % of max)
train-negative-title = Share of hidden units with z < 0 on every probe sample
train-negative-y = fraction of hidden units

## Columns of metrics.csv (and the extra tables)
train-col-run = train or validation
train-col-split = train or validation
train-col-epoch = 0 for the untrained network, then each epoch
train-col-loss = data loss at the end of the epoch, the same quantity on train and validation (the L1/L2 penalty is not in it)
train-col-penalty = the L1/L2 penalty of the weights at the end of the epoch (what the optimizer adds to the train loss; 0 without one)
train-col-metric = accuracy (classification) or R² (regression)
train-col-lr = learning rate of the epoch's last step
train-col-grad-norm = global gradient norm of the epoch's last step, before clipping
train-col-dead-units = with `layer_stats: true`: mean over hidden layers of the share of units dead (ReLU: slope 0) or saturated (sigmoid, tanh: slope under 5 % of its maximum) on every probe sample; 0 for other activations, which are not counted
train-col-negative-units = with `layer_stats: true`: mean over hidden layers of the share of units whose pre-activation is below 0 on every probe sample (dead for ReLU; still passing a gradient for Leaky ReLU and ELU)
train-col-weights-csv = with `weight_histogram: true`: abs_weight (|w|, the bin's geometric centre; bins a quarter of a decade wide, the first also holding every |w| below 1e-7), share (fraction of hidden weights in the bin)
train-col-mc-dropout-csv = with `mc_dropout`: sample, predicted, confidence (mean probability of the predicted class), spread (its std across passes), correct
train-col-layers-csv = epoch, layer, act_mean, act_std, saturated (fraction of unit × sample pairs), dead (fraction of units saturated or dead on every probe sample), negative (fraction of units whose pre-activation is below 0 on every probe sample), grad_w_norm, grad_b_norm, grad_u_norm (‖∂L/∂z‖ per sample), update_ratio
train-col-seconds = with `wall_clock: true`: seconds spent in training steps up to the end of the epoch, measured on this machine (differs from run to run)
train-col-noise-csv = with `gradient_noise: true`: `at` (`start`: the initial weights, `end`: the trained ones), `batch_size`, `estimate` (`E‖g_B − g‖² · measured`: mean of ‖g_B − g‖² over the full batches of shuffled passes, at least 64 batches where 16 passes allow; `… · expected`: σ²/B · (N − B)/(N − 1)), `variance`, `whole_set` (`yes` when the batch is the whole set: variance 0), `sigma2` (per-sample gradient variance), `grad_sq` (‖g‖², the full gradient's squared norm)

## Gradient noise and training time
train-noise-series = E‖g_B − g‖²
train-noise-title = Mini-batch gradient variance at the initial weights: measured and σ²/B · (N − B)/(N − 1)
train-noise-x = batch size B (samples)
train-noise-y = E‖g_B − g‖², variance of the batch gradient
train-noise-finding = Gradient noise at the initial weights, batches of { $b } from the { $n } training samples: the full gradient has ‖g‖² = { $grad_sq }, the per-sample gradients vary by σ² = { $sigma2 }{ $full ->
        [yes] ; a batch of the whole set is the full gradient itself, so it carries no sampling noise (variance { $measured })
       *[other] , and a batch's squared miss ‖g_B − g‖² averages { $measured } over { $batches } batches ({ $passes ->
            [1] one shuffled pass
           *[other] { $passes } shuffled passes
        }), against { $theory } expected from sampling without replacement, σ²/B · (N − B)/(N − 1)
    }. After training: ‖g‖² = { $grad_sq_end }, σ² = { $sigma2_end }, batch variance { $measured_end } (theory { $theory_end }).
train-time-title = Training loss against measured training time
train-time-x = seconds in training steps (measured on this machine)
