# Teks gradlab untuk `transfer` dalam bahasa Indonesia. Kunci sama dengan en/transfer.ftl.
