#!/usr/bin/env python3
"""Writes the image preprocessing fixtures of backbone/src/test/resources/images/.

For every test image it records what the reference evaluation transform gives:
  Image.open(path).convert("RGB")  (the Dassl/BiomedCoOp loaders; 16-bit grey saturates above 255 as Pillow does)
  -> torchvision Resize(size, BICUBIC) of the shorter side (Pillow's antialiased bicubic on 8-bit channels)
  -> CenterCrop(size) (top = int(round((h - size) / 2)))
  -> ToTensor, Normalize(OpenAI CLIP mean/std)
as an 8-bit PNG after the crop (expected/<name>.png) and, in expected.json, the geometry and normalised values.
The script checks that open_clip's own image_transform gives exactly the same tensor.

Run from the repository root with the Python reference environment:
    .venv-ref/bin/python tools/make_image_fixtures.py
"""
import json
import os
import sys
import types

for _m in ("torchvision._meta_registrations", "torchvision._autograd_registrations"):
    sys.modules.setdefault(_m, types.ModuleType(_m))

import numpy as np  # noqa: E402
import torch  # noqa: E402
from PIL import Image  # noqa: E402
from open_clip.constants import OPENAI_DATASET_MEAN, OPENAI_DATASET_STD  # noqa: E402
from open_clip.transform import image_transform  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "backbone", "src", "test", "resources", "images")
SIZE = 64


def pattern(w, h, seed, channels=3):
    """Gradients, hard edges (bicubic overshoot gets clipped) and noise."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    planes = []
    for c in range(channels):
        v = 255 * (x / max(w - 1, 1)) * (0.3 + 0.3 * c) + 120 * (y / max(h - 1, 1))
        v += np.where(((x // (7 + c)) + (y // 9)) % 2 == 0, 70, -40)
        v += rng.normal(0, 12, size=(h, w))
        planes.append(v)
    a = np.clip(np.stack(planes, -1), 0, 255).astype(np.uint8)
    return a if channels > 1 else a[..., 0]


def make_images():
    os.makedirs(OUT, exist_ok=True)
    files = []

    def save(name, im, **kw):
        im.save(os.path.join(OUT, name), **kw)
        files.append(name)

    save("rgb_260x200.png", Image.fromarray(pattern(260, 200, 1)))
    save("grey_180x240.png", Image.fromarray(pattern(180, 240, 2, 1), "L"))
    save("photo_200x150.jpg", Image.fromarray(pattern(200, 150, 3)), quality=90)
    save("grey_120x90.jpg", Image.fromarray(pattern(120, 90, 4, 1), "L"), quality=85)
    g16 = (pattern(150, 100, 5, 1).astype(np.uint16) * 2).astype(np.uint16)  # 0..510: half saturates
    save("grey16_150x100.png", Image.fromarray(g16))
    save("rgb_100x300.tif", Image.fromarray(pattern(100, 300, 6)), compression="tiff_lzw")
    save("grey16_80x64.tif", Image.fromarray((pattern(80, 64, 7, 1).astype(np.uint16) * 257).astype(np.uint16)))
    save("palette_90x70.png", Image.fromarray(pattern(90, 70, 8)).quantize(colors=32))
    rgba = np.dstack([pattern(70, 50, 9), pattern(70, 50, 10, 1)])
    save("rgba_70x50.png", Image.fromarray(rgba, "RGBA"))
    save("small_40x30.png", Image.fromarray(pattern(40, 30, 11)))           # upscaling
    save("wide_97x64.png", Image.fromarray(pattern(97, 64, 12)))            # horizontal pass only, crop 16.5 -> 16
    save("tall_64x101.png", Image.fromarray(pattern(64, 101, 13)))          # vertical pass only, crop 18.5 -> 18
    save("exact_64x64.png", Image.fromarray(pattern(64, 64, 14)))           # no resize
    save("tiny_5x3.png", Image.fromarray(pattern(5, 3, 15)))                # extreme upscaling
    return files


def geometry(w, h, size):
    short, long = (w, h) if w <= h else (h, w)
    new_short, new_long = size, int(size * long / short)
    nw, nh = (new_short, new_long) if w <= h else (new_long, new_short)
    return nw, nh, int(round((nw - size) / 2.0)), int(round((nh - size) / 2.0))


def main():
    files = make_images()
    os.makedirs(os.path.join(OUT, "expected"), exist_ok=True)
    transform = image_transform(SIZE, is_train=False, mean=OPENAI_DATASET_MEAN, std=OPENAI_DATASET_STD)
    mean = torch.tensor(OPENAI_DATASET_MEAN, dtype=torch.float32).view(3, 1, 1)
    std = torch.tensor(OPENAI_DATASET_STD, dtype=torch.float32).view(3, 1, 1)
    records = []
    for name in files:
        src = Image.open(os.path.join(OUT, name))
        mode = src.mode
        rgb = src.convert("RGB")
        nw, nh, left, top = geometry(rgb.width, rgb.height, SIZE)
        direct = rgb.resize((nw, nh), Image.BICUBIC).crop((left, top, left + SIZE, top + SIZE))
        stem = os.path.splitext(name)[0]
        direct.save(os.path.join(OUT, "expected", stem + ".png"))
        if name.endswith(".jpg"):  # isolates JPEG decoder differences from resampling differences
            rgb.save(os.path.join(OUT, "expected", stem + "_decoded.png"))
        if mode.startswith("I"):  # the SCALE_TO_8_BIT alternative: keep the high byte of 16-bit grey
            high = Image.fromarray((np.asarray(src).astype(np.uint16) >> 8).astype(np.uint8), "L").convert("RGB")
            high.resize((nw, nh), Image.BICUBIC).crop((left, top, left + SIZE, top + SIZE)).save(
                os.path.join(OUT, "expected", stem + "_scaled.png"))
        ref = transform(rgb)
        mine = (torch.from_numpy(np.asarray(direct).copy()).permute(2, 0, 1).float().div(255) - mean) / std
        assert torch.equal(ref, mine), name
        flat = ref.reshape(-1)
        idx = list(range(0, flat.numel(), 97))
        records.append({"file": name, "mode": mode, "size_wh": [src.width, src.height], "resized_wh": [nw, nh],
                        "crop_left_top": [left, top], "sample_stride": 97,
                        "samples": [float(v) for v in flat[idx].tolist()], "sum": float(flat.double().sum())})
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump({"image_size": SIZE, "mean": OPENAI_DATASET_MEAN, "std": OPENAI_DATASET_STD, "images": records},
                  f, indent=1)


if __name__ == "__main__":
    main()
