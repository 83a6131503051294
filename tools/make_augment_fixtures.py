#!/usr/bin/env python3
"""Writes data/src/test/resources/torchvision/tensor_augment.json, the golden outputs of torchvision's tensor colour
and blur operations on a normalised image, for dev.bioprompt.data.augment.TensorAugmentParityTest.

BioVLM's released code applies its strong view (ColorJitter 0.4/0.4/0.4/0.1, GaussianBlur 3) after normalisation,
so torchvision runs its tensor code path on values outside [0, 1]. The input is a 3x6x6 float32 image in [0, 1]
(seeded noise plus a black pixel, a white pixel and three pure primaries), normalised with BioVLM's ImageNet
statistics, so about half the values are negative; then four pixels of the first row are set to cases of the hue
conversion: all channels equal (one positive, one negative: max == min), and two channels tied for the maximum
(red and green, green and blue). For fixed factors the file records
  torchvision.transforms.functional.adjust_brightness / adjust_contrast / adjust_saturation / adjust_hue
  torchvision.transforms.functional.gaussian_blur(kernel_size=[3, 3], sigma=[s, s])
  torch.flip(img, [-1])
on that tensor. Values are float32 written with the shortest decimal that reads back to the same float32.

Run from the repository root with the Python reference environment (see specs/python-reference.md):
    .venv-ref/bin/python tools/make_augment_fixtures.py
It is deterministic: two runs give the same file.
"""
import json
import os
import sys
import types

for _m in ("torchvision._meta_registrations", "torchvision._autograd_registrations"):
    sys.modules.setdefault(_m, types.ModuleType(_m))

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torchvision  # noqa: E402
import torchvision.transforms.functional as F  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "src", "test", "resources",
                   "torchvision", "tensor_augment.json")
SIZE = 6
MEAN = (0.485, 0.456, 0.406)
STD = (0.229, 0.224, 0.225)
BRIGHTNESS = (0.7, 1.3)
CONTRAST = (0.65, 1.35)
SATURATION = (0.6, 1.4)
HUE = (-0.08, 0.1)
SIGMA = (0.45, 1.7)


def image():
    rng = np.random.default_rng(20240521)
    rgb = rng.random((3, SIZE, SIZE), dtype=np.float32)
    rgb[:, 1, 0] = 0.0          # black
    rgb[:, 1, 1] = 1.0          # white
    rgb[:, 2, 0] = (1, 0, 0)    # primaries: each channel the maximum once
    rgb[:, 2, 1] = (0, 1, 0)
    rgb[:, 2, 2] = (0, 0, 1)
    x = F.normalize(torch.from_numpy(rgb), MEAN, STD)
    x[:, 0, 0] = torch.tensor([0.25, 0.25, 0.25])     # max == min, positive
    x[:, 0, 1] = torch.tensor([-0.6, -0.6, -0.6])     # max == min, negative
    x[:, 0, 2] = torch.tensor([0.3, 0.3, -1.0])       # red and green tied for the maximum
    x[:, 0, 3] = torch.tensor([-0.2, 0.4, 0.4])       # green and blue tied
    return x


def values(t):
    a = t.detach().numpy().astype(np.float32).ravel()
    return [float(np.format_float_positional(v, unique=True, trim="-")) for v in a]


def main():
    x = image()
    assert x.dtype == torch.float32 and (x < 0).any()
    cases = []

    def add(op, factor, out):
        assert torch.isfinite(out).all(), (op, factor)
        cases.append({"op": op, "factor": factor, "output": values(out)})

    for f in BRIGHTNESS:
        add("brightness", f, F.adjust_brightness(x, f))
    for f in CONTRAST:
        add("contrast", f, F.adjust_contrast(x, f))
    for f in SATURATION:
        add("saturation", f, F.adjust_saturation(x, f))
    for f in HUE:
        add("hue", f, F.adjust_hue(x, f))
    for s in SIGMA:
        add("blur", s, F.gaussian_blur(x, kernel_size=[3, 3], sigma=[s, s]))
    add("flip", 1.0, torch.flip(x, [-1]))
    doc = {
        "generator": "tools/make_augment_fixtures.py",
        "torch": torch.__version__.split("+")[0],
        "torchvision": torchvision.__version__.split("+")[0],
        "shape": [3, SIZE, SIZE],
        "mean": MEAN,
        "std": STD,
        "input": values(x),
        "cases": cases,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {os.path.relpath(OUT)} ({os.path.getsize(OUT)} bytes, {len(cases)} cases)")


if __name__ == "__main__":
    sys.exit(main())
