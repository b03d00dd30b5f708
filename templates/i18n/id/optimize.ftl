# Teks gradlab untuk `optimize` dalam bahasa Indonesia. Kunci sama dengan en/optimize.ftl.
