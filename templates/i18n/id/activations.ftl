# Teks gradlab untuk `activations` dalam bahasa Indonesia. Kunci sama dengan en/activations.ftl.
