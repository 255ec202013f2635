/* conflict-monitor: incident maps.
 *
 * Each page holds empty containers, <div class="cm-map" data-map="KIND" ...>, naming
 * the kind of map and its data. The builders made with Folium at build time
 * (maps.js) create the Leaflet map of each kind; this file finds the containers,
 * loads the data (once per file, whatever the number of maps that show it) and
 * draws the incidents. Everything taken from the data is shown as text: popups and
 * the legend are built with textContent, never from HTML strings.
 */
(function () {
  "use strict";

  var COLOURS = {
    "Battles": "#c62828",
    "Explosions/Remote violence": "#ef6c00",
    "Violence against civilians": "#6a1b9a",
    "Protests": "#1565c0",
    "Riots": "#00838f",
    "Strategic developments": "#546e7a"
  };
  // ACLED geo_precision 2 (near the place) and 3 (only the region) are drawn as areas.
  var UNCERTAINTY_METRES = { 2: 10000, 3: 50000 };
  var FOCUS_ZOOM = 9;
  var ASSETS = new URL(".", document.currentScript.src);

  var builders = {};
  var loads = {};

  function load(url) {
    if (!loads[url]) {
      loads[url] = fetch(url).then(function (response) {
        if (!response.ok) throw new Error("map data " + url + ": " + response.status);
        return response.json();
      });
    }
    return loads[url];
  }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  // Rows of the data file as objects; incident links resolved against the data's URL.
  function incidents(data, base) {
    var fields = data.fields;
    return data.incidents.map(function (row) {
      var item = {};
      for (var i = 0; i < fields.length; i++) item[fields[i]] = row[i];
      item.type = data.types[item.type];
      item.sub_event_type = data.sub_event_types[item.sub_event_type];
      item.actors = item.actors.map(function (n) { return data.actors[n]; });
      item.url = new URL(data.incident_url.replace("{id}", item.id), base).href;
      return item;
    });
  }

  function fatalities(item) {
    var text = String(item.fatalities);
    if (item.fatalities_high !== null && item.fatalities_high !== item.fatalities) {
      text += "\u2013" + item.fatalities_high;
    }
    return text;
  }

  function popup(item) {
    var box = element("div", null, "cm-popup");
    box.appendChild(element("strong", item.place));
    box.appendChild(element("div", item.date + " \u00b7 " + item.type + ": " + item.sub_event_type));
    if (item.actors.length) box.appendChild(element("div", item.actors.join(" \u2013 ")));
    box.appendChild(element("div", "Fatalities: " + fatalities(item)));
    if (item.summary) box.appendChild(element("p", item.summary));
    var link = element("a", "Incident page");
    link.href = item.url;
    box.appendChild(link);
    return box;
  }

  function legend(map, types) {
    var control = L.control({ position: "bottomright" });
    control.onAdd = function () {
      var box = element("div", null, "cm-legend leaflet-bar");
      types.forEach(function (type) {
        var line = element("div");
        var swatch = element("span", null, "cm-legend-swatch");
        swatch.style.background = COLOURS[type];
        line.appendChild(swatch);
        line.appendChild(element("span", type));
        box.appendChild(line);
      });
      box.appendChild(element("div", "Dashed circle: place known only approximately", "cm-legend-note"));
      return box;
    };
    control.addTo(map);
  }

  function yearFilter(map, years, onChange) {
    var control = L.control({ position: "topright" });
    control.onAdd = function () {
      var box = element("div", null, "cm-filter leaflet-bar");
      var label = element("label", "Year ");
      var select = element("select");
      select.appendChild(element("option", "All years")).value = "";
      years.forEach(function (year) { select.appendChild(element("option", year)).value = year; });
      select.addEventListener("change", function () { onChange(select.value); });
      label.appendChild(select);
      box.appendChild(label);
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    control.addTo(map);
  }

  function draw(map, container, items, options) {
    var focusId = container.dataset.focus;
    var layers = L.layerGroup().addTo(map);
    var byId = {};
    var shown = 0;

    // Resolves when every incident is on the map (clusters are filled in chunks).
    function show(selection) {
      layers.clearLayers();
      byId = {};
      var points = [];
      var areas = [];
      selection.forEach(function (item) {
        var colour = COLOURS[item.type];
        var latlng = [item.latitude, item.longitude];
        var radius = UNCERTAINTY_METRES[item.geo_precision];
        var focused = item.id === focusId;
        var layer = radius
          ? L.circle(latlng, { radius: radius, color: colour, weight: focused ? 3 : 1.5, dashArray: "4 4", fillOpacity: 0.15 })
          : L.circleMarker(latlng, { radius: focused ? 10 : 6, color: "#fff", weight: 1, fillColor: colour, fillOpacity: 0.9 });
        layer.bindPopup(function () { return popup(item); });
        byId[item.id] = layer;
        // Areas are clustered too: several incidents known only by their region share
        // one point, and the cluster spreads them out when clicked.
        if (focused) areas.push(layer); else points.push(layer);
      });
      areas.forEach(function (layer) { layers.addLayer(layer); });
      shown = selection.length;
      container.dataset.shown = String(shown);
      container.cmLayers = byId;  // for tests and for other scripts of the site
      return new Promise(function (resolve) {
        var cluster = L.markerClusterGroup({
          chunkedLoading: true,
          showCoverageOnHover: false,
          chunkProgress: function (done, total) { if (done >= total) resolve(); }
        });
        layers.addLayer(cluster);
        if (points.length) cluster.addLayers(points); else resolve();
      });
    }

    var drawn = show(items);
    var points = items.map(function (item) { return [item.latitude, item.longitude]; });
    var focus = focusId && items.filter(function (item) { return item.id === focusId; })[0];
    if (focus) {
      map.setView([focus.latitude, focus.longitude], FOCUS_ZOOM);
      byId[focus.id].openPopup();
    } else if (points.length) {
      map.fitBounds(points, { padding: [24, 24], maxZoom: 8 });
    }
    var types = Object.keys(COLOURS).filter(function (type) {
      return items.some(function (item) { return item.type === type; });
    });
    if (types.length) legend(map, types);
    if (options.filter) {
      var years = [];
      items.forEach(function (item) {
        var year = item.date.slice(0, 4);
        if (years.indexOf(year) < 0) years.push(year);
      });
      years.sort().reverse();
      if (years.length > 1) {
        yearFilter(map, years, function (year) {
          show(year ? items.filter(function (item) { return item.date.slice(0, 4) === year; }) : items);
        });
      }
    }
    return drawn;
  }

  function basemap(map) {
    return load(new URL("world-110m.geojson", ASSETS).href).then(function (world) {
      L.geoJSON(world, {
        interactive: false,
        style: { color: "#90a4ae", weight: 1, fillColor: "#eceff1", fillOpacity: 1 }
      }).addTo(map);
      map.attributionControl.addAttribution("Outlines: Natural Earth");
    });
  }

  function addIncidents(map, container, options) {
    var started = performance.now();
    container.cmMap = map;
    // Without tiles the map has no zoom range of its own; outlines need no more than this.
    if (map.getMaxZoom() === Infinity) map.setMaxZoom(10);
    var source = container.dataset.src
      ? load(new URL(container.dataset.src, document.baseURI).href).then(function (data) {
          return incidents(data, new URL(container.dataset.src, document.baseURI));
        })
      : Promise.resolve(incidents(JSON.parse(container.dataset.incidents), document.baseURI));
    var ground = options.basemap ? basemap(map) : Promise.resolve();
    return Promise.all([source, ground]).then(function (loaded) {
      var ids = container.dataset.only ? container.dataset.only.split(" ") : null;
      var items = ids ? loaded[0].filter(function (item) { return ids.indexOf(item.id) >= 0; }) : loaded[0];
      return draw(map, container, items, options);
    }).then(function () {
      container.dataset.ready = String(Math.round(performance.now() - started));
    }).catch(function (error) {
      container.appendChild(element("p", "The map could not be loaded. The incidents are listed on this page.", "cm-map-error"));
      container.dataset.failed = String(error && (error.stack || error.message || error));
    });
  }

  function mountAll() {
    var containers = document.querySelectorAll(".cm-map[data-map]");
    for (var i = 0; i < containers.length; i++) {
      var container = containers[i];
      var build = builders[container.dataset.map];
      if (build && !container.dataset.mounted) {
        container.dataset.mounted = "true";
        build(container);
      }
    }
  }

  var started = false;

  // Called by maps.js once every builder has registered. Material's instant
  // navigation swaps pages in place and announces each new one on document$.
  function start() {
    if (started) return;
    started = true;
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(mountAll);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", mountAll);
    } else {
      mountAll();
    }
  }

  window.ConflictMonitor = {
    register: function (kind, build) { builders[kind] = build; },
    addIncidents: addIncidents,
    mountAll: mountAll,
    start: start
  };
})();
