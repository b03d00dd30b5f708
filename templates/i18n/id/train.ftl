# Teks gradlab untuk `train` dalam bahasa Indonesia. Kunci sama dengan en/train.ftl.

## Metrik, temuan utama, sumbu
train-accuracy = akurasi
train-headline-validation = { $metric } validasi
train-headline-test = { $metric } uji
train-headline-epochs = epoch
train-axis-epoch = epoch
train-axis-loss = loss
train-range-title = Uji rentang learning rate: loss mini-batch yang dihaluskan ketika laju membesar
train-range-smoothed = loss yang dihaluskan
train-range-suggested = laju terbesar yang disarankan
train-range-lag = Loss yang dihaluskan tertinggal dari batch-batch tunggal: rata-rata eksponensial dengan β = 0.98 (dengan koreksi bias, seperti pada fastai) mengingat sekitar 50 langkah terakhir, sehingga ia baru mencapai titik terendahnya pada lr = { $best }, sedangkan loss batch tunggal terendah, { $raw_loss }, terjadi pada lr = { $raw_lr }, ketika nilai yang dihaluskan masih { $smoothed }. Bacalah minimum yang dihaluskan sebagai tepi kestabilan, bukan dasar loss.
train-range-finding = Uji rentang: { $steps } langkah mini-batch dengan learning rate tumbuh secara geometris dari { $lo } menuju { $hi }, dari bobot awal yang sama. Loss yang dihaluskan turun paling cepat di sekitar lr = { $steepest } dan terendah pada lr = { $best }{ $stopped ->
        [yes] ; setelah itu loss naik, dan uji berhenti pada lr = { $stop } ketika loss yang dihaluskan melampaui empat kali nilai terendahnya
       *[other] {""}
    }. Aturan yang lazim mengambil sepersepuluh titik terendah itu sebagai laju terbesar yang layak dipakai (misalnya max_lr untuk 1cycle): { $suggested }.
train-lr-title = Learning rate pada setiap epoch
train-axis-lr = learning rate
train-loss-title = Loss per epoch, pelatihan dan validasi
train-metric-title = { $regression ->
        [yes] R²
       *[other] Akurasi
    } per epoch, pelatihan dan validasi

## Temuan
train-summary = Jaringan { $arch } ({ $activations }; inisialisasi { $init }, { $optimizer }) dilatih{ $dtype } pada { $data } ({ $n_train } sampel latih, { $n_val } validasi, { $n_test } uji) selama { $epochs } epoch{ $stopped }: loss pelatihan { $train_loss }, loss validasi { $val_loss }; { $metric } pelatihan { $train_metric }, { $metric } validasi { $val_metric }, { $metric } uji { $test_metric } (bobot dari epoch { $weights_epoch }).
train-in-float32 = {" "}dalam float32 (dtype bawaan PyTorch: bobot, aktivasi, gradien, dan state optimizer dibulatkan ke signifikan 24 bit)
train-stopped-early = {" "}(dihentikan lebih awal)
train-diverged = Pelatihan **divergen**: loss menjadi inf/NaN pada epoch { $epoch }: pembaruan bobot membesar tanpa batas (lr = { $lr }). Besarnya langkah yang dapat ditoleransi sebuah jaringan ditentukan oleh inisialisasi dan kedalamannya, sama seperti oleh lr; langkah atau skala awal yang lebih kecil, pemotongan gradien (gradient clipping), atau normalisasi batch menjaga pembaruan tetap terkendali.
train-spiked = Loss pelatihan sempat turun sampai { $best } (epoch { $best_epoch }) dan berakhir di { $last }, lebih dari tiga kali lipatnya: pelatihan tidak stabil pada ukuran langkah ini (kurvanya menunjukkannya). { $cause }
train-spiked-gap-jump = Selisih di akhir muncul bersama lonjakan itu: satu epoch sebelumnya loss validasi hanya { $before } di atas loss pelatihan.
train-spiked-gap-val = Selisih di akhir ({ $gap }: loss validasi { $val_loss } berbanding { $train_loss }) tidak berasal dari lonjakan itu: selisih itu berasal dari loss validasi, yang terendah { $min_val } pada epoch { $min_epoch } dan berada antara { $lo } dan { $hi } sejak epoch { $since }.
train-collapse = Pada epoch terakhir { $metric } validasi turun ke { $last } dari { $prev }, di bawah nilai setiap epoch sebelumnya (antara { $lo } dan { $hi } pada epoch 1–{ $upto }): angka akhirnya menangkap run ini pada epoch terburuknya, tanda pelatihan yang tidak stabil; karena tidak ada epoch sesudahnya, run ini tidak dapat menunjukkan apakah ia akan pulih.
train-not-fitted = Loss pelatihan masih { $train_loss } (loss jaringan yang belum dilatih { $initial }): jaringan belum mencocokkan data latihnya, sehingga loss validasi yang lebih tinggi ({ $val_loss }) bukanlah overfitting; pelatihannya sendiri belum konvergen (ukuran langkah yang tidak sesuai untuk jaringan ini, atau epoch yang terlalu sedikit).
train-unstable = Loss validasi melompat-lompat antara { $lo } dan { $hi } dalam tiga epoch terakhir: pelatihan tidak stabil, sehingga selisih di akhir ({ $val_loss } berbanding { $train_loss } pada data latih) mengukur ketidakstabilan itu sama banyaknya dengan overfitting.
train-noisy = Loss validasi berakhir di { $val_loss }, di atas nilai terendahnya ({ $min_val }, epoch { $min_epoch }) dengan selisih yang lebih kecil daripada ayunannya dari satu epoch ke epoch berikutnya sejak saat itu (median { $swing }): apakah loss itu sudah berbalik naik, tanda overfitting, tidak dapat dipastikan dari derau ini.
train-overfitting = Loss validasi mencapai titik terendahnya, { $min_val }, pada epoch { $min_epoch } lalu naik sesudahnya; bobot yang dilaporkan berakhir di { $val_loss } berbanding { $train_loss } pada data latih (selisih { $gap }): jaringan lebih cocok dengan data latihnya daripada dengan data baru (overfitting){ $advice }.
train-overfitting-advice = ; regularisasi (L2, dropout) atau early stopping akan mempersempit selisih ini
train-overfitting-in-use = , meskipun { $used } sudah digunakan
train-gradient-ratio = Pada arah mundur, lapisan tersembunyi 1 menerima { $ratio } kali gradien hasil backpropagation yang diterima lapisan tersembunyi { $n } ({ $first } berbanding { $last } per sampel) setelah pelatihan: { $verdict }.{ $before }
train-gradient-before = {" "}Sebelum pelatihan rasionya { $ratio }: { $verdict }.
train-gradient-before-same = {" "}Sebelum pelatihan rasionya { $ratio }, dengan kesimpulan yang sama.
train-gradient-before-bn = {" "}Sebelum pelatihan rasio ini bukan milik normalisasi batch: statistik berjalannya baru terbentuk selama pelatihan, sehingga evaluasi jaringan yang belum dilatih tidak menormalisasi apa pun, dan baris epoch 0 pada `layers.csv` untuk run ini menggambarkan jaringan tanpa normalisasi itu; baris-baris itu tidak dipakai di sini.
train-gradient-vanishes = gradien menghilang (vanishing) dalam perjalanan mundur (kurang dari 1/1.000 gradien lapisan tersembunyi terakhir), sehingga lapisan-lapisan awal nyaris tidak belajar
train-gradient-shrinks = gradien mengecil dalam perjalanan mundur, menjadi 1/{ $factor } gradien lapisan tersembunyi terakhir (masih di atas 1/1.000)
train-gradient-usable = gradien mempertahankan skalanya dalam perjalanan mundur (dalam faktor 2 dari gradien lapisan tersembunyi terakhir)
train-gradient-grows = gradien membesar dalam perjalanan mundur, menjadi { $factor } kali gradien lapisan tersembunyi terakhir (masih di bawah 1.000 kali)
train-gradient-explodes = gradien membesar lebih dari 1.000 kali dalam perjalanan mundur (exploding)
train-symmetry = **Simetri tidak pernah pecah**: pada lapisan tersembunyi { $layers }, setiap unit memiliki bobot masuk yang persis sama setelah pelatihan. Unit yang berawal sama menerima gradien yang sama dan tetap sama, sehingga setiap lapisan seperti itu hanya menghitung satu fitur, selebar apa pun lapisannya.
train-all-zero = **Tidak ada bobot tersembunyi yang pernah bergerak**: pada lapisan tersembunyi { $layers }, setiap bobot dan bias masih tepat 0 setelah pelatihan. Dengan semua bobot 0 setiap unit mengeluarkan f(0) apa pun masukannya, dan tidak ada gradien yang dapat menggerakkannya: lapisan-lapisan ini tidak membawa informasi apa pun tentang masukan, karena itu run ini tidak dapat melampaui tebakan kelas yang paling umum.
train-near-zero-weights = { $share }% dari { $count } bobot lapisan tersembunyi berada dalam ±0.001 dari nol; nilai mutlak terbesarnya { $largest }.
train-mc-dropout = Monte Carlo dropout ({ $passes } lintasan maju stokastik atas { $samples } sampel uji): prediksi rata-ratanya benar untuk { $correct } sampel (akurasi { $accuracy }, berbanding { $plain } tanpa dropout). Sebaran probabilitas kelas yang diprediksi antarlintasan rata-rata { $spread_right } pada jawaban yang benar dan { $spread_wrong } pada jawaban yang salah; separuh data uji yang paling yakin memiliki akurasi { $certain }, separuh yang paling tidak yakin { $uncertain }. { $verdict }
train-mc-warning-usable = Di sini sebaran tersebut merupakan tanda peringatan yang berguna: jaringan kurang yakin justru ketika ia salah.
train-mc-versus-probability = Sebagai pendeteksi jawaban salah, sebaran menempatkan jawaban salah di atas jawaban benar pada { $auc_spread } % dari semua pasangan (salah, benar); probabilitas rata-rata saja (makin rendah makin dicurigai) melakukannya pada { $auc_prob } %{ $better ->
        [spread] : sebaran memberi informasi lebih banyak daripada keyakinan jaringan itu sendiri.
        [prob] : sebaran bukan pendeteksi yang lebih baik daripada keyakinan yang sudah dilaporkan jaringan.
       *[same] : kurang lebih sama baiknya, jadi sebaran hanya menambah sedikit di atas keyakinan yang sudah dilaporkan jaringan.
    }
train-mc-warning-unreliable = Di sini sebaran tersebut bukan tanda peringatan yang andal: sebaran tidak memisahkan jawaban yang salah dengan jelas.

## Tabel metrik akhir
train-final-metrics = Metrik akhir
train-table-split = bagian data
train-table-loss = loss
train-split-train = pelatihan
train-split-validation = validasi
train-split-test = uji
train-final-metrics-note = Bobot dari epoch { $epoch }; loss data { $loss }, tanpa penalti L1/L2. Fitur distandarkan dengan statistik dari data latih saja: { $standardized ->
        [true] ya
       *[other] tidak
    }.

## Gambar
train-weights-title = Bobot lapisan tersembunyi setelah pelatihan
train-weights-x = |w|, besar bobot tersembunyi (interval pertama: |w| ≤ 10⁻⁷)
train-weights-y = proporsi bobot per seperempat dekade
train-mc-title = MC dropout: ketidakpastian terhadap ketepatan prediksi
train-mc-x = sebaran (std antarlintasan) probabilitas kelas yang diprediksi
train-mc-y = proporsi dalam kelompoknya (jawaban benar atau salah)
train-mc-correct = benar (n = { $n })
train-mc-wrong = salah (n = { $n })
train-dead-title = Unit tersembunyi yang mati atau jenuh pada setiap sampel pemeriksa
train-dead-y = proporsi (ReLU: kemiringan 0; sigmoid, tanh: < 5 % maks.)
train-negative-title = Proporsi unit tersembunyi dengan z < 0 pada setiap sampel probe
train-negative-y = proporsi unit tersembunyi

## Kolom metrics.csv (dan tabel tambahan)
train-col-run = train (data latih) atau validation (data validasi)
train-col-split = train (data latih) atau validation (data validasi)
train-col-epoch = 0 untuk jaringan yang belum dilatih, lalu setiap epoch
train-col-loss = loss data di akhir epoch, besaran yang sama pada data latih dan validasi (penalti L1/L2 tidak termasuk)
train-col-penalty = penalti L1/L2 dari bobot di akhir epoch (yang ditambahkan optimizer ke loss pelatihan; 0 jika tanpa penalti)
train-col-metric = akurasi (klasifikasi) atau R² (regresi)
train-col-lr = learning rate pada langkah terakhir epoch
train-col-grad-norm = norma gradien global pada langkah terakhir epoch, sebelum pemotongan gradien (clipping)
train-col-dead-units = dengan `layer_stats: true`: rata-rata atas lapisan tersembunyi dari proporsi unit yang mati (ReLU: kemiringan 0) atau jenuh (sigmoid, tanh: kemiringan di bawah 5 % dari maksimumnya) pada setiap sampel pemeriksa; 0 untuk fungsi aktivasi lain, yang tidak dihitung
train-col-negative-units = dengan `layer_stats: true`: rata-rata atas lapisan tersembunyi dari proporsi unit yang pra-aktivasinya di bawah 0 pada setiap sampel probe (mati untuk ReLU; masih meneruskan gradien untuk Leaky ReLU dan ELU)
train-col-weights-csv = dengan `weight_histogram: true`: abs_weight (|w|, titik tengah geometris interval; lebar interval seperempat dekade, interval pertama juga memuat setiap |w| di bawah 1e-7), share (proporsi bobot lapisan tersembunyi dalam interval itu)
train-col-mc-dropout-csv = dengan `mc_dropout`: sample, predicted, confidence (rata-rata probabilitas kelas yang diprediksi), spread (simpangan bakunya antarlintasan), correct
train-col-layers-csv = epoch, layer, act_mean, act_std, saturated (proporsi pasangan unit × sampel), dead (proporsi unit yang jenuh atau mati pada setiap sampel pemeriksa), negative (proporsi unit yang pra-aktivasinya di bawah 0 pada setiap sampel pemeriksa), grad_w_norm, grad_b_norm, grad_u_norm (‖∂L/∂z‖ per sampel), update_ratio
train-col-seconds = dengan `wall_clock: true`: detik yang dihabiskan dalam langkah pelatihan hingga akhir epoch, diukur pada mesin ini (berbeda dari run ke run)
train-col-noise-csv = dengan `gradient_noise: true`: `at` (`start`: bobot awal, `end`: bobot terlatih), `batch_size`, `estimate` (`E‖g_B − g‖² · measured`: rata-rata ‖g_B − g‖² atas batch penuh dari beberapa putaran acak, sedikitnya 64 batch bila 16 putaran mencukupi; `… · expected`: σ²/B · (N − B)/(N − 1)), `variance`, `whole_set` (`yes` bila batch berisi seluruh data: variansi 0), `sigma2` (variansi gradien per sampel), `grad_sq` (‖g‖², kuadrat norma gradien penuh)

## Derau gradien dan waktu pelatihan
train-noise-series = E‖g_B − g‖²
train-noise-title = Variansi gradien mini-batch pada bobot awal: terukur dan σ²/B · (N − B)/(N − 1)
train-noise-x = ukuran batch B (sampel)
train-noise-y = E‖g_B − g‖², variansi gradien batch
train-noise-finding = Derau gradien pada bobot awal, batch berisi { $b } dari { $n } sampel latih: gradien penuh memiliki ‖g‖² = { $grad_sq }, gradien per sampel bervariasi sebesar σ² = { $sigma2 }{ $full ->
        [yes] ; batch berisi seluruh data adalah gradien penuh itu sendiri, jadi tidak membawa derau pengambilan sampel (variansi { $measured })
       *[other] , dan kuadrat selisih sebuah batch ‖g_B − g‖² rata-rata { $measured } atas { $batches } batch ({ $passes ->
            [1] satu putaran acak
           *[other] { $passes } putaran acak
        }), dibandingkan { $theory } yang diharapkan dari pengambilan sampel tanpa pengembalian, σ²/B · (N − B)/(N − 1)
    }. Setelah pelatihan: ‖g‖² = { $grad_sq_end }, σ² = { $sigma2_end }, variansi batch { $measured_end } (teori { $theory_end }).
train-time-title = Loss pelatihan terhadap waktu pelatihan terukur
train-time-x = detik dalam langkah pelatihan (diukur pada mesin ini)
