# gradlab's text for `critical_points` in English. Keys start with `critical_points-` (underscores as hyphens).
