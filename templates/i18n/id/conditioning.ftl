# Teks gradlab untuk `conditioning` dalam bahasa Indonesia. Kunci sama dengan en/conditioning.ftl.

## Gambar: galat terhadap κ
conditioning-error-title = Galat relatif x terhadap κ₂(A)
conditioning-error-x = bilangan kondisi κ₂(A) = σmax/σmin
conditioning-curve-f64 = penyelesaian f64
conditioning-curve-f32 = penyelesaian f32
conditioning-curve-perturbed = f64, b diganggu (η = { $eta })
conditioning-curve-bound = batas κ·η (diganggu)
conditioning-curve-f32-eps = κ·ε (f32), sampai 10³
conditioning-family-hilbert = matriks Hilbert H₂…
conditioning-family-near_singular = [[1,1],[1,1+δ]], δ kecil
conditioning-family-spectrum = spektrum pilihan (κ = 10ᵏ)

## Temuan
conditioning-hilbert-growth = κ₂ matriks Hilbert tumbuh sekitar 30 kali lipat setiap kali ukurannya bertambah satu: κ₂(H₄) = { $h4 }, κ₂(H₈) = { $h8 }, κ(H{ $n }) = { $hn } (dari nilai eigen; SVD dari matriks-matriks terbesar mendapati σmin = 0 dalam presisi kerja). Gangguan relatif sebesar η = { $eta } pada b menggeser solusi f64 paling banyak κ·η, tidak pernah lebih (pelanggaran di luar galat pembulatan: { $violations } dari { $count } matriks), apa pun keluarga matriksnya: sensitivitas adalah sifat matriks A, bukan sifat algoritmenya.
# $fate32 adalah salah satu dari tiga teks conditioning-f32-…, $fate64 conditioning-f64-lost atau kosong.
conditioning-rounding = Pembulatan di dalam proses penyelesaian menambahkan galat berorde κ·ε: penyelesaian f32 (ε = { $eps32 }) { $fate32 }, sedangkan f64 (ε = { $eps64 }) mempertahankan sekitar 16 − log₁₀κ digit yang benar{ $fate64 }.
conditioning-f32-lost = tidak lagi menyisakan satu digit pun yang benar mulai dari κ ≈ { $kappa }
conditioning-f32-erratic = pertama kali kehilangan semua digit yang benar pada κ ≈ { $kappa }; setelah itu hasilnya tidak menentu (pada { $later } nilai κ yang lebih besar, sebagian digit masih benar karena kebetulan pembulatan)
conditioning-f32-kept = tetap menyisakan beberapa digit yang benar di seluruh rentang
conditioning-f64-lost = , dan kehilangan semuanya ketika κ mendekati 1/ε ≈ 4.5e15
conditioning-f32-singular = Dalam f32, { $n } dari { $total } matriks singular menurut presisi kerja: penyelesaiannya membagi dengan pivot yang terbulatkan menjadi 0 dan menghasilkan inf/NaN. Hasil itu tidak dapat digambar pada sumbu log dan tidak dimasukkan ke dalam gambar; `metrics.csv` mencatatnya.
conditioning-symmetric = Nilai eigen dan nilai singular memberikan κ yang sama untuk matriks-matriks simetris ini (|λ| = σ); untuk matriks yang tidak simetris, hanya σmax/σmin yang mengukur sensitivitas Ax = b.

## Tabel
conditioning-table-title = Matriks Hilbert
conditioning-table-matrix = matriks
conditioning-table-kappa-eig = κ dari |λ|max/|λ|min
conditioning-table-kappa-svd = κ₂ = σmax/σmin
conditioning-table-error-f64 = galat f64
conditioning-table-error-f32 = galat f32
conditioning-table-error-perturbed = galat, b diganggu (f64)
conditioning-table-bound = batas κ·η
conditioning-table-note = x = 1 dan b = A·1, sehingga solusi eksaknya diketahui; galat dihitung sebagai ‖x̂ − 1‖/‖1‖. Setiap baris dari setiap keluarga matriks ada di `metrics.csv`.

## Kolom metrics.csv
conditioning-col-run = keluarga matriks
conditioning-col-family = hilbert, near_singular atau spectrum
conditioning-col-matrix = H4, δ=1e-3, κ=1e6, …
conditioning-col-size = n
conditioning-col-cond-eig = |λ|max / |λ|min
conditioning-col-cond-svd = σmax / σmin (κ₂)
conditioning-col-err-f64 = ‖x̂ − x‖/‖x‖ untuk penyelesaian LU f64 dari A x = A·1
conditioning-col-err-f32 = sama seperti di atas, dengan A, b dan penyelesaiannya dalam f32
conditioning-col-err-perturbed-f64 = penyelesaian f64 dengan b + η‖b‖u (u vektor satuan acak)
conditioning-col-bound = κ₂·η, batas untuk err_perturbed_f64 (sampai galat pembulatan)
