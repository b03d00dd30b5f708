# Teks gradlab untuk `rounding` dalam bahasa Indonesia. Kunci sama dengan en/rounding.ftl.
rounding-curve-constant-summands = { $method }, suku konstan
rounding-curve-uniform-summands = { $method }, suku acak seragam
rounding-curve-naive-bound = n·ε (f32), batas naif
rounding-finding-constant = Menjumlahkan { $value } (disimpan dalam f32 sebagai { $stored }) sebanyak { $n } kali: jumlah berjalan naif meleset dengan galat relatif { $naive }, penjumlahan berpasangan { $pairwise }, penjumlahan Kahan { $kahan } (ε f32 adalah { $eps }). Setiap penjumlahan naif dibulatkan ke jarak antarbilangan di sekitar total berjalan, yang ikut membesar bersama totalnya, sehingga galatnya tumbuh { $growth } (kemiringan { $slope } pada sumbu log–log mulai n = { $from }); penjumlahan berpasangan menjumlahkan bilangan-bilangan yang besarnya serupa, dan batas galatnya hanya tumbuh sebanding log n; penjumlahan Kahan membawa setiap galat pembulatan ke penjumlahan berikutnya dan meniadakannya.
rounding-finding-uniform = Dengan suku acak seragam dalam [0, 1), pembulatannya jatuh ke dua arah dan sebagian saling meniadakan: galat naif tumbuh { $growth } (kemiringan { $slope } mulai n = { $from }) dan berakhir di { $naive } pada n = { $n }, { $ratio } kali lebih kecil daripada untuk suku konstan; berpasangan { $pairwise }, Kahan { $kahan }.
rounding-growth-linear = kira-kira linear terhadap n
rounding-growth-sqrt = kira-kira sebanding √n, seperti langkah acak
rounding-growth-other = sebagai pangkat dari n
rounding-true = ya
rounding-false = tidak
rounding-why-point-one = baik 0.1 maupun 0.2 tidak dapat direpresentasikan secara eksak dalam biner
rounding-one-plus-half-eps = 1 + ε/2 dalam { $format } (ε = { $eps })
rounding-why-ties-to-even = nilai seri dibulatkan ke genap; 1 + ε = { $next } adalah bilangan berikutnya setelah 1
rounding-table-one-operation = Pembulatan dalam satu operasi
rounding-header-expression = ekspresi
rounding-header-computed = hasil hitungan
rounding-header-compare-with = dibandingkan dengan
rounding-header-equal = sama?
rounding-header-why = alasan
rounding-curve-naive-quotient = naif (1 − cos x)/x², { $format }
rounding-curve-stable-quotient = stabil 2 sin²(x/2)/x², { $format }
rounding-nowhere-in-table = tidak di mana pun pada grid
rounding-table-cancellation = Pembatalan katastrofik: (1 − cos x)/x² → 1/2
rounding-header-naive = naif { $format }
rounding-header-stable = stabil { $format }
rounding-header-exact = eksak
rounding-cancellation-note = cos x sama dengan 1 pada digit-digit awalnya, sehingga 1 − cos x hanya menyisakan galat pembulatan cos x: hasil bagi naif meleset lebih dari 1 % pada setiap x mulai x = { $x_f32 } ke bawah dalam f32 dan mulai x = { $x_f64 } ke bawah dalam f64 (x setiap setengah dekade, seperti pada gambar; tabel hanya menampilkan dekade bulatnya). Identitas 1 − cos x = 2 sin²(x/2) menghilangkan pengurangan tersebut.
rounding-finding-cancellation = Pembatalan: pada x = 1e-4, (1 − cos x)/x² bernilai { $naive_f32 } dalam f32 dan { $naive_f64 } dalam f64, padahal seharusnya 0.5; bentuk yang ditulis ulang, 2 sin²(x/2)/x², menghasilkan { $stable_f32 } dan { $stable_f64 }.
rounding-title-summation = Galat relatif penjumlahan dalam f32
rounding-x-number-of-summands = banyaknya suku n
rounding-relative-error = galat relatif
rounding-title-cancellation = Pembatalan pada (1 − cos x)/x²
rounding-headline-naive-error = galat naif pada n maks
rounding-headline-kahan-error = galat Kahan pada n maks
rounding-col-run = metode dan jenis suku
rounding-col-summands = `constant` (nilai `value`, dibulatkan ke f32) atau `uniform` (acak dengan seed, dalam [0, 1))
rounding-col-n = banyaknya suku
rounding-col-method = naive, pairwise atau kahan (semuanya dalam f32)
rounding-col-sum-f32 = hasil dalam f32
rounding-col-reference = n·x eksak untuk suku konstan; jumlah terkompensasi dalam f64 untuk uniform
rounding-col-rel-error = |sum_f32 − reference| / reference
