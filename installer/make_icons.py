"""Render resources/icons/rapport.svg into the PNG, ICO and ICNS files the installers use.

    python installer/make_icons.py

The outputs are committed; run this again only after changing the SVG.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 32, 48, 64, 128, 256, 512)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication(sys.argv)  # noqa: F841 (Qt needs an application object)
    renderer = QSvgRenderer(str(ICONS / "rapport.svg"))
    images: dict[int, QImage] = {}
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        images[size] = image
        if size <= 256:
            image.save(str(ICONS / f"rapport-{size}.png"))
    ok_ico = images[256].save(str(ICONS / "rapport.ico"), "ICO")
    ok_icns = images[512].save(str(ICONS / "rapport.icns"), "ICNS")
    print(f"ico {'written' if ok_ico else 'not supported by this Qt'}")
    print(f"icns {'written' if ok_icns else 'not supported by this Qt'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
