# PyTorch peer of `initscope bench --train`: the same training steps on the CPU, timed per optimizer step
# (zero_grad, forward, loss, backward, Adam step), the median over STEPS steps after WARMUP steps.
# Usage: torch_train_peer.py conv  STEPS BATCH            (the conv digits preset on 1×8×8 images, 10 classes)
#        torch_train_peer.py lstm  STEPS BATCH HIDDEN T   (an LSTM on the adding problem: 2 features, MSE)
# Prints "median X ms, min Y ms" per step, or "torch not available: ..." and exits 3 without torch.
import sys, time
try:
    import torch
    import torch.nn as nn
except Exception as e:  # no torch: the bench says so and goes on
    print(f"torch not available: {e}")
    sys.exit(3)

WARMUP = 10
kind, steps, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
torch.manual_seed(0)
if kind == "conv":
    # conv-digits.json: conv 8 3×3 pad 1 relu, maxpool 2, conv 16 3×3 pad 1 relu, maxpool 2, flatten, dense 10,
    # and the trainer's output layer (10 classes)
    model = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                          nn.Linear(16 * 2 * 2, 10), nn.Linear(10, 10))
    x = torch.randn(batch, 1, 8, 8)
    y = torch.randint(0, 10, (batch,))
    loss_fn = nn.CrossEntropyLoss()
    forward = lambda: loss_fn(model(x), y)
    what = f"conv digits batch {batch}"
elif kind == "lstm":
    hidden, T = int(sys.argv[4]), int(sys.argv[5])

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.lstm = nn.LSTM(2, hidden, batch_first=True)
            self.out = nn.Linear(hidden, 1)

        def forward(self, x):
            h, _ = self.lstm(x)
            return self.out(h[:, -1, :])

    model = Net()
    x = torch.rand(batch, T, 2)
    y = torch.rand(batch, 1)
    loss_fn = nn.MSELoss()
    forward = lambda: loss_fn(model(x), y)
    what = f"lstm {hidden} T={T} batch {batch}"
else:
    print(f"unknown workload {kind}")
    sys.exit(2)
opt = torch.optim.Adam(model.parameters(), lr=0.01)


def step():
    opt.zero_grad()
    loss = forward()
    loss.backward()
    opt.step()


for _ in range(WARMUP):
    step()
ts = []
for _ in range(steps):
    t = time.perf_counter()
    step()
    ts.append(time.perf_counter() - t)
ts.sort()
print(f"torch {torch.__version__} {what}, {torch.get_num_threads()} threads: median {ts[len(ts)//2]*1000:.3f} ms, "
      f"min {ts[0]*1000:.3f} ms")
