# Teks gradlab untuk `critical_points` dalam bahasa Indonesia. Kunci sama dengan en/critical_points.ftl.
