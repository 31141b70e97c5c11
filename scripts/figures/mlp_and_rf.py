"""Generate two figures whose geometry comes from numbers:

- content/params/img/mlp-3-5-2.svg: the 3-5-2 network of the parameter-count example;
- content/cnn/img/receptive-field-3x3.svg: two stacked 3x3 convolutions seeing a 5x5 input patch.

Run: python3 scripts/figures/mlp_and_rf.py
"""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "content"
STYLE = ("text{font-family:sans-serif;font-size:12px;fill:#333} .t{font-size:13px;font-weight:bold} "
         ".s{font-size:11px;fill:#555}")


def mlp():
    widths = [3, 5, 2]
    names = ["输入层 (3)", "隐藏层 (5)", "输出层 (2)"]
    colors = ["#cfe0f5", "#fde2a7", "#cfe8c9"]
    xs = [90, 270, 450]
    top, gap = 60, 46
    pos = []
    for w, x in zip(widths, xs):
        y0 = top + (5 - w) * gap / 2
        pos.append([(x, y0 + k * gap) for k in range(w)])
    p = []
    for a, b in zip(pos, pos[1:]):
        for (x1, y1) in a:
            for (x2, y2) in b:
                p.append(f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="#9aa7b8" stroke-width="1"/>')
    for layer, (nodes, color) in enumerate(zip(pos, colors)):
        for (x, y) in nodes:
            p.append(f'<circle cx="{x}" cy="{y}" r="14" fill="{color}" stroke="#555"/>')
            if layer > 0:
                p.append(f'<text class="s" x="{x + 18}" y="{y - 10}">+b</text>')
        p.append(f'<text x="{xs[layer]}" y="{top + 4 * gap + 40}" text-anchor="middle">{names[layer]}</text>')
    p.append(f'<text class="s" x="180" y="{top - 24}" text-anchor="middle">3×5 = 15 个权重，5 个偏置</text>')
    p.append(f'<text class="s" x="360" y="{top - 24}" text-anchor="middle">5×2 = 10 个权重，2 个偏置</text>')
    p.append(f'<text class="t" x="270" y="{top + 4 * gap + 70}" text-anchor="middle">(15 + 10) + (5 + 2) = 32</text>')
    body = "\n  ".join(p)
    return f'''<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 540 330" width="540" height="330" role="img" aria-labelledby="t d">
  <title id="t">3-5-2 全连接网络：15 + 10 个权重加 5 + 2 个偏置，共 32 个参数</title>
  <desc id="d">输入层 3 个神经元、隐藏层 5 个、输出层 2 个。输入层与隐藏层之间有 3×5=15 条连线（权重），隐藏层每个神经元带 1 个偏置；隐藏层与输出层之间有 5×2=10 条连线，输出层每个神经元带 1 个偏置。输入层没有参数。</desc>
  <style>{STYLE}</style>
  {body}
</svg>
'''


def cells(ox, oy, n, cell, highlighted):
    """An n x n grid; cells for which highlighted(r, c) is true are drawn in yellow."""
    out = []
    for r in range(n):
        for c in range(n):
            fill, stroke = ("#ffd56b", "#b58900") if highlighted(r, c) else ("#eef3fb", "#9db4d6")
            out.append(f'<rect x="{ox + c * cell}" y="{oy + r * cell}" width="{cell}" height="{cell}" fill="{fill}" stroke="{stroke}"/>')
    return out


def rf():
    cell = 22
    p = []
    # input 7x7, highlight the 5x5 seen by the output, outline the 3x3 window of one layer-1 pixel
    ox, oy = 20, 50
    p.append(f'<text class="s" x="{ox}" y="{oy - 12}">输入（7×7 中的 5×5 区域）</text>')
    p += cells(ox, oy, 7, cell, lambda r, c: 1 <= r <= 5 and 1 <= c <= 5)
    p.append(f'<rect x="{ox + 1 * cell}" y="{oy + 1 * cell}" width="{3 * cell}" height="{3 * cell}" fill="none" stroke="#a34a7f" stroke-width="3"/>')
    # layer 1: 5x5 output, the 3x3 block feeding the final pixel
    lx, ly = 230, 72
    p.append(f'<text class="s" x="{lx}" y="{ly - 12}">第 1 层输出（3×3 区域）</text>')
    p += cells(lx, ly, 5, cell, lambda r, c: 1 <= r <= 3 and 1 <= c <= 3)
    p.append(f'<rect x="{lx + cell}" y="{ly + cell}" width="{cell}" height="{cell}" fill="none" stroke="#a34a7f" stroke-width="3"/>')
    # layer 2: 3x3 output, the centre pixel
    tx, ty = 410, 94
    p.append(f'<text class="s" x="{tx}" y="{ty - 12}">第 2 层输出（1 个像素）</text>')
    p += cells(tx, ty, 3, cell, lambda r, c: r == 1 and c == 1)
    # connectors
    p.append(f'<path d="M{lx + cell} {ly + cell} L{ox + cell} {oy + cell} M{lx + cell} {ly + 2 * cell} L{ox + cell} {oy + 4 * cell}" stroke="#a34a7f" stroke-dasharray="4 3" fill="none"/>')
    p.append(f'<path d="M{tx + cell} {ty + cell} L{lx + cell} {ly + cell} M{tx + cell} {ty + 2 * cell} L{lx + cell} {ly + 4 * cell}" stroke="#b58900" stroke-dasharray="4 3" fill="none"/>')
    p.append(f'<text class="s" x="20" y="232">紫框：第 1 层一个像素看到输入的 3×3；相邻像素错开 1 格，3×3 个这样的窗口合起来是 5×5。</text>')
    p.append(f'<text class="s" x="20" y="250">stride 1 时每多一层 3×3，感受野 +2：3 → 5 → 7。</text>')
    body = "\n  ".join(p)
    return f'''<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 560 265" width="560" height="265" role="img" aria-labelledby="t d">
  <title id="t">两层 3×3 卷积：第 2 层的 1 个像素对应第 1 层的 3×3 区域，进而对应输入的 5×5 区域</title>
  <desc id="d">右侧第 2 层输出的中心像素由第 1 层输出的 3×3 区域计算得到；第 1 层这 3×3 个像素中的每一个又由输入的一个 3×3 窗口计算得到，例如左上角像素对应输入中紫框所示的 3×3 窗口。这些窗口彼此错开 1 格，合起来覆盖输入的 5×5 区域。</desc>
  <style>{STYLE}</style>
  {body}
</svg>
'''


def main():
    (ROOT / "params" / "img").mkdir(parents=True, exist_ok=True)
    (ROOT / "params" / "img" / "mlp-3-5-2.svg").write_text(mlp(), encoding="utf-8")
    (ROOT / "cnn" / "img" / "receptive-field-3x3.svg").write_text(rf(), encoding="utf-8")
    print("wrote mlp-3-5-2.svg and receptive-field-3x3.svg")


if __name__ == "__main__":
    main()
