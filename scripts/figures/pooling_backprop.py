"""Generate content/cnn/img/pooling-backprop.svg: how max and average pooling route gradients.

The numbers are computed here (plain Python, 2x2 window, stride 2) so the picture always matches
the worked example in content/cnn/pooling-backprop.md. Run: python3 scripts/figures/pooling_backprop.py
"""
from pathlib import Path

X = [[1, 3, 2, 1], [4, 2, 0, 1], [5, 6, 1, 2], [1, 2, 7, 3]]
K = 2
COLORS = ["#fde2a7", "#cfe8c9", "#cfe0f5", "#f3d0e3"]  # one colour per pooling window
STROKE = ["#b58900", "#4d8f3f", "#3f6fae", "#a34a7f"]
CELL = 34


def windows(n):
    for a in range(0, n, K):
        for b in range(0, n, K):
            yield a // K, b // K, [(a + i, b + j) for i in range(K) for j in range(K)]


def max_backward(x, g):
    grad = [[0.0] * len(x) for _ in x]
    wins = {}
    for oi, oj, cells in windows(len(x)):
        best = max(cells, key=lambda p: x[p[0]][p[1]])  # max() keeps the first maximum, like PyTorch
        grad[best[0]][best[1]] += g[oi][oj]
        wins[(oi, oj)] = best
    return grad, wins


def avg_backward(x, g):
    grad = [[0.0] * len(x) for _ in x]
    for oi, oj, cells in windows(len(x)):
        for p in cells:
            grad[p[0]][p[1]] += g[oi][oj] / (K * K)
    return grad


def fmt(v):
    return "0" if v == 0 else (f"{v:g}" if isinstance(v, int) else f"{v:.2f}".rstrip("0").rstrip("."))


def grid(ox, oy, values, title, fill_of, bold_of=lambda i, j: False, cell=CELL):
    out = [f'<text class="h" x="{ox}" y="{oy - 10}">{title}</text>']
    for i, row in enumerate(values):
        for j, v in enumerate(row):
            fill, stroke = fill_of(i, j)
            x, y = ox + j * cell, oy + i * cell
            out.append(f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{fill}" stroke="{stroke}"/>')
            weight = ' font-weight="bold"' if bold_of(i, j) else ""
            out.append(f'<text x="{x + cell / 2}" y="{y + cell / 2 + 4}" text-anchor="middle"{weight}>{fmt(v)}</text>')
    return out


def win_color(i, j):
    w = (i // K) * 2 + (j // K)
    return COLORS[w], STROKE[w]


def main():
    g_max = [[0.1, 0.2], [0.3, 0.4]]
    g_avg = [[0.4, 0.8], [1.2, 1.6]]
    gmax, wins = max_backward(X, g_max)
    gavg = avg_backward(X, g_avg)
    ymax = [[X[wins[(a, b)][0]][wins[(a, b)][1]] for b in range(2)] for a in range(2)]
    yavg = [[0.0] * 2 for _ in range(2)]
    for oi, oj, cells in windows(4):
        yavg[oi][oj] = sum(X[p][q] for p, q in cells) / (K * K)
    is_max = lambda i, j: (i, j) in wins.values()
    small = lambda i, j: (COLORS[i * 2 + j], STROKE[i * 2 + j])
    parts = []
    # row 1: max pooling
    parts += ['<text class="t" x="10" y="22">最大池化 (2×2, stride 2)：梯度只回到每个窗口的最大值位置</text>']
    parts += grid(20, 56, X, "输入 x（粗体 = 窗口最大值）", win_color, is_max)
    parts += grid(220, 90, ymax, "输出 y", small)
    parts += grid(340, 90, g_max, "上游梯度 ∂L/∂y", small)
    parts += grid(480, 56, gmax, "∂L/∂x", lambda i, j: win_color(i, j) if is_max(i, j) else ("#ffffff", "#bbbbbb"), is_max)
    # row 2: average pooling
    oy = 250
    parts += [f'<text class="t" x="10" y="{oy - 28}">平均池化 (2×2, stride 2)：梯度除以 4 平分给窗口内每个位置</text>']
    parts += grid(20, oy, X, "输入 x", win_color)
    parts += grid(220, oy + 34, yavg, "输出 y", small)
    parts += grid(340, oy + 34, g_avg, "上游梯度 ∂L/∂y", small)
    parts += grid(480, oy, gavg, "∂L/∂x", win_color)
    arrows = []
    for y in (124, oy + 68):
        arrows += [f'<path class="ar" d="M162 {y} L212 {y}"/>', f'<path class="ar" d="M424 {y} L472 {y}"/>']
    svg = f'''<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 410" width="640" height="410" role="img" aria-labelledby="t d">
  <title id="t">最大池化与平均池化的反向传播：最大池化把梯度送回最大值位置，平均池化把梯度平分</title>
  <desc id="d">4×4 输入，2×2 窗口、步长 2。最大池化时，上游梯度 0.1、0.2、0.3、0.4 分别只落在四个窗口的最大值 4、2、6、7 的位置，其余为 0；平均池化时，上游梯度 0.4、0.8、1.2、1.6 各除以 4，得到 0.1、0.2、0.3、0.4 填满各自窗口。</desc>
  <style>text{{font-family:sans-serif;font-size:12px;fill:#333}} .h{{font-size:12px;fill:#555}} .t{{font-size:13px;font-weight:bold}} .ar{{stroke:#666;fill:none;marker-end:url(#a)}}</style>
  <defs><marker id="a" markerWidth="8" markerHeight="8" refX="6" refY="3" orient="auto"><path d="M0 0L6 3L0 6z" fill="#666"/></marker></defs>
  {chr(10).join("  " + p for p in parts + arrows).strip()}
</svg>
'''
    out = Path(__file__).resolve().parents[2] / "content" / "cnn" / "img" / "pooling-backprop.svg"
    out.write_text(svg, encoding="utf-8")
    print("wrote", out)


if __name__ == "__main__":
    main()
