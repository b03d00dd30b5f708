# gradlab's text for `conditioning` in English. Keys start with `conditioning-` (underscores as hyphens).
