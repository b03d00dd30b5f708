# Teks gradlab untuk `critical_points` dalam bahasa Indonesia. Kunci sama dengan en/critical_points.ftl.

## Cara sebuah titik ditemukan (data tetap memakai `given` dan `newton (k of n starts)`)
critical-points-given = diberikan di spesifikasi
critical-points-newton = newton ({ $k } dari { $n } titik awal)
critical-points-newton-failed = { $label }: { $k } dari { $n } titik awal Newton tidak konvergen dan tidak dimasukkan ke daftar titik: { $starts } (misalnya di tempat f'' atau Hessian singular, langkah Newton tidak terdefinisi).

## Nama kelas di tabel, plot dan temuan utama (data tetap memakai minimum, maximum, saddle, inconclusive, not_critical)
critical-points-class-minimum = minimum
critical-points-class-maximum = maksimum
critical-points-class-saddle = titik sadel
critical-points-class-inconclusive = tidak meyakinkan
critical-points-class-not-critical = bukan titik kritis

## Temuan: satu per titik; $head adalah critical-points-head, $base critical-points-hessian
critical-points-head = **{ $label }** di { $vars } = { $point }
critical-points-not-critical = { $head }: ‖∇f‖ = { $grad_norm } tidak nol, sehingga titik ini bukan titik kritis dan uji orde kedua tidak berlaku.
critical-points-1d-minimum = { $head }: f' = 0 dan f'' = { $d2 } > 0, sehingga f' naik melewati nol: sebuah **minimum lokal** (uji turunan kedua).
critical-points-1d-maximum = { $head }: f' = 0 dan f'' = { $d2 } < 0, sehingga f' turun melewati nol: sebuah **maksimum lokal** (uji turunan kedua).
critical-points-1d-inconclusive = { $head }: f' = 0 dan f'' = { $d2 }: uji turunan kedua **tidak meyakinkan**; titik ini bisa berupa titik belok (sadel) atau bagian dari daerah datar, dan turunan yang lebih tinggi yang harus menentukannya.
critical-points-1d-inconclusive-min = { $head }: f' = 0 dan f'' = { $d2 }, jadi uji turunan kedua **tidak meyakinkan**; nilai-nilai di sekitarnya menunjuk ke jawabannya: f(x ± h) > f(x) pada keempat langkah h = 10⁻¹, 10⁻², 10⁻³, dan 10⁻⁴ (dikali |x| bila |x| > 1), jadi titik ini **minimum lokal**, sejauh yang dapat ditunjukkan sampel-sampel ini (turunan tak-nol pertama yang memastikannya).
critical-points-1d-inconclusive-max = { $head }: f' = 0 dan f'' = { $d2 }, jadi uji turunan kedua **tidak meyakinkan**; nilai-nilai di sekitarnya menunjuk ke jawabannya: f(x ± h) < f(x) pada keempat langkah h = 10⁻¹, 10⁻², 10⁻³, dan 10⁻⁴ (dikali |x| bila |x| > 1), jadi titik ini **maksimum lokal**, sejauh yang dapat ditunjukkan sampel-sampel ini (turunan tak-nol pertama yang memastikannya).
critical-points-1d-inconclusive-inflection = { $head }: f' = 0 dan f'' = { $d2 }, jadi uji turunan kedua **tidak meyakinkan**; nilai-nilai di sekitarnya menunjuk ke jawabannya: pada keempat langkah h = 10⁻¹, 10⁻², 10⁻³, dan 10⁻⁴ (dikali |x| bila |x| > 1), f lebih kecil daripada f(x) di satu sisi dan lebih besar di sisi lain, jadi titik ini **titik belok**, bukan minimum maupun maksimum, sejauh yang dapat ditunjukkan sampel-sampel ini (turunan tak-nol pertama yang memastikannya).
critical-points-hessian = { $head }: ∇f = 0, Hessian { $hessian } dengan nilai eigen { $eigs }
critical-points-minimum = { $base }, semuanya positif: f melengkung ke atas di setiap arah, sebuah **minimum lokal**.
critical-points-maximum = { $base }, semuanya negatif: f melengkung ke bawah di setiap arah, sebuah **maksimum lokal**.
critical-points-saddle = { $base }, tandanya campuran: sebuah **titik sadel**, melengkung ke atas sepanjang { $up } dan ke bawah sepanjang { $down }.
critical-points-inconclusive = { $base }: salah satunya nol, sehingga uji orde kedua **tidak meyakinkan** sepanjang vektor eigennya.

## Gambar, temuan utama, tabel
critical-points-contour-title = { $label }: kontur { $objective } dengan vektor eigen Hessian
critical-points-count = { $n } { $class }
critical-points-headline = titik
critical-points-table-title = Klasifikasi dengan uji orde kedua
critical-points-table-function = fungsi
critical-points-table-point = titik
critical-points-table-found-by = asal titik
critical-points-table-f = f
critical-points-table-grad-norm = ‖∇f‖
critical-points-table-hessian = Hessian
critical-points-table-eigenvalues = nilai eigen
critical-points-table-class = kelas
critical-points-table-note = Sebuah titik dianggap kritis jika ‖∇f‖ ≤ { $critical_tol }; sebuah nilai eigen dianggap nol jika |λ| ≤ { $zero_tol } × max(1, max|λ|).
critical-points-table-note-arrows = Panah pada plot kontur adalah vektor eigen Hessian: biru jika f melengkung ke atas (λ > 0), merah jika f melengkung ke bawah (λ < 0), abu-abu jika λ = 0 sehingga uji orde kedua tidak mengatakan apa pun sepanjang arah itu.

## Kolom metrics.csv
critical-points-col-function = indeks fungsi dalam `functions`
critical-points-col-label = label fungsi
critical-points-col-point = indeks titik di dalam fungsinya
critical-points-col-source = `given`, atau `newton (k of n starts)` untuk titik tempat metode Newton konvergen
critical-points-col--variable- = satu kolom per variabel: koordinat titik
critical-points-col-f = nilai f di titik tersebut
critical-points-col-grad-norm = ‖∇f‖₂ di titik tersebut (kritis jika ≤ critical_tol)
critical-points-col-hess-eig-i = nilai eigen Hessian, terurut naik (untuk 1-D, f'')
critical-points-col-class = `minimum`, `maximum`, `saddle`, `inconclusive` atau `not_critical`
