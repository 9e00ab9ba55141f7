#!/usr/bin/env bash
# Debian packages that tests need and npm cannot bring: each is installed only when its binary
# is missing, so running this again is cheap. CI runs it as root; elsewhere it needs sudo.
set -euo pipefail

# binary:package pairs; add a line per tool a test needs.
wanted=(
  "pdftoppm:poppler-utils"
  "chromium:chromium"
)

# file:package pairs, for packages without a binary (fonts the certificate PDF embeds: DejaVu
# for Latin, Greek, Cyrillic, Arabic and Hebrew; Noto CJK for Chinese, Japanese and Korean).
wanted_files=(
  "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf:fonts-dejavu-core"
  "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc:fonts-noto-cjk"
)

missing=()
for pair in "${wanted[@]}"; do
  binary="${pair%%:*}"
  package="${pair#*:}"
  if ! command -v "$binary" >/dev/null 2>&1; then
    missing+=("$package")
  fi
done
for pair in "${wanted_files[@]}"; do
  file="${pair%%:*}"
  package="${pair#*:}"
  if [ ! -f "$file" ]; then
    missing+=("$package")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "system packages: missing ${missing[*]}; run as root or install sudo" >&2
    exit 1
  fi
  sudo_cmd=(sudo)
fi

echo "system packages: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "system packages: installed ${missing[*]}"
