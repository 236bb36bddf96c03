"""PyTorch peer of the engine's float32 activations (issue 14, item 9): run by TorchPeerTest.

For each activation the test wrote the engine's pre-activations z, its upstream gradient g, and what the engine
computed from them: a = φ(z) and ∂L/∂z. PyTorch computes the same in float32 with autograd; the exact zeros, the
exact ±1 and the non-finite values must sit at the same places, the other values within a few ulp.

Prints one line per activation ("ok tanh: ..." or "FAIL tanh: ..."); without PyTorch it prints "skipped: ..." and
exits 0, so that a machine with NumPy only passes over it.
"""
import sys

try:
    import numpy as np
    import torch
except ImportError as e:
    print("skipped: " + str(e))
    sys.exit(0)


def ulps(x, y):
    """Distance in float32 ulps where both are finite; 0 where both are the same non-finite value."""
    x = x.astype(np.float32)
    y = y.astype(np.float32)
    same = (x == y) | (np.isnan(x) & np.isnan(y))
    with np.errstate(all="ignore"):
        d = np.abs(x.astype(np.float64) - y.astype(np.float64)) / np.spacing(np.maximum(np.abs(x), np.abs(y)))
    return np.where(same, 0.0, d)


def apart(x, y, g):
    """|x − y| relative to the upstream gradient |g| (0 where both are the same non-finite value)."""
    same = (x == y) | (np.isnan(x) & np.isnan(y))
    with np.errstate(all="ignore"):
        d = np.abs(x.astype(np.float64) - y.astype(np.float64)) / np.maximum(np.abs(g.astype(np.float64)), 1e-30)
    return np.where(same, 0.0, d)


def main(folder, names):
    failed = False
    torch.set_num_threads(1)
    for name in names:
        z = np.load(f"{folder}/{name}_z.npy")
        g = np.load(f"{folder}/{name}_g.npy")
        a_engine = np.load(f"{folder}/{name}_a.npy")
        dz_engine = np.load(f"{folder}/{name}_dz.npy")
        zt = torch.from_numpy(z.copy()).requires_grad_(True)
        at = getattr(torch, name)(zt)
        at.backward(torch.from_numpy(g.copy()))
        a_torch = at.detach().numpy()
        dz_torch = zt.grad.numpy()
        problems = []
        for what, e, t in (("a", a_engine, a_torch), ("dL/dz", dz_engine, dz_torch)):
            if not np.array_equal(e == 0, t == 0):
                problems.append(f"{what}: exact zeros at {int(np.sum((e == 0) != (t == 0)))} other places "
                                f"({int(np.sum(e == 0))} vs {int(np.sum(t == 0))})")
            if not np.array_equal(np.isnan(e), np.isnan(t)) or not np.array_equal(np.isinf(e), np.isinf(t)):
                problems.append(f"{what}: NaN/Inf at other places")
            if not np.array_equal(np.abs(e) == 1, np.abs(t) == 1) and what == "a":
                problems.append(f"{what}: exact ±1 at {int(np.sum((np.abs(e) == 1) != (np.abs(t) == 1)))} other places")
            if what == "a":
                # the engine's tanh is within 5 ulp of the true value, SLEEF's within 1
                worst = float(np.max(ulps(e, t)))
                if worst > 8:
                    problems.append(f"{what}: {worst:.1f} ulp apart")
            else:
                # grad·φ'(z): a few ulp of y change 1 − y² by ~1e-7 absolute, so compare against |grad|
                worst = float(np.max(apart(e, t, g)))
                if worst > 2e-6:
                    problems.append(f"{what}: {worst:.2g}·|grad| apart")
        zeros = int(np.sum(dz_torch == 0))
        if problems:
            failed = True
            print(f"FAIL {name}: " + "; ".join(problems))
        else:
            print(f"ok {name}: {z.size} values, {zeros} exact zeros of dL/dz in both")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
