# Teks gradlab untuk `train` dalam bahasa Indonesia. Kunci sama dengan en/train.ftl.
