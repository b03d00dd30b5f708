# gradlab's text for `hyperparameters` in English. Keys start with `hyperparameters-` (underscores as hyphens).

## Cells of the measured table
hyperparameters-accuracy = accuracy
hyperparameters-not-set = not set
hyperparameters-no-effect = no effect: the run is identical to the base (the change never took effect)
hyperparameters-diverged = diverged
hyperparameters-tried-lower = lower { $value }: { $effect }
hyperparameters-tried-higher = higher { $value }: { $effect }
hyperparameters-tried-other = try { $value }: { $effect }
hyperparameters-advice-lower = lower it ({ $value })
hyperparameters-advice-raise = raise it ({ $value })
hyperparameters-advice-switch = switch to { $value }
hyperparameters-advice-as-good = {" "}({ $others } as good, within the threshold)
hyperparameters-under-untested = not tested (the base fits its training set)
hyperparameters-untested-no-effect = not tested: the change never took effect (the run is identical to the base)
hyperparameters-advice-none = no change helped
hyperparameters-advice-tried = {" "}(tried: { $tried })
hyperparameters-advice-other-cure = ; or { $other }: it narrows the gap without learning less
hyperparameters-advice-learns-less = , but validation { $samples ->
    [one] accuracy { $drop } lower (one sample)
   *[other] accuracy { $drop } lower ({ $samples } samples)
}: it learns less
hyperparameters-yes = yes

## Findings
hyperparameters-base = The base configuration reaches train { $metric } { $train } and validation { $metric } { $val }, with a validation-minus-train loss gap of { $gap }. Each row below changes one hyperparameter and keeps the rest.
hyperparameters-best = The best validation { $metric } of all { $runs } runs is { $value } ({ $label }){ $same ->
    [yes] , which also has the lowest validation loss, { $loss }.
   *[other] ; the lowest validation loss, { $loss }, is another run's: { $loss_label } (validation { $metric } { $loss_metric }). The loss also sees how confident each answer is, and the measured advice below goes by it.
}
hyperparameters-diverged-runs = Diverged (inf/NaN loss): { $runs }.
hyperparameters-base-underfits = The base configuration underfits: train { $metric } { $train } where the best single change reaches { $best }. No change can show a cure for overfitting on such a base, so the measured "for overfitting" column reads "not tested" and the classic table's "if overfitting" column is not tested by this run; judging it needs a base that fits its training data and then overfits.
hyperparameters-over-untested = not tested (the base underfits)
hyperparameters-classic-agreement = For overfitting, the measured advice agrees with the classic table's direction in { $agree } of the { $rows } rows that state one{ $learns_less ->
    [0] {""}
    [one] ; in one of those the change also learns less (marked in the table), so it agrees in direction but is no cure
   *[other] ; in { $learns_less } of those the change also learns less (marked in the table), so they agree in direction but are no cure
}. Where they differ, the rule of thumb does not hold for this data set, network and training budget.

## Figure
hyperparameters-map-title = Each run: training { $metric } against the overfitting gap
hyperparameters-map-x = train { $metric } (left: underfitting)
hyperparameters-map-y = validation loss − train loss (up: overfitting)

## Tables
hyperparameters-table-title = The hyperparameter table, measured
hyperparameters-table-hyperparameter = hyperparameter
hyperparameters-table-default = default
hyperparameters-table-tried = tried (against the base)
hyperparameters-table-for-underfitting = measured: for underfitting
hyperparameters-table-for-overfitting = measured: for overfitting
hyperparameters-table-classic = classic: underfitting / overfitting
hyperparameters-table-note = Each change is measured against the base run: Δtrain is the change of the training { $metric } (up = less underfitting), Δgap the change of validation loss − training loss (down = less overfitting), Δval loss the change of the validation loss (down = better on unseen data). Thresholds: a rise of { $rise } in training { $metric } (0.005, or two training samples when that is more), 0.01 in loss, and for a narrower gap also a tenth of the base's gap ({ $gap_cut } here). Measured advice names the change that helped most; for overfitting, only changes whose final validation loss is no higher than the base's final one, { $base_val }, count; where the change that narrowed the gap most also got more validation samples wrong than the base (by more than one), the column says so, since a gap narrowed by learning less is no cure{ $rose ->
        [yes] ; the base's lowest was { $base_min } at epoch { $base_min_epoch }, so a change that merely trains less can pass this test.
       *[other] .
    }
hyperparameters-runs-title = Every run, best validation score first
hyperparameters-runs-run = run
hyperparameters-runs-train = train { $metric }
hyperparameters-runs-validation = validation { $metric }
hyperparameters-runs-validation-loss = validation loss
hyperparameters-runs-gap = gap
hyperparameters-runs-epochs = epochs
hyperparameters-runs-diverged = diverged
hyperparameters-runs-note = Gap: validation loss − training loss of the final weights (the best epoch's with early stopping), without penalties.

## Columns of metrics.csv
hyperparameters-col-run = the run (hyperparameter=value, or base) and the split
hyperparameters-col-hyperparameter = the changed hyperparameter (base: none)
hyperparameters-col-direction = lower, higher, alternative or base
hyperparameters-col-value = the value tried
hyperparameters-col-split = train or validation
hyperparameters-col-epoch = 0 for the untrained network, then each epoch
hyperparameters-col-loss = data loss at the end of the epoch, the same quantity on train and validation (the L1/L2 penalty is not in it)
hyperparameters-col-penalty = the L1/L2 penalty of the weights at the end of the epoch (0 without one)
hyperparameters-col-metric = accuracy or R²
hyperparameters-col-lr = learning rate of the epoch's last step
hyperparameters-col-grad-norm = global gradient norm of the epoch's last step
hyperparameters-col-dead-units = NaN here (no layer statistics)
