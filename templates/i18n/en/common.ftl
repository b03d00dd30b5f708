# gradlab's text for `common` in English. Keys start with `common-` (underscores as hyphens).

## Items as a reader lists them: $init is every item but the last, joined by ", "
common-and-list = { $init } and { $last }
