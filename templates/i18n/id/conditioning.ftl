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
conditioning-hilbert-growth = κ₂ matriks Hilbert tumbuh dengan faktor { $low } hingga { $high } setiap kali satu baris dan satu kolom ditambahkan: κ₂(H₄) = { $h4 }, κ₂(H₈) = { $h8 }, κ₂(H{ $n }) = { $hn }. Nilai-nilai ini eksak (λmax(H)·λmax(H⁻¹), dengan invers bentuk tertutup yang entrinya bilangan bulat); dari nilai eigen H{ $n } sendiri, f64 mendapatkan { $hn_eig }, karena begitu κ·ε > 0.01 pembulatan menutupi λmin (taksiran seperti itu ditandai * di tabel). Gangguan relatif sebesar η = { $eta } pada b menggeser solusi f64 paling banyak κ·η, tidak pernah lebih (pelanggaran di luar galat pembulatan: { $violations } dari { $count } matriks), apa pun keluarga matriksnya: sensitivitas adalah sifat matriks A, bukan sifat algoritmenya.
# $fate32 adalah salah satu dari tiga teks conditioning-f32-…, $fate64 conditioning-f64-lost atau kosong.
conditioning-rounding = Pembulatan di dalam proses penyelesaian menambahkan galat paling banyak sekitar κ·ε: penyelesaian f32 (ε = { $eps32 }) { $fate32 }, sedangkan f64 (ε = { $eps64 }) mempertahankan setidaknya sekitar 16 − log₁₀κ digit yang benar{ $fate64 }. Itu sebuah batas, bukan jumlah yang lazim: { $exact } dari { $total } penyelesaian f64 tepat sama sekali, hingga κ ≈ { $exact_kappa }{ $scope }.
conditioning-exact-one-family = , semuanya berukuran { $size } × { $size } ({ $family }): sifat matriks-matriks itu beserta ruas kanannya, bukan sifat f64 pada κ tersebut. Galat tepat 0 tidak punya tempat pada sumbu logaritmik gambar, sehingga penyelesaian ini tidak digambar
conditioning-exact-not-drawn = . Galat tepat 0 tidak punya tempat pada sumbu logaritmik gambar, sehingga penyelesaian ini tidak digambar
conditioning-f32-lost = tidak lagi menyisakan satu digit pun yang benar mulai dari κ ≈ { $kappa }
conditioning-f32-erratic = pertama kali kehilangan semua digit yang benar pada κ ≈ { $kappa }; setelah itu hasilnya tidak menentu (pada { $later } nilai κ yang lebih besar, sebagian digit masih benar karena kebetulan pembulatan)
conditioning-f32-kept = tetap menyisakan beberapa digit yang benar di seluruh rentang
conditioning-f64-lost = , dan batas itu tidak menjamin satu digit pun begitu κ mendekati 1/ε ≈ 4.5e15
conditioning-f32-singular = Dalam f32, { $n } dari { $total } matriks singular menurut presisi kerja: penyelesaiannya membagi dengan pivot yang terbulatkan menjadi 0 dan menghasilkan inf/NaN. Hasil itu tidak dapat digambar pada sumbu log dan tidak dimasukkan ke dalam gambar; `metrics.csv` mencatatnya.
conditioning-symmetric = Nilai eigen dan nilai singular memberikan κ yang sama untuk matriks-matriks simetris ini (|λ| = σ) hingga galat pembulatan, yang besarnya relatif κ·ε; untuk matriks yang tidak simetris, hanya σmax/σmin yang mengukur sensitivitas Ax = b.

## Tabel
conditioning-table-title = Matriks Hilbert
conditioning-table-matrix = matriks
conditioning-table-kappa-exact = κ₂ eksak, λmax(H)·λmax(H⁻¹)
conditioning-table-kappa-eig = κ dari |λ|max/|λ|min
conditioning-table-kappa-svd = κ₂ = σmax/σmin
conditioning-table-error-f64 = galat f64
conditioning-table-error-f32 = galat f32
conditioning-table-error-perturbed = galat, b diganggu (f64)
conditioning-table-bound = batas κ·η
conditioning-table-note = x = 1 dan b = A·1, sehingga solusi eksaknya diketahui; galat dihitung sebagai ‖x̂ − 1‖/‖1‖. H⁻¹ adalah invers bentuk tertutup (entrinya bilangan bulat). * menandai taksiran κ dalam f64 dengan κ·ε > 0.01, ketika pembulatan menutupi λmin dan σmin: tidak dapat diandalkan. Setiap baris dari setiap keluarga matriks ada di `metrics.csv`.

## Kolom metrics.csv
conditioning-col-run = keluarga matriks
conditioning-col-family = hilbert, near_singular atau spectrum
conditioning-col-matrix = H4, δ=1e-3, κ=1e6, …
conditioning-col-size = n
conditioning-col-cond-eig = |λ|max / |λ|min
conditioning-col-cond-svd = σmax / σmin (κ₂)
conditioning-col-cond-exact = κ₂ tanpa pembulatan dari eigen/SVD A sendiri: Hilbert λmax(H)·λmax(H⁻¹) dengan invers bentuk tertutup berentri bulat, hampir singular dari bentuk tertutup 2×2, spektrum sesuai konstruksinya
conditioning-col-f64-estimate-reliable = cond_exact·ε(f64) ≤ 0.01: cond_eig dan cond_svd dalam f64 dapat menangkap λmin
conditioning-col-err-f64 = ‖x̂ − x‖/‖x‖ untuk penyelesaian LU f64 dari A x = A·1
conditioning-col-err-f32 = sama seperti di atas, dengan A, b dan penyelesaiannya dalam f32
conditioning-col-err-perturbed-f64 = penyelesaian f64 dengan b + η‖b‖u (u vektor satuan acak)
conditioning-col-bound = cond_exact·η, batas untuk err_perturbed_f64 (sampai galat pembulatan)
