# gradlab's text for `transfer` in English. Keys start with `transfer-` (underscores as hyphens).

## Findings
transfer-source = The source network ({ $layers } hidden { $layers ->
    [one] layer
   *[other] layers
} of { $units } units) learned digits { $source } to a validation accuracy of { $accuracy } in { $epochs } epochs. Its lower { $reused } hidden { $reused ->
    [one] layer is
   *[other] layers are
} then reused for digits { $target }, which it never saw.
transfer-by-size = With { $small } labelled target samples the mean test accuracy is { $scratch_small } from scratch, { $frozen_small } with the frozen body and { $tuned_small } after fine-tuning ({ $seeds } seeds each); with { $large } samples: { $scratch_large }, { $frozen_large } and { $tuned_large }.
transfer-within-noise = At { $small } samples the better reused body, { $which ->
        [frozen] the frozen one,
       *[other] the fine-tuned one,
    } is { $points } accuracy points { $ahead ->
        [yes] ahead of
       *[other] behind
    } training from scratch, but over { $seeds } seeds that difference is within twice its standard error (2 SE = { $se } points, from the per-seed differences: the strategies are paired by seed): this run cannot tell { $which ->
        [frozen] the frozen body
       *[other] fine-tuning
    } from training from scratch at that size; more seeds would decide it. { $other_apart ->
        [behind] The { $other ->
            [frozen] frozen body
           *[other] fine-tuned body
        } is told apart there: { $other_points } points behind, more than twice its standard error (2 SE = { $other_se } points).
        [ahead] The { $other ->
            [frozen] frozen body
           *[other] fine-tuned body
        } is told apart there: { $other_points } points ahead, more than twice its standard error (2 SE = { $other_se } points).
       *[no] The { $other ->
            [frozen] frozen body
           *[other] fine-tuned body
        } cannot be told apart from training from scratch there either ({ $other_points } points, 2 SE = { $other_se }).
    }
transfer-helps-most = Transfer helps most where labels are scarce: the best reused body beats training from scratch by { $gain_small } accuracy points at { $small } samples, while at { $large } samples the difference is { $gain_large } points. The source task taught features (strokes, loops) that separate the new digits too; with enough target data a network learns them on its own.
transfer-helps = The reused body beats training from scratch by { $gain_small } accuracy points at { $small } samples and { $gain_large } at { $large }.
transfer-does-not-help = Here the reused body does not beat training from scratch ({ $gain } accuracy points at { $small } samples): the source features do not fit the target task better than fresh ones.

transfer-negative = Negative transfer: with the frozen body, accuracy is below training from scratch by more than two standard errors at { $count } of { $all } target sizes ({ $sizes } samples); at { $size } samples { $frozen } against { $scratch }. The frozen features, learned for the source digits, keep too little of what separates the target digits for a new head to recover; training from scratch shapes its first layer for the target itself. { $between ->
        [yes] Fine-tuning, which lets those features change, lands between the two at each of these sizes ({ $tuned } at { $size }).
       *[other] Fine-tuning reaches { $tuned } at { $size } samples.
    }
## Figure
transfer-figure-title = Target test accuracy against the number of labelled target samples
transfer-figure-x = labelled target samples
transfer-figure-y = test accuracy
transfer-curve-mean = { $strategy } (mean)
transfer-curve-each-seed = { $strategy } (each seed)

## Table
transfer-table-title = Test accuracy: mean ± standard deviation [min, max] over seeds
transfer-table-target-samples = target samples
transfer-table-from-scratch = from scratch
transfer-table-frozen = frozen body + new head
transfer-table-fine-tuned = fine-tuned
transfer-table-note = The target test set ({ $samples } samples) is the same for every run. From scratch and frozen train { $epochs } epochs with { $optimizer } (lr = { $lr }); fine-tuning continues from the frozen network with every layer unfrozen for { $ft_epochs } epochs at lr = { $ft_lr }.

## Columns of metrics.csv
transfer-col-run = the strategy
transfer-col-strategy = scratch, frozen (source body, new head) or fine_tuned (then every layer at a low lr)
transfer-col-target-size = labelled target training samples
transfer-col-repetition = seed index
transfer-col-test-accuracy = accuracy on the held-out target test set
