"""Generate content/normalization/img/norm-axes.svg: which elements of an N x C x (H,W)
activation tensor share one mean/variance under BN, LN, IN and GN.

Only the three visible faces of each cube are drawn (front: C x HW for sample 0, top: C x N,
right: N x HW for the last channel), like the figure in Wu & He (2018), but drawn from our own
code. Run: python3 scripts/figures/normalization_cubes.py
"""
import os

C, N, HW = 6, 4, 4          # channels (x), samples (depth), spatial rows (y)
CW, RH = 18, 18             # cell width / height on the front face
DX, DY = 11, -9             # oblique offset per sample (depth)
SHADE, PLAIN, EDGE = "#4f8fd6", "#eef3fb", "#5a6f8f"

PANELS = [
    ("Batch Norm", "BN：每个通道一组，跨 N、H、W", lambda n, c: c == 0),
    ("Layer Norm", "LN：每个样本一组，跨 C、H、W", lambda n, c: n == 0),
    ("Instance Norm", "IN：每样本每通道一组，跨 H、W", lambda n, c: n == 0 and c == 0),
    ("Group Norm", "GN：每样本每组通道一组（2 组）", lambda n, c: n == 0 and c < C // 2),
]


def poly(points, fill):
    pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    return f'<polygon points="{pts}" fill="{fill}" stroke="{EDGE}" stroke-width="0.8"/>'


def cube(ox, oy, selected):
    """ox, oy: bottom-left corner of the front face."""
    out = []
    top = oy - HW * RH
    # front face: sample n = 0, cells (c, row)
    for c in range(C):
        for r in range(HW):
            x, y = ox + c * CW, top + r * RH
            fill = SHADE if selected(0, c) else PLAIN
            out.append(poly([(x, y), (x + CW, y), (x + CW, y + RH), (x, y + RH)], fill))
    # top face: cells (c, n), n = 0 at the front
    for n in range(N):
        for c in range(C):
            x0, y0 = ox + c * CW + n * DX, top + n * DY
            fill = SHADE if selected(n, c) else PLAIN
            out.append(poly([(x0, y0), (x0 + CW, y0), (x0 + CW + DX, y0 + DY), (x0 + DX, y0 + DY)], fill))
    # right face: last channel, cells (n, row)
    xr = ox + C * CW
    for n in range(N):
        for r in range(HW):
            x0, y0 = xr + n * DX, top + r * RH + n * DY
            fill = SHADE if selected(n, C - 1) else PLAIN
            out.append(poly([(x0, y0), (x0 + DX, y0 + DY), (x0 + DX, y0 + DY + RH), (x0, y0 + RH)], fill))
    # axis labels
    out.append(f'<text x="{ox + C * CW / 2:.0f}" y="{oy + 16}" text-anchor="middle">C（通道）</text>')
    out.append(f'<text x="{ox - 6}" y="{top + HW * RH / 2 + 4:.0f}" text-anchor="end">H,W</text>')
    out.append(f'<text x="{xr + N * DX + 4}" y="{top + N * DY + 2:.0f}">N（样本）</text>')
    return out


def main():
    pw, width, height = 235, 4 * 235 + 20, 230
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="t d" font-family="sans-serif">',
        '<title id="t">BN、LN、IN、GN 分别在 N、C、(H,W) 的哪些轴上求均值和方差</title>',
        '<desc id="d">四个由 N（样本）、C（通道）、H,W（空间）组成的立方体，'
        '蓝色格子是共用同一组均值和方差的元素：BN 为一个通道的全部样本和位置，LN 为一个样本的全部通道和位置，'
        'IN 为一个样本的一个通道，GN 为一个样本的一组通道。</desc>',
        '<style>text{font-size:12px;fill:#333} .h{font-size:14px;font-weight:bold} .s{font-size:11px;fill:#555}</style>',
    ]
    for i, (name, sub, sel) in enumerate(PANELS):
        ox = 10 + i * pw + 40
        parts.append(f'<text class="h" x="{10 + i * pw + pw / 2 - 5:.0f}" y="22" text-anchor="middle">{name}</text>')
        parts.extend(cube(ox, 175, sel))
        parts.append(f'<text class="s" x="{10 + i * pw + pw / 2 - 5:.0f}" y="218" text-anchor="middle">{sub}</text>')
    parts.append("</svg>")
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "..", "content", "normalization", "img", "norm-axes.svg")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(parts) + "\n")


if __name__ == "__main__":
    main()
