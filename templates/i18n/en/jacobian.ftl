# gradlab's text for `jacobian` in English. Keys start with `jacobian-` (underscores as hyphens).
