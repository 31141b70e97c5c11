"""Generate content/cnn/img/cnn-domains.svg: the same sliding-kernel idea on text, a spectrogram and a Go board.

Run: python3 scripts/figures/cnn_domains.py
"""
from pathlib import Path

CELL = 14


def grid(ox, oy, rows, cols, fill="#f7f7f7", stroke="#ccc", cell=CELL):
    out = [f'<rect x="{ox}" y="{oy}" width="{cols * cell}" height="{rows * cell}" fill="{fill}" stroke="{stroke}"/>']
    for r in range(1, rows):
        out.append(f'<line x1="{ox}" y1="{oy + r * cell}" x2="{ox + cols * cell}" y2="{oy + r * cell}" stroke="{stroke}"/>')
    for c in range(1, cols):
        out.append(f'<line x1="{ox + c * cell}" y1="{oy}" x2="{ox + c * cell}" y2="{oy + rows * cell}" stroke="{stroke}"/>')
    return out


def window(ox, oy, r, c, h, w, color):
    return [f'<rect x="{ox + c * CELL}" y="{oy + r * CELL}" width="{w * CELL}" height="{h * CELL}" '
            f'fill="{color}" fill-opacity="0.35" stroke="{color}" stroke-width="2"/>']


def main():
    p = []
    # text: 7 words x 8 embedding dims, filter spans 3 words x full width
    ox, oy = 50, 60
    p.append(f'<text class="t" x="20" y="30">文本：词向量矩阵</text>')
    p += grid(ox, oy, 7, 8, fill="#eef3fb", stroke="#9db4d6")
    words = ["我", "很", "喜欢", "这", "部", "电影", "。"]
    for i, wd in enumerate(words):
        p.append(f'<text class="s" x="{ox - 4}" y="{oy + i * CELL + 11}" text-anchor="end">{wd}</text>')
    p += window(ox, oy, 2, 0, 3, 8, "#b58900")
    p.append(f'<text class="s" x="{ox - 30}" y="{oy + 7 * CELL + 18}">行 = 词（时间），列 = 嵌入维度</text>')
    p.append(f'<text class="s" x="{ox - 30}" y="{oy + 7 * CELL + 34}">核高 3 个词、宽占满嵌入维</text>')
    p.append(f'<text class="s" x="{ox - 30}" y="{oy + 7 * CELL + 50}">沿时间滑动 = 1D 卷积</text>')
    # spectrogram: 8 freq x 12 time, 3x3 window
    ox = 262
    p.append(f'<text class="t" x="{ox}" y="30">语音：时频谱图</text>')
    shades = ["#fff5e6", "#ffe0b3", "#ffc980", "#ffb04d"]
    for r in range(8):
        for c in range(12):
            v = (r * 7 + c * 3 + (r * c) % 5) % 4
            p.append(f'<rect x="{ox + c * CELL}" y="{oy + r * CELL}" width="{CELL}" height="{CELL}" fill="{shades[v]}" stroke="#e6cfa8"/>')
    p += window(ox, oy, 3, 5, 3, 3, "#3f6fae")
    p.append(f'<text class="s" x="{ox}" y="{oy + 8 * CELL + 18}">纵轴 = 频率，横轴 = 时间</text>')
    p.append(f'<text class="s" x="{ox}" y="{oy + 8 * CELL + 34}">2D 卷积同时看相邻频率与相邻帧</text>')
    p.append(f'<text class="s" x="{ox}" y="{oy + 8 * CELL + 50}">沿频率的共享/池化容忍说话人差异</text>')
    # go board 9x9 shown (stands in for 19x19), 5x5 window
    ox = 480
    p.append(f'<text class="t" x="{ox}" y="30">围棋：棋盘特征平面</text>')
    p += grid(ox, oy, 9, 9, fill="#f3e2b8", stroke="#b89b5e")
    stones = {(2, 3): "#222", (3, 4): "#fff", (4, 3): "#222", (3, 2): "#222", (4, 5): "#fff", (5, 4): "#fff", (6, 6): "#222"}
    for (r, c), col in stones.items():
        p.append(f'<circle cx="{ox + c * CELL + CELL / 2}" cy="{oy + r * CELL + CELL / 2}" r="5.5" fill="{col}" stroke="#222"/>')
    p += window(ox, oy, 1, 1, 5, 5, "#a34a7f")
    p.append(f'<text class="s" x="{ox}" y="{oy + 9 * CELL + 18}">每个交叉点一个"像素"</text>')
    p.append(f'<text class="s" x="{ox}" y="{oy + 9 * CELL + 34}">5×5 / 3×3 卷积识别局部棋形</text>')
    p.append(f'<text class="s" x="{ox}" y="{oy + 9 * CELL + 50}">不用池化：位置必须精确</text>')
    body = "\n  ".join(p)
    svg = f'''<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 270" width="640" height="270" role="img" aria-labelledby="t d">
  <title id="t">文本、语音、围棋都可以排成网格，用同一个在局部滑动、权重共享的卷积核处理</title>
  <desc id="d">左：句子的词向量矩阵，卷积核高 3 个词、宽覆盖整个嵌入维度，沿时间滑动。中：语音的时频谱图，3×3 卷积核同时覆盖相邻频率与相邻帧。右：围棋棋盘，5×5 卷积核覆盖一块局部棋形，网络不使用池化。</desc>
  <style>text{{font-family:sans-serif;font-size:12px;fill:#333}} .t{{font-size:13px;font-weight:bold}} .s{{font-size:11px;fill:#555}}</style>
  {body}
</svg>
'''
    out = Path(__file__).resolve().parents[2] / "content" / "cnn" / "img" / "cnn-domains.svg"
    out.write_text(svg, encoding="utf-8")
    print("wrote", out)


if __name__ == "__main__":
    main()
