#!/usr/bin/python3
"""Parameter counts of the /calculators/params presets from real PyTorch modules.

Reads src/KnowledgeBase/Calculators/params-presets.json (the presets the page offers), builds each PyTorch-convention
preset as torch.nn modules, runs a batch of one through them for the output shapes, and writes
tests/KnowledgeBase.Tests/Calculators/golden/params_presets.json. The Transformer preset is also checked against
nn.TransformerEncoderLayer itself. Keras presets are not built (no Keras here); their counts are asserted elsewhere.
Run: /usr/bin/python3 scripts/golden/gen_params_presets.py
"""
import json
import pathlib

import torch
from torch import nn

ROOT = pathlib.Path(__file__).resolve().parents[2]
PRESETS = ROOT / "src/KnowledgeBase/Calculators/params-presets.json"
OUT = ROOT / "tests/KnowledgeBase.Tests/Calculators/golden/params_presets.json"


def module(spec):
    t = spec["type"]
    bias = spec.get("bias", True)
    if t == "linear":
        return nn.Linear(spec["inFeatures"], spec["outFeatures"], bias=bias)
    if t == "conv2d":
        return nn.Conv2d(spec["inChannels"], spec["outChannels"], spec["kernelSize"], stride=spec.get("stride", 1),
                         padding=spec.get("padding", 0), bias=bias)
    if t == "batchnorm2d":
        return nn.BatchNorm2d(spec["numFeatures"])
    if t == "layernorm":
        return nn.LayerNorm(spec["normalizedShape"])
    if t == "maxpool2d":
        return nn.MaxPool2d(spec["kernelSize"])
    if t == "flatten":
        return nn.Flatten(1)
    if t in ("relu", "dropout"):
        return nn.ReLU() if t == "relu" else nn.Dropout()
    if t in ("lstm", "gru"):
        cls = nn.LSTM if t == "lstm" else nn.GRU
        return cls(spec["inputSize"], spec["hiddenSize"], bidirectional=spec.get("bidirectional", False))
    if t == "multiheadattention":
        return nn.MultiheadAttention(spec["embedDim"], spec["numHeads"])
    raise ValueError(t)


def run(m, x):
    if isinstance(m, (nn.LSTM, nn.GRU)):
        return m(x)[0]
    if isinstance(m, nn.MultiheadAttention):
        return m(x, x, x)[0]
    return m(x)


def main():
    torch.manual_seed(0)
    cases = []
    for preset in json.loads(PRESETS.read_text(encoding="utf-8")):
        request = preset["request"]
        if request["convention"] != "pytorch":
            continue
        x = torch.zeros([1] + request["inputShape"])  # a batch of one (recurrent layers: sequence-first, shapes alike)
        layers = []
        with torch.no_grad():
            for spec in request["layers"]:
                m = module(spec).eval()
                x = run(m, x)
                layers.append({"params": sum(p.numel() for p in m.parameters()), "outputShape": list(x.shape[1:])})
        total = sum(l["params"] for l in layers)
        if preset["id"] == "transformer-encoder":
            assert total == sum(p.numel() for p in nn.TransformerEncoderLayer(512, 8, 2048).parameters()), total
        cases.append({"id": preset["id"], "request": request, "totalParams": total, "layers": layers})
    OUT.write_text(json.dumps({"generator": "scripts/golden/gen_params_presets.py", "torch": torch.__version__, "cases": cases},
                              ensure_ascii=False) + "\n", encoding="utf-8")
    for c in cases:
        print(c["id"], c["totalParams"])


if __name__ == "__main__":
    main()
