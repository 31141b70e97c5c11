"""Generate content/training/img/sigmoid-derivative.svg: sigmoid and its derivative (max 1/4 at 0).
Run: python3 scripts/figures/sigmoid_derivative.py
"""
import math
import os

W, H = 520, 280
L, R, T, B = 50, 20, 20, 40          # margins
XMIN, XMAX, YMIN, YMAX = -6.0, 6.0, 0.0, 1.0


def sx(x):
    return L + (x - XMIN) / (XMAX - XMIN) * (W - L - R)


def sy(y):
    return H - B - (y - YMIN) / (YMAX - YMIN) * (H - T - B)


def path(f):
    pts = []
    for i in range(241):
        x = XMIN + (XMAX - XMIN) * i / 240
        pts.append(f"{sx(x):.1f},{sy(f(x)):.1f}")
    return "M" + " L".join(pts)


def sig(x):
    return 1 / (1 + math.exp(-x))


def main():
    p = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="{W}" height="{H}" '
        'role="img" aria-labelledby="t d" font-family="sans-serif">',
        '<title id="t">sigmoid 函数及其导数：导数最大值 0.25 出现在 x = 0</title>',
        '<desc id="d">蓝线为 sigmoid(x)，从 0 平滑上升到 1；橙线为导数 sigmoid(x)(1 - sigmoid(x))，'
        '在 x = 0 处取最大值 0.25，|x| 大于 5 左右时接近 0（饱和区）。</desc>',
        '<style>text{font-size:12px;fill:#333}</style>',
    ]
    # grid and axes
    for y in (0.25, 0.5, 0.75, 1.0):
        p.append(f'<line x1="{L}" y1="{sy(y):.1f}" x2="{W - R}" y2="{sy(y):.1f}" stroke="#e3e3e3"/>')
        p.append(f'<text x="{L - 6}" y="{sy(y) + 4:.1f}" text-anchor="end">{y:g}</text>')
    p.append(f'<line x1="{L}" y1="{sy(0):.1f}" x2="{W - R}" y2="{sy(0):.1f}" stroke="#666"/>')
    p.append(f'<line x1="{sx(0):.1f}" y1="{T}" x2="{sx(0):.1f}" y2="{sy(0):.1f}" stroke="#666"/>')
    for x in range(-6, 7, 2):
        p.append(f'<text x="{sx(x):.1f}" y="{sy(0) + 16:.1f}" text-anchor="middle">{x}</text>')
    p.append(f'<text x="{W - R}" y="{H - 6}" text-anchor="end">x</text>')
    p.append(f'<path d="{path(sig)}" fill="none" stroke="#2f6fbf" stroke-width="2"/>')
    p.append(f'<path d="{path(lambda x: sig(x) * (1 - sig(x)))}" fill="none" stroke="#e07b00" stroke-width="2"/>')
    p.append(f'<circle cx="{sx(0):.1f}" cy="{sy(0.25):.1f}" r="3.5" fill="#e07b00"/>')
    p.append(f'<text x="{sx(0) + 8:.1f}" y="{sy(0.25) - 6:.1f}">最大值 σ′(0) = 0.25</text>')
    p.append(f'<text x="{sx(2.6):.1f}" y="{sy(0.86):.1f}" fill="#2f6fbf">σ(x)</text>')
    p.append(f'<text x="{sx(2.2):.1f}" y="{sy(0.16):.1f}" fill="#e07b00">σ′(x) = σ(x)(1 − σ(x))</text>')
    p.append("</svg>")
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(here, "..", "..", "content", "training", "img", "sigmoid-derivative.svg")
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(p) + "\n")


if __name__ == "__main__":
    main()
