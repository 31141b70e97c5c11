"""Generates the SVG figures of content/ml/img/ (plain python3, deterministic).

Run from the repository root:  python3 scripts/figures/ml_figures.py
"""
import math
import os
import random
import re

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "content", "ml", "img")
def rf_example_source():
    """The runnable random-forest example of the article, minus its printing part (single source of truth)."""
    path = os.path.join(OUT, "..", "random-forest-overfitting.md")
    with open(path, encoding="utf-8") as fh:
        block = re.search(r"```python runnable\n(.*?)```", fh.read(), re.S).group(1)
    return block.split("single = build")[0]

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


def svm_margin():
    # Same 8 points and the exact solution w = (6/7, 4/7), b = -13/7 as the SMO example in svm-derivation.md.
    pos = [(2, 2), (3, 3), (3, 1), (4, 2.5)]
    neg = [(0, 0), (1, 0), (0, 1.5), (-1, 1)]
    sv = {(2, 2), (1, 0), (0, 1.5)}
    w1, w2, b = 6 / 7, 4 / 7, -13 / 7
    ox, oy, s = 170, 290, 60           # pixel of data (0, 0) and pixels per unit

    def px(x, y):
        return ox + x * s, oy - y * s

    body = ['<rect x="0" y="0" width="520" height="400" fill="#fff"/>']
    body.append(f'<path d="M{f1(px(-2.6, 0)[0])} {oy}H{f1(px(5.6, 0)[0])}M{ox} {f1(px(0, -0.8)[1])}V{f1(px(0, 4.6)[1])}" '
                'stroke="#bbb" stroke-width="1"/>')
    for c, dash, color in [(0, "", "#333"), (1, ' stroke-dasharray="6 4"', "#1f4e9c"), (-1, ' stroke-dasharray="6 4"', "#c0602a")]:
        ya, yb = -0.8, 4.5                # clip every line to the plotted y range
        xa, xb = (c - b - w2 * ya) / w1, (c - b - w2 * yb) / w1
        (x1, y1), (x2, y2) = px(xa, ya), px(xb, yb)
        body.append(f'<line x1="{f1(x1)}" y1="{f1(y1)}" x2="{f1(x2)}" y2="{f1(y2)}" stroke="{color}" stroke-width="2"{dash}/>')
    for (x, y) in pos:
        cx, cy = px(x, y)
        body.append(f'<circle cx="{f1(cx)}" cy="{f1(cy)}" r="7" fill="#1f4e9c"/>')
    for (x, y) in neg:
        cx, cy = px(x, y)
        body.append(f'<rect x="{f1(cx - 6)}" y="{f1(cy - 6)}" width="12" height="12" fill="#c0602a"/>')
    for (x, y) in sv:
        cx, cy = px(x, y)
        body.append(f'<circle cx="{f1(cx)}" cy="{f1(cy)}" r="13" fill="none" stroke="#2a9d4b" stroke-width="2.5"/>')
    # margin arrow: from support vector (1, 0) along w to the +1 line
    n2 = w1 * w1 + w2 * w2
    t = 2 / n2
    (ax, ay), (bx, by) = px(1, 0), px(1 + t * w1, t * w2)
    body.append('<defs><marker id="m" markerWidth="8" markerHeight="8" refX="6" refY="3" orient="auto-start-reverse">'
                '<path d="M0 0L6 3L0 6z" fill="#444"/></marker></defs>')
    body.append(f'<line x1="{f1(ax)}" y1="{f1(ay)}" x2="{f1(bx)}" y2="{f1(by)}" stroke="#444" stroke-width="1.5" '
                'marker-start="url(#m)" marker-end="url(#m)"/>')
    mx, my = (ax + bx) / 2, (ay + by) / 2
    body.append(f'<text x="{f1(mx + 10)}" y="{f1(my + 22)}" '
                'style="paint-order:stroke;stroke:#fff;stroke-width:5px">间隔 2/‖w‖</text>')
    for c, label, color in [(0, "wᵀx+b=0", "#333"), (1, "=+1", "#1f4e9c"), (-1, "=−1", "#c0602a")]:
        lx, ly = px((c - b - w2 * -0.8) / w1, -0.8)
        body.append(f'<text x="{f1(lx + 6)}" y="{f1(ly)}" style="fill:{color}">{label}</text>')
    body.append('<circle cx="30" cy="376" r="6" fill="#1f4e9c"/><text x="42" y="380">正类 y=+1</text>')
    body.append('<rect x="134" y="370" width="12" height="12" fill="#c0602a"/><text x="152" y="380">负类 y=−1</text>')
    body.append('<circle cx="250" cy="376" r="10" fill="none" stroke="#2a9d4b" stroke-width="2.5"/>'
                '<text x="266" y="380">支持向量（α&gt;0，恰在间隔边界上）</text>')
    svg("svm-margin.svg", 520, 400,
        "线性 SVM：实线为分隔超平面，两条虚线为间隔边界，绿圈标出落在边界上的三个支持向量", body)


def margin_losses():
    # Surrogate losses as functions of the margin m = y·f(x): used by lr-vs-svm.md and gbdt-vs-adaboost.md.
    W, H = 520, 340
    x0, x1, y0, y1 = -2.0, 3.0, 0.0, 4.0
    L, R, T, B = 50, 500, 20, 290

    def px(x, y):
        return L + (x - x0) / (x1 - x0) * (R - L), B - (y - y0) / (y1 - y0) * (B - T)

    body = [f'<rect x="0" y="0" width="{W}" height="{H}" fill="#fff"/>']
    for gx in range(-2, 4):
        X, _ = px(gx, 0)
        body.append(f'<line x1="{f1(X)}" y1="{T}" x2="{f1(X)}" y2="{B}" stroke="#eee"/>')
        body.append(f'<text class="s" x="{f1(X)}" y="{B + 16}" text-anchor="middle">{gx}</text>')
    for gy in range(0, 5):
        _, Y = px(x0, gy)
        body.append(f'<line x1="{L}" y1="{f1(Y)}" x2="{R}" y2="{f1(Y)}" stroke="#eee"/>')
        body.append(f'<text class="s" x="{L - 8}" y="{f1(Y + 4)}" text-anchor="end">{gy}</text>')
    body.append(f'<line x1="{L}" y1="{B}" x2="{R}" y2="{B}" stroke="#888"/>')
    X0, _ = px(0, 0)
    body.append(f'<line x1="{f1(X0)}" y1="{T}" x2="{f1(X0)}" y2="{B}" stroke="#888"/>')
    curves = [
        ("0-1 损失", "#888", lambda m: 1.0 if m < 0 else 0.0, ' stroke-dasharray="2 3"'),
        ("hinge：max(0, 1−m)（SVM）", "#c0602a", lambda m: max(0.0, 1 - m), ""),
        ("logistic：log₂(1+e⁻ᵐ)（LR）", "#1f4e9c", lambda m: math.log2(1 + math.exp(-m)), ""),
        ("指数：e⁻ᵐ（AdaBoost）", "#2a9d4b", lambda m: math.exp(-m), ""),
    ]
    body.append('<rect x="292" y="20" width="214" height="84" fill="#fff" fill-opacity="0.9"/>')
    for i, (label, color, fn, dash) in enumerate(curves):
        pts = []
        for k in range(0, 501):
            m = x0 + (x1 - x0) * k / 500
            v = fn(m)
            if v > y1:
                continue
            X, Y = px(m, v)
            pts.append(f"{f1(X)},{f1(Y)}")
        body.append(f'<polyline points="{" ".join(pts)}" fill="none" stroke="{color}" stroke-width="2.5"{dash}/>')
        ly = 36 + i * 20
        body.append(f'<line x1="300" y1="{ly - 4}" x2="326" y2="{ly - 4}" stroke="{color}" stroke-width="2.5"{dash}/>')
        body.append(f'<text x="332" y="{ly}">{label}</text>')
    body.append(f'<text x="{(L + R) // 2}" y="{H - 10}" text-anchor="middle">间隔 m = y·f(x)（y ∈ {{−1, +1}}）</text>')
    svg("margin-losses.svg", W, H,
        "0-1 损失与三种替代损失随间隔 m=y·f(x) 的变化：hinge 在 m≥1 时为 0，logistic 与指数损失处处为正，指数损失对负间隔增长最快", body)


def pca_vs_lda():
    # Same generator and seed as the runnable example in pca-vs-lda.md.
    random.seed(3)

    def blob(cx, cy, n=100):
        pts = []
        for _ in range(n):
            a, b = random.gauss(0, 2.0), random.gauss(0, 0.4)
            pts.append((cx + (a + b) / math.sqrt(2), cy + (a - b) / math.sqrt(2)))
        return pts

    A, B = blob(0.0, 0.0), blob(1.2, -1.2)
    allp = A + B
    mx = sum(p[0] for p in allp) / len(allp)
    my = sum(p[1] for p in allp) / len(allp)
    w_pca = (0.693, 0.721)                 # printed by the runnable example
    w_lda = (0.722, -0.692)
    W, H = 560, 470
    ox, oy, s = 200, 190, 30

    def px(x, y):
        return ox + (x - mx) * s, oy - (y - my) * s

    body = [f'<rect x="0" y="0" width="{W}" height="{H}" fill="#fff"/>',
            '<defs><marker id="ar" markerWidth="9" markerHeight="9" refX="7" refY="3.5" orient="auto">'
            '<path d="M0 0L7 3.5L0 7z" fill="context-stroke"/></marker></defs>']
    for P, color in [(A, "#1f4e9c"), (B, "#c0602a")]:
        for (x, y) in P:
            X, Y = px(x, y)
            if 10 < X < 390 and 10 < Y < 370:
                body.append(f'<circle cx="{f1(X)}" cy="{f1(Y)}" r="2.6" fill="{color}" fill-opacity="0.75"/>')
    for w, color, label, dy in [(w_pca, "#2a9d4b", "PCA 方向（方差最大）", -8), (w_lda, "#8e44ad", "LDA 方向（可分性最大）", 16)]:
        X1, Y1 = px(mx - 5.5 * w[0], my - 5.5 * w[1])
        X2, Y2 = px(mx + 5.5 * w[0], my + 5.5 * w[1])
        body.append(f'<line x1="{f1(X1)}" y1="{f1(Y1)}" x2="{f1(X2)}" y2="{f1(Y2)}" stroke="{color}" '
                    'stroke-width="3" marker-end="url(#ar)"/>')
        body.append(f'<text x="{f1(X2 + 6)}" y="{f1(Y2 + dy)}" style="fill:{color}">{label}</text>')
    # 1-D projections onto each direction
    for row, (w, color, label) in enumerate([(w_pca, "#2a9d4b", "投影到 PCA 方向：两类重叠"),
                                              (w_lda, "#8e44ad", "投影到 LDA 方向：两类分开")]):
        y0 = 395 + row * 40
        body.append(f'<text x="20" y="{y0 - 6}" style="fill:{color}">{label}</text>')
        body.append(f'<line x1="20" y1="{y0 + 10}" x2="540" y2="{y0 + 10}" stroke="#bbb"/>')
        for P, pc, off in [(A, "#1f4e9c", 4), (B, "#c0602a", 16)]:
            for (x, y) in P:
                v = (x - mx) * w[0] + (y - my) * w[1]
                X = 280 + v * 45           # same scale on both rows

                if 20 < X < 540:
                    body.append(f'<circle cx="{f1(X)}" cy="{y0 + off - 4}" r="2.2" fill="{pc}" fill-opacity="0.6"/>')
    body.append('<circle cx="400" cy="40" r="4" fill="#1f4e9c"/><text x="410" y="44">类 A</text>')
    body.append('<circle cx="460" cy="40" r="4" fill="#c0602a"/><text x="470" y="44">类 B</text>')
    svg("pca-vs-lda.svg", W, H,
        "两类沿同一方向拉长的数据：PCA 选方差最大的长轴方向，投影后两类重叠；LDA 选类间/类内散度比最大的方向，投影后两类分开", body)


def no_free_lunch():
    # Two hypotheses that agree on every training point but disagree off the training set
    # (after 周志华《机器学习》图 1.4, redrawn with our own curves).
    A = lambda x: 0.5 + 0.55 * x - 0.045 * x * x
    Bf = lambda x: A(x) + 0.9 * math.sin(math.pi * (x - 1) / 2)
    train = [1, 3, 5, 7]
    test = [2, 4, 6]
    W, H = 620, 290
    body = [f'<rect x="0" y="0" width="{W}" height="{H}" fill="#fff"/>']
    for panel, (truth, title) in enumerate([(A, "(a) 问题 1：真实函数接近 A，A 更好"),
                                            (Bf, "(b) 问题 2：真实函数接近 B，B 更好")]):
        L, T = 20 + panel * 305, 30

        def px(x, y):
            return L + 15 + x * 34, T + 200 - y * 42

        body.append(f'<text x="{L + 140}" y="{T - 10}" text-anchor="middle">{title}</text>')
        body.append(f'<rect x="{L}" y="{T}" width="285" height="215" fill="none" stroke="#ccc"/>')
        for fn, color, label in [(A, "#1f4e9c", "A"), (Bf, "#c0602a", "B")]:
            pts = " ".join(f"{f1(px(0.3 + k * 0.05, fn(0.3 + k * 0.05))[0])},"
                           f"{f1(px(0.3 + k * 0.05, fn(0.3 + k * 0.05))[1])}" for k in range(149))
            body.append(f'<polyline points="{pts}" fill="none" stroke="{color}" stroke-width="2.2"/>')
            X, Y = px(7.75, fn(7.75))
            body.append(f'<text x="{f1(X + 4)}" y="{f1(Y + 4)}" style="fill:{color}">{label}</text>')
        for x in train:
            X, Y = px(x, A(x))
            body.append(f'<circle cx="{f1(X)}" cy="{f1(Y)}" r="5" fill="#222"/>')
        for x in test:
            X, Y = px(x, truth(x))
            body.append(f'<circle cx="{f1(X)}" cy="{f1(Y)}" r="5" fill="#fff" stroke="#222" stroke-width="1.8"/>')
    body.append('<circle cx="40" cy="272" r="5" fill="#222"/><text x="52" y="276">训练样本</text>')
    body.append('<circle cx="140" cy="272" r="5" fill="#fff" stroke="#222" stroke-width="1.8"/>'
                '<text x="152" y="276">训练集之外的测试样本</text>')
    svg("no-free-lunch.svg", W, H,
        "两个假设 A（平滑）与 B（起伏）都完美拟合训练样本；在训练集之外，问题 1 中 A 更好，问题 2 中 B 更好", body)


def connectivity():
    # Fully connected vs 1-D convolution (local + shared weights) vs RNN unrolled in time.
    W, H = 720, 300
    body = [f'<rect x="0" y="0" width="{W}" height="{H}" fill="#fff"/>',
            '<defs><marker id="c" markerWidth="8" markerHeight="8" refX="6" refY="3" orient="auto">'
            '<path d="M0 0L6 3L0 6z" fill="#555"/></marker></defs>']
    node = lambda x, y, fill="#eef3fb": f'<circle cx="{x}" cy="{y}" r="11" fill="{fill}" stroke="#5a7bb0" stroke-width="1.5"/>'
    # (a) fully connected: 6 inputs -> 4 outputs, every pair connected
    ins = [(30 + 36 * i, 220) for i in range(6)]
    outs = [(48 + 48 * j, 90) for j in range(4)]
    for (ix, iy) in ins:
        for (ox, oy) in outs:
            body.append(f'<line x1="{ix}" y1="{iy - 11}" x2="{ox}" y2="{oy + 11}" stroke="#9aa9c2" stroke-width="1"/>')
    body += [node(x, y) for x, y in ins] + [node(x, y, "#ffe8b0") for x, y in outs]
    body.append('<text x="120" y="40" text-anchor="middle">(a) 全连接（DNN/MLP）</text>')
    body.append('<text class="s" x="120" y="262" text-anchor="middle">6×4 = 24 个不同的权重</text>')
    # (b) 1-D convolution, kernel 3, stride 1: each output sees 3 neighbours, the same 3 weights everywhere
    colors = ["#c0602a", "#2a9d4b", "#8e44ad"]
    ins = [(280 + 36 * i, 220) for i in range(6)]
    outs = [(316 + 36 * j, 90) for j in range(4)]
    for j, (ox, oy) in enumerate(outs):
        for k in range(3):
            ix, iy = ins[j + k]
            body.append(f'<line x1="{ix}" y1="{iy - 11}" x2="{ox}" y2="{oy + 11}" stroke="{colors[k]}" stroke-width="2"/>')
    body += [node(x, y) for x, y in ins] + [node(x, y, "#ffe8b0") for x, y in outs]
    body.append('<text x="370" y="40" text-anchor="middle">(b) 卷积（CNN）</text>')
    body.append('<text class="s" x="370" y="262" text-anchor="middle">局部连接；同色 = 同一个权重，共 3 个</text>')
    body.append('<text class="s" x="370" y="278" text-anchor="middle">（空间上共享）</text>')
    # (c) RNN unrolled over 3 steps
    xs = [540, 600, 660]
    for t_, x in enumerate(xs):
        body.append(node(x, 220))
        body.append(node(x, 150, "#ffe8b0"))
        body.append(f'<line x1="{x}" y1="209" x2="{x}" y2="163" stroke="#c0602a" stroke-width="2" marker-end="url(#c)"/>')
        body.append(f'<text class="s" x="{x}" y="244" text-anchor="middle">x{"₁₂₃"[t_]}</text>')
        body.append(f'<text class="s" x="{x}" y="132" text-anchor="middle">h{"₁₂₃"[t_]}</text>')
        body.append(f'<text class="s" x="{x + 6}" y="192" style="fill:#c0602a">W</text>')
        if t_ < 2:
            body.append(f'<line x1="{x + 11}" y1="150" x2="{x + 47}" y2="150" stroke="#2a9d4b" stroke-width="2" marker-end="url(#c)"/>')
            body.append(f'<text class="s" x="{x + 28}" y="144" text-anchor="middle" style="fill:#2a9d4b">U</text>')
    body.append('<line x1="498" y1="150" x2="527" y2="150" stroke="#2a9d4b" stroke-width="2" marker-end="url(#c)"/>')
    body.append('<text class="s" x="492" y="154" text-anchor="end">h₀</text>')
    body.append('<text x="600" y="40" text-anchor="middle">(c) 循环（RNN，按时间展开）</text>')
    body.append('<text class="s" x="600" y="262" text-anchor="middle">每个时间步用同一组 W、U</text>')
    body.append('<text class="s" x="600" y="278" text-anchor="middle">（时间上共享）</text>')
    svg("dnn-cnn-rnn.svg", W, H,
        "三种连接方式：全连接层每个输入连到每个输出；卷积层只连局部邻域且各位置共享同一组权重；RNN 在每个时间步重复使用同一组权重 W、U，并把隐藏状态传给下一步", body)


def threshold_moving():
    # The toy problem of imbalanced-data.md: p(x|-) = N(0,1), p(x|+) = N(2,1), prior pi = 0.05.
    pi = 0.05
    phi = lambda x, m: math.exp(-0.5 * (x - m) ** 2) / math.sqrt(2 * math.pi)
    post = lambda x: pi * phi(x, 2) / (pi * phi(x, 2) + (1 - pi) * phi(x, 0))
    x_half = 1 + 0.5 * math.log((1 - pi) / pi)       # posterior = 0.5
    W, H = 600, 470
    L, R = 60, 570
    x0, x1 = -3.0, 5.0
    X = lambda x: L + (x - x0) / (x1 - x0) * (R - L)
    body = [f'<rect x="0" y="0" width="{W}" height="{H}" fill="#fff"/>']
    panels = [(30, 190, 0.42, "类条件密度 p(x | y)：两条曲线在 x = 1 相交（似然比 = 1）"),
              (250, 410, 1.0, "后验 P(y=+ | x)：阈值 0.5 对应 x ≈ 2.47，阈值 π = 0.05 对应 x = 1")]
    for (top, bottom, ymax, title) in panels:
        Y = lambda y, top=top, bottom=bottom, ymax=ymax: bottom - y / ymax * (bottom - top - 10)
        body.append(f'<text x="{L}" y="{top}">{title}</text>')
        body.append(f'<line x1="{L}" y1="{bottom}" x2="{R}" y2="{bottom}" stroke="#888"/>')
        for gx in range(-3, 6):
            body.append(f'<text class="s" x="{f1(X(gx))}" y="{bottom + 15}" text-anchor="middle">{gx}</text>')
        if ymax < 1:
            curves = [(lambda x: phi(x, 0), "#1f4e9c", "负类 p(x|−)"), (lambda x: phi(x, 2), "#c0602a", "正类 p(x|+)")]
        else:
            curves = [(post, "#333", "P(+|x)")]
            for level, label in [(0.5, "0.5"), (pi, "π = 0.05")]:
                body.append(f'<line x1="{L}" y1="{f1(Y(level))}" x2="{R}" y2="{f1(Y(level))}" stroke="#bbb" stroke-dasharray="4 3"/>')
                body.append(f'<text class="s" x="{L - 4}" y="{f1(Y(level) + 4)}" text-anchor="end">{label}</text>')
        for fn, color, label in curves:
            pts = " ".join(f"{f1(X(x0 + k * 0.02))},{f1(Y(fn(x0 + k * 0.02)))}" for k in range(401))
            body.append(f'<polyline points="{pts}" fill="none" stroke="{color}" stroke-width="2.2"/>')
        if ymax < 1:
            body.append(f'<text x="{f1(X(-2.6))}" y="{top + 40}" style="fill:#1f4e9c">负类 p(x|−)</text>')
            body.append(f'<text x="{f1(X(3.2))}" y="{top + 40}" style="fill:#c0602a">正类 p(x|+)</text>')
        for xv, color, label in [(1.0, "#2a9d4b", "x = 1"), (x_half, "#8e44ad", "x ≈ 2.47")]:
            body.append(f'<line x1="{f1(X(xv))}" y1="{top + 8}" x2="{f1(X(xv))}" y2="{bottom}" stroke="{color}" stroke-width="1.8"/>')
            if ymax == 1.0:
                body.append(f'<text class="s" x="{f1(X(xv) + 4)}" y="{top + 22}" style="fill:{color}">{label}</text>')
    body.append(f'<text class="s" x="{W // 2}" y="{H - 14}" text-anchor="middle">'
                '绿线：阈值取先验 π（等价于按似然比、两类同等重要）；紫线：阈值 0.5（错误率最小）</text>')
    svg("threshold-moving.svg", W, H,
        "正类占 5% 的一维例子：类条件密度在 x=1 相交；后验概率在 x≈2.47 处等于 0.5，在 x=1 处等于先验 0.05，所以把阈值从 0.5 移到先验，等于把分界点从 2.47 移到似然比为 1 的 x=1", body)


def rf_trees_curve():
    # Re-runs the random-forest example of random-forest-overfitting.md (same code and seed, so the
    # numbers agree with the article) and plots train / test error against the number of trees.
    ns = {}
    exec(rf_example_source(), ns)
    train, test = ns["train"], ns["test"]
    ns["build"](list(train), 0, None, 1, ns["D"])          # the single tree, to keep the random sequence
    trees, _ = ns["forest"](100)
    predict = ns["predict"]

    def curve(data):
        votes = [0.0] * len(data)
        out = []
        for t_ in trees:
            for i, (x, _) in enumerate(data):
                votes[i] += predict(t_, x)
            k = len(out) + 1
            out.append(sum((votes[i] / k > 0.5) != y for i, (_, y) in enumerate(data)) / len(data))
        return out

    tr, te = curve(train), curve(test)
    W, H = 560, 320
    L, R, T, B = 60, 530, 30, 270
    X = lambda k: L + (k - 1) / 99 * (R - L)
    Y = lambda e: B - e / 0.4 * (B - T)
    body = [f'<rect x="0" y="0" width="{W}" height="{H}" fill="#fff"/>']
    for e in (0.0, 0.1, 0.2, 0.3, 0.4):
        body.append(f'<line x1="{L}" y1="{f1(Y(e))}" x2="{R}" y2="{f1(Y(e))}" stroke="#eee"/>')
        body.append(f'<text class="s" x="{L - 6}" y="{f1(Y(e) + 4)}" text-anchor="end">{e:.1f}</text>')
    for k in (1, 20, 40, 60, 80, 100):
        body.append(f'<text class="s" x="{f1(X(k))}" y="{B + 16}" text-anchor="middle">{k}</text>')
    body.append(f'<line x1="{L}" y1="{f1(Y(0.2))}" x2="{R}" y2="{f1(Y(0.2))}" stroke="#888" stroke-dasharray="5 4"/>')
    body.append(f'<text class="s" x="{R}" y="{f1(Y(0.2) - 6)}" text-anchor="end">贝叶斯错误率 0.20（20% 标签噪声）</text>')
    for data, color, label in [(te, "#c0602a", "测试误差"), (tr, "#1f4e9c", "训练误差")]:
        pts = " ".join(f"{f1(X(k + 1))},{f1(Y(e))}" for k, e in enumerate(data))
        body.append(f'<polyline points="{pts}" fill="none" stroke="{color}" stroke-width="2.2"/>')
    body.append(f'<text x="{f1(X(60))}" y="{f1(Y(te[59]) - 10)}" style="fill:#c0602a">测试误差：随树数下降后走平</text>')
    body.append(f'<text x="{f1(X(30))}" y="{f1(Y(0.0) - 8)}" style="fill:#1f4e9c">训练误差：降到 0（记住了噪声）</text>')
    body.append(f'<text x="{(L + R) // 2}" y="{H - 12}" text-anchor="middle">树的数量（完全生长的树，min_samples_leaf = 1）</text>')
    svg("rf-trees.svg", W, H,
        "随机森林的训练误差与测试误差随树的数量变化：测试误差下降后趋于平稳、不会因树多而上升，但训练误差降到 0，测试误差仍明显高于贝叶斯错误率 0.20，说明完全生长的树带来的过拟合仍在", body)
    return tr, te


def ml_vs_dl_pipeline():
    # Classic pipeline (hand-designed features + shallow learner) vs end-to-end representation learning.
    W, H = 680, 250
    body = [f'<rect x="0" y="0" width="{W}" height="{H}" fill="#fff"/>',
            '<defs><marker id="p" markerWidth="8" markerHeight="8" refX="6" refY="3" orient="auto">'
            '<path d="M0 0L6 3L0 6z" fill="#555"/></marker></defs>']
    hand, learn, plain = "#f3f3f3", "#ffe8b0", "#eef3fb"

    def row(y, title, boxes):
        body.append(f'<text x="20" y="{y - 14}">{title}</text>')
        x = 20
        prev = None
        for label, w, fill in boxes:
            if prev is not None:
                body.append(f'<line x1="{prev}" y1="{y + 22}" x2="{x - 4}" y2="{y + 22}" stroke="#555" marker-end="url(#p)"/>')
            body.append(f'<rect x="{x}" y="{y}" width="{w}" height="44" rx="6" fill="{fill}" stroke="#8a8a8a"/>')
            body.append(f'<text x="{x + w / 2}" y="{y + 27}" text-anchor="middle">{label}</text>')
            prev = x + w
            x += w + 26

    row(50, "传统机器学习：特征由人设计，只有最后的模型从数据中学习",
        [("原始数据", 80, plain), ("人工特征工程", 120, hand), ("特征向量", 80, plain),
         ("浅层模型（LR/SVM/GBDT）", 184, learn), ("输出", 56, plain)])
    row(160, "深度学习：从原始数据端到端学习多层表示",
        [("原始数据", 90, plain), ("第 1 层：边缘/字词", 150, learn), ("…", 40, learn),
         ("第 L 层：部件/语义", 150, learn), ("输出层", 80, learn)])
    body.append(f'<rect x="20" y="226" width="14" height="14" fill="{learn}" stroke="#8a8a8a"/>'
                '<text class="s" x="40" y="237">从数据中学习的部分</text>')
    body.append(f'<rect x="170" y="226" width="14" height="14" fill="{hand}" stroke="#8a8a8a"/>'
                '<text class="s" x="190" y="237">人工设计的部分</text>')
    svg("ml-vs-dl-pipeline.svg", W, H,
        "传统机器学习与深度学习的流程对比：前者由人设计特征、只学习最后的浅层模型；后者从原始数据端到端学习每一层表示", body)


def lr_gradients():
    # For a positive example (y = 1): |dL/dz| of cross-entropy vs squared error, as a function of z = w·x.
    sig = lambda z: 1 / (1 + math.exp(-z))
    W, H = 560, 320
    L, R, T, B = 50, 530, 30, 260
    X = lambda z: L + (z + 6) / 12 * (R - L)
    Y = lambda v: B - v / 1.05 * (B - T)
    body = [f'<rect x="0" y="0" width="{W}" height="{H}" fill="#fff"/>']
    for v in (0.0, 0.25, 0.5, 0.75, 1.0):
        body.append(f'<line x1="{L}" y1="{f1(Y(v))}" x2="{R}" y2="{f1(Y(v))}" stroke="#eee"/>')
        body.append(f'<text class="s" x="{L - 6}" y="{f1(Y(v) + 4)}" text-anchor="end">{v:g}</text>')
    for z in range(-6, 7, 2):
        body.append(f'<text class="s" x="{f1(X(z))}" y="{B + 16}" text-anchor="middle">{z}</text>')
    curves = [(sig, "#888", ' stroke-dasharray="5 4"', "σ(z)"),
              (lambda z: 1 - sig(z), "#1f4e9c", "", "交叉熵：|∂L/∂z| = 1 − σ(z)"),
              (lambda z: 2 * sig(z) * (1 - sig(z)) ** 2, "#c0602a", "", "平方损失：|∂L/∂z| = 2σ(1 − σ)²")]
    for i, (fn_, color, dash, label) in enumerate(curves):
        pts = " ".join(f"{f1(X(-6 + k * 0.03))},{f1(Y(fn_(-6 + k * 0.03)))}" for k in range(401))
        body.append(f'<polyline points="{pts}" fill="none" stroke="{color}" stroke-width="2.2"{dash}/>')
        ly = 140 + i * 20
        body.append(f'<line x1="312" y1="{ly - 4}" x2="338" y2="{ly - 4}" stroke="{color}" stroke-width="2.2"{dash}/>')
        body.append(f'<text x="344" y="{ly}">{label}</text>')
    body.append(f'<text x="{(L + R) // 2}" y="{H - 24}" text-anchor="middle">z = wᵀx（正样本 y = 1；z 越小错得越离谱）</text>')
    body.append(f'<text class="s" x="{(L + R) // 2}" y="{H - 8}" text-anchor="middle">'
                '错得离谱时（z ≪ 0）平方损失的梯度几乎为 0，交叉熵的梯度接近 1</text>')
    svg("lr-gradients.svg", W, H,
        "正样本上交叉熵与平方损失对 z 的梯度大小：z 很负（严重分错）时交叉熵梯度接近 1，平方损失梯度因 sigmoid 饱和趋于 0", body)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    bias_variance()
    svm_margin()
    margin_losses()
    pca_vs_lda()
    no_free_lunch()
    connectivity()
    threshold_moving()
    ml_vs_dl_pipeline()
    lr_gradients()
    tr, te = rf_trees_curve()
    print("rf-trees: test error at 1/10/50/100 trees:", [round(te[k - 1], 3) for k in (1, 10, 50, 100)])
