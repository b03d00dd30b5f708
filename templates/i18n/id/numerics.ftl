# Teks gradlab untuk `numerics` dalam bahasa Indonesia. Kunci sama dengan en/numerics.ftl.
