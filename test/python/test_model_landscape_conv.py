"""model_landscape on a convolutional model, where the helper lays the convolution weights out
channels-last in its flat buffer (a different memory layout than the model's own): every point must
still be the loss of a moved copy of the model, and the model must come back exactly as it was
(values, contiguous layout, mode). Real torch (Debian's python3-torch); fails, never skips, without it."""

import copy
import unittest

from support import losslab

import torch  # noqa: E402  (a missing torch is a failure: see test_model_landscape.py)


def cnn():
    return torch.nn.Sequential(
        torch.nn.Conv2d(2, 4, 3, padding=1), torch.nn.BatchNorm2d(4), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(4, 6, 3, padding=1), torch.nn.ReLU(), torch.nn.Flatten(), torch.nn.Dropout(0.3),
        torch.nn.Linear(6 * 4 * 4, 3))


class ConvLandscapeTest(unittest.TestCase):
    def setUp(self):
        torch.manual_seed(3)
        self.model = cnn()
        self.x, self.y = torch.randn(16, 2, 8, 8), torch.randint(0, 3, (16,))
        self.model(self.x)  # moves BatchNorm's running statistics off their defaults
        self.model.train()

    def test_every_point_is_the_loss_of_a_moved_copy(self):
        grid = 5
        fig = losslab.model_landscape(self.model, torch.nn.functional.cross_entropy, (self.x, self.y), grid=grid, seed=4)
        lt = losslab._torch_part()
        named = list(self.model.named_parameters())
        generator = torch.Generator().manual_seed(4)
        directions = [lt.random_direction(named, generator) for _ in range(2)]
        axis = fig.payload["x"]
        for j, i in [(0, 0), (1, 3), (grid // 2, grid // 2), (4, 2)]:
            moved = copy.deepcopy(self.model).eval()
            with torch.no_grad():
                for (_, p), d1, d2 in zip(moved.named_parameters(), *directions):
                    p.add_(axis[i] * d1 + fig.payload["y"][j] * d2)
                expected = torch.nn.functional.cross_entropy(moved(self.x), self.y).item()
            self.assertAlmostEqual(fig.payload["z"][j][i], expected, delta=1e-5 * (1 + abs(expected)),
                                   msg="point (%d, %d)" % (j, i))

    def test_the_model_comes_back_as_it_was(self):
        before = {k: v.clone() for k, v in self.model.state_dict().items()}
        strides = [p.stride() for p in self.model.parameters()]
        losslab.model_landscape(self.model, torch.nn.functional.cross_entropy, (self.x, self.y), grid=3)
        for k, v in self.model.state_dict().items():
            self.assertTrue(torch.equal(v, before[k]), k)
        self.assertEqual([p.stride() for p in self.model.parameters()], strides)
        self.assertTrue(all(p.is_contiguous() for p in self.model.parameters()))
        self.assertTrue(self.model.training)


if __name__ == "__main__":
    unittest.main()
