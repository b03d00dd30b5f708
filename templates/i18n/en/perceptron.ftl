# gradlab's text for `perceptron` in English. Keys start with `perceptron-` (underscores as hyphens).

## Loss figure, headline and the findings of every run
perceptron-loss-title-log = Training loss (log loss)
perceptron-loss-title-mse = Training loss (mean squared error, ($1000)²)
perceptron-loss-x = gradient-descent step
perceptron-loss-y = loss
# The English says "(un)scaled" either way; other languages may tell the two apart.
perceptron-diverged-standardized = Gradient descent **diverged** at step { $step }: lr = { $lr } is too large for these (un)scaled features.
perceptron-diverged-raw = Gradient descent **diverged** at step { $step }: lr = { $lr } is too large for these (un)scaled features.
perceptron-weights-standardized = The learned weights, on standardized features: { $name1 } = { $w1 }, { $name2 } = { $w2 }, bias b = { $b }.
perceptron-weights-raw = The learned weights, on raw features: { $name1 } = { $w1 }, { $name2 } = { $w2 }, bias b = { $b }.
perceptron-headline-final-loss = final loss

## Regression (the house table)
perceptron-houses-title = The house table and the perceptron's predictions
perceptron-houses-size = size (m²)
perceptron-houses-rooms = rooms
perceptron-houses-price = price ($)
perceptron-houses-predicted = predicted ($)
perceptron-ls-title = Gradient descent against least squares
perceptron-ls-w1 = w₁ (size)
perceptron-ls-w2 = w₂ (rooms)
perceptron-ls-gradient-descent = gradient descent
perceptron-ls-least-squares = least squares (pseudo-inverse)
perceptron-ls-note = Weights on standardized features, prices in $1000.
perceptron-least-squares = After { $steps } steps of gradient descent (lr { $lr }), the weights are within { $gap } of the least-squares solution. The design matrix [size, rooms, 1] has rank { $rank }, not 3: rooms = size/500 in every row, so the two features carry the same information and infinitely many weight pairs fit perfectly. Gradient descent started from zero moves only within the span of the data and so finds the minimum-norm one, the pseudo-inverse solution, splitting the weight equally between the two standardized features.
perceptron-mse-gradient-formula = The loss is the mean squared error L = (1/n)·Σ(y − ŷ)², whose gradient is ∂L/∂w = −(2/n)·Σ(y − ŷ)·x and ∂L/∂b = −(2/n)·Σ(y − ŷ): each step moves every weight in proportion to the error and to its input.
perceptron-mse-gradient = The loss is the mean squared error L = (1/n)·Σ(y − ŷ)², whose gradient is ∂L/∂w = −(2/n)·Σ(y − ŷ)·x and ∂L/∂b = −(2/n)·Σ(y − ŷ): each step moves every weight in proportion to the error and to its input. The factor 2 shows in the first step: from zero weights every ŷ is 0, so b becomes lr·2·mean(y) = { $lr } · 2 · { $mean } = { $b1 }.

## Classification (the sentiment table)
perceptron-happy = happy
perceptron-sad = sad
perceptron-sentiment-title = The sentiment table and the perceptron's probabilities
perceptron-sentiment-mood = mood
perceptron-sentiment-probability = p(happy) = σ(w·x + b)
perceptron-sentiment-predicted = predicted
perceptron-sigmoid-central = central difference
perceptron-sigmoid-note = Largest relative difference: { $worst }.
perceptron-separates = The perceptron separates the table: { $correct } of { $rows } rows are classified correctly after { $steps } steps (lr { $lr }). With the log loss and the sigmoid together, the gradient of one row's loss simplifies to ∂L/∂w = −(y − ŷ)·x (the mean log loss averages it over the rows), the form of regression's without its factor 2, because σ'(z) = σ(z)(1 − σ(z)) cancels the denominator of ∂L/∂ŷ (the formula, at the trained weights, against central differences of the mean log loss with h = { $h }: largest difference { $worst } relative to the largest component).
perceptron-boundary-title = p(happy) over word counts: the boundary is the line p = 0.5
perceptron-boundary-x = aack count
perceptron-boundary-y = beep count
perceptron-sigmoid-title = σ(z) and σ'(z) = σ(z)(1 − σ(z))
perceptron-sigmoid-y = value
perceptron-boundary-line = The decision boundary w·x + b = 0 runs from { $from } to { $to } in (aack, beep) counts.

## Columns of metrics.csv
perceptron-col-run = gradient descent
perceptron-col-step = full-batch step, 0 before the first
perceptron-col-loss = mean squared error (prices in $1000) or mean log loss
perceptron-col-w1 = weight of the first (standardized) feature
perceptron-col-w2 = weight of the second
perceptron-col-b = bias
