#!/usr/bin/env python3
"""PyTorch reference for `benches/train_throughput.rs`.

Measures training throughput, in samples per second, of a full step (forward,
backward, Adam step with lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight_decay 0)
of MLPs with ReLU hidden layers and a linear output, softmax cross-entropy loss
and He-normal init, on random normal inputs with targets of class j % k for
sample j, for the nets 784-512-512-10 at batch 128 and 64-128-64-10 at batch 32:
first in float64 (what the Rust bench measures), then in float32. Each net gets
5 warm-up steps, then is timed with time.perf_counter for --seconds (default
3.0) on torch.set_num_threads(--threads) threads (default 2).

Run:

    python3 benches/train_throughput.py --threads 2

It is run by hand by a developer beside `cargo bench --bench train_throughput`,
when torch is installed; it is not part of the tests. It prints a first line
`# torch <version>, <N> threads`, then one line per net in the Rust bench's form:

    784-512-512-10 batch 128: 9134 samples/s
    784-512-512-10 batch 128 f32: 20311 samples/s
"""

import argparse
import sys
import time

try:
    import torch
    import torch.nn.functional as F
except ImportError:
    print(
        "torch is not installed: pip install torch --index-url https://download.pytorch.org/whl/cpu",
        file=sys.stderr,
    )
    sys.exit(2)

# (layer sizes, batch), in the order the Rust bench runs them.
NETS = [([64, 128, 64, 10], 32), ([784, 512, 512, 10], 128)]


def make_net(sizes, dtype):
    layers = []
    for i in range(len(sizes) - 1):
        lin = torch.nn.Linear(sizes[i], sizes[i + 1], dtype=dtype)
        torch.nn.init.kaiming_normal_(lin.weight, nonlinearity="relu")
        torch.nn.init.zeros_(lin.bias)
        layers.append(lin)
        if i < len(sizes) - 2:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


def bench(sizes, batch, dtype, seconds):
    torch.manual_seed(1)
    net = make_net(sizes, dtype)
    k = sizes[-1]
    x = torch.randn(batch, sizes[0], dtype=dtype)
    y = torch.arange(batch) % k
    opt = torch.optim.Adam(
        net.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0
    )

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(net(x), y)
        loss.backward()
        opt.step()

    for _ in range(5):
        step()
    start = time.perf_counter()
    steps = 0
    while time.perf_counter() - start < seconds:
        step()
        steps += 1
    return steps * batch / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2, help="torch threads (default 2)")
    parser.add_argument(
        "--seconds", type=float, default=3.0, help="timed seconds per net (default 3.0)"
    )
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print(f"# torch {torch.__version__}, {torch.get_num_threads()} threads", flush=True)
    for dtype, suffix in [(torch.float64, ""), (torch.float32, " f32")]:
        for sizes, batch in NETS:
            rate = bench(sizes, batch, dtype, args.seconds)
            name = "-".join(str(s) for s in sizes)
            print(f"{name} batch {batch}{suffix}: {rate:.0f} samples/s", flush=True)


if __name__ == "__main__":
    main()
