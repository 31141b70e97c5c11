"""Generates the SVG figures of content/attention/img/ (plain python3, deterministic):
attention-masks.svg (padding, causal and combined masks), pre-post-ln.svg (where LayerNorm sits) and
sinusoidal-encoding.svg (the sinusoidal position encoding as a heat map).

Run from the repository root:  python3 scripts/figures/attention_figures.py
"""
import math
import os

from svg_common import ARROW_MARKER, arrow, box, node, write_svg

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "content", "attention", "img")


def attention_masks():
    tokens = ["我", "爱", "你", "[PAD]"]
    valid = [True, True, True, False]
    masks = [("padding 掩码", lambda i, j: valid[j]),
             ("因果掩码", lambda i, j: j <= i),
             ("因果 + padding", lambda i, j: j <= i and valid[j])]
    cell, body = 34, []
    for k, (label, allowed) in enumerate(masks):
        x0, y0 = 70 + k * 220, 60
        body.append(f'<text x="{x0 + 2 * cell}" y="{y0 - 30}" text-anchor="middle">{label}</text>')
        for j, tok in enumerate(tokens):
            body.append(f'<text class="s" x="{x0 + j * cell + cell / 2}" y="{y0 - 8}" text-anchor="middle">{tok}</text>')
        for i, tok in enumerate(tokens):
            body.append(f'<text class="s" x="{x0 - 6}" y="{y0 + i * cell + 21}" text-anchor="end">{tok}</text>')
            for j in range(len(tokens)):
                fill = "#4a7fc1" if allowed(i, j) else "#eeeeee"
                body.append(f'<rect x="{x0 + j * cell}" y="{y0 + i * cell}" width="{cell - 2}" height="{cell - 2}" fill="{fill}"/>')
    body.append('<rect x="70" y="215" width="14" height="14" fill="#4a7fc1"/>')
    body.append('<text x="90" y="227">可以关注（分数保留）</text>')
    body.append('<rect x="250" y="215" width="14" height="14" fill="#eeeeee" stroke="#bbb"/>')
    body.append('<text x="270" y="227">被屏蔽（softmax 前置为 −∞，权重为 0）</text>')
    body.append('<text class="s" x="70" y="250">行 = query 位置，列 = key 位置</text>')
    write_svg(OUT, "attention-masks.svg", 720, 265,
          "三种注意力掩码：padding 掩码、因果掩码、两者组合",
          "4 个位置“我 爱 你 [PAD]”。padding 掩码屏蔽最后一列；因果掩码只保留下三角（每个位置只看自己和之前的位置）；"
          "组合后既是下三角，又屏蔽 [PAD] 列。",
          body)


def pre_post_ln():
    body = [ARROW_MARKER]
    ln, sub = "#fde7c4", "#d7e6f7"
    # Post-LN: x → F → (+x) → LN
    cx = 150
    body.append(f'<text x="{cx}" y="24" text-anchor="middle">Post-LN：x ← LN(x + F(x))</text>')
    body += arrow(cx, 290, cx, 250) + box(cx - 60, 210, 120, 40, "子层 F", sub) + arrow(cx, 210, cx, 172)
    body += node(cx, 160, "+")
    body += arrow(cx, 148, cx, 122) + box(cx - 60, 82, 120, 40, "LayerNorm", ln) + arrow(cx, 82, cx, 48)
    body.append(f'<path d="M{cx},270 H{cx - 90} V160 H{cx - 14}" fill="none" stroke="#444" stroke-width="1.5" marker-end="url(#a)"/>')
    body.append(f'<text class="s" x="{cx - 95}" y="215" text-anchor="end">残差</text>')
    body.append(f'<text class="s" x="{cx}" y="310" text-anchor="middle">每个残差和之后都过 LN：梯度要穿过 L 个 LN</text>')
    # Pre-LN: x → LN → F → (+x)
    cx = 470
    body.append(f'<text x="{cx}" y="24" text-anchor="middle">Pre-LN：x ← x + F(LN(x))</text>')
    body += arrow(cx, 290, cx, 262) + box(cx - 60, 222, 120, 40, "LayerNorm", ln) + arrow(cx, 222, cx, 192)
    body += box(cx - 60, 152, 120, 40, "子层 F", sub) + arrow(cx, 152, cx, 122)
    body += node(cx, 110, "+")
    body += arrow(cx, 98, cx, 48)
    body.append(f'<path d="M{cx},275 H{cx - 90} V110 H{cx - 14}" fill="none" stroke="#c0392b" stroke-width="2" marker-end="url(#a)"/>')
    body.append(f'<text class="s" x="{cx - 95}" y="195" text-anchor="end" style="fill:#c0392b">恒等通路</text>')
    body.append(f'<text class="s" x="{cx}" y="310" text-anchor="middle">残差通路不经过 LN；模型末尾再加一个 LN</text>')
    write_svg(OUT, "pre-post-ln.svg", 640, 325,
          "Post-LN 与 Pre-LN 的结构对比",
          "左：Post-LN，输入经过子层后与残差相加，再做 LayerNorm。右：Pre-LN，输入先做 LayerNorm 再进子层，"
          "子层输出与未归一化的输入相加，残差通路是一条不经过 LayerNorm 的恒等通路。",
          body)


def colour(v):
    """-1 → blue, 0 → white, +1 → red."""
    t = abs(v)
    base = (47, 111, 191) if v < 0 else (192, 57, 43)
    r, g, b = (round(255 + (c - 255) * t) for c in base)
    return f"#{r:02x}{g:02x}{b:02x}"


def sinusoidal_encoding(positions=50, d=64):
    cell, x0, y0, body = 6, 60, 40, []
    for p in range(positions):
        for k in range(d):
            omega = 10000 ** (-2 * (k // 2) / d)
            v = math.sin(p * omega) if k % 2 == 0 else math.cos(p * omega)
            body.append(f'<rect x="{x0 + k * cell}" y="{y0 + p * cell}" width="{cell}" height="{cell}" fill="{colour(v)}"/>')
    for k in range(0, d + 1, 16):
        body.append(f'<text class="s" x="{x0 + k * cell}" y="{y0 - 6}" text-anchor="middle">{k}</text>')
    for p in range(0, positions, 10):
        body.append(f'<text class="s" x="{x0 - 6}" y="{y0 + p * cell + 8}" text-anchor="end">{p}</text>')
    body.append(f'<text x="{x0 + d * cell / 2}" y="16" text-anchor="middle">维度 i（d = {d}）</text>')
    body.append(f'<text x="20" y="{y0 + positions * cell / 2}" transform="rotate(-90 20 {y0 + positions * cell / 2})" '
                'text-anchor="middle">位置 p</text>')
    lx = x0 + d * cell + 30
    for i, (v, label) in enumerate(((1, "+1"), (0.5, "+0.5"), (0, "0"), (-0.5, "−0.5"), (-1, "−1"))):
        body.append(f'<rect x="{lx}" y="{y0 + i * 22}" width="16" height="16" fill="{colour(v)}" stroke="#bbb"/>')
        body.append(f'<text class="s" x="{lx + 22}" y="{y0 + i * 22 + 12}">{label}</text>')
    body.append(f'<text class="s" x="{lx}" y="{y0 + 130}">左侧维度：波长短，</text>')
    body.append(f'<text class="s" x="{lx}" y="{y0 + 146}">相邻位置差别大</text>')
    body.append(f'<text class="s" x="{lx}" y="{y0 + 170}">右侧维度：波长长，</text>')
    body.append(f'<text class="s" x="{lx}" y="{y0 + 186}">分辨远距离</text>')
    write_svg(OUT, "sinusoidal-encoding.svg", lx + 130, y0 + positions * cell + 20,
              "正弦位置编码的热力图：前 50 个位置、64 维",
              "每行是一个位置的编码向量，每列是一个维度，红色为正、蓝色为负。左边的维度频率高，颜色随位置快速交替；"
              "越往右频率越低，颜色变化越慢，最右边几列在 50 个位置内几乎不变。",
              body)


if __name__ == "__main__":
    attention_masks()
    pre_post_ln()
    sinusoidal_encoding()
