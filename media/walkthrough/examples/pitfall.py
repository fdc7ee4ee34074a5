"""Loss Lab walkthrough: a classic pitfall. The model ends in a Linear layer, so it outputs logits,
but BCELoss expects probabilities. Loss Lab underlines the loss; its quick fix (Ctrl+. on the
underline) switches to BCEWithLogitsLoss, which applies the sigmoid itself, in a stable way."""
import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.randn(256, 2)
y = (x[:, 0] * x[:, 1] > 0).float().unsqueeze(1)

model = nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 1))
criterion = nn.BCELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)

for step in range(300):
    optimizer.zero_grad()
    logits = model(x)
    loss = criterion(logits, y)
    loss.backward()
    optimizer.step()
print(f"final loss {loss.item():.4f}")
