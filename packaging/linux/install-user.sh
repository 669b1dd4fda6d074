#!/bin/sh
# For users without root: puts evaldesk in this user's menu and opens .evd files with it, from the folder
# this tarball was unpacked in (leave the folder where it is, or run this again after moving it).
#   sh install-user.sh            add the menu entry, the icon and the .evd file type
#   sh install-user.sh --remove   take them away again (forms and settings stay)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
share=${XDG_DATA_HOME:-$HOME/.local/share}
desktop="$share/applications/evaldesk.desktop"
mime="$share/mime/packages/evaldesk.xml"
icon="$share/icons/hicolor/256x256/apps/evaldesk.png"
mime_icon="$share/icons/hicolor/256x256/mimetypes/application-x-evaldesk-form.png"
if [ "${1:-}" = --remove ]; then
  rm -f "$desktop" "$mime" "$icon" "$mime_icon"
  done="removed for"
else
  done="installed for"
  mkdir -p "$(dirname "$desktop")" "$(dirname "$mime")" "$(dirname "$icon")" "$(dirname "$mime_icon")"
  sed "s|/opt/evaldesk/evaldesk|$here/evaldesk/evaldesk|g" "$here/evaldesk.desktop" > "$desktop"
  cp "$here/evaldesk-mime.xml" "$mime"
  cp "$here/evaldesk.png" "$icon"
  cp "$here/evaldesk.png" "$mime_icon"
fi
command -v update-mime-database >/dev/null && update-mime-database "$share/mime" || true
command -v update-desktop-database >/dev/null && update-desktop-database "$share/applications" || true
echo "evaldesk: $done $(id -un) ($here/evaldesk/evaldesk)"
