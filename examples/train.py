"""A tiny regression training loop: hover the loss names to see what Loss Lab knows about them."""
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
x = torch.linspace(-1, 1, 64).unsqueeze(1)
y = 3 * x + 0.5 + 0.1 * torch.randn_like(x)

model = nn.Linear(1, 1)
criterion = nn.MSELoss(reduction="mean")
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)

for step in range(100):
    optimizer.zero_grad()
    prediction = model(x)
    loss = criterion(prediction, y)
    loss.backward()
    optimizer.step()
    if step % 20 == 0:
        # The functional spelling computes the same value.
        print(step, loss.item(), F.mse_loss(prediction, y).item())
