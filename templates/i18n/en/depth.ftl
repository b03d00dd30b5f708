# gradlab's text for `depth` in English. Keys start with `depth-` (underscores as hyphens).
depth-x-depth = depth (hidden layers)
depth-layer = layer
depth-title-heat-act-std = Activation std per layer at initialization
depth-std-of-activations = std of activations
depth-title-heat-grad-u = Back-propagated gradient ‖∂L/∂z‖ per layer at initialization
depth-grad-u-per-sample = ‖∂L/∂z‖ per sample
depth-title-heat-grad-w = Weight gradient ‖∂L/∂W‖ per layer at initialization
depth-curve-predicted = { $label } (predicted)
depth-title-layers-act-std = Activation std by layer, depth { $depth }, at initialization
depth-title-layers-grad-u = ‖∂L/∂z‖ by layer, depth { $depth }, at initialization
depth-title-layers-grad-w = ‖∂L/∂W‖ by layer, depth { $depth }, at initialization
depth-title-epochs-grad-ratio = ‖∂L/∂z₁‖ / ‖∂L/∂z_{ $depth }‖ over the first epochs, depth { $depth }
depth-x-epoch-from-initialization = epoch (0 = initialization)
depth-y-gradient-ratio = first-to-last gradient ratio
depth-title-epochs-accuracy = Validation accuracy over the first epochs, depth { $depth }
depth-x-epoch = epoch
depth-y-validation-accuracy = validation accuracy
depth-diverged = diverged
depth-table-title = First and last hidden layer at initialization
depth-header-configuration = configuration
depth-header-depth = depth
depth-header-act-std-first = act std, layer 1
depth-header-act-std-last = act std, last layer
depth-header-predicted = predicted
depth-header-accuracy-after-training = val. accuracy after training
depth-table-note = Width { $width } units per hidden layer; statistics on a probe batch of { $probe } training samples. A gradient ratio far below 1 means the first layers receive a vanishing signal; far above 1, an exploding one. Predictions: mean-field variance propagation from the initializer's variance alone.
depth-table-note-training = Accuracy after { $epochs } { $epochs ->
    [one] epoch
   *[other] epochs
} of { $optimizer } (lr = { $lr }).
depth-headline-deepest = deepest
depth-verdict-explodes = **explodes**
depth-verdict-vanishes = **vanishes**
depth-verdict-keeps-scale = **stays within a factor of 2**
depth-verdict-wanders = **wanders** (its largest value ×{ $factor } its smallest)
depth-verdict-shrinks = **shrinks** (×{ $factor })
depth-verdict-grows = **grows** (×{ $factor })
depth-and-list = { $init } and { $last }
depth-finding-config = { $label }: forward, the activation std { $forward } through { $deepest } layers: { $first } in layer 1, { $last } in layer { $deepest } (×{ $per_layer } per layer; predicted { $predicted } at the last layer){ $input_lost ->
        [yes] , but that spread no longer carries the input: each unit's std across the probe samples falls from { $s_first } in layer 1 to { $s_last }{ $floor ->
            [yes] , the level of f64 rounding error (the propagated signal is smaller still)
           *[no] {""}
        }, so the signal about the input **vanishes**
       *[no] {""}
    }. Backward, the gradient { $backward }: layer 1 receives { $ratio } times the back-propagated gradient of layer { $deepest } (predicted { $predicted_ratio }). With n·Var[W] = { $n_var_w }.
depth-finding-both-gradients = Look at both gradients, as Glorot & Bengio (2010) did: for { $label } the weight-gradient ratio ‖∂L/∂W₁‖/‖∂L/∂W_{ $deepest }‖ is { $w_ratio } while the back-propagated ratio ‖∂L/∂z₁‖/‖∂L/∂z_{ $deepest }‖ is { $u_ratio }. ∂L/∂W_l = δ_l·a_(l−1)ᵀ multiplies the shrinking signal δ_l by the activations feeding the layer, so the weight gradients can look comparable across layers while the signal itself and the absolute magnitudes vanish.
depth-finding-glorot-bengio = Glorot & Bengio (2010) observed that weight-gradient norms can stay comparable across layers while the back-propagated signal vanishes; the table shows both ratios side by side.
depth-why-vanished = In { $list } the first layers get almost no gradient: the back-propagated gradient and the weight gradient of layer 1 are both under 1/1000 of the last layer's, so the first layers cannot learn{ $shallow_stuck ->
        [yes] . That alone does not explain their accuracy, though: at the shallowest depth, { $shallow_depth } layers, where layer 1 still receives { $shallow_ratio } times the last layer's back-propagated gradient (smaller, but far from vanished), they are stuck near chance too, so within these epochs accuracy cannot tell a vanished gradient from slow training.
       *[other] .
    }
depth-why-starved = In { $list } the back-propagated gradient reaching layer 1 is under 1/1000 of the last layer's, and the forward signal has vanished too (the last layer's activation std under 1/1000 of the first's), so the last layers' weight gradient, δ times their vanishing inputs, is starved as well: at initialization the first and last layers' weight gradients are comparable only because no layer gets a usable one.
depth-why-exploded = { $list } { $count ->
        [one] gets
       *[other] get
    } gradient to the first layers, yet ends below 0.3 validation accuracy: a gradient that arrives is not enough. { $details }
depth-exploded-detail = { $label }: at initialization the activation std grows from { $first } in layer 1 to { $last } in the last layer, where { $dead } % of the units are dead on every probe sample; during training the last layer's std lies between { $lo } and { $hi }.
depth-finding-after-training = After { $epochs } { $epochs ->
    [one] epoch
   *[other] epochs
} of { $optimizer } at depth { $deepest }, validation accuracy: { $accuracies }.{ $why }
depth-col-run = configuration and depth
depth-col-config = activation + initializer label
depth-col-activation = activation of every hidden layer
depth-col-init = weight initializer
depth-col-depth = number of hidden layers
depth-col-epoch = 0 at initialization, then after each training epoch
depth-col-layer = hidden layer, 1 = next to the input
depth-col-act-mean = mean activation on the probe batch
depth-col-act-std = standard deviation of the activations
depth-col-saturated = fraction of saturated (sigmoid/tanh) or dead (ReLU) units
depth-col-dead = fraction of units saturated or dead on every probe sample
depth-col-grad-w-norm = ‖∂L/∂W_l‖ (Frobenius, batch-mean loss)
depth-col-grad-b-norm = ‖∂L/∂b_l‖
depth-col-grad-u-norm = ‖∂L/∂z_l‖ per sample (root mean square over the probe batch)
depth-col-pred-act-std = mean-field prediction of act_std (epoch 0 only)
depth-col-pred-grad-u-norm = mean-field prediction of grad_u_norm from the output's measured gradient (epoch 0 only)
depth-col-epochs-csv = config, depth, epoch, train_loss, val_loss, val_accuracy
