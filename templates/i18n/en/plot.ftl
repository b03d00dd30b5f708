# gradlab's text for `plot` in English. Keys start with `plot-` (underscores as hyphens).
plot-log-scale = { $label } (log scale)
plot-log-iterations = { $label } (log scale of 1 + k)
plot-no-data = { $title }: no finite values to plot
plot-constant = every line is exactly { $value } at every point
plot-below-frame = { $n } { $n ->
    [one] point
   *[other] points
} below the frame, down to { $extreme }
plot-above-frame = { $n } { $n ->
    [one] point
   *[other] points
} above the frame, up to { $extreme }
plot-below-frame-short = { $n } below, to { $extreme }
plot-above-frame-short = { $n } above, to { $extreme }
plot-diverged-at = diverged at { $at }
plot-leaves-frame = leaves the frame at { $at }
plot-inf-nan-at = inf/NaN at { $at }
plot-all-zero = exactly 0 at every point
plot-grey-others = grey: the other configurations
plot-leaves-at-step = leaves the plot at step { $k }
plot-boundary = p = { $p } (boundary)
plot-p-below = p below it
plot-p-above = p above it
plot-measured = measured
plot-class = class { $c }
plot-start = start
plot-end = end
plot-reached-zero = reached 0 at { $at }
plot-heat-zero = black: 0
plot-heat-nonfinite = red: inf/NaN
plot-heat-floor = darkest: ≤ { $floor }
plot-heat-lowest = (lowest: { $lowest })
plot-role-train = train
plot-role-validation = validation
plot-role-measured = measured
plot-role-expected = expected from the formula
plot-role-test = test
plot-hidden-under = { $name } (under { $top }: the same values)
plot-hidden-near = { $name } (under { $top }: within a pixel)
plot-hidden = { $name } (hidden)
plot-series-below = ▼ { $name }
