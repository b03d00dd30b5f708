# Teks gradlab untuk `perceptron` dalam bahasa Indonesia. Kunci sama dengan en/perceptron.ftl.

## Gambar loss, temuan utama dan temuan setiap run
perceptron-loss-title-log = Loss pelatihan (log loss)
perceptron-loss-title-mse = Loss pelatihan (galat kuadrat rata-rata, ($1000)²)
perceptron-loss-x = langkah penurunan gradien
perceptron-loss-y = loss
# Bahasa Inggrisnya sama untuk keduanya ("(un)scaled"); di sini dibedakan.
perceptron-diverged-standardized = Penurunan gradien **divergen** pada langkah { $step }: lr = { $lr } terlalu besar untuk fitur-fitur yang sudah distandarkan ini.
perceptron-diverged-raw = Penurunan gradien **divergen** pada langkah { $step }: lr = { $lr } terlalu besar untuk fitur-fitur mentah (tidak distandarkan) ini.
perceptron-weights-standardized = Bobot hasil pelatihan, pada fitur yang distandarkan: { $name1 } = { $w1 }, { $name2 } = { $w2 }, bias b = { $b }.
perceptron-weights-raw = Bobot hasil pelatihan, pada fitur mentah (tidak distandarkan): { $name1 } = { $w1 }, { $name2 } = { $w2 }, bias b = { $b }.
perceptron-headline-final-loss = loss akhir

## Regresi (tabel rumah)
perceptron-houses-title = Tabel rumah dan prediksi perceptron
perceptron-houses-size = luas (m²)
perceptron-houses-rooms = jumlah kamar
perceptron-houses-price = harga ($)
perceptron-houses-predicted = prediksi ($)
perceptron-ls-title = Penurunan gradien dibandingkan dengan kuadrat terkecil
perceptron-ls-w1 = w₁ (luas)
perceptron-ls-w2 = w₂ (jumlah kamar)
perceptron-ls-gradient-descent = penurunan gradien
perceptron-ls-least-squares = kuadrat terkecil (pseudo-invers)
perceptron-ls-note = Bobot pada fitur yang distandarkan, harga dalam $1000.
perceptron-least-squares = Setelah { $steps } langkah penurunan gradien (lr { $lr }), bobotnya berjarak { $gap } dari solusi kuadrat terkecil. Matriks desain [luas, jumlah kamar, 1] memiliki rank { $rank }, bukan 3: jumlah kamar = luas/500 di setiap baris, sehingga kedua fitur membawa informasi yang sama dan ada tak terhingga banyaknya pasangan bobot yang cocok sempurna. Penurunan gradien yang dimulai dari nol hanya bergerak di dalam ruang rentang (span) data, sehingga menemukan pasangan dengan norma terkecil, yaitu solusi pseudo-invers, yang membagi bobot secara merata di antara kedua fitur yang distandarkan.
perceptron-mse-gradient-formula = Fungsi lossnya adalah galat kuadrat rata-rata L = (1/n)·Σ(y − ŷ)², dengan gradien ∂L/∂w = −(2/n)·Σ(y − ŷ)·x dan ∂L/∂b = −(2/n)·Σ(y − ŷ): setiap langkah menggeser setiap bobot sebanding dengan galat dan masukannya.
perceptron-mse-gradient = Fungsi lossnya adalah galat kuadrat rata-rata L = (1/n)·Σ(y − ŷ)², dengan gradien ∂L/∂w = −(2/n)·Σ(y − ŷ)·x dan ∂L/∂b = −(2/n)·Σ(y − ŷ): setiap langkah menggeser setiap bobot sebanding dengan galat dan masukannya. Faktor 2 itu terlihat pada langkah pertama: dari bobot nol setiap ŷ bernilai 0, sehingga b menjadi lr·2·rata-rata(y) = { $lr } · 2 · { $mean } = { $b1 }.

## Klasifikasi (tabel sentimen)
perceptron-happy = senang
perceptron-sad = sedih
perceptron-sentiment-title = Tabel sentimen dan probabilitas dari perceptron
perceptron-sentiment-mood = suasana hati
perceptron-sentiment-probability = p(senang) = σ(w·x + b)
perceptron-sentiment-predicted = prediksi
perceptron-sigmoid-central = beda pusat
perceptron-sigmoid-note = Selisih relatif terbesar: { $worst }.
perceptron-separates = Perceptron memisahkan tabel: { $correct } dari { $rows } baris diklasifikasikan dengan benar setelah { $steps } langkah (lr { $lr }). Dengan log loss dan sigmoid bersama-sama, gradien loss satu baris dapat disederhanakan menjadi ∂L/∂w = −(y − ŷ)·x (log loss rata-rata merata-ratakannya atas semua baris), bentuk gradien regresi tanpa faktor 2-nya, karena σ'(z) = σ(z)(1 − σ(z)) menghilangkan penyebut dari ∂L/∂ŷ (rumus ini, pada bobot hasil pelatihan, dibandingkan dengan beda pusat dari log loss rata-rata dengan h = { $h }: selisih terbesar { $worst } relatif terhadap komponen terbesar).
perceptron-boundary-title = p(senang) terhadap jumlah kata: batas keputusannya adalah garis p = 0.5
perceptron-boundary-x = jumlah aack
perceptron-boundary-y = jumlah beep
perceptron-sigmoid-title = σ(z) dan σ'(z) = σ(z)(1 − σ(z))
perceptron-sigmoid-y = nilai
perceptron-boundary-line = Batas keputusan w·x + b = 0 membentang dari { $from } sampai { $to } dalam jumlah kata (aack, beep).

## Kolom metrics.csv
perceptron-col-run = penurunan gradien (nilainya `gradient descent`)
perceptron-col-step = langkah full-batch, 0 sebelum langkah pertama
perceptron-col-loss = galat kuadrat rata-rata (harga dalam $1000) atau log loss rata-rata
perceptron-col-w1 = bobot fitur pertama (yang distandarkan)
perceptron-col-w2 = bobot fitur kedua
perceptron-col-b = bias
