//! Training throughput of the nn engine: samples per second for a full step (forward,
//! backward, Adam update) on random data, in f64 and then in f32, with rayon's threads (one
//! per core) for the large products and the optimizer. Run with `cargo bench`; prints one
//! line per net and type, `784-512-512-10 batch 128: 11907 samples/s` (f64) and
//! `784-512-512-10 batch 128 f32: 23512 samples/s`. `train_throughput.py` beside it prints
//! PyTorch's figures for the same nets and steps in the same form.

use gradlab::nn::activation::Activation;
use gradlab::nn::float::Float;
use gradlab::nn::init::Init;
use gradlab::nn::loss::Loss;
use gradlab::nn::network::{LayerSpec, Mode, Network};
use gradlab::nn::optim::{Optimizer, OptimizerSpec};
use gradlab::numerics::rng::Rng;
use nalgebra::DMatrix;
use std::time::Instant;

fn bench<T: Float>(sizes: &[usize], batch: usize, seconds: f64) -> f64 {
    let mut rng = Rng::new(1);
    let mut specs: Vec<LayerSpec> = sizes[1..sizes.len() - 1]
        .iter()
        .map(|&u| LayerSpec::dense(u, Activation::Relu))
        .collect();
    specs.push(LayerSpec::dense(
        *sizes.last().unwrap(),
        Activation::Identity,
    ));
    let mut net = Network::<T>::new(sizes[0], &specs, Init::HeNormal, &mut rng);
    let k = *sizes.last().unwrap();
    let x = DMatrix::from_fn(sizes[0], batch, |_, _| T::of(rng.normal()));
    let y = DMatrix::from_fn(
        k,
        batch,
        |i, j| if i == j % k { T::one() } else { T::zero() },
    );
    let mut opt = Optimizer::<T>::new(OptimizerSpec::Adam {
        lr: 1e-3,
        betas: (0.9, 0.999),
        eps: 1e-8,
        weight_decay: 0.0,
    });
    let mut step = |net: &mut Network<T>| {
        let (out, caches) = net.forward(&x, Mode::Train, &mut rng);
        let (_, dout) = Loss::SoftmaxCrossEntropy.value_and_grad(&out, &y);
        let grads = net.backward(&caches, &dout);
        // As the training loop does: the gradients borrowed, not copied.
        let flat = net.flat_grads(&grads);
        opt.step(net.params_mut(), &flat, 1e-3);
    };
    for _ in 0..5 {
        step(&mut net);
    }
    let start = Instant::now();
    let mut steps = 0usize;
    while start.elapsed().as_secs_f64() < seconds {
        step(&mut net);
        steps += 1;
    }
    (steps * batch) as f64 / start.elapsed().as_secs_f64()
}

/// GFLOP/s of the forward product of the large net's first layer (512×784 · 784×128):
/// the engine's `matmul` and nalgebra's own product, for comparison.
fn product_rate() -> (f64, f64) {
    let mut rng = Rng::new(2);
    let w = DMatrix::from_fn(512, 784, |_, _| rng.normal());
    let x = DMatrix::from_fn(784, 128, |_, _| rng.normal());
    let flops = 2.0 * 512.0 * 784.0 * 128.0;
    let rate = |f: &dyn Fn() -> DMatrix<f64>| {
        let _ = f();
        let start = Instant::now();
        let mut n = 0;
        while start.elapsed().as_secs_f64() < 1.0 {
            std::hint::black_box(f());
            n += 1;
        }
        n as f64 * flops / start.elapsed().as_secs_f64() / 1e9
    };
    (
        rate(&|| gradlab::nn::matmul::matmul(&w, false, &x, false)),
        rate(&|| &w * &x),
    )
}

fn main() {
    // One line per net on stdout; the product comparison on stderr.
    let (engine, nalgebra) = product_rate();
    eprintln!("product 512x784x128: engine {engine:.1} GFLOP/s, nalgebra {nalgebra:.1} GFLOP/s");
    // `cargo bench --bench train_throughput -- 784` runs only the lines whose name contains
    // the filter (here the large net, both types).
    let filter = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .unwrap_or_default();
    let nets = [(vec![64, 128, 64, 10], 32), (vec![784, 512, 512, 10], 128)];
    for dtype in ["", " f32"] {
        for (sizes, batch) in &nets {
            let name = sizes
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join("-");
            let line = format!("{name} batch {batch}{dtype}");
            if !line.contains(&filter) {
                continue;
            }
            let rate = if dtype.is_empty() {
                bench::<f64>(sizes, *batch, 3.0)
            } else {
                bench::<f32>(sizes, *batch, 3.0)
            };
            println!("{line}: {rate:.0} samples/s");
        }
    }
}
