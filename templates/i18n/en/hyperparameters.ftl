# gradlab's text for `hyperparameters` in English. Keys start with `hyperparameters-` (underscores as hyphens).
