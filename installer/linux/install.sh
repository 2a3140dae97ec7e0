#!/bin/sh
# Install Rapport for the current user (no root needed):
#   the app        -> ~/.local/opt/rapport
#   the command    -> ~/.local/bin/rapport
#   menu entry     -> ~/.local/share/applications/rapport.desktop
#   icons          -> ~/.local/share/icons/hicolor/
# Run ./uninstall.sh from this folder (or ~/.local/opt/rapport/uninstall.sh) to remove it.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
prefix=${RAPPORT_PREFIX:-"$HOME/.local"}
app_dir="$prefix/opt/rapport"

rm -rf "$app_dir"
mkdir -p "$prefix/opt" "$prefix/bin" "$prefix/share/applications"
cp -R "$here/rapport" "$app_dir"
cp "$here/uninstall.sh" "$app_dir/uninstall.sh"
ln -sf "$app_dir/rapport" "$prefix/bin/rapport"

for size in 16 32 48 64 128 256; do
  if [ -f "$here/icons/rapport-$size.png" ]; then
    mkdir -p "$prefix/share/icons/hicolor/${size}x${size}/apps"
    cp "$here/icons/rapport-$size.png" "$prefix/share/icons/hicolor/${size}x${size}/apps/rapport.png"
  fi
done
if [ -f "$here/icons/rapport.svg" ]; then
  mkdir -p "$prefix/share/icons/hicolor/scalable/apps"
  cp "$here/icons/rapport.svg" "$prefix/share/icons/hicolor/scalable/apps/rapport.svg"
fi
sed "s|^Exec=rapport|Exec=$app_dir/rapport|" "$here/rapport.desktop" \
  > "$prefix/share/applications/rapport.desktop"

command -v update-desktop-database >/dev/null 2>&1 \
  && update-desktop-database "$prefix/share/applications" >/dev/null 2>&1 || true
command -v gtk-update-icon-cache >/dev/null 2>&1 \
  && gtk-update-icon-cache -q "$prefix/share/icons/hicolor" >/dev/null 2>&1 || true

echo "Rapport is installed in $app_dir"
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "Add $prefix/bin to your PATH to run 'rapport' from a terminal." ;;
esac
