# Teks gradlab untuk `numerics` dalam bahasa Indonesia. Kunci sama dengan en/numerics.ftl.

## Mengapa sebuah run penurunan gagal atau tertahan (src/numerics/descent.rs, dirangkai oleh kind)
numerics-no-model-minimum = gᵀHg = { $ghg } ≤ 0: model kuadratik tidak memiliki minimum sepanjang −g
numerics-no-measurable-decrease = backtracking tidak menemukan langkah yang menurunkan f secara terukur: pada ‖∇f‖ ini penurunannya lebih kecil daripada pembulatan f
numerics-singular-hessian = Hessian singular: tidak ada langkah Newton
numerics-not-descent = arah Newton menanjak (∇fᵀd = { $slope } ≥ 0: Hessian tidak definit positif), sehingga tidak ada langkah di sepanjang arah itu yang menurunkan f
numerics-step-below-rounding = langkah (ε = { $eps }) tidak lagi mengubah x dalam aritmetika floating point: pembulatan menghentikan kemajuan
