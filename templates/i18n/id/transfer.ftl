# Teks gradlab untuk `transfer` dalam bahasa Indonesia. Kunci sama dengan en/transfer.ftl.

## Temuan
transfer-source = Jaringan sumber ({ $layers } lapisan tersembunyi, masing-masing { $units } unit) mempelajari digit { $source } hingga akurasi validasi { $accuracy } dalam { $epochs } epoch. Lalu { $reused } lapisan tersembunyi terbawahnya dipakai ulang untuk digit { $target }, yang belum pernah dilihatnya.
transfer-by-size = Dengan { $small } sampel target berlabel, rata-rata akurasi uji adalah { $scratch_small } jika dilatih dari nol, { $frozen_small } dengan badan jaringan yang dibekukan, dan { $tuned_small } setelah fine-tuning (masing-masing { $seeds } seed); dengan { $large } sampel: { $scratch_large }, { $frozen_large }, dan { $tuned_large }.
transfer-within-noise = Pada { $small } sampel, badan jaringan terbaik yang dipakai ulang, { $which ->
        [frozen] yang dibekukan,
       *[other] yang di-fine-tune,
    } { $ahead ->
        [yes] unggul
       *[other] tertinggal
    } { $points } poin akurasi dibandingkan pelatihan dari nol, tetapi atas { $seeds } seed selisih itu masih di bawah dua kali galat bakunya (2 SE = { $se } poin, dari selisih per seed: strategi-strateginya dipasangkan menurut seed): run ini tidak dapat membedakan { $which ->
        [frozen] badan yang dibekukan
       *[other] fine-tuning
    } dari pelatihan dari nol pada ukuran tersebut; lebih banyak seed akan memastikannya. { $other_apart ->
        [behind] { $other ->
            [frozen] Badan yang dibekukan
           *[other] Badan yang di-fine-tune
        } jelas berbeda di sana: tertinggal { $other_points } poin, lebih dari dua kali galat bakunya (2 SE = { $other_se } poin).
        [ahead] { $other ->
            [frozen] Badan yang dibekukan
           *[other] Badan yang di-fine-tune
        } jelas berbeda di sana: unggul { $other_points } poin, lebih dari dua kali galat bakunya (2 SE = { $other_se } poin).
       *[no] { $other ->
            [frozen] Badan yang dibekukan
           *[other] Badan yang di-fine-tune
        } juga tidak dapat dibedakan dari pelatihan dari nol di sana ({ $other_points } poin, 2 SE = { $other_se }).
    }
transfer-helps-most = Transfer paling membantu ketika label langka: badan jaringan terbaik yang dipakai ulang mengungguli pelatihan dari nol sebesar { $gain_small } poin akurasi pada { $small } sampel, sedangkan pada { $large } sampel selisihnya { $gain_large } poin. Tugas sumber telah mengajarkan fitur (goresan, lengkungan) yang juga memisahkan digit-digit baru; dengan data target yang cukup, jaringan dapat mempelajarinya sendiri.
transfer-helps = Badan jaringan yang dipakai ulang mengungguli pelatihan dari nol sebesar { $gain_small } poin akurasi pada { $small } sampel dan { $gain_large } poin pada { $large } sampel.
transfer-does-not-help = Di sini badan jaringan yang dipakai ulang tidak mengungguli pelatihan dari nol ({ $gain } poin akurasi pada { $small } sampel): fitur dari tugas sumber tidak lebih cocok untuk tugas target daripada fitur yang dipelajari dari awal.

transfer-negative = Transfer negatif: dengan badan jaringan yang dibekukan, akurasi berada di bawah pelatihan dari nol lebih dari dua galat baku pada { $count } dari { $all } ukuran target ({ $sizes } sampel); pada { $size } sampel { $frozen } dibandingkan { $scratch }. Fitur yang dibekukan, yang dipelajari untuk digit sumber, menyimpan terlalu sedikit informasi pembeda digit target sehingga kepala baru tidak dapat memulihkannya; pelatihan dari nol membentuk lapisan pertamanya untuk tugas target itu sendiri. { $between ->
        [yes] Fine-tuning, yang membiarkan fitur itu berubah, berada di antara keduanya pada setiap ukuran tersebut ({ $tuned } pada { $size }).
       *[other] Fine-tuning mencapai { $tuned } pada { $size } sampel.
    }
## Gambar
transfer-figure-title = Akurasi uji target terhadap jumlah sampel target berlabel
transfer-figure-x = sampel target berlabel
transfer-figure-y = akurasi uji
transfer-curve-mean = { $strategy } (rata-rata)
transfer-curve-each-seed = { $strategy } (setiap seed)

## Tabel
transfer-table-title = Akurasi uji: rata-rata ± simpangan baku [min, maks] atas seed
transfer-table-target-samples = sampel target
transfer-table-from-scratch = dari nol
transfer-table-frozen = badan dibekukan + lapisan output baru
transfer-table-fine-tuned = fine-tuning
transfer-table-note = Data uji target ({ $samples } sampel) sama untuk setiap run. Pelatihan dari nol dan dengan badan dibekukan berjalan { $epochs } epoch dengan { $optimizer } (lr = { $lr }); fine-tuning melanjutkan jaringan yang dibekukan itu dengan semua lapisan dibuka kembali selama { $ft_epochs } epoch pada lr = { $ft_lr }.

## Kolom metrics.csv
transfer-col-run = strateginya
transfer-col-strategy = scratch (dari nol), frozen (badan dari jaringan sumber, lapisan output baru) atau fine_tuned (kemudian semua lapisan dilatih dengan lr rendah)
transfer-col-target-size = jumlah sampel latih target berlabel
transfer-col-repetition = indeks seed
transfer-col-test-accuracy = akurasi pada data uji target yang disisihkan
