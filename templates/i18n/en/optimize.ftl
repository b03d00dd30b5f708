# gradlab's text for `optimize` in English. Keys start with `optimize-` (underscores as hyphens).
