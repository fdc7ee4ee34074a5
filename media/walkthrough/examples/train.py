"""Loss Lab walkthrough: hover HuberLoss below to see what your call computes. The lenses above
the line plot it (Plot loss) or draw it beside other losses (Compare…)."""
import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.linspace(-2, 2, 128).unsqueeze(1)
y = 2 * x + 0.3 * torch.randn_like(x)
y[::16] += 4  # a few outliers: Huber keeps them from dominating the fit

model = nn.Linear(1, 1)
criterion = nn.HuberLoss(delta=0.5)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)

for step in range(200):
    optimizer.zero_grad()
    loss = criterion(model(x), y)
    loss.backward()
    optimizer.step()
print(f"final loss {loss.item():.4f}")
