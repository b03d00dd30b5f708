# gradlab's text for `rounding` in English. Keys start with `rounding-` (underscores as hyphens).
