# gradlab's text for `common` in English. Keys start with `common-` (underscores as hyphens).
