# Teks gradlab untuk `backprop` dalam bahasa Indonesia. Kunci sama dengan en/backprop.ftl.
