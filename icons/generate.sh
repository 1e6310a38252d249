#!/usr/bin/env bash
# Renders every icon of the app from the one source, icon.svg:
#   the bundler's sizes (32x32.png, 128x128.png, 128x128@2x.png, icon.png, icon.ico)
#   and the two tray icons (tray-idle.png; tray-waiting.png with an orange badge).
# Needs ImageMagick (convert). Run from anywhere: ./icons/generate.sh
set -euo pipefail
cd "$(dirname "$0")"
render() { convert -background none -density 384 icon.svg -resize "$1x$1" "PNG32:$2"; }
render 512 icon.png
render 32 32x32.png
render 128 128x128.png
render 256 128x128@2x.png
convert icon.png -define icon:auto-resize=256,128,64,48,32,16 icon.ico
render 64 tray-idle.png
# Someone is waiting: the same icon with an orange badge, top right.
convert tray-idle.png -fill '#f76707' -stroke '#ffffff' -strokewidth 3 -draw 'circle 50,14 50,2' PNG32:tray-waiting.png
