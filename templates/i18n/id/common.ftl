# Teks gradlab untuk `common` dalam bahasa Indonesia. Kunci sama dengan en/common.ftl.
