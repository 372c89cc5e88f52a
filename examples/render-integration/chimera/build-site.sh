#!/bin/sh
# The site's own build: here, the pages are already in public/; only the date is stamped into the footer.
# Replace it with yours (npm run build, hugo, …): it must leave the finished site in ./public.
set -eu
cd "$(dirname "$0")/.."
sed -i "s/@BUILD_DATE@/$(date -u +%F)/" public/index.html
