# gradlab's text for `numerics` in English. Keys start with `numerics-` (underscores as hyphens).
