#!/usr/bin/env bash
# Copy the pinned map libraries (tools/package.json) into the package, with their licences.
# Run after changing their versions: cd tools && npm ci && cd .. && tools/vendor_map_assets.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=plugins/conflict_monitor/assets/vendor
mkdir -p "$out"
cp tools/node_modules/leaflet/dist/leaflet.js tools/node_modules/leaflet/dist/leaflet.css "$out/"
cp tools/node_modules/leaflet/LICENSE "$out/leaflet.LICENSE"
cp tools/node_modules/leaflet.markercluster/dist/leaflet.markercluster.js \
   tools/node_modules/leaflet.markercluster/dist/MarkerCluster.css \
   tools/node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css "$out/"
cp tools/node_modules/leaflet.markercluster/MIT-LICENCE.txt "$out/leaflet.markercluster.LICENSE"
# The source map comments point at files that are not shipped.
sed -i '/sourceMappingURL/d' "$out/leaflet.js" "$out/leaflet.markercluster.js"
{
  echo "leaflet $(node -p "require('./tools/node_modules/leaflet/package.json').version") (BSD-2-Clause)"
  echo "leaflet.markercluster $(node -p "require('./tools/node_modules/leaflet.markercluster/package.json').version") (MIT)"
} > "$out/VERSIONS"
