# Teks gradlab untuk `plot` dalam bahasa Indonesia. Kunci sama dengan en/plot.ftl.
plot-log-scale = { $label } (skala log)
plot-log-iterations = { $label } (skala log dari 1 + k)
plot-no-data = { $title }: tidak ada nilai hingga untuk digambar
plot-constant = setiap garis tepat bernilai { $value } di semua titik
plot-below-frame = { $n } titik di bawah bingkai, turun sampai { $extreme }
plot-above-frame = { $n } titik di atas bingkai, naik sampai { $extreme }
plot-below-frame-short = { $n } di bawah, sampai { $extreme }
plot-above-frame-short = { $n } di atas, sampai { $extreme }
plot-diverged-at = divergen pada { $at }
plot-leaves-frame = keluar bingkai pada { $at }
plot-inf-nan-at = inf/NaN pada { $at }
plot-all-zero = tepat 0 di semua titik
plot-grey-others = abu-abu: konfigurasi lainnya
plot-leaves-at-step = keluar dari plot pada langkah { $k }
plot-boundary = p = { $p } (batas)
plot-p-below = p di bawahnya
plot-p-above = p di atasnya
plot-measured = terukur
plot-class = kelas { $c }
plot-start = awal
plot-end = akhir
plot-reached-zero = mencapai 0 pada { $at }
plot-heat-zero = hitam: 0
plot-heat-nonfinite = merah: inf/NaN
plot-role-train = latih
plot-role-validation = validasi
plot-role-test = uji
