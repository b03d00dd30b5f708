# Teks gradlab untuk `backprop` dalam bahasa Indonesia. Kunci sama dengan en/backprop.ftl.

## Tabel aturan rantai
backprop-chain-title = Setiap turunan parsial untuk satu langkah pada x = ({ $x1 }, { $x2 }), y = { $y } (ŷ = { $yhat }; { $distinct } nilai berbeda dari 9)
backprop-chain-derivative = turunan
backprop-chain-parameter = nilai parameter
backprop-chain-chain-rule = ekspresi aturan rantai
backprop-chain-formula = nilai
backprop-chain-engine = backprop (mesin jaringan)
backprop-chain-central = beda pusat
backprop-chain-relative = selisih relatif
backprop-chain-note = Notasi materi kuliah: z_k = x₁w₁ₖ + x₂w₂ₖ + b_k, a_k = σ(z_k), z = a₁w₁ + a₂w₂ + b, ŷ = σ(z), L = −y ln ŷ − (1 − y) ln(1 − ŷ). Faktor a_k(1 − a_k) adalah σ'(z_k); log loss dan sigmoid pada output bersama-sama menghasilkan ∂L/∂z = −(y − ŷ).
backprop-three-ways = Setiap turunan parsial pada langkah pertama dihitung dengan tiga cara: rumus aturan rantai, backward pass milik mesin jaringan, dan beda pusat dari loss, pada sampel { $samples }. Ketiganya sesuai satu sama lain dengan selisih relatif paling besar { $worst }.
backprop-three-ways-sample = x = ({ $x1 }, { $x2 }), y = { $y } ({ $distinct } nilai berbeda dari 9)

## Kedua model (data menamai run-nya `2-h-1 network` dan `single perceptron`)
backprop-network = jaringan 2-{ $hidden }-1
backprop-single-perceptron = perceptron tunggal
# $why adalah backprop-why-xor atau backprop-why-moons.
backprop-trained = Setelah { $steps } langkah full-batch (lr { $lr }), { $network } mencapai akurasi { $network_accuracy } (log loss { $network_loss }); satu perceptron yang dilatih dengan cara yang sama berakhir pada akurasi { $perceptron_accuracy } (log loss { $perceptron_loss }; antara { $perceptron_accuracy_min } dan { $perceptron_accuracy_max } selama run). { $why }
backprop-perceptron-at-half = Semua keluaran perceptron berada dalam jarak { $deviation } dari ½: ia menjawab ½ di mana-mana, dan akurasinya ({ $accuracy } sejak langkah { $from }) bukan hasil belajar: akurasi itu ditentukan oleh sisi ½ tempat setiap keluaran berada. (Sebuah keluaran dihitung sebagai kelas 1 bila logit z-nya di atas 0: σ(z) sendiri dapat terbulatkan tepat menjadi ½.)
backprop-perceptron-at-half-decay = Semua keluaran perceptron berada dalam jarak { $deviation } dari ½: ia menjawab ½ di mana-mana, dan akurasinya ({ $accuracy } sejak langkah { $from }) bukan hasil belajar. Akurasi itu ditentukan oleh sisi ½ tempat setiap keluaran berada selama w dan b meluruh menuju 0 dari nilai awalnya: tidak ada keluaran yang berpindah sisi sejak langkah { $from }, ketika setiap keluaran masih berjarak paling sedikit { $settled } dari ½, jauh lebih besar daripada pembulatan. (Sebuah keluaran dihitung sebagai kelas 1 bila logit z-nya di atas 0: σ(z) sendiri dapat terbulatkan tepat menjadi ½.)
backprop-perceptron-at-half-rounding = Semua keluaran perceptron berada dalam jarak { $deviation } dari ½: ia menjawab ½ di mana-mana, dan di sisi mana dari ½ setiap keluaran jatuh, sehingga juga akurasinya ({ $accuracy } sejak langkah { $from }), ditentukan oleh pembulatan (pada langkah { $from } keluaran terdekat berjarak { $settled } dari ½), bukan oleh apa pun yang dipelajarinya. (Sebuah keluaran dihitung sebagai kelas 1 bila logit z-nya di atas 0: σ(z) sendiri dapat terbulatkan tepat menjadi ½.)
backprop-why-xor = Tidak ada garis lurus yang menempatkan (0, 1) dan (1, 0) di satu sisi serta (0, 0) dan (1, 1) di sisi lain, sehingga perceptron paling banyak hanya dapat benar pada 3 dari 4 titik; log loss terkecilnya adalah ln 2 ≈ 0.693, yaitu loss jika menjawab ½ di mana-mana (loss-nya konveks dan tidak berubah oleh x ↦ (x₂, x₁) maupun x ↦ 1 − x, sehingga ada minimum dengan w = 0; dengan dua titik untuk setiap label, jawaban konstan terbaiknya adalah ½, sehingga b = 0). Lapisan tersembunyi membengkokkan batas keputusannya.
backprop-why-moons = Kedua bulan sabit saling mengait, sehingga garis lurus mana pun salah mengklasifikasikan ujung-ujung keduanya; lapisan tersembunyi membengkokkan batas keputusan di sekeliling ujung-ujung itu.
backprop-headline-network = akurasi jaringan
backprop-headline-perceptron = akurasi perceptron

## Gambar
backprop-loss-title = Log loss selama pelatihan
backprop-loss-x = langkah penurunan gradien
backprop-loss-y = log loss rata-rata
backprop-boundary-flat = p(y = 1) dari { $model } hanya bervariasi sebesar { $spread } di seluruh bidang x₁ ∈ { $x }, x₂ ∈ { $y }, di sekitar { $p }: tidak ada kontur untuk digambar, sehingga tidak ada gambarnya.
backprop-boundary = { $model }: kontur p(y = 1)

## Kolom metrics.csv
backprop-col-run = jaringan 2-h-1 (`2-h-1 network`) atau perceptron tunggal (`single perceptron`)
backprop-col-step = langkah penurunan gradien full-batch
backprop-col-loss = log loss rata-rata
backprop-col-accuracy = proporsi yang diklasifikasikan dengan benar
