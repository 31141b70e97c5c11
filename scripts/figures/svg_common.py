"""Shared by the figure scripts of this folder: writes an accessible SVG (title + description) with one style."""
import os

STYLE = "<style>text{font-family:sans-serif;font-size:12px;fill:#333}.s{font-size:11px;fill:#555}</style>"


def write_svg(folder, name, w, h, title, desc, body):
    """Writes folder/name; body is a list of SVG elements, title and desc are read by screen readers."""
    text = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
            'role="img" aria-labelledby="t d" font-family="sans-serif">\n'
            f'  <title id="t">{title}</title>\n  <desc id="d">{desc}</desc>\n  {STYLE}\n'
            + "\n".join("  " + b for b in body) + "\n</svg>\n")
    with open(os.path.join(folder, name), "w", encoding="utf-8") as fh:
        fh.write(text)
