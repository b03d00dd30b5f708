# Teks gradlab untuk `optimize` dalam bahasa Indonesia. Kunci sama dengan en/optimize.ftl.

## Gambar
optimize-fig-f-gap-title = Selisih dari nilai terendah: f(xₖ) − f*
optimize-axis-iteration = iterasi k
optimize-fig-grad-norm-title = Norma gradien ‖∇f(xₖ)‖ per iterasi
optimize-fig-path-title = f({ $var }) = { $objective } beserta titik-titik iterasinya
optimize-fig-contour-title = Kontur f = { $objective } beserta lintasan setiap metode
optimize-minimum-marker = minimum { $point }
optimize-fig-taylor-title = Penurunan nilai f sepanjang −∇f dari x₀ = { $point }
optimize-axis-step-size = ukuran langkah ε
optimize-curve-actual = aktual
optimize-curve-taylor = prediksi Taylor orde kedua
optimize-curve-first-order = prediksi orde pertama εgᵀg

## Status run (nilai `status` di data, untuk dibaca)
optimize-status-converged = konvergen
optimize-status-max-iterations = batas iterasi tercapai
optimize-status-diverging = divergen perlahan
optimize-status-diverged = divergen
optimize-status-failed = gagal
optimize-status-stalled = tertahan

## Di titik awal
optimize-start-title = Di titik awal
optimize-start-col-start = titik awal { $vars }
optimize-start-col-hessian = Hessian ∇²f
optimize-start-col-eigenvalues = nilai eigen ∇²f
optimize-start-note = Turunan eksak dari ekspresi yang telah diurai (diferensiasi otomatis mode maju, tanpa galat pembulatan akibat ukuran langkah).

## Uji turunan kedua
optimize-critical-unclassified = titik yang tidak dapat diklasifikasikan oleh uji turunan kedua (salah satu nilai eigen Hessian bernilai 0)
optimize-critical-minimum = minimum
optimize-critical-maximum = maksimum
optimize-critical-saddle = titik pelana

## Bagaimana setiap run berakhir ($name adalah label run, dicetak tebal)
optimize-run-critical-not-minimum = { $name } mencapai titik kritis dalam { $steps } langkah, ‖∇f‖ = { $grad } ≤ { $tol }, di { $vars } = { $x } dengan f = { $f }; nilai eigen Hessian di sana, { $eigenvalues }, menjadikannya **{ $kind }**, bukan minimum: sebagai metode peminimuman, run ini gagal.
optimize-run-converged = { $name } konvergen dalam { $steps } langkah ke sebuah minimum: { $vars } = { $x }, f = { $f }, ‖∇f‖ = { $grad } ≤ { $tol }.
optimize-run-diverged = { $name } **divergen**: setelah { $steps } langkah, iterasinya telah meledak hingga ‖x‖ = { $xnorm } dengan f = { $f } dan ‖∇f‖ = { $grad } (dari f = { $f0 } di titik awal); run berhenti di situ.
optimize-run-diverging = { $name } **divergen**: nilainya tumbuh tanpa batas, bukan sekadar lambat. Selama seluruh jatah { $steps } langkah, f naik dari { $f0 } menjadi { $f } dan ‖∇f‖ dari { $grad0 } menjadi { $grad }; pada paruh kedua run, f tumbuh dengan faktor { $rate_f } per langkah dan ‖∇f‖ dengan faktor { $rate_grad }, sehingga dengan laju itu f akan melewati bilangan terbesar f64 setelah sekitar { $left } langkah lagi. Langkahnya terlalu besar untuk kelengkungan fungsi ini.
optimize-run-above-start = { $name } menghabiskan seluruh jatah { $steps } langkah dan berakhir di atas titik awalnya (f = { $f } dibandingkan { $f0 }, ‖∇f‖ = { $grad }), tetapi tanpa tumbuh secara teratur pada paruh kedua run: run ini tidak divergen, tetapi juga belum konvergen.
optimize-run-max-iterations = { $name } tidak mencapai ‖∇f‖ ≤ { $tol } dalam { $steps } langkah: run berhenti di { $x } dengan f = { $f }, ‖∇f‖ = { $grad }.
optimize-run-failed = { $name } berhenti setelah { $steps } langkah di { $x }: { $reason }.
optimize-run-stalled = { $name } tertahan setelah { $steps } langkah di { $x } dengan ‖∇f‖ = { $grad }: { $reason }. Toleransi di bawah nilai ini tidak dapat dicapai metode ini dalam f64.
optimize-run-two-cycle = Run ini berakhir dalam siklus dua titik: selama delapan langkah terakhirnya, setiap iterasi kedua kembali ke jarak { $drift } dari posisinya semula, bergantian antara { $a } (f = { $fa }) dan { $b } (f = { $fb }), sehingga f tidak turun lagi.
optimize-run-two-cycle-above = Siklus itu berada di atas titik terendah run ini: f sempat turun sampai { $fmin } pada iterasi { $kmin }, lalu naik lagi.
optimize-run-newton-not-pd = Hessian memiliki nilai eigen negatif di { $count } dari { $total } titiknya (baris dengan `hess_eig_1 < 0` di data, titik awal termasuk); di titik-titik itu langkah Newton { $one_d ->
        [yes] mengarah naik (dalam satu dimensi −f′/f″ dengan f″ < 0 bertanda sama dengan f′, melawan kemiringan).
       *[other] belum tentu mengarah turun.
    }
optimize-run-newton-first-rise = Langkah pertamanya yang menaikkan f, dari { $from } (f = { $f_from }) ke { $to } (f = { $f_to }) pada langkah { $k }, { $pd ->
        [yes] berangkat dari titik dengan Hessian definit positif, jadi langkah itu mengarah turun tetapi terlalu panjang
       *[no] berangkat dari salah satu titik tersebut
    }.

## Perbandingan run
optimize-compare-fastest = Paling cepat mencapai minimum pada toleransi ini: **{ $label }** dengan { $steps } langkah.
optimize-compare-tie = Langkah paling sedikit untuk mencapai minimum pada toleransi ini: seri antara { $count } run, yaitu { $labels }, masing-masing dengan { $steps } langkah{ $identical ->
    [yes] , dan dengan iterasi yang sama: di sini keduanya run yang sama
   *[other] {""}
}.
optimize-compare-from-start = Dari { $start }: { $text }
optimize-compare-only = Hanya **{ $label }** yang mencapai minimum pada toleransi ini, dalam { $steps } langkah.
optimize-compare-none = Tidak ada run yang mencapai minimum.
optimize-compare-needed = { $label } memerlukan { $steps }
optimize-compare-by-comparison = Sebagai pembanding, { $list }.
optimize-compare-not-converged = Tidak konvergen: { $list }.
optimize-compare-not-minimum = Konvergen ke titik yang bukan minimum: { $list }.
optimize-gap-zero-before-tol = **{ $label }**: f(xₖ) − f* tepat 0 dalam f64 sejak iterasi { $zero } ("mencapai 0" pada gambar), sedangkan run berhenti pada iterasi { $steps }, saat ‖∇f‖ pertama kali turun sampai toleransi { $tol } (pada iterasi { $zero } nilainya masih { $grad }). Di dekat minimum, f − f* mengecil seperti kuadrat jaraknya sehingga lebih dulu jatuh di bawah pembulatan f; ‖∇f‖ mengecil seperti jarak itu sendiri.

## Kelengkungan di solusi dan bentuk lintasan
optimize-condition-number = Di minimum yang ditemukan, { $x }, nilai eigen Hessian berkisar dari λmin = { $lmin } sampai λmax = { $lmax }: bilangan kondisi κ = λmax/λmin = { $kappa }. Fungsi ini melengkung { $kappa } kali lebih curam di arah tercuramnya daripada di arah paling landainya; di dekat minimum penurunan gradien biasa (tanpa momentum) stabil di bawah 2/λmax = { $bound }{ $steeper_start ->
        [yes] ; di titik awal, tempat λmax = { $lmax0 }, batas lokal yang sama adalah { $bound0 }. Batas-batas ini bersifat lokal: langkah di atas batas suatu titik akan melampaui di sana, dan apakah run itu pulih bergantung pada kelengkungan tempat ia mendarat.
       *[other] .
    }
optimize-right-angle-exact = **{ $label }** berbelok tegak lurus: { $count } dari { $pairs } pasangan langkah berurutan saling ortogonal, karena pencarian garis eksak berhenti di titik tempat gradien baru tegak lurus terhadap arah sebelumnya.
optimize-right-angle-model = **{ $label }** berbelok tegak lurus (|cos| < 10⁻⁶ antara langkah berurutan) pada { $count } dari { $pairs } pasangan langkah berurutan, dan sampai selisih 1° pada { $close }; penyimpangan terbesar, { $worst }° dari 90°, terjadi antara langkah { $first } dan { $second }. Langkahnya, gᵀg/gᵀHg, meminimumkan model Taylor kuadratik sepanjang −g, yang sama dengan f hanya jika f kuadratik, sehingga gradien baru tepat tegak lurus terhadap arah sebelumnya hanya di tempat model itu eksak.
optimize-zigzag = **{ $label }** bergerak zig-zag: pada { $count } dari { $pairs } pasangan langkah berurutan, langkah kedua berbalik melawan langkah pertama (sudutnya lebih dari 90°): setiap langkah melampaui sepanjang arah yang curam dan langkah berikutnya kembali.

## Tabel
optimize-table-run = run
optimize-runs-title = Bagaimana setiap run berakhir
optimize-runs-col-status = status
optimize-runs-col-steps = langkah
optimize-runs-col-final-x = x akhir
optimize-first-title = Iterasi-iterasi pertama
optimize-first-col-step = langkah ε
optimize-first-col-predicted = penurunan menurut prediksi Taylor
optimize-first-col-actual = penurunan aktual
optimize-first-note = Penurunan yang diprediksi untuk langkah d dari xₖ adalah −(gᵀd + ½dᵀHd), yaitu menurut model Taylor orde kedua; nilainya sama persis dengan penurunan aktual jika f kuadratik. Setiap iterasi tercantum di `metrics.csv`.

## Konstanta Lipschitz dan batas 2/L
optimize-lipschitz-constant = Pada daerah { $region }, gradiennya kontinu Lipschitz dengan konstanta L = ‖∇²f‖₂ = { $l }, sama di setiap titik: f kuadratik, Hessian-nya konstan. Langkah tetap lr dijamin menurunkan f hanya jika lr < 2/L = { $bound }; di atas batas itu, langkahnya melampaui minimum di arah tercuram lebih jauh daripada penurunan yang diperolehnya.
optimize-lipschitz = Pada daerah { $region }, gradiennya kontinu Lipschitz dengan konstanta L = max ‖∇²f‖₂ = { $l } (tercapai di { $at }). Langkah tetap lr dijamin menurunkan f hanya jika lr < 2/L = { $bound }; di atas batas itu, langkahnya melampaui minimum di arah tercuram lebih jauh daripada penurunan yang diperolehnya.
optimize-lipschitz-stable = stabil (lr < { $bound })
optimize-lipschitz-may-diverge = bisa divergen (lr ≥ { $bound })
optimize-lipschitz-decreasing = menurun, belum konvergen
optimize-lipschitz-oscillating = lebih rendah daripada di titik awal, tetapi f naik pada { $rises } langkah: berosilasi, belum konvergen
optimize-lipschitz-diverges = divergen dari hampir setiap titik awal (lr > { $bound })
optimize-lipschitz-title = Langkah tetap dibandingkan dengan batas kestabilannya
optimize-lipschitz-col-bound = lr stabil terbesar
optimize-lipschitz-col-theory = teori
optimize-lipschitz-col-observed = teramati
optimize-lipschitz-col-final-f = f akhir
optimize-lipschitz-note = L = { $l } pada daerah yang diplot, sehingga 2/L = { $bound }. Pada fungsi kuadrat, penurunan gradien mengalikan galat sepanjang vektor eigen dengan nilai eigen λ dengan (1 − lr·λ) setiap langkah: galat itu mengecil tepat ketika lr·λ < 2.
optimize-lipschitz-momentum = Dengan momentum, batasnya bergeser: pada fungsi kuadrat dengan kelengkungan terbesar L, momentum heavy-ball μ stabil untuk lr < 2(1 + μ)/L dan Nesterov untuk lr < 2(1 + μ)/((1 + 2μ)L), bukan 2/L; tabel memberi setiap run batasnya sendiri.

## Analisis Taylor di titik awal pertama
optimize-taylor-no-gradient = Analisis Taylor memerlukan gradien yang tidak nol dan berhingga di titik awal pertama; gradien seperti itu tidak ada.
optimize-taylor = Analisis Taylor orde kedua di x₀ = { $x0 }: sepanjang −g, model f(x₀ − εg) ≈ f(x₀) − εgᵀg + ½ε²gᵀHg paling baik di ε* = gᵀg/gᵀHg = { $eps }, dengan prediksi penurunan sebesar { $pred }; penurunan aktual di sana adalah { $act }. Di 2ε* model memprediksi { $pred2 }, sedangkan f sebenarnya berubah sebesar { $act2 }.
optimize-taylor-exact = Fungsi objektifnya kuadratik, sehingga model ini eksak untuk setiap ε.
optimize-taylor-inexact = Fungsi objektifnya tidak kuadratik, sehingga model ini hanya dapat dipercaya di dekat ε = 0 dan kedua kurva makin berpisah seiring membesarnya ε.
optimize-taylor-no-curvature = Di x₀ = { $x0 }, kelengkungan sepanjang −g adalah gᵀHg ≤ 0: model orde kedua memprediksi bahwa f terus turun tanpa batas sepanjang −g, sehingga model ini tidak memberikan langkah terbaik.
optimize-taylor-worst-case = Kasus terburuk untuk langkah gradien adalah g yang searah dengan vektor eigen dari nilai eigen terbesar λmax = { $lmax }, dan di sana langkah terbaiknya adalah 1/λmax = { $step }: nilai eigen Hessian menentukan skala laju pembelajaran (learning rate).

## Temuan utama: status run, jumlah langkah, dan f akhir
optimize-headline = { $status } setelah { $steps } langkah, f = { $f }


## Laju: terukur dibandingkan teori
optimize-minima-differ = Run-run ini menemukan { $count } minimum yang berbeda (f = { $values }): tidak ada satu f* untuk mengukur jaraknya, sehingga gambar f(xₖ) − f* tidak disertakan; norma gradien menunjukkan kemajuan setiap run.
optimize-label-from = { $label } dari { $start }
optimize-rate-envelope = { $label }: ‖∇f‖ berosilasi sambil turun; melalui { $peaks } puncaknya di paruh kedua run, nilainya menyusut dengan faktor { $measured } per langkah (garis kuadrat terkecil melalui ln ‖∇f‖ di puncak-puncak itu); teori pada Hessian di titik minimum memberi { $theory }. Dengan laju itu, pengurangan sejuta kali memerlukan { $steps } langkah.
optimize-rate-repeated-root = Pada langkah dan μ ini kedua akar z² − (1 + μ − αλ)z + μ berimpit, sehingga galat turun seperti k·rᵏ, bukan rᵏ: antara iterasi { $j } dan { $k } hal itu saja memberi faktor r·(k/j)^(1/(k − j)) = { $window }, di samping nilai terukur { $measured }.
optimize-rate = { $label }: ‖∇f‖ menyusut dengan faktor { $measured } per langkah pada paruh kedua run; teori pada Hessian di titik minimum memberi { $theory }. Dengan laju itu, pengurangan sejuta kali memerlukan { $steps } langkah.
optimize-rate-theory = { $label } (teori)
optimize-rate-kappa = Bilangan kondisi Hessian adalah κ = { $kappa } (√κ = { $root }). Gradient descent dengan langkah tetap terbaiknya 2/(λmax + λmin) menyusut dengan faktor (κ − 1)/(κ + 1) = { $gd } per langkah, { $gd_steps } langkah untuk pengurangan sejuta kali; momentum heavy-ball dengan langkah dan μ terbaiknya dengan faktor (√κ − 1)/(√κ + 1) = { $hb }, { $hb_steps } langkah: jumlah langkah tumbuh sebanding κ untuk yang pertama dan sebanding √κ untuk yang kedua.
optimize-fig-rates-title = ‖∇f‖ per iterasi, setiap run di samping laju teoretisnya (putus-putus)
optimize-momentum-weights = μ = { $mu }: kecepatan menjumlahkan gradien-gradien sebelumnya dengan bobot μᵏ, yang totalnya 1/(1 − μ) = { $memory }; sebuah gradien masih berbobot sepersepuluh atau lebih hingga { $tenth } langkah ke belakang.
optimize-fig-momentum-weights-title = Bobot μᵏ gradien dari k langkah sebelumnya dalam kecepatan momentum
optimize-axis-steps-ago = langkah sebelumnya (k)
optimize-axis-weight = bobot μᵏ

## Kolom metrics.csv
optimize-col-run = label metode (ditambah titik awalnya jika ada beberapa titik awal)
optimize-col-method = gd, exact_line_search (taylor_step jika f tidak kuadratik), backtracking, newton, momentum, atau nama optimizer (sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw, adamax, nadam)
optimize-col-start = indeks titik awal
optimize-col-iteration = k, 0 di titik awal
optimize-col--variable- = satu kolom per variabel: koordinat xₖ
optimize-col-f = f(xₖ); inf/NaN setelah run divergen
optimize-col-f-gap = f(xₖ) − f*, dengan f* nilai f berhingga terkecil dari semua run dalam percobaan ini, diperhalus dengan metode Newton dari titik tersebut jika Newton konvergen di sana ke sebuah minimum
optimize-col-grad-norm = ‖∇f(xₖ)‖₂
optimize-col-step-size = ε dari langkah yang diambil dari xₖ (lr, langkah pencarian garis, 1 untuk Newton); NaN pada baris terakhir
optimize-col-step-norm = ‖xₖ₊₁ − xₖ‖₂
optimize-col-predicted-decrease = −(gᵀd + ½dᵀHd): penurunan yang diprediksi model Taylor orde kedua untuk langkah d
optimize-col-actual-decrease = f(xₖ) − f(xₖ₊₁)
optimize-col-hess-eig-i = nilai eigen ∇²f(xₖ), terurut naik (i = 1…n; untuk 1-D, f'')
optimize-col-hessian-pd = apakah ∇²f(xₖ) definit positif
optimize-col-status = cara run berakhir: converged, max_iterations, diverging, diverged, atau failed
