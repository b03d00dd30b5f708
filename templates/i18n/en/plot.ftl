# gradlab's text for `plot` in English. Keys start with `plot-` (underscores as hyphens).
