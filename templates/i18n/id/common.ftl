# Teks gradlab untuk `common` dalam bahasa Indonesia. Kunci sama dengan en/common.ftl.

## Daftar butir seperti yang dibaca orang: $init adalah semua butir kecuali yang terakhir, dipisah ", "
common-and-list = { $init } dan { $last }
