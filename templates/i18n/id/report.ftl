# Teks gradlab sendiri dalam bahasa Indonesia: judul bagian, label, catatan dan kalimat
# yang ditulis pipeline. Kunci yang sama dengan en.ftl.

## Halaman laporan
all_experiments = ← semua eksperimen
kind = jenis
seed = seed
fast_mode = mode cepat
trials = percobaan
failed_heading = Eksperimen gagal
what_this_shows = Apa yang ditunjukkan
claims = Klaim, diperiksa terhadap data run ini
claim_holds = terpenuhi
claim_fails = tidak terpenuhi
claim_needs = syarat
claim_condition = kondisi
claim_and = dan
claim_missing = Klaim ini membaca { $names }, yang tidak ada dalam hasil run ini: pengaturannya berbeda dari pengaturan saat klaim ini ditulis.
figures = Gambar
figure = Gambar
results = Hasil
parameters = Parameter
resolved_spec = Spesifikasi yang dijalankan dalam mode penuh (blok “fast:”, jika ada, tidak diterapkan), seperti disimpan di
resolved_spec_fast = Spesifikasi yang dijalankan, dengan penggantian “fast:” diterapkan, seperti disimpan di
spec_not_printed = (di folder laporan; tidak dicetak)
data = Data
tidy_tables = Tabel rapi, satu baris per observasi:
reproduce = Reproduksi:
revision = revisi
spec_sha = sha256 spesifikasi
started = mulai

## Status run
status_ok = ok
status_failed = gagal
status_invalid = tidak valid
status_claim_failed = klaim gagal

## Halaman indeks
reports = laporan gradlab
experiments = eksperimen
not_ok = tidak ok
index-claims-hold = { $n ->
    [one] klaimnya terpenuhi
   *[other] semua { $n } klaim terpenuhi
}
index-claims-fail = { $failed } dari { $n } klaim tidak terpenuhi
experiment = eksperimen
status = status
time = waktu
regenerate = Buat ulang dengan
self_contained = Setiap laporan adalah satu berkas HTML mandiri.
headline = temuan utama
other_experiments = Eksperimen lain
chapter_numerical = Komputasi numerik
chapter_optimization = Optimasi dan metode Newton
chapter_perceptron = Perceptron dan backpropagation
chapter_deep = Melatih jaringan dalam

## Sweep
every_trial = Semua percobaan
best_configuration = Konfigurasi terbaik
trial = Percobaan
sweep_table = Sweep: satu baris per percobaan
sweep_note = Percobaan adalah hasil kali kartesius dari daftar nilai sweep; setiap percobaan ditandai dalam data oleh kolom `trial` dan kolom `sweep.*`.
sorted_best_first = Diurutkan dari skor validasi terbaik.
scores_best = mendapat skor terbaik
best_within_noise = Percobaan { $trials } sama-sama terbaik dalam batas derau: { $metric } { $scores }, masing-masing dalam batas derau dari yang tertinggi ({ $samples ->
        [none] selisih di bawah 1 %
       *[other] selisih di bawah 1 % atau di bawah dua kali galat baku selisih dua akurasi pada { $samples } sampel
    }), sehingga satu run untuk masing-masing tidak dapat mengurutkannya; lebih banyak seed (sumbu `seed:`) akan memutuskannya.
tie_best = Percobaan { $trials } sama-sama meraih skor terbaik: { $headline }.
run_column = run { $k }
shown_trials = { $what ->
    [figures] Gambar yang dibuat untuk satu percobaan saja hanya ditampilkan untuk { $figures } percobaan pertama dari { $total } (gambar yang menumpuk semua percobaan tetap memuat semuanya)
    [tables] Tabel untuk satu percobaan saja hanya ditampilkan untuk { $tables } percobaan pertama dari { $total }
   *[both] Gambar yang dibuat untuk satu percobaan saja hanya ditampilkan untuk { $figures } percobaan pertama dari { $total } (gambar yang menumpuk semua percobaan tetap memuat semuanya), dan tabelnya untuk { $tables } percobaan pertama
}; angka setiap percobaan ada di `metrics.csv` dan temuannya tercantum di atas.
figure-constant = { $title }: setiap nilainya tepat { $value } pada setiap run, sehingga gambarnya tidak ditampilkan.

## Kolom data setiap laporan
column_trial = indeks percobaan sweep (0 tanpa sweep)
column_series = label pengelompokan garis pada plot: nilai sweep dan run-nya
column_sweep = nilai setiap parameter yang di-sweep

## Atas seed (sumbu `seed:` pada sweep)
seeds-table = Atas seed: rata-rata ± galat baku setiap konfigurasi
seeds-note = Setiap konfigurasi dijalankan sekali untuk setiap seed pada sumbu `seed:` sweep; setiap sel adalah rata-rata atas run tersebut ± galat bakunya s/√n (s simpangan baku antar-run). Run dengan seed yang sama memakai pembagian data, bobot awal, dan mini-batch yang sama, sehingga dua konfigurasi dibandingkan seed demi seed: keduanya dapat dibedakan bila rata-rata selisih per seed lebih dari dua kali galat bakunya.
seeds-configuration = konfigurasi
seeds-count = seed
seeds-best = Atas { $n } seed, { $config } memiliki skor rata-rata terbaik, { $mean } ± { $se }; { $count ->
        [one] berikutnya { $second } dengan { $mean2 } ± { $se2 }
       *[other] berikutnya, sama kuat, { $second }, masing-masing dengan { $mean2 } (galat baku { $se2 })
    }{ $apart ->
        [yes] : unggul seed demi seed lebih dari dua kali galat baku selisih per seed
       *[other] { $count ->
            [one] : seed demi seed selisihnya masih dalam dua kali galat baku selisih itu, sehingga seed-seed ini tidak membedakan keduanya
           *[other] : seed demi seed selisihnya masih dalam dua kali galat baku selisih itu, sehingga seed-seed ini tidak membedakan yang terbaik dari mereka
        }
    }.
seeds-none-apart = Atas { $n } seed, { $config } memiliki skor rata-rata terbaik, { $mean } ± { $se }, tetapi setiap { $others } konfigurasi lainnya berada, seed demi seed, dalam dua kali galat baku selisih per seed darinya: seed-seed ini tidak membedakan satu pun dari yang terbaik.
seeds-tie = Atas { $n } seed, { $configs } sama-sama meraih rata-rata skor terbaik, { $mean } (galat baku { $ses }).
seeds-figure-title = { $title } (seed { $seed })
seeds-shown = Temuan, gambar, dan tabel tiap percobaan adalah milik seed { $seed } ({ $shown } dari { $total } percobaan); tabel atas seed memberikan rata-rata ± galat baku setiap konfigurasi atas semua seed, dan tabel sweep memberikan angka setiap percobaan.
