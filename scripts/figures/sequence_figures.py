"""Generates the SVG figures of content/sequence/img/ (plain python3, deterministic):
lstm-cell.svg (the LSTM cell, with the cell-state path that carries gradients highlighted) and
skipgram-cbow.svg (what skip-gram and CBOW predict from what).

Run from the repository root:  python3 scripts/figures/sequence_figures.py
"""
import os

from svg_common import ARROW_MARKER, arrow, box, node, write_svg

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "content", "sequence", "img")
GATE, CAND = "#d7e6f7", "#fde7c4"


def lstm_cell():
    body = [ARROW_MARKER]
    # the cell-state highway: c_{t-1} → ×f → + → c_t
    body.append('<line x1="40" y1="60" x2="600" y2="60" stroke="#c0392b" stroke-width="3"/>')
    body.append('<text x="40" y="48" style="fill:#c0392b">c<tspan baseline-shift="sub" font-size="9">t−1</tspan></text>')
    body.append('<text x="585" y="48" style="fill:#c0392b">c<tspan baseline-shift="sub" font-size="9">t</tspan></text>')
    body += node(180, 60, "×") + node(330, 60, "+")
    body.append('<text class="s" x="255" y="40" text-anchor="middle" style="fill:#c0392b">'
                '细胞状态：只经过 ×f 与 +，∂c_t/∂c_(t−1) 的直接项 = diag(f)</text>')
    # gates, fed by [h_{t-1}; x_t] along the bottom
    body.append('<line x1="40" y1="270" x2="520" y2="270" stroke="#444" stroke-width="1.5"/>')
    body.append('<text x="40" y="290">[h<tspan baseline-shift="sub" font-size="9">t−1</tspan>; x'
                '<tspan baseline-shift="sub" font-size="9">t</tspan>]</text>')
    gates = [(180, "f = σ", GATE), (260, "i = σ", GATE), (340, "g = tanh", CAND), (500, "o = σ", GATE)]
    for x, label, fill in gates:
        body += arrow(x, 270, x, 232) + box(x - 32, 196, 64, 36, label, fill)
    body.append('<text class="s" x="560" y="218">f 遗忘门，i 输入门，</text>')
    body.append('<text class="s" x="560" y="234">g 候选值，o 输出门</text>')
    body += arrow(180, 196, 180, 74)                       # f → ×
    body += node(300, 140, "×")                             # i × g
    body += arrow(260, 196, 291, 150) + arrow(340, 196, 309, 150) + arrow(308, 130, 324, 72)
    # output: tanh(c_t) × o → h_t
    body += arrow(440, 60, 440, 92) + box(414, 92, 52, 30, "tanh", CAND)
    body += node(470, 160, "×") + arrow(446, 122, 462, 150) + arrow(500, 196, 478, 170)
    body += arrow(482, 160, 590, 160)
    body.append('<text x="596" y="165">h<tspan baseline-shift="sub" font-size="9">t</tspan></text>')
    write_svg(OUT, "lstm-cell.svg", 690, 305,
              "LSTM 单元：细胞状态沿顶部一条直线传递",
              "顶部红线是细胞状态 c：上一时刻的 c 先乘遗忘门 f，再加上输入门 i 与候选值 g 的乘积，得到新的 c；"
              "这条通路上没有权重矩阵和压缩型激活。底部的 [h_(t−1); x_t] 分别送入遗忘门、输入门、候选值和输出门；"
              "新的 c 经 tanh 后乘输出门 o 得到 h_t。",
              body)


def skipgram_cbow():
    body = [ARROW_MARKER]
    words = ["the", "cat", "sat", "on", "mat"]
    for k, (title, centre_to_context) in enumerate((("skip-gram：中心词 → 每个上下文词", True),
                                                    ("CBOW：上下文词的平均 → 中心词", False))):
        x0 = 20 + k * 330
        body.append(f'<text x="{x0 + 145}" y="24" text-anchor="middle">{title}</text>')
        for i, w in enumerate(words):
            y, centre = 50 + i * 42, i == 2
            if centre:                                  # the centre word: input of skip-gram, target of CBOW
                body += box(x0 + (0 if centre_to_context else 210), y, 80, 30, w, "#fde7c4")
            else:                                       # context words: targets of skip-gram, inputs of CBOW
                body += box(x0 + (210 if centre_to_context else 0), y, 80, 30, w, "#d7e6f7")
        if centre_to_context:
            for i in (0, 1, 3, 4):
                body += arrow(x0 + 80, 50 + 2 * 42 + 15, x0 + 208, 50 + i * 42 + 15)
            body.append(f'<text class="s" x="{x0 + 145}" y="275" text-anchor="middle">v_sat 分别预测 the、cat、on、mat</text>')
        else:
            body += node(x0 + 145, 50 + 2 * 42 + 15, "平均", r=20)
            for i in (0, 1, 3, 4):
                body += arrow(x0 + 80, 50 + i * 42 + 15, x0 + 126, 50 + 2 * 42 + 15)
            body += arrow(x0 + 165, 50 + 2 * 42 + 15, x0 + 208, 50 + 2 * 42 + 15)
            body.append(f'<text class="s" x="{x0 + 145}" y="275" text-anchor="middle">(v_the + v_cat + v_on + v_mat)/4 预测 sat</text>')
    write_svg(OUT, "skipgram-cbow.svg", 670, 290,
              "skip-gram 与 CBOW 的预测方向",
              "句子 the cat sat on mat，中心词 sat，窗口 2。skip-gram 用 sat 的向量分别预测四个上下文词，"
              "一个中心词产生四个训练样本；CBOW 把四个上下文词的向量取平均，预测中心词 sat，只产生一个样本。",
              body)


if __name__ == "__main__":
    lstm_cell()
    skipgram_cbow()
