# gradlab's text for `activations` in English. Keys start with `activations-` (underscores as hyphens).
