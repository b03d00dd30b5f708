# Teks gradlab untuk `softmax` dalam bahasa Indonesia. Kunci sama dengan en/softmax.ftl.
softmax-never = tidak pernah
softmax-shifted-exact = Softmax yang digeser dengan maksimum menghasilkan 1/n (hingga pembulatan) pada setiap c yang diuji.
softmax-shifted-exact-in-range = Softmax yang digeser dengan maksimum menghasilkan 1/n (hingga pembulatan) pada setiap c yang dapat disimpan oleh format ini; pada { $k } nilai c yang diuji dengan |c| > { $max }, masukannya sendiri dibulatkan menjadi ±inf, setiap bentuk softmax dan log-sum-exp yang digeser menghasilkan NaN, dan log-sum-exp naif menghasilkan ±inf.
softmax-shifted-misses = Softmax yang digeser dengan maksimum meleset dari 1/n lebih dari ε pada { $k } nilai c yang diuji di dalam jangkauan format ini.
softmax-finding-naive-fails = Dalam **{ $format }**, softmax naif dari { $n } masukan yang sama gagal mulai c = { $over } ke atas, ketika jumlah { $n } sukunya melewati bilangan terbesar (di sekitar ln(max/n) = { $ln_max_n }, dengan c dan e^c sendiri dibulatkan ke format itu); { $outputs } Softmax naif juga gagal mulai c = { $under } ke bawah (setiap e^c dibulatkan menjadi 0, dan 0/0 adalah NaN). { $shifted }
softmax-naive-zeros-then-nan = sampai e^c sendiri mengalami overflow pada ln(max) = { $ln_max }, setiap e^c masih hingga, sehingga setiap keluarannya e^c/∞ = 0, bukan NaN ({ $zeros } nilai c yang diuji, yang pertama c = { $first }); mulai ln(max) hasilnya ∞/∞ = NaN.
softmax-naive-nan = tidak ada c yang diuji di antara titik itu dan ln(max) = { $ln_max }, tempat e^c sendiri mengalami overflow; pada setiap c yang diuji setelahnya, keluarannya ∞/∞ = NaN.
softmax-finding-why-shifting-works = Mengapa penggeseran berhasil: softmax(x) = softmax(x − m) untuk sembarang konstanta m, dan dengan m = max xᵢ eksponen terbesar tepat 0, sehingga tidak ada e^(xᵢ − m) yang melebihi 1 (tidak ada overflow), dan suku milik nilai maksimum adalah e⁰ = 1, sehingga penyebutnya paling kecil 1 (tidak ada pembagian dengan nol). Di semua format dan pada setiap c yang dapat disimpan oleh formatnya, softmax yang digeser untuk masukan yang sama memiliki galat relatif terburuk { $error }: sekadar pembulatan 1/n, tidak lebih.
softmax-finding-f16-range = Dalam f16, masukan dengan |c| ≥ 65520 (bilangan terbesar, 65504, ditambah setengah jaraknya) dibulatkan menjadi ±inf sebelum aritmetika apa pun: softmax naif menghasilkan NaN di sana (∞/∞, atau 0/0 untuk c < 0), bentuk yang digeser juga menghasilkan NaN (x − maks = ∞ − ∞), dan log-sum-exp naif menghasilkan ±inf. Jangkauan format, bukan hanya rumusnya, yang membatasi softmax 16-bit.
softmax-finding-spread-inputs = Masukan tersebar [c, c+1, c+2, …]: mulai |c| = 2^p (p banyaknya bit signifikan) jarak antarbilangan dalam format melebihi 1, sehingga masukan dibulatkan ke titik-titik yang berjarak lebih dari 1 sebelum eksponensial apa pun dihitung: masukan yang bertetangga menyatu, atau justru terdorong menjauh. Softmax yang digeser tidak mengalami overflow di sana, tetapi galat relatifnya terhadap acuan f64 untuk masukan yang dimaksud bukan lagi sekadar pembulatan: { $formats }. Yang gagal adalah representasi masukannya, bukan rumusnya.
softmax-spread-format = dalam { $format } paling buruk { $below } di bawah |c| = { $collapse }, { $beyond } dari sana sampai |c| = { $upto }, c terbesar yang diuji dan dapat disimpan format ini
softmax-table-title = Di mana bentuk naif gagal (masukan yang sama, n = { $n })
softmax-header-format = format
softmax-header-largest-finite = bilangan hingga terbesar
softmax-header-naive-fails-from = softmax naif gagal mulai c =
softmax-header-naive-fails-below = softmax naif gagal di bawah c =
softmax-header-lse-overflows-from = log-sum-exp naif overflow mulai c =
softmax-header-lse-minus-inf-below = log-sum-exp naif menghasilkan −inf di bawah c =
softmax-table-note = Ambang batas diukur dengan metode biseksi pada c. Softmax naif gagal begitu jumlah n·e^c mengalami overflow (c > ln(max/n)) dan begitu e^c dibulatkan menjadi nol (c < ln(min subnormal/2)); bentuk yang digeser tidak pernah gagal untuk masukan yang dapat disimpan formatnya (c di atas bilangan terbesarnya sudah inf sebelum rumus apa pun dijalankan). Format 16-bit menghitung exp dalam f32 lalu membulatkannya, seperti yang dilakukan kernel 16-bit.
softmax-headline-shifted-worst-error = galat terburuk softmax yang digeser
softmax-inputs-equal = masukan sama x = c·1
softmax-inputs-spread = masukan tersebar x = [c, c+1, …]
softmax-title-error = Galat softmax, { $inputs }, { $side }
softmax-relative-error = galat relatif
softmax-col-run = format dan metode
softmax-col-input = `equal` (x = c·1) atau `spread` (x = [c, c+1, …])
softmax-col-format = f16, bf16, f32 atau f64
softmax-col-method = softmax_naive, softmax_shifted, log_softmax, logsumexp_naive, logsumexp_shifted
softmax-col-c = skala masukan
softmax-col-abs-c = |c| (sumbu x pada plot)
softmax-col-output-0 = keluaran pertama (probabilitas, log-probabilitas, atau log-sum-exp)
softmax-col-rel-error = max |keluaran − eksak| / max |eksak|; NaN bila keluarannya bukan bilangan hingga
softmax-col-status = ok, inf, nan, atau zero (probabilitas yang dibulatkan menjadi 0)
softmax-col-sign = + untuk c ≥ 0, − untuk c < 0
softmax-col-family = softmax (probabilitas) atau log (log-softmax, log-sum-exp)
