# Teks gradlab untuk `depth` dalam bahasa Indonesia. Kunci sama dengan en/depth.ftl.
depth-x-depth = kedalaman (jumlah lapisan tersembunyi)
depth-layer = lapisan
depth-title-heat-act-std = Std aktivasi per lapisan saat inisialisasi
depth-std-of-activations = std aktivasi
depth-title-heat-grad-u = Gradien yang dipropagasikan balik ‖∂L/∂z‖ per lapisan saat inisialisasi
depth-grad-u-per-sample = ‖∂L/∂z‖ per sampel
depth-title-heat-grad-w = Gradien bobot ‖∂L/∂W‖ per lapisan saat inisialisasi
depth-curve-predicted = { $label } (prediksi)
depth-title-layers-act-std = Std aktivasi per lapisan, kedalaman { $depth }, saat inisialisasi
depth-title-layers-grad-u = ‖∂L/∂z‖ per lapisan, kedalaman { $depth }, saat inisialisasi
depth-title-layers-grad-w = ‖∂L/∂W‖ per lapisan, kedalaman { $depth }, saat inisialisasi
depth-title-epochs-grad-ratio = ‖∂L/∂z₁‖ / ‖∂L/∂z_{ $depth }‖ selama epoch-epoch pertama, kedalaman { $depth }
depth-x-epoch-from-initialization = epoch (0 = inisialisasi)
depth-y-gradient-ratio = rasio gradien lapisan pertama terhadap terakhir
depth-title-epochs-accuracy = Akurasi validasi selama epoch-epoch pertama, kedalaman { $depth }
depth-x-epoch = epoch
depth-y-validation-accuracy = akurasi validasi
depth-diverged = divergen
depth-table-title = Lapisan tersembunyi pertama dan terakhir saat inisialisasi
depth-header-configuration = konfigurasi
depth-header-depth = kedalaman
depth-header-act-std-first = std aktivasi, lapisan 1
depth-header-act-std-last = std aktivasi, lapisan terakhir
depth-header-predicted = prediksi
depth-header-accuracy-after-training = akurasi validasi setelah pelatihan
depth-table-note = Lebar { $width } unit per lapisan tersembunyi; statistik dihitung pada batch probe berisi { $probe } sampel pelatihan. Rasio gradien yang jauh di bawah 1 berarti lapisan-lapisan pertama menerima sinyal yang menghilang; jauh di atas 1, sinyal yang meledak. Prediksi: propagasi varians mean-field, hanya dari varians inisialisasinya.
depth-table-note-training = Akurasi setelah { $epochs } epoch { $optimizer } (lr = { $lr }).
depth-headline-deepest = kedalaman terbesar
depth-verdict-explodes = **meledak**
depth-verdict-vanishes = **menghilang**
depth-verdict-keeps-scale = **tetap dalam faktor 2**
depth-verdict-wanders = **berkeliaran** (nilai terbesarnya ×{ $factor } nilai terkecilnya)
depth-verdict-shrinks = **menyusut** (×{ $factor })
depth-verdict-grows = **membesar** (×{ $factor })
depth-and-list = { $init } dan { $last }
depth-finding-config = { $label }: ke arah maju, std aktivasi { $forward } melalui { $deepest } lapisan: { $first } di lapisan 1, { $last } di lapisan { $deepest } (×{ $per_layer } per lapisan; prediksi { $predicted } di lapisan terakhir){ $input_lost ->
        [yes] , tetapi sebaran itu tidak lagi membawa masukan: std setiap unit atas sampel probe turun dari { $s_first } di lapisan 1 menjadi { $s_last }{ $floor ->
            [yes] , setara galat pembulatan f64 (sinyal yang benar-benar dirambatkan lebih kecil lagi)
           *[no] {""}
        }, jadi sinyal tentang masukan **menghilang**
       *[no] {""}
    }. Ke arah mundur, gradiennya { $backward }: lapisan 1 menerima { $ratio } kali gradien yang dipropagasikan balik di lapisan { $deepest } (prediksi { $predicted_ratio }). Dengan n·Var[W] = { $n_var_w }.
depth-finding-both-gradients = Perhatikan kedua gradien, seperti yang dilakukan Glorot & Bengio (2010): untuk { $label }, rasio gradien bobot ‖∂L/∂W₁‖/‖∂L/∂W_{ $deepest }‖ adalah { $w_ratio }, sedangkan rasio gradien yang dipropagasikan balik ‖∂L/∂z₁‖/‖∂L/∂z_{ $deepest }‖ adalah { $u_ratio }. ∂L/∂W_l = δ_l·a_(l−1)ᵀ mengalikan sinyal δ_l yang menyusut dengan aktivasi yang masuk ke lapisan itu, sehingga gradien bobot dapat tampak sebanding antarlapisan, padahal sinyalnya sendiri dan besaran absolutnya menghilang.
depth-finding-glorot-bengio = Glorot & Bengio (2010) mengamati bahwa norma gradien bobot dapat tetap sebanding antarlapisan sementara sinyal yang dipropagasikan balik menghilang; tabel menampilkan kedua rasio itu berdampingan.
depth-why-vanished = Pada { $list }, lapisan-lapisan pertama hampir tidak menerima gradien: gradien yang dipropagasikan balik dan gradien bobot lapisan 1 sama-sama kurang dari 1/1000 gradien lapisan terakhir, sehingga lapisan-lapisan pertama tidak dapat belajar{ $shallow_stuck ->
        [yes] . Namun itu saja tidak menjelaskan akurasinya: pada kedalaman paling dangkal, { $shallow_depth } lapisan, tempat lapisan 1 masih menerima { $shallow_ratio } kali gradien yang dipropagasikan balik ke lapisan terakhir (lebih kecil, tetapi jauh dari menghilang), konfigurasi itu juga tertahan di dekat tebakan acak, jadi dalam epoch sebanyak ini akurasi tidak dapat membedakan gradien yang menghilang dari pelatihan yang lambat.
       *[other] .
    }
depth-why-starved = Pada { $list }, gradien yang dipropagasikan balik sampai ke lapisan 1 kurang dari 1/1000 gradien lapisan terakhir, dan sinyal maju juga menghilang (std aktivasi lapisan terakhir kurang dari 1/1000 std lapisan pertama), sehingga gradien bobot lapisan-lapisan terakhir, yaitu δ dikalikan masukannya yang menghilang, juga ikut kelaparan: pada inisialisasi gradien bobot lapisan pertama dan terakhir tampak sebanding hanya karena tidak ada lapisan yang mendapat gradien yang berguna.
depth-why-exploded = { $list } { $count ->
        [one] mendapat
       *[other] mendapat
    } gradien sampai ke lapisan-lapisan pertama, tetapi akurasi validasinya berakhir di bawah 0.3: gradien yang sampai saja tidak cukup. { $details }
depth-exploded-detail = { $label }: pada inisialisasi std aktivasi naik dari { $first } di lapisan 1 menjadi { $last } di lapisan terakhir, tempat { $dead } % unit mati pada setiap sampel probe; selama pelatihan std lapisan terakhir berada antara { $lo } dan { $hi }.
depth-finding-after-training = Setelah { $epochs } epoch { $optimizer } pada kedalaman { $deepest }, akurasi validasi: { $accuracies }.{ $why }
depth-col-run = konfigurasi dan kedalaman
depth-col-config = label fungsi aktivasi + inisialisasi
depth-col-activation = fungsi aktivasi di setiap lapisan tersembunyi
depth-col-init = inisialisasi bobot
depth-col-depth = jumlah lapisan tersembunyi
depth-col-epoch = 0 saat inisialisasi, lalu setelah setiap epoch pelatihan
depth-col-layer = lapisan tersembunyi, 1 = lapisan yang paling dekat dengan masukan
depth-col-act-mean = rata-rata aktivasi pada batch probe
depth-col-act-std = simpangan baku aktivasi
depth-col-saturated = proporsi unit yang jenuh (sigmoid/tanh) atau mati (ReLU)
depth-col-dead = proporsi unit yang jenuh atau mati pada setiap sampel probe
depth-col-grad-w-norm = ‖∂L/∂W_l‖ (Frobenius, loss rata-rata batch)
depth-col-grad-b-norm = ‖∂L/∂b_l‖
depth-col-grad-u-norm = ‖∂L/∂z_l‖ per sampel (akar rata-rata kuadrat atas batch probe)
depth-col-pred-act-std = prediksi mean-field untuk act_std (hanya epoch 0)
depth-col-pred-grad-u-norm = prediksi mean-field untuk grad_u_norm dari gradien keluaran yang terukur (hanya epoch 0)
depth-col-epochs-csv = config, depth, epoch, train_loss, val_loss, val_accuracy
