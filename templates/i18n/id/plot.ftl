# Teks gradlab untuk `plot` dalam bahasa Indonesia. Kunci sama dengan en/plot.ftl.
