"""Generates the SVG figures of content/attention/img/ (plain python3, deterministic):
attention-masks.svg (padding, causal and combined masks) and pre-post-ln.svg (where LayerNorm sits).

Run from the repository root:  python3 scripts/figures/attention_figures.py
"""
import os

from svg_common import write_svg

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


def box(x, y, w, h, label, fill):
    return [f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="5" fill="{fill}" stroke="#666"/>',
            f'<text x="{x + w / 2}" y="{y + h / 2 + 4}" text-anchor="middle">{label}</text>']


def arrow(x1, y1, x2, y2):
    return [f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="#444" stroke-width="1.5" marker-end="url(#a)"/>']


def pre_post_ln():
    body = ['<defs><marker id="a" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">'
            '<path d="M0,0 L10,5 L0,10 z" fill="#444"/></marker></defs>']
    ln, sub, add = "#fde7c4", "#d7e6f7", "#ffffff"
    # Post-LN: x → F → (+x) → LN
    cx = 150
    body.append(f'<text x="{cx}" y="24" text-anchor="middle">Post-LN：x ← LN(x + F(x))</text>')
    body += arrow(cx, 290, cx, 250) + box(cx - 60, 210, 120, 40, "子层 F", sub) + arrow(cx, 210, cx, 172)
    body += [f'<circle cx="{cx}" cy="160" r="12" fill="{add}" stroke="#666"/>', f'<text x="{cx}" y="165" text-anchor="middle">+</text>']
    body += arrow(cx, 148, cx, 122) + box(cx - 60, 82, 120, 40, "LayerNorm", ln) + arrow(cx, 82, cx, 48)
    body.append(f'<path d="M{cx},270 H{cx - 90} V160 H{cx - 14}" fill="none" stroke="#444" stroke-width="1.5" marker-end="url(#a)"/>')
    body.append(f'<text class="s" x="{cx - 95}" y="215" text-anchor="end">残差</text>')
    body.append(f'<text class="s" x="{cx}" y="310" text-anchor="middle">每个残差和之后都过 LN：梯度要穿过 L 个 LN</text>')
    # Pre-LN: x → LN → F → (+x)
    cx = 470
    body.append(f'<text x="{cx}" y="24" text-anchor="middle">Pre-LN：x ← x + F(LN(x))</text>')
    body += arrow(cx, 290, cx, 262) + box(cx - 60, 222, 120, 40, "LayerNorm", ln) + arrow(cx, 222, cx, 192)
    body += box(cx - 60, 152, 120, 40, "子层 F", sub) + arrow(cx, 152, cx, 122)
    body += [f'<circle cx="{cx}" cy="110" r="12" fill="{add}" stroke="#666"/>', f'<text x="{cx}" y="115" text-anchor="middle">+</text>']
    body += arrow(cx, 98, cx, 48)
    body.append(f'<path d="M{cx},275 H{cx - 90} V110 H{cx - 14}" fill="none" stroke="#c0392b" stroke-width="2" marker-end="url(#a)"/>')
    body.append(f'<text class="s" x="{cx - 95}" y="195" text-anchor="end" style="fill:#c0392b">恒等通路</text>')
    body.append(f'<text class="s" x="{cx}" y="310" text-anchor="middle">残差通路不经过 LN；模型末尾再加一个 LN</text>')
    write_svg(OUT, "pre-post-ln.svg", 640, 325,
          "Post-LN 与 Pre-LN 的结构对比",
          "左：Post-LN，输入经过子层后与残差相加，再做 LayerNorm。右：Pre-LN，输入先做 LayerNorm 再进子层，"
          "子层输出与未归一化的输入相加，残差通路是一条不经过 LayerNorm 的恒等通路。",
          body)


if __name__ == "__main__":
    attention_masks()
    pre_post_ln()
