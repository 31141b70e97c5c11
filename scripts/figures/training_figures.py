"""Generates line-chart SVGs of content/training/img/ (plain python3, deterministic):
activation-functions.svg (activations and their derivatives), lr-schedules.svg (learning-rate schedules) and
optimizer-paths.svg (SGD, momentum and Nesterov on an ill-conditioned quadratic).

Run from the repository root:  python3 scripts/figures/training_figures.py
"""
import math
import os

from svg_common import write_svg

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "content", "training", "img")


def panel(x0, y0, w, h, xr, yr, xticks, yticks, curves, xlabel, heading, samples=400, legend=None):
    """One chart at (x0, y0) of size w×h; curves are (label, f, colour, dashed), each sampled at samples + 1
    evenly spaced x; the legend goes at legend=(x, y), by default inside the top-left corner. Returns SVG elements."""
    (xa, xb), (ya, yb) = xr, yr

    def sx(x):
        return x0 + (x - xa) / (xb - xa) * w

    def sy(y):
        return y0 + h - (y - ya) / (yb - ya) * h

    out = [f'<text x="{x0 + w / 2:.1f}" y="{y0 - 8}" text-anchor="middle">{heading}</text>',
           f'<rect x="{x0}" y="{y0}" width="{w}" height="{h}" fill="none" stroke="#999"/>']
    for t in yticks:
        out.append(f'<line x1="{x0}" y1="{sy(t):.1f}" x2="{x0 + w}" y2="{sy(t):.1f}" stroke="#e6e6e6"/>')
        out.append(f'<text class="s" x="{x0 - 5}" y="{sy(t) + 4:.1f}" text-anchor="end">{t:g}</text>')
    for t in xticks:
        out.append(f'<line x1="{sx(t):.1f}" y1="{y0}" x2="{sx(t):.1f}" y2="{y0 + h}" stroke="#e6e6e6"/>')
        out.append(f'<text class="s" x="{sx(t):.1f}" y="{y0 + h + 15}" text-anchor="middle">{t:g}</text>')
    if ya < 0 < yb:
        out.append(f'<line x1="{x0}" y1="{sy(0):.1f}" x2="{x0 + w}" y2="{sy(0):.1f}" stroke="#777"/>')
    if xa < 0 < xb:
        out.append(f'<line x1="{sx(0):.1f}" y1="{y0}" x2="{sx(0):.1f}" y2="{y0 + h}" stroke="#777"/>')
    out.append(f'<text class="s" x="{x0 + w}" y="{y0 + h + 30}" text-anchor="end">{xlabel}</text>')
    for i, (label, f, colour, dashed) in enumerate(curves):
        pts = []
        for k in range(samples + 1):
            x = xa + (xb - xa) * k / samples
            y = min(max(f(x), ya), yb)          # clip to the frame
            pts.append(f"{sx(x):.1f},{sy(y):.1f}")
        dash = ' stroke-dasharray="6 4"' if dashed else ""
        out.append(f'<path d="M{" L".join(pts)}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
        lx, ly = legend or (x0 + 10, y0 + 16)
        ly += 18 * i
        out.append(f'<line x1="{lx}" y1="{ly - 4}" x2="{lx + 20}" y2="{ly - 4}" stroke="{colour}" stroke-width="2"{dash}/>')
        out.append(f'<text x="{lx + 25}" y="{ly}">{label}</text>')
    return out


def sigmoid(x):
    return 1 / (1 + math.exp(-x))


def gelu(x):
    return 0.5 * x * (1 + math.erf(x / math.sqrt(2)))


def derivative(f):
    return lambda x: (f(x + 1e-5) - f(x - 1e-5)) / 2e-5


def activation_functions():
    funcs = [("sigmoid", sigmoid, "#2f6fbf", False),
             ("tanh", math.tanh, "#7a4fb5", False),
             ("ReLU", lambda x: max(0.0, x), "#333333", False),
             ("GELU", gelu, "#e07b00", False),
             ("SiLU / Swish", lambda x: x * sigmoid(x), "#2a9d55", True)]
    left = panel(50, 40, 300, 260, (-4, 4), (-1.2, 3), range(-4, 5, 2), (-1, 0, 1, 2, 3), funcs, "x", "激活函数 f(x)")
    grads = [(label, derivative(f), colour, dashed) for label, f, colour, dashed in funcs]
    right = panel(430, 40, 300, 260, (-4, 4), (-0.2, 1.2), range(-4, 5, 2), (0, 0.25, 0.5, 1), grads, "x", "导数 f′(x)")
    note = ['<text class="s" x="380" y="345" text-anchor="middle">ReLU 在 x &lt; 0 时梯度恒为 0：输入一直落在这里的单元不再更新（死亡 ReLU）</text>']
    write_svg(OUT, "activation-functions.svg", 760, 360,
          "常见激活函数及其导数：sigmoid、tanh、ReLU、GELU、SiLU",
          "左图为函数，右图为导数。sigmoid 导数最大 0.25，tanh 导数最大 1，两者在 |x| 大时趋于 0（饱和）；"
          "ReLU 正半轴导数恒为 1、负半轴为 0；GELU 与 SiLU 是平滑版本，负半轴有小的负值和非零梯度。",
          left + right + note)


def lr_schedules():
    """Same schedules as the runnable example of content/training/lr-schedules.md: 100 steps, peak 1.0."""
    total, warm = 100, 10

    def step(t):
        return 0.1 ** (t // 30)

    def cosine(t):
        return 0.5 * (1 + math.cos(math.pi * t / total))

    def warmup_cosine(t):
        if t < warm:
            return (t + 1) / warm
        return 0.5 * (1 + math.cos(math.pi * (t - warm) / (total - warm)))

    def one_cycle(t, pct=0.3, div=25.0, final_div=1e4):
        up = pct * total - 1
        lo, hi, end = 1 / div, 1.0, 1 / div / final_div
        if t <= up:
            return lo + (hi - lo) * (1 - math.cos(math.pi * t / up)) / 2
        return end + (hi - end) * (1 + math.cos(math.pi * (t - up) / (total - 1 - up))) / 2

    curves = [("阶梯衰减（每 30 步 ×0.1）", lambda t: step(round(t)), "#333333", False),
              ("余弦退火", cosine, "#2f6fbf", False),
              ("warm-up 10 步 + 余弦", lambda t: warmup_cosine(round(t)), "#e07b00", False),
              ("one-cycle（30% 上升）", one_cycle, "#2a9d55", True)]
    body = panel(60, 40, 420, 260, (0, 99), (0, 1.05), range(0, 100, 20), (0, 0.25, 0.5, 0.75, 1), curves,
                 "训练步数 t（共 100 步）", "学习率 / 峰值学习率", samples=99, legend=(500, 60))
    write_svg(OUT, "lr-schedules.svg", 720, 340,
          "四种学习率调度：阶梯衰减、余弦退火、warm-up + 余弦、one-cycle",
          "横轴为训练步数，纵轴为相对峰值的学习率。阶梯衰减在第 30、60、90 步各降为十分之一；余弦退火从 1 平滑降到 0；"
          "warm-up 版本先在 10 步内线性升到 1 再余弦下降；one-cycle 先从 0.04 升到 1，再降到接近 0。",
          body)


def sgd_path(lr, momentum=0.0, nesterov=False, steps=60, curv=(1.0, 100.0)):
    """torch.optim.SGD on f(x, y) = (x² + 100 y²) / 2 from (-1, 1), as in the runnable example of
    content/training/optimizers-sgd-momentum.md; returns the visited points."""
    p, buf, path = [-1.0, 1.0], [0.0, 0.0], [(-1.0, 1.0)]
    for _ in range(steps):
        g = [a * v for a, v in zip(curv, p)]
        buf = [momentum * b + gi for b, gi in zip(buf, g)]
        step = [gi + momentum * b for gi, b in zip(g, buf)] if nesterov else buf
        p = [pi - lr * st for pi, st in zip(p, step)]
        path.append((p[0], p[1]))
    return path


def optimizer_paths():
    runs = [("SGD，lr = 0.019", sgd_path(0.019), "#333333"),
            ("动量 μ = 0.9，lr = 0.01", sgd_path(0.01, 0.9), "#2f6fbf"),
            ("Nesterov μ = 0.9，lr = 0.01", sgd_path(0.01, 0.9, True), "#e07b00")]
    w, h, body = 220, 220, []
    for k, (label, path, colour) in enumerate(runs):
        x0, y0 = 20 + k * 240, 40

        def sx(x):
            return x0 + (x + 1.1) / 2.2 * w

        def sy(y):
            return y0 + h - (y + 1.1) / 2.2 * h

        body.append(f'<text x="{x0 + w / 2}" y="{y0 - 10}" text-anchor="middle">{label}</text>')
        body.append(f'<rect x="{x0}" y="{y0}" width="{w}" height="{h}" fill="#fafafa" stroke="#999"/>')
        for level in (0.02, 0.08, 0.2, 0.5):      # contours f = level: ellipse with radii sqrt(2 level / curvature)
            rx, ry = (2 * level) ** 0.5 / 2.2 * w, (2 * level / 100) ** 0.5 / 2.2 * h
            body.append(f'<ellipse cx="{sx(0):.1f}" cy="{sy(0):.1f}" rx="{rx:.1f}" ry="{ry:.1f}" fill="none" stroke="#d5d5d5"/>')
        body.append(f'<circle cx="{sx(0):.1f}" cy="{sy(0):.1f}" r="3" fill="#c0392b"/>')
        pts = " L".join(f"{sx(x):.1f},{sy(min(max(y, -1.1), 1.1)):.1f}" for x, y in path)
        body.append(f'<path d="M{pts}" fill="none" stroke="{colour}" stroke-width="1.5"/>')
        body.append(f'<circle cx="{sx(path[0][0]):.1f}" cy="{sy(path[0][1]):.1f}" r="3.5" fill="{colour}"/>')
        end = path[-1]
        body.append(f'<text class="s" x="{x0 + w / 2}" y="{y0 + h + 18}" text-anchor="middle">'
                    f'60 步后 ({end[0]:.3f}, {end[1]:.3f})</text>')
    write_svg(OUT, "optimizer-paths.svg", 740, 290,
          "SGD、动量与 Nesterov 在病态二次函数上的前 60 步",
          "目标函数 f(x, y) = (x² + 100y²)/2，从 (-1, 1) 出发，极小值在原点（红点）。SGD 的学习率接近稳定上限，"
          "在陡峭的 y 方向上下震荡、在平缓的 x 方向缓慢前进；动量沿 x 方向加速但会冲过头、绕原点振荡；"
          "Nesterov 的振荡更小。",
          body)


if __name__ == "__main__":
    activation_functions()
    lr_schedules()
    optimizer_paths()
