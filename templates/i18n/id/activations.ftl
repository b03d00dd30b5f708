# Teks gradlab untuk `activations` dalam bahasa Indonesia. Kunci sama dengan en/activations.ftl.
activations-none-in-range = tidak ada dalam rentang
activations-regions-and = { $a } dan { $b }
activations-finding-sigmoid = Turunan sigmoid σ'(z) = σ(z)(1 − σ(z)) mencapai puncaknya, { $peak }, di z = 0 dan berada di bawah 5 % dari nilai itu untuk { $saturation }. Melalui k lapisan sigmoid, gradien yang dipropagasikan balik dikalikan paling banyak dengan (1/4)^k kali bobotnya, dan rata-rata keluarannya untuk z ∼ N(0, 1) adalah { $mean }, bukan 0: semua masukan lapisan berikutnya bertanda sama.
activations-finding-tanh = tanh berpusat di nol (E[tanh z] = { $mean }) dengan f'(0) = { $df0 }, tetapi jenuh untuk { $saturation }.
activations-finding-relu = ReLU meneruskan gradien apa adanya untuk z > 0 dan sama sekali tidak meneruskannya untuk z ≤ 0 ({ $saturation }): unit yang pra-aktivasinya negatif untuk setiap masukan pelatihan tidak menerima gradien melalui bobotnya sendiri dan terus diam (mati); unit itu baru hidup kembali jika pelatihan mengubah lapisan-lapisan di bawahnya sehingga ada masukan yang membuat pra-aktivasinya positif lagi. E[relu'(z)²] = { $gain } untuk z ∼ N(0, 1): separuh energi gradien, yang dipulihkan oleh faktor 2 pada inisialisasi He.
activations-finding-selu = SELU dengan α ≈ 1.6733, λ ≈ 1.0507 menghasilkan E[f(z)] = { $mean } dan E[f(z)²] = { $second } untuk z ∼ N(0, 1): rata-rata 0 dan varians 1 adalah titik tetap pemetaan lapisan; Klambauer dkk. (2017) menunjukkan bahwa titik tetap ini menarik rata-rata dan varians di sekitarnya, dan inilah yang membuatnya menormalisasi diri (self-normalizing) dengan inisialisasi LeCun.
activations-finding-central-differences = Setiap turunan di atas adalah bentuk tertutupnya; beda pusat (h = 1e-6) sesuai dengannya hingga { $error } (selisih mutlak) dalam kasus terburuk di seluruh grid, dengan z = 0 dikecualikan untuk setiap fungsi (titik patah keluarga ReLU).
activations-tanh-saturates = tanh jenuh, |z| > { $z }
activations-x-pre-activation = z (pra-aktivasi)
activations-title-functions = Fungsi aktivasi f(z)
activations-title-derivatives = Turunan f'(z): di mana gradien diteruskan
activations-table-title = Nilai, saturasi, dan penguatan Gaussian
activations-header-function = fungsi
activations-header-max-derivative = f' maks
activations-header-saturated = jenuh atau mati (|f'| < 5 % dari maks sampai ke ujung rentang)
activations-saturated-and-turning = { $saturation }; |f'| < 5 % dari maks juga untuk { $turning }, di sekitar titik nol f' (minimum f, bukan saturasi)
activations-table-note = Ekspektasi terhadap z ∼ N(0, 1), dihitung dengan aturan Simpson pada tiap sisi z = 0 (tempat keluarga ReLU memiliki titik patah). E[f(z)²] adalah penguatan maju dan E[f'(z)²] penguatan mundur sebuah lapisan yang bobotnya memiliki n·Var[W] = 1.
activations-col-run = fungsi aktivasi (beserta parameternya)
activations-col-z = pra-aktivasi
activations-col-f = f(z)
activations-col-df = f'(z), bentuk tertutup (turunan kiri di titik patah, seperti PyTorch)
activations-col-df-central = (f(z + h) − f(z − h)) / 2h dengan h = 1e-6
activations-col-saturated = |f'(z)| di bawah 5 % dari maksimumnya pada rentang, dalam bentangan yang mencapai ujung rentang (jenuh atau mati)
activations-col-turning = |f'(z)| di bawah 5 % dari maksimumnya dalam bentangan di dalam rentang, di sekitar titik nol f' (titik balik f, bukan saturasi)
