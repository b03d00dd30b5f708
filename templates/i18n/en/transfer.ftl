# gradlab's text for `transfer` in English. Keys start with `transfer-` (underscores as hyphens).
