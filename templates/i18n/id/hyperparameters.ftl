# Teks gradlab untuk `hyperparameters` dalam bahasa Indonesia. Kunci sama dengan en/hyperparameters.ftl.

## Isi tabel hasil pengukuran
hyperparameters-accuracy = akurasi
hyperparameters-not-set = tidak diatur
hyperparameters-no-effect = tidak berpengaruh: run ini identik dengan basis (perubahannya tidak pernah bekerja)
hyperparameters-diverged = divergen
hyperparameters-tried-lower = turun ke { $value }: { $effect }
hyperparameters-tried-higher = naik ke { $value }: { $effect }
hyperparameters-tried-other = coba { $value }: { $effect }
hyperparameters-advice-lower = turunkan ({ $value })
hyperparameters-advice-raise = naikkan ({ $value })
hyperparameters-advice-switch = ganti ke { $value }
hyperparameters-advice-as-good = {" "}({ $others } sama baiknya, dalam ambang batas)
hyperparameters-under-untested = tidak diuji (basis sudah cocok dengan data latihnya)
hyperparameters-untested-no-effect = tidak teruji: perubahan itu tidak pernah berlaku (run-nya identik dengan basis)
hyperparameters-advice-none = tidak ada perubahan yang membantu
hyperparameters-advice-tried = {" "}(yang dicoba: { $tried })
hyperparameters-advice-other-cure = ; atau { $other }: ia mempersempit selisih tanpa belajar lebih sedikit
hyperparameters-advice-learns-less = , tetapi akurasi validasi { $drop } lebih rendah ({ $samples } sampel): ia belajar lebih sedikit
hyperparameters-yes = ya

## Temuan
hyperparameters-base = Konfigurasi basis mencapai { $metric } pelatihan { $train } dan { $metric } validasi { $val }, dengan selisih loss (loss validasi dikurangi loss pelatihan) sebesar { $gap }. Setiap baris di bawah ini mengubah satu hyperparameter dan mempertahankan sisanya.
hyperparameters-best = Dari semua { $runs } run, { $metric } validasi terbaik adalah { $value } ({ $label }){ $same ->
    [yes] , yang juga memiliki loss validasi terendah, { $loss }.
   *[other] ; loss validasi terendah, { $loss }, milik run lain: { $loss_label } ({ $metric } validasi { $loss_metric }). Loss juga memperhitungkan seberapa yakin setiap jawaban, dan saran terukur di bawah berpegang padanya.
}
hyperparameters-diverged-runs = Divergen (loss inf/NaN): { $runs }.
hyperparameters-base-underfits = Konfigurasi basis mengalami underfitting: { $metric } pelatihannya { $train }, sedangkan perubahan tunggal terbaik mencapai { $best }. Pada basis seperti itu tidak ada perubahan yang dapat menunjukkan obat untuk overfitting, jadi kolom hasil ukur "untuk overfitting" bertuliskan "tidak diuji", dan kolom "jika overfitting" pada tabel klasik tidak teruji oleh run ini; untuk menilainya diperlukan basis yang cocok dengan data latihnya lalu mengalami overfitting.
hyperparameters-over-untested = tidak diuji (basis mengalami underfitting)
hyperparameters-classic-agreement = Untuk overfitting, saran hasil pengukuran searah dengan tabel klasik pada { $agree } dari { $rows } baris yang menyatakan arahnya{ $learns_less ->
    [0] {""}
   *[other] ; pada { $learns_less } di antaranya perubahan itu juga belajar lebih sedikit (ditandai di tabel), sehingga arahnya sama tetapi bukan obat
}. Jika keduanya berbeda, aturan praktis tersebut tidak berlaku untuk data, jaringan, dan anggaran pelatihan ini.

## Gambar
hyperparameters-map-title = Setiap run: { $metric } pelatihan terhadap selisih overfitting
hyperparameters-map-x = { $metric } pelatihan (kiri: underfitting)
hyperparameters-map-y = loss validasi − loss pelatihan (atas: overfitting)

## Tabel
hyperparameters-table-title = Tabel hyperparameter, hasil pengukuran
hyperparameters-table-hyperparameter = hyperparameter
hyperparameters-table-default = nilai bawaan
hyperparameters-table-tried = yang dicoba (dibandingkan dengan basis)
hyperparameters-table-for-underfitting = terukur: untuk underfitting
hyperparameters-table-for-overfitting = terukur: untuk overfitting
hyperparameters-table-classic = klasik: underfitting / overfitting
hyperparameters-table-note = Setiap perubahan diukur terhadap run basis: Δtrain adalah perubahan { $metric } pelatihan (naik = underfitting berkurang), Δgap adalah perubahan loss validasi − loss pelatihan (turun = overfitting berkurang), Δval loss adalah perubahan loss validasi (turun = lebih baik pada data yang belum pernah dilihat). Ambang batas: kenaikan { $metric } pelatihan sebesar { $rise } (0.005, atau dua sampel latih bila itu lebih besar), 0.01 untuk loss, dan untuk celah yang menyempit juga sepersepuluh celah basis ({ $gap_cut } di sini). Saran terukur menyebut perubahan yang paling membantu; untuk overfitting, hanya perubahan yang loss validasi akhirnya tidak lebih tinggi daripada loss validasi akhir basis, { $base_val }, yang diperhitungkan; jika perubahan yang paling mempersempit selisih juga membuat lebih banyak sampel validasi salah daripada basis (lebih dari satu), kolomnya menyebutkannya, karena selisih yang menyempit karena belajar lebih sedikit bukanlah obat{ $rose ->
        [yes] ; loss terendah basis adalah { $base_min } pada epoch { $base_min_epoch }, jadi perubahan yang sekadar berlatih lebih sedikit dapat lolos dari uji ini.
       *[other] .
    }
hyperparameters-runs-title = Semua run, dari skor validasi terbaik
hyperparameters-runs-run = run
hyperparameters-runs-train = { $metric } pelatihan
hyperparameters-runs-validation = { $metric } validasi
hyperparameters-runs-validation-loss = loss validasi
hyperparameters-runs-gap = selisih
hyperparameters-runs-epochs = epoch
hyperparameters-runs-diverged = divergen
hyperparameters-runs-note = Selisih: loss validasi − loss pelatihan dari bobot akhir (bobot epoch terbaik jika memakai early stopping), tanpa penalti.

## Kolom metrics.csv
hyperparameters-col-run = run (hyperparameter=nilai, atau base) beserta bagian datanya
hyperparameters-col-hyperparameter = hyperparameter yang diubah (base: tidak ada)
hyperparameters-col-direction = lower, higher, alternative, atau base
hyperparameters-col-value = nilai yang dicoba
hyperparameters-col-split = train (data latih) atau validation (data validasi)
hyperparameters-col-epoch = 0 untuk jaringan yang belum dilatih, lalu setiap epoch
hyperparameters-col-loss = loss data di akhir epoch, besaran yang sama pada data latih dan validasi (penalti L1/L2 tidak termasuk)
hyperparameters-col-penalty = penalti L1/L2 dari bobot di akhir epoch (0 jika tanpa penalti)
hyperparameters-col-metric = akurasi atau R²
hyperparameters-col-lr = learning rate pada langkah terakhir epoch
hyperparameters-col-grad-norm = norma gradien global pada langkah terakhir epoch
hyperparameters-col-dead-units = NaN di sini (tanpa statistik per lapisan)
