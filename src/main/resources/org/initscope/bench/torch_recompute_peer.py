# PyTorch peer of `initscope bench` (the recompute), the same work as the NumPy peer on the CPU in float32:
# draw every weight (xavier_normal with the activation's gain) and a probe batch, forward, manual backward of a
# random upstream gradient, per-layer mean/var and 64-bin histograms of weights, activations, activation gradients
# and weight gradients. All of PyTorch's CPU threads.
# Usage: torch_recompute_peer.py LAYERS WIDTH BATCH ACT REPEATS
# Prints "median X ms, min Y ms", or "torch not available: ..." and exits 3 without torch.
import sys, time, math
try:
    import torch
except Exception as e:  # no torch: the bench says so and goes on
    print(f"torch not available: {e}")
    sys.exit(3)

L, n, B, act, reps = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
torch.manual_seed(0)
gain = 5 / 3 if act == "tanh" else (math.sqrt(2) if act == "relu" else 1.0)
std = gain * math.sqrt(2.0 / (n + n))


def stats(t):
    lo, hi = t.min().item(), t.max().item()
    return t.mean().item(), t.var(unbiased=False).item(), torch.histc(t, bins=64, min=lo, max=hi if hi > lo else lo + 1)


@torch.no_grad()
def once():
    Ws = [torch.randn(n, n) * std for _ in range(L)]
    h = torch.randn(B, n)
    ins, acts = [], []
    for W in Ws:
        ins.append(h)
        z = h @ W.T
        h = torch.tanh(z) if act == "tanh" else (torch.relu(z) if act == "relu" else z)
        acts.append(h)
    g = torch.randn(h.shape)
    grads_a, grads_W = [None] * L, [None] * L
    for l in reversed(range(L)):
        grads_a[l] = g
        a = acts[l]
        dz = g * (1 - a * a) if act == "tanh" else (g * (a > 0) if act == "relu" else g)
        grads_W[l] = dz.T @ ins[l]
        g = dz @ Ws[l]
    return [stats(t) for l in range(L) for t in (Ws[l], acts[l], grads_a[l], grads_W[l])]


once()
ts = []
for _ in range(reps):
    t = time.perf_counter()
    once()
    ts.append(time.perf_counter() - t)
ts.sort()
blas = next((p.split("=")[1] for p in torch.__config__.show().replace(",", " ").split() if p.startswith("BLAS_INFO=")), "?")
print(f"torch {torch.__version__} (BLAS {blas}, {torch.get_num_threads()} threads) L={L} n={n} B={B} {act}: "
      f"median {ts[len(ts) // 2] * 1000:.1f} ms, min {ts[0] * 1000:.1f} ms")
