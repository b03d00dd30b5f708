# gradlab's text for `softmax` in English. Keys start with `softmax-` (underscores as hyphens).
