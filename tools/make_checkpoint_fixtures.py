#!/usr/bin/env python3
"""Writes the small checkpoint fixtures of backbone/src/test/resources/checkpoints/.

Run from the repository root with the Python reference environment (torch + safetensors):
    .venv-ref/bin/python tools/make_checkpoint_fixtures.py
Each fixture is checked by StateDictReaderTest against expected.json, which holds torch.load's view of the values.
"""
import collections
import io
import json
import os
import pickle
import zipfile

import torch
from safetensors.torch import save_file

OUT = os.path.join(os.path.dirname(__file__), "..", "backbone", "src", "test", "resources", "checkpoints")


class Tiny(torch.nn.Module):
    """Gives a real state dict: an OrderedDict with a _metadata attribute."""

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(3, 2)
        self.register_buffer("position_ids", torch.arange(5).unsqueeze(0))


def tensors():
    g = torch.Generator().manual_seed(7)
    base = torch.randn(4, 6, generator=g)
    module = Tiny()
    with torch.no_grad():
        module.proj.weight.copy_(torch.randn(2, 3, generator=g))
        module.proj.bias.copy_(torch.randn(2, generator=g))
    state = module.state_dict()
    state["base"] = base                                  # contiguous, shares its storage with the views below
    state["row_view"] = base[2]                           # storage offset 12
    state["column_view"] = base[:, 1]                     # stride 6
    state["transposed"] = base.t()                        # strides (1, 6)
    state["block_view"] = base[1:3, 2:5]                  # offset and strides
    state["expanded"] = torch.randn(3, 1, generator=g).expand(3, 4)   # stride 0
    state["half"] = torch.randn(2, 3, generator=g).half()
    state["bfloat16"] = torch.randn(3, 2, generator=g).bfloat16()
    state["bf16_transposed"] = torch.randn(2, 5, generator=g).bfloat16().t()
    state["double"] = torch.randn(3, generator=g).double()
    state["int64"] = torch.tensor([[-3, 0, 2**40], [7, -2**40, 1]], dtype=torch.int64)
    state["int32"] = torch.tensor([-5, 6, 2**30], dtype=torch.int32)
    state["uint8"] = torch.tensor([0, 1, 255], dtype=torch.uint8)
    state["int8"] = torch.tensor([-128, 0, 127], dtype=torch.int8)
    state["bool"] = torch.tensor([[True, False], [False, True]])
    state["scalar"] = torch.tensor(4.6052)                # 0-d, like logit_scale
    state["empty"] = torch.zeros(0, 3)
    return state


def describe(state):
    out = collections.OrderedDict()
    for key, t in state.items():
        dtype = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.float64: "F64",
                 torch.int64: "I64", torch.int32: "I32", torch.uint8: "U8", torch.int8: "I8",
                 torch.bool: "BOOL"}[t.dtype]
        flat = t.contiguous().reshape(-1)
        if t.dtype.is_floating_point:
            values = [float(v) for v in flat.float().tolist()]
        else:
            values = [int(v) for v in flat.long().tolist()]
        out[key] = {"dtype": dtype, "shape": list(t.shape), "values": values}
    return out


def write_zip(path, pickle_bytes, folder="archive"):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr(folder + "/data.pkl", pickle_bytes)
        z.writestr(folder + "/byteorder", "little")
        z.writestr(folder + "/version", "3\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    state = tensors()
    torch.save(state, os.path.join(OUT, "state_dict.bin"))
    # the top folder of the archive is named after the file; a different name must work too
    torch.save({"state_dict": state, "epoch": 3}, os.path.join(OUT, "nested_checkpoint.pt"))
    torch.save(collections.OrderedDict(weight=torch.nn.Parameter(torch.arange(6.0).reshape(2, 3))),
               os.path.join(OUT, "parameter.bin"))
    contiguous = {k: v.contiguous().clone() for k, v in state.items()}
    save_file(contiguous, os.path.join(OUT, "state_dict.safetensors"), metadata={"format": "pt"})
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(describe(state), f, indent=1)

    # a pickle that would run os.system("echo pwned") if it were executed
    evil = b"\x80\x02cos\nsystem\nq\x00X\n\x00\x00\x00echo pwnedq\x01\x85q\x02Rq\x03."
    write_zip(os.path.join(OUT, "malicious_os_system.bin"), evil)

    class Eval:
        def __reduce__(self):
            return eval, ("__import__('os').system('echo pwned')",)

    write_zip(os.path.join(OUT, "malicious_eval.bin"), pickle.dumps({"x": Eval()}, protocol=2))

    with open(os.path.join(OUT, "state_dict.bin"), "rb") as f:
        whole = f.read()
    with open(os.path.join(OUT, "truncated.bin"), "wb") as f:
        f.write(whole[: len(whole) // 2])
    with open(os.path.join(OUT, "state_dict.safetensors"), "rb") as f:
        whole = f.read()
    with open(os.path.join(OUT, "truncated.safetensors"), "wb") as f:
        f.write(whole[: len(whole) - 40])

    # sanity: torch.load agrees with what expected.json records
    loaded = torch.load(os.path.join(OUT, "state_dict.bin"), weights_only=True)
    assert describe(loaded) == describe(state)


if __name__ == "__main__":
    main()
