# Teks gradlab untuk `perceptron` dalam bahasa Indonesia. Kunci sama dengan en/perceptron.ftl.
