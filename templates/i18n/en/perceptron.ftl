# gradlab's text for `perceptron` in English. Keys start with `perceptron-` (underscores as hyphens).
