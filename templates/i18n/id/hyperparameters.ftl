# Teks gradlab untuk `hyperparameters` dalam bahasa Indonesia. Kunci sama dengan en/hyperparameters.ftl.
