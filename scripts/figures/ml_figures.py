"""Generates the SVG figures of content/ml/img/ (plain python3, deterministic).

Run from the repository root:  python3 scripts/figures/ml_figures.py
"""
import math
import os
import random

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "content", "ml", "img")
STYLE = ("<style>text{font-family:sans-serif;font-size:13px;fill:#333}"
         ".s{font-size:11px;fill:#555}</style>")


def svg(name, w, h, title, body):
    text = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
            f'role="img" aria-labelledby="t" font-family="sans-serif">\n'
            f'  <title id="t">{title}</title>\n  {STYLE}\n' + "\n".join("  " + b for b in body) + "\n</svg>\n")
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as fh:
        fh.write(text)


def f1(v):
    return f"{v:.1f}"


def bias_variance():
    rng = random.Random(7)
    body = []
    cells = [("低偏差 · 低方差", 0, 0, 10), ("低偏差 · 高方差", 0, 0, 30),
             ("高偏差 · 低方差", 32, -22, 10), ("高偏差 · 高方差", 32, -22, 30)]
    for idx, (label, bx, by, spread) in enumerate(cells):
        cx = 110 + (idx % 2) * 220
        cy = 100 + (idx // 2) * 215
        for r, fill in [(80, "#f4f6fa"), (60, "#e3e9f4"), (40, "#c9d6ec"), (20, "#f2b8b5")]:
            body.append(f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="{fill}" stroke="#8aa0c0"/>')
        for _ in range(12):
            x = cx + bx + rng.gauss(0, spread * 0.6)
            y = cy + by + rng.gauss(0, spread * 0.6)
            body.append(f'<circle cx="{f1(x)}" cy="{f1(y)}" r="4" fill="#1f4e9c" stroke="#fff"/>')
        body.append(f'<text x="{cx}" y="{cy + 102}" text-anchor="middle">{label}</text>')
    body.append('<text class="s" x="220" y="448" text-anchor="middle">'
                '靶心 = 真实函数 f(x)；每个点 = 用一份不同训练集学到的模型在 x 处的预测</text>')
    svg("bias-variance-targets.svg", 440, 460,
        "偏差与方差的靶图：偏差是点群中心离靶心的距离，方差是点群的分散程度", body)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    bias_variance()
