# Teks gradlab untuk `softmax` dalam bahasa Indonesia. Kunci sama dengan en/softmax.ftl.
