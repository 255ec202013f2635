"""Maps of incidents: their data, shared between pages, and the Leaflet code made with Folium.

- ``data``: a compact JSON file of incidents per country, per actor and for the latest
  incidents, loaded once by every page that maps them (the country page and each of
  its incident pages load the same file);
- ``builders``: one map builder per kind of map, made with Folium once per build;
  each page holds only an empty container that names its kind and data;
- ``tiles``: the tiles under the maps, OpenStreetMap's by default;
- ``assets/map.js`` (in the package): finds the containers and draws the incidents
  from the data, with popups built as text, clustering, a legend and a year filter.
"""
