# gradlab's own text in English: headings, labels, notes and the sentences the pipeline
# writes. One message per line; `{ $name }` is an argument. A new language is one more
# file like this one (and its code in `i18n::Lang`).

## Report page
all_experiments = ← all experiments
kind = kind
seed = seed
fast_mode = fast mode
trials = trials
failed_heading = The experiment failed
what_this_shows = What this shows
claims = Claims, checked against this run's data
claim_holds = holds
claim_fails = does not hold
claim_needs = needs
claim_condition = condition
claim_and = and
claim_missing = This claim reads { $names }, which this run's results do not have: its settings differ from those the claim was written for.
figures = Figures
figure = Figure
results = Results
parameters = Parameters
resolved_spec = The spec as run in full mode (a “fast:” block, where there is one, was not applied), as saved in
resolved_spec_fast = The spec as run, with its “fast:” overrides applied, as saved in
spec_not_printed = (in the report's folder; not printed)
data = Data
tidy_tables = Tidy tables, one row per observation:
reproduce = Reproduce:
revision = revision
spec_sha = spec sha256
started = started

## Run status, as shown on the page and the index
status_ok = ok
status_failed = failed
status_invalid = invalid
status_claim_failed = claim failed

## Index page
reports = gradlab reports
experiments = experiments
not_ok = not ok
index-claims-hold = { $n ->
    [one] its claim holds
   *[other] all { $n } claims hold
}
index-claims-fail = { $failed } of { $n } { $n ->
    [one] claim
   *[other] claims
} { $failed ->
    [one] fails
   *[other] fail
}
experiment = experiment
status = status
time = time
regenerate = Regenerate with
self_contained = Each report is a single self-contained HTML file.
headline = headline finding
other_experiments = Other experiments
chapter_numerical = Numerical computation
chapter_optimization = Optimization and Newton's method
chapter_perceptron = Perceptron and backpropagation
chapter_deep = Training deep networks

## Sweeps
every_trial = Every trial
best_configuration = Best configuration
trial = Trial
sweep_table = Sweep: one row per trial
sweep_note = Trials are the cartesian product of the sweep's value lists; each is tagged in the data by `trial` and its `sweep.*` columns.
sorted_best_first = Sorted best first by the validation score.
scores_best = scores best
best_within_noise = Trials { $trials } tie within noise for the best score: { $metric } { $scores }, each within noise of the highest ({ $samples ->
        [none] within 1 %
       *[other] within 1 % or twice the standard error of the difference of two accuracies on { $samples } samples
    }), which one run of each cannot rank; more seeds (a `seed:` axis) would.
tie_best = Trials { $trials } tie for the best score: { $headline }.
run_column = run { $k }
shown_trials = { $what ->
    [figures] Figures drawn for one trial at a time stop after the first { $figures } of the { $total } trials (figures that overlay the trials show every one)
    [tables] Tables of one trial at a time stop after the first { $tables } of the { $total } trials
   *[both] Figures drawn for one trial at a time stop after the first { $figures } of the { $total } trials (figures that overlay the trials show every one), and tables of one trial after the first { $tables }
}; every trial's numbers are in `metrics.csv` and its findings are listed above.
figure-constant = { $title }: every value is exactly { $value } in every run, so no figure is drawn for it.

## Data columns every report has
column_trial = index of the sweep trial (0 without a sweep)
column_series = label that plots group lines by: the swept values and the run
column_sweep = the value of each swept parameter

## Over seeds (a sweep's `seed:` axis)
seeds-table = Over seeds: each configuration's mean ± standard error
seeds-note = Each configuration ran once per seed of the sweep's `seed:` axis; a cell is the mean over those runs ± its standard error s/√n (s the runs' standard deviation). The runs of one seed share their data split, initial weights and batches, so two configurations are compared seed by seed: they are told apart when the mean of their per-seed differences is more than twice its standard error.
seeds-configuration = configuration
seeds-count = seeds
seeds-best = Over { $n } seeds, { $config } has the best mean score, { $mean } ± { $se }; { $count ->
        [one] next is { $second } with { $mean2 } ± { $se2 }
       *[other] next, tied, are { $second }, each with { $mean2 } (standard errors { $se2 })
    }{ $apart ->
        [yes] : ahead seed by seed by more than twice the standard error of the per-seed differences
       *[other] { $count ->
            [one] : seed by seed the gap is within twice the standard error of the differences, so these seeds do not tell the two apart
           *[other] : seed by seed the gaps are within twice the standard error of the differences, so these seeds do not tell the best from them
        }
    }.
seeds-none-apart = Over { $n } seeds, { $config } has the best mean score, { $mean } ± { $se }, but compared seed by seed, each of the other { $others } configurations is within twice the standard error of the per-seed differences of it: these seeds tell none of them apart from the best.
seeds-tie = Over { $n } seeds, { $configs } tie on the best mean score, { $mean } (standard errors { $ses }).
seeds-figure-title = { $title } (seed { $seed })
seeds-shown = Findings, figures and each trial's tables are those of seed { $seed } ({ $shown } of the { $total } trials); the table over seeds gives every configuration's mean ± standard error over all seeds, and the sweep table every trial's numbers.
