# Teks gradlab untuk `conditioning` dalam bahasa Indonesia. Kunci sama dengan en/conditioning.ftl.
