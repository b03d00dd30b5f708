# Teks gradlab untuk `rounding` dalam bahasa Indonesia. Kunci sama dengan en/rounding.ftl.
