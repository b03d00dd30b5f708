# Teks gradlab untuk `jacobian` dalam bahasa Indonesia. Kunci sama dengan en/jacobian.ftl.
