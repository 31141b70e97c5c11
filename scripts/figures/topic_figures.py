"""Generates the SVG figures of the trees, metrics, losses, clustering, detection and distributed-training articles
(content/<category>/img/), plain python3, deterministic.

Run from the repository root:  python3 scripts/figures/topic_figures.py
"""
import contextlib
import io
import math
import os
import re

CONTENT = os.path.join(os.path.dirname(__file__), "..", "..", "content")
STYLE = ("<style>text{font-family:sans-serif;font-size:13px;fill:#333}"
         ".s{font-size:11px;fill:#555}</style>")
COLORS = ["#1f4e9c", "#c0602a", "#2e8b57", "#8e44ad", "#888"]


def f1(v):
    return f"{v:.1f}"


def svg(category, name, w, h, title, body):
    out = os.path.join(CONTENT, category, "img")
    os.makedirs(out, exist_ok=True)
    text = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
            f'role="img" aria-labelledby="t" font-family="sans-serif">\n'
            f'  <title id="t">{title}</title>\n  {STYLE}\n' + "\n".join("  " + b for b in body) + "\n</svg>\n")
    with open(os.path.join(out, name), "w", encoding="utf-8") as fh:
        fh.write(text)


def chart(box, xr, yr, xticks, yticks, series, xlabel, legend_at):
    """Line chart inside box = (left, top, right, bottom); series = [(points, label, dashed)]."""
    L, T, R, B = box
    X = lambda x: L + (x - xr[0]) / (xr[1] - xr[0]) * (R - L)
    Y = lambda y: B - (y - yr[0]) / (yr[1] - yr[0]) * (B - T)
    body = [f'<rect x="{L}" y="{T}" width="{R - L}" height="{B - T}" fill="none" stroke="#ccc"/>']
    for v in yticks:
        body.append(f'<line x1="{L}" y1="{f1(Y(v))}" x2="{R}" y2="{f1(Y(v))}" stroke="#eee"/>')
        body.append(f'<text class="s" x="{L - 6}" y="{f1(Y(v) + 4)}" text-anchor="end">{v:g}</text>')
    for v in xticks:
        body.append(f'<text class="s" x="{f1(X(v))}" y="{B + 16}" text-anchor="middle">{v:g}</text>')
    body.append(f'<text x="{(L + R) / 2:.0f}" y="{B + 34}" text-anchor="middle">{xlabel}</text>')
    lx, ly = legend_at
    for i, (pts, label, dashed) in enumerate(series):
        color = COLORS[i % len(COLORS)]
        dash = ' stroke-dasharray="5 4"' if dashed else ""
        coords = " ".join(f"{f1(X(x))},{f1(Y(y))}" for x, y in pts)
        body.append(f'<polyline points="{coords}" fill="none" stroke="{color}" stroke-width="2.2"{dash}/>')
        body.append(f'<line x1="{lx}" y1="{ly + 20 * i - 4}" x2="{lx + 26}" y2="{ly + 20 * i - 4}" '
                    f'stroke="{color}" stroke-width="2.2"{dash}/>')
        body.append(f'<text x="{lx + 32}" y="{ly + 20 * i}">{label}</text>')
    return body, X, Y


def example_globals(category, slug, index=0):
    """Runs the index-th runnable example of an article (its printout discarded) and returns its variables,
    so a figure shows exactly the numbers the article prints."""
    with open(os.path.join(CONTENT, category, slug + ".md"), encoding="utf-8") as fh:
        code = re.findall(r"```python runnable\n(.*?)```", fh.read(), re.S)[index]
    scope = {"__name__": "example"}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(code, scope)
    return scope


def grid(a, b, n):
    return [a + (b - a) * k / n for k in range(n + 1)]


def impurity_curves():
    ps = grid(0.0, 1.0, 200)
    h = lambda p: 0.0 if p in (0.0, 1.0) else -p * math.log2(p) - (1 - p) * math.log2(1 - p)
    series = [([(p, h(p)) for p in ps], "熵 H(p)", False),
              ([(p, h(p) / 2) for p in ps], "熵的一半 H(p)/2", True),
              ([(p, 2 * p * (1 - p)) for p in ps], "基尼指数 2p(1−p)", False),
              ([(p, min(p, 1 - p)) for p in ps], "误分类率 min(p, 1−p)", False)]
    body, _, _ = chart((50, 20, 450, 260), (0, 1), (0, 1.05), grid(0, 1, 5), [0, 0.25, 0.5, 0.75, 1],
                       series, "二分类中正类的比例 p", (470, 60))
    svg("trees", "impurity-curves.svg", 680, 310,
        "二分类时三种不纯度随正类比例 p 的变化：都在 p=0.5 最大；熵的一半与基尼指数几乎重合；误分类率是折线", body)


def tree_growth():
    # Both trees end with 4 leaves after 3 splits; the number on an edge-less internal node is its split order.
    def draw(ox, title, nodes, edges):
        out = [f'<text x="{ox + 150}" y="24" text-anchor="middle">{title}</text>']
        for a, b in edges:
            (x1, y1, _), (x2, y2, _) = nodes[a], nodes[b]
            out.append(f'<line x1="{ox + x1}" y1="{y1}" x2="{ox + x2}" y2="{y2}" stroke="#999" stroke-width="1.5"/>')
        for x, y, label in nodes.values():
            leaf = label == ""
            fill = "#e3e9f4" if leaf else "#1f4e9c"
            out.append(f'<circle cx="{ox + x}" cy="{y}" r="14" fill="{fill}" stroke="#1f4e9c"/>')
            if not leaf:
                out.append(f'<text x="{ox + x}" y="{y + 5}" text-anchor="middle" style="fill:#fff">{label}</text>')
        return out
    level = {"r": (150, 60, "1"), "a": (80, 130, "2"), "b": (220, 130, "3"),
             "a1": (45, 200, ""), "a2": (115, 200, ""), "b1": (185, 200, ""), "b2": (255, 200, "")}
    leaf = {"r": (150, 60, "1"), "a": (80, 130, ""), "b": (220, 130, "2"),
            "b1": (170, 200, "3"), "b2": (270, 200, ""), "c1": (130, 270, ""), "c2": (210, 270, "")}
    body = draw(0, "按层生长（level-wise，XGBoost 默认）", level,
                [("r", "a"), ("r", "b"), ("a", "a1"), ("a", "a2"), ("b", "b1"), ("b", "b2")])
    body += draw(320, "按叶生长（leaf-wise，LightGBM）", leaf,
                 [("r", "a"), ("r", "b"), ("b", "b1"), ("b", "b2"), ("b1", "c1"), ("b1", "c2")])
    body.append('<text class="s" x="320" y="315" text-anchor="middle">'
                '深色 = 内部节点（数字为分裂顺序），浅色 = 叶子；两棵树都做了 3 次分裂、有 4 个叶子</text>')
    svg("trees", "tree-growth.svg", 640, 330,
        "按层生长把同一深度的节点全部分裂；按叶生长每次只分裂增益最大的叶子，同样叶子数下树更深", body)


def roc_pr():
    # Same 12 labels and scores as the runnable example of ml/classification-metrics.md.
    y = [1, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 0]
    s = [0.95, 0.85, 0.85, 0.80, 0.70, 0.60, 0.55, 0.50, 0.40, 0.30, 0.20, 0.10]
    P, N = sum(y), len(y) - sum(y)
    roc, pr = [(0.0, 0.0)], []
    for t in sorted(set(s), reverse=True):
        tp = sum(1 for yi, si in zip(y, s) if si >= t and yi)
        fp = sum(1 for yi, si in zip(y, s) if si >= t and not yi)
        roc.append((fp / N, tp / P))
        pr.append((tp / P, tp / (tp + fp)))
    # AP = sum of (R_n - R_{n-1}) * P_n: each recall step drawn at the precision where it is reached.
    pr_steps, prev = [], 0.0
    for r, p in pr:
        if r > prev:
            pr_steps += [(prev, p), (r, p)]
            prev = r
    ticks = grid(0, 1, 4)
    body, _, _ = chart((50, 30, 290, 270), (0, 1), (0, 1), ticks, ticks,
                       [(roc, "ROC（AUC = 0.7639）", False), ([(0, 0), (1, 1)], "随机打分", True)],
                       "假正例率 FPR", (120, 250))
    body.append('<text x="170" y="20" text-anchor="middle">ROC 曲线（纵轴：召回率 TPR）</text>')
    right, _, _ = chart((370, 30, 610, 270), (0, 1), (0, 1), ticks, ticks,
                        [(pr_steps, "PR（AP = 0.7552）", False), ([(0, 0.5), (1, 0.5)], "随机打分 = 正例比例", True)],
                        "召回率 recall", (390, 230))
    body += right
    body.append('<text x="490" y="20" text-anchor="middle">PR 曲线（纵轴：精确率 precision）</text>')
    svg("ml", "roc-pr-curves.svg", 640, 320,
        "同一组 12 个样本的 ROC 曲线与 PR 曲线：并列分数使 ROC 出现一段斜线；随机打分的 ROC 是对角线，PR 是正例比例处的水平线", body)


def loss_curves():
    rs = grid(-3, 3, 240)
    huber = lambda r: 0.5 * r * r if abs(r) <= 1 else abs(r) - 0.5
    body, _, _ = chart((50, 30, 290, 250), (-3, 3), (0, 4.5), [-3, -2, -1, 0, 1, 2, 3], [0, 1, 2, 3, 4],
                       [([(r, 0.5 * r * r) for r in rs if 0.5 * r * r <= 4.5], "平方 r²/2", False),
                        ([(r, abs(r)) for r in rs], "绝对值 |r|", False),
                        ([(r, huber(r)) for r in rs], "Huber（δ = 1）", True)],
                       "残差 r = 预测 − 真实", (120, 50))
    body.append('<text x="170" y="20" text-anchor="middle">回归损失</text>')
    ps = grid(0.01, 1, 198)
    focal = [([(p, (1 - p) ** g * -math.log(p)) for p in ps if (1 - p) ** g * -math.log(p) <= 4.5],
              f"γ = {g:g}" + ("（交叉熵）" if g == 0 else ""), False) for g in (0, 0.5, 1, 2, 5)]
    right, _, _ = chart((370, 30, 610, 250), (0, 1), (0, 4.5), grid(0, 1, 4), [0, 1, 2, 3, 4],
                        focal, "正确类别的概率 p_t", (480, 60))
    body += right
    body.append('<text x="490" y="20" text-anchor="middle">focal loss −(1 − p_t)^γ log p_t</text>')
    svg("training", "loss-curves.svg", 640, 300,
        "左：平方、绝对值与 Huber 损失随残差的变化，Huber 在 |r|≤1 内是平方、之外是线性；"
        "右：focal loss 随正确类别概率的变化，γ 越大，易分样本（p_t 接近 1）的损失被压得越低", body)


def gmm_em():
    ex = example_globals("ml", "kmeans-gmm-em")
    data, pi, mu, var, pdf = ex["data"], ex["pi"], ex["mu"], ex["var"], ex["normal_pdf"]
    lo, width, nbins = -4.0, 0.5, 28
    counts = [0] * nbins
    for x in data:
        counts[min(nbins - 1, max(0, int((x - lo) // width)))] += 1
    dens = [c / (len(data) * width) for c in counts]
    xs = grid(lo, lo + nbins * width, 280)
    series = [([(x, pi[0] * pdf(x, mu[0], var[0])) for x in xs], "分量 1：π₁·N(μ₁, σ₁²)", True),
              ([(x, pi[1] * pdf(x, mu[1], var[1])) for x in xs], "分量 2：π₂·N(μ₂, σ₂²)", True),
              ([(x, sum(pi[k] * pdf(x, mu[k], var[k]) for k in range(2))) for x in xs], "混合密度", False)]
    body, X, Y = chart((50, 20, 450, 250), (lo, lo + nbins * width), (0, 0.35), list(range(-4, 11, 2)),
                       [0, 0.1, 0.2, 0.3], series, "x", (470, 60))
    bars = [f'<rect x="{f1(X(lo + i * width))}" y="{f1(Y(d))}" width="{f1(X(lo + width) - X(lo))}" '
            f'height="{f1(Y(0) - Y(d))}" fill="#dde3ea" stroke="#fff"/>' for i, d in enumerate(dens)]
    body = body[:1] + bars + body[1:]
    body.append('<rect x="470" y="118" width="26" height="10" fill="#dde3ea"/>')
    body.append('<text x="502" y="128">数据直方图</text>')
    svg("ml", "gmm-em.svg", 700, 300,
        "500 个一维样本的直方图，以及 EM 拟合出的两个加权高斯分量（虚线）和它们的混合密度（实线）", body)


def fpn():
    arrow = ('<defs><marker id="a" viewBox="0 0 6 6" refX="6" refY="3" markerWidth="7" markerHeight="7" orient="auto">'
             '<path d="M0 0L6 3L0 6z" fill="#555"/></marker></defs>')
    body = [arrow]
    left, right = 170, 450
    levels = {2: (4, 120, 300), 3: (8, 90, 215), 4: (16, 64, 140), 5: (32, 44, 75)}   # stride, drawn width, y
    half = {lvl: w * 0.45 / 2 for lvl, (_, w, _) in levels.items()}
    for lvl, (stride, w, y) in levels.items():
        for cx, fill, stroke in ((left, "#e3e9f4", "#1f4e9c"), (right, "#fbe5d6", "#c0602a")):
            body.append(f'<rect x="{f1(cx - w / 2)}" y="{f1(y - half[lvl])}" width="{w}" height="{f1(2 * half[lvl])}" '
                        f'fill="{fill}" stroke="{stroke}"/>')
        body.append(f'<text x="{f1(left - w / 2 - 8)}" y="{y + 4}" text-anchor="end">C{lvl}（1/{stride}）</text>')
        body.append(f'<text x="{f1(right + w / 2 + 8)}" y="{y + 4}">P{lvl} → 预测头</text>')
        body.append(f'<line x1="{f1(left + w / 2 + 4)}" y1="{y}" x2="{f1(right - w / 2 - 6)}" y2="{y}" '
                    f'stroke="#555" stroke-width="1.5" marker-end="url(#a)"/>')
        body.append(f'<text class="s" x="{(left + right) / 2:.0f}" y="{y - 6}" text-anchor="middle">1×1 卷积（横向连接）</text>')
    for hi, lo in [(5, 4), (4, 3), (3, 2)]:
        y_hi, y_lo = levels[hi][2], levels[lo][2]
        body.append(f'<line x1="{right}" y1="{f1(y_hi + half[hi] + 2)}" x2="{right}" y2="{f1(y_lo - half[lo] - 3)}" '
                    f'stroke="#c0602a" stroke-width="1.5" marker-end="url(#a)"/>')
        body.append(f'<text class="s" x="{right + 8}" y="{(y_hi + y_lo) / 2 + 4:.0f}">2× 上采样，逐元素相加</text>')
        body.append(f'<line x1="{left}" y1="{f1(y_lo - half[lo] - 2)}" x2="{left}" y2="{f1(y_hi + half[hi] + 3)}" '
                    f'stroke="#1f4e9c" stroke-width="1.5" marker-end="url(#a)"/>')
    body.append(f'<text x="{left}" y="30" text-anchor="middle">自底向上（骨干网络）</text>')
    body.append(f'<text x="{right}" y="30" text-anchor="middle">自顶向下 + 横向连接</text>')
    body.append(f'<text class="s" x="{(left + right) / 2:.0f}" y="360" text-anchor="middle">'
                '每个 Pk 再经 3×3 卷积消除上采样的混叠；所有层共享同一个预测头，高层负责大目标、低层负责小目标</text>')
    svg("detection", "fpn.svg", 640, 375,
        "特征金字塔网络：骨干网络自底向上得到 C2–C5，自顶向下逐层 2 倍上采样并与 1×1 卷积后的同尺度特征相加，得到 P2–P5", body)

def zero_memory():
    # Bytes per parameter in mixed-precision Adam (ZeRO paper): fp16 params 2, fp16 grads 2, fp32 optimizer states 12.
    psi, nd = 7.5e9, 64
    # (label, bytes per parameter, colour, first ZeRO stage that shards it across the nd ranks)
    parts = [("fp16 参数 2Ψ", 2, "#1f4e9c", 3), ("fp16 梯度 2Ψ", 2, "#2e8b57", 2),
             ("fp32 主权重 + 一阶矩 + 二阶矩 12Ψ", 12, "#c0602a", 1)]
    rows = [("数据并行", 0), ("ZeRO-1", 1), ("ZeRO-2", 2), ("ZeRO-3", 3)]
    L, R = 110, 600
    X = lambda gb: L + gb / 120 * (R - L)
    body = []
    for i, (label, stage) in enumerate(rows):
        y = 40 + i * 50
        x, total = L, 0.0
        for _, per, color, from_stage in parts:
            gb = per * psi / (nd if stage >= from_stage else 1) / 1e9
            body.append(f'<rect x="{f1(x)}" y="{y}" width="{f1(max(X(gb) - L, 1.5))}" height="28" fill="{color}"/>')
            x += X(gb) - L
            total += gb
        body.append(f'<text x="{L - 8}" y="{y + 19}" text-anchor="end">{label}</text>')
        body.append(f'<text x="{f1(x + 6)}" y="{y + 19}">{total:.2f} GB</text>')
    for gb in (0, 30, 60, 90, 120):
        body.append(f'<text class="s" x="{f1(X(gb))}" y="252" text-anchor="middle">{gb}</text>')
    body.append(f'<text x="{(L + R) / 2:.0f}" y="272" text-anchor="middle">每张卡的模型状态显存（GB），Ψ = 75 亿参数，64 路数据并行</text>')
    for k, (name, _, color, _) in enumerate(parts):
        body.append(f'<rect x="{110 + k * 170}" y="290" width="14" height="14" fill="{color}"/>')
        body.append(f'<text class="s" x="{130 + k * 170}" y="302">{name}</text>')
    svg("training", "zero-memory.svg", 680, 320,
        "ZeRO 三个阶段每张卡的模型状态显存：不切分 120 GB，切分优化器状态后 31.41 GB，再切分梯度 16.64 GB，再切分参数 1.88 GB", body)


if __name__ == "__main__":
    zero_memory()
    fpn()
    gmm_em()
    loss_curves()
    roc_pr()
    impurity_curves()
    tree_growth()
