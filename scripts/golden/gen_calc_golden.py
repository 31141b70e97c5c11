#!/usr/bin/python3
"""Golden vectors for the calculators (issue 4), computed by real PyTorch.

Run with Debian's interpreter, which has python3-torch (the pyenv python3 on PATH has no torch):
    /usr/bin/python3 scripts/golden/gen_calc_golden.py
Writes tests/KnowledgeBase.Tests/Calculators/golden/{params,pool,receptive_field,batchnorm,normalization}.json.
Fixed seeds: re-running gives the same files. Everything is float64 so the C# side can compare at 1e-9.
Keras numbers are not produced here (no TensorFlow): the tests compute them from the documented formulas.
"""
import json
import os
import random

import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "KnowledgeBase.Tests", "Calculators", "golden")
torch.set_default_dtype(torch.float64)


def dump(name, cases):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump({"generator": "scripts/golden/gen_calc_golden.py", "torch": torch.__version__, "cases": cases}, f, separators=(",", ":"))
    print(name, len(cases))


def tolist(t):
    return t.detach().tolist()


# ---------------------------------------------------------------- params
def count(m):
    total = sum(p.numel() for p in m.parameters())
    trainable = sum(p.numel() for p in m.parameters() if p.requires_grad)
    return total, trainable


def rand_kernel(r, dims):
    return r.randint(1, 4) if r.random() < 0.5 else [r.randint(1, 4) for _ in range(dims)]


def tup(v, dims):
    return tuple(v) if isinstance(v, list) else (v,) * dims


def gen_layer(r, kind):
    """One random layer: (json spec, torch module, per-sample input shape or None)."""
    if kind == "linear":
        i, o, b = r.randint(1, 300), r.randint(1, 300), r.random() < 0.8
        spec = {"type": "linear", "inFeatures": i, "outFeatures": o, "bias": b}
        return spec, nn.Linear(i, o, bias=b), [r.randint(1, 4), i] if r.random() < 0.3 else [i]
    if kind in ("conv1d", "conv2d", "conv3d"):
        dims = int(kind[4])
        g = r.choice([1, 1, 2, 3, 4])
        cin, cout = g * r.randint(1, 6), g * r.randint(1, 6)
        if r.random() < 0.15:  # depthwise
            g, cout = cin, cin * r.randint(1, 2)
        k = rand_kernel(r, dims)
        s = r.randint(1, 3) if r.random() < 0.5 else [r.randint(1, 3) for _ in range(dims)]
        p = r.randint(0, 2) if r.random() < 0.5 else [r.randint(0, 2) for _ in range(dims)]
        d = r.randint(1, 2) if r.random() < 0.6 else [r.randint(1, 2) for _ in range(dims)]
        b = r.random() < 0.8
        spec = {"type": kind, "inChannels": cin, "outChannels": cout, "kernelSize": k, "stride": s, "padding": p,
                "dilation": d, "groups": g, "bias": b}
        m = getattr(nn, "Conv%dd" % dims)(cin, cout, tup(k, dims), stride=tup(s, dims), padding=tup(p, dims),
                                          dilation=tup(d, dims), groups=g, bias=b)
        kk, dd = tup(k, dims), tup(d, dims)
        size = [r.randint((kk[x] - 1) * dd[x] + 1, (kk[x] - 1) * dd[x] + 9 if dims < 3 else (kk[x] - 1) * dd[x] + 5) for x in range(dims)]
        return spec, m, [cin] + size
    if kind in ("rnn", "gru", "lstm"):
        i, h, n = r.randint(1, 40), r.randint(1, 40), r.randint(1, 3)
        bi, b = r.random() < 0.5, r.random() < 0.8
        spec = {"type": kind, "inputSize": i, "hiddenSize": h, "numLayers": n, "bias": b, "bidirectional": bi}
        kw = dict(num_layers=n, bias=b, bidirectional=bi, batch_first=True)
        if kind == "lstm" and r.random() < 0.4 and h > 1:
            kw["proj_size"] = spec["projSize"] = r.randint(1, h - 1)
        m = {"rnn": nn.RNN, "gru": nn.GRU, "lstm": nn.LSTM}[kind](i, h, **kw)
        return spec, m, [r.randint(1, 5), i]
    if kind in ("batchnorm1d", "batchnorm2d", "batchnorm3d"):
        dims = int(kind[9])
        c, a, t = r.randint(1, 512), r.random() < 0.8, r.random() < 0.8
        spec = {"type": kind, "numFeatures": c, "affine": a, "trackRunningStats": t}
        m = getattr(nn, "BatchNorm%dd" % dims)(c, affine=a, track_running_stats=t)
        shape = [c] + [r.randint(1, 4) for _ in range(dims if dims > 1 else r.randint(0, 1))]
        return spec, m, shape
    if kind in ("instancenorm1d", "instancenorm2d", "instancenorm3d"):
        dims = int(kind[12])
        c, a = r.randint(1, 256), r.random() < 0.5
        spec = {"type": kind, "numFeatures": c}
        if a or r.random() < 0.5:
            spec["affine"] = a
        m = getattr(nn, "InstanceNorm%dd" % dims)(c, affine=a)
        return spec, m, [c] + [r.randint(2, 4) for _ in range(dims)]
    if kind == "layernorm":
        shape = [r.randint(1, 30) for _ in range(r.randint(1, 3))]
        ea = r.random() < 0.8
        ns = shape[0] if len(shape) == 1 and r.random() < 0.5 else shape
        spec = {"type": "layernorm", "normalizedShape": ns, "elementwiseAffine": ea}
        lead = [r.randint(1, 3)] if r.random() < 0.5 else []
        return spec, nn.LayerNorm(ns, elementwise_affine=ea), lead + shape
    if kind == "groupnorm":
        g = r.randint(1, 8)
        c = g * r.randint(1, 16)
        a = r.random() < 0.8
        spec = {"type": "groupnorm", "numGroups": g, "numChannels": c, "affine": a}
        return spec, nn.GroupNorm(g, c, affine=a), [c, r.randint(1, 4), r.randint(1, 4)]
    if kind == "embedding":
        n, d = r.randint(1, 50000), r.randint(1, 512)
        return {"type": "embedding", "numEmbeddings": n, "embeddingDim": d}, nn.Embedding(n, d), [r.randint(1, 10)]
    if kind == "multiheadattention":
        h = r.randint(1, 8)
        e = h * r.randint(1, 16)
        spec = {"type": "multiheadattention", "embedDim": e, "numHeads": h, "bias": r.random() < 0.8}
        kw = {"bias": spec["bias"]}
        if r.random() < 0.4:
            spec["kdim"] = kw["kdim"] = r.randint(1, 64)
            spec["vdim"] = kw["vdim"] = r.randint(1, 64)
        return spec, nn.MultiheadAttention(e, h, batch_first=True, **kw), None
    if kind in ("maxpool2d", "avgpool2d"):
        k = r.randint(1, 4)
        s = r.randint(1, 3)
        p = r.randint(0, k // 2)
        spec = {"type": kind, "kernelSize": k, "stride": s, "padding": p}
        m = nn.MaxPool2d(k, s, p) if kind == "maxpool2d" else nn.AvgPool2d(k, s, p)
        return spec, m, [r.randint(1, 4), r.randint(k, k + 8), r.randint(k, k + 8)]
    if kind == "flatten":
        return {"type": "flatten"}, nn.Flatten(), [r.randint(1, 4) for _ in range(r.randint(1, 3))]
    if kind == "relu":
        return {"type": "relu"}, nn.ReLU(), [r.randint(1, 9) for _ in range(r.randint(1, 3))]
    if kind == "dropout":
        return {"type": "dropout", "p": 0.5}, nn.Dropout(0.5), [r.randint(1, 9)]
    raise ValueError(kind)


def out_shape(m, shape):
    m.eval()
    with torch.no_grad():
        y = m(torch.zeros([2] + shape))
    if isinstance(y, tuple):
        y = y[0]
    return list(y.shape[1:])


KINDS = ["linear", "conv1d", "conv2d", "conv3d", "rnn", "gru", "lstm", "batchnorm1d", "batchnorm2d", "batchnorm3d",
         "instancenorm1d", "instancenorm2d", "instancenorm3d", "layernorm", "groupnorm", "embedding",
         "multiheadattention", "maxpool2d", "avgpool2d", "flatten", "relu", "dropout"]


def gen_params():
    r = random.Random(4)
    torch.manual_seed(4)
    cases = []
    for kind in KINDS:
        n = 5 if kind in ("flatten", "relu", "dropout") else 25
        for _ in range(n):
            spec, m, shape = gen_layer(r, kind)
            total, trainable = count(m)
            case = {"request": {"convention": "pytorch", "layers": [spec]},
                    "totalParams": total, "trainableParams": trainable, "layers": [{"params": total, "trainableParams": trainable}]}
            if shape is not None and kind != "embedding":
                case["request"]["inputShape"] = shape
                case["layers"][0]["outputShape"] = out_shape(m, shape)
            elif kind == "embedding":
                case["request"]["inputShape"] = shape
                with torch.no_grad():
                    case["layers"][0]["outputShape"] = list(m(torch.zeros([1] + shape, dtype=torch.long)).shape[1:])
            cases.append(case)
    # Small CNN stacks: conv -> batchnorm -> relu -> pool ... -> flatten -> linear, shapes chained through torch.
    for _ in range(40):
        c, h, w = r.randint(1, 4), r.randint(16, 40), r.randint(16, 40)
        shape = [c, h, w]
        specs, mods = [], []
        for _ in range(r.randint(1, 3)):
            o = r.randint(1, 16)
            k = r.randint(1, 3)
            spec = {"type": "conv2d", "inChannels": c, "outChannels": o, "kernelSize": k, "padding": r.randint(0, 1)}
            specs.append(spec)
            mods.append(nn.Conv2d(c, o, k, padding=spec["padding"]))
            specs.append({"type": "batchnorm2d", "numFeatures": o})
            mods.append(nn.BatchNorm2d(o))
            specs.append({"type": "relu"})
            mods.append(nn.ReLU())
            specs.append({"type": "maxpool2d", "kernelSize": 2})
            mods.append(nn.MaxPool2d(2))
            c = o
        seq = nn.Sequential(*mods, nn.Flatten())
        specs.append({"type": "flatten"})
        flat = out_shape(seq, shape)[0]
        o = r.randint(1, 10)
        specs.append({"type": "linear", "inFeatures": flat, "outFeatures": o})
        mods = list(seq) + [nn.Linear(flat, o)]
        layers, cur = [], list(shape)
        for m in mods:
            t, tr = count(m)
            cur = out_shape(m, cur)
            layers.append({"params": t, "trainableParams": tr, "outputShape": cur})
        total, trainable = count(nn.Sequential(*mods))
        cases.append({"request": {"convention": "pytorch", "inputShape": shape, "layers": specs},
                      "totalParams": total, "trainableParams": trainable, "layers": layers})
    dump("params.json", cases)


# ---------------------------------------------------------------- pooling
def pair(r, lo, hi):
    return r.randint(lo, hi) if r.random() < 0.6 else [r.randint(lo, hi), r.randint(lo, hi)]


def gen_pool():
    r = random.Random(42)
    cases = []
    for i in range(500):
        mode = "max" if i % 2 == 0 else "avg"
        H, W = r.randint(1, 9), r.randint(1, 9)
        k = pair(r, 1, 4)
        req = {"mode": mode, "kernelSize": k}
        if r.random() < 0.7:
            req["stride"] = pair(r, 1, 3)
        kk = tup(k, 2)
        if r.random() < 0.7:
            # Mostly legal padding; sometimes too much, which PyTorch refuses.
            req["padding"] = [r.randint(0, kk[0] // 2 + (1 if r.random() < 0.1 else 0)), r.randint(0, kk[1] // 2)] \
                if r.random() < 0.4 else r.randint(0, min(kk) // 2)
        if mode == "max" and r.random() < 0.4:
            req["dilation"] = pair(r, 1, 3)
        if r.random() < 0.5:
            req["ceilMode"] = True
        if mode == "avg" and r.random() < 0.5:
            req["countIncludePad"] = r.random() < 0.5
        # Small integers make ties common; sometimes reals.
        if r.random() < 0.7:
            x = torch.tensor([[float(r.randint(-2, 3)) for _ in range(W)] for _ in range(H)])
        else:
            x = torch.tensor([[round(r.uniform(-5, 5), 3) for _ in range(W)] for _ in range(H)])
        req["input"] = tolist(x)
        xin = x.clone().reshape(1, 1, H, W).requires_grad_(True)
        kw = dict(kernel_size=tup(k, 2), stride=tup(req.get("stride", k), 2), padding=tup(req.get("padding", 0), 2),
                  ceil_mode=req.get("ceilMode", False))
        try:
            if mode == "max":
                y, idx = F.max_pool2d(xin, dilation=tup(req.get("dilation", 1), 2), return_indices=True, **kw)
            else:
                y = F.avg_pool2d(xin, count_include_pad=req.get("countIncludePad", True), **kw)
                idx = None
        except RuntimeError as e:
            cases.append({"request": req, "error": str(e).split("\n")[0]})
            continue
        if y.numel() == 0:
            cases.append({"request": req, "error": "empty output"})
            continue
        if r.random() < 0.6:
            g = torch.tensor([[float(r.randint(-3, 3)) for _ in range(y.shape[3])] for _ in range(y.shape[2])])
            req["gradOutput"] = tolist(g)
        else:
            g = torch.ones(y.shape[2], y.shape[3])
        y.backward(g.reshape(y.shape))
        if torch.isinf(y).any():
            cases.append({"request": req, "error": "window entirely in padding"})
            continue
        cases.append({"request": req, "output": tolist(y[0, 0]), "gradInput": tolist(xin.grad[0, 0]),
                      "indices": tolist(idx[0, 0]) if idx is not None else None, "outputShape": list(y.shape[2:])})
    dump("pool.json", cases)


# ---------------------------------------------------------------- receptive field
def gen_rf():
    """Receptive field measured by autograd: ones-weight convs (pools as convs of the same geometry), gradient of
    one output unit; the non-zero span is its field. Measured on a central unit so padding does not clip it."""
    r = random.Random(7)
    cases = []
    for _ in range(200):
        layers = []
        for _ in range(r.randint(1, 5)):
            t = r.choice(["conv", "conv", "pool"])
            k = r.randint(1, 5)
            L = {"type": t, "kernelSize": k}
            if t == "conv":
                if r.random() < 0.5:
                    L["stride"] = r.randint(1, 2)
            elif r.random() < 0.5:
                L["stride"] = r.randint(1, k)
            if r.random() < 0.5:
                L["padding"] = r.randint(0, k // 2)
            if r.random() < 0.3:
                L["dilation"] = r.randint(1, 3)
            layers.append(L)
        n = r.randint(8, 64)
        big = 512
        mods = []
        for L in layers:
            k, s, p, d = L["kernelSize"], L.get("stride", 1 if L["type"] == "conv" else L["kernelSize"]), L.get("padding", 0), L.get("dilation", 1)
            c = nn.Conv1d(1, 1, k, stride=s, padding=p, dilation=d, bias=False)
            nn.init.ones_(c.weight)
            mods.append(c)
        net = nn.Sequential(*mods)
        try:
            sizes, cur = [], torch.zeros(1, 1, n)
            for m in mods:
                cur = m(cur)
                sizes.append(cur.shape[2])
        except RuntimeError:
            cases.append({"request": {"inputSize": n, "layers": layers}, "error": True})
            continue
        x = torch.zeros(1, 1, big, requires_grad=True)
        y = net(x)
        u = y.shape[2] // 2
        y[0, 0, u].backward()
        nz = torch.nonzero(x.grad[0, 0]).flatten()
        lo, hi = nz.min().item(), nz.max().item()
        jump = 1
        for L in layers:
            jump *= L.get("stride", 1 if L["type"] == "conv" else L["kernelSize"])
        centre = (lo + hi) / 2 - u * jump
        cases.append({"request": {"inputSize": n, "layers": layers}, "outputSizes": sizes, "receptiveField": hi - lo + 1,
                      "jump": jump, "start": centre})
    dump("receptive_field.json", cases)


# ---------------------------------------------------------------- batch norm
def gen_batchnorm():
    r = random.Random(11)
    cases = []
    for _ in range(100):
        f = r.randint(1, 6)
        mom = r.choice([0.1, 0.1, 0.5, 1.0, round(r.uniform(0.01, 1), 3)])
        eps = r.choice([1e-5, 1e-5, 1e-3])
        batches = [[[round(r.uniform(-10, 10), 2) for _ in range(f)] for _ in range(r.randint(2, 6))] for _ in range(r.randint(1, 4))]
        bn = nn.BatchNorm1d(f, momentum=mom, eps=eps)
        bn.train()
        steps = []
        for b in batches:
            x = torch.tensor(b)
            y = bn(x)
            steps.append({"batchMean": tolist(x.mean(0)), "batchVar": tolist(x.var(0, unbiased=False)),
                          "runningMean": tolist(bn.running_mean), "runningVar": tolist(bn.running_var), "normalized": tolist(y)})
        req = {"batches": batches}
        if mom != 0.1 or r.random() < 0.3:
            req["momentum"] = mom
        if eps != 1e-5 or r.random() < 0.3:
            req["eps"] = eps
        cases.append({"request": req, "steps": steps})
    dump("batchnorm.json", cases)


# ---------------------------------------------------------------- normalization
def gen_normalization():
    r = random.Random(13)
    torch.manual_seed(13)
    cases = []
    for i in range(120):
        kind = ["batch", "layer", "instance", "group"][i % 4]
        rank = r.choice([3, 4, 4, 4, 5]) if kind != "layer" else r.choice([2, 3, 4, 4])
        shape = [r.randint(1, 4), r.randint(1, 6)] + [r.randint(1, 4) for _ in range(rank - 2)]
        if kind == "batch" and shape[0] * (1 if rank == 2 else torch.Size(shape[2:]).numel()) < 2:
            shape[0] = 2
        if kind == "instance" and torch.Size(shape[2:]).numel() < 2:
            shape[-1] = 2
        req = {"kind": kind, "shape": shape}
        n, c = shape[0], shape[1]
        spatial = torch.Size(shape[2:]).numel()
        x = torch.randn(shape) * 3 + 1
        x = torch.round(x * 1000) / 1000
        with_input = r.random() < 0.8
        if kind == "batch":
            sets, per, aff = c, n * spatial, count(nn.BatchNorm1d(c))[0]
            y = F.batch_norm(x, None, None, training=True, eps=1e-5)
        elif kind == "layer":
            sets, per, aff = n, c * spatial, count(nn.LayerNorm(shape[1:]))[0]
            y = F.layer_norm(x, shape[1:], eps=1e-5)
        elif kind == "instance":
            sets, per, aff = n * c, spatial, count(nn.InstanceNorm1d(c, affine=True))[0]
            y = F.instance_norm(x, eps=1e-5)
        else:
            divisors = [g for g in range(1, c + 1) if c % g == 0]
            g = r.choice(divisors)
            req["numGroups"] = g
            sets, per, aff = n * g, (c // g) * spatial, count(nn.GroupNorm(g, c))[0]
            y = F.group_norm(x, g, eps=1e-5)
        case = {"request": req, "statisticSets": sets, "elementsPerSet": per, "affineParams": aff}
        if with_input:
            req["input"] = tolist(x)
            case["normalized"] = tolist(y)
        cases.append(case)
    dump("normalization.json", cases)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    gen_params()
    gen_pool()
    gen_rf()
    gen_batchnorm()
    gen_normalization()
