# gradlab's text for `backprop` in English. Keys start with `backprop-` (underscores as hyphens).
