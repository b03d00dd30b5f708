# gradlab's text for `depth` in English. Keys start with `depth-` (underscores as hyphens).
