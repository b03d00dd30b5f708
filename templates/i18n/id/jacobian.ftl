# Teks gradlab untuk `jacobian` dalam bahasa Indonesia. Kunci sama dengan en/jacobian.ftl.

## Temuan
jacobian-best-steps = **{ $label }** di { $at }: beda maju paling akurat pada h = { $forward_h } (galat relatif { $forward_error }), beda pusat pada h = { $central_h } (galat { $central_error }).
jacobian-theory = Teorinya: galat pemotongan beda maju mengecil sebanding dengan h, sedangkan galat pembulatan membesar sebanding dengan ε/h, sehingga h terbaik berada di dekat √ε = { $sqrt_eps }; galat pemotongan beda pusat mengecil sebanding dengan h², sehingga h terbaiknya berada di dekat ∛ε = { $cbrt_eps } dan galat terbaiknya jauh lebih kecil.
jacobian-softmax-rows = Jacobian softmax diag(s) − s sᵀ simetris dan jumlah setiap barisnya nol (|jumlah baris| terbesar di sini { $row_sum }), karena jumlah semua output selalu satu: mengubah input mana pun tidak dapat mengubah totalnya.
jacobian-hessian = Hessian dari { $objective } di { $at } adalah Jacobian dari gradiennya: nilai eksaknya { $exact }, sedangkan beda pusat dari ∇f dengan h = ∛ε menghasilkan { $fd } (galat relatif { $error }). Hessian eksak bersifat simetris (|Hᵢⱼ − Hⱼᵢ| terbesar = { $asym_exact }), sebagaimana mestinya di tempat turunan kedua kontinu; hasil bagi beda hanya simetris sebatas galatnya ({ $asym_fd }).

## Tabel
jacobian-table-title = Jacobian eksak dan langkah beda hingga terbaik
jacobian-table-function = fungsi
jacobian-table-at = di titik
jacobian-table-exact = Jacobian eksak
jacobian-table-forward = beda maju: h terbaik dan galat
jacobian-table-central = beda pusat: h terbaik dan galat
jacobian-table-note = Galat dihitung sebagai max |J_fd − J| / max |J| atas semua entri. Jacobian eksak diperoleh dari diferensiasi otomatis mode maju (forward-mode) pada komponen-komponennya (atau diag(s) − s sᵀ untuk softmax).

## Gambar
jacobian-error-title = Galat Jacobian beda hingga terhadap langkah h
jacobian-error-x = langkah h
jacobian-error-y = galat relatif

## Kolom metrics.csv
jacobian-col-run = fungsi dan skema
jacobian-col-function = label fungsi
jacobian-col-scheme = beda maju (forward) atau beda pusat (central)
jacobian-col-h = langkah
jacobian-col-rel-error = max |J_fd − J| / max |J|
