#!/bin/sh
# Remove what install.sh put in place. Your drafts, notes and settings stay in
# ~/.local/share/Rapport and ~/.config/Rapport; delete those folders yourself if
# you want them gone too.
set -eu
prefix=${RAPPORT_PREFIX:-"$HOME/.local"}
rm -rf "$prefix/opt/rapport"
rm -f "$prefix/bin/rapport" "$prefix/share/applications/rapport.desktop"
for size in 16 32 48 64 128 256; do
  rm -f "$prefix/share/icons/hicolor/${size}x${size}/apps/rapport.png"
done
rm -f "$prefix/share/icons/hicolor/scalable/apps/rapport.svg"
echo "Rapport is uninstalled. Your drafts and notes were left in place."
