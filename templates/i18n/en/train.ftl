# gradlab's text for `train` in English. Keys start with `train-` (underscores as hyphens).
