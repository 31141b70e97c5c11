"""Shared by the figure scripts of this folder: writes an accessible SVG (title + description) with one style."""
import os

# Arrow head for lines drawn with marker-end="url(#a)"; put it once at the start of a figure's body.
ARROW_MARKER = ('<defs><marker id="a" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">'
                '<path d="M0,0 L10,5 L0,10 z" fill="#444"/></marker></defs>')
STYLE = "<style>text{font-family:sans-serif;font-size:12px;fill:#333}.s{font-size:11px;fill:#555}</style>"


def write_svg(folder, name, w, h, title, desc, body):
    """Writes folder/name; body is a list of SVG elements, title and desc are read by screen readers."""
    text = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
            'role="img" aria-labelledby="t d" font-family="sans-serif">\n'
            f'  <title id="t">{title}</title>\n  <desc id="d">{desc}</desc>\n  {STYLE}\n'
            + "\n".join("  " + b for b in body) + "\n</svg>\n")
    with open(os.path.join(folder, name), "w", encoding="utf-8") as fh:
        fh.write(text)


def box(x, y, w, h, label, fill):
    """A rounded rectangle with its label centred."""
    return [f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="5" fill="{fill}" stroke="#666"/>',
            f'<text x="{x + w / 2}" y="{y + h / 2 + 4}" text-anchor="middle">{label}</text>']


def arrow(x1, y1, x2, y2):
    """A line from (x1, y1) to (x2, y2) ending in ARROW_MARKER."""
    return [f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="#444" stroke-width="1.5" marker-end="url(#a)"/>']


def node(x, y, symbol, r=12):
    """A small circle with an operator (+, ×) in it."""
    return [f'<circle cx="{x}" cy="{y}" r="{r}" fill="#fff" stroke="#666"/>',
            f'<text x="{x}" y="{y + 5}" text-anchor="middle">{symbol}</text>']
