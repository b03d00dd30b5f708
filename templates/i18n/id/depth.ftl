# Teks gradlab untuk `depth` dalam bahasa Indonesia. Kunci sama dengan en/depth.ftl.
